"""The management page's routes on the bot's HTTP port.

GET /manage/sign-in/<token> only looks at the link and offers a Sign in button: chat apps fetch
links to preview them, and such a fetch must not spend a single-use link. The button's POST
uses it, sets the session cookie and redirects (303) to /manage; being a same-site request, it
carries the SameSite=Strict cookie there, where a redirect from a chat app's click would not.
Every change is a POST to /manage/act with the session's CSRF token, answered by a redirect
back to the page, which says once what the command answered (Post/Redirect/Get).
"""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp import web

from bot.bootstrap import Services
from bot.core.domain.sign_ins import Redeemed
from bot.core.usecases import manage_sign_in
from bot.core.usecases.manage_sign_in import SESSION_TTL, Admin, Refused
from bot.core.views import ErrorView, Notice, Reply
from bot.i18n import say, speaking
from bot.webmanage import forms, page
from bot.webpage import render as webpage

COOKIE = "paperclub_manage"
ASSETS = "/page-assets/"
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; "
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
    "Cache-Control": "no-store",
}
_AGAIN = "Type /club manage in the club's channel for a new link."
_REFUSED = {
    Redeemed.USED: (410, "This link was used", f"A sign-in link works once. {_AGAIN}"),
    Redeemed.EXPIRED: (410, "This link has expired", f"Sign-in links last minutes. {_AGAIN}"),
    Redeemed.UNKNOWN: (404, "Unknown link", f"This is not a sign-in link this bot made. {_AGAIN}"),
    None: (
        403,
        "Only club admins can manage the club",
        "Your account is not an admin of this club (any more), so this link opens nothing.",
    ),
}


def add_routes(app: web.Application, services: Services) -> None:
    handlers = _Handlers(services)
    app.router.add_get("/manage/sign-in/{token}", handlers.look)
    app.router.add_post("/manage/sign-in/{token}", handlers.sign_in)
    app.router.add_get("/manage", handlers.page)
    app.router.add_post("/manage/act", handlers.act)
    app.router.add_post("/manage/sign-out", handlers.sign_out)


def _html(template: str, status: int = 200, **values: Any) -> web.Response:
    return web.Response(
        text=webpage.render_template(template, assets=ASSETS, **values),
        status=status,
        content_type="text/html",
        charset="utf-8",
        headers=HEADERS,
    )


def _message(status: int, heading: str, text: str, **values: Any) -> web.Response:
    values.setdefault("sign_in", None)
    values.setdefault("who", None)
    return _html("manage_message.html.j2", status, heading=heading, text=text, **values)


def _see_manage() -> web.Response:
    return web.Response(status=303, headers={**HEADERS, "Location": "/manage"})


def _signed_out() -> web.Response:
    return _message(
        401, "You are not signed in", f"Your sign-in has ended or never began. {_AGAIN}"
    )


def _said(reply: Reply) -> str:
    """What the command answered, as one line for the page."""
    with speaking(reply.language):
        view = reply.view
        if isinstance(view, ErrorView):
            return " ".join(say(p) for p in (view.message, view.hint) if p)
        if isinstance(view, Notice):
            return " ".join(say(p) for p in (view.text, *view.details) if p)
    return "Done."


class _Handlers:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.store = services.deps.store
        base = services.settings.public_base_url or ""
        self.secure = base.lower().startswith("https://")

    async def look(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        status, who = await manage_sign_in.look(token, self.store)
        if status is not Redeemed.OK:
            return _message(*_REFUSED[status])
        return _message(
            200,
            "Sign in to manage the club",
            "This link signs you in once, on this device, for 30 minutes.",
            sign_in=f"/manage/sign-in/{token}",
            who=who,
        )

    async def sign_in(self, request: web.Request) -> web.StreamResponse:
        done = await manage_sign_in.sign_in(
            request.match_info["token"], self.store, self.services.web.admin_checks
        )
        if isinstance(done, Refused):
            return _message(*_REFUSED[done.why])
        response = _see_manage()
        response.set_cookie(
            COOKIE,
            done.cookie,
            max_age=int(SESSION_TTL.total_seconds()),
            path="/manage",
            httponly=True,
            samesite="Strict",
            secure=self.secure,
        )
        return response

    async def _admin(self, request: web.Request) -> Admin | None:
        return await manage_sign_in.signed_in(request.cookies.get(COOKIE), self.store)

    async def page(self, request: web.Request) -> web.Response:
        admin = await self._admin(request)
        if admin is None:
            return _signed_out()
        view = await page.build(admin, self.services.dispatcher)
        if admin.session.notice is not None:
            await manage_sign_in.note(request.cookies[COOKIE], self.store, None)
        html = await asyncio.to_thread(
            webpage.render_template, "manage.html.j2", view=view, assets=ASSETS
        )
        return web.Response(text=html, content_type="text/html", charset="utf-8", headers=HEADERS)

    async def _posted(
        self, request: web.Request, *, too_large: str, refused: str
    ) -> tuple[Admin, forms.Form] | web.Response:
        """The signed-in admin and the form they posted from this page, or the page that
        refuses it: signed out, a form too large, or one without the session's CSRF token.
        `too_large` and `refused` say what became of the admin's request."""
        admin = await self._admin(request)
        if admin is None:
            return _signed_out()
        try:
            form = await forms.read_form(request)
        except forms.FormTooLarge:
            return _message(413, "That form was too large", too_large)
        if not manage_sign_in.csrf_ok(admin, form.csrf):
            return _message(403, "That form was refused", refused)
        return admin, form

    async def act(self, request: web.Request) -> web.StreamResponse:
        posted = await self._posted(
            request,
            too_large="Nothing was changed.",
            refused="It did not come from this page. Nothing was changed.",
        )
        if isinstance(posted, web.Response):
            return posted
        admin, form = posted
        spec = self.services.dispatcher.catalog.named(form.command) if form.command else None
        if spec is None:
            return _message(400, "Unknown action", "Nothing was changed.")
        reply = await self.services.dispatcher.run_values(spec, form.values, admin.ctx)
        await manage_sign_in.note(request.cookies[COOKIE], self.store, _said(reply)[:2000])
        return _see_manage()

    async def sign_out(self, request: web.Request) -> web.StreamResponse:
        posted = await self._posted(
            request, too_large="You are still signed in.", refused="You are still signed in."
        )
        if isinstance(posted, web.Response):
            return posted
        await manage_sign_in.sign_out(request.cookies[COOKIE], self.store)
        response = _message(200, "Signed out", "You are signed out of the management page.")
        response.del_cookie(COOKIE, path="/manage")
        return response
