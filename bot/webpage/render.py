"""The club page as HTML, from the core's `ClubPage`.

Every value is escaped by Jinja2's autoescape; links come only from the page's own data (paper
URLs the reading list checked, the club's feed), and a URL whose scheme is not http(s) is
written as "#" rather than trusted.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from typing import Final
from urllib.parse import quote, urlsplit

import jinja2
from babel.numbers import format_decimal

from bot.adapters.shared import card_text
from bot.core.usecases.club_page_view import ClubPage, PagePaper, PageSession
from bot.core.wording import format_local
from bot.i18n import babel_locale, current_language, say, speaking, translations
from bot.i18n.templates import LocalisedTrans

# The stylesheet and the optional script, served beside the page and written by the export.
# The public page's (what the export writes), then the management page's.
PUBLIC_ASSETS: Final = ("page.css", "local-time.js")
ASSETS: Final = (*PUBLIC_ASSETS, "manage.css", "manage.js")
CONTENT_TYPES: Final = {
    "page.css": "text/css",
    "local-time.js": "text/javascript",
    "manage.css": "text/css",
    "manage.js": "text/javascript",
}


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("bot.webpage", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=[LocalisedTrans],
    )
    # The bot's catalogs, in the language being spoken (render_page and render_template speak
    # the club's): one environment serves every club. `{% trans %}` blocks fill their own
    # `%(name)s` values after translation, escaping them, numbers in the locale; `trimmed`
    # joins a block's lines as babel.cfg extracts them.
    environment.policies["ext.i18n.trimmed"] = True
    environment.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=_gettext, ngettext=_ngettext, newstyle=False
    )
    environment.filters["iso_utc"] = iso_utc
    environment.filters["utc_text"] = utc_text
    environment.filters["utc_moment"] = utc_moment
    environment.filters["webcal"] = webcal_url
    environment.filters["google_calendar"] = google_calendar_url
    environment.filters["safe_url"] = safe_url
    # The core's text (Text, Moment) in the club's language; `fill` puts values into a
    # translated `{name}` sentence after translation, as `_("...").format(...)` does in Python.
    environment.filters["say"] = say
    environment.filters["number"] = number
    environment.filters["fill"] = fill
    environment.globals["language_note"] = card_text.other_language
    return environment


def _gettext(message: str) -> str:
    return translations(current_language()).gettext(message)


def _ngettext(singular: str, plural: str, count: int) -> str:
    return translations(current_language()).ngettext(singular, plural, count)


@cache
def asset(name: str) -> bytes:
    """One of ASSETS, as shipped in the package."""
    if name not in ASSETS:
        raise KeyError(name)
    return resources.files("bot.webpage").joinpath("static", name).read_bytes()


def render_page(page: ClubPage, assets: str) -> str:
    """The page's HTML in the club's language; `assets` is where page.css and local-time.js
    are (a path prefix)."""
    return render_template("page.html.j2", page.language, page=_safe(page), assets=assets)


def number(value: int | float | str) -> str:
    """A figure in the language being spoken's locale ("1,234"; a float with one decimal,
    "2.0"); text (a "—" for none yet) as `say` says it."""
    if isinstance(value, str):
        return say(value)
    locale = babel_locale(current_language())
    if isinstance(value, float):
        return str(format_decimal(value, format="#,##0.0", locale=locale))
    return str(format_decimal(value, locale=locale))


def fill(sentence: str, **values: object) -> str:
    return sentence.format(**values)


def render_template(name: str, language: str | None, **values: object) -> str:
    """A page in `language` (English where it has no catalog): the public page, the management
    page and its messages. The template gets the language spoken as `language`, for its
    `<html lang>`."""
    with speaking(language):
        template = _environment().get_template(name)
        return template.render(language=current_language(), **values)


def iso_utc(instant: datetime) -> str:
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def utc_text(instant: datetime) -> str:
    return instant.astimezone(UTC).strftime("%H:%M UTC")


def utc_moment(instant: datetime) -> str:
    """The day and time in UTC, said in the page's language by `say`."""
    return format_local(instant, "UTC")


def webcal_url(https_url: str) -> str:
    return "webcal://" + https_url.split("://", 1)[1]


def google_calendar_url(https_url: str) -> str:
    # Google Calendar subscribes to a feed given as cid; it wants the webcal form.
    return "https://calendar.google.com/calendar/render?cid=" + quote(webcal_url(https_url), "")


def safe_url(url: str | None) -> str:
    if not url:
        return "#"
    return url if urlsplit(url).scheme in ("http", "https") else "#"


def _safe(page: ClubPage) -> ClubPage:
    """The page with every paper link reduced to http(s): a stored `javascript:` URL must not
    become a link, and escaping alone would not stop it."""

    def paper(p: PagePaper | None) -> PagePaper | None:
        if p is None:
            return None
        return replace(
            p,
            url=safe_url(p.url),
            abstract_url=safe_url(p.abstract_url) if p.abstract_url else None,
            pdf_url=safe_url(p.pdf_url) if p.pdf_url else None,
        )

    def session(s: PageSession | None) -> PageSession | None:
        return None if s is None else replace(s, paper=paper(s.paper))

    vote = page.open_vote
    if vote is not None:
        vote = replace(vote, candidates=tuple(p for c in vote.candidates if (p := paper(c))))
    return replace(
        page,
        next_session=session(page.next_session),
        upcoming=tuple(s for u in page.upcoming if (s := session(u))),
        archive=tuple(s for a in page.archive if (s := session(a))),
        open_vote=vote,
    )
