"""Display names as they enter the core: what `clean_name` keeps, drops and cuts, for any text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.core.domain.ids import Actor, MemberKey, Platform
from bot.core.domain.member_names import NAME_LIMIT, clean_name

ANY_TEXT = st.text(st.characters(codec=None), max_size=600)
FAMILY = "\U0001f469\u200d\U0001f469\u200d\U0001f467"  # one grapheme, five code points
MEMBER = MemberKey(Platform.DISCORD, "1", "U123")


@given(ANY_TEXT)
def test_any_text_becomes_a_name_a_database_and_a_chat_line_take(name: str) -> None:
    cleaned = clean_name(name, "U123")
    assert 0 < len(cleaned) <= NAME_LIMIT
    cleaned.encode("utf-8")  # no lone surrogate
    assert not any(c.isspace() and c != " " for c in cleaned)
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in cleaned)
    assert cleaned == cleaned.strip(" ") and "  " not in cleaned
    assert clean_name(cleaned, "U123") == cleaned
    assert Actor(MEMBER, name).display_name == cleaned


@given(st.text(st.characters(categories=["L", "M", "N", "P", "S"]), min_size=1, max_size=40))
def test_a_printable_name_is_kept_as_it_is(name: str) -> None:
    assert clean_name(name) is name
    assert Actor(MEMBER, name).display_name is name


def test_emoji_sequences_and_other_scripts_are_kept_and_never_cut_in_half() -> None:
    for name in (f"Minji {FAMILY}", "김민지", "محمد", "\U0001f3f4\U000e0067\U000e0062\U000e007f"):
        assert clean_name(name) == name
    long = "x" * (NAME_LIMIT - 2) + FAMILY
    assert clean_name(long) == "x" * (NAME_LIMIT - 2)


def test_controls_overrides_and_surrogates() -> None:
    assert clean_name("Trudy\r\n\u202egnp.exe\t") == "Trudy gnp.exe"
    assert clean_name("Mal\ud800lory\x00") == "Mallory"
    assert clean_name("\u00a0Ada\u2028\u3000Lovelace ") == "Ada Lovelace"
    assert clean_name("\x00\n", "U123") == "U123"
    assert clean_name("\x00\n", "\ud800") == "member"
    assert Actor(MEMBER, "").display_name == "U123"
