"""PNG charts for results and club stats."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from bot.charts import bar_chart, chart_for
from bot.core.views import Bar, Notice, ResultsView, StatsView
from bot.core.voting.methods import method


def _image(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png))


def test_results_chart_is_a_png_with_a_row_per_candidate() -> None:
    irv = method("irv").view()
    three = ResultsView(1, irv, "A", (Bar("A", 5), Bar("B", 3), Bar("C", 0)), 8)
    five = ResultsView(1, irv, "A", tuple(Bar(c, 1) for c in "ABCDE"), 5)
    small, large = chart_for(three), chart_for(five)
    assert small is not None and large is not None
    assert small.startswith(b"\x89PNG")
    assert _image(large).height > _image(small).height


def test_only_results_and_club_stats_get_charts() -> None:
    assert chart_for(Notice("hi")) is None
    assert chart_for(StatsView("Me", (("a", "b"),))) is None
    assert chart_for(StatsView("Club", (), bars=(Bar("1 Dec", 3),))) is not None


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=300), st.integers(0, 10_000)), max_size=12))
def test_any_labels_and_counts_draw(rows: list[tuple[str, int]]) -> None:
    png = bar_chart("Title", [Bar(label, value) for label, value in rows])
    assert _image(png).width == 720
