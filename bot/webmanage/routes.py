"""The management page's routes on the bot's HTTP port.

GET /manage/sign-in/<token> only looks at the link and offers a Sign in button: chat apps fetch
links to preview them, and such a fetch must not spend a single-use link. The button's POST
uses it, sets the session cookie and redirects (303) to /manage; being a same-site request, it
carries the SameSite=Strict cookie there, where a redirect from a chat app's click would not.
Every change is a POST to /manage/act with the session's CSRF token, answered by a redirect
back to the page, which says once what the command answered (Post/Redirect/Get).

A paper's summary and prompts boxes are GET /manage/edit/<paper id>: a page of their own
(followed as a link without JavaScript), or with ?fragment=1 just the boxes, which the page's
script fetches when an admin opens them. Both need the session; the forms in them carry its
CSRF token and post to /manage/act like the rest of the page.

Every page is in the club's language: the signed-in admin's club, or the link's club for the
sign-in pages (used and expired links included); where no club is known (an unknown link, no
session) in the browser's Accept-Language when a catalog has it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from aiohttp import web

from bot.bootstrap import Services
from bot.core.domain.errors import StorageUnavailable
from bot.core.domain.sign_ins import Redeemed
from bot.core.usecases import club_manage, manage_boxes, manage_look, manage_sign_in
from bot.core.usecases.manage_recheck import Unanswered
from bot.core.usecases.manage_sign_in import SESSION_TTL, Admin, Refused
from bot.core.views import ErrorView, Notice, PaperCard, Reply
from bot.i18n import _, say, speaking
from bot.webmanage import forms, outage, page
from bot.webmanage.respond import ASSETS, HEADERS, browser_language
from bot.webmanage.respond import html as _html
from bot.webmanage.respond import message as _message
from bot.webpage import render as webpage

COOKIE = "paperclub_manage"
# Where a request keeps the form it posted and its club's language once read: what a form the
# database could not save is shown again with (see act).
_FORM = web.RequestKey("paperclub_manage_form", forms.Form)
_LANGUAGE = web.RequestKey("paperclub_manage_language", str)
log = logging.getLogger(__name__)


def _again() -> str:
    return _("Type /club manage in the club's channel for a new link.")


def _refusal(why: Redeemed | Unanswered | None) -> tuple[int, str, str]:
    """The status, heading and text of a refused link, in the language being spoken."""
    if isinstance(why, Unanswered):
        # Fail closed, and say the link is still good: asking again costs the admin nothing.
        name = why.platform.value.capitalize()
        return (
            503,
            _("{platform} did not answer").format(platform=name),
            _(
                "paperclub could not ask {platform} whether you are still an admin of this "
                "club, so it did not sign you in. Nothing was used up: try the same link again "
                "in a minute, before it expires."
            ).format(platform=name),
        )
    if why is Redeemed.USED:
        return 410, _("This link was used"), _("A sign-in link works once.") + " " + _again()
    if why is Redeemed.EXPIRED:
        return 410, _("This link has expired"), _("Sign-in links last minutes.") + " " + _again()
    if why is None:
        return (
            403,
            _("Only club admins can manage the club"),
            _("Your account is not an admin of this club (any more), so this link opens nothing."),
        )
    return 404, _("Unknown link"), _("This is not a sign-in link this bot made.") + " " + _again()


def add_routes(app: web.Application, services: Services) -> None:
    handlers = _Handlers(services)
    told = outage.told  # a database that is away is said so, on every page
    app.router.add_get("/manage/sign-in/{token}", told(handlers.look))
    app.router.add_post("/manage/sign-in/{token}", told(handlers.sign_in))
    app.router.add_get("/manage", told(handlers.page))
    app.router.add_get("/manage/edit/{paper}", told(handlers.edit_boxes))
    app.router.add_post("/manage/act", handlers.act)  # keeps what was typed: see act
    app.router.add_post("/manage/sign-out", told(handlers.sign_out))


def _refused(why: Redeemed | Unanswered | None, language: str | None) -> web.Response:
    with speaking(language):
        return _message(language, *_refusal(why))


def _see_manage() -> web.Response:
    return web.Response(status=303, headers={**HEADERS, "Location": "/manage"})


def _signed_out(request: web.Request) -> web.Response:
    language = browser_language(request)
    with speaking(language):
        text = _("Your sign-in has ended or never began.") + " " + _again()
        return _message(language, 401, _("You are not signed in"), text)


def _said(reply: Reply) -> str:
    """What the command answered, as one line for the page."""
    with speaking(reply.language):
        view = reply.view
        if isinstance(view, ErrorView):
            return " ".join(say(p) for p in (view.message, view.hint) if p)
        if isinstance(view, Notice):
            return " ".join(say(p) for p in (view.text, *view.details) if p)
        if isinstance(view, PaperCard) and view.heading:  # /paper edit's card
            return _("{heading}: “{title}”").format(heading=say(view.heading), title=view.title)
        return _("Done.")


class _Handlers:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.store = services.deps.store
        base = services.settings.public_base_url or ""
        self.secure = base.lower().startswith("https://")

    async def look(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        looked = await manage_look.look(token, self.store)
        language = looked.language or browser_language(request)
        if looked.status is not Redeemed.OK:
            return _refused(looked.status, language)
        with speaking(language):
            return _message(
                language,
                200,
                _("Sign in to manage the club"),
                _("This link signs you in once, on this device, for 30 minutes."),
                sign_in=f"/manage/sign-in/{token}",
                who=looked.who,
            )

    async def sign_in(self, request: web.Request) -> web.StreamResponse:
        done = await manage_sign_in.sign_in(
            request.match_info["token"], self.store, self.services.web.admin_checks
        )
        if isinstance(done, Refused):
            return _refused(done.why, done.language or browser_language(request))
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
            return _signed_out(request)
        view = await page.build(admin, self.services.dispatcher)
        if admin.session.notice is not None:
            await manage_sign_in.note(request.cookies[COOKIE], self.store, None)
        html = await asyncio.to_thread(
            webpage.render_template, "manage.html.j2", view.language, view=view, assets=ASSETS
        )
        return web.Response(text=html, content_type="text/html", charset="utf-8", headers=HEADERS)

    async def edit_boxes(self, request: web.Request) -> web.Response:
        admin = await self._admin(request)
        if admin is None:
            return _signed_out(request)
        wanted = request.match_info["paper"]
        found = None
        if wanted.isdecimal() and wanted.isascii() and len(wanted) <= 18:
            found = await manage_boxes.edit_boxes(admin.ctx, self.store, int(wanted))
        language = admin.language
        if found is None:
            with speaking(language):
                return _message(
                    language,
                    404,
                    _("That paper is not waiting in the queue"),
                    _("It was scheduled or removed meanwhile. Reload the page for the queue now."),
                    back="/manage",
                )
        template = "manage_boxes.html.j2" if "fragment" in request.query else "manage_edit.html.j2"
        return _html(
            template,
            language,
            boxes=found,
            csrf=admin.csrf,
            summary_limit=club_manage.SUMMARY_LIMIT,
            prompts_limit=club_manage.PROMPTS_LIMIT,
        )

    async def _posted(
        self,
        request: web.Request,
        *,
        too_large: Callable[[], str],
        refused: Callable[[], str],
    ) -> tuple[Admin, forms.Form] | web.Response:
        """The signed-in admin and the form they posted from this page, or the page that
        refuses it: signed out, a form too large, or one without the session's CSRF token.
        `too_large` and `refused` say what became of the admin's request, in the language
        being spoken when they are called (the admin's club's)."""
        admin = await self._admin(request)
        if admin is None:
            return _signed_out(request)
        language = admin.language
        request[_LANGUAGE] = language
        try:
            form = request[_FORM] = await forms.read_form(request)
        except forms.FormTooLarge:
            with speaking(language):
                return _message(language, 413, _("That form was too large"), too_large())
        if not manage_sign_in.csrf_ok(admin, form.csrf):
            with speaking(language):
                return _message(language, 403, _("That form was refused"), refused())
        return admin, form

    async def act(self, request: web.Request) -> web.StreamResponse:
        try:
            return await self._act(request)
        except StorageUnavailable:
            # Signing the admin in or noting the answer: the form comes back as they sent it.
            log.warning("the database is away: a management form was not saved")
            form = request.get(_FORM)
            if form is None:  # the session could not be read, nor then the form
                with contextlib.suppress(forms.FormTooLarge):
                    form = await forms.read_form(request)
            language = request.get(_LANGUAGE) or browser_language(request)
            if not isinstance(form, forms.Form) or form.command is None:
                return outage.away(language)
            return outage.not_saved(form, language)

    async def _act(self, request: web.Request) -> web.StreamResponse:
        posted = await self._posted(
            request,
            too_large=lambda: _("Nothing was changed."),
            refused=lambda: _("It did not come from this page. Nothing was changed."),
        )
        if isinstance(posted, web.Response):
            return posted
        admin, form = posted
        spec = self.services.dispatcher.catalog.named(form.command) if form.command else None
        if spec is None:
            with speaking(admin.language):
                return _message(admin.language, 400, _("Unknown action"), _("Nothing was changed."))
        reply = await self.services.dispatcher.run_values(spec, form.values, admin.ctx)
        if outage.is_outage(reply):
            return outage.not_saved(form, reply.language)
        said = _said(reply)[:2000]
        try:
            await manage_sign_in.note(request.cookies[COOKIE], self.store, said)
        except StorageUnavailable:
            # The command ran (its answer is not the outage's); only keeping its answer for the
            # page failed, so it is said here rather than "not saved".
            with speaking(reply.language):
                heading = _("What the command answered")
                return _message(reply.language, 200, heading, said, back="/manage")
        return _see_manage()

    async def sign_out(self, request: web.Request) -> web.StreamResponse:
        def still() -> str:
            return _("You are still signed in.")

        posted = await self._posted(request, too_large=still, refused=still)
        if isinstance(posted, web.Response):
            return posted
        admin, _form = posted
        await manage_sign_in.sign_out(request.cookies[COOKIE], self.store)
        with speaking(admin.language):
            response = _message(
                admin.language,
                200,
                _("Signed out"),
                _("You are signed out of the management page."),
            )
        response.del_cookie(COOKIE, path="/manage")
        return response
