"""/vote 2 | /vote 3 1 2: cast your ballot (numbers or paper ids), changeable until the deadline.

Read on a read-only unit of work, then handed to the ballot box. The reads may be stale by the
time the ballot is written: they only decide what to refuse early and what to say. Whether the
poll still takes ballots is decided by the box, in the transaction that writes it.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable
from datetime import datetime

from bot.core.commands.context import Context, Voting
from bot.core.commands.spec import CommandSpec
from bot.core.domain.errors import Conflict, InvalidInput, NotFound
from bot.core.domain.polls import Ballot
from bot.core.planning.calendar import format_local
from bot.core.ports import CastResult
from bot.core.text import Text, t
from bot.core.usecases.ballot_commands import BALLOT, CAST, CastVote
from bot.core.usecases.ballots import parse_choices, target_in
from bot.core.views import BallotShape, Notice, Tone
from bot.core.voting.methods import method
from bot.core.voting.pollreads import PollChoices

ANSWERS_KEPT = 256  # distinct ballots per poll whose answer is kept (rankings can be many)


async def cast(choices: tuple[str, ...], pin: int | None, ctx: Context, voting: Voting) -> Notice:
    """Cast the member's ballot in the poll `pin` names (the open one when None)."""
    # Each of these reads is one statement, or two that need not agree (`PollReads`).
    reads, reader = voting.reads, voting.store.statement_reader
    club, poll = target_in(await reads.club_and_poll(ctx.club, reader), pin)
    now = voting.store.clock.now()
    zone = club.settings.timezone
    if now >= poll.closes_at:
        raise Conflict(t("This vote closed at {when}.", when=format_local(poll.closes_at, zone)))
    known = reads.kept_candidates(poll) or await reads.candidates(poll, reader)
    chosen = parse_choices(choices, known)
    shape = method(poll.method).shape
    if shape is BallotShape.ONE and len(chosen) != 1:
        raise InvalidInput(t("This vote takes one choice: /vote NUMBER."))
    outcome = await voting.box.cast(
        Ballot(poll.id, ctx.actor.member, chosen, now), ctx.actor.display_name
    )
    if outcome == CastResult.CLOSED:
        raise Conflict(
            t("This vote closed at {when}.", when=format_local(poll.closes_at, zone))
            if now >= poll.closes_at
            else t("This vote has closed."),
            hint=t("See how it went with /vote results."),
        )
    if outcome == CastResult.UNKNOWN_POLL:
        raise NotFound(t("That vote no longer exists."), hint=t("See the open one with /vote."))
    voting.metrics.vote_cast()
    return _answer(shape, chosen, known, poll.closes_at, zone)


def _answer(
    shape: BallotShape, chosen: tuple[int, ...], known: PollChoices, closes_at: datetime, zone: str
) -> Notice:
    """The same answer for every identical ballot of a poll, built once per candidates read
    (a `Notice` is immutable; renderers only read it): a burst's ballots mostly repeat."""
    key = (shape, chosen, closes_at, zone)
    answer = known.answers.get(key)
    if answer is None:
        text, listed = _said(shape, chosen, known)
        answer = Notice(text, Tone.SUCCESS, details=(*listed, _until(closes_at, zone)))
        if len(known.answers) < ANSWERS_KEPT:
            known.answers[key] = answer
    return answer


@functools.lru_cache(maxsize=256)
def _until(closes_at: datetime, zone: str) -> Text:
    """The same sentence for every ballot of a poll: said once, not once per ballot of a burst
    (a `Text` is immutable; renderers only read it)."""
    return t("You can change it until {when}.", when=format_local(closes_at, zone))


@functools.cache
def _cast_text(ranked: bool) -> Text:
    return t("Your ranking is in.") if ranked else t("Your vote is in.")


def _said(
    shape: BallotShape, chosen: tuple[int, ...], known: PollChoices
) -> tuple[str, tuple[str, ...]]:
    """The ballot as the member cast it: a set says what they approve, a ranking its order."""
    by_paper = known.by_paper
    if shape is BallotShape.SET:
        approved = sorted((by_paper[p] for p in chosen), key=lambda c: c.number)
        titles = "; ".join(c.title for c in approved)
        return _cast_text(False), (t("You approve: {numbers}", numbers=titles),)
    listed = tuple(f"{n}. {by_paper[p].title}" for n, p in enumerate(chosen, start=1))
    return _cast_text(len(chosen) > 1), listed


def execute(cmd: CastVote, ctx: Context, voting: Voting) -> Awaitable[Notice]:
    return cast(cmd.choices, cmd.poll, ctx, voting)  # the coroutine itself: one frame fewer


SPEC = CommandSpec(
    CAST,
    "/vote NUMBER…",
    "Cast or change your ballot: one number, or several (favourite first).",
    CastVote,
    CastVote.build,
    execute,
    Voting,
    private=True,
    options=BALLOT,
    default=True,
)
