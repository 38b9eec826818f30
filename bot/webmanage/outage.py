"""The management page while the database is away. Every page says so as what it is, a
failure that passes (try again in a minute), never that a paper is gone or a sign-in ended;
a form that could not be saved comes back with what the admin typed in it, to send again
(the redirect back to the page would reload the boxes from the database and lose it)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

from bot.core.domain.errors import StorageUnavailable
from bot.core.usecases.club_manage import PROMPTS_LIMIT, SUMMARY_LIMIT
from bot.core.views import ErrorView, Reply
from bot.i18n import _, say, speaking
from bot.storage.uow import AGAIN, UNAVAILABLE
from bot.webmanage import forms
from bot.webmanage.respond import browser_language, html, message

log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
STATUS = 503  # Service Unavailable: the request was fine, the server cannot serve it now


def is_outage(reply: Reply) -> bool:
    """The command's answer is the database's being away (nothing was saved)."""
    view = reply.view
    return isinstance(view, ErrorView) and view.message == UNAVAILABLE


def told(handler: Handler) -> Handler:
    """`handler`, answering a database that is away with a page that says so."""

    async def run(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request)
        except StorageUnavailable:
            log.warning("the database is away: a management page was not served")
            return away(browser_language(request))

    return run


def _said() -> str:
    return f"{say(UNAVAILABLE)} {say(AGAIN)}"


def away(language: str | None) -> web.Response:
    with speaking(language):
        return message(language, STATUS, _("The database isn't answering"), _said(), back="/manage")


def not_saved(form: forms.Form, language: str | None) -> web.Response:
    """The form again, as the admin filled it in, under the plain reason it was not saved."""
    typed = forms.TYPED.get(form.action)
    kept = {name: value for name, value in form.values.items() if name != typed}
    with speaking(language):
        return html(
            "manage_retry.html.j2",
            language,
            STATUS,
            heading=_("Not saved"),
            text=_said(),
            form=form,
            kept=kept,
            typed=typed,
            value=form.values.get(typed or "", ""),
            limit=_limit(form),
        )


def _limit(form: forms.Form) -> int:
    if form.action != "edit":
        return 100  # the page's own fields' maxlength
    part = form.values.get("part")
    return SUMMARY_LIMIT if part == "summary" else PROMPTS_LIMIT
