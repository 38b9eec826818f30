"""What the management page shows, read through the same commands an admin types in chat
(/papers, /schedule, /club show) as the signed-in admin, so the page and the chat always agree
on numbers and wording. Each paper's summary and prompts boxes are not on it: the page fetches
them when an admin opens them (the routes' /manage/edit). The page is said in the club's
language."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.commands.dispatch import Dispatcher
from bot.core.text import Text
from bot.core.usecases.manage_sign_in import Admin
from bot.core.views import (
    ClubView,
    ErrorView,
    PaperList,
    PaperListItem,
    ScheduleEntry,
    ScheduleView,
)
from bot.i18n import _, say, speaking

SCHEDULE = 12
MAX_PAGES = 40  # 1,000 queued papers: far past any club's reading list


@dataclass(frozen=True, slots=True)
class Setting:
    name: str  # what /club set takes
    label: str
    value: str


@dataclass(frozen=True, slots=True)
class ManageView:
    club_name: str
    admin_name: str
    csrf: str
    notice: str | None
    queue: tuple[PaperListItem, ...]  # waiting papers, numbered as /papers numbers them
    sessions: tuple[ScheduleEntry, ...]
    settings: tuple[Setting, ...]
    language: str  # the club's: what the page is said in
    problem: str | None = None  # a read that failed, said plainly


async def build(admin: Admin, dispatcher: Dispatcher) -> ManageView:
    catalog = dispatcher.catalog
    queue: list[PaperListItem] = []
    problem: str | None = None
    for page in range(1, MAX_PAGES + 1):
        spec = catalog.named("papers")
        assert spec is not None
        reply = await dispatcher.run_values(spec, {"page": page}, admin.ctx)
        if not isinstance(reply.view, PaperList):
            problem = _error(reply.view, reply.language)
            break
        queue += [i for i in reply.view.items if i.position is not None]
        if not reply.view.items or len(queue) >= reply.view.total:
            break
    sessions: tuple[ScheduleEntry, ...] = ()
    spec = catalog.named("schedule")
    assert spec is not None
    reply = await dispatcher.run_values(spec, {"count": SCHEDULE}, admin.ctx)
    if isinstance(reply.view, ScheduleView):
        sessions = reply.view.entries
    settings: tuple[Setting, ...] = ()
    spec = catalog.named("club show")
    assert spec is not None
    reply = await dispatcher.run_values(spec, {}, admin.ctx)
    language = reply.language
    if isinstance(reply.view, ClubView):
        with speaking(reply.language):
            # Each setting's field is "{label} ({setting})": the name /club set takes.
            settings = tuple(
                Setting(str(label.args["setting"]), say(label.args["label"]), say(value))
                for label, value in reply.view.fields
                if isinstance(label, Text) and "setting" in label.args
            )
    return ManageView(
        club_name=admin.ctx.channel_name,
        admin_name=admin.session.display_name,
        csrf=admin.csrf,
        notice=admin.session.notice,
        queue=tuple(queue),
        sessions=sessions,
        settings=settings,
        language=language,
        problem=problem,
    )


def _error(view: object, language: str) -> str:
    with speaking(language):
        if isinstance(view, ErrorView):
            return " ".join(say(p) for p in (view.message, view.hint) if p)
        return _("This could not be read.")
