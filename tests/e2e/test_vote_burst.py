"""A thousand members voting at once on real databases: one ballot each, holding the last choice."""

from __future__ import annotations

import asyncio
import random

from bot.bootstrap import Services
from bot.core.commands.context import Context
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.core.views import Notice, PollView, ResultsView

CLUB = ClubKey(Platform.DISCORD, "g", "c")
ADMIN = Context(CLUB, Actor(MemberKey(Platform.DISCORD, "g", "admin"), "Admin", True), "club")
VOTERS = 1000


def member(n: int) -> Context:
    return Context(CLUB, Actor(MemberKey(Platform.DISCORD, "g", f"u{n}"), f"User {n}"), "club")


async def test_a_thousand_voters_with_double_clicks(services: Services) -> None:
    dispatcher = services.dispatcher
    assert isinstance((await dispatcher.run_text("/club setup", ADMIN)).view, Notice)
    poll = (await dispatcher.run_text("/vote open", ADMIN)).view
    assert isinstance(poll, PollView)
    rng = random.Random(7)
    first = {n: rng.randint(1, 4) for n in range(VOTERS)}
    last = {n: rng.randint(1, 4) for n in range(VOTERS)}

    async def voter(n: int) -> list[object]:
        # A double click (the same ballot twice at once), then a change of mind.
        clicks = await asyncio.gather(
            dispatcher.run_text(f"/vote #{poll.poll_id} {first[n]}", member(n)),
            dispatcher.run_text(f"/vote #{poll.poll_id} {first[n]}", member(n)),
        )
        change = await dispatcher.run_text(f"/vote #{poll.poll_id} {last[n]}", member(n))
        return [reply.view for reply in (*clicks, change)]

    views = await asyncio.gather(*(voter(n) for n in range(VOTERS)))
    assert all(isinstance(v, Notice) for vs in views for v in vs)

    async with services.deps.uow() as uow:
        ballots = await uow.polls.ballots(poll.poll_id)
    assert len(ballots) == VOTERS
    expected = {f"u{n}": poll.candidates[last[n] - 1].paper_id for n in range(VOTERS)}
    assert {b.member.user_id: b.choices[0] for b in ballots} == expected

    results = (await dispatcher.run_text("/vote close", ADMIN)).view
    assert isinstance(results, ResultsView)
    assert results.total_ballots == VOTERS
    assert sum(b.value for b in results.bars) == VOTERS
