"""/rsvp going|maybe|no [session]: say whether you'll come; change it any time before it starts."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.commands.context import Context, Deps
from bot.core.domain.attendance import Rsvp, RsvpStatus
from bot.core.domain.errors import Conflict, InvalidInput
from bot.core.domain.sessions import SessionStatus
from bot.core.planning import sessionplan as planning
from bot.core.usecases.common import require_club, resolve_session, session_label
from bot.core.views import Notice, Tone

_WORDS = {
    "going": RsvpStatus.GOING,
    "yes": RsvpStatus.GOING,
    "maybe": RsvpStatus.MAYBE,
    "no": RsvpStatus.NOT_GOING,
    "not_going": RsvpStatus.NOT_GOING,
    "not-going": RsvpStatus.NOT_GOING,
}
_SAID = {
    RsvpStatus.GOING: "You're going",
    RsvpStatus.MAYBE: "You might come",
    RsvpStatus.NOT_GOING: "You're not coming",
}


@dataclass(frozen=True, slots=True)
class RsvpCommand:
    status: RsvpStatus
    session: str | None = None
    # "interested" (a Discord event's bell) means maybe, but must not undo an explicit answer.
    keep_existing: bool = False


def parse(words: list[str]) -> RsvpCommand:
    word = words[0].casefold() if words else ""
    if word not in {*_WORDS, "interested"} or len(words) > 2:
        raise InvalidInput("Usage: /rsvp going|maybe|no [session date or id]")
    session = words[1] if len(words) == 2 else None
    if word == "interested":
        return RsvpCommand(RsvpStatus.MAYBE, session, keep_existing=True)
    return RsvpCommand(_WORDS[word], session)


async def execute(cmd: RsvpCommand, ctx: Context, deps: Deps) -> Notice:
    now = deps.clock.now()
    async with deps.uow() as uow:
        club = await require_club(uow, ctx)
        await planning.refresh(uow, club, now, deps.plan_weeks)
        session = await resolve_session(uow, club, cmd.session, now)
        if session.status == SessionStatus.SKIPPED:
            raise Conflict(
                f"There is no session on {session_label(session, club)}: it was skipped."
            )
        if session.starts_at <= now:
            raise Conflict(
                "That session has already started.",
                hint="If you're there, check in with /attend.",
            )
        if cmd.keep_existing:
            earlier = [
                r for r in await uow.attendance.rsvps(session.id) if r.member == ctx.actor.member
            ]
            if earlier:
                return Notice(f"Kept your answer for {session_label(session, club)}.")
        await uow.members.ensure(ctx.actor.member, ctx.actor.display_name, now)
        await uow.attendance.put_rsvp(Rsvp(session.id, ctx.actor.member, cmd.status, now))
        counts = await uow.attendance.rsvp_counts(session.id)
        await uow.commit()
    summary = (
        f"{counts.get(RsvpStatus.GOING, 0)} going · {counts.get(RsvpStatus.MAYBE, 0)} maybe · "
        f"{counts.get(RsvpStatus.NOT_GOING, 0)} not going"
    )
    return Notice(
        f"{_SAID[cmd.status]} on {session_label(session, club)}.",
        Tone.SUCCESS,
        details=(summary, "Change it any time before the session starts."),
    )
