"""Replicas that start together each run `paperclub db upgrade`: one migrates, the others wait.

Without a lock, two upgrades of a fresh PostgreSQL database both try to create the same tables
and all but one fail, so a `docker compose up --scale bot=3` would start with crashed replicas.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from multiprocessing.synchronize import Barrier

import pytest

from bot.storage import migrate
from tests.conftest import PG_ENV, scratch_postgres

REPLICAS = 4


@pytest.fixture
def fresh_postgres() -> Iterator[str]:
    """An empty PostgreSQL database of its own, dropped afterwards."""
    admin_url = os.environ.get(PG_ENV)
    if not admin_url:
        pytest.skip(f"{PG_ENV} is not set")
    with scratch_postgres(admin_url, "paperclub_replicas") as url:
        yield url


def _replica(url: str, start: Barrier) -> None:
    # Each replica is its own process, as in production (Alembic's context is process-global).
    start.wait()
    migrate.upgrade(url)


def test_concurrent_upgrades_of_a_fresh_database_all_succeed(fresh_postgres: str) -> None:
    spawn = multiprocessing.get_context("spawn")
    start = spawn.Barrier(REPLICAS)
    replicas = [
        spawn.Process(target=_replica, args=(fresh_postgres, start)) for _ in range(REPLICAS)
    ]
    for replica in replicas:
        replica.start()
    for replica in replicas:
        replica.join()
    assert [replica.exitcode for replica in replicas] == [0] * REPLICAS
    assert migrate.current(fresh_postgres) == migrate.head()
