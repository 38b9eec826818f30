"""/rsvp list [session]: who said they are going and who may come, by name.

RSVPs are visible to the club, as Discord's "Interested" list of an event is; the names are
display names, never mentions (the renderers keep them from pinging anyone).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.commands.context import Context, Store
from bot.core.commands.options import OptionKind, OptionSpec, SessionRef
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import Values
from bot.core.domain.attendance import RsvpStatus
from bot.core.planning import sessionplan as planning
from bot.core.text import t
from bot.core.usecases.club_access import require_club
from bot.core.usecases.session_refs import resolve_session, session_label
from bot.core.views import Notice
from bot.core.wording import join_names, plural


@dataclass(frozen=True, slots=True)
class ListRsvps:
    session: SessionRef | None = None  # none: the next session

    @classmethod
    def build(cls, values: Values) -> ListRsvps:
        return cls(values.session("session"))


async def execute(cmd: ListRsvps, ctx: Context, store: Store) -> Notice:
    now = store.clock.now()
    async with store.uow() as uow:
        club = await require_club(uow, ctx)
        await planning.refresh(uow, club, now, store.plan_weeks)
        await uow.commit()
        session = await resolve_session(uow, club, cmd.session, now, upcoming_only=False)
        rsvps = await uow.attendance.rsvps(session.id)
        names = await uow.members.display_names([r.member for r in rsvps])
    by_status: dict[RsvpStatus, list[str]] = {status: [] for status in RsvpStatus}
    # Earliest answer first: who said so first is listed first.
    for rsvp in sorted(rsvps, key=lambda r: r.updated_at):
        by_status[rsvp.status].append(names.get(rsvp.member) or t("a member"))
    going, maybe = by_status[RsvpStatus.GOING], by_status[RsvpStatus.MAYBE]
    not_going = len(by_status[RsvpStatus.NOT_GOING])
    label = session_label(session, club)
    if not rsvps:
        return Notice(
            t("Nobody has answered for {session} yet.", session=label),
            details=(t("Say whether you're coming with /rsvp going, maybe or no."),),
        )
    who = join_names(going) if going else t("nobody yet")
    details = [t("Going ({count}): {names}", count=len(going), names=who)]
    if maybe:
        details.append(t("Maybe ({count}): {names}", count=len(maybe), names=join_names(maybe)))
    if not_going:
        details.append(t("Not coming: {members}", members=plural(not_going, "member")))
    return Notice(
        t(
            "{session}: {going} going, {maybe} maybe.",
            session=label,
            going=len(going),
            maybe=len(maybe),
        ),
        details=tuple(details),
    )


SPEC = CommandSpec(
    "rsvp list",
    "/rsvp list [session]",
    "Who is going to a session and who may come.",
    ListRsvps,
    ListRsvps.build,
    execute,
    Store,
    private=True,
    options=(
        OptionSpec(
            "session", "The session's date (2026-12-02); default: the next", OptionKind.SESSION
        ),
    ),
)
