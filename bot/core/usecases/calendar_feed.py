"""The calendar feed: a club's upcoming sessions, found by its secret token or by the club.

The token is the feed's only credential. Looking it up reads the one club it names (an indexed
digest), whatever the number of clubs, so guessers cannot slow the feed down for subscribers;
unknown and revoked tokens give the same None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from bot.core.commands.context import Store
from bot.core.domain.clubs import Club
from bot.core.domain.ids import ClubKey
from bot.core.planning import sessionplan as planning
from bot.core.ports import UnitOfWork

MAX_EVENTS = 52
# What /club calendar hands out (URL-safe base64), with room for tokens made another way; any
# other text is no token, and is answered without asking the database.
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,128}$")


@dataclass(frozen=True, slots=True)
class Feed:
    club: Club
    sessions: tuple[planning.PlannedSession, ...]  # not yet over, earliest first
    now: datetime


async def by_token(token: str, store: Store) -> Feed | None:
    if not _TOKEN.match(token):
        return None
    async with store.reader() as uow:
        club = await uow.clubs.by_calendar_token(token)
        return None if club is None else await _feed(uow, club, store.clock.now())


async def by_club(key: ClubKey, store: Store) -> Feed | None:
    async with store.reader() as uow:
        club = await uow.clubs.get(key)
        return None if club is None else await _feed(uow, club, store.clock.now())


async def for_club(club: Club, store: Store, now: datetime) -> Feed:
    """The feed of a club already at hand, as it stands at `now`."""
    async with store.reader() as uow:
        return await _feed(uow, club, now)


async def _feed(uow: UnitOfWork, club: Club, now: datetime) -> Feed:
    planned = await planning.upcoming(uow, club, now, limit=MAX_EVENTS)
    return Feed(club, tuple(planned), now)
