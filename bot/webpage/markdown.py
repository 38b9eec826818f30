"""The club page as Markdown, in the shape reading groups keep in their READMEs: an upcoming
table, then past meetings with their presenters.

Every bit of text from members or papers is escaped, so a title cannot become a link, a table
cell break or an @mention on GitHub. The page is in the club's language, like the HTML one.
"""

from __future__ import annotations

import re

from bot.core.usecases.club_page_view import ClubPage, PagePaper, PageSession
from bot.i18n import _, ngettext, say, speaking
from bot.webpage.render import google_calendar_url, safe_url, webcal_url

_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|@~&])")


def escape(text: str) -> str:
    """Markdown text that reads as written: punctuation escaped, lines joined."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _paper(paper: PagePaper | None) -> str:
    if paper is None:
        return "_" + _("to be decided") + "_"
    # Inside <…> a link ends at ">" and may not hold spaces or line breaks.
    url = re.sub(r"[\s<>]", lambda m: f"%{ord(m.group()):02X}", safe_url(paper.url))
    title = f"[{escape(paper.title)}](<{url}>)" if url != "#" else escape(paper.title)
    year = f" ({paper.year})" if paper.year else ""
    return f"{title}, {escape(paper.authors)}{year}"


def _presenter(session: PageSession) -> str:
    if session.presenter:
        return escape(session.presenter)
    return _("a member") if session.has_presenter else "—"


def _came(session: PageSession) -> str:
    if session.came is None:
        return _("attendance not recorded")
    return ngettext("{n} person came", "{n} people came", session.came)


def render_markdown(page: ClubPage) -> str:
    """The page as Markdown, in the club's language."""
    with speaking(page.language):
        return "\n".join(_lines(page))


def _lines(page: ClubPage) -> list[str]:
    lines = [f"# {escape(page.club_name)}", "", escape(say(page.rule_text)), ""]
    if page.paused:
        lines += ["**" + _("The club is paused.") + "**", ""]
    head = (_("Date"), _("Paper"), _("Presenter"))
    lines += ["## " + _("Upcoming"), "", "| {} | {} | {} |".format(*head), "| --- | --- | --- |"]
    skipped = _("no session (skipped)")
    for s in page.upcoming:
        day = escape(say(s.local_text))
        if s.status == "skipped":
            lines.append(f"| {day} | _{skipped}_ | |")
        else:
            lines.append(f"| {day} | {_paper(s.paper)} | {_presenter(s)} |")
    if not page.upcoming:
        lines.append("| | _" + _("nothing planned yet") + "_ | |")
    lines.append("")
    if page.queue:
        lines += ["## " + _("Reading queue"), ""]
        for item in page.queue:
            year = f" ({item.year})" if item.year else ""
            lines.append(f"{item.position}. {escape(item.title)}, {escape(item.authors)}{year}")
        lines.append("")
    lines += ["## " + _("Past meetings"), ""]
    for s in page.archive:
        held = _("{day}: {paper}; presented by {presenter}; {came}").format(
            day=escape(say(s.local_text)),
            paper=_paper(s.paper),
            presenter=_presenter(s),
            came=_came(s),
        )
        lines.append(f"- {held}")
    if not page.archive:
        lines.append(_("No meeting has taken place yet."))
    lines.append("")
    if page.calendar_url:
        lines += [
            "## " + _("Subscribe"),
            "",
            "- [" + _("Calendar app (webcal)") + f"](<{webcal_url(page.calendar_url)}>)",
            "- [" + _("Google Calendar") + f"](<{google_calendar_url(page.calendar_url)}>)",
            "",
        ]
    return lines
