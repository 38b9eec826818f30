"""Hand-checked worked examples for every method, every tie rule and ballot clean-up."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bot.core.voting import tally
from bot.core.voting.methods import known

METHODS = known()


def expand(*groups: tuple[int, str]) -> list[list[str]]:
    """``(3, "ABC")`` → three ballots A>B>C; letters are candidate names."""
    return [list(ranking) for count, ranking in groups for _ in range(count)]


# Center squeeze.  A is "left", B "centre", C "right":
#   35 A>B>C, 33 C>B>A, 32 B>A>C   (100 ballots)
# Plurality: A 35, C 33, B 32 → A.
# IRV round 1: A 35, C 33, B 32 → B (fewest) eliminated; its 32 go to A.
#     round 2: A 67, C 33 → A has a majority.
# Pairwise: B>A on 33+32 = 65 ballots (A>B on 35); B>C on 35+32 = 67 (C>B on 33);
#           A>C on 35+32 = 67 (C>A on 33).  B is the Condorcet winner → Schulze B > A > C.
CENTER_SQUEEZE = expand((35, "ABC"), (33, "CBA"), (32, "BAC"))


def test_center_squeeze_plurality() -> None:
    result = tally("plurality", CENTER_SQUEEZE, "ABC")
    assert result.winner == "A"
    assert result.counts == {"A": 35, "B": 32, "C": 33}
    assert result.ranking == ["A", "C", "B"]
    assert result.total_ballots == 100
    assert result.tie_break == []


def test_center_squeeze_irv_and_schulze_disagree() -> None:
    irv = tally("irv", CENTER_SQUEEZE, "ABC")
    assert irv.winner == "A"
    assert irv.counts == {"A": 35, "B": 32, "C": 33}
    assert [(r.counts, r.eliminated, r.elected) for r in irv.rounds] == [
        ({"A": 35, "B": 32, "C": 33}, "B", None),
        ({"A": 67, "C": 33}, None, "A"),
    ]
    assert irv.rounds[-1].summary == "A has a majority: 67 of 100 continuing votes."
    assert irv.ranking == ["A", "C", "B"]

    schulze = tally("schulze", CENTER_SQUEEZE, "ABC")
    assert schulze.winner == "B"
    assert schulze.ranking == ["B", "A", "C"]
    assert schulze.pairwise == {
        ("A", "B"): 35,
        ("B", "A"): 65,
        ("A", "C"): 67,
        ("C", "A"): 33,
        ("B", "C"): 67,
        ("C", "B"): 33,
    }
    assert schulze.counts == {"B": 2, "A": 1, "C": 0}
    assert schulze.tie_break == []


def test_schulze_wikipedia_example() -> None:
    # The 45-voter example from Wikipedia's "Schulze method" article, with its published
    # pairwise and strongest-path tables; the winner is E and the order E > A > C > B > D.
    ballots = expand(
        (5, "ACBED"),
        (5, "ADECB"),
        (8, "BEDAC"),
        (3, "CABED"),
        (7, "CAEBD"),
        (2, "CBADE"),
        (7, "DCEBA"),
        (8, "EBADC"),
    )
    result = tally("schulze", ballots, "ABCDE")
    names = "ABCDE"
    d = [
        [0, 20, 26, 30, 22],
        [25, 0, 16, 33, 18],
        [19, 29, 0, 17, 24],
        [15, 12, 28, 0, 14],
        [23, 27, 21, 31, 0],
    ]
    p = [
        [0, 28, 28, 30, 24],
        [25, 0, 28, 33, 24],
        [25, 29, 0, 29, 24],
        [25, 28, 28, 0, 24],
        [25, 28, 28, 31, 0],
    ]
    for i, a in enumerate(names):
        for j, b in enumerate(names):
            if a != b:
                assert result.pairwise[(a, b)] == d[i][j], (a, b)
                assert result.strongest_paths[(a, b)] == p[i][j], (a, b)
    assert result.winner == "E"
    assert result.ranking == list("EACBD")
    assert result.counts == {"E": 4, "A": 3, "C": 2, "B": 1, "D": 0}


def test_irv_partial_ballots_exhaustion_and_last_place_tie() -> None:
    # 12 ballots over A, B, C, D:  4 A | 2 B>A | 1 B | 2 C>B | 2 D>C | 1 blank
    # Round 1: A 4, B 3, C 2, D 2, exhausted 1 → C and D tie for last; D (later) goes,
    #          its ballots move to C.
    # Round 2: A 4, B 3, C 4, exhausted 1 → B goes: 2 ballots to A, the bare "B" exhausts.
    # Round 3: A 6, C 4, exhausted 2 → 6 of 10 continuing is a majority for A.
    ballots = [["A"]] * 4 + [["B", "A"]] * 2 + [["B"]] + [["C", "B"]] * 2 + [["D", "C"]] * 2
    ballots.append([])
    result = tally("irv", ballots, "ABCD")
    assert result.winner == "A"
    assert [(r.number, r.counts, r.exhausted, r.eliminated) for r in result.rounds] == [
        (1, {"A": 4, "B": 3, "C": 2, "D": 2}, 1, "D"),
        (2, {"A": 4, "B": 3, "C": 4}, 1, "B"),
        (3, {"A": 6, "C": 4}, 2, None),
    ]
    assert result.rounds[-1].elected == "A"
    assert result.ranking == ["A", "C", "B", "D"]
    assert result.counts == {"A": 4, "B": 3, "C": 2, "D": 2}
    assert result.blank == 1
    assert result.total_ballots == 12
    assert result.tie_break == [
        "IRV round 1: C and D tied on 2 votes for last place; D is eliminated "
        "because it is latest in the tie-break order."
    ]


def test_irv_with_no_ballots_eliminates_in_reverse_tie_break_order() -> None:
    result = tally("irv", [], ["q1", "q2", "s1"])
    assert result.winner == "q1"
    assert [r.eliminated for r in result.rounds] == ["s1", "q2", None]
    assert result.rounds[-1].summary == "q1 is the last candidate remaining."
    assert result.ranking == ["q1", "q2", "s1"]
    assert len(result.tie_break) == 2


def test_plurality_tie_goes_to_earlier_candidate() -> None:
    ballots = [["B"], ["C"], ["C"], ["B"], ["A"]]
    result = tally("plurality", ballots, ["C", "B", "A"])
    assert result.winner == "C"
    assert result.tie_break == [
        "Plurality: C and B tied on 2 votes; C wins because it is earliest in the tie-break order."
    ]
    assert tally("plurality", ballots, ["B", "C", "A"]).winner == "B"


def test_approval_ignores_order_and_repeats() -> None:
    # Approvals: A 3 (ballots 1, 2, 4), B 3 (1, 3, 4), C 1.  A and B tie; A is earlier.
    ballots = [["A", "B"], ["A", "A"], ["B", "C", "B"], ["B", "A"], []]
    result = tally("approval", ballots, "ABC")
    assert result.counts == {"A": 3, "B": 3, "C": 1}
    assert result.winner == "A"
    assert result.ranking == ["A", "B", "C"]
    assert result.blank == 1
    assert result.tie_break == [
        "Approval: A and B tied on 3 approvals; A wins because it is earliest in the "
        "tie-break order."
    ]
    assert tally("approval", ballots, "BAC").winner == "B"


def test_schulze_partial_ballots_and_ties() -> None:
    # 2× "B", 1× "A>C", 1× "C".  Unranked candidates lose to ranked ones:
    # B>A on 2 ballots vs A>B on 1 → B beats A.  B vs C: 2 ("B","B") vs 2 ("A>C","C") → tie.
    # A vs C: 1 ("A>C") vs 1 ("C") → tie.  B and C are unbeaten and tied; B is earlier.
    ballots = [["B"], ["B"], ["A", "C"], ["C"]]
    result = tally("schulze", ballots, "ABC")
    assert result.pairwise == {
        ("A", "B"): 1,
        ("B", "A"): 2,
        ("A", "C"): 1,
        ("C", "A"): 1,
        ("B", "C"): 2,
        ("C", "B"): 2,
    }
    assert result.winner == "B"
    assert result.ranking == ["B", "A", "C"]
    assert result.tie_break[0] == (
        "Schulze: B and C tied (strongest paths 0 each way); B wins because it is earliest "
        "in the tie-break order."
    )


def test_schulze_symmetric_cycle_is_a_three_way_tie() -> None:
    ballots = [list("ABC"), list("BCA"), list("CAB")]
    result = tally("schulze", ballots, "CAB")
    assert result.winner == "C"
    assert result.ranking == ["C", "A", "B"]
    assert result.tie_break[0].startswith("Schulze: C, A and B tied")


def test_clean_up_unknown_and_duplicate_entries() -> None:
    ballots = [["X", "A", "A", "B"], ["Y"], ["B", "X", "A"]]
    for method in METHODS:
        result = tally(method, ballots, "AB")
        assert result.total_ballots == 3
        assert result.blank == 1
    plurality = tally("plurality", ballots, "AB")
    assert plurality.counts == {"A": 1, "B": 1}
    assert plurality.winner == "A"


def test_int_candidates_and_describe() -> None:
    titles = {10: "Attention", 20: "BERT"}
    result = tally("plurality", [(10,), (20,)], [20, 10], describe=titles.__getitem__)
    assert result.winner == 20
    assert "BERT and Attention tied on 1 vote" in result.tie_break[0]


def test_no_candidates() -> None:
    for method in METHODS:
        result = tally(method, [["A"]], [])
        assert result.winner is None
        assert result.ranking == []


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="distinct"):
        tally("irv", [], ["A", "A"])
    with pytest.raises(ValueError, match="unknown voting method"):
        tally("borda", [], ["A"])  # type: ignore[arg-type]


def test_to_dict_is_json() -> None:
    for method in METHODS:
        data = json.loads(json.dumps(tally(method, CENTER_SQUEEZE, "ABC").to_dict()))
        assert data["method"] == method
        assert data["total_ballots"] == 100
        assert set(data["ranking"]) == {"A", "B", "C"}
    schulze = tally("schulze", CENTER_SQUEEZE, "ABC").to_dict()
    assert schulze["pairwise"]["B"]["A"] == 65
    irv = tally("irv", CENTER_SQUEEZE, "ABC").to_dict()
    assert irv["rounds"][0]["eliminated"] == "B"


def test_voting_package_is_platform_free() -> None:
    # A fresh interpreter, because this test process may already have loaded adapters.
    code = (
        "import sys, bot.core.voting, bot.core.voting.ballot_file\n"
        "banned = {'discord', 'slack_bolt', 'slack_sdk', 'sqlalchemy', 'apscheduler',"
        " 'aiohttp', 'httpx', 'typer', 'rich'}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in banned))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
