"""Paper identifiers: arXiv ids, DOIs and the slugs we use as entry ids."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import unquote

# The schema accepts exactly these shapes; a version suffix is stripped because the version is a
# property of a download, not of the paper.
_NEW_ID = r"\d{4}\.\d{4,5}"
_OLD_ID = r"[a-z][a-z-]*(?:\.[A-Z]{2})?/\d{7}"
_ID = rf"(?P<id>{_NEW_ID}|{_OLD_ID})(?:v\d+)?"

_BARE_RE = re.compile(rf"^(?:arxiv\s*:\s*)?{_ID}$", re.IGNORECASE)
_URL_RE = re.compile(
    rf"^https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/{_ID}(?:\.pdf)?/?(?:[?#]\S*)?$",
    re.IGNORECASE,
)
_ID_SHAPE_RE = re.compile(rf"^(?:{_NEW_ID}|{_OLD_ID})$")
# Inside prose an id is only trusted in a link or with an explicit prefix, never as a bare number.
_FIND_RE = re.compile(
    rf"(?:arxiv\.org/(?:abs|pdf|html)/|arxiv\s*:\s*){_ID}",
    re.IGNORECASE,
)

_DOI_CORE = r"(?P<doi>10\.\d{4,9}/\S+)"
_DOI_RE = re.compile(
    rf"^(?:doi\s*:\s*|https?://(?:www\.|dx\.)?doi\.org/)?{_DOI_CORE}$",
    re.IGNORECASE,
)

SLUG_MAX = 80


def _check_id(candidate: str) -> str | None:
    # re.IGNORECASE lets "ARXIV:" through but must not let "HEP-TH/…" through: the archive part
    # of an old-style id is case-sensitive in the schema.
    return candidate if _ID_SHAPE_RE.match(candidate) else None


def parse_arxiv_id(text: str) -> str | None:
    """The version-less arXiv id in `text` (a bare id, `arXiv:` id or arxiv.org URL), else None."""
    if not isinstance(text, str):
        return None
    stripped = text.strip()
    if len(stripped) > 300:
        return None
    match = _BARE_RE.match(stripped) or _URL_RE.match(stripped)
    return _check_id(match.group("id")) if match else None


def find_arxiv_ids(text: str) -> list[str]:
    """Every arXiv id linked or prefixed in free text, in order, without repeats."""
    found: list[str] = []
    for match in _FIND_RE.finditer(text):
        arxiv_id = _check_id(match.group("id"))
        if arxiv_id and arxiv_id not in found:
            found.append(arxiv_id)
    return found


def parse_doi(text: str) -> str | None:
    """The DOI in `text` (bare, `doi:` prefixed or a doi.org URL), else None."""
    if not isinstance(text, str):
        return None
    stripped = text.strip()
    if len(stripped) > 500:
        return None
    # DOIs in URLs are often percent-encoded ("10.1000%2Fxyz").
    match = _DOI_RE.match(unquote(stripped) if "%" in stripped else stripped)
    if not match:
        return None
    doi = match.group("doi").rstrip(".,;")
    return doi if re.match(r"^10\.\d{4,9}/\S+$", doi) else None


def slugify(title: str) -> str:
    """A stable entry id for `title`, matching the schema's slug rule (≤80 chars, a-z0-9 and -)."""
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    original_chars = sum(ch.isalnum() for ch in title)
    ascii_chars = sum(ch.isalnum() for ch in folded)
    # A mostly non-Latin title would collapse to a few stray letters, so it gets a hash instead:
    # stable, and distinct for distinct titles.
    if not slug or ascii_chars * 2 < original_chars:
        digest = hashlib.sha256(title.strip().encode("utf-8")).hexdigest()[:10]
        return f"paper-{digest}"
    if len(slug) > SLUG_MAX:
        cut = slug[:SLUG_MAX]
        # Cut at a word boundary when one is reasonably close, so ids stay readable.
        boundary = cut.rfind("-")
        slug = cut[:boundary] if boundary >= SLUG_MAX // 2 else cut
        slug = slug.strip("-")
    return slug


def arxiv_url(arxiv_id: str) -> str:
    return f"https://arxiv.org/abs/{arxiv_id}"


def doi_url(doi: str) -> str:
    return f"https://doi.org/{doi}"
