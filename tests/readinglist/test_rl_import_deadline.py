"""An import's lookups have one overall deadline (issue 14): a service that never answers costs
the import its deadline, not a timeout per paper, and `--skip-invalid` imports the rest and
lists what was not looked up."""

from __future__ import annotations

import asyncio

import pytest

from bot.core.clock import ManualClock
from bot.core.domain.papers import Paper
from bot.core.ports import PaperReference
from bot.i18n import say, speaking
from bot.readinglist.club_import import ClubImporter, ImportRefused
from bot.readinglist.import_deadline import Deadline
from bot.readinglist.parsers import parse_text
from bot.storage.engine import make_async_engine, session_factory
from bot.storage.uow import SqlUnitOfWork
from tests.i18n.test_korean_week import english_runs
from tests.readinglist.test_rl_club_import import EMPTY, empty_club

__all__ = ["empty_club"]


class Stalled:
    """A lookup whose service never answers: every resolve waits until the test ends."""

    def __init__(self) -> None:
        self.asked: list[str] = []
        self.never = asyncio.Event()

    def identify(self, text: str) -> PaperReference | None:
        return PaperReference(arxiv_id=text.removeprefix("arXiv:"))

    async def resolve(self, reference: str) -> Paper | None:
        self.asked.append(reference)
        await self.never.wait()
        return None


@pytest.mark.parametrize("skip_invalid", [False, True])
async def test_lookups_stop_at_the_deadline(
    empty_club: str, clock: ManualClock, skip_invalid: bool
) -> None:
    text = "2401.00001\n2401.00002\n1706.03762\n"
    entries = parse_text(text, source="ids.txt").entries
    engine = make_async_engine(empty_club)
    stalled = Stalled()
    seen: list[tuple[int, int]] = []
    importer = ClubImporter(
        lambda: SqlUnitOfWork(session_factory(engine)), clock, stalled, lookup_deadline=0.05
    )
    try:
        if skip_invalid:
            outcome = await importer.import_entries(
                EMPTY, entries, skip_invalid=True, progress=lambda d, t: seen.append((d, t))
            )
            lines = outcome.lines
            assert outcome.applied
        else:
            with pytest.raises(ImportRefused) as refused:
                await importer.import_entries(EMPTY, entries)
            lines = refused.value.outcome.lines
    finally:
        stalled.never.set()
        await engine.dispose()
    not_looked_up = [line for line in lines if "ran past their 1-minute deadline" in line]
    assert len(not_looked_up) == 2, lines
    # A Korean club reads the same lines in Korean (issue 17).
    with speaking("ko"):
        korean = [say(line) for line in not_looked_up]
    assert all("제한 시간 1분" in line for line in korean), korean
    assert not [run for line in korean for run in english_runs(line)], korean
    # The first stalled lookup used the whole deadline; the second was not even started.
    assert stalled.asked == ["arXiv:2401.00001"]
    if skip_invalid:
        # The known paper (shipped) was imported; progress counted every id to look up.
        assert any("Attention Is All You Need" in line for line in lines)
        assert seen[-1] == (3, 3)


async def test_the_deadline_runs_from_the_first_lookup_not_from_the_import_start() -> None:
    """Reading the club and the queue before the lookups (slow on a busy database) must not use up
    the lookups' time: a lookup that starts after longer than the whole deadline still runs."""
    deadline = Deadline(0.05, None)
    await asyncio.sleep(0.1)  # the import's own reads, longer than the deadline

    async def lookup() -> str:
        return "found"

    assert await deadline.run(lookup()) == "found"
