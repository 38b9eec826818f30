"""What the use cases need from the outside world, as Protocols, one module per family: the
chat platforms, the paper services, the clock, and storage (one module per group of
repositories, and the unit of work over them).

Storage implements these with SQLAlchemy (bot/storage); tests/core/fakes.py implements them in
memory. Repositories take and return domain objects, never rows. Every port is importable from
`bot.core.ports` itself, as the use cases and adapters do.
"""

from __future__ import annotations

from bot.core.ports.clock import Clock
from bot.core.ports.club_repositories import ClubRepository, MemberRepository, PlanTicket
from bot.core.ports.outbox_repository import OutboxRepository
from bot.core.ports.paper_repositories import PaperRepository, QueueRepository
from bot.core.ports.papers import (
    ImportOutcome,
    ImportProgress,
    PaperLookup,
    PaperReference,
    PaperWriter,
    ProgressBoard,
    ReadingListImporter,
)
from bot.core.ports.platforms import (
    ChannelAccess,
    ChannelCheck,
    ChannelPrivacy,
    Discussion,
    EventMirror,
    Outgoing,
    Poster,
    Undeliverable,
)
from bot.core.ports.poll_repositories import BallotBox, CastResult, PollRepository
from bot.core.ports.session_repositories import (
    AttendanceRepository,
    SessionRepository,
    SwapRepository,
)
from bot.core.ports.sign_ins import AdminCheck, SignInRepository
from bot.core.ports.unit_of_work import UnitOfWork

__all__ = [
    "AdminCheck",
    "AttendanceRepository",
    "BallotBox",
    "CastResult",
    "ChannelAccess",
    "ChannelCheck",
    "ChannelPrivacy",
    "Clock",
    "ClubRepository",
    "Discussion",
    "EventMirror",
    "ImportOutcome",
    "ImportProgress",
    "MemberRepository",
    "OutboxRepository",
    "Outgoing",
    "PaperLookup",
    "PaperReference",
    "PaperRepository",
    "PaperWriter",
    "PlanTicket",
    "PollRepository",
    "Poster",
    "ProgressBoard",
    "QueueRepository",
    "ReadingListImporter",
    "SessionRepository",
    "SignInRepository",
    "SwapRepository",
    "Undeliverable",
    "UnitOfWork",
]
