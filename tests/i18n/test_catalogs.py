"""The catalogs: every message the code says has a translation in every language, the
translations keep their placeholders, and each shipped .mo is its .po compiled."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

import bot
from bot.locale import available_languages, folder

ROOT = Path(bot.__file__).parent
PROJECT = ROOT.parent
KEYWORDS = {
    "t": None,
    "tn": (1, 2),
    "_": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "gettext": None,
}
TRANSLATED = [code for code in available_languages() if code != "en"]
_FIELD = re.compile(r"\{(\w*)[^{}]*\}")


def _extracted() -> set[tuple[str | None, str]]:
    with (PROJECT / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        found.add((context, msgid))
    return found


def _catalog(language: str):  # type: ignore[no-untyped-def]
    path = ROOT / "locale" / folder(language) / "LC_MESSAGES" / "paperclub.po"
    with path.open("rb") as handle:
        return read_po(handle, locale=folder(language))


def test_korean_is_offered() -> None:
    assert "ko" in available_languages()
    assert available_languages()[0] == "en"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_the_code_says_is_translated(language: str) -> None:
    catalog = _catalog(language)
    missing = []
    for context, msgid in sorted(_extracted(), key=str):
        message = catalog.get(msgid, context=context)
        strings = message.string if message is not None else ""
        strings = strings if isinstance(strings, tuple) else (strings,)
        if message is None or message.fuzzy or not all(strings):
            missing.append((context, msgid))
    assert not missing, (
        f"{len(missing)} messages lack a {language} translation: {missing[:20]}; run make i18n "
        "and translate them in the .po (docs/TRANSLATING.md)"
    )


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_their_placeholders(language: str) -> None:
    wrong = []
    for message in _catalog(language):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        # Every form may name only the placeholders the message has ({n} is given to plurals).
        allowed = {name for text in ids for name in _FIELD.findall(text)}
        for text in strings:
            if not set(_FIELD.findall(text)) <= allowed or text.count("{") != text.count("}"):
                wrong.append((message.id, text))
    assert not wrong


@pytest.mark.parametrize("language", TRANSLATED)
def test_each_shipped_mo_is_its_po_compiled(language: str) -> None:
    """The .mo files are committed (the package and the image need no build step); this keeps
    them from drifting from the .po that translators edit: `make i18n` recompiles them."""
    compiled = io.BytesIO()
    write_mo(compiled, _catalog(language))
    shipped = ROOT / "locale" / folder(language) / "LC_MESSAGES" / "paperclub.mo"
    assert shipped.read_bytes() == compiled.getvalue(), "run `make i18n` to recompile"
