"""Security properties across the bot: admin checks everywhere, literal storage of hostile text,
and calendar tokens nobody can guess."""

from __future__ import annotations

import math
from collections import Counter

from bot.bootstrap import Services
from bot.core.commands.catalog import Catalog
from bot.core.commands.context import Context
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.core.usecases.renew_calendar_link import new_token
from bot.core.views import ErrorView, Notice, PaperList

CLUB = ClubKey(Platform.DISCORD, "g", "c")
INJECTIONS = [
    "Robert'); DROP TABLE clubs;--",
    "' OR '1'='1",
    '"; DELETE FROM ballots WHERE "1"="1',
    "1; UPDATE members SET display_name='pwned'",
    "%s %(name)s {0} \\x00",
]


def ctx(name: str, admin: bool = False, channel: str = "club") -> Context:
    return Context(CLUB, Actor(MemberKey(Platform.DISCORD, "g", name), name, admin), channel)


async def test_every_admin_command_refuses_members(services: Services) -> None:
    dispatcher = services.dispatcher
    await dispatcher.run_text("/club setup", ctx("ada", admin=True))
    admin_lines = [s.usage.split(" [")[0].split(" |")[0] for s in Catalog().specs if s.admin]
    admin_lines += ["/vote open", "/vote close"]
    assert len(admin_lines) >= 10
    for line in admin_lines:
        reply = await dispatcher.run_text(line, ctx("mallory"))
        assert isinstance(reply.view, ErrorView), line
        assert "admin" in reply.view.message.lower(), (line, reply.view.message)


async def test_injection_strings_are_stored_and_shown_literally(services: Services) -> None:
    dispatcher = services.dispatcher
    for n, text in enumerate(INJECTIONS):
        club = ClubKey(Platform.DISCORD, "g", f"c{n}")
        admin = Context(club, Actor(MemberKey(Platform.DISCORD, "g", text), text, True), text)
        setup = (await dispatcher.run_text("/club setup", admin)).view
        assert isinstance(setup, Notice), setup
        assert text in setup.text  # the club is named after the (hostile) channel name
        rsvp = (await dispatcher.run_text("/rsvp going", admin)).view
        assert isinstance(rsvp, Notice)
        search = (await dispatcher.run_text(f"/papers {text}", admin)).view
        assert isinstance(search, PaperList | ErrorView)
    async with services.deps.uow() as uow:
        clubs = await uow.clubs.all()
        names = await uow.members.display_names(
            [MemberKey(Platform.DISCORD, "g", text) for text in INJECTIONS]
        )
        papers = await uow.papers.shipped()
    assert [c.name for c in clubs] == INJECTIONS
    assert sorted(names.values()) == sorted(INJECTIONS)
    assert len(papers) > 60  # nothing was dropped or deleted


def test_calendar_tokens_are_long_random_and_unique() -> None:
    tokens = [new_token() for _ in range(2000)]
    assert len(set(tokens)) == len(tokens)
    assert min(len(t) for t in tokens) >= 32
    # About 6 bits per URL-safe character: at least 192 bits, far beyond guessing.
    counts = Counter("".join(tokens))
    total = sum(counts.values())
    entropy = -sum(c / total * math.log2(c / total) for c in counts.values())
    assert entropy > 5.9
