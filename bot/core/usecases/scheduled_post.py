"""What a scheduled post says, decided once, when a process claims it.

The view is built from the club's state at that moment (the paper may have changed since the
post was planned: a vote, a skip), and the caller stores it with the claim, so a retry after a
crash resends the very same message. What each kind of post says is in post_views.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.core.commands.context import Publishing
from bot.core.domain.clubs import Club
from bot.core.domain.outbox import OutboxEntry, OutboxStatus, PostKind
from bot.core.domain.post_fate import Cancel, PostPolicy, Send, Verdict, decide
from bot.core.domain.reminders import member_of
from bot.core.domain.sessions import Session
from bot.core.planning.calendar import format_local
from bot.core.ports import Discussion, Outgoing, UnitOfWork
from bot.core.text import t
from bot.core.usecases.post_views import build
from bot.core.views import PaperCard, View


@dataclass(frozen=True, slots=True)
class Prepared:
    """The verdict on a claimed entry; with a freshly built view when it is to be sent and no
    earlier claim prepared it. `session` is what the verdict was based on, for re-deciding."""

    verdict: Verdict
    view: View | None = None
    session: Session | None = None


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
            discussion = Discussion(t("Announcement"))
    note = late_note(entry.due_at, club.settings.timezone) if verdict and verdict.late else None
    return Outgoing(
        entry.key,
        club.key,
        kind,
        view,
        late_note=note,
        discussion=discussion,
        check_in_present=kind == PostKind.START,
        recipient=member_of(club.key, entry.payload) if kind == PostKind.DM_REMINDER else None,
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
    view = await build(uow, club, entry, session, now, links)
    if view is None:
        # Only building tells: e.g. a vote with too few candidates to open.
        return Prepared(Cancel("nothing to post"), session=session)
    return Prepared(verdict, view, session)
