from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.readinglist.ids import find_arxiv_ids, parse_arxiv_id, parse_doi, slugify
from bot.readinglist.schema import ARXIV_ID_RE, SLUG_RE

new_ids = st.from_regex(r"\A\d{4}\.\d{4,5}\Z")
old_ids = st.builds(
    lambda archive, sub, num: f"{archive}{sub}/{num}",
    st.sampled_from(["hep-th", "math", "cs", "astro-ph", "cond-mat"]),
    st.sampled_from(["", ".GT", ".AI", ".CL"]),
    st.from_regex(r"\A\d{7}\Z"),
)
arxiv_ids = st.one_of(new_ids, old_ids)
URL_FORMS = [
    "{id}",
    "{id}v{v}",
    "arXiv:{id}",
    "arxiv:{id}v{v}",
    "https://arxiv.org/abs/{id}",
    "http://arxiv.org/abs/{id}v{v}",
    "https://www.arxiv.org/abs/{id}",
    "https://export.arxiv.org/abs/{id}",
    "https://arxiv.org/pdf/{id}",
    "https://arxiv.org/pdf/{id}.pdf",
    "https://arxiv.org/pdf/{id}v{v}.pdf",
    "http://www.arxiv.org/pdf/{id}v{v}",
    "https://arxiv.org/html/{id}v{v}",
    "https://arxiv.org/abs/{id}?context=cs",
    "  https://arxiv.org/abs/{id}/  ",
]


@given(arxiv_ids, st.integers(min_value=1, max_value=30), st.sampled_from(URL_FORMS))
def test_any_valid_id_round_trips_through_every_form(
    arxiv_id: str, version: int, form: str
) -> None:
    assert ARXIV_ID_RE.match(arxiv_id)
    assert parse_arxiv_id(form.format(id=arxiv_id, v=version)) == arxiv_id


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1706.03762v7", "1706.03762"),
        ("hep-th/9901001", "hep-th/9901001"),
        ("math.GT/0309136", "math.GT/0309136"),
        ("https://arxiv.org/pdf/2405.15319.pdf", "2405.15319"),
        ("[x](https://arxiv.org/abs/1409.0473)", None),
        ("HEP-TH/9901001", None),
        ("1706.037", None),
        ("https://example.org/abs/1706.03762", None),
        ("", None),
    ],
)
def test_parse_arxiv_id_examples(text: str, expected: str | None) -> None:
    assert parse_arxiv_id(text) == expected


def test_find_arxiv_ids_in_prose() -> None:
    text = "see [a](https://arxiv.org/abs/1409.0473) and arXiv:1706.03762v2, not 1234.56789"
    assert find_arxiv_ids(text) == ["1409.0473", "1706.03762"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10.1145/3065386", "10.1145/3065386"),
        ("doi:10.1145/3065386", "10.1145/3065386"),
        ("DOI: 10.48550/arXiv.1706.03762", "10.48550/arXiv.1706.03762"),
        ("https://doi.org/10.1145/3065386", "10.1145/3065386"),
        ("http://dx.doi.org/10.1000%2Fxyz123", "10.1000/xyz123"),
        ("10.1/x", None),
        ("https://example.org/10.1145/3065386", None),
    ],
)
def test_parse_doi_examples(text: str, expected: str | None) -> None:
    assert parse_doi(text) == expected


@given(st.text(max_size=400))
def test_garbage_never_raises(text: str) -> None:
    result = parse_arxiv_id(text)
    assert result is None or ARXIV_ID_RE.match(result)
    parse_doi(text)
    find_arxiv_ids(text)


@given(st.text(min_size=1, max_size=400).filter(lambda s: s.strip()))
def test_slug_always_matches_schema(title: str) -> None:
    assert SLUG_RE.match(slugify(title))


def test_slug_examples() -> None:
    assert slugify("Attention Is All You Need") == "attention-is-all-you-need"
    assert slugify("Café: Ünïcode Títles") == "cafe-unicode-titles"
    long = slugify("word " * 40)
    assert len(long) <= 80 and not long.endswith("-")
    korean = slugify("트랜스포머 논문 정리")
    assert korean.startswith("paper-") and korean == slugify("트랜스포머 논문 정리")
    assert korean != slugify("다른 논문")
