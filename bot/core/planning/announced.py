"""Which sessions the channel has already been told about: their announcement went out.

An announced session's paper is a promise to the members. Nothing changes it silently: votes
never decide it, a queue shift passes it by, and an admin's skip or move asks first and posts a
correction (`bot.core.usecases.corrections`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.core.domain.clubs import Club
from bot.core.domain.outbox import OutboxEntry, OutboxStatus, PostKind
from bot.core.ports import UnitOfWork

# The longest announcement lead a club may set (28 days), and a margin: any announcement of a
# session still to come was due after this far back.
LOOK_BACK = timedelta(days=29)


async def announced_sessions(uow: UnitOfWork, club: Club, now: datetime) -> frozenset[int]:
    """Ids of the club's sessions whose announcement was sent (or is being sent)."""
    return frozenset(
        entry.session_id
        for entry in await uow.outbox.entries(club.id, now - LOOK_BACK)
        if entry.kind == PostKind.ANNOUNCEMENT and entry.session_id is not None and _told(entry)
    )


def _told(entry: OutboxEntry) -> bool:
    """Sent, or being sent with its message already built (it may be in the channel). A claim
    not yet built has promised nothing: an announcement claimed beside the vote that decides
    its paper waits for that vote (`post_fate.Defer`), which must still decide it."""
    return entry.status == OutboxStatus.SENT or (
        entry.status == OutboxStatus.SENDING and entry.prepared
    )
