"""The club page as Markdown, in the shape reading groups keep in their READMEs: an upcoming
table, then past meetings with their presenters.

Every bit of text from members or papers is escaped, so a title cannot become a link, a table
cell break or an @mention on GitHub.
"""

from __future__ import annotations

import re

from bot.core.usecases.club_page_view import ClubPage, PagePaper, PageSession
from bot.webpage.render import google_calendar_url, safe_url, webcal_url

_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|@~&])")


def escape(text: str) -> str:
    """Markdown text that reads as written: punctuation escaped, lines joined."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _paper(paper: PagePaper | None) -> str:
    if paper is None:
        return "_to be decided_"
    # Inside <…> a link ends at ">" and may not hold spaces or line breaks.
    url = re.sub(r"[\s<>]", lambda m: f"%{ord(m.group()):02X}", safe_url(paper.url))
    title = f"[{escape(paper.title)}](<{url}>)" if url != "#" else escape(paper.title)
    year = f" ({paper.year})" if paper.year else ""
    return f"{title}, {escape(paper.authors)}{year}"


def _presenter(session: PageSession) -> str:
    if session.presenter:
        return escape(session.presenter)
    return "a member" if session.has_presenter else "—"


def render_markdown(page: ClubPage) -> str:
    lines = [f"# {escape(page.club_name)}", "", escape(page.rule_text), ""]
    if page.paused:
        lines += ["**The club is paused.**", ""]
    lines += ["## Upcoming", "", "| Date | Paper | Presenter |", "| --- | --- | --- |"]
    for s in page.upcoming:
        if s.status == "skipped":
            lines.append(f"| {escape(s.local_text)} | _no session (skipped)_ | |")
        else:
            lines.append(f"| {escape(s.local_text)} | {_paper(s.paper)} | {_presenter(s)} |")
    if not page.upcoming:
        lines.append("| | _nothing planned yet_ | |")
    lines.append("")
    if page.queue:
        lines += ["## Reading queue", ""]
        for item in page.queue:
            year = f" ({item.year})" if item.year else ""
            lines.append(f"{item.position}. {escape(item.title)}, {escape(item.authors)}{year}")
        lines.append("")
    lines += ["## Past meetings", ""]
    for s in page.archive:
        came = f"{s.came} {'person' if s.came == 1 else 'people'} came"
        lines.append(
            f"- {escape(s.local_text)}: {_paper(s.paper)}; presented by {_presenter(s)}; {came}"
        )
    if not page.archive:
        lines.append("No meeting has taken place yet.")
    lines.append("")
    if page.calendar_url:
        lines += [
            "## Subscribe",
            "",
            f"- [Calendar app (webcal)](<{webcal_url(page.calendar_url)}>)",
            f"- [Google Calendar](<{google_calendar_url(page.calendar_url)}>)",
            "",
        ]
    return "\n".join(lines)
