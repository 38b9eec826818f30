"""The import report, as plain text (for chat and logs) or a rich table (for the terminal)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.core.text import Text, t, tn

if TYPE_CHECKING:
    from rich.table import Table

    from bot.readinglist.merge import ImportPlan
    from bot.readinglist.parsers.base import ParseResult


def _short(title: str, width: int = 70) -> str:
    return title if len(title) <= width else title[: width - 1] + "…"


def render_text(plan: ImportPlan) -> str:
    return "\n".join([plan.headline(), *report_lines(plan)])


def report_lines(plan: ImportPlan) -> list[Text]:
    """One line per entry: added, merged (into which paper, matched how) or rejected (why).
    Each is a catalog sentence, so a chat import reads it in the club's language."""
    lines = [t("  + added    {title}", title=_short(a.entry.title)) for a in plan.added]
    for merged in plan.merged:
        title, target = _short(merged.incoming.title), _short(plan.papers[merged.index].title, 50)
        how = _MATCHED_BY.get(merged.matched_by, merged.matched_by)
        if merged.enriched:
            fields = ", ".join(merged.enriched)
            lines.append(
                t(
                    "  = merged   {title} → {target} by {how} (+{fields})",
                    title=title,
                    target=target,
                    how=how,
                    fields=fields,
                )
            )
        else:
            lines.append(
                t("  = merged   {title} → {target} by {how}", title=title, target=target, how=how)
            )
    for rejected in plan.rejected:
        title = _short(rejected.title)
        if rejected.source and rejected.line:
            lines.append(
                t(
                    "  ! rejected {source}:{line}: {title}: {reason}",
                    source=rejected.source,
                    line=str(rejected.line),
                    title=title,
                    reason=rejected.reason,
                )
            )
        else:
            lines.append(t("  ! rejected {title}: {reason}", title=title, reason=rejected.reason))
    return lines


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


_MATCHED_BY = {
    "arXiv id": t("arXiv id"),
    "DOI": t("DOI"),
    "title": t("title"),
    "similar title": t("similar title"),
}


def parse_notes(result: ParseResult, *, meetings: bool = True) -> list[str]:
    """What the parser saw but did not make a paper of, and what is worth a second look: one
    line each, so an import that yields fewer papers than the list holds says which and why.
    `meetings`: list the log's dated entries too (an import into a club reports them as the
    sessions they became instead)."""
    lines: list[str] = []
    for skipped in result.skipped:
        lines.append(t("  - skipped  {what}", what=skipped.describe(result.source)))
    for warning in result.warnings:
        lines.append(t("  ? check    {what}", what=warning.describe(result.source)))
    if result.title_only:
        lines.append(
            tn(
                "  ? {n} paper has a title only (no link or id); "
                "each is looked up by its title and otherwise imported title-only",
                "  ? {n} papers have a title only (no link or id); "
                "each is looked up by its title and otherwise imported title-only",
                len(result.title_only),
            )
        )
    # The command line's own report of a meeting log (a chat import reports the sessions the
    # log became instead, see history_writes.py): English, as the rest of the CLI.
    titles = {entry.id: entry.title for entry in result.entries}
    for meeting in result.meetings if meetings else ():
        read = ", ".join(_short(titles.get(i, i), 50) for i in meeting.entry_ids) or "no paper"
        who = f", led by {meeting.presenter}" if meeting.presenter else ""
        status = " (cancelled)" if meeting.cancelled else ""
        lines.append(f"  · logged   {meeting.when.isoformat()}: {read}{who}{status}")
    return lines
