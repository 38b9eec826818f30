"""The non-seed formats: BibTeX, CSV, YAML/JSON, bold-link lists, id lists, and detection."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.readinglist.parsers import FORMATS, UnknownFormat, detect_format, parse_file, parse_text

Write = Callable[[str, str | bytes], Path]

ZOTERO_BIB = r"""
@article{vaswani_attention_2017,
	title = {Attention {Is} {All} {You} {Need}},
	url = {http://arxiv.org/abs/1706.03762},
	doi = {10.48550/arXiv.1706.03762},
	urldate = {2024-01-05},
	publisher = {arXiv},
	author = {Vaswani, Ashish and Shazeer, Noam and Parmar, Niki},
	month = aug,
	year = {2023},
	note = {arXiv:1706.03762 [cs]},
	keywords = {Computer Science - Computation and Language, Computer Science - Machine Learning},
}

@inproceedings{muller_cafe_2020,
	title = {Caf{\'e} and {M}{\"u}ller: {LaTeX} accents in titles},
	author = {M{\"u}ller, J{\"o}rg and {\'E}mile Zola},
	booktitle = {Proceedings},
	year = {2020},
	eprint = {2001.00001},
	archiveprefix = {arXiv},
}
"""


def test_zotero_bibtex() -> None:
    result = parse_text(ZOTERO_BIB, source="library.bib")
    assert result.format == "bibtex" and result.problems == []
    first, second = result.entries
    assert first.title == "Attention Is All You Need"
    assert first.authors == ["Ashish Vaswani", "Noam Shazeer", "Niki Parmar"]
    assert (first.arxiv_id, first.doi, first.year) == (
        "1706.03762",
        "10.48550/arXiv.1706.03762",
        2023,
    )
    assert "Computer Science - Machine Learning" in first.tags
    assert second.title == "Café and Müller: LaTeX accents in titles"
    assert second.authors == ["Jörg Müller", "Émile Zola"]
    assert second.arxiv_id == "2001.00001"


def test_broken_bibtex_reports_problems_without_crashing() -> None:
    text = (
        "@article{ok, title={Fine}, year={2020}}\n@misc{broken,\n  title = {Oops,\n  year = 2019\n"
    )
    result = parse_text(text, source="broken.bib")
    assert [e.title for e in result.entries] == ["Fine"]
    assert any("broken BibTeX entry" in p.message and p.line == 2 for p in result.problems)


def test_csv_with_header_any_case() -> None:
    text = (
        "Title,Authors,YEAR,arXiv_id,Tags,Summary\n"
        "Attention Is All You Need,Vaswani; Shazeer,2017,1706.03762v5,transformers;nlp,Short.\n"
        '"Layer Normalization",Ba and Kiros and Hinton,2016,,,\n'
    )
    result = parse_text(text, source="list.csv")
    assert result.problems == []
    first, second = result.entries
    assert first.authors == ["Vaswani", "Shazeer"] and first.arxiv_id == "1706.03762"
    assert first.tags == ["transformers", "nlp"] and first.summary == "Short."
    assert second.authors == ["Ba", "Kiros", "Hinton"] and second.year == 2016


def test_csv_without_title_column_names_it() -> None:
    result = parse_text("name2,year\nfoo,2020\n", source="bad.csv")
    assert result.entries == []
    assert "missing column 'title'" in result.problems[0].message


def test_csv_bad_row_points_at_its_line() -> None:
    result = parse_text("title,year\nGood,2020\nBad,last year\n", source="x.csv")
    assert [e.title for e in result.entries] == ["Good"]
    assert result.problems[0].line == 3 and "year" in result.problems[0].message


def _paper(title: str, **fields: object) -> dict[str, object]:
    slug = title.lower().replace(" ", "-")
    return {"id": slug, "title": title, "url": "https://example.org/" + slug, **fields}


def test_yaml_in_our_schema_reports_each_entry() -> None:
    papers = [_paper(f"Paper {i}") for i in range(3)] + [_paper("Some Title", year=1800)]
    text = yaml.safe_dump({"version": 1, "papers": papers}, sort_keys=False)
    result = parse_text(text, source="list.yaml")
    assert len(result.entries) == 3
    (problem,) = result.problems
    assert problem.message == "papers[3] ('Some Title'): year: must be ≥ 1900"
    assert problem.line is not None and text.splitlines()[problem.line - 1].startswith("- id")


def test_json_bare_list_and_duplicates() -> None:
    good = json.dumps([_paper("A Paper"), _paper("Another")])
    assert len(parse_text(good, source="x.json").entries) == 2
    dup = json.dumps([_paper("A Paper"), {**_paper("A Paper"), "id": "other"}])
    result = parse_text(dup, source="x.json")
    assert "repeats the title" in result.problems[0].message


def test_bold_link_list() -> None:
    text = (
        "1. **[Attention Is All You Need](https://arxiv.org/abs/1706.03762):** Transformers.\n"
        "2. **[BERT](https://arxiv.org/abs/1810.04805)**: Encoders.\n"
        "3. not a link\n"
    )
    result = parse_text(text, source="list.md")
    assert result.format == "markdown-bold-links"
    assert [e.arxiv_id for e in result.entries] == ["1706.03762", "1810.04805"]
    assert result.entries[0].summary == "Transformers."
    assert result.problems[0].line == 3


def test_id_list_makes_placeholders() -> None:
    text = (
        "1706.03762v7\nhttps://arxiv.org/pdf/1810.04805.pdf\n# a comment\n\narXiv:hep-th/9901001\n"
    )
    result = parse_text(text, source="ids.txt")
    assert result.format == "ids"
    assert [e.title for e in result.entries] == [
        "arXiv:1706.03762",
        "arXiv:1810.04805",
        "arXiv:hep-th/9901001",
    ]
    assert result.needs_lookup == {e.id for e in result.entries}


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("x.bib", "anything", "bibtex"),
        ("x.YML", "anything", "yaml"),
        ("x.txt", "@article{a, title={T}}", "bibtex"),
        ("x.txt", '{"papers": []}', "json"),
        ("x.txt", "version: 1\npapers: []\n", "yaml"),
        ("x.txt", "title,year\nA,2020\n", "csv"),
        ("x.txt", "1706.03762\n1810.04805\n", "ids"),
    ],
)
def test_detect_format(name: str, text: str, expected: str) -> None:
    assert detect_format(name, text) == expected


def test_unknown_format_is_a_clear_error() -> None:
    with pytest.raises(UnknownFormat, match="cannot tell what kind of reading list"):
        detect_format("notes.txt", "just some prose\nwithout structure")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(FORMATS)), st.text(max_size=600))
def test_parsers_never_crash(fmt: str, text: str) -> None:
    result = FORMATS[fmt](text, source="fuzz")
    assert result.entries or result.problems or fmt in {"yaml", "json"}


markdownish = st.lists(
    st.sampled_from(
        [
            "### (1/2) *A Title (2020)*",
            "### Heading",
            "- Date: 2017.06",
            "- Institude: X",
            "> 요약입니다",
            "@misc{x,",
            "}",
            "title,year",
            "1. **[T](https://arxiv.org/abs/1706.03762):** s",
            "A (2019) by B, https://arxiv.org/abs/1706.03762",
            "GPT: Title: take",
            "",
            "# H1",
            "\t- nested",
        ]
    )
    | st.text(max_size=40),
    max_size=25,
).map("\n".join)


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(sorted(FORMATS)), markdownish)
def test_parsers_never_crash_on_near_miss_input(fmt: str, text: str) -> None:
    FORMATS[fmt](text, source="fuzz")


def test_parse_file_reads_and_detects(write: Write) -> None:
    path = write("list.csv", "\ufefftitle\nA Paper\n".encode())
    assert [e.title for e in parse_file(path).entries] == ["A Paper"]
