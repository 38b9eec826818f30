"""Grounded summaries and prompts for papers that only have their abstract's, written in the
background while the bot runs.

An import of forty arXiv papers cannot wait for forty papers to be read at arXiv's one request
every three seconds, so the import stores abstract summaries (the card says so) and queues the
papers here; this worker reads them one at a time through the shared limiter and replaces the
summary and prompts with ones drawn from each paper's text. On start it also queues every stored
paper with an arXiv id and no prompts, so lists imported from the command line are filled in too.
Curated text and papers that already have prompts are never touched.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from bot.core.domain.papers import Paper, SummarySource
from bot.core.ports import PaperWriter, UnitOfWork

if TYPE_CHECKING:
    from bot.bootstrap import Services

log = logging.getLogger(__name__)

# Papers whose text is worth reading: nothing curated, nothing with prompts already.
_REPLACEABLE = (None, SummarySource.ABSTRACT)


def wants_content(paper: Paper) -> bool:
    return bool(paper.arxiv_id) and not paper.prompts and paper.summary_source in _REPLACEABLE


class ContentBackfill:
    def __init__(self, uow: Callable[[], UnitOfWork], writer: PaperWriter) -> None:
        self._uow = uow
        self._writer = writer
        self._queue: asyncio.Queue[int] = asyncio.Queue()
        self._queued: set[int] = set()
        self.written = 0  # papers given text-based content so far (for logs and tests)

    def enqueue(self, paper_ids: Iterable[int]) -> None:
        for paper_id in paper_ids:
            if paper_id not in self._queued:
                self._queued.add(paper_id)
                self._queue.put_nowait(paper_id)

    async def enqueue_missing(self) -> int:
        async with self._uow() as uow:
            ids = [p.id for p in await uow.papers.all() if wants_content(p)]
        self.enqueue(ids)
        return len(ids)

    async def run(self, stop: asyncio.Event) -> None:
        """Work through the queue until `stop` is set."""
        while not stop.is_set():
            getter = asyncio.ensure_future(self._queue.get())
            stopper = asyncio.ensure_future(stop.wait())
            done, _ = await asyncio.wait({getter, stopper}, return_when=asyncio.FIRST_COMPLETED)
            stopper.cancel()
            if getter not in done:
                getter.cancel()
                return
            paper_id = getter.result()
            try:
                await self._fill(paper_id)
            except Exception:  # one unreadable paper must not stop the rest
                log.exception("writing the summary of paper %s failed", paper_id)
            finally:
                self._queued.discard(paper_id)
                self._queue.task_done()

    async def drain(self) -> None:
        """Wait until everything queued so far is done (with `run` going)."""
        await self._queue.join()

    async def _fill(self, paper_id: int) -> None:
        async with self._uow() as uow:
            paper = await uow.papers.get(paper_id)
        if paper is None or not wants_content(paper):
            return
        content = await self._writer.content_for(paper, "en")
        if content.source not in (SummarySource.PAPER_TEXT, SummarySource.LLM):
            return  # still only the abstract: leave it as it is
        async with self._uow() as uow:
            current = await uow.papers.get(paper_id)
            if current is None or not wants_content(current):
                return  # someone curated or edited it meanwhile
            await uow.papers.upsert(
                replace(
                    current,
                    summary=content.summary,
                    prompts=content.prompts,
                    summary_source=content.source,
                    summary_language=content.language,
                )
            )
            await uow.commit()
        self.written += 1


async def serve(services: Services, stop: asyncio.Event) -> None:
    """A runtime hook (see bot/runtime.py): runs beside the platforms until `stop` is set."""
    backfill = services.backfill
    if backfill is None:
        await stop.wait()
        return
    queued = await backfill.enqueue_missing()
    if queued:
        log.info("reading papers for their summaries and prompts", extra={"papers": queued})
    await backfill.run(stop)
