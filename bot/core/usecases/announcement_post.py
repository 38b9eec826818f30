"""A session's announcement: its paper card with the presenter, the RSVP buttons and the
calendar link. Announcing fixes the paper to the session (announced is promised)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bot.core.domain.clubs import Club
from bot.core.domain.papers import QueueState
from bot.core.domain.sessions import Session
from bot.core.planning import sessionplan as planning
from bot.core.planning.calendar import format_local
from bot.core.ports import UnitOfWork
from bot.core.text import t
from bot.core.usecases.paper_cards import club_card
from bot.core.usecases.session_buttons import rsvp_actions
from bot.core.usecases.show_schedule import calendar_url
from bot.core.views import Notice, View


async def announcement(
    uow: UnitOfWork, club: Club, session: Session, now: datetime, public_base_url: str | None
) -> View:
    """The paper card for the session, with RSVP buttons and the calendar link."""
    local = format_local(session.starts_at, club.settings.timezone)
    paper = next(
        (p.paper for p in await planning.upcoming(uow, club, now) if p.session.id == session.id),
        None,
    )
    feed = calendar_url(public_base_url, club.calendar_token)
    if paper is None:
        details: tuple[str, ...] = (t("Suggest one with /suggest."),)
        if feed is not None:
            details += (t("Add the sessions to your calendar: {url}", url=feed),)
        return Notice(
            t("📅 Next session: {when}. The paper is still to be decided.", when=local),
            details=details,
            actions=rsvp_actions(session.id),
        )
    if session.paper_id is None:
        # Announced is promised: from now on the paper is this session's, so a later vote, a
        # queue change or a skip elsewhere cannot swap it silently (`planning.announced`).
        await uow.sessions.update(replace(session, paper_id=paper.id))
        await uow.queue.set_state(club.id, paper.id, QueueState.SCHEDULED)
    presenter = None
    if session.presenter is not None:
        presenter = (await uow.members.display_names([session.presenter])).get(session.presenter)
    card = await club_card(uow, club, paper, heading=t("Next session: {when}", when=local))
    return replace(
        card,
        session_at=session.starts_at,
        session_local=local,
        presenter=presenter,
        actions=rsvp_actions(session.id),
        calendar_url=feed,
    )
