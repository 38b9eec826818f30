"""The meeting log's date reader: every shape groups write finds the date, whatever text is
around it, and a lookalike before it ("Top 10, 2024", "2024-13-45") does not hide it."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from bot.readinglist.parsers.meetings import find_date

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]  # fmt: skip


def _shapes(day: date) -> list[str]:
    name = MONTHS[day.month - 1]
    return [
        day.isoformat(),  # 2024-03-05
        f"{day.year}/{day.month:02d}/{day.day:02d}",  # 2024/03/05
        f"**{day.year}/{day.month:02d}/{day.day:02d}**",
        f"{name} {day.day}, {day.year}",  # March 5, 2024
        f"{name[:3]} {day.day} {day.year}",  # Mar 5 2024
        f"{day.day} {name[:3]} {day.year}",  # 5 Mar 2024
        f"{day.day}th {name} {day.year}",
        f"Tuesday, {name} {day.day}, {day.year}",
    ]


# Text around a date: words, punctuation and digits that make no date of their own.
_NOISE = st.text(alphabet="abcdefghij XYZ—–-|:#*~()[]", max_size=40)
_LOOKALIKES = st.sampled_from(["", "Top 10, 2024 ", "2024-13-45 ", "Week 3 — ", "Q4 2023: "])


@given(
    day=st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)),
    shape=st.integers(min_value=0, max_value=7),
    before=_NOISE,
    lookalike=_LOOKALIKES,
    after=_NOISE,
)
def test_every_shape_is_read_wherever_it_stands(
    day: date, shape: int, before: str, lookalike: str, after: str
) -> None:
    written = _shapes(day)[shape]
    assert find_date(f"{before} {lookalike}{written} {after}") == day


@given(st.text(max_size=200))
def test_text_without_a_year_has_no_date(text: str) -> None:
    assert find_date("".join(c for c in text if not c.isdigit())) is None


def test_a_heading_of_a_real_log() -> None:
    assert find_date("### Week 3 — 2024-03-05") == date(2024, 3, 5)
    assert find_date("| 2024-03-05 | [Paper](https://arxiv.org/abs/1706.03762) | Ada |") == date(
        2024, 3, 5
    )
    assert find_date("no meeting (NeurIPS)") is None
