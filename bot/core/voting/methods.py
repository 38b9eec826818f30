"""The voting methods the bot knows, in one registry: what each is called, how members vote,
what its count measures, the shape of its ballot, and its counter.

Everything else asks here: the core validates `/club set voting_method`, checks a ballot's
shape and words its answers by the entry; polls and results carry the entry's `MethodView`, and
the platforms choose their ballot controls by its shape. A new method is its counter and one
entry (`register`), and nothing else changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol

from bot.core.text import t
from bot.core.views import BallotShape, MethodView
from bot.core.voting.approval import count_approval
from bot.core.voting.ballots import BallotSet, C
from bot.core.voting.irv import count_irv
from bot.core.voting.plurality import count_plurality
from bot.core.voting.result import TallyResult
from bot.core.voting.schulze import count_schulze


class Counter(Protocol):
    def __call__(self, ballots: BallotSet[C], describe: Callable[[C], str]) -> TallyResult[C]: ...


@dataclass(frozen=True, slots=True)
class VotingMethod:
    key: str
    name: str
    label: str
    how_to_vote: str
    measure: str
    shape: BallotShape
    count: Counter

    def view(self) -> MethodView:
        return MethodView(
            self.key, self.name, self.label, self.how_to_vote, self.measure, self.shape
        )


_RANK = t("Rank as many as you like, favourite first: /vote 3 1 2.")
BUILT_IN = (
    VotingMethod(
        "plurality",
        "Plurality",
        t("Plurality: one choice"),
        t("Pick one: /vote NUMBER (e.g. /vote 2)."),
        t("votes"),
        BallotShape.ONE,
        count_plurality,
    ),
    VotingMethod(
        "approval",
        "Approval",
        t("Approval: every paper you'd read"),
        t("Pick every paper you'd happily read: /vote 1 3 4."),
        t("approvals"),
        BallotShape.SET,
        count_approval,
    ),
    VotingMethod(
        "irv",
        "Instant runoff (IRV)",
        t("Ranked choice (instant runoff)"),
        _RANK,
        t("first-preference votes"),
        BallotShape.RANKING,
        count_irv,
    ),
    VotingMethod(
        "schulze",
        "Schulze",
        t("Ranked choice (Schulze, Condorcet)"),
        _RANK,
        t("rivals beaten (strongest paths)"),
        BallotShape.RANKING,
        count_schulze,
    ),
)
DEFAULT = "plurality"
_REGISTRY: dict[str, VotingMethod] = {m.key: m for m in BUILT_IN}


def known() -> tuple[str, ...]:
    """The registered methods' keys."""
    return tuple(_REGISTRY)


def method(key: str) -> VotingMethod:
    """The method called `key`; ValueError naming the known ones otherwise."""
    found = _REGISTRY.get(key)
    if found is None:
        raise ValueError(f"unknown voting method {key!r}; expected one of {', '.join(_REGISTRY)}")
    return found


def register(entry: VotingMethod) -> None:
    if entry.key in _REGISTRY:
        raise ValueError(f"a voting method {entry.key!r} is registered already")
    _REGISTRY[entry.key] = entry


def unregister(key: str) -> None:
    if key in {m.key for m in BUILT_IN}:
        raise ValueError(f"{key!r} is built in")
    _REGISTRY.pop(key, None)


@contextmanager
def registered(entry: VotingMethod) -> Iterator[VotingMethod]:
    """`entry` known for the duration (tests, and plugins that come and go)."""
    register(entry)
    try:
        yield entry
    finally:
        unregister(entry.key)
