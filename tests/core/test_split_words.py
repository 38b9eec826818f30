"""Command lines split into words: the quick path for plain lines splits exactly as shlex does,
so a click on a button (a line the bot wrote) and a member's typed line read the same."""

from __future__ import annotations

import shlex

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.core.commands.textparse import split_words
from bot.core.domain.errors import InvalidInput
from bot.core.usecases import cast_vote, rank_vote, rsvp, show_poll, withdraw_vote
from bot.core.usecases.ballot_commands import CastVote, RankVote, ShowPoll, WithdrawVote
from bot.core.usecases.rsvp_answers import AnswerRsvp

# Words, quotes, backslashes and every kind of whitespace: the four shlex splits on, and the
# ones it keeps inside a word (no-break space, form feed, vertical tab, ideographic space).
PIECES = st.sampled_from(
    [
        " ",
        "  ",
        "\t",
        "\n",
        "\r",
        "\xa0",
        "\x0c",
        "\x0b",
        "\u3000",
        "\x1c",
        "\x85",
        "'",
        '"',
        "\\",
        "#",
        "/",
        "vote",
        "cast",
        "#12",
        "2",
        "é",
        "논문",
        "-",
        "=",
        "",
    ]
)
LINES = st.lists(st.one_of(PIECES, st.text(max_size=4)), max_size=12).map("".join)


def shlex_words(line: str) -> list[str] | None:
    try:
        return shlex.split(line)
    except ValueError:
        return None


@given(LINES)
@example("/vote cast #12 2")
@example("/vote\xa0cast 2")
@example("  /rsvp   going\t#40\r\n")
@example('/paper "attention is all you need"')
def test_any_line_splits_as_shlex_splits_it(line: str) -> None:
    expected = shlex_words(line)
    if expected is None:
        with pytest.raises(InvalidInput):
            split_words(line)
    else:
        assert split_words(line) == expected


IDS = st.integers(min_value=1, max_value=10**11 - 1)
CHOICES = st.lists(st.integers(1, 10).map(str), min_size=1, max_size=10, unique=True).map(tuple)


@given(poll=IDS, choices=CHOICES, answer=st.sampled_from(["going", "maybe", "no"]))
def test_every_line_a_button_writes_splits_as_shlex_splits_it(
    poll: int, choices: tuple[str, ...], answer: str
) -> None:
    lines = [
        cast_vote.SPEC.line(CastVote(choices, poll)),
        rank_vote.SPEC.line(RankVote(choices, poll)),
        show_poll.SPEC.line(ShowPoll(poll)),
        withdraw_vote.SPEC.line(WithdrawVote(poll)),
        rsvp.SPEC.line(AnswerRsvp(answer, poll)),
    ]
    for line in lines:
        assert split_words(line) == shlex.split(line)
