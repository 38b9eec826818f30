"""Sessions as calendar entries (Discord Scheduled Events) through the outbox, on fakes.

One outbox row per state of a session's entry: planning twice adds nothing, each change adds
exactly one row and cancels the older one still pending, and clubs on platforms without such
entries get no rows at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from bot.core.clock import ManualClock
from bot.core.commands.context import Context
from bot.core.commands.dispatch import Dispatcher
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.core.domain.mirrors import MirrorStatus, SessionMirror
from bot.core.domain.outbox import OutboxEntry, OutboxStatus, PostKind
from bot.core.planning.eventplan import MIRROR_SESSIONS
from bot.core.views import Notice
from bot.scheduling.planner import plan_all
from bot.scheduling.wakeups import Wakeups
from tests.core.fakes import FakeDatabase, make_paper, seeded_deps
from tests.scheduling.harness import RecordingPoster

CLUB = ClubKey(Platform.CONSOLE, "w", "c")
ADMIN = Context(CLUB, Actor(MemberKey(Platform.CONSOLE, "w", "ada"), "Ada", True), "c")
MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
PAPERS = [make_paper(n) for n in range(1, 9)]
MIRRORING = frozenset({Platform.CONSOLE})


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@dataclass
class MirrorPoster(RecordingPoster):
    """A platform with its own calendar: records each entry it is asked to show."""

    mirrored: list[SessionMirror] = field(default_factory=list)

    async def mirror_session(self, club: ClubKey, mirror: SessionMirror) -> str | None:
        self.mirrored.append(mirror)
        return f"event-{mirror.session_id}"


class Club_:
    def __init__(self, clock: ManualClock, dispatcher: Dispatcher, db: FakeDatabase) -> None:
        self.clock = clock
        self.dispatcher = dispatcher
        self.db = db
        self.poster = MirrorPoster(clock)
        self.wakeups = Wakeups(dispatcher.deps, {Platform.CONSOLE: self.poster})

    async def ok(self, line: str) -> Notice:
        view = (await self.dispatcher.run_text(line, ADMIN)).view
        assert isinstance(view, Notice), view
        return view

    async def events(self) -> list[OutboxEntry]:
        async with self.db.uow() as uow:
            club = await uow.clubs.get(CLUB)
            assert club is not None
            entries = await uow.outbox.entries(club.id)
        return sorted((e for e in entries if e.kind == PostKind.EVENT), key=lambda e: e.id)

    def shown(self) -> dict[int, SessionMirror]:
        """What the platform's calendar shows now: the last state synced per session."""
        return {m.session_id: m for m in self.poster.mirrored}


async def club(poster_mirrors: bool = True) -> Club_:
    clock = ManualClock(MONDAY)
    deps, db = await seeded_deps(clock, PAPERS)
    c = Club_(clock, Dispatcher(deps), db)
    if not poster_mirrors:
        c.poster = RecordingPoster(clock)  # type: ignore[assignment]
        c.wakeups = Wakeups(deps, {Platform.CONSOLE: c.poster})
    await c.ok("/club setup wed 18:00 UTC")
    await c.ok("/club set vote off")  # a vote would change the papers; not the point here
    return c


def _payload(entry: OutboxEntry) -> SessionMirror:
    mirror = SessionMirror.from_payload(entry.payload)
    assert mirror is not None
    return mirror


async def test_each_upcoming_session_gets_one_entry_synced_once() -> None:
    c = await club()
    await c.wakeups.tick()
    rows = await c.events()
    assert len(rows) == MIRROR_SESSIONS
    assert {e.status for e in rows} == {OutboxStatus.SENT}
    shown = sorted(c.shown().values(), key=lambda m: m.starts_at)
    assert [m.starts_at for m in shown] == [
        utc(2026, 11, 25, 18),
        utc(2026, 12, 2, 18),
        utc(2026, 12, 9, 18),
        utc(2026, 12, 16, 18),
    ]
    assert [m.title for m in shown] == [f"Paper number {n}" for n in range(1, 5)]
    assert all(m.status == MirrorStatus.PLANNED for m in shown)
    assert "Summary of paper 1." in shown[0].description
    assert "https://example.org/1" in shown[0].description
    # The entries went to the calendar, not the channel.
    assert PostKind.EVENT not in c.poster.kinds()

    # Nothing changed: planning again adds no row and syncs nothing.
    await c.wakeups.tick()
    await c.wakeups.tick()
    assert len(await c.events()) == MIRROR_SESSIONS
    assert len(c.poster.mirrored) == MIRROR_SESSIONS


async def test_reschedule_skip_and_paper_change_each_sync_one_new_state() -> None:
    c = await club()
    await c.wakeups.tick()
    by_start = {m.starts_at: m.session_id for m in c.shown().values()}
    dec2, dec9, dec16 = (by_start[utc(2026, 12, day, 18)] for day in (2, 9, 16))

    await c.ok("/club reschedule 2026-12-02 2026-12-03 19:30")
    await c.wakeups.tick()
    assert [(m.session_id, m.starts_at) for m in c.poster.mirrored[MIRROR_SESSIONS:]] == [
        (dec2, utc(2026, 12, 3, 19, 30))
    ]

    synced = len(c.poster.mirrored)
    await c.ok("/club skip 2026-12-09")
    await c.wakeups.tick()
    changed = {m.session_id: m for m in c.poster.mirrored[synced:]}
    # The skipped session is cancelled; its paper moves on, so the next one shows a new title.
    assert changed[dec9].status == MirrorStatus.SKIPPED
    assert changed[dec16].title == "Paper number 3"
    assert len(c.poster.mirrored) - synced == 2

    # Every row is a distinct state; none is pending once delivered.
    rows = await c.events()
    assert len({e.key for e in rows}) == len(rows) == MIRROR_SESSIONS + 3
    assert all(e.status == OutboxStatus.SENT for e in rows)


async def test_a_newer_state_cancels_the_older_row_still_pending() -> None:
    c = await club()
    deps = c.dispatcher.deps
    await plan_all(deps, c.clock.now(), MIRRORING)  # planned, not yet delivered
    first = {e.key for e in await c.events()}
    await c.ok("/club reschedule 2026-12-02 2026-12-03 19:30")
    await plan_all(deps, c.clock.now(), MIRRORING)
    rows = await c.events()
    new = [e for e in rows if e.key not in first]
    assert len(new) == 1 and new[0].status == OutboxStatus.PENDING
    moved = _payload(new[0]).session_id
    old = [e for e in rows if e.key in first and _payload(e).session_id == moved]
    assert [e.status for e in old] == [OutboxStatus.CANCELLED]

    await c.wakeups.tick()
    assert [m.starts_at for m in c.poster.mirrored if m.session_id == moved] == [
        utc(2026, 12, 3, 19, 30)
    ], "only the latest state is synced"


async def test_moving_a_session_away_and_back_syncs_both_moves() -> None:
    c = await club()
    await c.wakeups.tick()
    await c.ok("/club reschedule 2026-12-02 2026-12-03 19:30")
    await c.wakeups.tick()
    await c.ok("/club reschedule 2026-12-03 2026-12-02 18:00")
    await c.wakeups.tick()
    moved = c.poster.mirrored[MIRROR_SESSIONS:]
    assert [m.starts_at for m in moved] == [utc(2026, 12, 3, 19, 30), utc(2026, 12, 2, 18)]


async def test_a_rule_change_moves_the_calendar_entries_with_their_sessions() -> None:
    c = await club()
    await c.wakeups.tick()  # Wed 25 Nov is announced on this tick
    before = c.shown()
    announced = min(before.values(), key=lambda m: m.starts_at)
    notice = await c.ok("/club set weekday thu")
    assert any("already announced and stays" in line for line in notice.details), notice
    await c.wakeups.tick()
    now = c.shown()
    # Before: every session was deleted and planned afresh (new ids, the entries "gone"), and
    # the announced Wednesday went with them.
    assert now[announced.session_id].starts_at == announced.starts_at
    moved = [now[sid] for sid in before if sid != announced.session_id]
    assert all(m.status == MirrorStatus.PLANNED for m in moved)
    assert [m.starts_at.weekday() for m in moved] == [3] * (MIRROR_SESSIONS - 1)
    # No Thursday the day after the announced Wednesday: the next one is a week later.
    assert min(m.starts_at for m in moved) == utc(2026, 12, 3, 18)
    synced = len(c.poster.mirrored)
    await c.wakeups.tick()
    assert len(c.poster.mirrored) == synced, "each move is synced once"


async def test_a_session_that_started_is_not_synced() -> None:
    c = await club()
    await plan_all(c.dispatcher.deps, c.clock.now(), MIRRORING)
    c.clock.set(utc(2026, 11, 25, 18, 30))  # the first session is under way
    await c.wakeups.worker.run_due()
    first = min((e for e in await c.events()), key=lambda e: _payload(e).starts_at)
    assert first.status == OutboxStatus.CANCELLED
    assert utc(2026, 11, 25, 18) not in {m.starts_at for m in c.poster.mirrored}


async def test_no_rows_when_no_poster_can_mirror() -> None:
    c = await club(poster_mirrors=False)
    await c.wakeups.tick()
    await c.ok("/club reschedule 2026-12-02 2026-12-03 19:30")
    await c.wakeups.tick()
    assert await c.events() == []
    assert c.poster.sent, "the club's posts still go out"
