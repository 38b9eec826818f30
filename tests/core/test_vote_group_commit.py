"""Casting ballots by group commit, on fakes: the queue, the shared reads and /vote's answers."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.core.clock import ManualClock
from bot.core.commands.catalog import Catalog
from bot.core.commands.context import Context, wire
from bot.core.commands.dispatch import Dispatcher
from bot.core.commands.spec import CommandSpec
from bot.core.domain.clubs import ClubSettings
from bot.core.domain.errors import StorageUnavailable
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.core.domain.polls import Ballot, PollStatus
from bot.core.ports import CastResult
from bot.core.views import ErrorView, Notice, PollView, ResultsView, View
from bot.core.voting.pollreads import PollReads
from bot.storage.groupcommit import GroupCommit
from tests.core.fakes import (
    FakeBallotBox,
    FakeDatabase,
    FakeImporter,
    FakeUnitOfWork,
    NoLookup,
    make_paper,
    seeded_deps,
)

CLUB = ClubKey(Platform.CONSOLE, "w", "c")
START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # Monday; sessions Wednesdays 18:00 UTC


def ctx(name: str, admin: bool = False) -> Context:
    return Context(CLUB, Actor(MemberKey(Platform.CONSOLE, "w", name), name.title(), admin), "club")


ADMIN = ctx("ada", admin=True)


class Metrics:
    def __init__(self) -> None:
        self.votes = 0

    def command(self, name: str, outcome: str, seconds: float) -> None:
        return None

    def post(self, kind: str, outcome: str) -> None:
        return None

    def vote_cast(self) -> None:
        self.votes += 1


async def open_vote(
    clock: ManualClock,
) -> tuple[Dispatcher, FakeDatabase, FakeBallotBox, PollView, Metrics]:
    metrics = Metrics()
    deps, db = await seeded_deps(
        clock,
        [make_paper(n) for n in range(1, 6)],
        ClubSettings(announce_before_minutes=60),
        metrics=metrics,
    )
    dispatcher = Dispatcher(deps)
    assert isinstance((await dispatcher.run_text("/club setup", ADMIN)).view, Notice)
    poll = (await dispatcher.run_text("/vote open", ADMIN)).view
    assert isinstance(poll, PollView)
    assert isinstance(deps.voting.box, FakeBallotBox)
    return dispatcher, db, deps.voting.box, poll, metrics


async def run(dispatcher: Dispatcher, line: str, who: Context) -> View:
    return (await dispatcher.run_text(line, who)).view


def stored_choice(db: FakeDatabase, poll: PollView, who: str) -> int:
    ballot = db.store.ballots[(poll.poll_id, ctx(who).actor.member)]
    return next(c.number for c in poll.candidates if c.paper_id == ballot.choices[0])


# The queue itself -----------------------------------------------------------------------------


async def test_each_caller_gets_its_result_after_its_batch_is_written() -> None:
    written: list[list[int]] = []

    async def flush(items: Sequence[int]) -> list[int]:
        written.append(list(items))
        await asyncio.sleep(0)  # a real flush awaits the database
        return [n * 10 for n in items]

    queue: GroupCommit[int, int] = GroupCommit(flush, max_batch=3)
    results = await asyncio.gather(*(queue.submit(n) for n in range(7)))
    assert results == [n * 10 for n in range(7)]
    assert written == [[0, 1, 2], [3, 4, 5], [6]]  # a batch closes at max_batch
    await queue.aclose()


async def test_a_failed_batch_fails_every_caller_in_it_and_the_flusher_carries_on() -> None:
    fail = True

    async def flush(items: Sequence[str]) -> list[str]:
        nonlocal fail
        if fail:
            fail = False
            raise StorageUnavailable("down")
        return [item.upper() for item in items]

    queue: GroupCommit[str, str] = GroupCommit(flush)
    first = await asyncio.gather(queue.submit("a"), queue.submit("b"), return_exceptions=True)
    assert [type(r) for r in first] == [StorageUnavailable, StorageUnavailable]
    assert await queue.submit("c") == "C"
    await queue.aclose()


async def test_the_flusher_starts_on_first_use_and_close_writes_what_is_queued() -> None:
    written: list[str] = []

    async def flush(items: Sequence[str]) -> list[None]:
        await asyncio.sleep(0.01)
        written.extend(items)
        return [None for _ in items]

    queue: GroupCommit[str, None] = GroupCommit(flush)
    await asyncio.sleep(0)
    assert written == []  # nothing runs until something is submitted
    casts = [asyncio.ensure_future(queue.submit(s)) for s in "xyz"]
    await asyncio.sleep(0)
    await queue.aclose()
    assert written == ["x", "y", "z"] and all(c.done() for c in casts)
    with pytest.raises(RuntimeError):
        await queue.submit("late")


# The shared reads -----------------------------------------------------------------------------


async def test_ballots_arriving_together_share_one_read_and_later_ones_read_again() -> None:
    db = FakeDatabase()
    async with db.uow() as uow:
        await uow.clubs.add(CLUB, "c", ClubSettings(), START)
        await uow.commit()
    opened = 0

    def reader() -> FakeUnitOfWork:
        nonlocal opened
        opened += 1
        return db.uow()

    reads = PollReads()
    together = await asyncio.gather(*(reads.club_and_poll(CLUB, reader) for _ in range(50)))
    assert opened == 1 and all(found is not None for found in together)
    await reads.club_and_poll(CLUB, reader)
    assert opened == 2  # not a cache: a read that finished is never handed to a later caller


async def test_a_burst_of_casts_reads_the_club_poll_and_candidates_in_one_unit_of_work() -> None:
    clock = ManualClock(START)
    dispatcher, db, _, _, metrics = await open_vote(clock)
    opened = 0

    def reader() -> FakeUnitOfWork:
        nonlocal opened
        opened += 1
        return db.uow()

    deps = dispatcher.deps
    store = replace(deps.store, reader=reader)
    counted = Dispatcher(replace(deps, voting=replace(deps.voting, store=store)))
    views = await asyncio.gather(*(run(counted, "/vote 2", ctx(f"m{n}")) for n in range(20)))
    assert all(isinstance(v, Notice) for v in views) and metrics.votes == 20
    assert opened == 1  # the candidates came with the club's read, not in a second one


async def test_a_cast_reads_through_the_statement_readers_where_there_are_some() -> None:
    """The ballot path's reads are one statement each (or two that need not agree), so they go
    to the readers whose statements are their own transactions; other readers are untouched."""
    clock = ManualClock(START)
    dispatcher, db, _, _, metrics = await open_vote(clock)
    opened: list[str] = []

    def counted(kind: str) -> Callable[[], FakeUnitOfWork]:
        def reader() -> FakeUnitOfWork:
            opened.append(kind)
            return db.uow()

        return reader

    deps = dispatcher.deps
    store = replace(deps.store, reader=counted("plain"), lone_reads=counted("lone"))
    lone = Dispatcher(replace(deps, voting=replace(deps.voting, store=store)))
    assert isinstance(await run(lone, "/vote 2", ctx("bo")), Notice) and metrics.votes == 1
    assert opened and set(opened) == {"lone"}


# /vote through the box ------------------------------------------------------------------------


async def test_two_casts_by_one_member_in_one_batch_keep_the_later() -> None:
    clock = ManualClock(START)
    dispatcher, db, box, poll, metrics = await open_vote(clock)
    views = await asyncio.gather(
        run(dispatcher, f"/vote #{poll.poll_id} 1", ctx("bo")),
        run(dispatcher, f"/vote #{poll.poll_id} 3", ctx("bo")),
    )
    assert all(isinstance(v, Notice) for v in views)
    assert box.batches == [2]
    assert stored_choice(db, poll, "bo") == 3
    assert len(db.store.ballots) == 1 and metrics.votes == 2


async def test_a_stale_read_cannot_let_a_ballot_into_a_closed_poll() -> None:
    clock = ManualClock(START)
    dispatcher, db, _, _, metrics = await open_vote(clock)
    # Another replica's view from before the close: the read says open, the write must not.
    snapshot = FakeDatabase(db.store.copy())
    assert isinstance(await run(dispatcher, "/vote close queue", ADMIN), ResultsView)
    deps = dispatcher.deps
    stale_store = replace(deps.store, reader=snapshot.uow)
    stale = Dispatcher(replace(deps, voting=replace(deps.voting, store=stale_store)))
    refused = await run(stale, "/vote 2", ctx("bo"))
    assert isinstance(refused, ErrorView) and "closed" in refused.message
    assert db.store.ballots == {} and metrics.votes == 0


async def test_a_cast_at_the_deadline_is_refused_and_just_before_it_is_stored() -> None:
    clock = ManualClock(START)
    dispatcher, db, box, poll, _ = await open_vote(clock)
    closes = poll.closes_at
    member = ctx("bo").actor.member
    choice = (poll.candidates[0].paper_id,)
    clock.set(closes - timedelta(microseconds=1))
    assert await box.cast(Ballot(poll.poll_id, member, choice, clock.now()), "Bo") == (
        CastResult.STORED
    )
    clock.set(closes)
    assert await box.cast(Ballot(poll.poll_id, member, choice, closes), "Bo") == CastResult.CLOSED
    # Read before the deadline, written at it: the write's own clock decides.
    early = Ballot(poll.poll_id, member, choice, closes - timedelta(seconds=1))
    assert await box.cast(early, "Bo") == CastResult.CLOSED
    late = await run(dispatcher, "/vote 1", ctx("cy"))
    assert isinstance(late, ErrorView) and "closed" in late.message
    assert len(db.store.ballots) == 1


async def test_a_cast_for_a_poll_that_is_gone_is_refused() -> None:
    clock = ManualClock(START)
    _, db, box, poll, _ = await open_vote(clock)
    ballot = Ballot(poll.poll_id + 100, ctx("bo").actor.member, (1,), START)
    assert await box.cast(ballot, "Bo") == CastResult.UNKNOWN_POLL
    closed = replace(db.store.polls[poll.poll_id], status=PollStatus.CLOSED)
    db.store.polls[poll.poll_id] = closed
    assert await box.cast(replace(ballot, poll_id=poll.poll_id), "Bo") == CastResult.CLOSED


async def test_a_failed_batch_tells_every_voter_in_it_and_stores_nothing() -> None:
    clock = ManualClock(START)
    dispatcher, db, box, _, metrics = await open_vote(clock)
    box.fail_next = StorageUnavailable(
        "I can't reach the club's database right now, so nothing was saved."
    )
    views = await asyncio.gather(*(run(dispatcher, "/vote 2", ctx(f"m{n}")) for n in range(5)))
    assert all(isinstance(v, ErrorView) and "nothing was saved" in v.message for v in views)
    assert db.store.ballots == {} and metrics.votes == 0
    again = await run(dispatcher, "/vote 2", ctx("m0"))  # the flusher is still serving
    assert isinstance(again, Notice) and len(db.store.ballots) == 1


def test_a_ballot_box_is_required_to_wire_the_bot() -> None:
    """No use case checks for a missing ballot box at run time: there is none to check for."""
    db = FakeDatabase()
    with pytest.raises(TypeError, match="ballot_box"):
        wire(uow=db.uow, clock=ManualClock(START), lookup=NoLookup(), importer=FakeImporter())  # type: ignore[call-arg]


async def test_a_dispatcher_refuses_a_command_whose_ports_are_not_wired() -> None:
    deps, _ = await seeded_deps(ManualClock(START), [make_paper(1)])

    class Unwired:
        pass

    spec = CommandSpec(
        "odd", "/odd", "Needs a port nobody wired.", Unwired, lambda v: Unwired(), _odd, Unwired
    )
    with pytest.raises(ValueError, match="odd"):
        Dispatcher(deps, Catalog([*Catalog().specs, spec]))


async def _odd(cmd: object, ctx: Context, ports: object) -> View:
    return Notice("never runs")


async def test_a_burst_of_votes_reads_the_club_a_few_times_not_once_per_vote() -> None:
    """Each answer is in the club's language, read after its command ran; commands that end
    together share that read (before, every vote opened its own unit of work for it)."""
    clock = ManualClock(START)
    deps, db = await seeded_deps(
        clock, [make_paper(n) for n in range(1, 6)], ClubSettings(announce_before_minutes=60)
    )
    opened = 0

    def reader() -> FakeUnitOfWork:
        nonlocal opened
        opened += 1
        return db.uow()

    dispatcher = Dispatcher(replace(deps, store=replace(deps.store, reader=reader)))
    assert isinstance((await dispatcher.run_text("/club setup", ADMIN)).view, Notice)
    assert isinstance((await dispatcher.run_text("/vote open", ADMIN)).view, PollView)
    opened = 0
    replies = await asyncio.gather(
        *(dispatcher.run_text("/vote 1", ctx(f"m{n}")) for n in range(100))
    )
    assert all(isinstance(r.view, Notice) and r.view.tone.value == "success" for r in replies)
    assert {r.language for r in replies} == {"en"}
    assert opened <= 6, f"{opened} read units of work for 100 votes"
