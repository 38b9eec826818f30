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
from dataclasses import replace

from bot.core.voting.ballots import BallotSet, C, clean_ballot, prepare
from bot.core.voting.methods import method
from bot.core.voting.result import Round, TallyResult

__all__ = [
    "BallotSet",
    "Round",
    "TallyResult",
    "clean_ballot",
    "prepare",
    "tally",
]


def tally(
    method_key: str,
    ballots: Iterable[Sequence[C]],
    candidates: Sequence[C],
    *,
    describe: Callable[[C], str] = str,
) -> TallyResult[C]:
    """Count ``ballots`` over ``candidates`` with the registered method ``method_key``.

    ``candidates`` is also the tie-break order (earlier wins ties; see the
    module docstring).  ``describe`` turns a candidate id into the name used in
    tie-break notes, e.g. a paper title instead of its database id.

    Raises ``ValueError`` for an unknown method or repeated candidates.
    """
    counter = method(method_key).count
    prepared = prepare(ballots, candidates)
    return replace(counter(prepared, describe), method=method_key)
