"""Pure vote counting for paper-club polls: plurality, approval, IRV and Schulze.

Platform-free and stdlib-only; nothing here touches Discord, Slack or storage.

Ballots
    A ballot is a sequence of candidate ids (any hashable: the bot uses ints,
    the CLI strings).  Plurality counts the first entry; approval treats the
    entries as a set; IRV and Schulze read a ranking, possibly partial, where
    unranked candidates sit below every ranked one and level with each other.
    Unknown ids are dropped, repeats after the first mention are ignored, and
    a ballot left empty still counts as cast but supports nobody (it is
    reported as ``blank``, and as exhausted in every IRV round).

Tie-break rule
    Ties are always broken by the order of the ``candidates`` argument, so a
    count never depends on chance or on the order ballots arrive in.  A
    candidate earlier in ``candidates`` beats a tied candidate later in it:
    it wins a tied plurality/approval/Schulze count, is ranked above the other
    when the method cannot separate them, and survives when IRV must
    eliminate one of several candidates tied for last place (the latest one
    goes).  The bot passes the reading queue in queue order followed by
    suggestions by suggestion time, so ties favour the paper that has waited
    longest.  Every decision taken this way is explained in plain words in
    ``TallyResult.tie_break``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from bot.core.voting.approval import count_approval
from bot.core.voting.ballots import BallotSet, C, clean_ballot, prepare
from bot.core.voting.irv import count_irv
from bot.core.voting.plurality import count_plurality
from bot.core.voting.result import Round, TallyResult, VotingMethod
from bot.core.voting.schulze import count_schulze

__all__ = [
    "METHODS",
    "BallotSet",
    "Round",
    "TallyResult",
    "VotingMethod",
    "clean_ballot",
    "prepare",
    "tally",
]

_COUNTERS: dict[str, Callable[[BallotSet[C], Callable[[C], str]], TallyResult[C]]] = {
    "plurality": count_plurality,
    "approval": count_approval,
    "irv": count_irv,
    "schulze": count_schulze,
}

METHODS: tuple[VotingMethod, ...] = ("plurality", "approval", "irv", "schulze")


def tally(
    method: VotingMethod,
    ballots: Iterable[Sequence[C]],
    candidates: Sequence[C],
    *,
    describe: Callable[[C], str] = str,
) -> TallyResult[C]:
    """Count ``ballots`` over ``candidates`` with ``method``.

    ``candidates`` is also the tie-break order (earlier wins ties; see the
    module docstring).  ``describe`` turns a candidate id into the name used in
    tie-break notes, e.g. a paper title instead of its database id.

    Raises ``ValueError`` for an unknown method or repeated candidates.
    """
    if method not in _COUNTERS:
        raise ValueError(f"unknown voting method {method!r}; expected one of {', '.join(METHODS)}")
    prepared = prepare(ballots, candidates)
    return _COUNTERS[method](prepared, describe)
