"""The weekly rhythm on a real database with a manual clock: every post at its instant, once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.bootstrap import Services
from bot.core.clock import ManualClock
from bot.core.commands.context import Context
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.core.domain.outbox import OutboxStatus
from bot.core.ports import Poster
from bot.core.views import Notice, PaperCard, PollView, ResultsView
from bot.scheduling.delivery import DeliveryConfig
from bot.scheduling.wakeups import Wakeups
from tests.scheduling.harness import RecordingPoster, run_until

CLUB = ClubKey(Platform.CONSOLE, "w", "reading")
ADMIN = Context(CLUB, Actor(MemberKey(Platform.CONSOLE, "w", "ada"), "Ada", True), "reading")
BO = Context(CLUB, Actor(MemberKey(Platform.CONSOLE, "w", "bo"), "Bo"), "reading")


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.fixture
def poster(clock: ManualClock) -> RecordingPoster:
    return RecordingPoster(clock)


@pytest.fixture
def wakeups(services: Services, poster: RecordingPoster) -> Wakeups:
    return Wakeups(services.deps, {Platform.CONSOLE: poster}, DeliveryConfig())


async def command(services: Services, line: str, ctx: Context = ADMIN) -> object:
    reply = await services.dispatcher.run_text(line, ctx)
    return reply.view


async def test_one_week_announcement_reminder_start_vote_then_the_winner_is_announced(
    services: Services, clock: ManualClock, poster: RecordingPoster, wakeups: Wakeups
) -> None:
    # Tue 24 Nov 2026 09:00 UTC; the club meets Wednesdays 18:00 Berlin (17:00 UTC).
    await command(services, "/club setup wed 18:00 Europe/Berlin")
    await run_until(clock, wakeups, utc(2026, 11, 29, 18, 0))

    timeline = [(d.message.kind, d.at) for d in poster.sent]
    assert timeline == [
        # Set up after the 3-days-before mark: announced at once rather than never.
        ("announcement", utc(2026, 11, 24, 9, 0)),
        ("reminder", utc(2026, 11, 25, 16, 0)),
        ("start", utc(2026, 11, 25, 17, 0)),
        ("vote_open", utc(2026, 11, 25, 18, 0)),
        # The vote closes when the next session is announced, and goes first.
        ("vote_closed", utc(2026, 11, 29, 17, 0)),
        ("announcement", utc(2026, 11, 29, 17, 0)),
    ]
    first, reminder, start, vote, results, second = (d.message.view for d in poster.sent)
    assert isinstance(first, PaperCard)
    assert first.summary and len(first.prompts) >= 3
    assert first.actions[0].command.startswith("/rsvp going")
    assert first.session_local == "Wed 25 Nov 2026, 18:00 CET"
    assert isinstance(reminder, Notice) and first.title in reminder.text
    assert isinstance(start, Notice) and start.actions[0].command.startswith("/attend")
    assert isinstance(vote, PollView)
    assert isinstance(results, ResultsView)
    assert isinstance(second, PaperCard)
    # Nobody voted: no winner is crowned by the tie-break order (it was, before), the queue
    # order stands and the results say which paper that gives the session.
    assert results.winner is None and results.outcome
    assert results.outcome.startswith("Nobody voted: Wed 2 Dec 2026, 18:00 CET takes")
    assert second.title in results.outcome
    assert all(d.message.late_note is None for d in poster.sent)
    assert len(set(poster.keys())) == len(poster.keys())


async def test_members_vote_and_the_winner_is_the_next_paper(
    services: Services, clock: ManualClock, poster: RecordingPoster, wakeups: Wakeups
) -> None:
    await command(services, "/club setup wed 18:00 UTC")
    await run_until(clock, wakeups, utc(2026, 11, 25, 19, 30))
    poll = poster.sent[-1].message.view
    assert isinstance(poll, PollView)
    last = poll.candidates[-1]
    for name in ("bo", "cy", "di"):
        member = Context(CLUB, Actor(MemberKey(Platform.CONSOLE, "w", name), name), "reading")
        await command(services, f"/vote {last.number}", member)
    await run_until(clock, wakeups, utc(2026, 11, 29, 18, 30))
    announcement = poster.sent[-1].message.view
    assert isinstance(announcement, PaperCard)
    assert announcement.title == last.title


async def test_nothing_is_sent_twice_when_ticks_repeat(
    services: Services, clock: ManualClock, poster: RecordingPoster, wakeups: Wakeups
) -> None:
    await command(services, "/club setup wed 18:00 UTC")
    await wakeups.tick()
    await wakeups.tick()
    clock.set(utc(2026, 11, 25, 18, 0))  # the process slept through the reminder
    for _ in range(3):
        await wakeups.tick()
    # A reminder after the start means nothing: missed, not sent late.
    assert poster.kinds() == ["announcement", "start"]
    async with services.deps.uow() as uow:
        club = await uow.clubs.get(CLUB)
        assert club is not None
        past = [e for e in await uow.outbox.entries(club.id) if e.due_at <= clock.now()]
    assert [(e.kind, e.status) for e in past] == [
        ("announcement", OutboxStatus.SENT),
        ("reminder", OutboxStatus.MISSED),
        ("start", OutboxStatus.SENT),
    ]


async def test_posts_for_a_platform_without_a_poster_wait(
    services: Services, clock: ManualClock, poster: RecordingPoster
) -> None:
    posters: dict[Platform, Poster] = {}
    wakeups = Wakeups(services.deps, posters, DeliveryConfig())  # nobody attached
    await command(services, "/club setup wed 18:00 UTC")
    await wakeups.tick()
    assert wakeups.next_wake is None
    posters[Platform.CONSOLE] = poster
    await wakeups.tick()
    assert poster.kinds() == ["announcement"]


async def test_a_failed_send_is_retried(
    services: Services, clock: ManualClock, poster: RecordingPoster, wakeups: Wakeups
) -> None:
    await command(services, "/club setup wed 18:00 UTC")
    poster.fail_next = 2
    await wakeups.tick()
    assert poster.kinds() == []
    clock.advance(timedelta(minutes=1))
    await wakeups.tick()
    clock.advance(timedelta(minutes=1))
    await wakeups.tick()
    assert poster.kinds() == ["announcement"]
