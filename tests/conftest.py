"""Shared fixtures: real databases (SQLite always, PostgreSQL when configured) and a manual clock.

Set PAPERCLUB_TEST_DATABASE_URL=postgresql://user@host/db to run every database test on
PostgreSQL too; each test run creates (and drops) its own scratch database there.
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import hypothesis
import pytest
from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.engine import make_url

from bot import eventloop
from bot.bootstrap import Services, build_services
from bot.core.clock import ManualClock
from bot.readinglist.shipped import load_reading_list, sync_shipped
from bot.settings import DEFAULT_READING_LIST, ENV_FILE_VARIABLE, Settings
from bot.storage import migrate
from bot.storage.engine import make_async_engine, session_factory, sync_url
from bot.storage.tables import Base
from bot.storage.uow import SqlUnitOfWork
from paperclub_fakes.paper_apis import FakeArxiv, FakeCrossref, serving

PG_ENV = "PAPERCLUB_TEST_DATABASE_URL"
BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get(PG_ENV) else [])

# A Tuesday morning, so the weekly Wednesday 18:00 session is a day and a half away.
T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def pytest_configure(config: pytest.Config) -> None:
    """Hypothesis's per-example deadline (200 ms) and its too-slow health check are wall-clock
    budgets: on a loaded 2-core machine they fail correct code (a property test of post fates
    did, at load 14). A test that must bound its cost measures growth instead (the linear-time
    tests); every other property test checks only what it claims."""
    hypothesis.settings.register_profile(
        "paperclub", deadline=None, suppress_health_check=[hypothesis.HealthCheck.too_slow]
    )
    hypothesis.settings.load_profile("paperclub")


def pytest_asyncio_loop_factories(
    config: pytest.Config, item: pytest.Item
) -> Mapping[str, eventloop.LoopFactory]:
    """Every async test and fixture runs on the loop `paperclub run` serves on (uvloop where it
    is installed), so what passes here passes there: the loops differ in their transports,
    their timers and their signal and subprocess handling."""
    factory = eventloop.loop_factory()
    return {"uvloop": factory} if factory is not None else {"asyncio": asyncio.new_event_loop}


async def _seed(url: str) -> None:
    engine = make_async_engine(url)
    try:
        async with SqlUnitOfWork(session_factory(engine)) as uow:
            await sync_shipped(uow, load_reading_list(DEFAULT_READING_LIST))
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated, seeded SQLite file; each test gets a copy (much faster than migrating)."""
    path = tmp_path_factory.mktemp("template") / "paperclub.sqlite3"
    url = f"sqlite:///{path}"
    migrate.upgrade(url)
    asyncio.run(_seed(url))
    return path


@contextmanager
def scratch_postgres(admin_url: str, prefix: str) -> Iterator[str]:
    """The URL of an empty PostgreSQL database of its own (named `prefix` and a random part) on
    `admin_url`'s server, dropped on the way out."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(sync_url(admin_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A scratch PostgreSQL database for this test run, migrated and seeded once."""
    import asyncio

    admin_url = os.environ.get(PG_ENV)
    if not admin_url:
        pytest.skip(f"{PG_ENV} is not set")
    with scratch_postgres(admin_url, "paperclub_test") as url:
        migrate.upgrade(url)
        asyncio.run(_seed(url))
        _shipped_rows(url)  # read before any test can edit a shipped paper
        yield url


_SHIPPED: dict[str, list[dict[str, object]]] = {}


def _shipped_rows(url: str) -> list[dict[str, object]]:
    """The papers table as seeded, read once per database (the SQLite template's counterpart)."""
    if url not in _SHIPPED:
        papers = Base.metadata.tables["papers"]
        engine = create_engine(sync_url(url))
        try:
            with engine.connect() as connection:
                rows = connection.execute(select(papers).order_by(papers.c.id)).mappings()
                _SHIPPED[url] = [dict(row) for row in rows]
        finally:
            engine.dispose()
    return _SHIPPED[url]


def _reset_postgres(url: str) -> None:
    # Every table goes, papers included: a test may edit a shipped paper (its link, its summary),
    # and the next test must see the seed as SQLite's fresh template copy does.
    shipped = _shipped_rows(url)
    papers = Base.metadata.tables["papers"]
    tables = [t.name for t in Base.metadata.sorted_tables]
    engine = create_engine(sync_url(url))
    try:
        with engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
            connection.execute(insert(papers), shipped)
            # New papers then number on from the seed, as they do on SQLite.
            connection.execute(
                text("SELECT setval(pg_get_serial_sequence('papers', 'id'), :last)"),
                {"last": max(int(str(row["id"])) for row in shipped)},
            )
    finally:
        engine.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated database holding the shipped papers and nothing else."""
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        copy = tmp_path / "paperclub.sqlite3"
        shutil.copy(template, copy)
        return f"sqlite:///{copy}"
    url: str = request.getfixturevalue("postgres_url")
    _reset_postgres(url)
    return url


@pytest.fixture(autouse=True)
def _no_env_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's own .env (real tokens, their database) never reaches a test."""
    monkeypatch.setenv(ENV_FILE_VARIABLE, "")
    # Nor does a title search reach the real Crossref: a test that wants one serves the fake
    # (paperclub_fakes.paper_apis) and names it; this port refuses at once.
    monkeypatch.setenv("PAPERCLUB_CROSSREF_API_URL", "http://127.0.0.1:9/works")


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """Commands under test configure the root logger; put it back so no test sees another's."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.fixture
async def arxiv() -> AsyncIterator[FakeArxiv]:
    """The fake arXiv API with an empty catalogue: a test adds the papers it needs."""
    async with serving(FakeArxiv()) as fake:
        yield fake


@pytest.fixture
async def crossref() -> AsyncIterator[FakeCrossref]:
    """The fake Crossref REST API with an empty catalogue."""
    async with serving(FakeCrossref()) as fake:
        yield fake


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    # No paper's text is fetched from the real arXiv in a test: the tests of that serve their
    # own fake arXiv and point the settings at it.
    return Settings(database_url=database_url, paper_text=False)


@pytest.fixture
async def services(settings: Settings, clock: ManualClock) -> AsyncIterator[Services]:
    built = await build_services(settings, clock=clock, run_migrations=False, load_papers=False)
    try:
        yield built
    finally:
        await built.close()
