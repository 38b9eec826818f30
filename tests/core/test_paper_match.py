"""One rule for "is this the same paper?": /suggest, imports and storage agree.

The reproduction from issue 12: "Cramming: Training a LM on a Single GPU in One Day" merged into
"…Training a Language Model…" on import but was an unknown paper on /suggest.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz import fuzz

from bot.core.clock import ManualClock
from bot.core.commands.context import Context
from bot.core.commands.dispatch import Dispatcher
from bot.core.domain import paper_match
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.core.domain.papers import Paper, QueueState
from bot.core.ports import PaperReference
from bot.core.views import Notice
from bot.readinglist.ids import slugify
from bot.readinglist.merge import merge
from bot.readinglist.schema import PaperEntry
from tests.core.fakes import make_paper, seeded_deps

FULL = "Cramming: Training a Language Model on a Single GPU in One Day"
SHORT = "Cramming: Training a LM on a Single GPU in One Day"
CLUB = ClubKey(Platform.CONSOLE, "w", "c")
ADA = Context(CLUB, Actor(MemberKey(Platform.CONSOLE, "w", "ada"), "Ada", is_admin=True), "r")
BO = Context(CLUB, Actor(MemberKey(Platform.CONSOLE, "w", "bo"), "Bo"), "r")


def entry(title: str, **fields: Any) -> PaperEntry:
    data: dict[str, Any] = {"id": slugify(title), "title": title, "url": "https://example.org/x"}
    return PaperEntry.model_validate({**data, **fields})


class LinkLookup:
    """arXiv answers with the abbreviated title (as a list or an old record might give it)."""

    def identify(self, text: str) -> PaperReference | None:
        return PaperReference(arxiv_id="2212.14034") if "2212.14034" in text else None

    async def resolve(self, reference: str) -> Paper | None:
        return make_paper(
            9, SHORT, slug="cramming-lm", arxiv_id="2212.14034", year=2022, authors=("Geiping",)
        )


async def _dispatcher() -> Dispatcher:
    known = make_paper(1, FULL, slug="cramming", year=2022)  # no arXiv id: found by title
    deps, _ = await seeded_deps(ManualClock(datetime(2030, 1, 7, tzinfo=UTC)), [known])
    dispatcher = Dispatcher(replace(deps, suggesting=replace(deps.suggesting, lookup=LinkLookup())))
    await dispatcher.run_text("/club setup", ADA)
    return dispatcher


async def test_training_a_lm_is_the_known_paper_on_suggest_by_title() -> None:
    dispatcher = await _dispatcher()
    view = (await dispatcher.run_text(f"/suggest {SHORT}", BO)).view
    assert isinstance(view, Notice), view
    # The shipped paper is in the club's queue already: the answer says where, adds nothing.
    assert "is already on this club's list" in view.text and FULL in view.text


async def test_training_a_lm_is_the_known_paper_on_suggest_by_link() -> None:
    dispatcher = await _dispatcher()
    view = (await dispatcher.run_text("/suggest https://arxiv.org/abs/2212.14034", BO)).view
    assert isinstance(view, Notice), view
    assert "is already on this club's list" in view.text and FULL in view.text
    async with dispatcher.deps.uow() as uow:
        titles = [p.title for p in await uow.papers.all()]
        club = await uow.clubs.get(CLUB)
        assert club is not None
        queue = await uow.queue.entries(club.id)
    assert titles == [FULL]  # no second paper stored
    assert [e.state for e in queue] == [QueueState.QUEUED]


def test_training_a_lm_merges_on_import() -> None:
    plan = merge([entry(FULL, year=2022)], [entry(SHORT, year=2022)])
    assert plan.headline() == "Added 0, merged 1, rejected 0"
    assert plan.merged[0].matched_by == "title"


def test_storage_keys_both_titles_alike() -> None:
    assert paper_match.title_key(SHORT) == paper_match.title_key(FULL)
    assert paper_match.title_key(FULL) == (
        "cramming training a language model on a single gpu in one day"
    )


def test_the_rule_reads_core_papers_and_imported_entries_alike() -> None:
    paper = make_paper(1, FULL, year=2022)
    assert paper_match.match(paper, entry(SHORT, year=2022)) == "title"
    assert paper_match.match(entry(SHORT), paper) == "title"


def test_ids_first() -> None:
    a = make_paper(1, "Attention Is All You Need", arxiv_id="1706.03762v5", year=2017)
    assert paper_match.match(a, make_paper(2, "Other", arxiv_id="1706.03762")) == "arXiv id"
    with_doi = make_paper(3, "X", doi="10.1000/ABC", year=1990)
    assert paper_match.match(with_doi, make_paper(4, "Y", doi="10.1000/abc")) == "DOI"
    twin = make_paper(5, "Attention Is All You Need", arxiv_id="2401.00001", year=2017)
    assert paper_match.match(a, twin) is None  # two arXiv ids are two papers


def test_titles_nicknames_typos_and_years() -> None:
    bert = make_paper(1, "BERT: Pre-training of Deep Bidirectional Transformers", year=2018)
    assert paper_match.match(bert, make_paper(2, "BERT", year=2018)) == "title"
    assert (
        paper_match.match(
            bert, make_paper(3, "Pre-training of Deep Bidirectional Transformers", year=2019)
        )
        == "title"
    )
    assert paper_match.match(
        bert, make_paper(4, "Bert: Pre-training of Deep Bidirectional Transformer", year=2018)
    ) == ("similar title")
    assert paper_match.match(bert, make_paper(5, bert.title, year=2021)) is None  # years apart
    laws = make_paper(6, "Scaling Laws for Neural LMs")
    other = make_paper(7, "Scaling Laws for Autoregressive Generative Modeling")
    assert paper_match.match(laws, other) is None
    # "T5: …": a two-letter nickname alone is too short to name a paper.
    t5 = make_paper(8, "T5: Exploring the Limits of Transfer Learning")
    assert paper_match.match(t5, make_paper(9, "T5")) is None


def test_best_title_match_picks_the_closest() -> None:
    papers = [make_paper(1, "Attention Sinks"), make_paper(2, "Attention Is All You Need")]
    assert paper_match.best_title_match("attention is all you need!", papers) == papers[1]
    assert paper_match.best_title_match("Atention Is All You Need", papers) == papers[1]
    assert paper_match.best_title_match("Attention", papers) is None


def _lcs_table(a: str, b: str) -> int:
    row = [0] * (len(b) + 1)
    for char in a:
        previous = 0
        for j, other in enumerate(b, start=1):
            keep = row[j]
            row[j] = previous + 1 if char == other else max(row[j], row[j - 1])
            previous = keep
    return row[-1]


short_text = st.text(alphabet="abcde fgh", max_size=40)


@given(short_text, short_text)
def test_bit_parallel_lcs_is_the_textbook_one(a: str, b: str) -> None:
    assert paper_match.lcs_length(a, b) == _lcs_table(a, b)


@given(st.text(max_size=80), st.text(max_size=80))
def test_the_similarity_is_rapidfuzz_ratio(a: str, b: str) -> None:
    """So the import may narrow candidates with rapidfuzz and confirm with the core's rule."""
    assert abs(paper_match.similarity(a, b) - fuzz.ratio(a, b)) < 1e-9


titles = st.lists(
    st.sampled_from(["Attention", "LM", "language", "model", "BERT:", "GPU", "of", "a", "in"]),
    min_size=1,
    max_size=8,
).map(" ".join)
years = st.one_of(st.none(), st.integers(2015, 2020))


@given(titles, titles, years, years)
def test_the_rule_is_symmetric_and_the_import_agrees_with_it(
    a: str, b: str, year_a: int | None, year_b: int | None
) -> None:
    left, right = entry(a, year=year_a), entry(b, year=year_b)
    assert paper_match.same_paper(left, right) == paper_match.same_paper(right, left)
    # The import's fast index finds exactly what the rule says.
    plan = merge([left], [right])
    assert bool(plan.merged) == paper_match.same_paper(right, left)


def test_a_title_search_result_is_taken_only_when_title_year_and_authors_agree() -> None:
    found = make_paper(1, "BERT: Pre-training of Deep Bidirectional Transformers", year=2019)
    bert = entry("Bert: pre-training of deep bidirectional transformers", year=2018)
    assert paper_match.found_by_title(bert, found, ["Devlin, Jacob"], ["Jacob Devlin"])
    # Another year (a reprint, a namesake), or other authors: another paper.
    assert not paper_match.found_by_title(entry(bert.title, year=2021), found)
    assert not paper_match.found_by_title(bert, found, ["Rossi, Maria"], ["Jacob Devlin"])
    # A nickname alone names many papers: it needs a known year or author to agree.
    assert not paper_match.found_by_title(entry("BERT"), found)
    assert paper_match.found_by_title(entry("BERT", year=2019), found)
    assert paper_match.found_by_title(entry("BERT"), found, ["J. Devlin"], ["Jacob Devlin"])
    assert not paper_match.found_by_title(entry("GPT"), make_paper(2, "GPT-4 Technical Report"))


def test_family_names_are_read_in_every_order_lists_write_them() -> None:
    assert paper_match.authors_agree(["Vaswani, Ashish"], ["Ashish Vaswani"])
    assert paper_match.authors_agree(["A. Vaswani"], ["Noam Shazeer", "Ashish Vaswani"])
    assert paper_match.authors_agree([], ["Anyone"])  # unknown is not disagreement
    assert not paper_match.authors_agree(["Doe, Jane"], ["Maria Rossi"])
