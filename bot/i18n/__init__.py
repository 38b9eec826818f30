"""Saying the bot's text in the club's language: the renderers' side of `bot.core.text`.

A renderer runs `with speaking(reply.language):` around one reply, then `say(view.text)` turns
the core's `Text`, `Moment` and `Names` into that language (plain strings, a member's or a
paper's own text, pass unchanged), and `_("…")` / `ngettext` translate the renderer's own
headings. The language lives in a context variable for the length of one rendering: rendering
is synchronous, so it cannot leak into another club's reply, and the dozens of render functions
need no extra parameter.
"""

from __future__ import annotations

import functools
import gettext
import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_skeleton, format_time
from babel.lists import format_list
from babel.numbers import format_decimal

from bot.core.text import Moment, MomentForm, Names, Text
from bot.locale import DOMAIN, SOURCE_LANGUAGE, available_languages, folder

log = logging.getLogger(__name__)

_language: ContextVar[str] = ContextVar("paperclub_language", default=SOURCE_LANGUAGE)

__all__ = [
    "_",
    "available_languages",
    "current_language",
    "localised",
    "ngettext",
    "say",
    "speaking",
]


@contextmanager
def speaking(language: str | None) -> Iterator[None]:
    """Render in `language` inside the block; a language without a catalog renders English."""
    chosen = language if language in available_languages() else SOURCE_LANGUAGE
    token = _language.set(chosen)
    try:
        yield
    finally:
        _language.reset(token)


def current_language() -> str:
    return _language.get()


@functools.cache
def translations(language: str) -> gettext.NullTranslations:
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    # The compiled catalog shipped in the package (see docs/TRANSLATING.md for why it is
    # committed); `fallback` only matters for a language that lost its .mo, which
    # available_languages() would not offer.
    return gettext.translation(
        DOMAIN, localedir=_locale_dir(), languages=[folder(language)], fallback=True
    )


def _locale_dir() -> str:
    import bot.locale

    return str(bot.locale.__path__[0])


@functools.cache
def babel_locale(language: str) -> Locale:
    try:
        return Locale.parse(folder(language))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(SOURCE_LANGUAGE)


def _(message: str) -> str:
    """A renderer's own text in the current language (extracted by `pybabel extract`)."""
    return translations(current_language()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a renderer's text for `count`, with `{n}` filled in."""
    template = translations(current_language()).ngettext(singular, plural, count)
    return _fill(template, {"n": number(count)}, fallback=singular if count == 1 else plural)


def number(value: int | float) -> str:
    return str(format_decimal(value, locale=babel_locale(current_language())))


def say(text: str) -> str:
    """The core's text in the current language; any other string as it is."""
    if isinstance(text, Text):
        return _say_text(text)
    if isinstance(text, Moment):
        return _say_moment(text)
    if isinstance(text, Names):
        if current_language() == SOURCE_LANGUAGE:
            return str.__str__(text)
        items = [say(item) for item in text.items]
        return format_list(items, locale=babel_locale(current_language())) if items else ""
    return text


def _say_text(text: Text) -> str:
    tr = translations(current_language())
    if text.plural is not None and text.number is not None:
        template = tr.ngettext(text.msgid, text.plural, text.number)
    else:
        template = tr.gettext(text.msgid)
    args: dict[str, Any] = {key: localised(value) for key, value in text.args.items()}
    if text.number is not None:
        args.setdefault("n", number(text.number))
    return _fill(template, args, fallback=str.__str__(text))


def localised(value: object) -> object:
    """A value for a translated sentence, in the current language: the core's text said, a
    number formatted in the locale by `number` ("1,234"), anything else as it is. Every
    number in a sentence goes through here or `number`: `say`'s arguments and `{n}`, the
    renderers' `ngettext`, and the pages' `{% trans %}` values (bot.i18n.templates)."""
    if isinstance(value, str):
        return say(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return number(value)
    return value


def _fill(template: str, args: Mapping[str, Any], *, fallback: str) -> str:
    try:
        return template.format_map(args)
    except (KeyError, IndexError, ValueError):
        # A translation naming a placeholder its message lacks: the English sentence is
        # better than no reply (the catalog test refuses such a translation).
        log.warning("catalog template does not fit its arguments: %r", template)
        return fallback


def _say_moment(moment: Moment) -> str:
    language = current_language()
    if language == SOURCE_LANGUAGE:
        return str.__str__(moment)
    locale = babel_locale(language)
    value = moment.value
    if moment.form is MomentForm.SHORT_DAY:
        return str(format_skeleton("MMMd", value, locale=locale))
    day = str(format_skeleton("yMMMEd", value, locale=locale))
    if moment.form is MomentForm.DAY or not isinstance(value, datetime):
        return day
    clock = str(format_time(value, "short", locale=locale))
    if moment.form is MomentForm.TIME:
        return clock
    return f"{day} {clock} {value.tzname()}"
