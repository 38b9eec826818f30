"""Hostile display names (NUL, lone surrogates, controls, bidi overrides, 1,000 characters) on
real databases: a burst of votes through the real ballot box stores every member's ballot, the
hostile member's too, under a cleaned name; and any text is stored and read back cleaned."""

from __future__ import annotations

import asyncio

from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from bot.bootstrap import Services
from bot.core.commands.context import Context
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.core.domain.member_names import NAME_LIMIT, clean_name
from bot.core.views import Notice, PollView

CLUB = ClubKey(Platform.SLACK, "T", "C")
ADMIN = Context(CLUB, Actor(MemberKey(Platform.SLACK, "T", "ada"), "Ada", True), "c")

HOSTILE = {
    "nul": "Eve\x00 Null",
    "surrogate": "Mal\ud800lory",
    "long": "M" * 1000,
    "bidi": "Trudy\n\u202egnp.exe\r\n\t",
    "controls": "\x1b[31mRed\x7f\x85\x9b",
    "blank": "\x00\n\ud800 ",
}


def member(user_id: str) -> MemberKey:
    return MemberKey(Platform.SLACK, "T", user_id)


def voter(user_id: str, name: str) -> Context:
    return Context(CLUB, Actor(member(user_id), name), "c")


async def open_poll(services: Services) -> PollView:
    assert isinstance((await services.dispatcher.run_text("/club setup", ADMIN)).view, Notice)
    poll = (await services.dispatcher.run_text("/vote open", ADMIN)).view
    assert isinstance(poll, PollView)
    return poll


async def names_of(services: Services, users: list[str]) -> dict[str, str]:
    async with services.deps.uow() as uow:
        found = await uow.members.display_names([member(u) for u in users])
    return {key.user_id: name for key, name in found.items()}


async def ballots_of(services: Services, poll_id: int) -> set[str]:
    async with services.deps.uow() as uow:
        return {b.member.user_id for b in await uow.polls.ballots(poll_id)}


async def test_a_burst_with_hostile_names_stores_every_vote(services: Services) -> None:
    poll = await open_poll(services)
    people = {f"m{n}": f"Member {n}" for n in range(20)} | HOSTILE
    replies = await asyncio.gather(
        *(services.dispatcher.run_text("/vote 1", voter(u, n)) for u, n in people.items())
    )
    assert all(isinstance(r.view, Notice) for r in replies), [r.view for r in replies]
    assert await ballots_of(services, poll.poll_id) == set(people)
    names = await names_of(services, list(people))
    assert names["nul"] == "Eve Null"
    assert names["surrogate"] == "Mallory"
    assert names["long"] == "M" * NAME_LIMIT
    assert names["bidi"] == "Trudy gnp.exe"
    assert names["controls"] == "[31mRed"
    assert names["blank"] == "blank"  # nothing left: the member's platform id
    assert names["m3"] == "Member 3"


async def test_any_name_is_stored_and_read_back_cleaned(services: Services) -> None:
    drawn: list[str] = []

    @hypothesis_settings(max_examples=150, database=None)
    @given(st.text(st.characters(codec=None), max_size=400) | st.text(max_size=40))
    def draw(name: str) -> None:
        drawn.append(name)

    draw()
    poll = await open_poll(services)
    users = [f"h{n}" for n in range(len(drawn))]
    replies = await asyncio.gather(
        *(
            services.dispatcher.run_text("/vote 1", voter(u, n))
            for u, n in zip(users, drawn, strict=True)
        )
    )
    assert all(isinstance(r.view, Notice) for r in replies)
    names = await names_of(services, users)
    assert names == {u: clean_name(n, u) for u, n in zip(users, drawn, strict=True)}
    assert await ballots_of(services, poll.poll_id) == set(users)
