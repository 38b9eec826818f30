"""The commands a ballot is cast with, and the lines the bot's ballot buttons carry.

They live apart from their use cases because the poll view names them (its buttons run them)
while some of those use cases return a poll view: declaring them here keeps that one-way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

from bot.core.commands.options import OptionKind, OptionSpec
from bot.core.commands.values import Values, line_for
from bot.core.views import BallotCommands

SHOW = "vote show"
CAST = "vote cast"
RANK = "vote rank"
WITHDRAW = "vote withdraw"

POLL = OptionSpec("poll", "The vote (set by the bot's buttons)", OptionKind.POLL, hidden=True)
CHOICES = OptionSpec(
    "choices",
    "Candidate numbers, favourite first (e.g. 3 1 2)",
    required=True,
    many=True,
)
PIN_ONLY = (POLL,)
BALLOT = (POLL, CHOICES)


@dataclass(frozen=True, slots=True)
class ShowPoll:
    """The open vote, with your ballot if you cast one."""

    poll: int | None = None  # a button names its poll, so an old message can't show a newer one

    @classmethod
    def build(cls, values: Values) -> ShowPoll:
        return cls(values.integer("poll"))


@dataclass(frozen=True, slots=True)
class CastVote:
    """Cast or change your ballot: one choice, the papers you approve, or a ranking."""

    choices: tuple[str, ...]  # candidate numbers or slugs, in the member's order
    poll: int | None = None

    @classmethod
    def build(cls, values: Values) -> Self:
        return cls(values.words("choices"), values.integer("poll"))


@dataclass(frozen=True, slots=True)
class RankVote(CastVote):
    """One more step of a ranking built one choice at a time: saves it, shows the poll."""


@dataclass(frozen=True, slots=True)
class WithdrawVote:
    """Take your ballot back, until the deadline."""

    poll: int | None = None

    @classmethod
    def build(cls, values: Values) -> WithdrawVote:
        return cls(values.integer("poll"))


def ballot_lines(poll_id: int) -> BallotCommands:
    """The lines for a poll's ballot controls; the choices go after `cast` and `rank`."""
    return BallotCommands(
        cast=line_for(CAST, PIN_ONLY, CastVote((), poll_id)),
        rank=line_for(RANK, PIN_ONLY, RankVote((), poll_id)),
        show=line_for(SHOW, PIN_ONLY, ShowPoll(poll_id)),
        withdraw=line_for(WITHDRAW, PIN_ONLY, WithdrawVote(poll_id)),
    )


def cast_line(poll_id: int, number: int) -> str:
    """A one-click ballot for candidate `number` (plurality buttons)."""
    return line_for(CAST, BALLOT, CastVote((str(number),), poll_id))
