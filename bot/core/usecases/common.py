"""Small helpers shared by the use cases."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core.commands.context import Context
from bot.core.commands.options import ScheduleNumber, SessionRef
from bot.core.domain.clubs import Club
from bot.core.domain.errors import ClubNotSetUp, NotFound, PermissionDenied
from bot.core.domain.papers import Paper, PaperContent
from bot.core.domain.sessions import Session, SessionStatus
from bot.core.planning.calendar import format_local
from bot.core.ports import UnitOfWork
from bot.core.text import t
from bot.core.views import PaperCard
from bot.core.wording import format_day


async def require_club(uow: UnitOfWork, ctx: Context) -> Club:
    club = await uow.clubs.get(ctx.club)
    if club is None:
        raise no_club()
    return club


def no_club() -> ClubNotSetUp:
    return ClubNotSetUp(
        t("This channel has no paper club yet."),
        hint=t("An admin can start one here with /club setup."),
    )


def require_admin(ctx: Context, what: str) -> None:
    if not ctx.actor.is_admin:
        raise PermissionDenied(
            t("Only club admins can {what}.", what=what),
            hint=t("Ask someone with the Manage Server permission (or a workspace admin)."),
        )


def paper_card(
    paper: Paper,
    language: str,
    heading: str | None = None,
    content: PaperContent | None = None,
) -> PaperCard:
    """The card for `paper` in a club whose language is `language`; `content` is the club's own
    summary and prompts when it has some (an admin's edit, a regeneration)."""
    if content is not None:
        summary, prompts = content.summary, content.prompts
        source: str | None = content.source.value
        summary_language = prompts_language = content.language
        source_language = content.source_language
    else:
        summary, prompts = paper.summary_for(language), paper.prompts
        source = paper.summary_source.value if paper.summary_source else None
        prompts_language = paper.summary_language
        summary_language = language if paper.summaries.get(language) else paper.summary_language
        source_language = None
    return PaperCard(
        paper_id=paper.id,
        slug=paper.slug,
        title=paper.title,
        authors=paper.authors,
        year=paper.year,
        url=paper.url,
        summary=summary,
        prompts=prompts,
        arxiv_id=paper.arxiv_id,
        tagline=paper.tagline,
        tags=paper.tags,
        heading=heading,
        authors_cut=paper.authors_cut,
        summary_source=source,
        summary_language=summary_language,
        prompts_language=prompts_language,
        source_language=source_language,
    )


async def club_card(
    uow: UnitOfWork, club: Club, paper: Paper, heading: str | None = None
) -> PaperCard:
    """`paper`'s card as `club` sees it: with the club's own summary and prompts if it has them."""
    own = (await uow.papers.club_content(club.id, [paper.id])).get(paper.id)
    content = own.content if own is not None else None
    return paper_card(paper, club.settings.language, heading=heading, content=content)


def local_date_of(instant: datetime, zone: str) -> date:
    return instant.astimezone(ZoneInfo(zone)).date()


async def resolve_session(
    uow: UnitOfWork,
    club: Club,
    ref: SessionRef | None,
    now: datetime,
    *,
    upcoming_only: bool = True,
) -> Session:
    """The session a member means: the next one by default, else by id or local date."""
    if ref is None:
        for session in await uow.sessions.between(club.id, now, limit=20):
            if session.status == SessionStatus.PLANNED:
                return session
        raise NotFound("No session is planned yet.", hint="Check /schedule.")
    if isinstance(ref, ScheduleNumber):
        return await numbered_session(uow, club, ref.number, now)
    if isinstance(ref, int):
        found = await uow.sessions.get(ref)
        if found is None or found.club_id != club.id:
            raise NotFound(f"This club has no session #{ref}.", hint="Check /schedule.")
        return found
    window_start = now - timedelta(days=400) if not upcoming_only else now
    for session in await uow.sessions.between(club.id, window_start, limit=200):
        if local_date_of(session.starts_at, club.settings.timezone) == ref:
            return session
    raise NotFound(f"There is no session on {format_day(ref)}.", hint="Check /schedule.")


async def numbered_session(uow: UnitOfWork, club: Club, number: int, now: datetime) -> Session:
    """The session /schedule shows as `number`: the sessions not yet over, from 1."""
    listed = await uow.sessions.between(club.id, now, limit=max(number, 1))
    if not 1 <= number <= len(listed):
        shown = f"1 to {len(listed)}" if listed else "none yet"
        raise NotFound(
            f"/schedule has no session {number}; its sessions are numbered {shown}.",
            hint="See the numbers with /schedule, or name the session by its date.",
        )
    return listed[number - 1]


def session_label(session: Session, club: Club) -> str:
    return format_local(session.starts_at, club.settings.timezone)
