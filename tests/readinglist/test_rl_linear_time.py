"""Every parser of untrusted text costs time in proportion to its input (issue 11).

A heading followed by 3,000 spaces took `md_headings` 21.6 s; five more parsers were quadratic on
runs of brackets, spaces and markup. Each parser here is fed long runs of the characters and
pieces of markup that regexes trip over, and its CPU time on an input eight times larger must
grow about eight times, not sixty-four. Inputs stay a few kilobytes, so the suite stays fast.
"""

from __future__ import annotations

import pkgutil
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from bot.core.usecases import edit_paper
from bot.readinglist import ids, paperlinks
from bot.readinglist.lookup import LookupFailed, summarise
from bot.readinglist.lookup.doi import parse_csl
from bot.readinglist.parsers import FORMATS, UnknownFormat, detect_format, meetings
from bot.readinglist.parsers import text as markup
from tests.readinglist.scaling import SLACK, growth, repeated

# The pieces backtracking regexes choke on, and the markup every format is made of.
PIECES = [
    " ",
    "\t",
    "a",
    "Word ",
    "[",
    "]",
    "](",
    "(",
    ")",
    "[[",
    "]]",
    "`",
    "```",
    "*",
    "**",
    "_",
    "__",
    "==",
    "~~",
    "|",
    " | ",
    "#",
    "## ",
    "### (1/2) ",
    "- ",
    "1. ",
    ":",
    ": ",
    ";",
    ",",
    " and ",
    " by ",
    "(2020)",
    "2020 ",
    "2024-",
    "Jan ",
    "12 ",
    "cancelled ",
    "<",
    ">",
    "<!--",
    "-->",
    "\\",
    "{",
    "}",
    "@",
    '"',
    "'",
    ".",
    "/",
    "http://",
    "https://example.org/x",
    "https://arxiv.org/abs/1706.03762",
    "arXiv:",
    "10.1000/",
    "doi:",
    "\n",
    "\n\n",
    "> ",
]
# Starts that steer the sniffer towards each format, so every parser sees the hostile runs.
PREFIXES = [
    "",
    "## T",
    "# Title\nhttps://arxiv.org/abs/1706.03762\n",
    "- Date: 2020\n- Keyword: x\n### T",
    "### (1/2) *A (2017)*\n### (2/2) *B (2018)*\n",
    "1. **[A](https://x.org/a):** s\n2. **[B](https://x.org/b):** s\n",
    "A (2017) by X, https://x.org/a\nB (2018) by Y, https://x.org/b\n",
    "a: b\nc: d\ne: f\n",
    "title,url\n",
    "@article{k,\n title = {",
    "papers:\n  - title: ",
    '{"papers": [{"title": "',
    "1706.03762\n",
]
SUFFIXES = ["", "!", "\n", "x", ")", ": take", "\n- Date: 2020\n"]

PARSERS: dict[str, Callable[[str], object]] = {
    name: (lambda text, parse=parse: parse(text, source="list"))  # type: ignore[misc]
    for name, parse in FORMATS.items()
}


def _detect(text: str) -> object:
    try:
        return detect_format("pasted", text)
    except UnknownFormat:
        return None


HELPERS: dict[str, Callable[[str], object]] = {
    "detect_format": _detect,
    "find_arxiv_ids": ids.find_arxiv_ids,
    "find_refs": paperlinks.find_refs,
    "paper_ref": paperlinks.paper_ref,
    "find_date": meetings.find_date,
    "parse_arxiv_id": ids.parse_arxiv_id,
    "parse_doi": ids.parse_doi,
    "slugify": ids.slugify,
    "strip_markup": markup.strip_markup,
    "split_authors": markup.split_authors,
    "split_year": markup.split_year,
    "clean_text": summarise.clean_text,
    "sentences": summarise.sentences,
    "offline_summary": lambda text: summarise.offline_summary("T", text),
    "parse_csl": lambda text: _csl(text),
    "prompt_lines": edit_paper._PROMPT_BREAK.split,  # an admin's prompts, split into lines
    "is_cancelled": meetings.is_cancelled,  # a meeting log's "no meeting this week"
}


def _csl(text: str) -> object:
    try:
        return parse_csl({"title": text, "abstract": text}, "10.1/x")
    except LookupFailed:
        return None


SHAPES = st.tuples(
    st.sampled_from(PREFIXES),
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=4).map("".join),
    st.sampled_from(SUFFIXES),
)
# The reproductions from the issue, as explicit examples every run tries first.
KNOWN = [
    ("- Date: 2020\n- Keyword: x\n## T", " ", "!"),  # md_headings: cubic
    ("## T", "\t", "x"),
    ("a: b\nc: d\ne: f\n", "a", ""),  # oneliners
    ("### (1/2) *A (2017)*\n### (2/2) *B (2018)*\n*2020 ", " ", ""),  # md_numbered
    ("1. **[A](https://x.org/a):** s\n2. **[B](https://x.org/b):** s\n1. **[", "]", ""),
    ("A (2017) by X, https://x.org/a\nB (2018) by Y, https://x.org/b\nTitle (2020) by ", "a ", ""),
    ("A (2017) by X, https://x.org/a\nB (2018) by Y, https://x.org/b\nTitle (2020) by ", "h ", "x"),
    ("# Title\nhttps://arxiv.org/abs/1706.03762\n# a", " ", "!"),  # note
    ("# Title\nhttps://arxiv.org/abs/1706.03762\n", "[", ""),
    ("", "[[", ""),
    ("", "*a ", ""),
    ("a: b\nc: d\ne: f\nTitle: take", " ", "x"),  # oneliners: URL removal over spaces
    ("### (1/2) *A (2017)*\n### (2/2) *B", " ", "x"),  # md_numbered: trailing spaces
    ("1. **[A](https://x.org/a):** s\n2. **[B](https://x.org/b)", " ", "x"),  # md_boldlinks
    ("A (2017) by X, https://x.org/a\nB (2018) by Y, https://x.org/b\nTitle (2020) by A", " ", "x"),
    ("title,url,authors\n", '"\n', ""),  # csv.Sniffer
    ("title,authors\nT,A", " ", "x and B"),  # author lists split on " and "
    ("", "<", ""),  # abstracts with tags
    ("*2020 ", "\t", "\n### (1/2) *A (2017)*\n### (2/2) *B (2018)*\n"),  # recommended reading
    ("", " ", "x"),
    # Many HTML comments on one line: the line was read again for every comment on it.
    ("- Date: 2020\n- Keyword: x\n### T", "-->.\t<!--", "\n"),
]
_TARGET = 400  # characters in the small input; the large one is FACTOR times that

_profile = settings(
    max_examples=12,
    deadline=None,
    # A shape that shows the growth is already small; shrinking it would rerun a slow parser
    # dozens of times, so a regression would take minutes to report instead of seconds.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    database=None,
)


def _check(function: Callable[[str], object], shape: tuple[str, str, str]) -> None:
    prefix, unit, suffix = shape
    make = repeated(prefix, unit, suffix, target=_TARGET)
    # A busy machine can stretch one measurement; quadratic growth is too fast every time.
    for _ in range(3):
        scale, ratio = growth(function, make)
        if ratio <= SLACK * scale:
            return
    pytest.fail(
        f"{scale}x the input cost {ratio:.0f}x the time for {prefix!r} + {unit!r}*n + {suffix!r}"
    )


def _with_known(test: Callable[..., None]) -> Callable[..., None]:
    for shape in KNOWN:
        test = example(shape=shape)(test)
    return test


@pytest.mark.parametrize("name", sorted(PARSERS))
@_profile
@_with_known
@given(shape=SHAPES)
def test_parsers_are_linear_in_their_input(name: str, shape: tuple[str, str, str]) -> None:
    _check(PARSERS[name], shape)


@pytest.mark.parametrize("name", sorted(HELPERS))
@_profile
@_with_known
@given(shape=SHAPES)
def test_text_helpers_are_linear_in_their_input(name: str, shape: tuple[str, str, str]) -> None:
    _check(HELPERS[name], shape)


# Modules of the parsers package that parse no list themselves, and where their text is tested.
NOT_PARSERS = {
    "base": "result types and limits, no patterns",
    "reader": "bytes to text: decoding only",
    "safe_load": "YAML and JSON loading, measured through the yaml and json parsers",
    "text": "markup helpers, measured in HELPERS",
    "meetings": "dates and cancellations in meeting logs, measured in HELPERS",
    "md": "the Markdown parser's parts, measured through md_list",
}


def test_every_parser_module_is_measured() -> None:
    """A new parser joins FORMATS, and so this test, or it is named above as not a parser."""
    import bot.readinglist.parsers as package

    modules = {info.name for info in pkgutil.iter_modules(package.__path__)}
    measured = {parse.__module__.rsplit(".", 1)[1] for parse in FORMATS.values()}
    assert modules - measured - NOT_PARSERS.keys() == set()
    assert set(NOT_PARSERS) <= modules  # none of them renamed away unnoticed
