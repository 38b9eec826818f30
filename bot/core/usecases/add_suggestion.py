"""Adding a member's suggestion to the club's list, or saying where the paper already stands in
it (suggested, queued, turned down, scheduled or read)."""

from __future__ import annotations

from datetime import datetime

from bot.core.commands.context import Context
from bot.core.domain.clubs import Club
from bot.core.domain.papers import Paper, QueueEntry, QueueState
from bot.core.ports import UnitOfWork
from bot.core.text import t
from bot.core.views import Notice, Tone

NEXT_STEP = t("It will be a candidate in the next vote.")


def _label(paper: Paper) -> str:
    return f"“{paper.title}” ({paper.year})" if paper.year else f"“{paper.title}”"


async def add_suggestion(
    uow: UnitOfWork,
    club: Club,
    entries: list[QueueEntry],
    paper: Paper,
    ctx: Context,
    now: datetime,
) -> Notice:
    """The member's suggestion of `paper`, or where it already stands if the club has it."""
    entry = next((e for e in entries if e.paper.id == paper.id), None)
    if entry is not None:
        return await _already(uow, entries, entry, ctx)
    await uow.members.ensure(ctx.actor.member, ctx.actor.display_name, now)
    await uow.queue.append(
        club.id, paper.id, QueueState.SUGGESTED, now, suggested_by=ctx.actor.member
    )
    await uow.commit()
    return Notice(
        t("{name} suggested {paper}.", name=ctx.actor.display_name, paper=_label(paper)),
        Tone.SUCCESS,
        details=(
            NEXT_STEP,
            f"{paper.authors_short()} · {paper.url}",
            t("Its card: /paper {slug}", slug=paper.slug),
        ),
    )


async def _already(
    uow: UnitOfWork, entries: list[QueueEntry], entry: QueueEntry, ctx: Context
) -> Notice:
    paper = entry.paper
    if entry.state == QueueState.SUGGESTED:
        if entry.suggested_by == ctx.actor.member:
            where = t("You already suggested it.")
        elif entry.suggested_by is not None:
            names = await uow.members.display_names([entry.suggested_by])
            who = names.get(entry.suggested_by) or t("another member")
            where = t("It was already suggested by {name}.", name=who)
        else:
            where = t("It is already a candidate.")
        next_step = NEXT_STEP
    elif entry.state == QueueState.QUEUED:
        waiting = [e for e in entries if e.state in (QueueState.QUEUED, QueueState.SUGGESTED)]
        number = next(n for n, e in enumerate(waiting, start=1) if e.paper.id == paper.id)
        where = t("It is already in the reading queue, at #{number}.", number=number)
        next_step = t("See the queue with /papers.")
    elif entry.state == QueueState.REJECTED:
        where = (
            t("An admin turned it down: {reason}.", reason=entry.note)
            if entry.note
            else t("An admin turned it down.")
        )
        next_step = t("Your suggestions and what became of them: /papers mine.")
    elif entry.state == QueueState.SCHEDULED:
        where = t("It is already scheduled for a session.")
        next_step = t("See when with /schedule.")
    else:
        where = t("The club has already read it.")
        next_step = t("Suggest something new with /suggest <link>.")
    return Notice(
        t("{paper} is already on this club's list. {where}", paper=_label(paper), where=where),
        Tone.WARNING,
        details=(next_step, t("Its card: /paper {slug}", slug=paper.slug)),
    )
