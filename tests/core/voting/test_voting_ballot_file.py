"""Parsing of the CSV ballot files read by `paperclub tally`."""

from __future__ import annotations

import pytest

from bot.core.voting.ballot_file import BallotFileError, parse_ballot_file


def test_candidates_in_first_appearance_order() -> None:
    parsed = parse_ballot_file("B, A\n\n  C ,B\n# a comment\nA\n")
    assert parsed.candidates == ["B", "A", "C"]
    assert parsed.ballots == [("B", "A"), ("C", "B"), ("A",)]
    assert not parsed.declared


def test_header_fixes_order_and_reports_unknown_names() -> None:
    parsed = parse_ballot_file('\ufeff# Candidates: C, "Smith, J.", A\nA,Z\n"Smith, J."\n')
    assert parsed.candidates == ["C", "Smith, J.", "A"]
    assert parsed.ballots == [("A", "Z"), ("Smith, J.",)]
    assert parsed.declared
    assert parsed.unknown == ["Z"]


def test_line_of_commas_is_a_blank_ballot() -> None:
    assert parse_ballot_file("A\n,,\n").ballots == [("A",), ()]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "file is empty"),
        ("  \n\n", "file is empty"),
        ("# candidates: A, B\n", "no ballots found"),
        ("A\n# candidates: A\n", "line 2: the '# candidates:' header must come before"),
        ("# candidates: A\n# candidates: B\nA\n", "line 2: second"),
        ("# candidates: ,\nA\n", "lists no candidates"),
        ("# candidates: A, A\nA\n", "repeats a name"),
    ],
)
def test_errors(text: str, message: str) -> None:
    with pytest.raises(BallotFileError, match=message):
        parse_ballot_file(text)
