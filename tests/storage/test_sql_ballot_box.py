"""The SQL ballot box on real databases: batches, latest wins, closed polls (here and in another
replica), the exact deadline, failed batches, and read-only units of work."""

from __future__ import annotations

import asyncio
from datetime import timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from bot.bootstrap import Services, build_services
from bot.core.clock import ManualClock
from bot.core.commands.context import Context
from bot.core.domain.errors import StorageUnavailable
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.core.domain.polls import Ballot
from bot.core.ports import CastResult
from bot.core.views import ErrorView, Notice, PollView, ResultsView
from bot.settings import Settings
from bot.storage.ballot_box import SqlBallotBox
from bot.storage.engine import make_async_engine
from bot.storage.tables import BallotRow, MemberRow
from tests.waiting import HANG

CLUB = ClubKey(Platform.SLACK, "T", "C")
ADMIN = Context(CLUB, Actor(MemberKey(Platform.SLACK, "T", "ada"), "Ada", True), "c")


def member(name: str) -> MemberKey:
    return MemberKey(Platform.SLACK, "T", name)


def voter(name: str) -> Context:
    return Context(CLUB, Actor(member(name), name.title()), "c")


async def open_poll(services: Services) -> PollView:
    dispatcher = services.dispatcher
    assert isinstance((await dispatcher.run_text("/club setup", ADMIN)).view, Notice)
    poll = (await dispatcher.run_text("/vote open", ADMIN)).view
    assert isinstance(poll, PollView)
    return poll


def box_of(services: Services) -> SqlBallotBox:
    assert services.ballot_box is not None
    return services.ballot_box


async def stored(services: Services, poll_id: int) -> dict[str, tuple[int, ...]]:
    async with services.deps.uow() as uow:
        return {b.member.user_id: b.choices for b in await uow.polls.ballots(poll_id)}


async def count_rows(services: Services, table: type[BallotRow] | type[MemberRow]) -> int:
    async with services.engine.connect() as connection:
        return int(await connection.scalar(select(func.count()).select_from(table)) or 0)


async def test_one_batch_keeps_each_members_latest_ballot(
    services: Services, clock: ManualClock
) -> None:
    poll = await open_poll(services)
    a, b = (c.paper_id for c in poll.candidates[:2])
    now = clock.now()
    later = now + timedelta(seconds=1)
    results = await asyncio.gather(
        box_of(services).cast(Ballot(poll.poll_id, member("bo"), (a,), now), "Bo"),
        box_of(services).cast(Ballot(poll.poll_id, member("bo"), (b,), now), "Bo B."),
        box_of(services).cast(Ballot(poll.poll_id, member("cy"), (b,), later), "Cy"),
        box_of(services).cast(Ballot(poll.poll_id, member("cy"), (a,), now), "Cy"),
    )
    assert results == [CastResult.STORED] * 4
    # Same instant: the later in the queue wins; otherwise the later cast, whatever the order.
    assert await stored(services, poll.poll_id) == {"bo": (b,), "cy": (b,)}
    async with services.deps.uow() as uow:
        assert (await uow.members.display_names([member("bo")]))[member("bo")] == "Bo B."
    # A later batch with an older cast (another replica's slow click) does not undo it.
    older = Ballot(poll.poll_id, member("cy"), (a,), now)
    assert await box_of(services).cast(older, "Cy") == CastResult.STORED
    assert (await stored(services, poll.poll_id))["cy"] == (b,)


async def test_a_poll_closed_here_or_by_another_replica_takes_no_ballot(
    services: Services, settings: Settings, clock: ManualClock
) -> None:
    poll = await open_poll(services)
    choice = (poll.candidates[0].paper_id,)
    ballot = Ballot(poll.poll_id, member("bo"), choice, clock.now())
    assert await box_of(services).cast(ballot, "Bo") == CastResult.STORED
    other = await build_services(settings, clock=clock, run_migrations=False, load_papers=False)
    try:
        closed = (await other.dispatcher.run_text("/vote close", ADMIN)).view
        assert isinstance(closed, ResultsView) and closed.total_ballots == 1
        # This replica never re-read the poll; the write itself refuses.
        late = Ballot(poll.poll_id, member("cy"), choice, clock.now())
        assert await box_of(services).cast(late, "Cy") == CastResult.CLOSED
        assert await box_of(other).cast(late, "Cy") == CastResult.CLOSED
        view = (await services.dispatcher.run_text(f"/vote #{poll.poll_id} 1", voter("cy"))).view
        assert isinstance(view, ErrorView) and "closed" in view.message
    finally:
        await other.close()
    assert await stored(services, poll.poll_id) == {"bo": choice}
    gone = Ballot(poll.poll_id + 1000, member("cy"), choice, clock.now())
    assert await box_of(services).cast(gone, "Cy") == CastResult.UNKNOWN_POLL


async def test_the_deadline_is_exact(services: Services, clock: ManualClock) -> None:
    poll = await open_poll(services)
    choice = (poll.candidates[0].paper_id,)
    clock.set(poll.closes_at - timedelta(microseconds=1))
    just_before = Ballot(poll.poll_id, member("bo"), choice, clock.now())
    assert await box_of(services).cast(just_before, "Bo") == CastResult.STORED
    clock.set(poll.closes_at)
    at = Ballot(poll.poll_id, member("cy"), choice, poll.closes_at)
    assert await box_of(services).cast(at, "Cy") == CastResult.CLOSED
    # Validated a second early, written at the deadline: refused too.
    read_early = Ballot(poll.poll_id, member("di"), choice, poll.closes_at - timedelta(seconds=1))
    assert await box_of(services).cast(read_early, "Di") == CastResult.CLOSED
    view = (await services.dispatcher.run_text("/vote 1", voter("ed"))).view
    assert isinstance(view, ErrorView) and "closed" in view.message
    assert await stored(services, poll.poll_id) == {"bo": choice}


_REFUSE = {
    "sqlite": [
        "CREATE TRIGGER refuse_ballots BEFORE INSERT ON ballots "
        "BEGIN SELECT RAISE(ABORT, 'the disk said no'); END"
    ],
    "postgresql": [
        "CREATE FUNCTION refuse_ballots() RETURNS trigger LANGUAGE plpgsql "
        "AS $$ BEGIN RAISE EXCEPTION 'the disk said no'; END $$",
        "CREATE TRIGGER refuse_ballots BEFORE INSERT ON ballots "
        "FOR EACH ROW EXECUTE FUNCTION refuse_ballots()",
    ],
}


async def test_a_batch_that_fails_half_way_stores_nothing_and_the_next_one_works(
    services: Services, clock: ManualClock
) -> None:
    """The database refuses the ballots after the batch's members were written (a trigger):
    every caller gets the error, the members are rolled back too, and the next batch works."""
    poll = await open_poll(services)
    members_before = await count_rows(services, MemberRow)
    backend = services.engine.dialect.name
    async with services.engine.begin() as connection:
        for statement in _REFUSE[backend]:
            await connection.execute(text(statement))
    choice = (poll.candidates[0].paper_id,)
    casts = [
        box_of(services).cast(Ballot(poll.poll_id, member(f"m{n}"), choice, clock.now()), "M")
        for n in range(5)
    ]
    outcomes = await asyncio.gather(*casts, return_exceptions=True)
    assert all(isinstance(o, DBAPIError) and "the disk said no" in str(o) for o in outcomes)
    assert await count_rows(services, BallotRow) == 0
    assert await count_rows(services, MemberRow) == members_before  # rolled back too
    async with services.engine.begin() as connection:
        await connection.execute(
            text("DROP TRIGGER refuse_ballots" + (" ON ballots" if backend == "postgresql" else ""))
        )
    views = await asyncio.gather(
        *(services.dispatcher.run_text("/vote 1", voter(f"m{n}")) for n in range(5))
    )
    assert all(isinstance(reply.view, Notice) for reply in views)
    assert len(await stored(services, poll.poll_id)) == 5


async def test_an_unreachable_database_fails_every_cast_with_the_storage_error(
    database_url: str, tmp_path: Path, clock: ManualClock
) -> None:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        gone = f"sqlite:///{tmp_path / 'missing'}/"  # a folder, not a database file
        (tmp_path / "missing").mkdir()
    else:
        gone = url.set(host="127.0.0.1", port=1).render_as_string(hide_password=False)
    engine = make_async_engine(gone)
    box = SqlBallotBox(engine, clock)
    try:
        ballots = [Ballot(1, member(f"m{n}"), (1,), clock.now()) for n in range(3)]
        outcomes = await asyncio.gather(
            *(box.cast(b, "M") for b in ballots), return_exceptions=True
        )
        assert all(isinstance(o, StorageUnavailable) for o in outcomes), outcomes
        assert all("nothing was saved" in o.message for o in outcomes)  # type: ignore[union-attr]
    finally:
        await box.aclose()
        await engine.dispose()


async def test_close_writes_the_queued_ballots_before_it_stops(
    settings: Settings, clock: ManualClock
) -> None:
    services = await build_services(settings, clock=clock, run_migrations=False, load_papers=False)
    poll = await open_poll(services)
    choice = (poll.candidates[0].paper_id,)
    casts = [
        asyncio.ensure_future(
            box_of(services).cast(Ballot(poll.poll_id, member(f"m{n}"), choice, clock.now()), "M")
        )
        for n in range(20)
    ]
    await asyncio.sleep(0)
    await services.close()
    assert [c.result() for c in casts] == [CastResult.STORED] * 20


async def test_a_read_only_unit_of_work_does_not_wait_for_the_writer(
    services: Services, clock: ManualClock
) -> None:
    await open_poll(services)
    reader = services.deps.reader
    assert reader is not None

    async def read() -> object:
        async with reader() as uow:
            return await uow.clubs.get_with_open_poll(CLUB)

    async with services.deps.uow() as writer:
        await writer.members.ensure(member("zed"), "Zed", clock.now())
        # On SQLite the writer holds its turn until it leaves; another task's read must not
        # queue behind it.
        found = await asyncio.wait_for(asyncio.ensure_future(read()), timeout=HANG)
        assert isinstance(found, tuple) and found[1] is not None
        await writer.commit()
    async with reader() as uow:
        with pytest.raises(RuntimeError):
            await uow.commit()


async def test_a_close_racing_a_burst_counts_exactly_the_acknowledged_ballots(
    services: Services, settings: Settings, clock: ManualClock
) -> None:
    if make_url(settings.database_url).get_backend_name() != "postgresql":
        pytest.skip("replicas need PostgreSQL")
    poll = await open_poll(services)
    other = await build_services(settings, clock=clock, run_migrations=False, load_papers=False)
    try:

        async def vote(n: int) -> bool:
            if n == 60:  # mid-burst, the other replica closes the poll
                # "queue": if no ballot has landed yet, the admin already chose the queue order.
                closing = await other.dispatcher.run_text("/vote close queue", ADMIN)
                assert isinstance(closing.view, ResultsView)
                results.append(closing.view)
            reply = await services.dispatcher.run_text("/vote 1", voter(f"m{n}"))
            return isinstance(reply.view, Notice)

        results: list[ResultsView] = []
        acked = await asyncio.gather(*(vote(n) for n in range(200)))
    finally:
        await other.close()
    confirmed = {f"m{n}" for n, ok in enumerate(acked) if ok}
    assert set(await stored(services, poll.poll_id)) == confirmed
    assert results[0].total_ballots == len(confirmed)


async def test_a_withdrawal_and_a_cast_in_one_batch_end_in_the_later(
    services: Services, clock: ManualClock
) -> None:
    """A member who votes and withdraws at once (or the other way round) gets what they sent
    last: the withdrawal goes through the box too, so neither overtakes the other."""
    poll = await open_poll(services)
    a, b = (c.paper_id for c in poll.candidates[:2])
    now = clock.now()
    box = box_of(services)
    await asyncio.gather(
        box.cast(Ballot(poll.poll_id, member("di"), (a,), now), "Di"),
        box.cast(Ballot(poll.poll_id, member("di"), (), now + timedelta(seconds=1)), "Di"),
    )
    assert "di" not in await stored(services, poll.poll_id)
    await asyncio.gather(
        box.cast(Ballot(poll.poll_id, member("di"), (), now + timedelta(seconds=2)), "Di"),
        box.cast(Ballot(poll.poll_id, member("di"), (b,), now + timedelta(seconds=3)), "Di"),
    )
    assert (await stored(services, poll.poll_id))["di"] == (b,)
    # An older withdrawal arriving late (another replica) does not undo the newer ballot.
    late = Ballot(poll.poll_id, member("di"), (), now + timedelta(seconds=2))
    assert await box.cast(late, "Di") == CastResult.STORED
    assert (await stored(services, poll.poll_id))["di"] == (b,)


async def test_what_a_batch_writes_reads_back_as_sqlalchemy_writes_it(
    services: Services, clock: ManualClock
) -> None:
    """A batch's rows travel as one JSON text: names with quotes, commas, backslashes and
    emoji, instants with microseconds given in another zone, and rankings all read back
    unchanged, and compare with what SQLAlchemy itself wrote (the latest-wins rule)."""
    poll = await open_poll(services)
    a, b, c = (candidate.paper_id for candidate in poll.candidates[:3])
    seoul = timezone(timedelta(hours=9))
    cast_at = clock.now().astimezone(seoul) + timedelta(microseconds=123_456)
    name = 'Zoë "Z" O\'Neil, \\ 🎉 [1]'
    ballot = Ballot(poll.poll_id, member("zo"), (c, a, b), cast_at)
    assert await box_of(services).cast(ballot, name) == CastResult.STORED
    async with services.deps.uow() as uow:
        [read] = await uow.polls.ballots(poll.poll_id)
        assert (await uow.members.display_names([member("zo")]))[member("zo")] == name
    assert read.choices == (c, a, b)
    assert read.cast_at == cast_at and read.cast_at.utcoffset() == timedelta(0)
    # A ballot SQLAlchemy writes a microsecond later wins over a batch's older one.
    async with services.deps.uow() as uow:
        newer = Ballot(poll.poll_id, member("zo"), (b,), cast_at + timedelta(microseconds=1))
        await uow.polls.put_ballot(newer)
        await uow.commit()
    assert await box_of(services).cast(ballot, name) == CastResult.STORED
    assert await stored(services, poll.poll_id) == {"zo": (b,)}
