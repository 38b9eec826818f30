"""The merge of an import against the stored papers, and its writes in one unit of work.

The merge, with its fuzzy title matching over every stored paper, runs in a child process on a
snapshot read just before; one unit of work then writes the papers and appends new ones to the
club's queue. The snapshot can be a few seconds old when the writes happen. Writes go through
`upsert`, which finds a paper by slug or arXiv id, so a paper another import stored meanwhile is
updated, not duplicated.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.core.domain.clubs import Club
from bot.core.domain.errors import InvalidInput
from bot.core.domain.ids import ClubKey
from bot.core.ports import Clock, ImportOutcome, UnitOfWork
from bot.core.text import reason, t
from bot.readinglist import history_writes
from bot.readinglist.backfill import ContentBackfill, wants_content
from bot.readinglist.import_history import Placed
from bot.readinglist.import_jobs import ImportWork, plan_job
from bot.readinglist.merge import Rejected
from bot.readinglist.sandbox import JobFailed, Sandbox
from bot.readinglist.schema import PaperEntry


class ImportWriter:
    """Plans an import's merge (for a dry run's report too) and applies it."""

    def __init__(
        self,
        uow: Callable[[], UnitOfWork],
        clock: Clock,
        sandbox: Sandbox,
        backfill: ContentBackfill | None,
    ) -> None:
        self.uow = uow
        self.clock = clock
        self.sandbox = sandbox
        # Imported papers with only an abstract are read for prompts in the background.
        self.backfill = backfill

    async def plan(
        self,
        club_ref: ClubKey | str | None,
        incoming: list[PaperEntry],
        rejected: list[Rejected],
        held: frozenset[int] = frozenset(),
    ) -> tuple[ImportWork, int]:
        """The merge, computed in a child process on a snapshot of the stored papers, and how
        many of its papers the club's queue does not hold yet. `held`: entries read at past
        meetings, which are stored but not queued."""
        async with self.uow() as uow:
            club = await find_club(uow, club_ref) if club_ref is not None else None
            shipped = await uow.papers.shipped()
            stored = await uow.papers.all()
            if club is not None:
                current = [e.paper for e in await uow.queue.entries(club.id)]
            else:
                current = shipped
        shipped_ids = frozenset(p.id for p in shipped)
        try:
            work: ImportWork = await self.sandbox.run(
                plan_job, stored, current, shipped_ids, incoming, rejected, held
            )
        except JobFailed as exc:
            raise InvalidInput(
                t(
                    "Merging that list into the club's papers failed: {why}. Nothing was imported.",
                    why=reason(exc),
                ),
                hint=t("Try importing a smaller part of the list."),
            ) from None
        if club is None:
            return work, 0
        queue = {p.id for p in current}
        steps = [work.steps[k] for k in work.queue_steps(held)]
        new = {step.existing_id for step in steps if step.existing_id is not None}
        fresh = sum(step.existing_id is None for step in steps)
        return work, fresh + len(new - queue)

    async def history(
        self, club_ref: ClubKey | str, placed: Sequence[Placed], work: ImportWork
    ) -> list[Placed]:
        """Where a dry run's logged meetings would go: against the stored papers it would reuse
        (a paper it would store as new is in no session yet)."""
        stored = [work.steps[k].existing_id if k >= 0 else None for k in work.placement]
        async with self.uow() as uow:
            club = await find_club(uow, club_ref)
            return await history_writes.settle(uow, club, placed, stored)

    async def apply(
        self,
        club_ref: ClubKey | str | None,
        incoming: list[PaperEntry],
        rejected: list[Rejected],
        placed: Sequence[Placed] = (),
        held: frozenset[int] = frozenset(),
    ) -> tuple[ImportOutcome, list[Placed]]:
        work, _ = await self.plan(club_ref, incoming, rejected, held)
        now = self.clock.now()
        settled: list[Placed] = []
        async with self.uow() as uow:
            club = await find_club(uow, club_ref) if club_ref is not None else None
            next_rank = len(await uow.papers.shipped()) + 1
            order: list[int] = []
            to_read: list[int] = []
            for step in work.steps:
                if step.paper is None:
                    assert step.existing_id is not None
                    order.append(step.existing_id)
                    if step.wants_content:
                        to_read.append(step.existing_id)
                    continue
                rank = next_rank if club is None and step.existing_id is None else None
                next_rank += rank is not None
                stored = await uow.papers.upsert(step.paper, shipped_rank=rank)
                order.append(stored.id)
                if wants_content(stored):
                    to_read.append(stored.id)
            queued = 0
            if club is not None:
                queue = [order[k] for k in work.queue_steps(held)]
                queued = await uow.queue.append_many(club.id, queue, now)
                papers = [order[k] if k >= 0 else None for k in work.placement]
                settled = await history_writes.settle(uow, club, placed, papers)
                await history_writes.write(uow, club, settled, papers, held, now)
            await uow.commit()
        if self.backfill is not None:
            self.backfill.enqueue(to_read)
        return ImportOutcome(True, work.headline, queued, work.report), settled


async def find_club(uow: UnitOfWork, ref: ClubKey | str) -> Club:
    """A club by its key, or (from the command line) by `platform:workspace:channel` or name."""
    if isinstance(ref, ClubKey):
        found = await uow.clubs.get(ref)
    else:
        try:
            found = await uow.clubs.get(ClubKey.parse(ref))
        except ValueError:
            clubs = await uow.clubs.all()
            found = next((c for c in clubs if c.name.casefold() == ref.casefold()), None)
    if found is None:
        names = ", ".join(str(c.key) for c in await uow.clubs.all()) or "none yet"
        # The command line's (`paperclub papers import --club`): a chat import names its own.
        raise InvalidInput(f"There is no club {str(ref)!r} (clubs: {names}).")
    return found
