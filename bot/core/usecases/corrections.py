"""Correction posts: when an admin changes a session the channel was already told about (its
paper, its date, whether it happens), the channel is told again, through the outbox.

The post is a one-off NOTICE row whose key numbers the corrections of that session, inserted in
the same transaction as the change: the change and its correction commit together, and the
outbox's claims send it exactly once, across restarts and replicas. It names no session (that
column would cancel the post of a skipped session); the session is in the key.

What it says is stored as the core's text, message ids and arguments (`viewcodec`), not as an
English string: it goes out in the club's language, whatever the language when it was queued.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from bot.core.domain.clubs import Club
from bot.core.domain.outbox import OutboxEntry, PlannedPost, PostKind
from bot.core.domain.sessions import Session
from bot.core.ports import UnitOfWork
from bot.core.text import Text, t
from bot.core.views import Notice, Tone
from bot.scheduling.viewcodec import decode_value, encode_value

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
    change: Text,
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
    said = {"text": encode_value(change), "details": [encode_value(d) for d in details]}
    await uow.outbox.add(post, now, {CORRECTION: said})


def correction_view(entry: OutboxEntry) -> Notice | None:
    """The message a correction row carries; None for a row that is not one."""
    said = entry.payload.get(CORRECTION)
    if not isinstance(said, Mapping):
        return None
    # A row queued before the text was stored with its ids holds plain strings: said as they
    # are (English), rather than lost.
    try:
        text = decode_value(said.get("text"))
        details = decode_value(said.get("details"))
    except (KeyError, TypeError, ValueError):
        return None
    if not isinstance(text, str):
        return None
    lines = tuple(d for d in details if isinstance(d, str)) if isinstance(details, tuple) else ()
    return Notice(t("📣 Change of plan: {change}", change=text), Tone.WARNING, details=lines)
