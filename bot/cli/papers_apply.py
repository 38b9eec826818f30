"""`paperclub papers import` into the database: the CLI's side of the club importer.

It builds the whole bot (bootstrap), so it lives with the CLI, not in storage."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from bot.bootstrap import build_services
from bot.readinglist.club_import import ClubImporter, Progress
from bot.readinglist.import_history import LoggedMeeting
from bot.readinglist.merge import ImportPlan
from bot.settings import Settings


@contextmanager
def _progress() -> Iterator[Progress | None]:
    """A rich progress bar on a terminal's stderr while ids and titles are looked up (arXiv
    takes one request every 3 s, so a long list takes minutes); nothing when piped."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress as Bar

    with Bar(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("Looking up papers", total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total or None)

        yield update


async def apply_import(
    settings: Settings,
    club: str | None,
    plan: ImportPlan,
    meetings: Sequence[LoggedMeeting] = (),
    *,
    skip_invalid: bool = False,
    dry_run: bool = False,
) -> str:
    """Merge the plan's papers into `club` (`platform:workspace:channel` or its name), or into
    the shared list when `club` is None, in one transaction. Returns the readable report.

    Raises ImportRefused (nothing changed) when an id cannot be looked up, unless `skip_invalid`.
    """
    services = await build_services(settings)
    try:
        importer = services.deps.importing.importer
        assert isinstance(importer, ClubImporter)
        with _progress() as progress:
            outcome = await importer.import_entries(
                club,
                plan.papers,
                plan.rejected if skip_invalid else (),
                skip_invalid=skip_invalid,
                dry_run=dry_run,
                progress=progress,
                meetings=meetings,
            )
    finally:
        await services.close()
    where = f"club {club}" if club else "the shared reading list"
    verb = "Would import" if dry_run else "Imported"
    lines = [f"{verb} into {where}: {outcome.headline}."]
    if club:
        appended = "would be appended" if dry_run else "appended"
        lines.append(
            f"{outcome.queued} papers {appended} to the queue; nothing already there moves."
            if outcome.queued
            else "No new papers for the queue; it stays unchanged."
        )
    lines += list(outcome.lines)
    return "\n".join(lines)
