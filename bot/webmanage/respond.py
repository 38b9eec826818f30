"""How the management page's routes answer: its security headers, its pages rendered in a
language, a page that says one thing, and the browser's language where no club is known."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from bot.locale import language_of_locale
from bot.webpage import render as webpage

ASSETS = "/page-assets/"
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; "
        "connect-src 'self'; "
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
    "Cache-Control": "no-store",
}


def browser_language(request: web.Request) -> str | None:
    """The first language of the browser's Accept-Language that has a catalog."""
    ranked: list[tuple[float, int, str]] = []
    for place, part in enumerate(request.headers.get("Accept-Language", "").split(",")[:20]):
        code, _sep, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                continue
        if code and code != "*" and weight > 0:
            ranked.append((-weight, place, code))
    for _weight, _place, code in sorted(ranked):
        if (found := language_of_locale(code)) is not None:
            return found
    return None


def html(template: str, language: str | None, status: int = 200, **values: Any) -> web.Response:
    return web.Response(
        text=webpage.render_template(template, language, assets=ASSETS, **values),
        status=status,
        content_type="text/html",
        charset="utf-8",
        headers=HEADERS,
    )


def message(
    language: str | None, status: int, heading: str, text: str, **values: Any
) -> web.Response:
    """A page that says one thing; `heading` and `text` are said in `language` already."""
    values.setdefault("sign_in", None)
    values.setdefault("who", None)
    values.setdefault("back", None)
    return html("manage_message.html.j2", language, status, heading=heading, text=text, **values)
