"""Reading lists in the shapes groups keep them (issue 14), each with the papers it must give.

The fixtures in tests/readinglist/lists/ were written for these tests after real groups' pages:
an awesome list, a plain link list, a meeting log, a Notion table export, a CSV with the column
names people use, a TSV, a list of bare links to every paper site, and BibTeX from Scholar,
Zotero, DBLP and Semantic Scholar. Before, the awesome list, the log and the table were each
read as one "note" titled with the page's heading, and the plain list was refused.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.readinglist.parsers import parse_file, parse_text

LISTS = Path(__file__).parent / "lists"

# (title, arXiv id or the paper's URL) for every paper each file holds, in file order.
EXPECTED: dict[str, list[tuple[str, str]]] = {
    "awesome_list.md": [
        ("Efficient Transformers: A Survey", "2009.06732"),
        ("Long Range Arena: A Benchmark for Efficient Transformers", "2011.04006"),
        ("Reformer: The Efficient Transformer", "https://openreview.net/forum?id=rkgNKkHtvB"),
        ("Longformer: The Long-Document Transformer", "2004.05150"),
        ("Linformer: Self-Attention with Linear Complexity", "2006.04768"),
        ("arXiv:2001.04451", "2001.04451"),
        ("Big Bird: Transformers for Longer Sequences", "2007.14062"),
        ("Rethinking Attention with Performers", "2009.14794"),
        ("Synthesizer", "2005.00743"),
    ],
    "plain_links.md": [
        ("Attention Is All You Need", "1706.03762"),
        ("BERT: Pre-training of Deep Bidirectional Transformers", "1810.04805"),
        ("Deep Residual Learning for Image Recognition", "1512.03385"),
    ],
    "meeting_log.md": [
        ("arXiv:2106.09685", "2106.09685"),
        ("QLoRA: Efficient Finetuning of Quantized LLMs", "2305.14314"),
        (
            "Direct Preference Optimization: Your Language Model is Secretly a Reward Model",
            "2305.18290",
        ),
        ("Mamba: Linear-Time Sequence Modeling with Selective State Spaces", "2312.00752"),
    ],
    "notion_table.md": [
        ("Attention Is All You Need", "1706.03762"),
        (
            "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
            "1810.04805",
        ),
        ("Language Models are Few-Shot Learners", "2005.14165"),
    ],
    "titles_links_notes.csv": [
        ("Attention Is All You Need", "1706.03762"),
        ("BERT: Pre-training of Deep Bidirectional Transformers", "1810.04805"),
        ("Language Models are Few-Shot Learners", "2005.14165"),
    ],
    "tab_separated.tsv": [("Deep Residual Learning for Image Recognition", "1512.03385")],
    "links.txt": [
        ("arXiv:1706.03762", "1706.03762"),
        ("arXiv:1810.04805", "1810.04805"),
        ("arXiv:2106.09685", "2106.09685"),
        ("arXiv:2005.14165", "2005.14165"),
        ("openreview.net/forum?id=rkgNKkHtvB", "https://openreview.net/forum?id=rkgNKkHtvB"),
        ("aclanthology.org/N19-1423/", "https://aclanthology.org/N19-1423/"),
        (
            "proceedings.mlr.press/v139/radford21a.html",
            "https://proceedings.mlr.press/v139/radford21a.html",
        ),
        (
            "proceedings.neurips.cc/paper/2017/hash/3f5ee243547dee91fbd053c1c4a845aa-Abstract.html",
            "https://proceedings.neurips.cc/paper/2017/hash/"
            "3f5ee243547dee91fbd053c1c4a845aa-Abstract.html",
        ),
        (
            "www.semanticscholar.org/paper/204e3073870fae3d05bcbc2f6a8e263d9b72e776",
            "https://www.semanticscholar.org/paper/204e3073870fae3d05bcbc2f6a8e263d9b72e776",
        ),
        ("doi:10.1038/nature14539", "https://doi.org/10.1038/nature14539"),
    ],
    "scholar_zotero_dblp.bib": [
        ("Lora: Low-rank adaptation of large language models", "2106.09685"),
        (
            "The Barnes and Noble Book of Papers",
            "https://www.semanticscholar.org/search?q=The+Barnes+and+Noble+Book+of+Papers",
        ),
        ("Attention Is All You Need", "1706.03762"),
        (
            "Attention is All you Need",
            "https://proceedings.neurips.cc/paper/2017/hash/"
            "3f5ee243547dee91fbd053c1c4a845aa-Abstract.html",
        ),
    ],
    "s2.bib": [("LoRA: Low-Rank Adaptation of Large Language Models", "2106.09685")],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_paper_of_each_shape_is_imported(name: str) -> None:
    result = parse_file(LISTS / name)
    got = [(e.title, e.arxiv_id or e.url) for e in result.entries]
    assert got == EXPECTED[name]
    assert result.problems == []


def test_awesome_list_names_the_commented_paper_and_no_heading_is_a_paper() -> None:
    result = parse_file(LISTS / "awesome_list.md")
    titles = [e.title for e in result.entries]
    assert not any(t.startswith(("Awesome", "Contents", "Surveys", "Models")) for t in titles)
    assert [(s.line, s.message) for s in result.skipped] == [
        (23, "inside an HTML comment, so not imported")
    ]
    authors = {e.title: (e.authors, e.year) for e in result.entries}
    assert authors["Efficient Transformers: A Survey"] == (
        ["Tay", "Dehghani", "Bahri", "Metzler"],
        2020,
    )


def test_meeting_log_gives_dated_sessions_presenters_and_cancelled_weeks() -> None:
    result = parse_file(LISTS / "meeting_log.md")
    meetings = [
        (m.when.isoformat(), m.entry_ids, m.presenter, m.cancelled) for m in result.meetings
    ]
    assert meetings == [
        ("2024-01-11", ("arxiv-2106-09685",), "Alice Chen", False),
        ("2024-01-18", ("qlora-efficient-finetuning-of-quantized-llms",), "Bob", False),
        ("2024-01-25", (), None, True),
        ("2024-02-01", (), None, True),
        (
            "2024-02-08",
            ("direct-preference-optimization-your-language-model-is-secretly-a-reward-model",),
            "Carol",
            False,
        ),
        (
            "2099-03-07",
            ("mamba-linear-time-sequence-modeling-with-selective-state-spaces",),
            "Dan",
            False,
        ),
    ]
    # The struck-through paper of the cancelled week is named, not imported.
    assert [(s.line, s.message[:13]) for s in result.skipped] == [(14, "struck throug")]
    # The prose title is a placeholder the lookup fills in; the prose is kept.
    lora = result.entries[0]
    assert lora.id in result.needs_lookup and lora.tagline == "We read the LoRA paper"


def test_notion_table_rows_are_papers_with_presenters() -> None:
    result = parse_file(LISTS / "notion_table.md")
    assert [(m.when.isoformat(), m.presenter) for m in result.meetings] == [
        ("2024-03-04", "Alice"),
        ("2024-03-11", "Bob"),
        ("2024-03-18", None),
    ]


def test_link_text_with_a_colon_is_the_whole_title() -> None:
    # Before, the one-liner parser cut `- [Title: Subtitle](url)` at the colon: "[Title".
    text = "".join(
        f"- [Paper {n}: A Subtitle](https://example.org/paper-{n})\n" for n in range(1, 5)
    )
    result = parse_text(text, source="list.md")
    assert [e.title for e in result.entries] == [f"Paper {n}: A Subtitle" for n in range(1, 5)]


def test_csv_keeps_notes_and_takes_links_without_a_scheme() -> None:
    result = parse_file(LISTS / "titles_links_notes.csv")
    assert [e.summary for e in result.entries] == [
        "The transformer",
        "",
        "GPT-3, in-context learning",
    ]
    assert [(m.when.isoformat(), m.presenter) for m in result.meetings] == [
        ("2024-03-04", "Alice"),
        ("2024-03-11", "Bob"),
    ]


def test_bibtex_names_braces_and_a_year_that_disagrees() -> None:
    result = parse_file(LISTS / "scholar_zotero_dblp.bib")
    by_title = {e.title: e for e in result.entries}
    assert by_title["The Barnes and Noble Book of Papers"].authors == ["Barnes and Noble"]
    assert by_title["Lora: Low-rank adaptation of large language models"].authors[0] == (
        "Edward J Hu"
    )
    assert [w.message for w in result.warnings] == [
        "year 2023 disagrees with arXiv:1706.03762, first submitted in 2017; kept 2023"
    ]


def test_ids_in_code_blocks_are_named_not_lost() -> None:
    text = (
        "# Reading\n\n- [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n\n"
        "```\nsee arXiv:1810.04805\n```\n"
    )
    result = parse_text(text, source="list.md")
    assert [e.arxiv_id for e in result.entries] == ["1706.03762"]
    assert [(s.line, s.message.split(" ")[0]) for s in result.skipped] == [(6, "arXiv:1810.04805")]


# ---------------------------------------------------------------- never silently short

_SHAPES = [
    "- [{title}](https://arxiv.org/abs/{id}) - Ada Lovelace (2020)",
    "1. [{title}](https://arxiv.org/pdf/{id}v2)",
    "* **{title}** https://arxiv.org/abs/{id}",
    "- {title} — arXiv:{id}",
    "- <https://arxiv.org/abs/{id}>",
    "- [{title}](arxiv.org/abs/{id}) [[code]](https://github.com/x/y)",
    "| {title} | 2021 | [arXiv](https://arxiv.org/abs/{id}) |",
    "- ~~[{title}](https://arxiv.org/abs/{id})~~ cancelled",
    "<!-- - [{title}](https://arxiv.org/abs/{id}) -->",
]
_WORDS = st.sampled_from(
    ["Attention", "Scaling", "Laws", "Sparse", "Models", "Learning", "Deep", "of", "Graph"]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    picks=st.lists(
        st.tuples(st.sampled_from(_SHAPES), st.lists(_WORDS, min_size=2, max_size=6)),
        min_size=1,
        max_size=12,
    ),
    heading=st.booleans(),
)
def test_n_links_give_n_papers_or_named_lines(
    picks: list[tuple[str, list[str]]], heading: bool
) -> None:
    lines = ["# Our reading list [![badge](https://img.shields.io/x.svg)](https://x.org)", ""]
    if not heading:
        lines = []
    ids = []
    in_table = False
    for number, (shape, words) in enumerate(picks):
        arxiv_id = f"2101.{10000 + number}"
        ids.append(arxiv_id)
        row = shape.startswith("|")
        if row and not in_table:
            lines += ["", "| Paper | Year | Link |", "|---|---|---|"]
        elif not row and in_table:
            lines.append("")
        in_table = row
        title = " ".join(words).capitalize() + f" {number}"
        lines.append(shape.format(title=title, id=arxiv_id))
    text = "\n".join(lines) + "\n"
    result = parse_text(text, source="list.md", fmt="markdown")
    taken = {e.arxiv_id for e in result.entries}
    named = {s.line for s in result.skipped}
    for arxiv_id in ids:
        line = next(i for i, ln in enumerate(lines, start=1) if arxiv_id in ln)
        assert arxiv_id in taken or line in named, (arxiv_id, text)
    assert len(result.entries) + len(result.skipped) == len(ids), text
    assert result.problems == []
