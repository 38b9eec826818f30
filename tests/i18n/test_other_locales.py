"""A club whose language has no catalog (the settings' club_defaults take any code shaped like
"de" or "pt-BR"; a backup may carry one): it is answered in English, numbers and dates as
English writes them (the language its sentences are in), everywhere, and nothing fails."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.adapters.shared.card_text import language_name, other_language
from bot.bootstrap import Services, build_services
from bot.core.clock import ManualClock
from bot.core.commands.dispatch import UNEXPECTED
from bot.core.text import t
from bot.i18n import current_language, localised, ngettext, say, speaking
from bot.settings import ClubDefaults, Settings
from tests.i18n.test_korean_week import _a_week

# "kr" is Korea's country code, a slip for "ko" that Babel has no locale for.
OTHERS = ["de", "fr", "pt-BR", "kr", "zz-ZZ"]


@pytest.fixture(params=OTHERS)
async def other(
    request: pytest.FixtureRequest, database_url: str, clock: ManualClock
) -> AsyncIterator[Services]:
    defaults = ClubDefaults(language=request.param, timezone="Asia/Seoul")
    settings = Settings(database_url=database_url, paper_text=False, club_defaults=defaults)
    built = await build_services(settings, clock=clock, run_migrations=False, load_papers=False)
    try:
        yield built
    finally:
        await built.close()


async def test_a_week_of_a_club_in_a_language_without_a_catalog(
    other: Services, clock: ManualClock
) -> None:
    heard = await _a_week(other, clock)
    for platform, said in heard.texts.items():
        for what, text in said:
            assert str(UNEXPECTED) not in text, (platform, what, text)
            assert "Something went wrong" not in text, (platform, what, text)


@pytest.mark.parametrize("language", OTHERS)
def test_numbers_in_a_language_without_a_catalog_are_said_as_its_sentences_are(
    language: str,
) -> None:
    sentence = t("That list has more than {limit} papers, the most one import takes.", limit=2000)
    with speaking(language):
        assert current_language() == "en"
        assert say(sentence) == "That list has more than 2,000 papers, the most one import takes."
        assert ngettext("{n} line", "{n} lines", 1234) == "1,234 lines"
        assert localised(1234567) == "1,234,567" and localised(2.5) == "2.5"


@pytest.mark.parametrize("code", OTHERS)
@pytest.mark.parametrize("spoken", ["en", "ko"])
def test_a_text_in_any_language_is_named_on_a_card(code: str, spoken: str) -> None:
    """A summary written in a language Babel does not know ("kr", which club_defaults takes)
    is named by its code on the card, rather than failing the card."""
    with speaking(spoken):
        name = language_name(code)
        note = other_language(code, None)
    assert name and note and name in note, (name, note)
