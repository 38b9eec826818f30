"""Claim due outbox entries and deliver each through its platform's Poster, exactly once.

One entry goes through three short transactions:

1. claim: a conditional UPDATE makes this process the only sender (or reclaims a claim whose
   process died: `sending` for longer than the stale timeout);
2. prepare: decide the view (or that it is missed or obsolete) and store it in the row;
3. after the platform accepted the message: mark it sent.

A crash between 2 and 3 is the send-and-mark window: the next claimer asks the platform
whether the message went out (`Poster.find_posted`: Discord's nonce, Slack's metadata) before
sending the stored view again.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from bot.core.context import Deps
from bot.core.domain.clubs import Club
from bot.core.domain.ids import Platform
from bot.core.domain.outbox import OutboxEntry, OutboxStatus
from bot.core.ports import Outgoing, Poster
from bot.core.usecases.scheduled_post import Verdict, late_note, prepare
from bot.scheduling import viewcodec

log = logging.getLogger(__name__)

_VERDICT_STATUS = {Verdict.MISSED: OutboxStatus.MISSED, Verdict.CANCELLED: OutboxStatus.CANCELLED}


@dataclass(frozen=True, slots=True)
class DeliveryConfig:
    grace: timedelta = timedelta(hours=6)  # later than this, a post is marked missed
    stale_after: timedelta = timedelta(minutes=5)  # a claim older than this is reclaimed
    batch: int = 100
    max_attempts: int = 5


def worker_name() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(3)}"


class OutboxWorker:
    def __init__(
        self,
        deps: Deps,
        posters: Mapping[Platform, Poster],
        config: DeliveryConfig | None = None,
        name: str | None = None,
    ) -> None:
        self.deps = deps
        self.posters = posters
        self.config = config or DeliveryConfig()
        self.name = name or worker_name()

    async def run_due(self) -> int:
        """Deliver every entry due now; returns how many this process sent."""
        now = self.deps.clock.now()
        async with self.deps.uow() as uow:
            due = await uow.outbox.claimable(
                now, now - self.config.stale_after, list(self.posters), self.config.batch
            )
        sent = 0
        for entry in due:
            try:
                sent += await self.deliver(entry) == OutboxStatus.SENT
            except Exception:
                # The claim stays `sending` and goes stale, so the entry is retried later.
                log.exception("delivery failed", extra={"key": entry.key})
        return sent

    async def deliver(self, entry: OutboxEntry) -> OutboxStatus | None:
        """Claim and deliver one entry; None if another process has it."""
        now = self.deps.clock.now()
        reclaim = entry.status == OutboxStatus.SENDING
        async with self.deps.uow() as uow:
            if not await uow.outbox.claim(entry, self.name, now, now - self.config.stale_after):
                return None
            club = await uow.clubs.get_by_id(entry.club_id)
            await uow.commit()
        if club is None:
            return None
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
