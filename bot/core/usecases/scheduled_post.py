"""What a scheduled post says, decided once, when a process claims it.

The view is built from the club's state at that moment (the paper may have changed since the
post was planned: a vote, a skip), and the caller stores it with the claim, so a retry after a
crash resends the very same message.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from bot.core.commands.context import Publishing
from bot.core.domain.clubs import Club
from bot.core.domain.outbox import OutboxEntry, OutboxStatus, PostKind
from bot.core.domain.post_fate import Cancel, PostPolicy, Send, Verdict, decide
from bot.core.domain.sessions import Session
from bot.core.planning import sessionplan as planning
from bot.core.planning.calendar import format_local
from bot.core.ports import Discussion, Outgoing, UnitOfWork
from bot.core.text import t
from bot.core.usecases import check_in, rsvp, vote_cycle
from bot.core.usecases.check_in import Attend
from bot.core.usecases.common import club_card
from bot.core.usecases.rsvp import AnswerRsvp
from bot.core.usecases.show_schedule import calendar_url
from bot.core.views import Action, ActionStyle, Notice, PaperCard, View


@dataclass(frozen=True, slots=True)
class Prepared:
    """The verdict on a claimed entry; with a freshly built view when it is to be sent and no
    earlier claim prepared it. `session` is what the verdict was based on, for re-deciding."""

    verdict: Verdict
    view: View | None = None
    session: Session | None = None


def rsvp_actions(session_id: int) -> tuple[Action, ...]:
    def answer(word: str) -> str:
        return rsvp.SPEC.line(AnswerRsvp(word, session_id))

    return (
        Action(t("Going"), answer("going"), ActionStyle.SUCCESS, "✅"),
        Action(t("Maybe"), answer("maybe"), ActionStyle.SECONDARY, "🤔"),
        Action(t("Can't make it"), answer("no"), ActionStyle.SECONDARY, "❌"),
    )


def checkin_action(session_id: int) -> Action:
    return Action(t("I'm here"), check_in.SPEC.line(Attend(session_id)), ActionStyle.PRIMARY, "✋")


def late_note(due_at: datetime, zone: str) -> str:
    return t(
        "Sorry, this is late: it was due {when}, and I was offline.",
        when=format_local(due_at, zone),
    )


def outgoing(entry: OutboxEntry, club: Club, view: View, verdict: Send | None = None) -> Outgoing:
    """The message for `entry`, with what the platform is to do beside posting it: an
    announcement opens a discussion thread, a start post checks in those already present."""
    kind = entry.kind
    discussion = None
    if kind == PostKind.ANNOUNCEMENT:
        if isinstance(view, PaperCard):
            discussion = Discussion(view.title, view.prompts)
        else:
            discussion = Discussion(kind.capitalize())
    note = late_note(entry.due_at, club.settings.timezone) if verdict and verdict.late else None
    return Outgoing(
        entry.key,
        club.key,
        kind,
        view,
        late_note=note,
        discussion=discussion,
        check_in_present=kind == PostKind.START,
        # A claim still `sending` is a dead process's attempt, begun at its claim.
        attempted_at=entry.claimed_at if entry.status == OutboxStatus.SENDING else None,
        language=club.settings.language,
    )


async def prepare(
    uow: UnitOfWork,
    club: Club,
    entry: OutboxEntry,
    now: datetime,
    policy: PostPolicy,
    links: Publishing,
    *,
    calendar: bool = True,
) -> Prepared:
    """Decide the claimed entry's fate (`post_fate.decide`) from the club's state now; when it
    is to be sent and `entry.needs_view`, build its view (side effects included: opening or
    closing a vote happens here, in the claim's transaction). Otherwise it only reads."""
    session = await uow.sessions.get(entry.session_id) if entry.session_id is not None else None
    # Only an announcement still to be built can wait on a vote: the query is skipped otherwise.
    waits_on_vote = entry.needs_view and entry.kind == PostKind.ANNOUNCEMENT
    poll = await uow.polls.open_for(club.id) if waits_on_vote else None
    verdict = decide(entry, club, session, now, policy, poll=poll, calendar=calendar)
    if not isinstance(verdict, Send) or not entry.needs_view:
        return Prepared(verdict, session=session)
    view = await _build(uow, club, entry, session, now, links)
    if view is None:
        # Only building tells: e.g. a vote with too few candidates to open.
        return Prepared(Cancel("nothing to post"), session=session)
    return Prepared(verdict, view, session)


async def _build(
    uow: UnitOfWork,
    club: Club,
    entry: OutboxEntry,
    session: Session | None,
    now: datetime,
    links: Publishing,
) -> View | None:
    kind = entry.kind
    if kind == PostKind.VOTE_OPEN:
        return await vote_cycle.open_vote(uow, club, now)
    if kind == PostKind.VOTE_CLOSED:
        return await vote_cycle.close_due_votes(uow, club, now)
    if kind == PostKind.NUDGE:
        return await vote_cycle.nudge(uow, club, now)
    if session is None:
        return None
    if kind == PostKind.ANNOUNCEMENT:
        return await announcement(uow, club, session, now, links.public_base_url)
    title = await _paper_title(uow, club, session, now)
    local = format_local(session.starts_at, club.settings.timezone)
    if kind == PostKind.REMINDER:
        return Notice(
            t("⏰ Reminder: we meet {when} about {paper}.", when=local, paper=title),
            details=(t("Let us know if you're coming."),),
            actions=rsvp_actions(session.id),
        )
    if kind == PostKind.START:
        return Notice(
            t("🟢 Starting now: {paper}.", paper=title),
            details=(t("Check in so we know you came: press the button or type /attend."),),
            actions=(checkin_action(session.id),),
        )
    return None


async def _paper_title(uow: UnitOfWork, club: Club, session: Session, now: datetime) -> str:
    for planned in await planning.upcoming(uow, club, now):
        if planned.session.id == session.id and planned.paper is not None:
            return f"“{planned.paper.title}”"
    return t("the paper still to be decided")


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
