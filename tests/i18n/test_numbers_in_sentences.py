"""Numbers in sentences are formatted once, by the locale, not by each call site's Python.

A call site that wrote `limit=format(2000, ",")` put English digits into every language's
sentence; the sentences now take the number itself and `bot.i18n.localised` formats it where
the sentence is said, in the club's locale, and the sentence's English value (what logs and
plain-text fallbacks carry) groups it the same way.
"""

from __future__ import annotations

import pytest

from bot.core.domain.errors import InvalidInput
from bot.core.text import t, tn
from bot.core.usecases.paper_content import MAX_SUMMARY, checked_summary
from bot.i18n import say, speaking
from bot.readinglist.import_jobs import ReadSummary


@pytest.mark.parametrize("language", ["en", "ko"])
def test_a_sentences_numbers_are_said_in_the_locale_and_its_english_value_agrees(
    language: str,
) -> None:
    sentence = t("That list has more than {limit} papers, the most one import takes.", limit=2000)
    assert str(sentence) == "That list has more than 2,000 papers, the most one import takes."
    with speaking(language):
        assert "2,000" in say(sentence) and "2000" not in say(sentence)
    with speaking("en"):
        assert say(sentence) == str(sentence)


def test_a_too_long_summary_gives_its_lengths_as_numbers() -> None:
    with pytest.raises(InvalidInput) as refused:
        checked_summary("x" * (MAX_SUMMARY + 1234))
    # The numbers reach the sentence as numbers, for the renderer's locale to format.
    assert refused.value.args[0].args["limit"] == MAX_SUMMARY
    assert refused.value.hint is not None and refused.value.hint.args["over"] == 1234
    assert str(refused.value.hint) == "Shorten it by 1,234 characters."


def test_an_imports_size_is_a_number_in_kilobytes() -> None:
    size = ReadSummary("list.csv", 3_000_000, 10).describe("csv", 2)
    assert "(2,930 KB)" in str(size)
    assert tn("{n} line", "{n} lines", 1234) == "1,234 lines"
