"""The shipped reading list, data/reading_list.yaml: what a club member would notice."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from bot.core.domain.paper_match import normalize_title
from bot.readinglist.schema import ReadingList

REPO = Path(__file__).resolve().parents[2]
READING_LIST = REPO / "data" / "reading_list.yaml"
SEEDS = REPO.parent / "shared" / "seeds"

HANGUL = re.compile(r"[\uac00-\ud7a3]")
ARXIV_LINK = re.compile(r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5})(?:v\d+)?", re.IGNORECASE)
GENERIC_PROMPTS = (
    "what did you think",
    "what are the strengths and weaknesses",
    "what are the strengths",
    "what are the weaknesses",
    "did you like",
    "what is the main contribution",
    "what are the main contributions",
    "summarize the paper",
    "summarise the paper",
    "what is this paper about",
    "any questions",
    "thoughts on",
)


@lru_cache(maxsize=1)
def reading_list() -> ReadingList:
    data = yaml.safe_load(READING_LIST.read_text(encoding="utf-8"))
    return ReadingList.model_validate(data)


def seed_texts() -> dict[str, str]:
    if not SEEDS.is_dir():
        pytest.skip(f"seed folder {SEEDS} is not present")
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


def sentence_count(text: str) -> int:
    text = " ".join(text.split())
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z0-9'\"(])", text)
    return len([p for p in parts if p.strip()])


def position(**key: str) -> int:
    ((field, value),) = key.items()
    for index, paper in enumerate(reading_list().papers):
        if getattr(paper, field) == value:
            return index
    raise AssertionError(f"no paper with {field}={value!r}")


def test_file_is_utf8_and_validates() -> None:
    READING_LIST.read_bytes().decode("utf-8")
    raw = yaml.safe_load(READING_LIST.read_text(encoding="utf-8"))
    assert raw["version"] == 1
    assert isinstance(raw["papers"], list)
    reading_list()


def test_paper_count_is_plausible() -> None:
    assert 55 <= len(reading_list().papers) <= 75


def test_ids_arxiv_ids_and_titles_are_unique() -> None:
    papers = reading_list().papers
    ids = [p.id for p in papers]
    arxiv_ids = [p.arxiv_id for p in papers if p.arxiv_id]
    titles = [normalize_title(p.title) for p in papers]
    assert len(ids) == len(set(ids))
    assert len(arxiv_ids) == len(set(arxiv_ids))
    assert len(titles) == len(set(titles))


def test_every_paper_has_the_basics() -> None:
    for paper in reading_list().papers:
        assert paper.authors, paper.id
        assert paper.year and 1980 <= paper.year <= 2030, paper.id
        assert paper.tags, paper.id
        assert all(tag == tag.lower() for tag in paper.tags), paper.id
        if paper.arxiv_id:
            assert paper.url == f"https://arxiv.org/abs/{paper.arxiv_id}", paper.id
            # New-style ids encode the year and month of first submission.
            assert 2000 + int(paper.arxiv_id[:2]) == paper.year, paper.id


def test_english_summaries_have_two_to_four_sentences() -> None:
    for paper in reading_list().papers:
        count = sentence_count(paper.summary)
        assert 2 <= count <= 4, f"{paper.id}: {count} sentences"


def test_every_paper_has_specific_discussion_prompts() -> None:
    for paper in reading_list().papers:
        prompts = [p.strip() for p in paper.prompts]
        assert len(prompts) >= 3, paper.id
        assert len({p.casefold() for p in prompts}) == len(prompts), f"{paper.id}: repeated prompt"
        for prompt in prompts:
            assert len(prompt) > 40, f"{paper.id}: prompt too short: {prompt!r}"
            assert prompt.endswith("?"), f"{paper.id}: not a question: {prompt!r}"
            lowered = prompt.casefold()
            for generic in GENERIC_PROMPTS:
                assert generic not in lowered, f"{paper.id}: generic prompt {prompt!r}"


def test_prompts_are_not_shared_between_papers() -> None:
    seen: dict[str, str] = {}
    for paper in reading_list().papers:
        for prompt in paper.prompts:
            key = prompt.strip().casefold()
            assert key not in seen, f"{paper.id} repeats a prompt of {seen.get(key)}"
            seen[key] = paper.id


def test_every_arxiv_id_in_the_seeds_is_listed() -> None:
    seeded = {m for text in seed_texts().values() for m in ARXIV_LINK.findall(text)}
    assert seeded, "expected the seeds to link some arXiv papers"
    listed = {p.arxiv_id for p in reading_list().papers}
    assert seeded - listed == set()


def test_papers_named_in_korean_seeds_have_korean_summaries() -> None:
    korean = [t for t in seed_texts().values() if len(HANGUL.findall(t)) > 100]
    assert korean, "expected at least one Korean seed"
    haystack = " ".join(normalize_title(t) for t in korean)
    covered = [p for p in reading_list().papers if normalize_title(p.title) in haystack]
    assert len(covered) >= 10
    for paper in covered:
        ko = paper.summaries.get("ko", "")
        assert HANGUL.search(ko), f"{paper.id} is in a Korean seed but has no Korean summary"


def test_korean_summaries_are_korean() -> None:
    for paper in reading_list().papers:
        for lang, text in paper.summaries.items():
            if lang == "ko":
                assert len(HANGUL.findall(text)) > 50, paper.id


def test_reading_order_puts_foundations_first() -> None:
    transformer = position(arxiv_id="1706.03762")
    assert position(arxiv_id="1409.0473") < transformer
    gpt1 = position(title="Improving Language Understanding by Generative Pre-Training")
    assert transformer < gpt1
    assert transformer < position(arxiv_id="1810.04805")
    assert position(arxiv_id="2001.08361") < position(arxiv_id="2203.15556")
    assert position(arxiv_id="2106.09685") < position(arxiv_id="2305.14314")  # LoRA, QLoRA
    assert position(arxiv_id="1707.06347") < position(arxiv_id="2203.02155")  # PPO, InstructGPT
    assert position(arxiv_id="2302.13971") < position(arxiv_id="2307.09288")  # LLaMA, Llama 2


def test_taglines_quote_the_seeds_faithfully() -> None:
    def squash(text: str) -> str:
        # Footnote asterisks may be dropped and a doubled word ("you you") fixed.
        text = " ".join(text.replace("*", "").replace("×", "x").split()).casefold()
        return re.sub(r"\b(\w+) \1\b", r"\1", text)

    seeds = squash(" ".join(seed_texts().values()))
    with_tagline = [p for p in reading_list().papers if p.tagline]
    assert len(with_tagline) >= 40
    for paper in with_tagline:
        assert squash(paper.tagline) in seeds, f"{paper.id}: tagline not found in the seeds"
