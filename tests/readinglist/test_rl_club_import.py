"""`paperclub papers import --club` on a real database: the seeds give the shipped list."""

from __future__ import annotations

import asyncio
import codecs
from collections.abc import Callable
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from bot.cli import papers_import_cmd
from bot.cli.papers_apply import apply_import
from bot.core.clock import ManualClock
from bot.core.domain.clubs import ClubSettings
from bot.core.domain.ids import ClubKey, Platform
from bot.readinglist.merge import merge
from bot.readinglist.parsers import parse_file
from bot.settings import Settings
from bot.storage.engine import make_async_engine, session_factory
from bot.storage.uow import SqlUnitOfWork

EMPTY = ClubKey(Platform.CONSOLE, "w", "empty")
# The documented difference (see test_rl_seeds.py): RoBERTa and ALBERT are shipped only.
CURATED_ONLY = {"1907.11692", "1909.11942"}
SEED_ONLY: set[str] = set()
Write = Callable[[str, str | bytes], Path]


async def _state(url: str) -> tuple[list[tuple[int, str, str | None]], list[int]]:
    """The empty club's queue (paper id, title, arXiv id) and every paper id."""
    engine = make_async_engine(url)
    try:
        async with SqlUnitOfWork(session_factory(engine)) as uow:
            club = await uow.clubs.get(EMPTY)
            queue = []
            if club is not None:
                entries = await uow.queue.entries(club.id)
                queue = [(e.paper.id, e.paper.title, e.paper.arxiv_id) for e in entries]
            return queue, sorted(p.id for p in await uow.papers.all())
    finally:
        await engine.dispose()


@pytest.fixture
async def empty_club(database_url: str, clock: ManualClock) -> str:
    engine = make_async_engine(database_url)
    try:
        async with SqlUnitOfWork(session_factory(engine)) as uow:
            await uow.clubs.add(EMPTY, "Empty", ClubSettings(), clock.now())
            await uow.commit()
    finally:
        await engine.dispose()
    return database_url


async def test_seeds_into_an_empty_club_give_the_shipped_list(
    empty_club: str, seed_paths: list[Path]
) -> None:
    settings = Settings(
        database_url=empty_club, arxiv_api_url="http://127.0.0.1:9/", paper_text=False
    )
    entries = [e for path in seed_paths for e in parse_file(path).entries]
    report = await apply_import(settings, str(EMPTY), merge([], entries))
    assert report.startswith("Imported into club console:w:empty: Added 65, merged"), report
    queue, papers = await _state(empty_club)
    engine = make_async_engine(empty_club)
    async with SqlUnitOfWork(session_factory(engine)) as uow:
        shipped = await uow.papers.shipped()
    await engine.dispose()
    expected = {p.id for p in shipped if p.arxiv_id not in CURATED_ONLY}
    queued = {paper_id for paper_id, _, _ in queue}
    extra = {title for paper_id, title, _ in queue if paper_id not in expected}
    assert len(queue) == len(queued) == len(shipped) - len(CURATED_ONLY) + len(SEED_ONLY)
    assert expected <= queued and extra == SEED_ONLY
    # Importing again (and with the ids in another order) changes nothing.
    again = await apply_import(settings, "Empty", merge([], entries[::-1]))
    assert "No new papers for the queue" in again
    assert await _state(empty_club) == (queue, papers)


async def test_an_import_never_reorders_the_queue(empty_club: str, seed_paths: list[Path]) -> None:
    settings = Settings(
        database_url=empty_club, arxiv_api_url="http://127.0.0.1:9/", paper_text=False
    )
    article = parse_file(seed_paths[4]).entries  # five classics
    await apply_import(settings, str(EMPTY), merge([], article[2:]))
    before, _ = await _state(empty_club)
    await apply_import(settings, str(EMPTY), merge([], article))
    after, _ = await _state(empty_club)
    assert after[: len(before)] == before and len(after) == len(article)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("latin1.csv", "title\nCafé\n".encode("latin-1"), "not UTF-8"),
        ("utf16.csv", codecs.BOM_UTF16_LE + "title\nx\n".encode("utf-16-le"), "UTF-16"),
        ("broken.bib", b"@article{x,\n  title = {Unclosed,\n", "problem"),
        ("untitled.csv", b"author,year\nAda,2020\n", "title"),
        ("ids.txt", b"https://arxiv.org/abs/4040.40404\n", "arXiv is not answering"),
        ("huge.bib", None, "50.0 MB; the limit is 5.0 MB"),
    ],
)
def test_bad_inputs_change_nothing(
    empty_club: str,
    write: Write,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    content: bytes | None,
    message: str,
) -> None:
    monkeypatch.setenv("DATABASE_URL", empty_club)
    monkeypatch.setenv("PAPERCLUB_ARXIV_API_URL", "http://127.0.0.1:9/api/query")
    monkeypatch.setenv("PAPERCLUB_LOOKUP_TIMEOUT", "0.5")
    if content is None:
        path = tmp_path / name
        with path.open("wb") as handle:
            handle.truncate(50 * 1024 * 1024)
    else:
        path = write(name, content)
    before = asyncio.run(_state(empty_club))
    root, papers = typer.Typer(), typer.Typer()
    papers_import_cmd.register(papers)
    root.add_typer(papers, name="papers")
    result = CliRunner().invoke(root, ["papers", "import", "--club", str(EMPTY), str(path)])
    assert result.exit_code in (1, 2), result.stdout
    assert message in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert asyncio.run(_state(empty_club)) == before
