"""Clean-up shared by the markdown-ish parsers: wiki links, emphasis, mojibake, languages."""

from __future__ import annotations

import re

# Every pattern applied to untrusted text must run in time linear in its length (issue 11). The
# character classes exclude the opening bracket too, so a run of "[[[[" makes each attempt stop
# at the next bracket instead of scanning to the end of the text from every one of them.
_WIKI_RE = re.compile(r"\[\[([^\[\]|]*)(?:\|([^\[\]]*))?\]\]")
_MD_LINK_RE = re.compile(r"\[([^\[\]]*)\]\([^()\[\]\s]+\)")
_HANGUL_RE = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_LATIN_RE = re.compile(r"[A-Za-z]")
_YEAR_RE = re.compile(r"\(\s*((?:19|20)\d{2})\s*\)\s*$")


def fix_mojibake(text: str) -> str:
    """Undo UTF-8 text that was once decoded as Latin-1/cp1252 ("RÃ©" → "Ré")."""
    if "Ã" not in text and "â€" not in text:
        return text
    for codec in ("cp1252", "latin-1"):
        try:
            return text.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return text


def strip_markup(text: str) -> str:
    """Plain text from Obsidian/markdown inline markup: [[a|b]] → b, [t](u) → t, ==x== → x."""
    text = _WIKI_RE.sub(lambda m: m.group(2) or m.group(1), text)
    text = _MD_LINK_RE.sub(lambda m: m.group(1), text)
    text = text.replace("==", "").replace("**", "").replace("__", "")
    text = re.sub(r"(?<!\w)\*(?!\s)([^*]*?)(?<!\s)\*(?!\w)", r"\1", text)
    text = re.sub(r"(?<![\w*])\*|\*(?![\w*])", "", text)
    return " ".join(fix_mojibake(text).split())


def split_year(title: str) -> tuple[str, int | None]:
    """("Title (2017)") → ("Title", 2017)."""
    match = _YEAR_RE.search(title)
    if not match:
        return title.strip(), None
    return title[: match.start()].strip(), int(match.group(1))


def detect_language(text: str) -> str:
    """'ko' for text that is mostly Hangul, else 'en': the only two languages our seeds use."""
    hangul = len(_HANGUL_RE.findall(text))
    latin = len(_LATIN_RE.findall(text))
    return "ko" if hangul and hangul * 3 >= latin else "en"


def split_authors(text: str) -> list[str]:
    """ "A, B, and C" / "A and B" / "Last, First and Last, First" (BibTeX is handled elsewhere)."""
    text = strip_markup(text)
    # strip_markup collapsed every run of white space to one space, so these cannot backtrack.
    parts = re.split(r", ?and |\band |,|;", text)
    names = []
    for part in parts:
        name = part.strip().strip(".").strip()
        if name and name not in {"…", "et al"} and not re.fullmatch(r"[.\s…]*", name):
            names.append(name)
    return names


def paragraphs(lines: list[str]) -> list[str]:
    """Blank-line separated paragraphs, each collapsed to one line."""
    result: list[str] = []
    current: list[str] = []
    for line in lines:
        if line.strip():
            current.append(line.strip())
        elif current:
            result.append(" ".join(current))
            current = []
    if current:
        result.append(" ".join(current))
    return result
