"""Claim due outbox entries and deliver each through its platform's Poster, exactly once.

Due entries are delivered concurrently across clubs, within the platforms' rate limits
(`ratelimit`). One entry goes through three short transactions:

1. claim: a conditional UPDATE makes this process the only sender (or reclaims a claim whose
   process died: `sending` for longer than the stale timeout);
2. prepare: decide the view (or that it is missed or obsolete) and store it in the row;
3. after the platform accepted the message: mark it sent.

A crash between 2 and 3 is the send-and-mark window: the next claimer asks the platform
whether the message went out (`Poster.find_posted`: Discord's nonce, Slack's metadata) before
sending the stored view again.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from bot.core.commands.context import Deps
from bot.core.domain.clubs import Club
from bot.core.domain.ids import Platform
from bot.core.domain.mirrors import SessionMirror
from bot.core.domain.outbox import OutboxEntry, OutboxStatus, PostKind
from bot.core.ports import EventMirror, Outgoing, Poster
from bot.core.usecases.scheduled_post import Verdict, late_note, prepare
from bot.scheduling import viewcodec
from bot.scheduling.ratelimit import PostLimiter

log = logging.getLogger(__name__)

_VERDICT_STATUS = {Verdict.MISSED: OutboxStatus.MISSED, Verdict.CANCELLED: OutboxStatus.CANCELLED}


@dataclass(frozen=True, slots=True)
class DeliveryConfig:
    grace: timedelta = timedelta(hours=6)  # later than this, a post is marked missed
    stale_after: timedelta = timedelta(minutes=5)  # a claim older than this is reclaimed
    batch: int = 100
    max_attempts: int = 5
    # Posts in flight at once (each waits on its platform for most of its time), and how many
    # batches one run may take before leaving the rest to the next wake-up.
    concurrency: int = 32
    max_batches: int = 50


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

        Clubs are delivered concurrently (a bounded pool), each club's posts one after another
        in due order, so a vote's closing still goes out before the announcement naming its
        winner. Each entry is still claimed on its own, so concurrency changes nothing about
        who sends it.
        """
        seen: set[int] = set()
        pool = asyncio.Semaphore(self.config.concurrency)
        sent = 0
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
            by_club: dict[int, list[OutboxEntry]] = {}
            for entry in fresh:
                by_club.setdefault(entry.club_id, []).append(entry)
            counts = await asyncio.gather(
                *(self._deliver_in_order(entries, pool) for entries in by_club.values())
            )
            sent += sum(counts)
            if len(due) < self.config.batch:
                break
        return sent

    async def _deliver_in_order(self, entries: list[OutboxEntry], pool: asyncio.Semaphore) -> int:
        sent = 0
        for entry in entries:
            async with pool:
                try:
                    # Claimed one at a time, right before sending, never a batch up front: a
                    # claim queued here would age towards the stale timeout and be taken over
                    # by another replica while this one still meant to send it.
                    sent += await self.deliver(entry) == OutboxStatus.SENT
                except Exception:
                    # The claim stays `sending` and goes stale, so the entry is retried later.
                    log.exception("delivery failed", extra={"key": entry.key})
        return sent

    async def deliver(self, entry: OutboxEntry) -> OutboxStatus | None:
        """Claim and deliver one entry; None if another process has it."""
        now = self.deps.clock.now()
        async with self.deps.uow() as uow:
            if not await uow.outbox.claim(entry, self.name, now, now - self.config.stale_after):
                return None
            club = await uow.clubs.get_by_id(entry.club_id)
            await uow.commit()
        if club is None:
            return None
        return await self._deliver_claimed(entry, club)

    async def _deliver_claimed(self, entry: OutboxEntry, club: Club) -> OutboxStatus | None:
        """Deliver an entry this process has just claimed (`entry` as it was before the claim)."""
        reclaim = entry.status == OutboxStatus.SENDING
        if entry.kind == PostKind.EVENT:
            return await self._mirror(entry, club)
        stored = entry.payload.get("view")
        if stored is None:
            return await self._prepare_and_send(entry, club)
        outgoing = Outgoing(entry.key, club.key, entry.kind, viewcodec.decode(stored))
        poster = self.posters[club.key.platform]
        if reclaim:
            found = await poster.find_posted(outgoing)
            if found is not None:
                log.info("already posted before a crash", extra={"key": entry.key})
                return await self._finish(entry, OutboxStatus.SENT, message_id=found)
        if self.deps.clock.now() - entry.due_at > self.config.grace:
            return await self._missed(entry, "too late after a crash")
        return await self._send(entry, club, outgoing)

    async def _mirror(self, entry: OutboxEntry, club: Club) -> OutboxStatus | None:
        """A session's calendar entry is synced, not posted. The sync finds the entry by its
        reference before creating one, so a reclaim after a crash simply syncs again."""
        mirror = SessionMirror.from_payload(entry.payload)
        poster = self.posters[club.key.platform]
        if mirror is None or not isinstance(poster, EventMirror):
            return await self._finish(entry, OutboxStatus.CANCELLED, error="no calendar here")
        if mirror.starts_at <= self.deps.clock.now():
            # Platforms refuse entries starting in the past, and a session under way needs none.
            return await self._finish(entry, OutboxStatus.CANCELLED, error="the session started")
        try:
            event_id = await poster.mirror_session(club.key, mirror)
        except Exception as exc:
            log.warning(
                "event sync failed; will retry", extra={"key": entry.key, "error": repr(exc)}
            )
            return await self._failed(entry, f"syncing: {exc!r}")
        self.deps.metrics.post(entry.kind, "sent")
        return await self._finish(entry, OutboxStatus.SENT, message_id=event_id)

    async def _prepare_and_send(self, entry: OutboxEntry, club: Club) -> OutboxStatus | None:
        now = self.deps.clock.now()
        try:
            async with self.deps.uow() as uow:
                prepared = await prepare(uow, club, entry, now, self.config.grace, self.deps)
                if prepared.verdict == Verdict.DEFER:
                    await uow.outbox.release(entry.id, self.name, prepared.reason)
                    await uow.commit()
                    return OutboxStatus.PENDING
                if prepared.verdict != Verdict.SEND or prepared.view is None:
                    status = _VERDICT_STATUS.get(prepared.verdict, OutboxStatus.CANCELLED)
                    await uow.outbox.finish(entry.id, self.name, status, now, error=prepared.reason)
                    await uow.commit()
                    if status == OutboxStatus.MISSED:
                        self.deps.metrics.post(entry.kind, "missed")
                        log.warning(
                            "post missed while down, not sent",
                            extra={"key": entry.key, "due_at": entry.due_at.isoformat()},
                        )
                    return status
                payload = {**entry.payload, "view": viewcodec.encode(prepared.view)}
                await uow.outbox.save_payload(entry.id, payload)
                await uow.commit()
        except Exception as exc:
            await self._failed(entry, f"preparing: {exc!r}")
            raise
        outgoing = Outgoing(entry.key, club.key, entry.kind, prepared.view)
        return await self._send(entry, club, outgoing)

    async def _send(
        self, entry: OutboxEntry, club: Club, outgoing: Outgoing
    ) -> OutboxStatus | None:
        now = self.deps.clock.now()
        note = late_note(entry.due_at, now, club.settings.timezone)
        message = Outgoing(outgoing.key, outgoing.club, outgoing.kind, outgoing.view, note)
        try:
            # Right before the request, so the platform sees the rate the buckets allow. The
            # wait is short (at most the pool size over the rate: about a second), far below
            # the stale timeout, so the claim cannot be taken over meanwhile.
            await self.limiter.wait(club.key.platform, club.key.channel_id)
            message_id = await self.posters[club.key.platform].post(message)
        except Exception as exc:
            log.warning("send failed; will retry", extra={"key": entry.key, "error": repr(exc)})
            return await self._failed(entry, f"sending: {exc!r}")
        self.deps.metrics.post(entry.kind, "late" if note else "sent")
        return await self._finish(entry, OutboxStatus.SENT, message_id=message_id)

    async def _failed(self, entry: OutboxEntry, error: str) -> OutboxStatus:
        async with self.deps.uow() as uow:
            if entry.attempts + 1 >= self.config.max_attempts:
                await uow.outbox.finish(
                    entry.id, self.name, OutboxStatus.FAILED, self.deps.clock.now(), error=error
                )
                status = OutboxStatus.FAILED
                self.deps.metrics.post(entry.kind, "failed")
                log.error("giving up on a post", extra={"key": entry.key, "error": error})
            else:
                await uow.outbox.release(entry.id, self.name, error)
                status = OutboxStatus.PENDING
            await uow.commit()
        return status

    async def _missed(self, entry: OutboxEntry, reason: str) -> OutboxStatus | None:
        log.warning("post missed while down, not sent", extra={"key": entry.key})
        self.deps.metrics.post(entry.kind, "missed")
        return await self._finish(entry, OutboxStatus.MISSED, error=reason)

    async def _finish(
        self,
        entry: OutboxEntry,
        status: OutboxStatus,
        *,
        message_id: str | None = None,
        error: str | None = None,
    ) -> OutboxStatus | None:
        async with self.deps.uow() as uow:
            held = await uow.outbox.finish(
                entry.id,
                self.name,
                status,
                self.deps.clock.now(),
                message_id=message_id,
                error=error,
            )
            await uow.commit()
        if not held:
            # Only if a send outlasted the stale timeout: another process took the claim over.
            log.error("claim lost before marking", extra={"key": entry.key})
            return None
        return status
