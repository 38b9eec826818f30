"""First-past-the-post: each ballot's first (known) candidate gets one vote."""

from __future__ import annotations

from collections.abc import Callable

from bot.core.text import t
from bot.core.voting.ballots import BallotSet, C
from bot.core.voting.result import TallyResult, rank_by_score


def count_plurality(ballots: BallotSet[C], describe: Callable[[C], str]) -> TallyResult[C]:
    """Count first preferences; the most votes wins, ties go to the earliest candidate."""
    counts = dict.fromkeys(ballots.candidates, 0)
    for ballot, weight in ballots.grouped.items():
        if ballot:
            counts[ballot[0]] += weight
    ranking, notes = rank_by_score(counts, ballots.candidates, describe, t("Plurality"), "vote")
    return TallyResult(
        method="plurality",
        winner=ranking[0] if ranking else None,
        ranking=ranking,
        counts=counts,
        total_ballots=ballots.total,
        blank=ballots.blank,
        tie_break=notes,
    )
