"""Buttons carry a command as a compact line (`CommandSpec.line`); reading the line back through
the command's own options gives the same typed command, and the line fits in a button."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.commands.catalog import Catalog
from bot.core.commands.options import OptionSpec, ScheduleNumber
from bot.core.commands.values import Raw, Values, positional
from bot.core.domain.errors import InvalidInput
from bot.core.usecases import cast_vote, check_in, rank_vote, rsvp, show_poll, withdraw_vote
from bot.core.usecases.ballot_commands import CastVote, RankVote, ShowPoll, WithdrawVote
from bot.core.usecases.check_in import Attend
from bot.core.usecases.rsvp_answers import AnswerRsvp

CATALOG = Catalog()
DISCORD_CUSTOM_ID = 100
PREFIX = "pcr:"  # the longest prefix the Discord adapter puts before a line
IDS = st.integers(min_value=1, max_value=10**11 - 1)  # session ids: up to 11 digits
SESSIONS = st.one_of(
    IDS,
    st.dates(min_value=date(2000, 1, 1), max_value=date(2999, 12, 31)),
    st.integers(1, 99).map(ScheduleNumber),
)
NUMBERS = st.lists(st.integers(1, 10).map(str), max_size=10, unique=True).map(tuple)


def _round_trip(line: str) -> object:
    return CATALOG.parse(line)


@given(poll=IDS, choices=NUMBERS.filter(bool))
def test_ballot_lines_read_back_as_the_same_command(poll: int, choices: tuple[str, ...]) -> None:
    for spec, command in (
        (cast_vote.SPEC, CastVote(choices, poll)),
        (rank_vote.SPEC, RankVote(choices, poll)),
    ):
        line = spec.line(command)
        assert _round_trip(line) == command
        assert len(PREFIX + line) <= DISCORD_CUSTOM_ID, line
    assert _round_trip(show_poll.SPEC.line(ShowPoll(poll))) == ShowPoll(poll)
    assert _round_trip(withdraw_vote.SPEC.line(WithdrawVote(poll))) == WithdrawVote(poll)


@given(answer=st.sampled_from(["going", "maybe", "no"]), session=st.none() | SESSIONS)
def test_rsvp_and_check_in_lines_read_back(
    answer: str, session: int | date | ScheduleNumber | None
) -> None:
    rsvp_command = AnswerRsvp(answer, session)
    assert _round_trip(rsvp.SPEC.line(rsvp_command)) == rsvp_command
    attend = Attend(session)
    assert _round_trip(check_in.SPEC.line(attend)) == attend


def test_a_line_is_the_command_name_and_its_values() -> None:
    assert cast_vote.SPEC.line(CastVote(("3", "1"), 12)) == "/vote cast #12 3 1"
    assert rsvp.SPEC.line(AnswerRsvp("going", 7)) == "/rsvp going #7"
    assert check_in.SPEC.line(Attend(date(2026, 12, 2))) == "/attend 2026-12-02"


def test_typed_values_build_the_same_command_as_words() -> None:
    """Discord hands over typed values; the console types words: one command either way."""
    from_words = CATALOG.parse("/club reschedule 2026-12-02 2026-12-03 19:00")
    spec = CATALOG.named("club reschedule")
    assert spec is not None
    typed = spec.from_values({"date": "2026-12-02", "new_date": "2026-12-03", "new_time": "19:00"})
    assert typed == from_words
    schedule = CATALOG.named("schedule")
    assert schedule is not None
    assert schedule.from_values({"count": 3}) == schedule.build(Values({"count": 3}))


def test_a_line_read_before_gives_its_command_without_reading_it_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A burst of votes is a few distinct lines sent by many members: each is read once."""
    catalog = Catalog()
    reads: list[str] = []

    def counted(
        options: Sequence[OptionSpec], words: Sequence[str], name: str, usage: str
    ) -> dict[str, Raw]:
        reads.append(name)
        return positional(options, words, name, usage)

    monkeypatch.setattr("bot.core.commands.spec.positional", counted)
    first = [catalog.find("/vote cast #12 2")[1]() for _ in range(3)]
    assert first == [CastVote(("2",), 12)] * 3
    assert reads == ["vote cast"]
    assert catalog.find("/vote cast #12 3")[1]() == CastVote(("3",), 12)
    assert reads == ["vote cast", "vote cast"]


def test_a_line_that_cannot_be_read_says_why_every_time() -> None:
    catalog = Catalog()
    said = []
    for _ in range(2):
        _, build = catalog.find("/club skip 2026-13-45")
        with pytest.raises(InvalidInput) as refused:
            build()
        said.append(str(refused.value))
    assert said == ["I can't tell which session '2026-13-45' means."] * 2
