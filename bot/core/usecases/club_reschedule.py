"""/club reschedule DATE NEW_DATE NEW_TIME: move one session; its posts move with it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time

from bot.core.commands.context import Context, Store
from bot.core.commands.options import OptionKind, OptionSpec, SessionRef
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import Values, read_date, required
from bot.core.domain.errors import Conflict, InvalidInput
from bot.core.planning.announced import announced_sessions
from bot.core.planning.calendar import local_to_utc, parse_local_time, zone_or_error
from bot.core.planning.postplan import sync_posts
from bot.core.text import reason, t
from bot.core.usecases.club_access import require_club
from bot.core.usecases.club_sessions import session_on
from bot.core.usecases.corrections import post_correction
from bot.core.usecases.session_refs import session_label
from bot.core.views import Notice, Tone

USAGE = t(
    "Usage: /club reschedule DATE NEW_DATE NEW_TIME, "
    "e.g. /club reschedule 2026-12-02 2026-12-03 19:00"
)


@dataclass(frozen=True, slots=True)
class RescheduleSession:
    session: SessionRef
    new_date: date
    new_time: time

    @classmethod
    def build(cls, values: Values) -> RescheduleSession:
        return cls(
            values.required_session("date"),
            required(values.day("new_date"), "new_date"),
            required(values.clock_time("new_time"), "new_time"),
        )


def reschedule_words(words: Sequence[str]) -> dict[str, str]:
    """The three words, also as "DATE 2026-12-03T19:00"; a bad new date or time is named so."""
    if len(words) == 2 and "T" in words[1]:
        words = (words[0], *words[1].split("T", 1))
    if len(words) != 3:
        raise InvalidInput(USAGE)
    try:
        read_date(words[1])
        parse_local_time(words[2])
    except ValueError as exc:
        said = t("I can't read the new date and time: {reason}", reason=reason(exc))
        raise InvalidInput(said, hint=USAGE) from None
    return {"date": words[0], "new_date": words[1], "new_time": words[2]}


async def execute(cmd: RescheduleSession, ctx: Context, store: Store) -> Notice:
    now = store.clock.now()
    async with store.uow() as uow:
        club = await require_club(uow, ctx)
        session = await session_on(uow, club, cmd.session, now, store.plan_weeks)
        zone = zone_or_error(club.settings.timezone)
        # The club's own DST rule applies: a time in a gap moves forward by the gap.
        starts: datetime = local_to_utc(cmd.new_date, cmd.new_time, zone)
        if starts <= now:
            raise InvalidInput(t("The new time is in the past."))
        clash = await uow.sessions.between(
            club.id, starts, starts + (session.ends_at - session.starts_at)
        )
        if any(other.id != session.id and other.starts_at == starts for other in clash):
            raise Conflict(t("Another session already starts then."), hint=t("Pick another time."))
        before = session_label(session, club)
        moved = replace(session, starts_at=starts)
        await uow.sessions.update(moved)
        after = session_label(moved, club)
        # Members were told the old time: they are told the new one (the calendar feed and
        # the platform's event follow the session row by themselves).
        announced = session.id in await announced_sessions(uow, club, now)
        if announced:
            change = t("the session on {before} moves to {after}.", before=before, after=after)
            await post_correction(uow, club, moved, now, change)
        await sync_posts(uow, club, now)
        await uow.commit()
    said = (t("It was announced, so a correction went to the channel."),) if announced else ()
    moved_to = t("Moved the session on {before} to {after}.", before=before, after=after)
    return Notice(moved_to, Tone.SUCCESS, details=said)


SPEC = CommandSpec(
    "club reschedule",
    "/club reschedule DATE NEW_DATE NEW_TIME",
    "Move one session; its announcement and reminders move with it.",
    RescheduleSession,
    RescheduleSession.build,
    execute,
    Store,
    admin=True,
    private=True,
    options=(
        OptionSpec("date", "The session's date, e.g. 2026-12-02", OptionKind.SESSION, True),
        OptionSpec("new_date", "Its new date", OptionKind.DATE, True),
        OptionSpec("new_time", "Its new local time, e.g. 19:00", OptionKind.TIME, True),
    ),
    grammar=reschedule_words,
)
