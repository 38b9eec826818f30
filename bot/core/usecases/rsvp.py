"""/rsvp going|maybe|no [session]: say whether you'll come; change it any time before it starts."""

from __future__ import annotations

from bot.core.commands.context import Context, Store
from bot.core.commands.options import OptionKind, OptionSpec
from bot.core.commands.spec import CommandSpec
from bot.core.domain.attendance import Rsvp, RsvpStatus
from bot.core.domain.errors import Conflict
from bot.core.domain.reminders import REMINDED
from bot.core.domain.sessions import SessionStatus
from bot.core.planning import sessionplan as planning
from bot.core.text import t
from bot.core.usecases import member_reminders
from bot.core.usecases.club_access import require_club
from bot.core.usecases.rsvp_answers import ANSWER_MESSAGES, AnswerRsvp
from bot.core.usecases.session_refs import resolve_session, session_label
from bot.core.views import Notice, Tone


async def execute(cmd: AnswerRsvp, ctx: Context, store: Store) -> Notice:
    now = store.clock.now()
    async with store.uow() as uow:
        club = await require_club(uow, ctx)
        if club.settings.paused:
            # Its sessions are not held, so an answer would promise something that won't happen.
            raise Conflict(
                t("The club is paused: no session is held until an admin runs /club resume."),
                hint=t("See /schedule once it resumes."),
            )
        await planning.refresh(uow, club, now, store.plan_weeks)
        session = await resolve_session(uow, club, cmd.session, now)
        if session.status == SessionStatus.SKIPPED:
            raise Conflict(
                t(
                    "There is no session on {session}: it was skipped.",
                    session=session_label(session, club),
                )
            )
        if session.starts_at <= now:
            raise Conflict(
                t("That session has already started."),
                hint=t("If you're there, check in with /attend."),
            )
        if cmd.keep_existing:
            earlier = [
                r for r in await uow.attendance.rsvps(session.id) if r.member == ctx.actor.member
            ]
            if earlier:
                label = session_label(session, club)
                return Notice(t("Kept your answer for {session}.", session=label))
        await uow.members.ensure(ctx.actor.member, ctx.actor.display_name, now)
        await uow.attendance.put_rsvp(Rsvp(session.id, ctx.actor.member, cmd.status, now))
        lead = await uow.members.reminder_lead(club.id, ctx.actor.member)
        if lead is not None and cmd.status in REMINDED:
            await member_reminders.queue_one(uow, club, session, ctx.actor.member, lead, now)
        counts = await uow.attendance.rsvp_counts(session.id)
        await uow.commit()
    summary = t(
        "{going} going · {maybe} maybe · {no} not going",
        going=counts.get(RsvpStatus.GOING, 0),
        maybe=counts.get(RsvpStatus.MAYBE, 0),
        no=counts.get(RsvpStatus.NOT_GOING, 0),
    )
    return Notice(
        ANSWER_MESSAGES[cmd.status](session_label(session, club)),
        Tone.SUCCESS,
        details=(summary, t("Change it any time before the session starts.")),
    )


SPEC = CommandSpec(
    "rsvp",
    "/rsvp going|maybe|no [session]",
    "Say whether you're coming to the next session (or the one named).",
    AnswerRsvp,
    AnswerRsvp.build,
    execute,
    Store,
    private=True,
    options=(
        OptionSpec("answer", "Are you coming?", required=True, choices=("going", "maybe", "no")),
        OptionSpec(
            "session",
            "Its number in /schedule, or its date (2026-12-02); default: the next",
            OptionKind.SESSION,
        ),
    ),
)
