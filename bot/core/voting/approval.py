"""Approval voting: every candidate named on a ballot gets one approval from it."""

from __future__ import annotations

from collections.abc import Callable

from bot.core.text import t
from bot.core.voting.ballots import BallotSet, C
from bot.core.voting.result import TallyResult, rank_by_score


def count_approval(ballots: BallotSet[C], describe: Callable[[C], str]) -> TallyResult[C]:
    """Count approvals; the most approvals wins, ties go to the earliest candidate.

    Ballot order is irrelevant here; clean-up has already removed repeats, so
    each ballot approves each candidate at most once.
    """
    counts = dict.fromkeys(ballots.candidates, 0)
    for ballot, weight in ballots.grouped.items():
        for candidate in ballot:
            counts[candidate] += weight
    ranking, notes = rank_by_score(counts, ballots.candidates, describe, t("Approval"), "approval")
    return TallyResult(
        method="approval",
        winner=ranking[0] if ranking else None,
        ranking=ranking,
        counts=counts,
        total_ballots=ballots.total,
        blank=ballots.blank,
        tie_break=notes,
    )
