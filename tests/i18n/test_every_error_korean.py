"""Every command's mistakes are answered in Korean in a Korean club (issue 17).

The week test drives the commands as a club uses them; this sweep feeds every command in the
catalog (bot/core/commands/listing.py) the words members get wrong: nothing where something is
needed, junk, numbers out of range, a word too many. Each answer is rendered on the console,
Discord and Slack and read for English sentences, as the week test reads them.
"""

from __future__ import annotations

import re
import unicodedata

import pytest

from bot.bootstrap import Services
from bot.core.commands.listing import default_specs
from bot.core.commands.options import OptionKind
from bot.core.commands.spec import CommandSpec
from bot.core.planning.calendar import parse_weekday
from tests.i18n.test_korean_members import ENGLISH_PLACEHOLDERS
from tests.i18n.test_korean_week import Club, Heard, assert_korean, english_runs, korean

__all__ = ["korean"]  # the Korean club's services, a fixture of the week test

WORD = "zzqx"  # junk a member typed: said back to them as their own words, it is no sentence
JUNK = (WORD, "999999", "-1", "0", "2026-13-45", "#0", "#999999", "¿?")


def _mistakes(spec: CommandSpec[object, object]) -> list[str]:
    """Typed lines that get `spec` wrong, each answered with an error or a refusal."""
    name = f"/{spec.name}"
    typed = [o for o in spec.options if not o.hidden and o.kind is not OptionKind.FILE]
    lines = [name] if any(o.required for o in typed) else []
    lines += [f"{name} {junk}" for junk in JUNK]
    lines.append(" ".join([name, *(WORD for _ in range(len(typed) + 1))]))
    return lines


# A wrong value of each kind, as a platform's typed option or a form's field hands it over.
WRONG: dict[OptionKind, str] = {
    OptionKind.TEXT: WORD,
    OptionKind.INTEGER: "-999999999999999",
    OptionKind.PAPER: WORD,
    OptionKind.TIMEZONE: "Mars/Olympus_Mons",
    OptionKind.WEEKDAY: "someday",
    OptionKind.TIME: "25:99",
    OptionKind.DATE: "2026-13-45",
    OptionKind.CHOICE: WORD,
    OptionKind.SESSION: "2026-02-30",
    OptionKind.POLL: "#x",
}


def _wrong_values(spec: CommandSpec[object, object]) -> list[dict[str, object]]:
    """Each typed option wrong in turn (the required ones wrong too): Discord's and the forms'
    road into the same reading of values."""
    typed = [o for o in spec.options if not o.hidden and o.kind is not OptionKind.FILE]
    required = {o.name: WRONG[o.kind] for o in typed if o.required}
    return [{**required, o.name: WRONG[o.kind]} for o in typed] or [{}]


SPECS = list(default_specs())


def _english(text: str) -> list[str]:
    return [run for run in english_runs(text) if set(re.split(r"[ ,'’]+", run)) - {WORD, ""}]


@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
async def test_every_mistake_is_answered_in_korean(
    korean: Services, spec: CommandSpec[object, object]
) -> None:
    heard = Heard()
    club = Club(korean, heard)
    assert await club.console.ensure_club() is not None
    await club.say("/club setup wed 19:00 Asia/Seoul")
    for line in _mistakes(spec):
        await club.say(line)
        await club.say(line, "alice")
    for values in _wrong_values(spec):
        reply = await korean.dispatcher.run_values(spec, values, club.context("you"))
        heard.reply(f"you: /{spec.name} {values}", reply, korean)
    assert_korean(heard, _english)


def _usage_mistakes() -> list[str]:
    """Each command typed with nothing where something is needed and with a word too many:
    the lines answered with its usage."""
    lines: list[str] = []
    for spec in SPECS:
        typed = [o for o in spec.options if not o.hidden and o.kind is not OptionKind.FILE]
        if any(o.required for o in typed):
            lines.append(f"/{spec.name}")
        lines.append(" ".join([f"/{spec.name}", *(WORD for _ in range(len(typed) + 1))]))
    return [*lines, "/club set", "/club reschedule", "/club reschedule 2", "/papers reject 1"]


async def test_usages_in_mistakes_name_what_to_fill_in_in_korean(korean: Services) -> None:
    heard = Heard()
    club = Club(korean, heard)
    assert await club.console.ensure_club() is not None
    await club.say("/club setup wed 19:00 Asia/Seoul")
    await club.run(*_usage_mistakes())
    usages = [
        (platform, what, text)
        for platform, texts in heard.texts.items()
        for what, text in texts
        if "사용법" in text
    ]
    assert usages
    english = [
        f"{platform} · {what} · {text[:200]!r}"
        for platform, what, text in usages
        if ENGLISH_PLACEHOLDERS.search(text)
    ]
    assert not english, "\n".join(english)
    # As /help writes them: the club's words for what to fill in, the command as typed.
    said = "\n".join(text for _, _, text in usages)
    assert "/club reschedule 날짜 새_날짜 새_시간" in said
    assert "/club set 설정 값" in said


async def test_a_korean_club_sets_its_weekday_in_korean(korean: Services) -> None:
    heard = Heard()
    club = Club(korean, heard)
    assert await club.console.ensure_club() is not None
    await club.say("/club setup wed 19:00 Asia/Seoul")
    await club.say("/club set weekday 목요일")
    await club.say("/club set weekday someday")
    for platform, texts in heard.texts.items():
        shown = {what: "\n".join(text for w, text in texts if w == what) for what, _ in texts}
        # The rule moved to Thursdays: the sessions are said to move with it.
        assert "매주 목요일" in shown["you: /club set weekday 목요일"], (platform, shown)
        hint = shown["you: /club set weekday someday"]
        days = ("월요일", "화요일", "수요일", "목요일", "금요일", "토요일", "일요일")
        assert all(day in hint for day in days), (platform, hint)
        assert "Monday" not in hint and "Wednesday" not in hint, (platform, hint)


@pytest.mark.parametrize(
    ("word", "day"),
    [
        ("월", 0),
        ("월요일", 0),
        ("화", 1),
        (" 수요일 ", 2),
        (unicodedata.normalize("NFD", "목요일"), 3),  # Hangul typed as jamo, composed by NFKC
        ("금요일", 4),
        ("토", 5),
        ("일요일", 6),
        ("Wednesday", 2),
        ("wed", 2),
        ("THURS.", 3),
        ("ｓｕｎｄａｙ", 6),  # full-width letters
    ],
)
def test_weekdays_are_read_in_korean_and_english(word: str, day: int) -> None:
    assert parse_weekday(word) == day


@pytest.mark.parametrize("word", ["수요", "요일", "월화", "someday", "0", "일주일"])
def test_words_that_name_no_weekday_are_refused(word: str) -> None:
    with pytest.raises(ValueError):
        parse_weekday(word)
