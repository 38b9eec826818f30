"""In-memory implementations of the core's ports: core tests run with no I/O at all."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from types import TracebackType

from bot.core.clock import ManualClock
from bot.core.commands.context import Deps, wire
from bot.core.domain.attendance import CheckIn, Rsvp, RsvpStatus
from bot.core.domain.clubs import Club, ClubSettings
from bot.core.domain.ids import ClubKey, MemberKey, Platform
from bot.core.domain.outbox import OutboxEntry, OutboxStatus, PlannedPost, PostKind
from bot.core.domain.page_slugs import SlugTaken
from bot.core.domain.papers import (
    ClubPaperContent,
    Paper,
    PaperContent,
    QueueEntry,
    QueueState,
    SummarySource,
)
from bot.core.domain.polls import Ballot, Poll, PollStatus
from bot.core.domain.sessions import NewSession, Session, SessionStatus
from bot.core.domain.swaps import NewSwapRequest, SwapRequest, SwapStatus
from bot.core.ports import (
    CastResult,
    Clock,
    ImportOutcome,
    ImportProgress,
    PaperLookup,
    PaperReference,
    PaperWriter,
    PlanTicket,
    ReadingListImporter,
)
from bot.core.telemetry.metrics import Metrics
from bot.storage.groupcommit import GroupCommit


@dataclass
class Store:
    """Everything the fake database holds; the unit of work copies it to get rollback."""

    clubs: dict[int, Club] = field(default_factory=dict)
    papers: dict[int, tuple[Paper, int | None]] = field(default_factory=dict)
    queue: dict[tuple[int, int], QueueEntry] = field(default_factory=dict)
    sessions: dict[int, Session] = field(default_factory=dict)
    members: dict[MemberKey, str] = field(default_factory=dict)
    polls: dict[int, Poll] = field(default_factory=dict)
    ballots: dict[tuple[int, MemberKey], Ballot] = field(default_factory=dict)
    rsvps: dict[tuple[int, MemberKey], Rsvp] = field(default_factory=dict)
    check_ins: dict[tuple[int, MemberKey], CheckIn] = field(default_factory=dict)
    ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    outbox: dict[int, OutboxEntry] = field(default_factory=dict)
    pool: list[tuple[int, MemberKey]] = field(default_factory=list)
    club_content: dict[tuple[int, int], ClubPaperContent] = field(default_factory=dict)
    swaps: dict[int, SwapRequest] = field(default_factory=dict)
    reminders: dict[tuple[int, MemberKey], int] = field(default_factory=dict)

    def copy(self) -> Store:
        return Store(
            dict(self.clubs),
            dict(self.papers),
            dict(self.queue),
            dict(self.sessions),
            dict(self.members),
            dict(self.polls),
            dict(self.ballots),
            dict(self.rsvps),
            dict(self.check_ins),
            self.ids,
            dict(self.outbox),
            list(self.pool),
            dict(self.club_content),
            dict(self.swaps),
            dict(self.reminders),
        )


class FakeClubs:
    def __init__(self, s: Store) -> None:
        self.s = s

    async def get(self, key: ClubKey) -> Club | None:
        return next((c for c in self.s.clubs.values() if c.key == key), None)

    async def get_with_open_poll(self, key: ClubKey) -> tuple[Club, Poll | None] | None:
        club = await self.get(key)
        if club is None:
            return None
        return club, await FakePolls(self.s).open_for(club.id)

    async def get_by_id(self, club_id: int) -> Club | None:
        return self.s.clubs.get(club_id)

    async def by_ids(self, club_ids: Collection[int]) -> dict[int, Club]:
        return {i: self.s.clubs[i] for i in club_ids if i in self.s.clubs}

    async def add(self, key: ClubKey, name: str, settings: ClubSettings, now: datetime) -> Club:
        club = Club(next(self.s.ids), key, name, settings, now)
        self.s.clubs[club.id] = club
        return club

    async def update(self, club: Club) -> None:
        if club.page_slug is not None and any(
            c.page_slug == club.page_slug for c in self.s.clubs.values() if c.id != club.id
        ):
            raise SlugTaken(club.page_slug)
        self.s.clubs[club.id] = club

    async def by_calendar_token(self, token: str) -> Club | None:
        found = [c for c in self.s.clubs.values() if c.calendar_token and c.calendar_token == token]
        return found[0] if found else None

    async def by_page_token(self, token: str) -> Club | None:
        found = [c for c in self.s.clubs.values() if c.page_token and c.page_token == token]
        return found[0] if found else None

    async def by_page_slug(self, slug: str) -> Club | None:
        found = [c for c in self.s.clubs.values() if c.page_token and c.page_slug == slug]
        return found[0] if found else None

    async def all(self) -> list[Club]:
        return list(self.s.clubs.values())

    async def in_workspace(self, platform: Platform, workspace_id: str) -> list[Club]:
        return [
            c
            for c in self.s.clubs.values()
            if c.key.platform is platform and c.key.workspace_id == workspace_id
        ]

    async def by_voice_channel(
        self, platform: Platform, workspace_id: str, voice_channel_id: str
    ) -> list[Club]:
        return [
            c
            for c in await self.in_workspace(platform, workspace_id)
            if c.settings.voice_channel_id == voice_channel_id
        ]

    async def due_for_planning(self, now: datetime) -> list[PlanTicket]:
        # No watermark in memory: every club is planned on every tick, as before watermarks.
        return [PlanTicket(club_id, 0) for club_id in self.s.clubs]

    async def planned(self, ticket: PlanTicket, next_due: datetime) -> bool:
        return True

    async def planned_many(self, planned: Sequence[tuple[PlanTicket, datetime]]) -> None:
        return None


class FakePapers:
    def __init__(self, s: Store) -> None:
        self.s = s

    async def upsert(self, paper: Paper, shipped_rank: int | None = None) -> Paper:
        for pid, (existing, rank) in self.s.papers.items():
            if existing.slug == paper.slug or (
                paper.arxiv_id and existing.arxiv_id == paper.arxiv_id
            ):
                stored = replace(paper, id=pid)
                self.s.papers[pid] = (stored, shipped_rank if shipped_rank is not None else rank)
                return stored
        stored = replace(paper, id=next(self.s.ids))
        self.s.papers[stored.id] = (stored, shipped_rank)
        return stored

    async def shipped(self) -> list[Paper]:
        ranked = [(rank, p) for p, rank in self.s.papers.values() if rank is not None]
        return [p for _, p in sorted(ranked, key=lambda item: item[0])]

    async def get(self, paper_id: int) -> Paper | None:
        found = self.s.papers.get(paper_id)
        return found[0] if found else None

    async def get_many(self, paper_ids: Sequence[int]) -> dict[int, Paper]:
        return {pid: self.s.papers[pid][0] for pid in paper_ids if pid in self.s.papers}

    async def all(self) -> list[Paper]:
        return [p for p, _ in self.s.papers.values()]

    async def find_by_arxiv(self, arxiv_id: str) -> Paper | None:
        return next((p for p, _ in self.s.papers.values() if p.arxiv_id == arxiv_id), None)

    async def find_by_doi(self, doi: str) -> Paper | None:
        wanted = doi.casefold()
        return next(
            (p for p, _ in self.s.papers.values() if p.doi and p.doi.casefold() == wanted), None
        )

    async def club_content(
        self, club_id: int, paper_ids: Sequence[int]
    ) -> dict[int, ClubPaperContent]:
        found = {pid: self.s.club_content.get((club_id, pid)) for pid in paper_ids}
        return {pid: content for pid, content in found.items() if content is not None}

    async def set_club_content(self, content: ClubPaperContent) -> None:
        self.s.club_content[(content.club_id, content.paper_id)] = content

    async def clear_club_content(self, club_id: int, paper_id: int) -> bool:
        return self.s.club_content.pop((club_id, paper_id), None) is not None


class FakeQueue:
    def __init__(self, s: Store) -> None:
        self.s = s

    async def entries(
        self, club_id: int, states: Sequence[QueueState] | None = None
    ) -> list[QueueEntry]:
        found = [
            replace(e, paper=self.s.papers[e.paper.id][0])
            for (cid, _), e in self.s.queue.items()
            if cid == club_id and (states is None or e.state in states)
        ]
        return sorted(found, key=lambda e: e.position)

    async def entries_for_clubs(self, club_ids: Collection[int]) -> dict[int, list[QueueEntry]]:
        found = {club_id: await self.entries(club_id) for club_id in club_ids}
        return {club_id: entries for club_id, entries in found.items() if entries}

    def _next(self, club_id: int) -> int:
        return 1 + max(
            (e.position for (c, _), e in self.s.queue.items() if c == club_id), default=0
        )

    async def append(
        self,
        club_id: int,
        paper_id: int,
        state: QueueState,
        now: datetime,
        suggested_by: MemberKey | None = None,
    ) -> QueueEntry:
        entry = QueueEntry(
            club_id, self.s.papers[paper_id][0], self._next(club_id), state, now, suggested_by
        )
        self.s.queue[(club_id, paper_id)] = entry
        return entry

    async def append_many(self, club_id: int, paper_ids: Sequence[int], now: datetime) -> int:
        added = 0
        for pid in paper_ids:
            if (club_id, pid) not in self.s.queue:
                await self.append(club_id, pid, QueueState.QUEUED, now)
                added += 1
        return added

    async def set_state(
        self, club_id: int, paper_id: int, state: QueueState, *, note: str | None = None
    ) -> None:
        key = (club_id, paper_id)
        if key in self.s.queue:
            self.s.queue[key] = replace(self.s.queue[key], state=state, note=note)

    async def remove(self, club_id: int, paper_id: int) -> bool:
        return self.s.queue.pop((club_id, paper_id), None) is not None

    async def reorder(self, club_id: int, paper_ids: Sequence[int]) -> None:
        keys = [(club_id, p) for p in paper_ids if (club_id, p) in self.s.queue]
        positions = sorted(self.s.queue[k].position for k in keys)
        for key, position in zip(keys, positions, strict=True):
            self.s.queue[key] = replace(self.s.queue[key], position=position)


class FakeSessions:
    def __init__(self, s: Store) -> None:
        self.s = s

    def _club(self, club_id: int) -> list[Session]:
        return sorted(
            (x for x in self.s.sessions.values() if x.club_id == club_id),
            key=lambda x: x.starts_at,
        )

    async def between(
        self, club_id: int, start: datetime, end: datetime | None = None, limit: int | None = None
    ) -> list[Session]:
        found = [
            x
            for x in self._club(club_id)
            if x.ends_at > start and (end is None or x.starts_at < end)
        ]
        return found if limit is None else found[:limit]

    async def last(self, club_id: int) -> Session | None:
        sessions = self._club(club_id)
        return sessions[-1] if sessions else None

    async def starting_after(
        self, club_ids: Collection[int], after: datetime
    ) -> dict[int, list[Session]]:
        found = {c: [x for x in self._club(c) if x.starts_at > after] for c in club_ids}
        return {c: sessions for c, sessions in found.items() if sessions}

    async def unsettled(self, club_ids: Collection[int], now: datetime) -> dict[int, list[Session]]:
        found = {
            c: [
                x
                for x in self._club(c)
                if x.status == SessionStatus.PLANNED
                and now - timedelta(days=3650) < x.ends_at <= now
            ]
            for c in club_ids
        }
        return {c: sessions for c, sessions in found.items() if sessions}

    async def get(self, session_id: int) -> Session | None:
        return self.s.sessions.get(session_id)

    async def add_many(self, sessions: Sequence[NewSession]) -> list[Session]:
        added = []
        for new in sessions:
            if any(
                x.club_id == new.club_id and x.starts_at == new.starts_at
                for x in self.s.sessions.values()
            ):
                continue
            session = Session(next(self.s.ids), new.club_id, new.starts_at, new.duration_minutes)
            self.s.sessions[session.id] = session
            added.append(session)
        return added

    async def update(self, session: Session) -> None:
        self.s.sessions[session.id] = session

    async def update_many(self, sessions: Sequence[Session]) -> None:
        for session in sessions:
            if session.id in self.s.sessions:
                self.s.sessions[session.id] = session

    async def delete_planned_after(self, club_id: int, after: datetime) -> int:
        doomed = [
            x.id
            for x in self._club(club_id)
            if x.starts_at > after and x.status == SessionStatus.PLANNED and x.paper_id is None
        ]
        for sid in doomed:
            del self.s.sessions[sid]
        return len(doomed)


class FakeMembers:
    def __init__(self, s: Store) -> None:
        self.s = s

    async def ensure(self, member: MemberKey, display_name: str, now: datetime) -> None:
        self.s.members[member] = display_name

    async def display_names(self, members: Sequence[MemberKey]) -> dict[MemberKey, str]:
        return {m: self.s.members[m] for m in members if m in self.s.members}

    async def named(self, platform: Platform, workspace_id: str, name: str) -> list[MemberKey]:
        folded = name.casefold()
        return [
            m
            for m, shown in self.s.members.items()
            if m.platform == platform
            and m.workspace_id == workspace_id
            and folded in (shown.casefold(), m.user_id.casefold())
        ]

    async def reminder_lead(self, club_id: int, member: MemberKey) -> int | None:
        return self.s.reminders.get((club_id, member))

    async def set_reminder(
        self, club_id: int, member: MemberKey, lead_minutes: int | None, now: datetime
    ) -> None:
        if lead_minutes is None:
            self.s.reminders.pop((club_id, member), None)
        else:
            self.s.reminders[(club_id, member)] = lead_minutes

    async def pool(self, club_id: int) -> list[MemberKey]:
        return [m for c, m in self.s.pool if c == club_id]

    async def join_pool(self, club_id: int, member: MemberKey, now: datetime) -> bool:
        if (club_id, member) in self.s.pool:
            return False
        self.s.pool.append((club_id, member))
        return True

    async def leave_pool(self, club_id: int, member: MemberKey) -> bool:
        if (club_id, member) not in self.s.pool:
            return False
        self.s.pool.remove((club_id, member))
        return True


class FakePolls:
    def __init__(self, s: Store) -> None:
        self.s = s

    async def open_for(self, club_id: int) -> Poll | None:
        return next(
            (
                p
                for p in self.s.polls.values()
                if p.club_id == club_id and p.status == PollStatus.OPEN
            ),
            None,
        )

    async def open_for_clubs(self, club_ids: Collection[int]) -> dict[int, Poll]:
        found = {c: await self.open_for(c) for c in club_ids}
        return {c: poll for c, poll in found.items() if poll is not None}

    async def latest_closed(self, club_id: int) -> Poll | None:
        closed = [
            p
            for p in self.s.polls.values()
            if p.club_id == club_id and p.status == PollStatus.CLOSED
        ]
        return max(closed, key=lambda p: p.id, default=None)

    async def get(self, poll_id: int) -> Poll | None:
        return self.s.polls.get(poll_id)

    async def add(self, poll: Poll) -> Poll:
        stored = replace(poll, id=next(self.s.ids))
        self.s.polls[stored.id] = stored
        return stored

    async def update(self, poll: Poll) -> None:
        self.s.polls[poll.id] = poll

    async def put_ballot(self, ballot: Ballot) -> None:
        self.s.ballots[(ballot.poll_id, ballot.member)] = ballot

    async def ballots(self, poll_id: int) -> list[Ballot]:
        return [b for (pid, _), b in self.s.ballots.items() if pid == poll_id]

    async def for_club(self, club_id: int) -> list[Poll]:
        return sorted(
            (p for p in self.s.polls.values() if p.club_id == club_id), key=lambda p: p.id
        )

    async def ballots_for(self, poll_ids: Sequence[int]) -> list[Ballot]:
        return [b for (pid, _), b in self.s.ballots.items() if pid in poll_ids]

    async def choices_for(self, poll_ids: Sequence[int]) -> dict[int, list[tuple[int, ...]]]:
        found: dict[int, list[tuple[int, ...]]] = {}
        for ballot in await self.ballots_for(poll_ids):
            found.setdefault(ballot.poll_id, []).append(ballot.choices)
        return found


class FakeAttendance:
    def __init__(self, s: Store) -> None:
        self.s = s

    async def put_rsvp(self, rsvp: Rsvp) -> None:
        self.s.rsvps[(rsvp.session_id, rsvp.member)] = rsvp

    async def rsvps(self, session_id: int) -> list[Rsvp]:
        return [r for (sid, _), r in self.s.rsvps.items() if sid == session_id]

    async def check_in(self, check_in: CheckIn) -> bool:
        key = (check_in.session_id, check_in.member)
        if key in self.s.check_ins:
            return False
        self.s.check_ins[key] = check_in
        return True

    async def check_ins(self, session_id: int) -> list[CheckIn]:
        return [c for (sid, _), c in self.s.check_ins.items() if sid == session_id]

    async def rsvps_for(self, session_ids: Sequence[int]) -> list[Rsvp]:
        return [r for (sid, _), r in self.s.rsvps.items() if sid in session_ids]

    async def check_ins_for(self, session_ids: Sequence[int]) -> list[CheckIn]:
        return [c for (sid, _), c in self.s.check_ins.items() if sid in session_ids]

    async def check_in_counts(self, session_ids: Sequence[int]) -> dict[int, int]:
        found: dict[int, int] = {}
        for check_in in await self.check_ins_for(session_ids):
            found[check_in.session_id] = found.get(check_in.session_id, 0) + 1
        return found

    async def rsvp_counts(self, session_id: int) -> dict[RsvpStatus, int]:
        counts: dict[RsvpStatus, int] = {}
        for rsvp in await self.rsvps(session_id):
            counts[rsvp.status] = counts.get(rsvp.status, 0) + 1
        return counts


class FakeSwaps:
    def __init__(self, s: Store) -> None:
        self.s = s

    async def add(self, request: NewSwapRequest) -> SwapRequest:
        made = SwapRequest(
            next(self.s.ids),
            request.club_id,
            request.requester,
            request.requester_session_id,
            request.target,
            request.target_session_id,
            request.created_at,
            request.expires_at,
        )
        self.s.swaps[made.id] = made
        return made

    async def get(self, request_id: int) -> SwapRequest | None:
        return self.s.swaps.get(request_id)

    async def pending(self, club_id: int) -> list[SwapRequest]:
        found = [
            r
            for r in self.s.swaps.values()
            if r.club_id == club_id and r.status == SwapStatus.PENDING
        ]
        return sorted(found, key=lambda r: (r.created_at, r.id))

    async def settle(self, request_id: int, status: SwapStatus) -> bool:
        found = self.s.swaps.get(request_id)
        if found is None or found.status != SwapStatus.PENDING:
            return False
        self.s.swaps[request_id] = replace(found, status=status)
        return True


class FakeUnitOfWork:
    """Works on a copy of the store; commit() publishes it, leaving without commit discards it."""

    def __init__(self, db: FakeDatabase) -> None:
        self.db = db
        self.committed = False

    async def __aenter__(self) -> FakeUnitOfWork:
        self.work = self.db.store.copy()
        self.clubs = FakeClubs(self.work)
        self.papers = FakePapers(self.work)
        self.queue = FakeQueue(self.work)
        self.sessions = FakeSessions(self.work)
        self.members = FakeMembers(self.work)
        self.polls = FakePolls(self.work)
        self.attendance = FakeAttendance(self.work)
        self.outbox = FakeOutbox(self.work)
        self.swaps = FakeSwaps(self.work)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    async def commit(self) -> None:
        self.db.store = self.work.copy()
        self.db.commits += 1


@dataclass
class FakeDatabase:
    store: Store = field(default_factory=Store)
    commits: int = 0

    def uow(self) -> FakeUnitOfWork:
        return FakeUnitOfWork(self)


class FakeBallotBox:
    """The BallotBox in memory, batched like the SQL one (the same GroupCommit queue): each
    batch is one "transaction" on a copy of the store, published only if the whole batch went
    through. `fail_next` makes the next batch raise it, storing nothing."""

    def __init__(self, db: FakeDatabase, clock: Clock, max_batch: int = 500) -> None:
        self.db = db
        self.clock = clock
        self.fail_next: Exception | None = None
        self.batches: list[int] = []  # the size of each batch written or failed
        self._queue: GroupCommit[tuple[Ballot, str], CastResult] = GroupCommit(
            self._flush, max_batch=max_batch, name="fake ballot batch"
        )

    async def cast(self, ballot: Ballot, display_name: str) -> CastResult:
        return await self._queue.submit((ballot, display_name))

    async def aclose(self) -> None:
        await self._queue.aclose()

    async def _flush(self, casts: Sequence[tuple[Ballot, str]]) -> list[CastResult]:
        self.batches.append(len(casts))
        if self.fail_next is not None:
            failure, self.fail_next = self.fail_next, None
            raise failure
        work = self.db.store.copy()
        now = self.clock.now()
        results: list[CastResult] = []
        for ballot, name in casts:
            work.members[ballot.member] = name
            poll = work.polls.get(ballot.poll_id)
            if poll is None:
                results.append(CastResult.UNKNOWN_POLL)
            elif poll.status != PollStatus.OPEN or poll.closes_at <= max(ballot.cast_at, now):
                results.append(CastResult.CLOSED)
            else:
                key = (ballot.poll_id, ballot.member)
                held = work.ballots.get(key)
                if held is None or held.cast_at <= ballot.cast_at:
                    if ballot.choices:
                        work.ballots[key] = ballot
                    else:  # a withdrawal
                        work.ballots.pop(key, None)
                results.append(CastResult.STORED)
        self.db.store = work
        self.db.commits += 1
        return results


def make_paper(n: int, title: str | None = None, **fields: object) -> Paper:
    values: dict[str, object] = {
        "id": 0,
        "slug": f"paper-{n}",
        "title": title or f"Paper number {n}",
        "authors": (f"Author {n}",),
        "year": 2000 + n,
        "url": f"https://example.org/{n}",
        "summary": f"Summary of paper {n}.",
        "prompts": (f"Question one about {n}?", f"Question two about {n}?", f"Question three {n}?"),
    }
    values.update(fields)
    return Paper(**values)  # type: ignore[arg-type]


class NoLookup:
    """A lookup that knows no links: every text is a title (no network in core tests)."""

    def identify(self, text: str) -> PaperReference | None:
        return None

    async def resolve(self, reference: str) -> Paper | None:
        return None


class NoWriter:
    """A writer that can read no paper: nothing is written (no network in core tests)."""

    async def content_for(self, paper: Paper, language: str) -> PaperContent:
        return PaperContent("", (), SummarySource.ABSTRACT, "en")


@dataclass
class FakeImporter:
    """Records what it was asked to import and reports one added paper."""

    texts: list[str] = field(default_factory=list)

    async def import_text(
        self,
        club: ClubKey,
        text: str,
        *,
        source: str,
        progress: Callable[[ImportProgress], None] | None = None,
    ) -> ImportOutcome:
        self.texts.append(text)
        return ImportOutcome(True, "Added 1, merged 0, rejected 0", 1, ("  + added    X",))


async def seeded_deps(
    clock: ManualClock,
    papers: Sequence[Paper],
    settings: ClubSettings | None = None,
    *,
    lookup: PaperLookup | None = None,
    importer: ReadingListImporter | None = None,
    writer: PaperWriter | None = None,
    metrics: Metrics | None = None,
) -> tuple[Deps, FakeDatabase]:
    db = FakeDatabase()
    async with db.uow() as uow:
        for rank, paper in enumerate(papers, start=1):
            await uow.papers.upsert(paper, shipped_rank=rank)
        await uow.commit()
    deps = wire(
        uow=db.uow,
        clock=clock,
        ballot_box=FakeBallotBox(db, clock),
        lookup=lookup or NoLookup(),
        importer=importer or FakeImporter(),
        writer=writer or NoWriter(),
        club_defaults=settings or ClubSettings(),
        metrics=metrics,
    )
    return deps, db


WEEK = timedelta(weeks=1)


class FakeOutbox:
    """The outbox in memory. A claim is atomic here for free: the event loop runs one at a time."""

    def __init__(self, s: Store) -> None:
        self.s = s

    async def entries(self, club_id: int, since: datetime | None = None) -> list[OutboxEntry]:
        found = [
            e
            for e in self.s.outbox.values()
            if e.club_id == club_id and (since is None or e.due_at >= since)
        ]
        return sorted(found, key=lambda e: (e.due_at, e.id))

    async def entries_for_clubs(
        self, club_ids: Collection[int], since: datetime
    ) -> dict[int, list[OutboxEntry]]:
        found = {c: await self.entries(c, since) for c in club_ids}
        return {c: entries for c, entries in found.items() if entries}

    async def add(
        self, post: PlannedPost, due_at: datetime, payload: Mapping[str, object] | None = None
    ) -> bool:
        if any(e.key == post.key for e in self.s.outbox.values()):
            return False
        entry = OutboxEntry(
            next(self.s.ids),
            post.key,
            post.club_id,
            post.session_id,
            post.kind,
            due_at,
            OutboxStatus.PENDING,
            payload=dict(payload or {}),
        )
        self.s.outbox[entry.id] = entry
        return True

    def _change(self, entry_id: int, ok: bool, **values: object) -> bool:
        if ok:
            self.s.outbox[entry_id] = replace(self.s.outbox[entry_id], **values)  # type: ignore[arg-type]
        return ok

    def _status(self, entry_id: int) -> OutboxStatus | None:
        entry = self.s.outbox.get(entry_id)
        return entry.status if entry else None

    async def reschedule(self, entry_id: int, due_at: datetime, expected: OutboxStatus) -> bool:
        ok = self._status(entry_id) == expected
        return self._change(entry_id, ok, due_at=due_at, status=OutboxStatus.PENDING)

    async def cancel(self, entry_id: int, reason: str) -> bool:
        ok = self._status(entry_id) == OutboxStatus.PENDING
        return self._change(entry_id, ok, status=OutboxStatus.CANCELLED, last_error=reason)

    async def claimable(
        self, now: datetime, stale_before: datetime, platforms: Sequence[Platform], limit: int
    ) -> list[OutboxEntry]:
        found = [
            e
            for e in self.s.outbox.values()
            if self.s.clubs[e.club_id].key.platform in platforms
            and (
                (e.status == OutboxStatus.PENDING and e.due_at <= now)
                or (
                    e.status == OutboxStatus.SENDING
                    and e.claimed_at is not None
                    and e.claimed_at < stale_before
                )
            )
        ]
        found.sort(key=lambda e: (e.due_at, e.kind != PostKind.VOTE_CLOSED, e.id))
        return found[:limit]

    async def claim(
        self, entry: OutboxEntry, worker: str, now: datetime, stale_before: datetime
    ) -> bool:
        current = self.s.outbox.get(entry.id)
        ok = current is not None and (
            (current.status == OutboxStatus.PENDING and entry.status == OutboxStatus.PENDING)
            or (
                current.status == OutboxStatus.SENDING
                and current.claimed_at is not None
                and current.claimed_at == entry.claimed_at
                and current.claimed_at < stale_before
            )
        )
        attempts = current.attempts + 1 if current else 0
        return self._change(
            entry.id,
            ok,
            status=OutboxStatus.SENDING,
            claimed_by=worker,
            claimed_at=now,
            attempts=attempts,
        )

    async def claim_pending(
        self, entry_ids: Collection[int], worker: str, now: datetime
    ) -> set[int]:
        taken = set()
        for entry_id in entry_ids:
            current = self.s.outbox.get(entry_id)
            pending = current is not None and current.status == OutboxStatus.PENDING
            if pending and current is not None and await self.claim(current, worker, now, now):
                taken.add(entry_id)
        return taken

    async def renew(self, entry_id: int, worker: str, now: datetime) -> bool:
        return self._change(entry_id, self._held(entry_id, worker), claimed_at=now)

    async def save_payload(self, entry_id: int, payload: Mapping[str, object]) -> None:
        self._change(entry_id, entry_id in self.s.outbox, payload=dict(payload))

    def _held(self, entry_id: int, worker: str) -> bool:
        entry = self.s.outbox.get(entry_id)
        return (
            entry is not None
            and entry.status == OutboxStatus.SENDING
            and (entry.claimed_by == worker)
        )

    async def finish(
        self,
        entry_id: int,
        worker: str,
        status: OutboxStatus,
        now: datetime,
        *,
        message_id: str | None = None,
        error: str | None = None,
    ) -> bool:
        values: dict[str, object] = {"status": status}
        if status == OutboxStatus.SENT:
            values.update(sent_at=now, platform_message_id=message_id)
        if error is not None:
            values["last_error"] = error
        return self._change(entry_id, self._held(entry_id, worker), **values)

    async def mark_sent(
        self, sent: Mapping[int, str | None], worker: str, now: datetime
    ) -> set[int]:
        return {
            entry_id
            for entry_id, message_id in sent.items()
            if await self.finish(entry_id, worker, OutboxStatus.SENT, now, message_id=message_id)
        }

    async def release(self, entry_id: int, worker: str, error: str) -> bool:
        return self._change(
            entry_id,
            self._held(entry_id, worker),
            status=OutboxStatus.PENDING,
            claimed_by=None,
            claimed_at=None,
            last_error=error,
        )

    async def next_due(
        self, platforms: Sequence[Platform], stale_after: timedelta
    ) -> datetime | None:
        instants = []
        for e in self.s.outbox.values():
            if self.s.clubs[e.club_id].key.platform not in platforms:
                continue
            if e.status == OutboxStatus.PENDING:
                instants.append(e.due_at)
            elif e.status == OutboxStatus.SENDING and e.claimed_at is not None:
                instants.append(e.claimed_at + stale_after)
        return min(instants, default=None)
