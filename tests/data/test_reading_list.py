"""The shipped reading list, data/reading_list.yaml: what a club member would notice."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from bot.adapters.console.render import render as console_render
from bot.cli import build_app
from bot.core.domain.paper_match import normalize_title
from bot.core.usecases.paper_cards import paper_card
from bot.readinglist.checks import check_reading_list
from bot.readinglist.schema import PaperEntry, ReadingList
from bot.readinglist.shipped import to_paper

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


# --- Issue 16: the corrections, each checked so it cannot quietly come back ---------------------


def entry(paper_id: str) -> PaperEntry:
    return next(p for p in reading_list().papers if p.id == paper_id)


def test_no_prompt_leans_on_a_paper_read_later() -> None:
    """A club reading in order can answer every prompt: none names a later paper."""
    assert check_reading_list(reading_list().papers) == []


def test_the_order_check_finds_a_prompt_that_names_a_later_paper() -> None:
    papers = list(reading_list().papers)
    gopher = next(i for i, p in enumerate(papers) if p.id == "gopher")
    leaning = papers[gopher].model_copy(
        update={"prompts": [*papers[gopher].prompts, "Knowing Chinchilla's result, what changes?"]}
    )
    papers[gopher] = leaning
    (problem,) = check_reading_list(papers)
    assert problem.entry == "gopher" and "'Chinchilla'" in problem.message
    # Reading Chinchilla first makes the same prompt fine.
    chinchilla = next(i for i, p in enumerate(papers) if p.id.startswith("chinchilla"))
    papers.insert(gopher, papers.pop(chinchilla))
    assert [p.message for p in check_reading_list(papers) if "later" in p.message] == []


def test_the_checks_find_et_al_written_as_an_author_and_a_wrong_year() -> None:
    papers = list(reading_list().papers)
    index = next(i for i, p in enumerate(papers) if p.id == "gopher")
    papers[index] = papers[index].model_copy(
        update={"authors": [*papers[index].authors, "et al."], "year": 2020}
    )
    messages = [p.message for p in check_reading_list(papers)]
    assert any("authors_cut: true" in m for m in messages)
    assert any("year 2020 disagrees with arXiv:2112.11446" in m for m in messages)


def test_validate_command_passes_the_shipped_list() -> None:
    result = CliRunner().invoke(build_app(), ["papers", "validate", str(READING_LIST)])
    assert result.exit_code == 0, result.output
    assert "ok: 67 papers" in result.output


def test_a_club_of_language_model_readers_starts_with_attention() -> None:
    ids = [p.id for p in reading_list().papers]
    assert ids[:2] == [
        "neural-machine-translation-jointly-learning-to-align-and-translate",
        "attention-is-all-you-need",
    ]
    # The fast-weight paper is read beside RWKV, the linear-attention RNN that revives it.
    assert ids.index("learning-to-control-fast-weight-memories") + 1 == ids.index("rwkv")
    assert ids.index("efficient-transformers-survey") < ids.index(
        "learning-to-control-fast-weight-memories"
    )


def test_fast_weights_year_is_the_technical_report_and_says_why() -> None:
    fast = entry("learning-to-control-fast-weight-memories")
    assert fast.year == 1991
    assert "1991" in fast.summary and "1992" in fast.summary  # report year and journal year
    prompts = " ".join(fast.prompts)
    assert "unused until the 2020s" not in prompts
    assert "Ba, Hinton" in prompts and "2016" in prompts


def test_years_the_issue_corrected() -> None:
    assert entry("out-of-domain-finetuning-hallucination-detection").year == 2023


def test_self_instruct_generates_classification_outputs_first() -> None:
    prompt = next(p for p in entry("self-instruct").prompts if "first" in p)
    lowered = prompt.casefold()
    assert "classification" in lowered and "output-first" in lowered
    before_output_first = lowered.split("output-first")[0]
    assert "classification" in before_output_first  # output-first is the classification order
    assert "generates the input first for classification" not in lowered


def test_normalisation_summaries_are_accurate() -> None:
    layer_norm = entry("layer-normalization").summary
    assert "every Transformer" not in layer_norm and "RMSNorm" in layer_norm
    pre_ln = entry("on-layer-normalization-in-the-transformer").summary
    assert "GPT-2" in pre_ln and "became the default" not in pre_ln


def test_ulmfit_keeps_the_full_data_and_few_label_results_apart() -> None:
    summary = entry("ulmfit").summary
    assert "with very few labelled examples" not in summary
    assert "full training sets" in summary and "100 labelled examples" in summary
    assert "separate" in summary


def test_chinchilla_counts_its_runs_once() -> None:
    assert "400-plus" not in entry("chinchilla-training-compute-optimal-llms").summary


CUT_AUTHOR_LISTS = {
    "gpt-3-language-models-are-few-shot-learners",
    "gopher",
    "chinchilla-training-compute-optimal-llms",
    "instructgpt",
    "constitutional-ai",
    "llama-2",
    "retro-retrieving-from-trillions-of-tokens",
    "codex-evaluating-llms-trained-on-code",
    "q-transformer",
    "rest-em-beyond-human-data",
    "rwkv",
    "towards-efficient-generative-llm-serving-survey",
}


def test_cut_author_lists_are_marked_and_shown_with_et_al() -> None:
    marked = {p.id for p in reading_list().papers if p.authors_cut}
    assert marked == CUT_AUTHOR_LISTS
    for paper in reading_list().papers:
        # "et al." belongs in the flag, not in a name.
        assert all("et al" not in name for name in paper.authors), paper.id
    gpt3 = to_paper(entry("gpt-3-language-models-are-few-shot-learners"))
    card = paper_card(gpt3, "en")
    assert "Dario Amodei et al." in console_render(card)
    assert gpt3.authors_short().endswith(" et al.")
    bert = paper_card(to_paper(entry("bert")), "en")
    assert "et al." not in console_render(bert)


SURVEYS = (
    "efficient-transformers-survey",
    "survey-efficient-training-of-transformers",
    "towards-efficient-generative-llm-serving-survey",
    "harnessing-the-power-of-llms-in-practice",
)
_CONTENT_WORD = re.compile(r"\b(?:[A-Z][\w-]{2,}|[a-z][a-z-]{7,})\b")


def test_survey_entries_have_thick_summaries_and_prompts_about_their_contents() -> None:
    for paper_id in SURVEYS:
        paper = entry(paper_id)
        assert len(paper.summary) >= 600, paper_id
        summary_words = {w.casefold() for w in _CONTENT_WORD.findall(paper.summary)}
        for prompt in paper.prompts:
            shared = {w.casefold() for w in _CONTENT_WORD.findall(prompt)} & summary_words
            assert len(shared) >= 2, f"{paper_id}: prompt not about the survey: {prompt!r}"


def test_the_recommended_overview_survey_comes_before_the_scale_section() -> None:
    assert position(id="harnessing-the-power-of-llms-in-practice") < position(id="megatron-lm")


def test_korean_summaries_of_scaling_laws_and_zero_keep_the_seed_figures() -> None:
    scaling = entry("scaling-laws-for-neural-language-models").summaries["ko"]
    for figure in ("0.076", "0.095", "0.050", "8배", "5.5배", "1.8배"):
        assert figure in scaling, figure
    zero = entry("zero-memory-optimizations").summaries["ko"]
    for figure in ("ZeRO-1", "ZeRO-2", "ZeRO-3", "momentum", "4배", "8배", "16 bytes", "10배"):
        assert figure in zero, figure
    # The seed's exponents really are in it (so the check above follows the seed, not us).
    seeds = " ".join(seed_texts().values())
    for figure in ("0.076", "0.095", "0.050", "ZeRO-3"):
        assert figure in seeds
