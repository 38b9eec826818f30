"""Storage on real databases: SQLite always, PostgreSQL when PAPERCLUB_TEST_DATABASE_URL is set."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from bot.bootstrap import Services
from bot.core.domain.attendance import CheckIn, Rsvp, RsvpStatus
from bot.core.domain.clubs import ClubSettings
from bot.core.domain.errors import StorageUnavailable
from bot.core.domain.ids import ClubKey, MemberKey, Platform
from bot.core.domain.papers import QueueState
from bot.core.domain.polls import Ballot, Poll, PollStatus
from bot.core.domain.sessions import NewSession
from bot.storage.engine import make_async_engine, session_factory
from bot.storage.uow import SqlUnitOfWork

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
KEY = ClubKey(Platform.DISCORD, "guild-1", "chan-1")
ALICE = MemberKey(Platform.DISCORD, "guild-1", "alice")
HOSTILE = "Robert'); DROP TABLE clubs;-- @everyone <!channel> 🙂 한국어"


async def _club(services: Services, name: str = "Readers") -> int:
    async with services.deps.uow() as uow:
        settings = ClubSettings(
            weekday=4,
            local_time=time(7, 30),
            timezone="Asia/Kathmandu",
            voting_method="schulze",
            anonymous_polls=True,
        )
        club = await uow.clubs.add(KEY, name, settings, NOW)
        await uow.commit()
        return club.id


async def test_club_settings_round_trip(services: Services) -> None:
    await _club(services, HOSTILE)
    async with services.deps.uow() as uow:
        club = await uow.clubs.get(KEY)
    assert club is not None
    assert club.name == HOSTILE  # stored literally, nothing executed
    assert club.settings.local_time == time(7, 30)
    assert club.settings.timezone == "Asia/Kathmandu"
    assert club.settings.voting_method == "schulze"
    assert club.settings.anonymous_polls
    assert club.created_at == NOW and club.created_at.tzinfo is not None


async def test_leaving_without_commit_rolls_back(services: Services) -> None:
    async with services.deps.uow() as uow:
        await uow.clubs.add(KEY, "never saved", ClubSettings(), NOW)
    async with services.deps.uow() as uow:
        assert await uow.clubs.get(KEY) is None


async def test_instants_come_back_aware_and_utc(services: Services) -> None:
    club_id = await _club(services)
    berlin = datetime(2026, 10, 25, 18, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    async with services.deps.uow() as uow:
        [session] = await uow.sessions.add_many([NewSession(club_id, berlin, 60)])
        await uow.commit()
    assert session.starts_at == berlin
    assert session.starts_at.hour == 17  # CET, an hour behind Berlin after the change
    assert session.starts_at.tzinfo == UTC


async def test_naive_datetimes_are_refused(services: Services) -> None:
    club_id = await _club(services)
    with pytest.raises(Exception, match="naive datetime"):
        async with services.deps.uow() as uow:
            await uow.sessions.add_many([NewSession(club_id, datetime(2026, 1, 1, 12), 60)])  # noqa: DTZ001


async def test_planning_the_same_session_twice_keeps_one(services: Services) -> None:
    club_id = await _club(services)
    start = NOW + timedelta(days=2)

    async def plan() -> None:
        async with services.deps.uow() as uow:
            await uow.sessions.add_many([NewSession(club_id, start, 60)])
            await uow.commit()

    await asyncio.gather(plan(), plan(), plan())
    async with services.deps.uow() as uow:
        sessions = await uow.sessions.between(club_id, NOW)
    assert [s.starts_at for s in sessions] == [start]


async def test_queue_keeps_reading_order_and_never_duplicates(services: Services) -> None:
    club_id = await _club(services)
    async with services.deps.uow() as uow:
        shipped = await uow.papers.shipped()
        ids = [p.id for p in shipped]
        assert await uow.queue.append_many(club_id, ids, NOW) == len(ids)
        assert await uow.queue.append_many(club_id, list(reversed(ids)), NOW) == 0
        await uow.queue.set_state(club_id, ids[0], QueueState.READ)
        await uow.commit()
    async with services.deps.uow() as uow:
        queued = await uow.queue.entries(club_id, [QueueState.QUEUED])
    assert [e.paper.id for e in queued] == ids[1:]
    assert queued[0].paper.title == shipped[1].title


async def test_a_double_click_leaves_one_ballot_with_the_last_choice(services: Services) -> None:
    club_id = await _club(services)
    async with services.deps.uow() as uow:
        papers = (await uow.papers.shipped())[:3]
        poll = await uow.polls.add(
            Poll(
                0,
                club_id,
                "plurality",
                False,
                PollStatus.OPEN,
                NOW,
                NOW + timedelta(days=2),
                tuple(p.id for p in papers),
            )
        )
        await uow.commit()

    async def vote(choice: int, delay: float) -> None:
        async with services.deps.uow() as uow:
            await uow.polls.put_ballot(
                Ballot(poll.id, ALICE, (choice,), NOW + timedelta(seconds=delay))
            )
            await uow.commit()

    await asyncio.gather(vote(papers[0].id, 0), vote(papers[0].id, 0.1))
    await vote(papers[2].id, 1)
    async with services.deps.uow() as uow:
        ballots = await uow.polls.ballots(poll.id)
    assert [(b.member, b.choices) for b in ballots] == [(ALICE, (papers[2].id,))]


async def test_a_club_is_read_with_its_open_poll_only(services: Services) -> None:
    """The read every ballot starts with: the club's settings (`poll_candidates` among them,
    a name its poll's columns must not shadow) and the open poll, never a closed one."""
    async with services.deps.uow() as uow:
        settings = ClubSettings(timezone="Asia/Kathmandu", poll_candidates=5, language="ko")
        club = await uow.clubs.add(KEY, "Readers", settings, NOW)
        papers = tuple(p.id for p in (await uow.papers.shipped())[:4])
        closes = NOW + timedelta(days=2)
        closed = await uow.polls.add(
            Poll(0, club.id, "schulze", True, PollStatus.CLOSED, NOW, closes, papers, papers[1])
        )
        opened = await uow.polls.add(
            Poll(0, club.id, "plurality", False, PollStatus.OPEN, NOW, closes, papers)
        )
        await uow.commit()
    async with services.deps.uow() as uow:
        found = await uow.clubs.get_with_open_poll(KEY)
        unknown = await uow.clubs.get_with_open_poll(ClubKey(Platform.DISCORD, "guild-1", "x"))
    assert unknown is None
    assert found is not None
    assert found[0] == club
    assert found[1] == opened != closed
    assert found[1].closes_at == closes and found[1].closes_at.tzinfo is not None
    async with services.deps.uow() as uow:
        await uow.polls.update(replace(opened, status=PollStatus.CLOSED))
        await uow.commit()
    async with services.deps.uow() as uow:
        assert await uow.clubs.get_with_open_poll(KEY) == (club, None)


async def test_rsvp_changes_and_check_in_counts_once(services: Services) -> None:
    club_id = await _club(services)
    async with services.deps.uow() as uow:
        [session] = await uow.sessions.add_many([NewSession(club_id, NOW, 60)])
        await uow.attendance.put_rsvp(Rsvp(session.id, ALICE, RsvpStatus.MAYBE, NOW))
        await uow.attendance.put_rsvp(Rsvp(session.id, ALICE, RsvpStatus.GOING, NOW))
        assert await uow.attendance.check_in(CheckIn(session.id, ALICE, NOW))
        assert not await uow.attendance.check_in(CheckIn(session.id, ALICE, NOW))
        await uow.commit()
    async with services.deps.uow() as uow:
        assert await uow.attendance.rsvp_counts(session.id) == {RsvpStatus.GOING: 1}
        assert len(await uow.attendance.check_ins(session.id)) == 1


async def test_member_names_are_stored_literally(services: Services) -> None:
    async with services.deps.uow() as uow:
        await uow.members.ensure(ALICE, HOSTILE, NOW)
        await uow.commit()
    async with services.deps.uow() as uow:
        assert await uow.members.display_names([ALICE]) == {ALICE: HOSTILE}


async def test_an_unreachable_database_is_reported_not_hidden() -> None:
    engine = make_async_engine("postgresql://nobody@127.0.0.1:1/nothing", pool_pre_ping=False)
    try:
        with pytest.raises(StorageUnavailable, match="nothing was saved"):
            async with SqlUnitOfWork(session_factory(engine)) as uow:
                await uow.clubs.get(KEY)
    finally:
        await engine.dispose()


async def test_presenter_pool_keeps_join_order(services: Services) -> None:
    club_id = await _club(services)
    bob = MemberKey(Platform.DISCORD, "guild-1", "bob")
    async with services.deps.uow() as uow:
        assert await uow.members.join_pool(club_id, bob, NOW)
        assert await uow.members.join_pool(club_id, ALICE, NOW + timedelta(seconds=1))
        assert not await uow.members.join_pool(club_id, bob, NOW)
        await uow.commit()
    async with services.deps.uow() as uow:
        assert await uow.members.pool(club_id) == [bob, ALICE]
        assert await uow.members.leave_pool(club_id, bob)
        assert not await uow.members.leave_pool(club_id, bob)
        await uow.commit()
    async with services.deps.uow() as uow:
        assert await uow.members.pool(club_id) == [ALICE]


async def test_clubs_of_a_workspace_and_of_a_voice_channel(services: Services) -> None:
    """What the adapters used to find by scanning every club: two indexed queries."""
    voice = "555000111"
    async with services.deps.uow() as uow:
        for channel, room in (("c1", voice), ("c2", None), ("c3", voice)):
            settings = ClubSettings(voice_channel_id=room)
            await uow.clubs.add(ClubKey(Platform.DISCORD, "g1", channel), channel, settings, NOW)
        # The same ids elsewhere: another guild, another platform.
        await uow.clubs.add(
            ClubKey(Platform.DISCORD, "g2", "c1"), "x", ClubSettings(voice_channel_id=voice), NOW
        )
        await uow.clubs.add(
            ClubKey(Platform.SLACK, "g1", "c9"), "y", ClubSettings(voice_channel_id=voice), NOW
        )
        await uow.commit()
    async with services.deps.reader() as uow:
        guild = await uow.clubs.in_workspace(Platform.DISCORD, "g1")
        room = await uow.clubs.by_voice_channel(Platform.DISCORD, "g1", voice)
        nowhere = await uow.clubs.by_voice_channel(Platform.DISCORD, "g1", "999")
    assert [c.key.channel_id for c in guild] == ["c1", "c2", "c3"]
    assert [c.key.channel_id for c in room] == ["c1", "c3"]
    assert nowhere == []


async def test_the_voice_channel_query_uses_its_index(services: Services) -> None:
    if not services.settings.database_url.startswith("sqlite"):
        pytest.skip("the plan of a tiny PostgreSQL table is a sequential scan whatever the index")
    async with services.engine.connect() as connection:
        plan = await connection.execute(
            text(
                "EXPLAIN QUERY PLAN SELECT id FROM clubs WHERE platform = 'discord' "
                "AND workspace_id = 'g1' AND voice_channel_id = '5'"
            )
        )
        details = " ".join(str(row[-1]) for row in plan)
    assert "ix_clubs_voice_channel" in details, details


async def test_swap_requests_are_answered_once(services: Services) -> None:
    from bot.core.domain.swaps import NewSwapRequest, SwapStatus

    club_id = await _club(services)
    bob = MemberKey(Platform.DISCORD, "guild-1", "bob")
    async with services.deps.uow() as uow:
        await uow.members.ensure(bob, "Bob Ødegaard", NOW)
        first, second = await uow.sessions.add_many(
            [NewSession(club_id, NOW + timedelta(days=d), 60) for d in (1, 8)]
        )
        made = await uow.swaps.add(
            NewSwapRequest(club_id, ALICE, first.id, bob, second.id, NOW, NOW + timedelta(days=1))
        )
        await uow.commit()
    async with services.deps.uow() as uow:
        assert await uow.swaps.pending(club_id) == [made]
        assert made.requester == ALICE and made.target == bob
        assert made.expires_at == NOW + timedelta(days=1)
        assert await uow.members.named(Platform.DISCORD, "guild-1", "BOB Ødegaard") == [bob]
        assert await uow.members.named(Platform.DISCORD, "guild-1", "Bob Ødegaard") == [bob]
        assert await uow.members.named(Platform.DISCORD, "guild-2", "Bob Ødegaard") == []
        assert await uow.swaps.settle(made.id, SwapStatus.ACCEPTED)
        assert not await uow.swaps.settle(made.id, SwapStatus.DECLINED)
        await uow.commit()
    async with services.deps.uow() as uow:
        assert await uow.swaps.pending(club_id) == []
        found = await uow.swaps.get(made.id)
        assert found is not None and found.status == SwapStatus.ACCEPTED


async def test_queue_entries_removed_reordered_and_noted(services: Services) -> None:
    club_id = await _club(services)
    async with services.deps.uow() as uow:
        papers = (await uow.papers.shipped())[:4]
        await uow.queue.append_many(club_id, [p.id for p in papers], NOW)
        await uow.queue.set_state(club_id, papers[0].id, QueueState.READ)
        await uow.commit()
    ids = [p.id for p in papers]
    async with services.deps.uow() as uow:
        # The waiting three, last first; the read one keeps its place.
        await uow.queue.reorder(club_id, [ids[3], ids[1], ids[2]])
        await uow.queue.set_state(club_id, ids[2], QueueState.REJECTED, note=HOSTILE)
        assert await uow.queue.remove(club_id, ids[1])
        assert not await uow.queue.remove(club_id, ids[1])
        await uow.commit()
    async with services.deps.uow() as uow:
        entries = await uow.queue.entries(club_id)
    assert [(e.paper.id, e.state) for e in entries] == [
        (ids[0], QueueState.READ),
        (ids[3], QueueState.QUEUED),
        (ids[2], QueueState.REJECTED),
    ]
    assert entries[2].note == HOSTILE and entries[1].note is None
