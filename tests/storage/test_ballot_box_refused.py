"""A ballot whose values the database refuses (a lone surrogate, a NUL, text too long for its
column) fails alone: the rest of its batch is written, on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio

from bot.bootstrap import Services
from bot.core.clock import ManualClock
from bot.core.commands.context import Context
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.core.domain.polls import Ballot
from bot.core.ports import CastResult
from bot.core.views import Notice, PollView
from bot.storage.ballot_box import SqlBallotBox

CLUB = ClubKey(Platform.SLACK, "T", "C")
ADMIN = Context(CLUB, Actor(MemberKey(Platform.SLACK, "T", "ada"), "Ada", True), "c")


def member(user_id: str) -> MemberKey:
    return MemberKey(Platform.SLACK, "T", user_id)


async def open_poll(services: Services) -> PollView:
    assert isinstance((await services.dispatcher.run_text("/club setup", ADMIN)).view, Notice)
    poll = (await services.dispatcher.run_text("/vote open", ADMIN)).view
    assert isinstance(poll, PollView)
    return poll


async def ballots_of(services: Services, poll_id: int) -> set[str]:
    async with services.deps.uow() as uow:
        return {b.member.user_id for b in await uow.polls.ballots(poll_id)}


async def test_a_ballot_the_database_refuses_fails_alone(
    services: Services, clock: ManualClock
) -> None:
    """A name no UTF-8 encoder takes, with a NUL, longer than the column (the Actor cleans
    names; this one goes straight into the box): the batch it rode in is written without it,
    and only its caller gets the error."""
    poll = await open_poll(services)
    box = services.ballot_box
    assert isinstance(box, SqlBallotBox)
    choice = (poll.candidates[0].paper_id,)
    casts = [("bad", "Bad\ud800\x00" + "x" * 1000)] + [(f"m{n}", f"M{n}") for n in range(6)]
    outcomes = await asyncio.gather(
        *(box.cast(Ballot(poll.poll_id, member(u), choice, clock.now()), n) for u, n in casts),
        return_exceptions=True,
    )
    assert outcomes[1:] == [CastResult.STORED] * 6
    assert isinstance(outcomes[0], Exception)
    assert await ballots_of(services, poll.poll_id) == {f"m{n}" for n in range(6)}
    # The next batch, and the member's next try with a name the database takes, are stored.
    again = Ballot(poll.poll_id, member("bad"), choice, clock.now())
    assert await box.cast(again, "Bad") == CastResult.STORED
