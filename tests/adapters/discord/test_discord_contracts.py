"""Contract: every Discord payload besides embeds (tests/adapters/discord/test_discord_limits.py)
is within Discord's limits, as discord.py serializes it, for the largest data the schema takes
with characters that grow when escaped: vote buttons and selects, modal forms, the command tree,
autocomplete answers, discussion threads, scheduled events and native polls. The checks are
FakeDiscord's own (paperclub_fakes/discord_rules.py), which answers 400 50035 in every end-to-end
test where Discord would."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import discord
import pytest
from discord_support import run, setup_club

from bot.adapters.discord import events, limits
from bot.adapters.discord.handlers import CommandForm
from bot.adapters.discord.limits import embed_problems
from bot.adapters.discord.poster import DiscordPoster
from bot.adapters.discord.render import render_reply
from bot.bootstrap import Services
from bot.core.clock import ManualClock
from bot.core.commands.catalog import Catalog
from bot.core.domain.ids import ClubKey, Platform
from bot.core.domain.mirrors import MirrorStatus, SessionMirror
from bot.core.domain.outbox import PostKind
from bot.core.domain.papers import Paper
from bot.core.ports import Discussion, Outgoing
from bot.core.usecases.ballot_commands import ballot_lines
from bot.core.views import (
    Action,
    ActionStyle,
    BallotShape,
    Notice,
    PollCandidate,
    PollView,
    Reply,
)
from bot.core.voting.methods import method
from paperclub_fakes import discord_rules
from paperclub_fakes.discord_fake import GUILD_ID, TEXT_CHANNEL_ID, FakeDiscord

CLUB = ClubKey(Platform.DISCORD, str(GUILD_ID), str(TEXT_CHANNEL_ID))
GROWS = "*_~`|>"  # Markdown escaping doubles each
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
TITLE = (GROWS * 50)[:300]  # the schema's longest title
BIG_ID = 2**31 - 1  # the longest poll id in a custom_id


def largest_poll(key: str, *, native: bool = False) -> PollView:
    # Ten candidates: the most /club set candidates takes.
    candidates = tuple(
        PollCandidate(n, n, f"slug-{n}", f"{TITLE[:-3]}{n:03d}", GROWS * 16) for n in range(1, 11)
    )
    # The buttons of a one-choice vote, as the core words them (poll_view.poll_view).
    one = method(key).view().shape is BallotShape.ONE
    actions = tuple(
        Action(
            f"{c.number}. {c.title}"[:80], f"/vote cast #{BIG_ID} {c.number}", ActionStyle.PRIMARY
        )
        for c in candidates
        if one
    )
    return PollView(
        BIG_ID,
        method(key).view(),
        candidates,
        NOW + timedelta(days=7, minutes=17),
        "Tue 1 Dec 18:00",
        anonymous=True,
        ballots=10**6,
        commands=ballot_lines(BIG_ID),
        your_choices=tuple(range(10, 0, -1)),
        for_session=TITLE,
        actions=actions,
        native_poll=native,
    )


@pytest.mark.parametrize("key", ["plurality", "approval", "irv", "schulze"])
def test_the_largest_vote_fits_discords_components(key: str) -> None:
    parts = render_reply(Reply(largest_poll(key)), now=NOW)
    assert parts.view is not None
    rows = parts.view.to_components()
    assert discord_rules.component_problems(rows) == []
    assert embed_problems([e.to_dict() for e in parts.embeds]) == []  # type: ignore[misc]


def test_the_largest_native_poll_fits_discords_poll() -> None:
    parts = render_reply(Reply(largest_poll("plurality", native=True)), now=NOW)
    assert parts.poll is not None
    sent = parts.poll._to_dict()  # what discord.py sends
    assert len(sent["question"]["text"]) <= limits.POLL_QUESTION
    answers = [a["poll_media"]["text"] for a in sent["answers"]]
    assert len(answers) <= limits.POLL_ANSWERS
    assert all(len(a) <= limits.POLL_ANSWER for a in answers)
    assert len(parts.content or "") <= limits.CONTENT


async def test_the_largest_native_poll_reaches_the_fake(
    bot: Any, fake: FakeDiscord, services: Services, clock: ManualClock
) -> None:
    view = largest_poll("plurality", native=True)
    poster = DiscordPoster(bot, services.deps.clock)
    moved = replace(view, closes_at=clock.now() + timedelta(days=7, minutes=17))
    await poster.post(Outgoing("club:1:poll:1:vote_open", CLUB, PostKind.VOTE_OPEN, moved))
    sent = await fake.wait_for_request("POST", rf"/channels/{TEXT_CHANNEL_ID}/messages")
    assert sent.status == 200 and sent.json["poll"]["answers"]


async def test_every_modal_form_fits_discords_modals(bot: Any) -> None:
    bridge = bot.paperclub.bridge
    for spec in Catalog().specs:
        if not [o for o in spec.options if not o.hidden]:
            continue  # nothing to fill in: no form is offered
        form = CommandForm(bridge, spec)
        assert discord_rules.modal_problems(form.to_dict()) == [], spec.name


async def test_the_command_tree_discord_receives_is_within_its_limits(
    bot: Any, fake: FakeDiscord
) -> None:
    (put, *_) = fake.find_requests("PUT", r"/applications/\d+(/guilds/\d+)?/commands")
    commands = put.json
    chat = [c for c in commands if c.get("type", 1) == 1]
    assert 0 < len(chat) <= limits.COMMANDS
    problems = [
        p for n, c in enumerate(commands) for p in discord_rules.command_problems(c, str(n))
    ]
    assert problems == []


async def test_autocomplete_over_the_longest_titles_fits(
    bot: Any, fake: FakeDiscord, services: Services
) -> None:
    await setup_club(fake)
    async with services.deps.uow() as uow:
        for n in range(40):  # more matches than Discord shows
            title = f"Long {n:03d} {TITLE}"[:300]
            await uow.papers.upsert(
                Paper(0, f"long-{n}", title, (GROWS,), 2024, f"https://x.org/{n}")
            )
        await uow.commit()
    answered = await run(fake, fake.autocomplete("paper", "paper", "long"))
    assert answered.status == 200 and answered.json["type"] == 8
    choices = answered.json["data"]["choices"]
    assert 0 < len(choices) <= limits.CHOICES
    assert discord_rules.choice_problems(choices, "choices") == []


async def test_the_longest_discussion_thread_name_fits(
    bot: Any, fake: FakeDiscord, services: Services
) -> None:
    await setup_club(fake)
    poster = DiscordPoster(bot, services.deps.clock)
    outgoing = Outgoing(
        "club:1:session:2:announcement",
        CLUB,
        PostKind.ANNOUNCEMENT,
        Notice("Next up"),
        discussion=Discussion(TITLE, prompts=(GROWS * 800,) * 25),
    )
    await poster.post(outgoing)
    made = await fake.wait_for_request("POST", rf"/channels/{TEXT_CHANNEL_ID}/messages/\d+/threads")
    assert made.status == 200 and len(made.json["name"]) <= limits.THREAD_NAME
    prompts = await fake.wait_for_request("POST", r"/channels/\d+/messages")
    assert prompts.status == 200


async def test_the_largest_scheduled_event_fits(
    bot: Any, fake: FakeDiscord, services: Services, clock: ManualClock
) -> None:
    await setup_club(fake)
    start = clock.now() + timedelta(days=3)
    mirror = SessionMirror(
        session_id=BIG_ID,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        club_name=GROWS * 17,  # Discord channel names are 100 at most
        title=TITLE,
        description=(GROWS + " word ") * 200,
        status=MirrorStatus.PLANNED,
    )
    await DiscordPoster(bot, services.deps.clock).mirror_session(CLUB, mirror)
    made = await fake.wait_for_request("POST", rf"/guilds/{GUILD_ID}/scheduled-events")
    assert made.status == 200
    assert len(made.json["name"]) <= limits.EVENT_NAME
    assert len(made.json["description"]) <= limits.EVENT_DESCRIPTION
    assert events.parse_reference(made.json["description"]) == (str(TEXT_CHANNEL_ID), BIG_ID)


def _button(label: str, custom_id: str = "pc:x") -> dict[str, Any]:
    return {"type": 2, "style": 1, "label": label, "custom_id": custom_id}


@pytest.mark.parametrize(
    ("problems", "what"),
    [
        (
            discord_rules.component_problems([{"type": 1, "components": [_button("x" * 81)]}]),
            "label",
        ),
        (
            discord_rules.component_problems(
                [{"type": 1, "components": [_button("x", "c" * 101)]}]
            ),
            "custom_id",
        ),
        (
            discord_rules.component_problems([{"type": 1, "components": [_button("x")] * 6}]),
            "6 components",
        ),
        (
            discord_rules.component_problems([{"type": 1, "components": [_button("x")]}] * 6),
            "6 rows",
        ),
        (
            discord_rules.component_problems(
                [
                    {
                        "type": 1,
                        "components": [
                            {
                                "type": 3,
                                "custom_id": "s",
                                "options": [{"label": "a", "value": "a"}] * 26,
                            }
                        ],
                    }
                ]
            ),
            "options",
        ),
        (
            discord_rules.modal_problems({"title": "t" * 46, "custom_id": "f", "components": []}),
            "title",
        ),
        (
            discord_rules.choice_problems([{"name": "n", "value": "v"}] * 26, "choices"),
            "26 choices",
        ),
        (discord_rules.choice_problems([{"name": "n" * 101, "value": "v"}], "choices"), "name"),
        (discord_rules.command_problems({"name": "Vote", "description": "d"}), "name"),
        (discord_rules.command_problems({"name": "vote", "description": "d" * 101}), "description"),
        (discord_rules.thread_name_problems("t" * 101), "name"),
    ],
)
def test_the_fakes_rules_refuse_what_discord_refuses(problems: list[str], what: str) -> None:
    assert problems and any(what in p for p in problems), problems


async def test_the_fake_answers_an_oversized_button_with_400(bot: Any, fake: FakeDiscord) -> None:
    channel = await bot.fetch_channel(TEXT_CHANNEL_ID)
    view = discord.ui.View()
    view.add_item(discord.ui.Button(label="x" * 81, custom_id="pc:x"))
    with pytest.raises(discord.HTTPException) as refused:
        await channel.send(content="hi", view=view)
    assert refused.value.status == 400 and refused.value.code == 50035
