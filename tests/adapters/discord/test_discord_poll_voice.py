"""Discord's native poll as the ballot box of a plurality vote, and voice presence as check-in."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any, TypeVar

import pytest
from discord_support import EPHEMERAL, run, setup_club, slash_for
from test_discord_voting import CLUB, MEMBER, my_ballot

from bot.adapters.discord.poster import DiscordPoster
from bot.bootstrap import Services
from bot.core.clock import ManualClock
from bot.core.domain.clubs import Club
from bot.core.domain.outbox import PostKind
from bot.core.ports import Outgoing
from bot.core.usecases import vote_cycle
from bot.core.views import Notice
from paperclub_fakes.discord_fake import (
    BOT_USER_ID,
    OWNER_USER,
    TEXT_CHANNEL_ID,
    VOICE_CHANNEL_ID,
    FakeDiscord,
)
from tests import waiting

T = TypeVar("T")


async def eventually(probe: Callable[[], Awaitable[T]], done: Callable[[T], bool]) -> T:
    """Gateway handlers run in the client's own tasks: poll until their effect shows."""
    return await waiting.eventually(probe, done)


async def configure(services: Services, **settings: Any) -> Club:
    async with services.deps.uow() as uow:
        club = await uow.clubs.get(CLUB)
        assert club is not None
        club = replace(club, settings=replace(club.settings, **settings))
        await uow.clubs.update(club)
        await uow.commit()
    return club


async def test_native_poll_is_posted_and_its_votes_are_ballots(
    bot: Any, fake: FakeDiscord, services: Services, clock: ManualClock
) -> None:
    await setup_club(fake)
    club = await configure(services, native_poll=True)
    async with services.deps.uow() as uow:
        view = await vote_cycle.open_vote(uow, club, clock.now())
        await uow.commit()
    assert view is not None and getattr(view, "native_poll", False)
    poll_id: int = view.poll_id  # type: ignore[union-attr]
    titles = [c.title for c in view.candidates]  # type: ignore[union-attr]

    key = f"club-{club.id}:poll-{poll_id}:vote_open"
    message_id = int(
        await DiscordPoster(bot, services.deps.clock).post(
            Outgoing(key, CLUB, PostKind.VOTE_OPEN, view)
        )
    )
    sent = await fake.wait_for_request("POST", rf"/channels/{TEXT_CHANNEL_ID}/messages")
    poll = sent.json["poll"]
    assert poll["question"]["text"] == f"Next paper? (vote #{poll_id})"
    answers = [a["poll_media"]["text"] for a in poll["answers"]]
    # In candidate order, numbered like the candidates, cut to Discord's 55 characters.
    assert len(answers) == len(titles) and all(len(a) <= 55 for a in answers)
    for number, (answer, title) in enumerate(zip(answers, titles, strict=True), start=1):
        assert answer.startswith(f"{number}. ")
        assert title.startswith(answer.split(". ", 1)[1].rstrip("…"))
    assert 1 <= poll["duration"] <= 768 and not poll["allow_multiselect"]
    assert not sent.json.get("embeds") and sent.json["allowed_mentions"] == {"parse": []}
    assert await DiscordPoster(bot, services.deps.clock).find_posted(
        Outgoing(key, CLUB, PostKind.VOTE_OPEN, view)
    ) == str(message_id)

    await fake.dispatch("MESSAGE_POLL_VOTE_ADD", fake.poll_vote(message_id, 2))
    assert await eventually(lambda: my_ballot(services, poll_id), lambda b: b == (2,))
    await fake.dispatch("MESSAGE_POLL_VOTE_REMOVE", fake.poll_vote(message_id, 2))
    await fake.dispatch("MESSAGE_POLL_VOTE_ADD", fake.poll_vote(message_id, 3))
    assert await eventually(lambda: my_ballot(services, poll_id), lambda b: b == (3,))
    await fake.dispatch("MESSAGE_POLL_VOTE_REMOVE", fake.poll_vote(message_id, 3))
    assert await eventually(lambda: my_ballot(services, poll_id), lambda b: b is None) is None


async def test_vote_open_answers_with_a_public_native_poll(
    bot: Any, fake: FakeDiscord, services: Services
) -> None:
    await setup_club(fake)
    await configure(services, native_poll=True)
    callback = await run(fake, slash_for(fake, "vote open", user=OWNER_USER))
    data = callback.json["data"]
    assert data["poll"]["question"]["text"].startswith("Next paper? (vote #")
    assert not (data.get("flags") or 0) & EPHEMERAL  # members must see it to vote
    assert "**1.**" in data["content"]


async def test_a_deferred_vote_open_still_posts_a_public_poll(
    bot: Any, fake: FakeDiscord, services: Services
) -> None:
    await setup_club(fake)
    await configure(services, native_poll=True)
    bot.paperclub.bridge.defer_after = 0
    callback = await run(fake, slash_for(fake, "vote open", user=OWNER_USER))
    # /vote open answers the channel, so even its "thinking…" placeholder is public.
    assert callback.json["type"] == 5
    assert not (callback.json.get("data") or {}).get("flags", 0) & EPHEMERAL
    await fake.wait_for_request("DELETE", r"/webhooks/\d+/[^/]+/messages/@original")
    follow = await fake.wait_for_request("POST", r"/webhooks/\d+/[^/]+")
    assert follow.json["poll"]["answers"] and not (follow.json.get("flags") or 0) & EPHEMERAL


async def first_session_start(services: Services, club: Club, clock: ManualClock) -> Any:
    async with services.deps.uow() as uow:
        (session,) = await uow.sessions.between(club.id, clock.now(), limit=1)
    return session.starts_at


async def test_voice_presence_during_a_session_is_one_check_in(
    bot: Any,
    fake: FakeDiscord,
    services: Services,
    clock: ManualClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="bot.adapters.discord.voice")
    await setup_club(fake)
    club = await configure(services, voice_channel_id=str(VOICE_CHANNEL_ID))
    start = await first_session_start(services, club, clock)

    def handled() -> list[logging.LogRecord]:
        return [r for r in caplog.records if r.getMessage() == "voice presence"]

    async def check_ins() -> list[Any]:
        async with services.deps.uow() as uow:
            (session,) = await uow.sessions.between(club.id, start - timedelta(hours=1), limit=1)
            return await uow.attendance.check_ins(session.id)

    async def records() -> list[logging.LogRecord]:
        return handled()

    # Before the session: the join is handled, and nothing is recorded.
    await fake.dispatch("VOICE_STATE_UPDATE", fake.voice_state(VOICE_CHANNEL_ID))
    (outside,) = await eventually(records, lambda found: len(found) == 1)
    assert outside.checked_in == 0  # type: ignore[attr-defined]
    assert await check_ins() == []

    clock.set(start + timedelta(minutes=5))
    await fake.dispatch("VOICE_STATE_UPDATE", fake.voice_state(None))  # left
    await fake.dispatch("VOICE_STATE_UPDATE", fake.voice_state(VOICE_CHANNEL_ID))
    found = await eventually(check_ins, lambda found: len(found) == 1)
    assert [(c.member, c.source) for c in found] == [(MEMBER, "voice")]
    # Leaving and coming back in the same session is still one check-in.
    await fake.dispatch("VOICE_STATE_UPDATE", fake.voice_state(None))
    await fake.dispatch("VOICE_STATE_UPDATE", fake.voice_state(VOICE_CHANNEL_ID))
    await eventually(records, lambda found: len(found) == 3)
    assert len(await check_ins()) == 1
    # The bot itself never counts.
    bot_joins = fake.voice_state(VOICE_CHANNEL_ID, user_id=BOT_USER_ID)
    await fake.dispatch("VOICE_STATE_UPDATE", bot_joins)
    await eventually(records, lambda found: len(found) == 4)
    assert len(await check_ins()) == 1


async def test_members_already_in_voice_are_checked_in_by_the_start_post(
    bot: Any,
    fake: FakeDiscord,
    services: Services,
    clock: ManualClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="bot.adapters.discord.voice")
    await setup_club(fake)
    club = await configure(services, voice_channel_id=str(VOICE_CHANNEL_ID))
    start = await first_session_start(services, club, clock)
    await fake.dispatch("VOICE_STATE_UPDATE", fake.voice_state(VOICE_CHANNEL_ID))

    async def records() -> list[logging.LogRecord]:
        return [r for r in caplog.records if r.getMessage() == "voice presence"]

    await eventually(records, lambda found: len(found) == 1)  # joined before the session
    clock.set(start)
    notice = Notice("We're starting!")
    await DiscordPoster(bot, services.deps.clock).post(
        Outgoing(
            f"club-{club.id}:session-1:start", CLUB, PostKind.START, notice, check_in_present=True
        )
    )
    async with services.deps.uow() as uow:
        (session,) = await uow.sessions.between(club.id, start, limit=1)
        found = await uow.attendance.check_ins(session.id)
    assert [(c.member, c.source) for c in found] == [(MEMBER, "voice")]
