"""A club with a history, made the way members make one: through the chat commands.

Three sessions held (one skipped week between them), presenters, check-ins, a closed vote that
chose a paper and an open one, and the public page turned on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.bootstrap import Services
from bot.core.clock import ManualClock
from bot.core.commands.context import Context
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from tests.core.fakes import make_paper

CLUB = ClubKey(Platform.CONSOLE, "local", "console")
BASE = "https://club.example"  # the bot's public address: the club page's links start with it
# Wednesdays 18:00 in Berlin; the club is set up on Monday 2 Nov 2026.
SETUP = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
FIRST = datetime(2026, 11, 4, 17, 0, tzinfo=UTC)
TITLES = (
    "Attention Is All You Need",
    "Deep Residual Learning <for> Image Recognition",  # markup in a title stays text
    "BERT: Pre-training of Deep Bidirectional Transformers",
    "Language Models are Few-Shot Learners",
    "Denoising Diffusion Probabilistic Models",
    "Playing Atari with Deep Reinforcement Learning",
    "Adam: A Method for Stochastic Optimization",
    "Dropout & friends: Preventing Overfitting",
)


def ctx(name: str, admin: bool = False) -> Context:
    member = MemberKey(Platform.CONSOLE, "local", name)
    return Context(CLUB, Actor(member, name.capitalize(), admin), "console")


ADMIN = ctx("ada", admin=True)


@dataclass(frozen=True, slots=True)
class Seeded:
    token: str


async def say(services: Services, line: str, who: Context = ADMIN) -> object:
    return (await services.dispatcher.run_text(line, who)).view


async def seed_club(services: Services, clock: ManualClock) -> Seeded:
    clock.set(SETUP)
    async with services.deps.uow() as uow:
        for rank, title in enumerate(TITLES, start=1):
            arxiv = f"17{rank:02d}.0{rank}762" if rank % 2 else None
            await uow.papers.upsert(
                make_paper(rank, title, arxiv_id=arxiv, authors=("Grace Hopper", "Alan Turing")),
                shipped_rank=rank,
            )
        await uow.commit()
    await say(services, "/club setup wed 18:00 Europe/Berlin")
    await say(services, "/present", ctx("quinby"))
    clock.set(FIRST + timedelta(minutes=5))
    for name in ("quinby", "yusra", "xavi"):
        await say(services, "/attend", ctx(name))
    # The second week is skipped; the third is held.
    clock.set(FIRST + timedelta(hours=2))
    await say(services, "/club skip 2026-11-11")
    clock.set(FIRST + timedelta(weeks=2, minutes=5))
    await say(services, "/attend", ctx("yusra"))
    clock.set(FIRST + timedelta(weeks=2, hours=2))
    # A vote chooses the fourth week's paper; it is held too.
    await say(services, "/vote open")
    for name, choice in (("quinby", "2"), ("yusra", "2"), ("xavi", "1")):
        await say(services, f"/vote {choice}", ctx(name))
    await say(services, "/vote close")
    clock.set(FIRST + timedelta(weeks=3, minutes=5))
    for name in ("quinby", "xavi"):
        await say(services, "/attend", ctx(name))
    clock.set(FIRST + timedelta(weeks=3, hours=2))
    await say(services, "/club skip 2026-12-09")
    await say(services, "/vote open")
    await say(services, "/club page on")
    async with services.deps.uow() as uow:
        club = await uow.clubs.get(CLUB)
    assert club is not None and club.page_token
    return Seeded(club.page_token)
