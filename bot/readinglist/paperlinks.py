"""Which links point at a paper, and which paper: arXiv in all its page shapes, DOIs inside
publisher URLs, and the proceedings sites reading groups link to (ACL Anthology, OpenReview,
PMLR, NeurIPS, Semantic Scholar, Hugging Face papers).

A link is a paper reference when its address alone says so; the link text never decides. The
patterns are anchored at a literal host or prefix and use only single character-class runs, so
each costs time linear in its input (see tests/readinglist/test_rl_linear_time.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from bot.readinglist.ids import arxiv_url, parse_doi

_NEW_ID = r"\d{4}\.\d{4,5}"
_OLD_ID = r"[a-z][a-z-]*(?:\.[A-Z]{2})?/\d{7}"
# arXiv pages: abs, pdf (with or without .pdf), html, format, and the mirrors people link.
_ARXIV_PATH_RE = re.compile(
    rf"^/(?:abs|pdf|html|format|papers)/(?P<id>{_NEW_ID}|{_OLD_ID})(?:v\d+)?(?:\.pdf)?/?$"
)
_ARXIV_HOSTS = frozenset(
    {
        "arxiv.org",
        "www.arxiv.org",
        "export.arxiv.org",
        "browse.arxiv.org",
        "ar5iv.org",
        "ar5iv.labs.arxiv.org",
        "www.alphaxiv.org",
        "alphaxiv.org",
        "huggingface.co",
        "www.semanticscholar.org",
        "semanticscholar.org",
        "paperswithcode.com",
    }
)
_S2_ARXIV_RE = re.compile(rf"^/arxiv/(?P<id>{_NEW_ID})(?:v\d+)?/?$")
# Publishers that put the DOI in the path after /doi/ (ACM, Wiley, Taylor & Francis, SAGE, …)
# or after /article/ and /chapter/ (Springer).
_DOI_IN_PATH_RE = re.compile(
    r"/(?:doi(?:/(?:abs|full|pdf|epdf))?|article|chapter)/(10\.\d{4,9}/\S+)$"
)
# Hosts whose pages are papers even without an id we can read.
_PAPER_HOSTS = (
    "aclanthology.org",
    "www.aclweb.org",
    "openreview.net",
    "proceedings.mlr.press",
    "proceedings.neurips.cc",
    "papers.nips.cc",
    "papers.neurips.cc",
    "semanticscholar.org",
    "www.semanticscholar.org",
    "openaccess.thecvf.com",
    "ojs.aaai.org",
    "www.ijcai.org",
    "jmlr.org",
    "www.jmlr.org",
    "dl.acm.org",
    "ieeexplore.ieee.org",
    "www.nature.com",
    "www.science.org",
    "biorxiv.org",
    "www.biorxiv.org",
    "www.medrxiv.org",
    "pubmed.ncbi.nlm.nih.gov",
    "link.springer.com",
)
# Addresses that are never the paper itself: code, talks, badges, social posts.
_NOT_PAPERS = (
    "github.com",
    "gitlab.com",
    "youtube.com",
    "www.youtube.com",
    "youtu.be",
    "twitter.com",
    "x.com",
    "img.shields.io",
    "shields.io",
    "awesome.re",
    "colab.research.google.com",
    "discord.gg",
    "discord.com",
    "linkedin.com",
    "www.linkedin.com",
    "zoom.us",
    "meet.google.com",
)
# A URL in running text, or a scheme-less one on a host we know: the run of non-space characters
# after a literal start. Trailing punctuation is trimmed in Python.
_BARE_URL_RE = re.compile(
    r"(?:https?://|(?<![\w./@-])(?:www\.|(?:export\.)?arxiv\.org/|doi\.org/|dx\.doi\.org/|"
    r"aclanthology\.org/|openreview\.net/|proceedings\.mlr\.press/|proceedings\.neurips\.cc/|"
    r"papers\.nips\.cc/|(?:www\.)?semanticscholar\.org/))[^\s<>\"'`\[\]|]+",
    re.IGNORECASE,
)
_PREFIXED_ID_RE = re.compile(
    rf"(?<![\w/])arxiv[ \t]*[:.]?[ \t]*(?P<id>{_NEW_ID}|{_OLD_ID})(?:v\d+)?(?!\d)", re.IGNORECASE
)
_PREFIXED_DOI_RE = re.compile(
    r"(?<![\w/])(?:doi[ \t]*:[ \t]*)(?P<doi>10\.\d{4,9}/[^\s<>\"'`]+)", re.IGNORECASE
)


@dataclass(frozen=True)
class PaperRef:
    """What a link says about its paper: an arXiv id, a DOI, or only the paper's own page."""

    url: str
    arxiv_id: str | None = None
    doi: str | None = None

    @property
    def key(self) -> str:
        """The same paper gives the same key, whichever of its pages was linked."""
        if self.arxiv_id:
            return f"arxiv:{self.arxiv_id}"
        if self.doi:
            return f"doi:{self.doi.casefold()}"
        return "url:" + self.url.rstrip("/").casefold()


def with_scheme(url: str) -> str:
    """`arxiv.org/abs/…` and `www.…` as https URLs; anything with a scheme as it is."""
    stripped = url.strip()
    if re.match(r"^[a-z][a-z0-9+.-]*://", stripped, re.IGNORECASE):
        return stripped
    if stripped.startswith("//"):
        return "https:" + stripped
    return "https://" + stripped


def trim_url(url: str) -> str:
    """A URL found in prose without the punctuation that ended its sentence, and without an
    unmatched closing bracket (`(see https://x.org/a)`)."""
    url = url.rstrip(".,;:!?*_~")
    while url.endswith(")") and url.count("(") < url.count(")"):
        url = url[:-1].rstrip(".,;:!?*_~")
    while url.endswith("]") and url.count("[") < url.count("]"):
        url = url[:-1].rstrip(".,;:!?*_~")
    return url


def _host(url: str) -> tuple[str, str, str]:
    try:
        parts = urlsplit(url)
        return (parts.hostname or "").lower(), parts.path, parts.query
    except ValueError:
        return "", "", ""


def _matches(host: str, domains: tuple[str, ...]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def is_not_paper(url: str) -> bool:
    """Code, videos, badges and social posts: never taken as a paper."""
    host, _, _ = _host(with_scheme(url))
    return _matches(host, _NOT_PAPERS)


def paper_ref(link: str) -> PaperRef | None:
    """The paper a link points at, or None when the address is not a paper's."""
    if not link or len(link) > 1000 or any(ch.isspace() for ch in link.strip()):
        return None
    url = with_scheme(link)
    host, path, query = _host(url)
    if not host:
        return None
    path = unquote(path) if "%" in path else path
    if host in _ARXIV_HOSTS:
        match = _ARXIV_PATH_RE.match(path) or _S2_ARXIV_RE.match(path)
        if match:
            arxiv_id = match.group("id")
            return PaperRef(arxiv_url(arxiv_id), arxiv_id=arxiv_id)
    if host in ("doi.org", "dx.doi.org", "www.doi.org"):
        doi = parse_doi(path.lstrip("/"))
        return PaperRef(url, doi=doi) if doi else None
    doi_match = _DOI_IN_PATH_RE.search(path)
    if doi_match and not _matches(host, _NOT_PAPERS):
        doi = parse_doi(doi_match.group(1))
        if doi:
            return PaperRef(url, doi=doi)
    if host == "openreview.net":
        ids = parse_qs(query).get("id")
        if not ids or not re.fullmatch(r"[\w-]{1,40}", ids[0]):
            return None
        # The PDF and the forum are one paper: keep the forum, where the reviews are.
        return PaperRef(f"https://openreview.net/forum?id={ids[0]}")
    if host == "aclanthology.org" or host == "www.aclweb.org":
        match = re.search(r"/([A-Za-z0-9][\w.-]{2,40}?)(?:\.pdf)?/?$", path)
        if not match or match.group(1) in {"volumes", "events", "people", "venues"}:
            return None
        # New-style Anthology ids map to DOIs only for some venues; the landing page is the key.
        return PaperRef(f"https://aclanthology.org/{match.group(1)}/")
    if host == "proceedings.mlr.press":
        match = re.fullmatch(r"/(v\d+)/([\w-]+?)(?:/[\w-]+)?\.(?:html|pdf)", path)
        return (
            PaperRef(f"https://proceedings.mlr.press/{match.group(1)}/{match.group(2)}.html")
            if match
            else None
        )
    if host in ("proceedings.neurips.cc", "papers.nips.cc", "papers.neurips.cc"):
        match = re.search(r"/(?:hash|file)/([0-9a-f]{32})-", path)
        if match:
            year = re.search(r"/paper(?:_files/paper)?/(\d{4})/", path)
            return PaperRef(
                f"https://proceedings.neurips.cc/paper/{year.group(1) if year else ''}/hash/"
                f"{match.group(1)}-Abstract.html".replace("/paper//", "/paper/")
            )
        return PaperRef(url) if path.startswith("/paper/") and path.count("/") >= 3 else None
    if host in ("www.semanticscholar.org", "semanticscholar.org"):
        match = re.search(r"/paper/(?:[^/]+/)?([0-9a-f]{40})/?$", path)
        return (
            PaperRef(f"https://www.semanticscholar.org/paper/{match.group(1)}") if match else None
        )
    if host == "huggingface.co" or host in _ARXIV_HOSTS:
        return None
    if _matches(host, _PAPER_HOSTS) and len(path) > 1:
        return PaperRef(url)
    return None


@dataclass(frozen=True)
class FoundRef:
    """A reference in running text: where it starts and ends, and what it is."""

    start: int
    end: int
    text: str
    ref: PaperRef | None  # None: a URL that is not a paper's


def find_refs(text: str) -> list[FoundRef]:
    """URLs (with or without a scheme), `arXiv:` ids and `doi:` DOIs in prose, in order."""
    found: list[FoundRef] = []
    for match in _BARE_URL_RE.finditer(text):
        raw = trim_url(match.group(0))
        found.append(FoundRef(match.start(), match.start() + len(raw), raw, paper_ref(raw)))
    taken = [(f.start, f.end) for f in found]

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in taken)

    for match in _PREFIXED_ID_RE.finditer(text):
        if free(match.start(), match.end()):
            arxiv_id = match.group("id")
            ref = PaperRef(arxiv_url(arxiv_id), arxiv_id=arxiv_id)
            found.append(FoundRef(match.start(), match.end(), match.group(0), ref))
    for match in _PREFIXED_DOI_RE.finditer(text):
        raw = trim_url(match.group("doi"))
        doi = parse_doi(raw)
        if doi and free(match.start(), match.end()):
            end = match.start("doi") + len(raw)
            found.append(
                FoundRef(
                    match.start(),
                    end,
                    text[match.start() : end],
                    PaperRef(f"https://doi.org/{doi}", doi=doi),
                )
            )
    found.sort(key=lambda f: f.start)
    return found


def arxiv_ids_in(text: str) -> dict[str, int]:
    """Every arXiv id a text links or names (`arXiv:` prefixed, or any arXiv page, with or
    without a scheme or version), with the line it first appears on."""
    seen: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if "arxiv" not in line.lower() and "ar5iv" not in line.lower():
            continue
        for found in find_refs(line):
            if found.ref is not None and found.ref.arxiv_id:
                seen.setdefault(found.ref.arxiv_id, number)
    return seen
