"""Claim due outbox entries and deliver each through its platform's Poster, exactly once.

Delivery is mechanism only: whether a post goes out, waits, is retried or ends is decided by
the core (`post_fate.decide`, through the `scheduled_post.prepare` use case); this module
claims, sends and records what the verdict says. An entry's life here:

1. claim: one conditional UPDATE ... RETURNING takes a whole batch of pending entries (a
   stale claim, whose process died, is taken over on its own, seen as it was);
2. prepare: the verdict, and for a post to send its view, stored in the row (or the verdict
   recorded, when it is not to be sent);
3. send: each club's posts one after another, clubs concurrently, each platform with its own
   `concurrency` request slots: a post takes a slot of its platform, waits for its rate-limit
   buckets (`ratelimit`) and is sent at once. Posts held back by Discord's global 50/s hold
   Discord's slots only, never Slack's; and nothing stands between a bucket's go and the
   request, which would bunch requests up beyond what the buckets allowed;
4. after the platform accepted the message: mark it sent, in a group commit with the other
   posts accepted meanwhile (one UPDATE for the batch).

A crash between 3 and 4 is the send-and-mark window: the next claimer asks the platform
whether the message went out (`Poster.find_posted`: Discord's nonce, Slack's metadata) before
sending the stored view again. Marking in batches widens that window by at most one group
commit (the marks of the posts accepted during one flush). A claim waiting for its bucket is
renewed before it is sent once it is half-way to the stale timeout, so a long queue behind a
rate limit is never taken over by another process while this one still means to send it.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.core.commands.context import Deps
from bot.core.domain.clubs import Club
from bot.core.domain.ids import Platform
from bot.core.domain.mirrors import SessionMirror
from bot.core.domain.outbox import VIEW, OutboxEntry, OutboxStatus, PostKind
from bot.core.domain.post_fate import PostPolicy, Send, Unsent, decide
from bot.core.ports import EventMirror, Outgoing, Poster, Undeliverable, UnitOfWork
from bot.core.usecases.scheduled_post import Prepared, outgoing, prepare
from bot.scheduling import viewcodec
from bot.scheduling.ratelimit import PostLimiter
from bot.storage.groupcommit import GroupCommit

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DeliveryConfig:
    policy: PostPolicy = field(default_factory=PostPolicy)  # the core's rules' knobs
    stale_after: timedelta = timedelta(minutes=5)  # a claim older than this is reclaimed
    batch: int = 100
    # Posts in flight at once (each waits on its platform for most of its time), and how many
    # batches one run may take before leaving the rest to the next wake-up.
    concurrency: int = 32
    max_batches: int = 50


@dataclass(slots=True)
class _Claim:
    """When this process's claim of an entry was last taken or renewed, as the row has it."""

    at: datetime


def worker_name() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(3)}"


class OutboxWorker:
    def __init__(
        self,
        deps: Deps,
        posters: Mapping[Platform, Poster],
        config: DeliveryConfig | None = None,
        name: str | None = None,
        limiter: PostLimiter | None = None,
    ) -> None:
        self.deps = deps
        self.posters = posters
        self.config = config or DeliveryConfig()
        self.name = name or worker_name()
        self.limiter = limiter or PostLimiter()

    async def run_due(self) -> int:
        """Deliver every entry due now, batch after batch; returns how many this process sent.

        Clubs are delivered concurrently, each club's posts one after another in due order
        (across batches too), so a vote's closing still goes out before the announcement naming
        its winner. The next batch is claimed while the last one is being sent.
        """
        seen: set[int] = set()
        pools = {p: asyncio.Semaphore(self.config.concurrency) for p in self.posters}
        marks: GroupCommit[tuple[int, str | None], bool] = GroupCommit(
            self._mark_sent, max_batch=self.config.batch, name="outbox marks"
        )
        chains: dict[int, asyncio.Task[int]] = {}
        tasks: list[asyncio.Task[int]] = []
        try:
            for _ in range(self.config.max_batches):
                now = self.deps.clock.now()
                async with self.deps.uow() as uow:
                    due = await uow.outbox.claimable(
                        now, now - self.config.stale_after, list(self.posters), self.config.batch
                    )
                # An entry put back (deferred, or failed and released) waits for the next run.
                fresh = [entry for entry in due if entry.id not in seen]
                if not fresh:
                    break
                seen.update(entry.id for entry in fresh)
                claimed_at = self.deps.clock.now()
                claimed, clubs = await self._claim(fresh, claimed_at)
                by_club: dict[int, list[OutboxEntry]] = {}
                for entry in claimed:
                    by_club.setdefault(entry.club_id, []).append(entry)
                for club_id, entries in by_club.items():
                    club = clubs.get(club_id)
                    if club is None:
                        continue  # deleted meanwhile; the claim goes stale with nobody to send
                    task = asyncio.create_task(
                        self._deliver_in_order(
                            chains.get(club_id), entries, club, claimed_at, pools, marks
                        )
                    )
                    chains[club_id] = task
                    tasks.append(task)
                if len(due) < self.config.batch:
                    break
            counts = await asyncio.gather(*tasks)
        finally:
            for task in tasks:
                task.cancel()  # only if this run itself was cancelled: nothing left otherwise
            await marks.aclose()
        return sum(counts)

    async def _claim(
        self, due: list[OutboxEntry], now: datetime
    ) -> tuple[list[OutboxEntry], dict[int, Club]]:
        """Claim what can still be claimed of `due` at `now` (in one statement for the pending
        ones), with the clubs they belong to; the entries as they were seen, in their order."""
        stale_before = now - self.config.stale_after
        async with self.deps.uow() as uow:
            pending = [e.id for e in due if e.status == OutboxStatus.PENDING]
            taken = await uow.outbox.claim_pending(pending, self.name, now)
            for entry in due:
                # A stale claim is taken over on its own, only as it was seen.
                if entry.status != OutboxStatus.PENDING and await uow.outbox.claim(
                    entry, self.name, now, stale_before
                ):
                    taken.add(entry.id)
            claimed = [entry for entry in due if entry.id in taken]
            clubs = await uow.clubs.by_ids({entry.club_id for entry in claimed})
            await uow.commit()
        return claimed, clubs

    async def _deliver_in_order(
        self,
        before: asyncio.Task[int] | None,
        entries: list[OutboxEntry],
        club: Club,
        claimed_at: datetime,
        pools: Mapping[Platform, asyncio.Semaphore],
        marks: GroupCommit[tuple[int, str | None], bool],
    ) -> int:
        if before is not None:
            # The club's posts from an earlier batch go first, whatever became of them.
            await asyncio.wait([before])
        sent = 0
        for entry in entries:
            try:
                # Each entry its own record: renewing one claim leaves the others' age as is.
                status = await self._deliver_claimed(entry, club, _Claim(claimed_at), pools, marks)
                sent += status == OutboxStatus.SENT
            except Exception:
                # The claim stays `sending` and goes stale, so the entry is retried later.
                log.exception("delivery failed", extra={"key": entry.key})
        return sent

    async def _deliver_claimed(
        self,
        entry: OutboxEntry,
        club: Club,
        claim: _Claim,
        pools: Mapping[Platform, asyncio.Semaphore],
        marks: GroupCommit[tuple[int, str | None], bool],
    ) -> OutboxStatus | None:
        """Deliver an entry this process has claimed (`entry` as it was before the claim)."""
        poster = self.posters[club.key.platform]
        stored = viewcodec.decode(entry.payload[VIEW]) if entry.prepared else None
        if entry.status == OutboxStatus.SENDING and stored is not None:
            # A reclaim after a crash between sending and marking: did it go out?
            found = await poster.find_posted(outgoing(entry, club, stored))
            if found is not None:
                log.info("already posted before a crash", extra={"key": entry.key})
                return await self._finish(entry, OutboxStatus.SENT, message_id=found)
        prepared = await self._prepare(entry, club, isinstance(poster, EventMirror))
        if prepared is None:
            return None
        verdict = prepared.verdict
        if not isinstance(verdict, Send):
            return verdict.status
        if entry.kind == PostKind.EVENT:
            return await self._mirror(entry, club, prepared)
        view = prepared.view or stored
        assert view is not None  # prepare() builds one unless an earlier claim stored it
        message = outgoing(entry, club, view, verdict)
        return await self._send(entry, club, prepared, message, claim, pools, marks)

    async def _prepare(self, entry: OutboxEntry, club: Club, calendar: bool) -> Prepared | None:
        """The core's verdict, with the view it built stored in the row; a verdict not to send
        is recorded. None when the claim was lost meanwhile."""
        now, policy = self.deps.clock.now(), self.config.policy
        try:
            if entry.needs_view:
                async with self.deps.uow() as uow:
                    prepared = await prepare(uow, club, entry, now, policy, self.deps.publishing)
                    if not isinstance(prepared.verdict, Send):
                        if not await self._record(uow, entry, prepared.verdict):
                            return None  # the claim was taken over meanwhile
                    elif prepared.view is not None:
                        payload = {**entry.payload, VIEW: viewcodec.encode(prepared.view)}
                        await uow.outbox.save_payload(entry.id, payload)
                    await uow.commit()
                return prepared
            # Nothing to build: a read is enough to judge it (on SQLite it needs no turn).
            async with self.deps.reader() as uow:
                prepared = await prepare(
                    uow, club, entry, now, policy, self.deps.publishing, calendar=calendar
                )
            if not isinstance(prepared.verdict, Send):
                async with self.deps.uow() as uow:
                    if not await self._record(uow, entry, prepared.verdict):
                        return None
                    await uow.commit()
            return prepared
        except Exception as exc:
            await self._failed(entry, club, None, f"preparing: {exc!r}")
            raise

    async def _mirror(
        self, entry: OutboxEntry, club: Club, prepared: Prepared
    ) -> OutboxStatus | None:
        """A session's calendar entry is synced, not posted. The sync finds the entry by its
        reference before creating one, so a reclaim after a crash simply syncs again."""
        mirror = SessionMirror.from_payload(entry.payload)
        poster = self.posters[club.key.platform]
        assert mirror is not None and isinstance(poster, EventMirror)  # decide() checked both
        try:
            event_id = await poster.mirror_session(club.key, mirror)
        except Exception as exc:
            log.warning(
                "event sync failed; will retry", extra={"key": entry.key, "error": repr(exc)}
            )
            return await self._failed(entry, club, prepared, f"syncing: {exc!r}")
        self.deps.metrics.post(entry.kind, "sent")
        return await self._finish(entry, OutboxStatus.SENT, message_id=event_id)

    async def _send(
        self,
        entry: OutboxEntry,
        club: Club,
        prepared: Prepared,
        message: Outgoing,
        claim: _Claim,
        pools: Mapping[Platform, asyncio.Semaphore],
        marks: GroupCommit[tuple[int, str | None], bool],
    ) -> OutboxStatus | None:
        platform = club.key.platform
        try:
            async with pools[platform]:
                # The wait is right before the request, so the platform sees the rate the
                # buckets allow.
                await self.limiter.wait(platform, club.key.channel_id)
                if not await self._still_held(entry, claim):
                    log.error("claim lost before sending", extra={"key": entry.key})
                    return None
                message_id = await self.posters[platform].post(message)
        except Exception as exc:
            log.warning("send failed; will retry", extra={"key": entry.key, "error": repr(exc)})
            refused = isinstance(exc, Undeliverable)
            return await self._failed(entry, club, prepared, f"sending: {exc!r}", permanent=refused)
        assert isinstance(prepared.verdict, Send)
        self.deps.metrics.post(entry.kind, prepared.verdict.outcome)
        if not await marks.submit((entry.id, message_id)):
            # Only if a send outlasted the stale timeout: another process took the claim over.
            log.error("claim lost before marking", extra={"key": entry.key})
            return None
        return OutboxStatus.SENT

    async def _still_held(self, entry: OutboxEntry, claim: _Claim) -> bool:
        """Renew this process's claim if it is half-way to stale (a post that waited long for
        its bucket), so nobody takes it over while it is being sent; False if it was lost."""
        now = self.deps.clock.now()
        if now - claim.at < self.config.stale_after / 2:
            return True
        async with self.deps.uow() as uow:
            held = await uow.outbox.renew(entry.id, self.name, now)
            await uow.commit()
        if held:
            claim.at = now
        return held

    async def _mark_sent(self, sent: Sequence[tuple[int, str | None]]) -> list[bool]:
        async with self.deps.uow() as uow:
            held = await uow.outbox.mark_sent(dict(sent), self.name, self.deps.clock.now())
            await uow.commit()
        return [entry_id in held for entry_id, _ in sent]

    async def _failed(
        self,
        entry: OutboxEntry,
        club: Club,
        prepared: Prepared | None,
        error: str,
        *,
        permanent: bool = False,
    ) -> OutboxStatus | None:
        """Record a failed attempt as the core judges it: retried later, or given up."""
        session = prepared.session if prepared is not None else None
        now = self.deps.clock.now()
        verdict = decide(
            entry, club, session, now, self.config.policy, failure=error, permanent=permanent
        )
        assert not isinstance(verdict, Send)  # a failure is never sent
        async with self.deps.uow() as uow:
            held = await self._record(uow, entry, verdict)
            await uow.commit()
        return verdict.status if held else None

    async def _record(self, uow: UnitOfWork, entry: OutboxEntry, verdict: Unsent) -> bool:
        """Put a verdict that is not a send into the row (the caller commits): the claim goes
        back for a later tick, or the entry ends in the verdict's status."""
        if verdict.status == OutboxStatus.PENDING:
            return await uow.outbox.release(entry.id, self.name, verdict.reason)
        held = await uow.outbox.finish(
            entry.id, self.name, verdict.status, self.deps.clock.now(), error=verdict.reason
        )
        if verdict.outcome is not None:
            self.deps.metrics.post(entry.kind, verdict.outcome)
            log.warning(
                "post not sent: %s",
                verdict.outcome,
                extra={
                    "key": entry.key,
                    "due_at": entry.due_at.isoformat(),
                    "error": verdict.reason,
                },
            )
        return held

    async def _finish(
        self,
        entry: OutboxEntry,
        status: OutboxStatus,
        *,
        message_id: str | None = None,
    ) -> OutboxStatus | None:
        async with self.deps.uow() as uow:
            held = await uow.outbox.finish(
                entry.id, self.name, status, self.deps.clock.now(), message_id=message_id
            )
            await uow.commit()
        if not held:
            # Only if a send outlasted the stale timeout: another process took the claim over.
            log.error("claim lost before marking", extra={"key": entry.key})
            return None
        return status
