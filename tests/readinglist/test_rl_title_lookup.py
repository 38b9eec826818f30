"""Entries with only a title are looked up by title (issue 14): arXiv first, then Crossref. They
take the paper's ids only on a confident match (the one same-paper rule, with the list's year and
authors when it gives them); otherwise they are imported title-only and listed as such."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest

from bot.core.clock import ManualClock
from bot.readinglist.club_import import ClubImporter
from bot.readinglist.lookup.arxiv import ArxivClient
from bot.readinglist.lookup.crossref import CrossrefClient
from bot.readinglist.lookup.doi import DoiClient
from bot.readinglist.lookup.service import LookupService
from bot.storage.engine import make_async_engine, session_factory
from bot.storage.uow import SqlUnitOfWork
from paperclub_fakes.paper_apis import FakeArxiv, FakeCrossref, FakePaper
from tests.readinglist.test_rl_club_import import EMPTY, empty_club

__all__ = ["empty_club"]

GARDENING = FakePaper("Sparse Widgets for Neural Gardening", 2020, arxiv_id="2401.55555")
# What arXiv's phrase search finds for "Laws of Scaling": a different paper with those words.
NEAR_MISS = FakePaper("Laws of Scaling in Widget Gardens", 2022, arxiv_id="2203.15556")
RESNET = FakePaper(
    "Deep Residual Learning for Image Recognition",
    2016,
    ("Kaiming He", "Xiangyu Zhang"),
    doi="10.1109/CVPR.2016.90",
)
# The same title as the list's, but a reprint of another year, and another group's paper.
REPRINT = FakePaper(
    "Gradient-Based Learning Applied to Document Recognition",
    2021,
    ("Yann LeCun",),
    doi="10.1201/9781003278290-44",
)
NAMESAKE = FakePaper(
    "Neural Widget Gardening at Scale", 2023, ("Maria Rossi",), doi="10.5555/widgets.2023"
)


@dataclass
class Run:
    queue: list[tuple[str, str | None, str | None, str]]  # title, arXiv id, DOI, link
    lines: tuple[str, ...]
    applied: bool


@pytest.fixture
async def lookup(arxiv: FakeArxiv, crossref: FakeCrossref) -> AsyncIterator[LookupService]:
    arxiv.add(GARDENING, NEAR_MISS)
    crossref.add(FakePaper(NEAR_MISS.title, 2022, doi="10.5555/laws"), RESNET)
    crossref.add(REPRINT, NAMESAKE)
    service = LookupService(
        ArxivClient(arxiv.url, retries=0),
        DoiClient("http://127.0.0.1:9/", retries=0),
        crossref=CrossrefClient(
            crossref.url, mailto="club-admin@example.org", retries=1, backoff=0.01
        ),
    )
    yield service
    await service.close()


async def _import(
    database: str, clock: ManualClock, lookup: LookupService, text: str, name: str
) -> Run:
    engine = make_async_engine(database)
    importer = ClubImporter(lambda: SqlUnitOfWork(session_factory(engine)), clock, lookup)
    try:
        outcome = await importer.import_text(EMPTY, text, source=name)
        async with SqlUnitOfWork(session_factory(engine)) as uow:
            club = await uow.clubs.get(EMPTY)
            assert club is not None
            queue = [
                (e.paper.title, e.paper.arxiv_id, e.paper.doi, e.paper.url)
                for e in await uow.queue.entries(club.id)
            ]
    finally:
        await engine.dispose()
    return Run(queue, outcome.lines, outcome.applied)


MARKDOWN = (
    "# Our list\n\n"
    "- **Sparse widgets for neural gardening** (2020)\n"
    "- **Laws of Scaling** (2022)\n"
    "- [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n"
)
# Zotero's export of journal and conference papers: titles, authors and years, no ids.
ZOTERO = """
@inproceedings{he2016deep,
  title = {Deep residual learning for image recognition},
  author = {He, Kaiming and Zhang, Xiangyu and Ren, Shaoqing and Sun, Jian},
  booktitle = {Proceedings of the IEEE Conference on Computer Vision and Pattern Recognition},
  year = {2016}
}
@article{lecun1998gradient,
  title = {Gradient-based learning applied to document recognition},
  author = {LeCun, Yann and Bottou, L{\\'e}on},
  journal = {Proceedings of the IEEE},
  year = {1998}
}
@article{doe2023widgets,
  title = {Neural widget gardening at scale},
  author = {Doe, Jane},
  journal = {Journal of Widgets},
  year = {2023}
}
"""


async def test_titles_are_found_on_arxiv_then_crossref_and_only_confident_matches_taken(
    empty_club: str,
    arxiv: FakeArxiv,
    crossref: FakeCrossref,
    lookup: LookupService,
    clock: ManualClock,
) -> None:
    run = await _import(empty_club, clock, lookup, MARKDOWN, "list.md")
    assert run.applied, run.lines
    # The title as arXiv has it, not as the list wrote it: the source of truth's case.
    assert [q[:2] for q in run.queue] == [
        ("Sparse Widgets for Neural Gardening", "2401.55555"),
        ("Laws of Scaling", None),
        ("Attention Is All You Need", "1706.03762"),
    ]
    assert any(
        "found    Sparse widgets for neural gardening → arXiv:2401.55555" in line
        for line in run.lines
    )
    assert any(
        "title only Laws of Scaling: no paper on arXiv or Crossref has that title" in line
        for line in run.lines
    )
    assert [r.query["search_query"] for r in arxiv.requests] == [
        'ti:"Sparse widgets for neural gardening"',
        'ti:"Laws of Scaling"',
    ]
    # Crossref is asked only for the title arXiv did not have, politely.
    assert [r.query["query.bibliographic"] for r in crossref.requests] == ["Laws of Scaling"]
    assert crossref.requests[0].query["mailto"] == "club-admin@example.org"


async def test_crossref_gives_a_doi_when_title_year_and_authors_agree(
    empty_club: str, crossref: FakeCrossref, lookup: LookupService, clock: ManualClock
) -> None:
    run = await _import(empty_club, clock, lookup, ZOTERO, "zotero.bib")
    assert run.applied, run.lines
    assert run.queue == [
        (
            "Deep Residual Learning for Image Recognition",
            None,
            "10.1109/CVPR.2016.90",
            "https://doi.org/10.1109/CVPR.2016.90",
        ),
        # Crossref's only paper of that title is from 2021, not the list's 1998.
        ("Gradient-based learning applied to document recognition", None, None, run.queue[1][3]),
        # The same title by someone else.
        ("Neural widget gardening at scale", None, None, run.queue[2][3]),
    ]
    assert not run.queue[1][3].startswith("https://doi.org/")
    report = "\n".join(run.lines)
    assert "found    Deep residual learning for image recognition → doi:10.1109/CVPR.2016.90" in (
        report
    )
    assert "title only Gradient-based learning applied to document recognition: no paper" in (
        report
    )
    assert "title only Neural widget gardening at scale: no paper" in report
    assert len(crossref.requests) == 3


async def test_a_busy_crossref_is_waited_for_and_a_down_one_is_reported(
    empty_club: str, crossref: FakeCrossref, lookup: LookupService, clock: ManualClock
) -> None:
    # Crossref's 429 says when to come back; the title is found on the next try.
    crossref.refuse(429, retry_after="1")
    first = await _import(empty_club, clock, lookup, ZOTERO.split("@article")[0], "one.bib")
    assert first.queue[0][2] == "10.1109/CVPR.2016.90"
    assert crossref.requests[1].at - crossref.requests[0].at >= 1.0
    # An outage is said as one, not as "no such paper"; the entries are kept title-only.
    crossref.refuse(503, times=2)
    second = await _import(
        empty_club, clock, lookup, "@article" + ZOTERO.split("@article")[1], "two.bib"
    )
    assert second.applied
    assert ("Gradient-based learning applied to document recognition", None, None) in [
        q[:3] for q in second.queue
    ]
    assert any(
        "title only Gradient-based learning applied to document recognition: not looked up "
        "(Crossref is not answering right now" in line
        for line in second.lines
    ), second.lines


async def test_scholar_lower_case_takes_arxivs_title(
    empty_club: str, arxiv: FakeArxiv, lookup: LookupService, clock: ManualClock
) -> None:
    """Google Scholar exports "Lora: Low-rank adaptation of …"; arXiv, the source of truth,
    writes "LoRA: Low-Rank Adaptation of …". Before, the import kept Scholar's case."""
    arxiv.add(
        FakePaper("LoRA-Style Widgets: Low-Rank Gardening at Scale", 2024, arxiv_id="2401.66666"),
        FakePaper("Nothing Like the Title the List Gives", 2024, arxiv_id="2401.77777"),
    )
    bib = (
        "@article{a, title={Lora-style widgets: Low-rank gardening at scale},\n"
        " author={Hu, Edward J}, journal={arXiv preprint arXiv:2401.66666}, year={2024}}\n"
        "@article{b, title={Some other words: entirely different},\n"
        " author={Doe, Jane}, journal={arXiv preprint arXiv:2401.77777}, year={2024}}\n"
    )
    run = await _import(empty_club, clock, lookup, bib, "scholar.bib")
    assert run.applied, run.lines
    # The same words take arXiv's case; different words keep what the list says.
    assert [q[0] for q in run.queue] == [
        "LoRA-Style Widgets: Low-Rank Gardening at Scale",
        "Some other words: entirely different",
    ]
    # Both ids went in one batched request.
    assert [r.query.get("id_list") for r in arxiv.requests] == ["2401.66666,2401.77777"]
