"""The message catalogs: one folder per language, `<code>/LC_MESSAGES/paperclub.po` and its
compiled `.mo` (see docs/TRANSLATING.md). English is the source language and needs none.

Which languages a club may choose is read from here, so adding a language is adding its
catalog; this module uses the standard library only, so the core may ask it.
"""

from __future__ import annotations

import functools
from importlib import resources

DOMAIN = "paperclub"
SOURCE_LANGUAGE = "en"


@functools.cache
def available_languages() -> tuple[str, ...]:
    """ "en" and every language with a compiled catalog, sorted: what /club set language takes."""
    root = resources.files(__name__)
    # Folders are named the gettext way (pt_BR); clubs write the code as BCP 47 does (pt-BR).
    found = {
        entry.name.replace("_", "-")
        for entry in root.iterdir()
        if entry.is_dir() and entry.joinpath("LC_MESSAGES", f"{DOMAIN}.mo").is_file()
    }
    return tuple(sorted(found | {SOURCE_LANGUAGE}))


def folder(language: str) -> str:
    """The catalog folder of a club's language code: "pt-BR" → "pt_BR"."""
    return language.replace("-", "_")


def language_of_locale(locale: str | None) -> str | None:
    """The catalog language a platform's locale asks for, or None when no catalog has it.

    Discord says "ko", "en-US", "pt-BR"; Slack "ko-KR", "en-US". The exact code wins
    ("pt-BR" when there is a pt-BR catalog), then its language ("ko-KR" reads "ko")."""
    if not locale:
        return None
    code = locale.replace("_", "-")
    known = {language.casefold(): language for language in available_languages()}
    return known.get(code.casefold()) or known.get(code.split("-")[0].casefold())
