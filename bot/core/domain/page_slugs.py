"""The name an admin picks for the club's public page: /c/<name>, beside the secret address.

A name is what a person reads and types, so it is checked strictly: NFKC and casefolded first
(a full-width "ＰＡＰＥＲ" is "paper"), then only the ASCII letters a-z, digits and single
hyphens between them, 3 to 40 characters. Anything else is refused, not repaired: a Cyrillic
"а" that looks like "a", a right-to-left mark or a zero-width space would give two clubs
addresses that look the same. Words the bot's own pages use are kept.

One name belongs to one club across every platform: the database's UNIQUE constraint decides
(two admins racing for a name get one each way: the name, or `SlugTaken`).
"""

from __future__ import annotations

import re
import unicodedata

from bot.core.domain.errors import Conflict, InvalidInput
from bot.core.text import t

MIN_LENGTH = 3
MAX_LENGTH = 40
# Longer input is refused before it is normalised (NFKC can grow a string eighteenfold).
MAX_INPUT = 200
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# What an admin types to release the name; never a name itself.
CLEAR_WORDS = frozenset({"clear", "none", "off", "remove"})
# The bot's own paths and words a visitor might take for the bot's own pages.
RESERVED = frozenset(
    {
        "about",
        "admin",
        "api",
        "app",
        "assets",
        "bot",
        "calendar",
        "club",
        "clubs",
        "export",
        "feed",
        "health",
        "healthz",
        "help",
        "login",
        "logout",
        "manage",
        "metrics",
        "new",
        "page",
        "page-assets",
        "paperclub",
        "settings",
        "sign-in",
        "sign-out",
        "slack",
        "discord",
        "static",
        "www",
    }
    | CLEAR_WORDS
)
EXAMPLE = "reading-group-42"


class SlugTaken(Conflict):
    """Another club (on any platform) has this name."""

    def __init__(self, slug: str) -> None:
        super().__init__(
            t("The page name “{slug}” is taken by another club.", slug=slug),
            hint=t("Choose another name: /club page slug NAME"),
        )
        self.slug = slug


def normalised(raw: str) -> str:
    """The form names are compared and stored in: NFKC, casefolded, outer spaces dropped."""
    return unicodedata.normalize("NFKC", raw).casefold().strip()


def checked(raw: str) -> str:
    """The name `raw` stands for, or InvalidInput saying what a name may be (never echoing
    input that is not one)."""
    if len(raw) > MAX_INPUT:
        raise InvalidInput(_length_rule())
    slug = normalised(raw)
    if not MIN_LENGTH <= len(slug) <= MAX_LENGTH:
        raise InvalidInput(_length_rule())
    if not _SLUG.fullmatch(slug):
        raise InvalidInput(
            t(
                "A page name uses only the letters a-z, digits and single hyphens between them "
                "(like {example}).",
                example=EXAMPLE,
            ),
            hint=t("Letters from other alphabets, spaces and invisible marks are refused."),
        )
    if slug in RESERVED:
        raise InvalidInput(
            t("“{slug}” is kept for the bot's own pages; choose another name.", slug=slug)
        )
    return slug


def looks_like_one(raw: str) -> str | None:
    """The name an address asks for, or None when it could be nobody's (a 404, unread)."""
    if len(raw) > MAX_INPUT:
        return None
    slug = normalised(raw)
    if not MIN_LENGTH <= len(slug) <= MAX_LENGTH or not _SLUG.fullmatch(slug):
        return None
    return None if slug in RESERVED else slug


def _length_rule() -> str:
    return t(
        "A page name is {low} to {high} characters long (like {example}).",
        low=MIN_LENGTH,
        high=MAX_LENGTH,
        example=EXAMPLE,
    )
