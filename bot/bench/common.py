"""What several measurements share: a fixed start instant and the services on a scratch database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from bot.bootstrap import Services, build_services
from bot.core.clock import ManualClock
from bot.core.commands.context import Context
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.settings import Settings

# A Tuesday morning: the weekly Wednesday session is a day and a half away, so a vote can open.
T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
SEED = 20261124  # every random choice in the bench comes from this seed


def member(n: int, workspace: str = "bench") -> MemberKey:
    return MemberKey(Platform.CONSOLE, workspace, f"m{n:06d}")


def context(club: ClubKey, n: int, *, admin: bool = False) -> Context:
    return Context(club, Actor(member(n, club.workspace_id), f"Member {n}", admin), "bench")


@asynccontextmanager
async def bench_services(url: str, *, load_papers: bool = True) -> AsyncIterator[Services]:
    """The bot's own services (engine, unit of work, dispatcher) on `url`, on a manual clock."""
    settings = Settings(database_url=url)
    services = await build_services(
        settings, clock=ManualClock(T0), run_migrations=False, load_papers=load_papers
    )
    try:
        yield services
    finally:
        await services.close()
