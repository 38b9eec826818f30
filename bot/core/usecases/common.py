"""Small helpers shared by the use cases."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core.commands.context import Context
from bot.core.commands.textparse import is_number
from bot.core.domain.clubs import Club
from bot.core.domain.errors import ClubNotSetUp, InvalidInput, NotFound, PermissionDenied
from bot.core.domain.papers import Paper
from bot.core.domain.sessions import Session, SessionStatus
from bot.core.planning.calendar import format_local
from bot.core.ports import UnitOfWork
from bot.core.views import PaperCard


async def require_club(uow: UnitOfWork, ctx: Context) -> Club:
    club = await uow.clubs.get(ctx.club)
    if club is None:
        raise no_club()
    return club


def no_club() -> ClubNotSetUp:
    return ClubNotSetUp(
        "This channel has no paper club yet.",
        hint="An admin can start one here with /club setup.",
    )


def require_admin(ctx: Context, what: str) -> None:
    if not ctx.actor.is_admin:
        raise PermissionDenied(
            f"Only club admins can {what}.",
            hint="Ask someone with the Manage Server permission (or a workspace admin).",
        )


def paper_card(paper: Paper, language: str, heading: str | None = None) -> PaperCard:
    return PaperCard(
        paper_id=paper.id,
        slug=paper.slug,
        title=paper.title,
        authors=paper.authors,
        year=paper.year,
        url=paper.url,
        summary=paper.summary_for(language),
        prompts=paper.prompts,
        arxiv_id=paper.arxiv_id,
        tagline=paper.tagline,
        tags=paper.tags,
        heading=heading,
    )


def local_date_of(instant: datetime, zone: str) -> date:
    return instant.astimezone(ZoneInfo(zone)).date()


async def resolve_session(
    uow: UnitOfWork, club: Club, ref: str | None, now: datetime, *, upcoming_only: bool = True
) -> Session:
    """The session a member means: the next one by default, else by id or local date."""
    if ref is None:
        for session in await uow.sessions.between(club.id, now, limit=20):
            if session.status == SessionStatus.PLANNED:
                return session
        raise NotFound("No session is planned yet.", hint="Check /schedule.")
    ref = ref.strip()
    if is_number(ref) and len(ref) < 12:
        found = await uow.sessions.get(int(ref))
        if found is None or found.club_id != club.id:
            raise NotFound(f"This club has no session {ref}.", hint="Check /schedule.")
        return found
    try:
        day = date.fromisoformat(ref)
    except ValueError:
        raise InvalidInput(
            f"I can't tell which session {ref[:40]!r} means.",
            hint="Use a date like 2026-12-02, or leave it out for the next session.",
        ) from None
    window_start = now - timedelta(days=400) if not upcoming_only else now
    for session in await uow.sessions.between(club.id, window_start, limit=200):
        if local_date_of(session.starts_at, club.settings.timezone) == day:
            return session
    raise NotFound(f"There is no session on {day:%a %d %b %Y}.", hint="Check /schedule.")


def session_label(session: Session, club: Club) -> str:
    return format_local(session.starts_at, club.settings.timezone)
