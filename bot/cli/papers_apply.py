"""`paperclub papers import` into the database: the CLI's side of the club importer.

It builds the whole bot (bootstrap), so it lives with the CLI, not in storage."""

from __future__ import annotations

from bot.bootstrap import build_services
from bot.readinglist.club_import import ClubImporter
from bot.readinglist.merge import ImportPlan
from bot.settings import Settings


async def apply_import(
    settings: Settings, club: str | None, plan: ImportPlan, *, skip_invalid: bool = False
) -> str:
    """Merge the plan's papers into `club` (`platform:workspace:channel` or its name), or into
    the shared list when `club` is None, in one transaction. Returns the readable report.

    Raises ImportRefused (nothing changed) when an id cannot be looked up, unless `skip_invalid`.
    """
    services = await build_services(settings)
    try:
        importer = services.deps.importing.importer
        assert isinstance(importer, ClubImporter)
        outcome = await importer.import_entries(
            club, plan.papers, plan.rejected if skip_invalid else (), skip_invalid=skip_invalid
        )
    finally:
        await services.close()
    where = f"club {club}" if club else "the shared reading list"
    lines = [f"Imported into {where}: {outcome.headline}."]
    if club:
        lines.append(
            f"{outcome.queued} papers appended to the queue; nothing already there moved."
            if outcome.queued
            else "No new papers for the queue; it is unchanged."
        )
    lines += [line for line in outcome.lines if line.lstrip().startswith("!")]
    return "\n".join(lines)
