"""The import report, as plain text (for chat and logs) or a rich table (for the terminal)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.table import Table

    from bot.readinglist.merge import ImportPlan
    from bot.readinglist.parsers.base import ParseResult


def _short(title: str, width: int = 70) -> str:
    return title if len(title) <= width else title[: width - 1] + "…"


def render_text(plan: ImportPlan) -> str:
    lines = [plan.headline()]
    for added in plan.added:
        lines.append(f"  + added    {_short(added.entry.title)}")
    for merged in plan.merged:
        target = plan.papers[merged.index].title
        detail = f" (+{', '.join(merged.enriched)})" if merged.enriched else ""
        how = f" by {merged.matched_by}"
        lines.append(
            f"  = merged   {_short(merged.incoming.title)} → {_short(target, 50)}{how}{detail}"
        )
    for rejected in plan.rejected:
        where = f"{rejected.source}:{rejected.line}: " if rejected.source and rejected.line else ""
        lines.append(f"  ! rejected {where}{_short(rejected.title)}: {rejected.reason}")
    return "\n".join(lines)


def render_table(plan: ImportPlan) -> Table:
    from rich.table import Table

    table = Table(title=plan.headline(), show_lines=False)
    table.add_column("", width=8)
    table.add_column("Paper")
    table.add_column("Details")
    for added in plan.added:
        table.add_row("[green]added[/]", _short(added.entry.title), added.entry.arxiv_id or "")
    for merged in plan.merged:
        target = plan.papers[merged.index].title
        detail = f"into {_short(target, 40)!r} by {merged.matched_by}"
        if merged.enriched:
            detail += f"; enriched {', '.join(merged.enriched)}"
        table.add_row("[cyan]merged[/]", _short(merged.incoming.title), detail)
    for rejected in plan.rejected:
        where = f"{rejected.source}:{rejected.line}" if rejected.source and rejected.line else ""
        table.add_row(
            "[red]rejected[/]", _short(rejected.title), f"{where} {rejected.reason}".strip()
        )
    return table


def parse_notes(result: ParseResult, *, meetings: bool = True) -> list[str]:
    """What the parser saw but did not make a paper of, and what is worth a second look: one
    line each, so an import that yields fewer papers than the list holds says which and why.
    `meetings`: list the log's dated entries too (an import into a club reports them as the
    sessions they became instead)."""
    lines = []
    for skipped in result.skipped:
        lines.append(f"  - skipped  {skipped.describe(result.source)}")
    for warning in result.warnings:
        lines.append(f"  ? check    {warning.describe(result.source)}")
    if result.title_only:
        count = len(result.title_only)
        lines.append(
            f"  ? {count} paper{'s have' if count != 1 else ' has'} a title only (no link or id); "
            "each is looked up by its title and otherwise imported title-only"
        )
    titles = {entry.id: entry.title for entry in result.entries}
    for meeting in result.meetings if meetings else ():
        read = ", ".join(_short(titles.get(i, i), 50) for i in meeting.entry_ids) or "no paper"
        who = f", led by {meeting.presenter}" if meeting.presenter else ""
        status = " (cancelled)" if meeting.cancelled else ""
        lines.append(f"  · logged   {meeting.when.isoformat()}: {read}{who}{status}")
    return lines
