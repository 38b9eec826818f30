"""Builds the running bot from Settings. Nothing is built at import time."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core.clock import SystemClock
from bot.core.commands.context import Deps, wire
from bot.core.commands.dispatch import Dispatcher
from bot.core.ports import Clock
from bot.metrics import PrometheusMetrics
from bot.readinglist.backfill import ContentBackfill
from bot.readinglist.club_import import ClubImporter
from bot.readinglist.lookup.service import LookupService, build_lookup
from bot.readinglist.sandbox import Limits, Sandbox
from bot.readinglist.shipped import load_reading_list, sync_shipped
from bot.settings import Settings
from bot.storage import migrate
from bot.storage.ballot_box import SqlBallotBox
from bot.storage.engine import is_sqlite, make_async_engine, make_reader_engine, session_factory
from bot.storage.lookup_cache import SqlMetadataCache
from bot.storage.uow import SqlUnitOfWork, WriterTurns
from bot.webroutes import WebRoutes

log = logging.getLogger(__name__)

# How long closing lets commands under way finish before cancelling them. A container stop
# sends SIGTERM and SIGKILLs ten seconds later, so the whole shutdown stays well inside that.
CLOSE_GRACE = 5.0


@dataclass
class Services:
    settings: Settings
    engine: AsyncEngine
    deps: Deps
    dispatcher: Dispatcher
    lookup: LookupService | None = None  # holds HTTP sessions, closed with the services
    # Reads imported papers for their summaries and prompts while the bot runs (runtime hook).
    backfill: ContentBackfill | None = None
    metrics: PrometheusMetrics = field(default_factory=PrometheusMetrics)
    ballot_box: SqlBallotBox | None = None  # its flusher writes queued ballots before we stop
    # Routes the platforms add to the HTTP port (Slack in HTTP mode), see bot/webroutes.py.
    web: WebRoutes = field(default_factory=WebRoutes)
    # PostgreSQL's autocommit, read-only connections for one-statement reads (None on SQLite).
    reader_engine: AsyncEngine | None = None

    async def close(self, grace: float = CLOSE_GRACE) -> None:
        """Let commands under way finish (cancelled and awaited after ``grace`` seconds), write
        the queued ballots, then close the HTTP sessions and the database, in that order: the
        engine goes last, when nothing can be in the middle of a query any more."""
        await self.dispatcher.inflight.drain(grace)
        if self.ballot_box is not None:
            await self.ballot_box.aclose()
        if self.lookup is not None:
            await self.lookup.close()
        await self.engine.dispose()
        if self.reader_engine is not None:
            await self.reader_engine.dispose()


async def upgrade_database(settings: Settings) -> None:
    # Alembic is synchronous; run it off the event loop.
    await asyncio.to_thread(migrate.upgrade, settings.database_url)


async def build_services(
    settings: Settings,
    *,
    clock: Clock | None = None,
    run_migrations: bool = True,
    load_papers: bool = True,
) -> Services:
    if run_migrations:
        await upgrade_database(settings)
    engine = make_async_engine(settings.database_url, timeouts=settings.database_timeouts())
    sessions = session_factory(engine)
    reader_engine = make_reader_engine(settings.database_url, timeouts=settings.database_timeouts())
    lone_sessions = session_factory(reader_engine) if reader_engine is not None else sessions
    clock = clock or SystemClock()
    lookup = build_lookup(settings, SqlMetadataCache(sessions, clock))

    write_lock = WriterTurns() if is_sqlite(settings.database_url) else None

    def make_uow() -> SqlUnitOfWork:
        return SqlUnitOfWork(sessions, write_lock)

    def make_reader() -> SqlUnitOfWork:
        return SqlUnitOfWork(sessions, write_lock, read_only=True)

    def make_statement_reader() -> SqlUnitOfWork:
        return SqlUnitOfWork(lone_sessions, write_lock, read_only=True)

    ballot_box = SqlBallotBox(engine, clock, write_lock)
    backfill = ContentBackfill(make_uow, lookup) if settings.paper_text else None

    metrics = PrometheusMetrics(clock)
    deps = wire(
        uow=make_uow,
        clock=clock,
        lookup=lookup,
        importer=ClubImporter(
            make_uow,
            clock,
            lookup,
            backfill=backfill,
            sandbox=Sandbox(
                Limits(
                    seconds=settings.import_seconds,
                    memory_bytes=settings.import_memory_mb * 1024 * 1024,
                )
            ),
            max_entries=settings.import_max_entries,
        ),
        writer=lookup,
        club_defaults=settings.club_defaults.to_club_settings(),
        public_base_url=settings.public_base_url,
        metrics=metrics,
        ballot_box=ballot_box,
        reader=make_reader,
        statement_reader=make_statement_reader,
    )
    services = Services(
        settings,
        engine,
        deps,
        Dispatcher(deps),
        lookup=lookup,
        backfill=backfill,
        metrics=metrics,
        ballot_box=ballot_box,
        reader_engine=reader_engine,
    )
    if load_papers:
        reading_list = load_reading_list(settings.reading_list)
        async with deps.uow() as uow:
            count = await sync_shipped(uow, reading_list)
        log.info("reading list loaded", extra={"papers": count})
    return services
