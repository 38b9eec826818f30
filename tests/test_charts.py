"""PNG charts for results and club stats."""

from __future__ import annotations

import io
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from bot.charts import ALT_LIMIT, alt_text, bar_chart, chart_for, has_chart
from bot.core.text import t
from bot.core.views import Bar, Notice, ResultsView, StatsView
from bot.core.voting.methods import method
from bot.core.wording import format_short_day, plural
from bot.i18n import speaking


def _image(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png))


def test_results_chart_is_a_png_with_a_row_per_candidate() -> None:
    irv = method("irv").view()
    three = ResultsView(1, irv, "A", (Bar("A", 5), Bar("B", 3), Bar("C", 0)), 8)
    five = ResultsView(1, irv, "A", tuple(Bar(c, 1) for c in "ABCDE"), 5)
    small, large = chart_for(three, "en"), chart_for(five, "en")
    assert small is not None and large is not None
    assert small.startswith(b"\x89PNG")
    assert _image(large).height > _image(small).height


def test_only_results_and_club_stats_get_charts() -> None:
    assert chart_for(Notice("hi"), "en") is None
    assert chart_for(StatsView("Me", (("a", "b"),)), "en") is None
    assert chart_for(StatsView("Club", (), bars=(Bar("1 Dec", 3),)), "en") is not None
    # The cheap test Slack makes before a thread is set to draw: the same answers.
    assert not has_chart(Notice("hi")) and not has_chart(StatsView("Me", (("a", "b"),)))
    assert has_chart(StatsView("Club", (), bars=(Bar("1 Dec", 3),)))


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=300), st.integers(0, 10_000)), max_size=12))
def test_any_labels_and_counts_draw(rows: list[tuple[str, int]]) -> None:
    png = bar_chart("Title", [Bar(label, value) for label, value in rows])
    assert _image(png).width == 720


# Korean clubs: the chart's words come from the catalog, and Hangul is drawn as Hangul.

# A private-use code point no font maps: drawn as the font's .notdef box (tofu).
NOTDEF = "\ue000"


def _title_pixels(title: str) -> bytes:
    """The pixels of a chart's title strip, the rest of the chart being the same."""
    image = _image(bar_chart(title, [Bar("x", 1)]))
    return image.crop((0, 0, image.width, 48)).tobytes()


def test_hangul_draws_as_letters_not_as_empty_boxes() -> None:
    # With a font that lacks Hangul every syllable is the same box, so two different Korean
    # titles of one length draw the same pixels, and the same as a row of .notdef glyphs.
    tofu = _title_pixels(NOTDEF * 4)
    first, second = _title_pixels("투표 결과"), _title_pixels("출석 기록")
    assert first != second
    assert tofu not in (first, second)
    assert _title_pixels("투표 결과") == first  # drawing is deterministic, so the test can fail


def test_a_korean_club_gets_its_chart_in_korean() -> None:
    irv = method("irv").view()
    results = ResultsView(7, irv, "Attention Is All You Need", (Bar("A", 5), Bar("B", 3)), 8)
    korean = chart_for(results, "ko")
    assert korean == bar_chart(
        "선정: Attention Is All You Need",
        results.bars,
        "8표 · 순위 선택 (즉석 결선) · 1순위 득표",
    )
    assert korean != chart_for(results, "en")
    with speaking("ko"):
        assert alt_text(results).startswith("선정: Attention Is All You Need (8표 · ")
        assert alt_text(results).endswith("A: 5; B: 3")


def test_dates_on_a_korean_stats_chart_are_korean() -> None:
    day = Bar(format_short_day(date(2026, 12, 2)), 4)
    stats = StatsView(t("Next up"), (), bars=(day,), bars_title=plural(3, "vote"))
    with speaking("ko"):
        assert alt_text(stats) == "3표: 12월 2일: 4"
    assert chart_for(stats, "ko") == bar_chart("3표", [Bar("12월 2일", 4)], "다음 논문")


def test_alt_text_fits_discords_attachment_description() -> None:
    bars = tuple(Bar("긴 제목 " * 40, n) for n in range(12))
    results = ResultsView(1, method("plurality").view(), None, bars, 66)
    with speaking("ko"):
        text = alt_text(results)
    assert len(text) == ALT_LIMIT and text.startswith("결과 (66표 · ")
