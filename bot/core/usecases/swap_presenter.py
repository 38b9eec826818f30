"""/present swap SESSION: ask that session's presenter to trade sessions with you (or take it
if nobody presents it). The trade happens only when they accept (/present accept)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.core.commands.context import Context, Store
from bot.core.commands.options import SessionRef
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import Values
from bot.core.domain.errors import Conflict
from bot.core.domain.swaps import SWAP_TTL, NewSwapRequest, SwapStatus
from bot.core.planning.calendar import format_local
from bot.core.text import t
from bot.core.usecases.accept_swap import accept_line
from bot.core.usecases.decline_swap import decline_line
from bot.core.usecases.presenting import SESSION, is_upcoming, presenting, upcoming
from bot.core.usecases.session_refs import resolve_session, session_label
from bot.core.views import Action, ActionStyle, Notice, Tone


@dataclass(frozen=True, slots=True)
class SwapPresenter:
    session: SessionRef  # the session to take; its presenter is asked to take yours

    @classmethod
    def build(cls, values: Values) -> SwapPresenter:
        return cls(values.required_session("session"))


async def execute(cmd: SwapPresenter, ctx: Context, store: Store) -> Notice:
    me = ctx.actor.member
    async with presenting(ctx, store) as (uow, club, now):
        mine = [s for s in await upcoming(uow, club, now) if s.presenter == me]
        if not mine:
            raise Conflict(
                t("You have no session to swap."), hint=t("Volunteer first with /present.")
            )
        theirs = await resolve_session(uow, club, cmd.session, now)
        if not is_upcoming(theirs, now):
            raise Conflict(t("You can only swap with an upcoming session."))
        ours = mine[0]
        if theirs.id == ours.id:
            raise Conflict(t("That's already your session."))
        other = theirs.presenter
        if other is None:
            # Nobody to ask: a free session is taken, and the member's own one is freed.
            await uow.sessions.update(replace(ours, presenter=None))
            await uow.sessions.update(replace(theirs, presenter=me))
            await uow.commit()
            return Notice(
                t(
                    "{name} now presents on {theirs}; {ours} has no presenter now.",
                    name=ctx.actor.display_name,
                    theirs=session_label(theirs, club),
                    ours=session_label(ours, club),
                ),
                Tone.SUCCESS,
                details=(t("Volunteer for it with /present."),),
            )
        # One open request per member: asking again (or someone else) replaces the earlier one.
        for earlier in await uow.swaps.pending(club.id):
            if earlier.requester == me:
                await uow.swaps.settle(earlier.id, SwapStatus.WITHDRAWN)
        expires = min(now + SWAP_TTL, ours.starts_at, theirs.starts_at)
        request = await uow.swaps.add(
            NewSwapRequest(club.id, me, ours.id, other, theirs.id, now, expires)
        )
        names = await uow.members.display_names([other])
        await uow.commit()
    whom = names.get(other) or t("the presenter")
    return Notice(
        t(
            "{name} asks {whom} to swap: {name} would present on {theirs}, {whom} on {ours}.",
            name=ctx.actor.display_name,
            whom=whom,
            theirs=session_label(theirs, club),
            ours=session_label(ours, club),
        ),
        Tone.INFO,
        details=(
            t(
                "{whom}: accept with /present accept or decline with /present decline, by "
                "{deadline}. Nothing changes until then.",
                whom=whom,
                deadline=format_local(expires, club.settings.timezone),
            ),
        ),
        actions=(
            Action(t("Accept swap"), accept_line(request.id), ActionStyle.SUCCESS),
            Action(t("Decline"), decline_line(request.id), ActionStyle.SECONDARY),
        ),
    )


SPEC = CommandSpec(
    "present swap",
    "/present swap SESSION",
    "Ask another session's presenter to trade sessions with you.",
    SwapPresenter,
    SwapPresenter.build,
    execute,
    Store,
    # Public: the member asked must see the request (and its buttons) in the channel.
    private=False,
    options=(replace(SESSION, required=True),),
)
