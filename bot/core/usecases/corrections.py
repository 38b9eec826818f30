"""Correction posts: when an admin changes a session the channel was already told about (its
paper, its date, whether it happens), the channel is told again, through the outbox.

The post is a one-off NOTICE row whose key numbers the corrections of that session, inserted in
the same transaction as the change: the change and its correction commit together, and the
outbox's claims send it exactly once, across restarts and replicas. It names no session (that
column would cancel the post of a skipped session); the session is in the key.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from bot.core.domain.clubs import Club
from bot.core.domain.outbox import OutboxEntry, PlannedPost, PostKind
from bot.core.domain.sessions import Session
from bot.core.ports import UnitOfWork
from bot.core.views import Notice, Tone

CORRECTION = "correction"  # the payload's key for what the post says
# A correction nobody could send for a day is stale news; the schedule itself is current.
WORTH_SENDING = timedelta(days=1)


def correction_prefix(club_id: int, session_id: int) -> str:
    return f"club:{club_id}:session:{session_id}:correction:"


async def post_correction(
    uow: UnitOfWork,
    club: Club,
    session: Session,
    now: datetime,
    text: str,
    details: tuple[str, ...] = (),
) -> None:
    """Queue one correction about `session` (the caller commits, with the change itself)."""
    # The instant names the change; a second correction of the same session at the same
    # instant (the clock is injected, tests stop it) gets the next number. Only entries due
    # from now on are read: the plan's horizon, not the club's history.
    prefix = f"{correction_prefix(club.id, session.id)}{now:%Y%m%dT%H%M%S%f}:"
    same = [e for e in await uow.outbox.entries(club.id, now) if e.key.startswith(prefix)]
    post = PlannedPost(
        f"{prefix}{len(same) + 1}", club.id, None, PostKind.NOTICE, now, now + WORTH_SENDING
    )
    await uow.outbox.add(post, now, {CORRECTION: {"text": text, "details": list(details)}})


def correction_view(entry: OutboxEntry) -> Notice | None:
    """The message a correction row carries; None for a row that is not one."""
    said = entry.payload.get(CORRECTION)
    if not isinstance(said, Mapping):
        return None
    text = said.get("text")
    details = said.get("details")
    if not isinstance(text, str):
        return None
    lines = tuple(d for d in details if isinstance(d, str)) if isinstance(details, list) else ()
    return Notice(f"📣 Change of plan: {text}", Tone.WARNING, details=lines)
