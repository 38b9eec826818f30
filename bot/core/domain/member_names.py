"""Members' display names as they may be stored and shown.

A platform hands us whatever its member typed: NUL (PostgreSQL's text refuses it, SQLite's
cuts the name at it), lone surrogates (a JSON "\\ud800" escape decodes to one; no UTF-8
encoder takes it, so the ballot batch carrying it failed), newlines and other controls (a
name breaking a list's lines), bidi overrides (a name reversing the text after it), and
names longer than the column (String(200)). Every name enters the core through `Actor`,
which cleans it here.
"""

from __future__ import annotations

import re

from wcwidth import grapheme_boundary_before

NAME_LIMIT = 200  # code points: members.display_name is String(200)

# Dropped: lone surrogates, and the bidi embeddings, overrides and isolates, which act on the
# text around the name too. Other format characters (Cf) stay: ZWJ and ZWNJ join emoji and
# scripts, tag characters make subdivision flags.
_DROPPED = re.compile("[\ud800-\udfff\u202a-\u202e\u2066-\u2069]")
# Runs of controls and whitespace (`\s` is every Unicode space, line and paragraph
# separator) become one space.
_SPACES = re.compile(r"[\x00-\x1f\x7f-\x9f\s]+")
# Anything the two above would change, but a single U+0020 (`[^\S ]`: a space that is not it).
_UNCLEAN = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]|[^\S ]|  ")


def clean_name(name: str, fallback: str = "member") -> str:
    """`name` with controls and spaces collapsed to single spaces, lone surrogates and bidi
    controls dropped, trimmed, and cut to `NAME_LIMIT` at a grapheme boundary; `fallback`
    (say, the member's platform id) if nothing is left."""
    # The fast path, every click: a printable name has no control, no surrogate, no bidi
    # control (all non-printable) and no space but U+0020.
    if (
        name.isprintable()
        and 0 < len(name) <= NAME_LIMIT
        and name[0] != " " != name[-1]
        and "  " not in name
    ):
        return name
    # Printable but for format characters (an emoji ZWJ sequence): one search, no copy.
    if 0 < len(name) <= NAME_LIMIT and name[0] != " " != name[-1] and not _UNCLEAN.search(name):
        return name
    cleaned = _SPACES.sub(" ", _DROPPED.sub("", name)).strip(" ")
    if len(cleaned) > NAME_LIMIT:
        cut = grapheme_boundary_before(cleaned, NAME_LIMIT + 1)
        # One cluster longer than the limit (a pile of combining marks): cut inside it.
        cleaned = cleaned[: cut or NAME_LIMIT].rstrip(" ")
    if cleaned:
        return cleaned
    # The fallback (a platform id) is cleaned too, and "member" stands in if even it is empty.
    return clean_name(fallback) if fallback != "member" else "member"
