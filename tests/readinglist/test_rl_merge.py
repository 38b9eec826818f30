from __future__ import annotations

from typing import Any

from bot.core.domain.paper_match import title_keys
from bot.readinglist.ids import slugify
from bot.readinglist.merge import Rejected, merge
from bot.readinglist.schema import PaperEntry


def paper(title: str, **fields: Any) -> PaperEntry:
    data: dict[str, Any] = {"id": slugify(title), "title": title, "url": "https://example.org/x"}
    return PaperEntry.model_validate({**data, **fields})


def test_existing_order_is_kept_and_new_ones_appended() -> None:
    existing = [paper("B Paper About Cats"), paper("A Paper About Dogs")]
    incoming = [paper("Zebra Studies"), paper("a paper about dogs!"), paper("Aardvark Studies")]
    plan = merge(existing, incoming)
    assert [p.title for p in plan.papers] == [
        "B Paper About Cats",
        "A Paper About Dogs",
        "Zebra Studies",
        "Aardvark Studies",
    ]
    assert plan.headline() == "Added 2, merged 1, rejected 0"
    assert plan.merged[0].index == 1 and plan.merged[0].matched_by == "title"


def test_duplicates_by_arxiv_doi_and_fuzzy_title() -> None:
    existing = [
        paper("Attention Is All You Need", arxiv_id="1706.03762", year=2017),
        paper("Some DOI Paper", doi="10.1000/ABC"),
        paper("Training Compute-Optimal Large Language Models", year=2022),
    ]
    incoming = [
        paper("Totally different title", arxiv_id="1706.03762"),
        paper("Other title", doi="10.1000/abc"),
        paper("Train Compute-Optimal Large Language Models", year=2023),
        paper("Train Compute-Optimal Large Language Models", year=2030),
    ]
    plan = merge(existing, incoming)
    assert [m.matched_by for m in plan.merged] == ["arXiv id", "DOI", "similar title"]
    assert [a.entry.year for a in plan.added] == [2030]  # years too far apart


def test_different_arxiv_ids_are_different_papers() -> None:
    existing = [paper("Layer Normalization", arxiv_id="1607.06450")]
    plan = merge(existing, [paper("Layer Normalization!", arxiv_id="2002.04745")])
    assert plan.merged == [] and plan.added[0].entry.id == "layer-normalization-2"


def test_nickname_prefix_and_abbreviations_match() -> None:
    assert "pre training of deep bidirectional transformers" in title_keys(
        "BERT: Pre-training of Deep Bidirectional Transformers"
    )
    existing = [paper("Cramming: Training a Language Model on a Single GPU in One Day")]
    incoming = [paper("Cramming: Training a LM on a Single GPU in One Day")]
    assert merge(existing, incoming).added == []


def test_merge_keeps_the_richest_fields() -> None:
    existing = paper(
        "Attention Is All You Need",
        summary="Short.",
        authors=["Vaswani"],
        tags=["transformers"],
        prompts=["Curated prompt?"],
        summaries={"ko": "짧은 요약"},
        url="https://www.semanticscholar.org/search?q=Attention",
    )
    incoming = paper(
        "Attention is all you need",
        summary="A much longer summary of the paper.",
        authors=["Vaswani", "Shazeer"],
        tags=["Transformers", "attention"],
        arxiv_id="1706.03762",
        prompts=["Imported prompt?"],
        summaries={"en-GB": "Colour"},
        url="https://arxiv.org/abs/1706.03762",
    )
    plan = merge([existing], [incoming])
    result = plan.papers[0]
    assert result.id == existing.id and result.title == existing.title
    assert result.summary == incoming.summary and result.authors == incoming.authors
    assert result.tags == ["transformers", "attention"]
    assert result.prompts == ["Curated prompt?"]
    assert result.summaries == {"ko": "짧은 요약", "en-GB": "Colour"}
    assert result.arxiv_id == "1706.03762" and result.url == "https://arxiv.org/abs/1706.03762"
    assert set(plan.merged[0].enriched) == {
        "summary",
        "authors",
        "arxiv_id",
        "url",
        "tags",
        "summaries",
    }
    again = merge(plan.papers, [incoming])
    assert again.papers == plan.papers and again.enriched == []


def test_placeholder_titles_are_replaced_by_real_ones() -> None:
    existing = [paper("arXiv:1706.03762", arxiv_id="1706.03762")]
    plan = merge(existing, [paper("Attention Is All You Need", arxiv_id="1706.03762")])
    assert plan.papers[0].title == "Attention Is All You Need"
    assert plan.papers[0].id == "arxiv-1706-03762"


def test_report_lists_every_outcome() -> None:
    plan = merge(
        [paper("Old One")],
        [paper("Old one"), paper("New One")],
        rejected=[Rejected("Bad One", "year: must be ≥ 1900", "list.yaml", 7)],
    )
    text = plan.render_text()
    assert text.splitlines()[0] == "Added 1, merged 1, rejected 1"
    assert "+ added    New One" in text
    assert "= merged   Old one → Old One by title" in text
    assert "! rejected list.yaml:7: Bad One: year: must be ≥ 1900" in text
