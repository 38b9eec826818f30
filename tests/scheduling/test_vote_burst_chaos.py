"""kill -9 during a burst of votes, then a restart: every vote the bot confirmed is there, and
nobody has two ballots."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.bootstrap import build_services
from bot.core.clock import ManualClock
from bot.core.commands.context import Context
from bot.core.domain.ids import Actor, MemberKey, Platform
from bot.core.views import PollView
from bot.settings import Settings
from tests.scheduling.vote_burst_worker import CLUB

REPO = Path(__file__).resolve().parents[2]
VOTERS = 300
# The poll is opened, and every worker votes, on a clock that starts here: on any real date.
T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


async def _open_poll(url: str) -> int:
    services = await build_services(
        Settings(database_url=url),
        clock=ManualClock(T0),
        run_migrations=False,
        load_papers=False,
    )
    try:
        admin = Context(CLUB, Actor(MemberKey(Platform.SLACK, "T", "ada"), "Ada", True), "c")
        await services.dispatcher.run_text("/club setup", admin)
        poll = (await services.dispatcher.run_text("/vote open", admin)).view
        assert isinstance(poll, PollView)
        return poll.poll_id
    finally:
        await services.close()


async def _ballots(url: str, poll_id: int) -> dict[str, tuple[int, ...]]:
    services = await build_services(
        Settings(database_url=url), run_migrations=False, load_papers=False
    )
    try:
        async with services.deps.uow() as uow:
            ballots = await uow.polls.ballots(poll_id)
            poll = await uow.polls.get(poll_id)
        assert poll is not None
        numbers = {pid: n for n, pid in enumerate(poll.candidates, start=1)}
        found: dict[str, tuple[int, ...]] = {}
        for ballot in ballots:
            assert ballot.member.user_id not in found, "two ballots for one member"
            found[ballot.member.user_id] = tuple(numbers[p] for p in ballot.choices)
        return found
    finally:
        await services.close()


def _worker(url: str, poll_id: int, first: int, count: int) -> subprocess.Popen[str]:
    env = {**os.environ, "DATABASE_URL": url, "PAPERCLUB_LOG_LEVEL": "ERROR"}
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.scheduling.vote_burst_worker",
            url,
            str(poll_id),
            str(first),
            str(count),
            T0.isoformat(),
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def test_kill_nine_mid_burst_loses_no_confirmed_vote(database_url: str) -> None:
    poll_id = asyncio.run(_open_poll(database_url))
    rng = random.Random(11)
    acked: dict[str, int] = {}
    first = 0
    kills = 0
    while first < VOTERS:
        worker = _worker(database_url, poll_id, first, VOTERS - first)
        assert worker.stdout is not None
        # Kill after a random number of confirmations (the last round runs to the end).
        stop_after = rng.randint(5, 60) if kills < 3 else None
        for seen, line in enumerate(worker.stdout, start=1):
            _, who, choice = line.split()
            acked[who] = int(choice)
            if stop_after is not None and seen >= stop_after:
                worker.send_signal(signal.SIGKILL)
                kills += 1
                break
        worker.wait(timeout=60)
        # Restart from the first member not yet confirmed: earlier ones may be half-done.
        done = {int(who[1:]) for who in acked}
        before, first = first, min((n for n in range(VOTERS) if n not in done), default=VOTERS)
        # A round that confirms nothing would restart for ever: fail and say why instead.
        assert first > before, f"no vote confirmed from m{before} (worker {worker.returncode})"
    assert kills == 3
    stored = asyncio.run(_ballots(database_url, poll_id))
    for who, choice in acked.items():
        assert stored.get(who) == (choice,), who
    assert len(stored) == VOTERS
