"""Real bot processes, SIGKILLed at random moments and run as replicas: every post exactly once."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from bot.core.clock import SystemClock
from bot.core.domain.clubs import ClubSettings
from bot.core.domain.ids import ClubKey, Platform
from bot.core.domain.outbox import OutboxStatus, PlannedPost, PostKind
from bot.core.views import Notice
from bot.scheduling import viewcodec
from bot.storage.engine import make_async_engine, session_factory
from bot.storage.uow import SqlUnitOfWork
from tests.waiting import HANG

REPO = Path(__file__).resolve().parents[2]
POSTS = 40


async def _queue(url: str, count: int) -> None:
    """A paused club (so the planner adds nothing) with `count` posts due now."""
    engine = make_async_engine(url)
    now = SystemClock().now()
    try:
        async with SqlUnitOfWork(session_factory(engine)) as uow:
            key = ClubKey(Platform.CONSOLE, "chaos", "c")
            club = await uow.clubs.add(key, "Chaos", ClubSettings(paused=True), now)
            for n in range(count):
                post = PlannedPost(f"chaos:{n}", club.id, None, PostKind.NOTICE, now, now)
                await uow.outbox.add(post, now, {"view": viewcodec.encode(Notice(f"#{n}"))})
            await uow.commit()
    finally:
        await engine.dispose()


async def _statuses(url: str) -> Counter[OutboxStatus]:
    engine = make_async_engine(url)
    try:
        async with SqlUnitOfWork(session_factory(engine)) as uow:
            found: Counter[OutboxStatus] = Counter()
            for club in await uow.clubs.all():
                found.update(e.status for e in await uow.outbox.entries(club.id))
            return found
    finally:
        await engine.dispose()


def _start(url: str, record: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "PAPERCLUB_CLAIM_TIMEOUT_SECONDS": "1",
        "PAPERCLUB_SCHEDULER_POLL_SECONDS": "0.05",
        "PAPERCLUB_LOG_LEVEL": "ERROR",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "tests.scheduling.chaos_bot", str(record)],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_all_sent(url: str, deadline: float) -> Counter[OutboxStatus]:
    statuses: Counter[OutboxStatus] = Counter()
    while time.monotonic() < deadline:
        statuses = asyncio.run(_statuses(url))
        if statuses[OutboxStatus.SENT] == POSTS:
            break
        time.sleep(0.2)
    return statuses


def _delivered(record: Path) -> Counter[str]:
    return (
        Counter(record.read_text(encoding="utf-8").splitlines()) if record.exists() else Counter()
    )


def test_sigkill_at_random_moments_loses_and_doubles_nothing(
    database_url: str, tmp_path: Path
) -> None:
    asyncio.run(_queue(database_url, POSTS))
    record = tmp_path / "delivered.txt"
    chance = random.Random()
    killed_after: list[int] = []
    for _ in range(4):
        process = _start(database_url, record)
        time.sleep(chance.uniform(0.6, 1.6))
        process.send_signal(signal.SIGKILL)
        process.wait()
        killed_after.append(sum(_delivered(record).values()))
    process = _start(database_url, record)
    try:
        statuses = _wait_all_sent(database_url, time.monotonic() + HANG)
    finally:
        process.terminate()
        process.wait(timeout=HANG)
    delivered = _delivered(record)
    assert sorted(delivered) == sorted(f"chaos:{n}" for n in range(POSTS)), "a post was lost"
    assert max(delivered.values()) == 1, "a post was sent twice"
    assert statuses == Counter({OutboxStatus.SENT: POSTS})
    print("posts delivered when each kill landed:", killed_after)


def test_three_replicas_on_one_postgresql_send_each_post_once(
    database_url: str, tmp_path: Path
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("replicas need PostgreSQL (set PAPERCLUB_TEST_DATABASE_URL)")
    asyncio.run(_queue(database_url, POSTS))
    record = tmp_path / "delivered.txt"
    replicas = [_start(database_url, record) for _ in range(3)]
    try:
        statuses = _wait_all_sent(database_url, time.monotonic() + HANG)
    finally:
        for process in replicas:
            process.terminate()
        for process in replicas:
            process.wait(timeout=HANG)
    delivered = _delivered(record)
    assert sorted(delivered) == sorted(f"chaos:{n}" for n in range(POSTS))
    assert max(delivered.values()) == 1
    assert statuses == Counter({OutboxStatus.SENT: POSTS})
