"""What the planner reads about a batch of clubs, read once in a few set-based queries.

Planning one club asks for its sessions three times, its unsettled sessions, its open poll, its
recent posts and, to settle a session or sync a calendar mirror, its reading list: at start-up
with a thousand changed clubs those round trips were most of the time. A batch reads them for
all its clubs at once, inside the batch's own transaction, and the planning functions, which
still ask club by club, are answered from memory.

What is held is exactly what the database would answer in that transaction: a question the
batch did not read for (older history, another time window, a club it does not hold) goes to
the database as before, and every write goes through to the database and then updates or drops
what is held for that club, so a club's later reads see its own writes.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from types import TracebackType
from typing import Any

from bot.core.domain.clubs import Club
from bot.core.domain.ids import Platform
from bot.core.domain.outbox import OutboxEntry, OutboxStatus, PlannedPost
from bot.core.domain.papers import QueueEntry, QueueState
from bot.core.domain.polls import Poll
from bot.core.domain.sessions import LONGEST_SESSION, NewSession, Session, SessionStatus
from bot.core.ports import (
    OutboxRepository,
    PollRepository,
    QueueRepository,
    SessionRepository,
    UnitOfWork,
)


@dataclass
class Held:
    """The batch's reads. A club missing from a mapping is not held: ask the database."""

    sessions_after: datetime  # every session starting after this is in `sessions`
    sessions: dict[int, list[Session]]
    unsettled_at: datetime
    unsettled: dict[int, list[Session]]
    polls: dict[int, Poll | None]
    posts_since: dict[int, datetime]  # every entry due at or after this is in `posts`
    posts: dict[int, list[OutboxEntry]]
    post_clubs: dict[int, int] = field(default_factory=dict)  # entry id -> its club
    # Keys known to be in the outbox, per club: adding one again would change nothing. Rows
    # are only ever removed with their session or club, so writes other than those keep it.
    post_keys: dict[int, set[str]] = field(default_factory=dict)
    # Reading lists, for the clubs whose planning reads theirs: a session to settle, or a
    # calendar mirror to sync. A club missing here is read from the database.
    queues: dict[int, list[QueueEntry]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for club_id, entries in self.posts.items():
            self.post_clubs.update((entry.id, club_id) for entry in entries)
            self.post_keys[club_id] = {entry.key for entry in entries}

    def forget_posts(self, club_id: int | None = None) -> None:
        """Hold none of the club's posts (of any club's, for None) from now on."""
        if club_id is None:
            self.posts.clear()
            self.post_keys.clear()
        else:
            self.posts.pop(club_id, None)
            self.post_keys.pop(club_id, None)


async def read_batch(
    uow: UnitOfWork,
    clubs: Mapping[int, Club],
    now: datetime,
    posts_since: Mapping[Platform, timedelta],
    posts_default: timedelta,
    sessions_since: timedelta,
    queue_platforms: Collection[Platform] = frozenset(),
) -> Held:
    """Read, for all `clubs`, what planning them at `now` asks for: sessions starting within
    `sessions_since` before now and later, posts due within `posts_default` (or their platform's
    `posts_since`) before now and later, the unsettled sessions and the open polls; and the
    reading list of each club with a session to settle or on one of `queue_platforms`."""
    ids = sorted(clubs)
    after = now - sessions_since - LONGEST_SESSION
    sessions = await uow.sessions.starting_after(ids, after)
    unsettled = await uow.sessions.unsettled(ids, now)
    polls = await uow.polls.open_for_clubs(ids)
    floors = {i: now - posts_since.get(clubs[i].key.platform, posts_default) for i in ids}
    posts: dict[int, list[OutboxEntry]] = {}
    for floor in sorted(set(floors.values())):
        group = [i for i in ids if floors[i] == floor]
        found = await uow.outbox.entries_for_clubs(group, floor)
        posts.update((i, found.get(i, [])) for i in group)
    readers = [i for i in ids if unsettled.get(i) or clubs[i].key.platform in queue_platforms]
    queues = await uow.queue.entries_for_clubs(readers) if readers else {}
    return Held(
        sessions_after=after,
        sessions={i: sessions.get(i, []) for i in ids},
        unsettled_at=now,
        unsettled={i: unsettled.get(i, []) for i in ids},
        polls={i: polls.get(i) for i in ids},
        posts_since=floors,
        posts=posts,
        queues={i: queues.get(i, []) for i in readers},
    )


class HeldSessions:
    """Sessions answered from the batch where it holds them."""

    def __init__(self, inner: SessionRepository, held: Held) -> None:
        self._inner = inner
        self._held = held

    async def between(
        self, club_id: int, start: datetime, end: datetime | None = None, limit: int | None = None
    ) -> list[Session]:
        held = self._held.sessions.get(club_id)
        floor = start - LONGEST_SESSION  # the same window the database query reads
        if held is None or floor < self._held.sessions_after:
            return await self._inner.between(club_id, start, end, limit)
        found = [
            s
            for s in held
            if s.starts_at > floor and s.ends_at > start and (end is None or s.starts_at < end)
        ]
        return found if limit is None else found[:limit]

    async def last(self, club_id: int) -> Session | None:
        held = self._held.sessions.get(club_id)
        if held:  # the latest session starts after the window's start, so it is held
            return held[-1]
        return await self._inner.last(club_id)

    async def starting_after(
        self, club_ids: Collection[int], after: datetime
    ) -> dict[int, list[Session]]:
        return await self._inner.starting_after(club_ids, after)

    async def unsettled(self, club_ids: Collection[int], now: datetime) -> dict[int, list[Session]]:
        held = self._held.unsettled
        if now != self._held.unsettled_at or any(c not in held for c in club_ids):
            return await self._inner.unsettled(club_ids, now)
        return {c: list(held[c]) for c in club_ids if held[c]}

    async def get(self, session_id: int) -> Session | None:
        return await self._inner.get(session_id)

    async def add_many(self, sessions: Sequence[NewSession]) -> list[Session]:
        added = await self._inner.add_many(sessions)
        for club_id in {s.club_id for s in sessions}:
            self._held.unsettled.pop(club_id, None)
            held = self._held.sessions.get(club_id)
            if held is not None:
                # What the database holds now: what it held, and the rows at the new instants.
                known = {s.id: s for s in held}
                known.update(
                    (s.id, s)
                    for s in added
                    if s.club_id == club_id and s.starts_at > self._held.sessions_after
                )
                self._held.sessions[club_id] = sorted(known.values(), key=lambda s: s.starts_at)
        return added

    async def update(self, session: Session) -> None:
        await self._inner.update(session)
        self._held.unsettled.pop(session.club_id, None)
        held = self._held.sessions.get(session.club_id)
        if held is not None:
            kept = [s for s in held if s.id != session.id]
            if session.starts_at > self._held.sessions_after:
                kept.append(session)
            self._held.sessions[session.club_id] = sorted(kept, key=lambda s: s.starts_at)

    async def update_many(self, sessions: Sequence[Session]) -> None:
        await self._inner.update_many(sessions)
        by_club: dict[int, dict[int, Session]] = {}
        for session in sessions:
            by_club.setdefault(session.club_id, {})[session.id] = session
        for club_id, changed in by_club.items():
            unsettled = self._held.unsettled.get(club_id)
            if unsettled is not None and all(
                s.status != SessionStatus.PLANNED for s in changed.values()
            ):
                # Closed sessions are no longer unsettled; the others still are.
                self._held.unsettled[club_id] = [s for s in unsettled if s.id not in changed]
            else:
                self._held.unsettled.pop(club_id, None)
            held = self._held.sessions.get(club_id)
            if held is not None:
                kept = [s for s in held if s.id not in changed]
                kept += [s for s in changed.values() if s.starts_at > self._held.sessions_after]
                self._held.sessions[club_id] = sorted(kept, key=lambda s: s.starts_at)

    async def delete_planned_after(self, club_id: int, after: datetime) -> int:
        deleted = await self._inner.delete_planned_after(club_id, after)
        self._held.sessions.pop(club_id, None)
        self._held.unsettled.pop(club_id, None)
        self._held.forget_posts(club_id)  # a session's posts go with it
        return deleted


class HeldPolls:
    """Open polls answered from the batch; any other use of polls drops what is held."""

    def __init__(self, inner: PollRepository, held: Held) -> None:
        self._inner = inner
        self._held = held

    async def open_for(self, club_id: int) -> Poll | None:
        if club_id in self._held.polls:
            return self._held.polls[club_id]
        return await self._inner.open_for(club_id)

    def __getattr__(self, name: str) -> Any:
        # Planning does not write polls; if it ever does, nothing stale is answered.
        self._held.polls.clear()
        self._held.forget_posts()
        return getattr(self._inner, name)


class HeldOutbox:
    """A club's recent posts answered from the batch; a write drops the club's (or all)."""

    def __init__(self, inner: OutboxRepository, held: Held) -> None:
        self._inner = inner
        self._held = held

    async def entries(self, club_id: int, since: datetime | None = None) -> list[OutboxEntry]:
        held = self._held.posts.get(club_id)
        if held is None or since is None or since < self._held.posts_since[club_id]:
            return await self._inner.entries(club_id, since)
        return [entry for entry in held if entry.due_at >= since]

    async def add(
        self, post: PlannedPost, due_at: datetime, payload: Mapping[str, object] | None = None
    ) -> bool:
        known = self._held.post_keys.get(post.club_id)
        if known is not None and post.key in known:
            # The INSERT would meet the unique key and do nothing: an announcement sent more
            # than RECENT ago for a session still to come is planned again at every look.
            return False
        self._held.posts.pop(post.club_id, None)  # its entries are not what they were
        added = await self._inner.add(post, due_at, payload)
        if known is not None:
            known.add(post.key)
        return added

    async def reschedule(self, entry_id: int, due_at: datetime, expected: OutboxStatus) -> bool:
        self._forget(entry_id)
        return await self._inner.reschedule(entry_id, due_at, expected)

    async def cancel(self, entry_id: int, reason: str) -> bool:
        self._forget(entry_id)
        return await self._inner.cancel(entry_id, reason)

    def _forget(self, entry_id: int) -> None:
        # The entries change; the keys stay (a row changes status, it does not go).
        club_id = self._held.post_clubs.get(entry_id)
        if club_id is None:
            self._held.posts.clear()
        else:
            self._held.posts.pop(club_id, None)

    def __getattr__(self, name: str) -> Any:
        self._held.forget_posts()  # any other outbox call: hold nothing rather than guess
        return getattr(self._inner, name)


class HeldQueue:
    """Reading lists answered from the batch; a state change goes through and is held too, any
    other use of the queue drops what is held."""

    def __init__(self, inner: QueueRepository, held: Held) -> None:
        self._inner = inner
        self._held = held

    async def entries(
        self, club_id: int, states: Sequence[QueueState] | None = None
    ) -> list[QueueEntry]:
        held = self._held.queues.get(club_id)
        if held is None:
            return await self._inner.entries(club_id, states)
        return [e for e in held if states is None or e.state in states]

    async def entries_for_clubs(self, club_ids: Collection[int]) -> dict[int, list[QueueEntry]]:
        return await self._inner.entries_for_clubs(club_ids)

    async def set_state(
        self, club_id: int, paper_id: int, state: QueueState, *, note: str | None = None
    ) -> None:
        await self._inner.set_state(club_id, paper_id, state, note=note)
        held = self._held.queues.get(club_id)
        if held is not None:
            self._held.queues[club_id] = [
                replace(e, state=state, note=note) if e.paper.id == paper_id else e for e in held
            ]

    def __getattr__(self, name: str) -> Any:
        self._held.queues.clear()  # planning does not reorder or add; if it ever does, re-read
        return getattr(self._inner, name)


class HeldUnitOfWork:
    """The batch's unit of work as the planning functions see it: the same transaction, with
    sessions, polls and outbox reads answered from `held`. Entering, leaving and committing
    belong to the batch's own unit of work, which this never does."""

    def __init__(self, inner: UnitOfWork, held: Held) -> None:
        self.clubs = inner.clubs
        self.papers = inner.papers
        self.queue: QueueRepository = HeldQueue(inner.queue, held)
        self.members = inner.members
        self.attendance = inner.attendance
        self.swaps = inner.swaps
        self.sign_ins = inner.sign_ins
        self.sessions: SessionRepository = HeldSessions(inner.sessions, held)
        self.polls: PollRepository = HeldPolls(inner.polls, held)
        self.outbox: OutboxRepository = HeldOutbox(inner.outbox, held)

    async def __aenter__(self) -> HeldUnitOfWork:
        raise RuntimeError("a batch's unit of work is entered by the batch")

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    async def commit(self) -> None:
        raise RuntimeError("a batch's unit of work is committed by the batch")
