"""/vote: see the open poll, cast or change your ballot; admins open and close polls.

/vote                      the open poll and how to vote
/vote 2 | /vote 3 1 2      cast (numbers or paper ids), changeable until the deadline
/vote withdraw             take your ballot back (until the deadline)
/vote results              the last closed poll's counts (and IRV rounds)
/vote open [papers…]       (admin) open a poll now, optionally on chosen papers
/vote close                (admin) close the open poll and schedule the winner
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from bot.core.commands.context import Context, Deps
from bot.core.commands.textparse import is_number
from bot.core.domain import search
from bot.core.domain.clubs import Club, VotingMethod
from bot.core.domain.errors import Conflict, InvalidInput, NotFound
from bot.core.domain.papers import Paper, QueueState
from bot.core.domain.polls import Ballot, Poll, PollStatus
from bot.core.domain.sessions import SessionStatus
from bot.core.planning import sessionplan as planning
from bot.core.planning.calendar import format_local
from bot.core.ports import BallotBox, CastResult, UnitOfWork
from bot.core.usecases import polls
from bot.core.usecases.common import no_club, require_admin, require_club, session_label
from bot.core.views import Notice, PollView, ResultsView, Tone, View

ACTIONS = ("open", "close", "results")


@dataclass(frozen=True, slots=True)
class VoteCommand:
    action: str = "show"  # show, cast, withdraw, open, close, results
    words: tuple[str, ...] = ()
    poll_id: int | None = None  # pinned by buttons: "/vote #7 2"


def parse(words: list[str]) -> VoteCommand:
    head = words[0].casefold() if words else ""
    if head in ACTIONS:
        if head != "open" and len(words) > 1:
            raise InvalidInput(f"/vote {head} takes no arguments.")
        return VoteCommand(head, tuple(words[1:]))
    # Typed options arrive as one quoted value ("3 1 2"); split it like typed words.
    words = [part for word in words for part in word.replace(",", " ").split()]
    poll_id = None
    if words and words[0].startswith("#"):
        if not is_number(words[0][1:]):
            raise InvalidInput("Usage: /vote [#poll] NUMBER…")
        poll_id = int(words[0][1:])
        words = words[1:]
    if not words:
        return VoteCommand("show", poll_id=poll_id)
    if words[0].casefold() == "withdraw":
        if len(words) > 1:
            raise InvalidInput("/vote withdraw takes no arguments.")
        return VoteCommand("withdraw", poll_id=poll_id)
    return VoteCommand("cast", tuple(words), poll_id)


async def execute(cmd: VoteCommand, ctx: Context, deps: Deps) -> View:
    if cmd.action == "cast":
        return await _cast(cmd, ctx, deps)
    if cmd.action == "withdraw":
        return await _withdraw(cmd, ctx, deps)
    now = deps.clock.now()
    async with deps.uow() as uow:
        club = await require_club(uow, ctx)
        if cmd.action == "open":
            require_admin(ctx, "open a vote")
            return await _open(uow, club, cmd, deps)
        if cmd.action == "close":
            require_admin(ctx, "close a vote")
            poll = await uow.polls.open_for(club.id)
            if poll is None:
                raise NotFound("No vote is open.", hint="An admin can start one with /vote open.")
            view = await close_poll(uow, club, poll, now)
            await uow.commit()
            return view
        if cmd.action == "results":
            return await _results(uow, club)
        poll = await _current_poll(uow, club, cmd)
        if cmd.action == "show":
            ballots = await uow.polls.ballots(poll.id)
            mine = next((b for b in ballots if b.member == ctx.actor.member), None)
            candidates = await polls.candidate_views(uow, poll)
            return polls.poll_view(club, poll, candidates, len(ballots), mine)
        raise InvalidInput(f"Unknown /vote action {cmd.action!r}.")


async def _current_poll(uow: UnitOfWork, club: Club, cmd: VoteCommand) -> Poll:
    return _pinned(await uow.polls.open_for(club.id), cmd)


def _pinned(poll: Poll | None, cmd: VoteCommand) -> Poll:
    """The open poll, if it is the one the command names (a button names its poll)."""
    if poll is None or (cmd.poll_id is not None and poll.id != cmd.poll_id):
        raise Conflict(
            "That vote has closed." if cmd.poll_id else "No vote is open right now.",
            hint="See how it went with /vote results.",
        )
    return poll


async def _open(uow: UnitOfWork, club: Club, cmd: VoteCommand, deps: Deps) -> PollView:
    now = deps.clock.now()
    await planning.refresh(uow, club, now, deps.plan_weeks)
    chosen: list[Paper] | None = None
    if cmd.words:
        pool = [
            e.paper
            for e in await uow.queue.entries(club.id, [QueueState.QUEUED, QueueState.SUGGESTED])
        ]
        chosen = []
        for word in cmd.words:
            found = search.search(pool, word, limit=1)
            if not found:
                raise NotFound(f"No queued paper matches {word[:40]!r}.", hint="See /papers.")
            if found[0] not in chosen:
                chosen.append(found[0])
    poll = await polls.open_poll(uow, club, now, chosen)
    candidates = await polls.candidate_views(uow, poll)
    await uow.commit()
    return polls.poll_view(club, poll, candidates, 0, announce=True)


async def _ballot_target(
    cmd: VoteCommand, ctx: Context, deps: Deps
) -> tuple[BallotBox, Callable[[], UnitOfWork], Club, Poll]:
    """What casting and withdrawing both start from: the ballot box, a read-only unit of work,
    and the club with the open poll the command means (read without holding the writer)."""
    if deps.ballot_box is None:
        raise RuntimeError("no ballot box: /vote needs Deps.ballot_box")
    reader = deps.reader or deps.uow
    found = await deps.poll_reads.club_and_poll(ctx.club, reader)
    if found is None:
        raise no_club()
    return deps.ballot_box, reader, found[0], _pinned(found[1], cmd)


async def _cast(cmd: VoteCommand, ctx: Context, deps: Deps) -> Notice:
    """Validate on a read-only unit of work, then hand the ballot to the ballot box.

    The reads may be stale by the time the ballot is written: they only decide what to refuse
    early and what to say. Whether the poll still takes ballots is decided by the box, in the
    transaction that writes it."""
    box, reader, club, poll = await _ballot_target(cmd, ctx, deps)
    now = deps.clock.now()
    closes = format_local(poll.closes_at, club.settings.timezone)
    if now >= poll.closes_at:
        raise Conflict(f"This vote closed at {closes}.")
    candidates = await deps.poll_reads.candidates(poll, reader)
    choices = polls.parse_choices(cmd.words, candidates)
    if poll.method == VotingMethod.PLURALITY and len(choices) != 1:
        raise InvalidInput("This vote takes one choice: /vote NUMBER.")
    ballot = Ballot(poll.id, ctx.actor.member, choices, now)
    outcome = await box.cast(ballot, ctx.actor.display_name)
    if outcome == CastResult.CLOSED:
        raise Conflict(
            f"This vote closed at {closes}." if now >= poll.closes_at else "This vote has closed.",
            hint="See how it went with /vote results.",
        )
    if outcome == CastResult.UNKNOWN_POLL:
        raise NotFound("That vote no longer exists.", hint="See the open one with /vote.")
    deps.metrics.vote_cast()
    titles = {c.paper_id: c for c in candidates}
    listed = tuple(f"{n}. {titles[p].title}" for n, p in enumerate(choices, start=1))
    return Notice(
        "Your vote is in." if len(choices) == 1 else "Your ranking is in.",
        Tone.SUCCESS,
        details=(
            *listed,
            f"You can change it until {closes}.",
        ),
    )


async def _withdraw(cmd: VoteCommand, ctx: Context, deps: Deps) -> Notice:
    """Withdrawals go through the ballot box like casts, so one sent while the member's cast
    is still queued is ordered after it instead of being overtaken by it. Like a cast, it reads
    on a read-only unit of work: holding the writer while waiting for the box would deadlock."""
    box, reader, _, poll = await _ballot_target(cmd, ctx, deps)
    now = deps.clock.now()
    if now >= poll.closes_at:
        raise Conflict("This vote has closed; ballots can no longer change.")
    async with reader() as uow:
        had = any(b.member == ctx.actor.member for b in await uow.polls.ballots(poll.id))
    outcome = await box.cast(Ballot(poll.id, ctx.actor.member, (), now), ctx.actor.display_name)
    if outcome != CastResult.STORED:
        raise Conflict("This vote has closed; ballots can no longer change.")
    return Notice("Your ballot is withdrawn." if had else "You hadn't voted yet.")


async def close_poll(uow: UnitOfWork, club: Club, poll: Poll, now: datetime) -> ResultsView:
    """Count, fix the winner to the next session without a paper, and mark the poll closed."""
    # Closed first, counted after: on PostgreSQL this UPDATE waits for any ballot batch that
    # has the poll row share-locked to commit (and batches after it see the poll closed), so
    # the count below holds every ballot that was acknowledged and none that wasn't.
    await uow.polls.update(replace(poll, status=PollStatus.CLOSED))
    result, papers = await polls.count(uow, poll)
    await uow.polls.update(replace(poll, status=PollStatus.CLOSED, winner_paper_id=result.winner))
    view = polls.results_view(poll, result, papers)
    if result.winner is None:
        return view
    for session in await uow.sessions.between(club.id, now, limit=40):
        if (
            session.status == SessionStatus.PLANNED
            and session.paper_id is None
            and session.starts_at > now
        ):
            await uow.sessions.update(replace(session, paper_id=result.winner))
            await uow.queue.set_state(club.id, result.winner, QueueState.SCHEDULED)
            return replace(view, for_session=session_label(session, club))
    return view


async def _results(uow: UnitOfWork, club: Club) -> ResultsView:
    poll = await uow.polls.latest_closed(club.id)
    if poll is None:
        raise NotFound("No vote has closed yet.", hint="See the open one with /vote.")
    result, papers = await polls.count(uow, poll)
    return polls.results_view(poll, result, papers)
