"""/remind on [lead], /remind off, /remind: a private reminder, in the member's DMs, before
each session they said they are going to (or may go to)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.commands.context import Context, Store
from bot.core.commands.options import OptionSpec
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import Values
from bot.core.domain.errors import InvalidInput
from bot.core.domain.reminders import DEFAULT_LEAD_MINUTES, MAX_LEAD_MINUTES
from bot.core.planning import sessionplan as planning
from bot.core.text import reason, t, tn
from bot.core.usecases import member_reminders
from bot.core.usecases.club_access import require_club
from bot.core.usecases.setting_words import parse_duration
from bot.core.views import Notice, Tone
from bot.core.wording import format_minutes

USAGE = t("Usage: /remind on [lead time, e.g. 1h or 30m] | /remind off")


@dataclass(frozen=True, slots=True)
class Remind:
    switch: str | None = None  # "on", "off", or None to ask
    lead_minutes: int | None = None

    @classmethod
    def build(cls, values: Values) -> Remind:
        switch = (values.text("switch") or "").casefold() or None
        if switch not in (None, "on", "off"):
            raise InvalidInput(USAGE)
        lead_text = values.text("before")
        lead = None
        if lead_text:
            if switch != "on":
                raise InvalidInput(USAGE)
            try:
                lead = parse_duration(lead_text)
            except ValueError as exc:
                raise InvalidInput(reason(exc), hint=USAGE) from None
            if not 1 <= lead <= MAX_LEAD_MINUTES:
                raise InvalidInput(t("Choose a lead time between 1 minute and 7 days."))
        return cls(switch, lead)


async def execute(cmd: Remind, ctx: Context, store: Store) -> Notice:
    me = ctx.actor.member
    now = store.clock.now()
    async with store.uow() as uow:
        club = await require_club(uow, ctx)
        current = await uow.members.reminder_lead(club.id, me)
        if cmd.switch is None:
            if current is None:
                return Notice(
                    t("Your reminders are off."), details=(t("Turn them on: /remind on 1h"),)
                )
            return Notice(
                t(
                    "You get a private reminder {lead} before the sessions you said you're going "
                    "to (or may go to).",
                    lead=format_minutes(current),
                ),
                details=(t("Turn them off: /remind off"),),
            )
        if cmd.switch == "off":
            await uow.members.set_reminder(club.id, me, None, now)
            await uow.commit()
            return Notice(
                t("Reminders off: no more private reminders from this club."), Tone.SUCCESS
            )
        lead = cmd.lead_minutes or current or DEFAULT_LEAD_MINUTES
        await uow.members.ensure(me, ctx.actor.display_name, now)
        await uow.members.set_reminder(club.id, me, lead, now)
        await planning.refresh(uow, club, now, store.plan_weeks)
        queued = await member_reminders.queue_all(uow, club, me, lead, now, store.plan_weeks)
        await uow.commit()
    return Notice(
        t(
            "Reminders on: a private message {lead} before each session you say you're going to "
            "(or may go to).",
            lead=format_minutes(lead),
        ),
        Tone.SUCCESS,
        details=(
            tn(
                "{n} reminder planned so far; /rsvp going adds the next.",
                "{n} reminders planned so far; /rsvp going adds the next.",
                queued,
            ),
            t("None for sessions you answer “no” to. Turn them off: /remind off"),
        ),
    )


SPEC = CommandSpec(
    "remind",
    "/remind on [1h] | /remind off",
    "A private reminder before the sessions you're going to.",
    Remind,
    Remind.build,
    execute,
    Store,
    private=True,
    options=(
        OptionSpec("switch", "on or off", choices=("on", "off")),
        OptionSpec("before", "How long before, e.g. 1h, 30m, 1d (default 1h)"),
    ),
)
