"""What the use cases need from the outside world, as Protocols.

Storage implements these with SQLAlchemy (bot/storage); tests/core/fakes.py implements them in
memory. Repositories take and return domain objects, never rows.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from types import TracebackType
from typing import Protocol, runtime_checkable

from bot.core.domain.attendance import CheckIn, Rsvp, RsvpStatus
from bot.core.domain.clubs import Club, ClubSettings
from bot.core.domain.ids import ClubKey, MemberKey, Platform
from bot.core.domain.mirrors import SessionMirror
from bot.core.domain.outbox import OutboxEntry, OutboxStatus, PlannedPost, PostKind
from bot.core.domain.papers import ClubPaperContent, Paper, PaperContent, QueueEntry, QueueState
from bot.core.domain.polls import Ballot, Poll
from bot.core.domain.sessions import NewSession, Session
from bot.core.domain.swaps import NewSwapRequest, SwapRequest, SwapStatus
from bot.core.views import View


@dataclass(frozen=True, slots=True)
class Discussion:
    """Open a discussion thread under the post, named `title`, seeded with the prompts."""

    title: str
    prompts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A scheduled post for one club's channel, from the outbox, with everything the platform
    is to do about it: the core decides these, a poster only carries them out (or cannot: a
    platform without threads ignores `discussion`)."""

    key: str  # the outbox key: unique per (club, session, kind); used for platform idempotency
    club: ClubKey
    kind: PostKind
    view: View
    late_note: str | None = None  # set when the post goes out late, to say so
    discussion: Discussion | None = None
    # The post starts a session: members already in the club's voice room are checked in.
    check_in_present: bool = False
    # When the attempt of a process that died mid-send began (its claim): a platform that
    # looks for the message in the channel's history looks from there (find_posted).
    attempted_at: datetime | None = None
    language: str = "en"  # the club's: what the poster renders the view's text in
    # A private message to this member (their DMs) instead of a post in the club's channel.
    recipient: MemberKey | None = None


class Undeliverable(Exception):
    """The platform refused the message for good (a member whose DMs are closed, who shares
    no server with the bot, or left): a poster raises it so the post is not retried."""


class Poster(Protocol):
    """Delivers scheduled posts to one platform. Implemented by each adapter."""

    async def post(self, message: Outgoing) -> str:
        """Send it; returns the platform's message id."""

    async def find_posted(self, message: Outgoing) -> str | None:
        """After a crash between sending and marking sent: the message id if it already went
        out (found through the platform's own idempotency key), else None."""


@dataclass(frozen=True, slots=True)
class ChannelAccess:
    """What the bot lacks in a club's channel, as the platform told its adapter.

    `can_post` False: nothing the club does would reach the channel (not a member, no Send
    Messages), so setting a club up there is refused. Otherwise each of `limits` is one thing
    that will not work until `fix` is done ("Attach Files: results come without their chart").
    """

    can_post: bool = True
    missing: tuple[str, ...] = ()  # in the platform's words: "Attach Files", "a member"
    limits: tuple[str, ...] = ()
    fix: str = ""


class ChannelCheck(Protocol):
    """Asks the platform what the bot may do in the channel a command came from."""

    async def access(self) -> ChannelAccess:
        """What is missing; an empty ChannelAccess when nothing is (or it can't be told)."""


@runtime_checkable
class EventMirror(Protocol):
    """A Poster whose platform has its own calendar entries (Discord's Scheduled Events).

    Optional: the planner gives a club event rows only when its platform's poster is one."""

    async def mirror_session(self, club: ClubKey, mirror: SessionMirror) -> str | None:
        """Make the session's entry show `mirror`: create or update it, cancel it (skipped),
        delete it (gone). Find-or-create, so a resend after a crash changes nothing. Returns
        the entry's id, None when there is none."""


@dataclass(frozen=True, slots=True)
class PaperReference:
    """What a link or id names: an arXiv id (version-less) or a DOI."""

    arxiv_id: str | None = None
    doi: str | None = None

    def __str__(self) -> str:
        return f"arXiv:{self.arxiv_id}" if self.arxiv_id else f"doi:{self.doi}"


class PaperLookup(Protocol):
    """Paper metadata from arXiv or doi.org. Implemented outside the core (HTTP, cache, LLM)."""

    def identify(self, text: str) -> PaperReference | None:
        """The arXiv id or DOI `text` names (bare id, abs/pdf/versioned URL, doi.org link).

        None when `text` is not a link or id at all (a title); InvalidInput when it is a link
        this lookup cannot read. Pure: no network."""

    async def resolve(self, reference: str) -> Paper | None:
        """The paper `reference` names, unsaved (id 0), with summary and prompts filled in.

        None when `reference` is not a link or id (see `identify`). Raises NotFound when the
        service has no such paper, InvalidInput for an unreadable link, ServiceUnavailable
        when the service does not answer."""


class ChannelPrivacy(Protocol):
    """Whether a chat channel is private, asked of the platform (Slack's Home tab needs it)."""

    async def is_private(self, channel_id: str) -> bool | None:
        """True or False, or None when the platform could not say."""


class PaperWriter(Protocol):
    """Writes a paper's summary and discussion prompts. Implemented outside the core (it reads
    the paper's text over HTTP and may ask a language model)."""

    async def content_for(self, paper: Paper, language: str) -> PaperContent:
        """Fresh content for `paper`: in `language` when a language model is configured and its
        answer passes the checks, else grounded in the paper's text (English), else its
        abstract. Never raises for a paper it cannot read; the source says what it got."""


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What importing a reading list into a club did, for the member who asked."""

    applied: bool  # False: problems were found and nothing was changed
    headline: str
    queued: int = 0  # papers appended to the club's queue
    lines: tuple[str, ...] = ()  # the readable report, one line per entry


class ReadingListImporter(Protocol):
    """Parses a pasted or attached reading list and merges it into a club, in one transaction.

    Outside the core because parsing, fuzzy merging and id lookups need I/O libraries."""

    async def import_text(self, club: ClubKey, text: str, *, source: str) -> ImportOutcome: ...


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware, in UTC."""


@dataclass(frozen=True, slots=True)
class PlanTicket:
    """A club the planner should look at, and its change count when it was listed."""

    club_id: int
    epoch: int


class ClubRepository(Protocol):
    async def get(self, key: ClubKey) -> Club | None: ...
    async def get_with_open_poll(self, key: ClubKey) -> tuple[Club, Poll | None] | None:
        """The club and its open poll, if any, in one query: what every ballot reads first."""

    async def get_by_id(self, club_id: int) -> Club | None: ...

    async def by_ids(self, club_ids: Collection[int]) -> dict[int, Club]:
        """The clubs with these ids (one query), by id; ids with no club are left out."""

    async def add(self, key: ClubKey, name: str, settings: ClubSettings, now: datetime) -> Club: ...
    async def update(self, club: Club) -> None: ...
    async def all(self) -> list[Club]: ...
    async def in_workspace(self, platform: Platform, workspace_id: str) -> list[Club]:
        """The workspace's clubs (a Slack team, a Discord guild), by an index."""

    async def by_voice_channel(
        self, platform: Platform, workspace_id: str, voice_channel_id: str
    ) -> list[Club]:
        """The workspace's clubs that meet in this voice channel, by an index."""

    async def by_calendar_token(self, token: str) -> Club | None:
        """The club whose calendar token this is, reading that club only; None for unknown and
        revoked tokens alike."""

    async def by_page_token(self, token: str) -> Club | None:
        """The club whose public page this token opens, the same way: one club read, None for
        unknown tokens and pages turned off."""

    async def due_for_planning(self, now: datetime) -> list[PlanTicket]:
        """Clubs that changed since they were planned, or whose watermark is at or before now."""

    async def planned(self, ticket: PlanTicket, next_due: datetime) -> bool:
        """Record the club as planned until `next_due`, unless it changed since `ticket`."""


class PaperRepository(Protocol):
    async def upsert(self, paper: Paper, shipped_rank: int | None = None) -> Paper:
        """Store a paper, matching an existing one by slug or arXiv id. `paper.id` is ignored.

        `shipped_rank` places it in the shipped reading list that new clubs start from.
        """

    async def shipped(self) -> list[Paper]:
        """The shipped reading list, in reading order."""

    async def get(self, paper_id: int) -> Paper | None: ...
    async def get_many(self, paper_ids: Sequence[int]) -> dict[int, Paper]: ...
    async def all(self) -> list[Paper]: ...
    async def find_by_arxiv(self, arxiv_id: str) -> Paper | None: ...
    async def find_by_doi(self, doi: str) -> Paper | None:
        """DOIs compare case-insensitively, as the DOI system does."""

    async def club_content(
        self, club_id: int, paper_ids: Sequence[int]
    ) -> dict[int, ClubPaperContent]:
        """The club's own summary and prompts (edits, regenerations) for those papers."""

    async def set_club_content(self, content: ClubPaperContent) -> None:
        """Store the club's own summary and prompts for a paper, replacing any earlier ones."""

    async def clear_club_content(self, club_id: int, paper_id: int) -> bool:
        """Forget the club's own version, so the shared one shows again; False if none."""


class QueueRepository(Protocol):
    async def entries(
        self, club_id: int, states: Sequence[QueueState] | None = None
    ) -> list[QueueEntry]:
        """The club's papers in reading order (position), optionally only some states."""

    async def append(
        self,
        club_id: int,
        paper_id: int,
        state: QueueState,
        now: datetime,
        suggested_by: MemberKey | None = None,
    ) -> QueueEntry: ...

    async def append_many(self, club_id: int, paper_ids: Sequence[int], now: datetime) -> int:
        """Queue papers not already in the club's list, after the last one; returns how many."""

    async def set_state(
        self, club_id: int, paper_id: int, state: QueueState, *, note: str | None = None
    ) -> None:
        """Change the entry's state; `note` says why (a rejection's reason), None clears it."""

    async def remove(self, club_id: int, paper_id: int) -> bool:
        """Take the paper out of the club's list; False if it was not in it."""

    async def reorder(self, club_id: int, paper_ids: Sequence[int]) -> None:
        """Put these entries in this order, on the positions they hold between them (the other
        entries keep theirs)."""


class SessionRepository(Protocol):
    async def between(
        self, club_id: int, start: datetime, end: datetime | None = None, limit: int | None = None
    ) -> list[Session]:
        """Sessions that have not ended by `start` (and start before `end`), earliest first."""

    async def last(self, club_id: int) -> Session | None: ...
    async def get(self, session_id: int) -> Session | None: ...
    async def add_many(self, sessions: Sequence[NewSession]) -> list[Session]: ...
    async def update(self, session: Session) -> None: ...
    async def delete_planned_after(self, club_id: int, after: datetime) -> int: ...


class MemberRepository(Protocol):
    async def ensure(self, member: MemberKey, display_name: str, now: datetime) -> None:
        """Record the member (or refresh their display name)."""

    async def display_names(self, members: Sequence[MemberKey]) -> dict[MemberKey, str]: ...
    async def named(self, platform: Platform, workspace_id: str, name: str) -> list[MemberKey]:
        """The members of the workspace known by `name` (display name or user id, any case)."""

    async def reminder_lead(self, club_id: int, member: MemberKey) -> int | None:
        """Minutes before a session the member wants their DM reminder; None: no reminders."""

    async def set_reminder(
        self, club_id: int, member: MemberKey, lead_minutes: int | None, now: datetime
    ) -> None:
        """Opt in with a lead time, or out (None)."""

    async def pool(self, club_id: int) -> list[MemberKey]:
        """Members in the club's presenter rotation, earliest to join first."""

    async def join_pool(self, club_id: int, member: MemberKey, now: datetime) -> bool: ...
    async def leave_pool(self, club_id: int, member: MemberKey) -> bool: ...


class SwapRepository(Protocol):
    """Presenters' requests to trade sessions."""

    async def add(self, request: NewSwapRequest) -> SwapRequest: ...
    async def get(self, request_id: int) -> SwapRequest | None: ...
    async def pending(self, club_id: int) -> list[SwapRequest]:
        """The club's requests still pending (expired ones included: the caller has the
        clock), oldest first."""

    async def settle(self, request_id: int, status: SwapStatus) -> bool:
        """Set the outcome, only if the request is still pending; False if it was not."""


class PollRepository(Protocol):
    async def open_for(self, club_id: int) -> Poll | None: ...
    async def latest_closed(self, club_id: int) -> Poll | None: ...
    async def get(self, poll_id: int) -> Poll | None: ...
    async def add(self, poll: Poll) -> Poll: ...
    async def update(self, poll: Poll) -> None: ...
    async def put_ballot(self, ballot: Ballot) -> None:
        """Insert or replace the member's one ballot for the poll."""

    async def ballots(self, poll_id: int) -> list[Ballot]: ...
    async def for_club(self, club_id: int) -> list[Poll]: ...
    async def ballots_for(self, poll_ids: Sequence[int]) -> list[Ballot]: ...
    async def choices_for(self, poll_ids: Sequence[int]) -> dict[int, list[tuple[int, ...]]]:
        """Each poll's ballots as their choices only, in casting order: what a count needs,
        without who voted."""


class CastResult(StrEnum):
    STORED = "stored"  # committed: the member's ballot for the poll is this one (or a later one)
    CLOSED = "closed"  # the poll was closed, or its deadline had passed: nothing was written
    UNKNOWN_POLL = "unknown_poll"  # no such poll (any more): nothing was written


class BallotBox(Protocol):
    """Where /vote casts ballots. Implementations may batch many casts into one transaction."""

    async def cast(self, ballot: Ballot, display_name: str) -> CastResult:
        """Record the member (or refresh their display name) and insert or replace their one
        ballot for the poll, keeping the latest by `cast_at` (ties: the later cast). Whether
        the poll is still open and before its deadline is checked in the same transaction as
        the write, so a poll closed meanwhile, here or in another process, takes no ballot.
        Returns only after the commit; raises (StorageUnavailable when the database is away)
        when nothing was stored."""


class AttendanceRepository(Protocol):
    async def put_rsvp(self, rsvp: Rsvp) -> None: ...
    async def rsvps(self, session_id: int) -> list[Rsvp]: ...
    async def check_in(self, check_in: CheckIn) -> bool:
        """Record a check-in; False if the member had already checked in."""

    async def check_ins(self, session_id: int) -> list[CheckIn]: ...
    async def rsvp_counts(self, session_id: int) -> dict[RsvpStatus, int]: ...
    async def rsvps_for(self, session_ids: Sequence[int]) -> list[Rsvp]: ...
    async def check_ins_for(self, session_ids: Sequence[int]) -> list[CheckIn]: ...
    async def check_in_counts(self, session_ids: Sequence[int]) -> dict[int, int]:
        """How many checked in at each session, counted by the database (sessions nobody came
        to are left out)."""


class OutboxRepository(Protocol):
    """Posts owed to channels. Every state change is conditional, so concurrent processes agree."""

    async def entries(self, club_id: int, since: datetime | None = None) -> list[OutboxEntry]:
        """The club's entries due at or after `since` (all when None), by due time."""

    async def add(
        self, post: PlannedPost, due_at: datetime, payload: Mapping[str, object] | None = None
    ) -> bool:
        """Insert a pending entry; False (and no change) if its key already exists."""

    async def reschedule(self, entry_id: int, due_at: datetime, expected: OutboxStatus) -> bool:
        """Make it pending at `due_at`, only if it is still in status `expected`."""

    async def cancel(self, entry_id: int, reason: str) -> bool:
        """Cancel it, only if it is still pending."""

    async def claimable(
        self, now: datetime, stale_before: datetime, platforms: Sequence[Platform], limit: int
    ) -> list[OutboxEntry]:
        """Pending entries due by `now` and claims older than `stale_before`, oldest first,
        for clubs on `platforms` only."""

    async def claim(
        self, entry: OutboxEntry, worker: str, now: datetime, stale_before: datetime
    ) -> bool:
        """Atomically take the entry as seen in `entry` (pending, or a stale claim); True for
        exactly one of any number of concurrent claimers."""

    async def claim_pending(
        self, entry_ids: Collection[int], worker: str, now: datetime
    ) -> set[int]:
        """Take every one of these entries that is still pending, in one statement; the ids
        taken. Each is taken by exactly one of any number of concurrent claimers."""

    async def renew(self, entry_id: int, worker: str, now: datetime) -> bool:
        """Move `worker`'s claim to `now`, only if it still holds it: a claim about to go
        stale stays this process's."""

    async def save_payload(self, entry_id: int, payload: Mapping[str, object]) -> None: ...

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
        """Record the outcome, only if `worker` still holds the claim."""

    async def mark_sent(
        self, sent: Mapping[int, str | None], worker: str, now: datetime
    ) -> set[int]:
        """Record each entry (id -> platform message id) as sent, in one statement, only where
        `worker` still holds the claim; the ids recorded."""

    async def release(self, entry_id: int, worker: str, error: str) -> bool:
        """Give a claim back after a failed send, so it is retried."""

    async def next_due(
        self, platforms: Sequence[Platform], stale_after: timedelta
    ) -> datetime | None:
        """When the next entry becomes claimable: a pending due time or a claim going stale."""


class UnitOfWork(Protocol):
    """One transaction. Leaving the block without `commit()` rolls back."""

    clubs: ClubRepository
    papers: PaperRepository
    queue: QueueRepository
    sessions: SessionRepository
    members: MemberRepository
    polls: PollRepository
    attendance: AttendanceRepository
    outbox: OutboxRepository
    swaps: SwapRepository

    async def __aenter__(self) -> UnitOfWork: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None: ...
