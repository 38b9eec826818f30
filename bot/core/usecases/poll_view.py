"""A poll as the neutral view every platform renders, and the heading its views share."""

from __future__ import annotations

from bot.core.domain.clubs import Club
from bot.core.domain.polls import Ballot, Poll
from bot.core.domain.sessions import Session
from bot.core.planning.calendar import format_local, zone_or_error
from bot.core.text import t
from bot.core.usecases.ballot_commands import ballot_lines, cast_line
from bot.core.usecases.session_refs import session_label
from bot.core.views import (
    Action,
    ActionStyle,
    BallotShape,
    PollCandidate,
    PollView,
)
from bot.core.voting.methods import method
from bot.core.wording import format_day


def vote_heading(session: Session | None, club: Club) -> str:
    """ "Vote for the paper of Wed 9 Dec 2026": the poll's title wherever it is shown."""
    if session is None:
        return t("Vote on the next paper")
    day = session.starts_at.astimezone(zone_or_error(club.settings.timezone)).date()
    return t("Vote for the paper of {day}", day=format_day(day))


def poll_view(
    club: Club,
    poll: Poll,
    candidates: tuple[PollCandidate, ...],
    ballots: int,
    mine: Ballot | None = None,
    *,
    session: Session | None = None,
    announce: bool = False,
) -> PollView:
    """`announce`: the view opens the poll for the channel (scheduled post or /vote open);
    `session`: the session it decides, named in every view of it."""
    numbers = {c.paper_id: c.number for c in candidates}
    about = method(poll.method).view()
    one = about.shape is BallotShape.ONE
    actions: tuple[Action, ...] = ()
    if one:
        # Buttons name the poll, so a click on an old message can't vote in a newer poll.
        actions = tuple(
            Action(f"{c.number}. {c.title}"[:80], cast_line(poll.id, c.number), ActionStyle.PRIMARY)
            for c in candidates
        )
    return PollView(
        poll_id=poll.id,
        method=about,
        candidates=candidates,
        closes_at=poll.closes_at,
        closes_local=format_local(poll.closes_at, club.settings.timezone),
        anonymous=poll.anonymous,
        ballots=ballots,
        commands=ballot_lines(poll.id),
        your_choices=_yours(about.shape, mine, numbers),
        actions=actions,
        native_poll=announce and club.settings.native_poll and one,
        for_session=session_label(session, club) if session is not None else None,
        heading=vote_heading(session, club),
    )


def _yours(shape: BallotShape, mine: Ballot | None, numbers: dict[int, int]) -> tuple[int, ...]:
    """The member's ballot as candidate numbers: a ranking in its order, a set in number order."""
    chosen = tuple(numbers[p] for p in mine.choices if p in numbers) if mine else ()
    return tuple(sorted(chosen)) if shape is BallotShape.SET else chosen
