"""/papers reject N REASON: an admin turns a suggestion down with a reason the member is shown
(in /papers mine)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.commands.context import Context, Store
from bot.core.commands.options import OptionSpec
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import Values, required
from bot.core.domain.errors import Conflict, InvalidInput
from bot.core.domain.papers import QueueState
from bot.core.text import t
from bot.core.usecases import queue_numbers
from bot.core.usecases.club_access import require_club
from bot.core.usecases.queue_edits import NUMBER
from bot.core.views import Notice, Tone

REASON_LIMIT = 300


@dataclass(frozen=True, slots=True)
class RejectSuggestion:
    number: int
    reason: str

    @classmethod
    def build(cls, values: Values) -> RejectSuggestion:
        return cls(required(values.integer("number"), "number"), values.text("reason") or "")


async def reject(cmd: RejectSuggestion, ctx: Context, store: Store) -> Notice:
    reason = " ".join(cmd.reason.split())
    if not reason:
        raise InvalidInput(
            t("Say why, so the member knows: /papers reject N REASON."),
            hint=t("e.g. /papers reject 5 we read it last year"),
        )
    if len(reason) > REASON_LIMIT:
        raise InvalidInput(t("Keep the reason under {limit} characters.", limit=REASON_LIMIT))
    async with store.uow() as uow:
        club = await require_club(uow, ctx)
        entry = queue_numbers.at(await queue_numbers.waiting(uow, club), cmd.number)
        if entry.state != QueueState.SUGGESTED:
            raise Conflict(
                t("“{title}” is in the reading queue, not a suggestion.", title=entry.paper.title),
                hint=t("Take it out with /papers remove."),
            )
        await queue_numbers.refuse_open_vote_candidate(uow, club, entry)
        await uow.queue.set_state(club.id, entry.paper.id, QueueState.REJECTED, note=reason)
        names = await uow.members.display_names([entry.suggested_by] if entry.suggested_by else [])
        await uow.commit()
    who = (names.get(entry.suggested_by) if entry.suggested_by else None) or t("the member")
    return Notice(
        t("Turned down “{title}”.", title=entry.paper.title),
        Tone.SUCCESS,
        details=(t("{name} sees your reason with /papers mine.", name=who),),
    )


SPEC = CommandSpec(
    "papers reject",
    "/papers reject N REASON",
    "Turn down suggestion N, saying why (the member sees the reason).",
    RejectSuggestion,
    RejectSuggestion.build,
    reject,
    Store,
    admin=True,
    private=True,
    options=(
        NUMBER,
        OptionSpec("reason", "Why, in a few words", required=True, rest=True),
    ),
)
