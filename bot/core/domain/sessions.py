"""Sessions: a club meeting about one paper at one UTC instant."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.core.domain.ids import MemberKey

# A session lasts at most this long, so one starting this long before an instant has ended by then.
LONGEST_SESSION = timedelta(days=1)


class SessionStatus(StrEnum):
    PLANNED = "planned"
    SKIPPED = "skipped"
    DONE = "done"


@dataclass(frozen=True, slots=True)
class Session:
    id: int
    club_id: int
    starts_at: datetime  # aware, UTC
    duration_minutes: int
    status: SessionStatus = SessionStatus.PLANNED
    paper_id: int | None = None  # fixed paper; None means "next in the queue"
    presenter: MemberKey | None = None
    # A presenter named in an imported meeting log, as written: rarely a member the bot knows.
    presenter_name: str | None = None

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)


@dataclass(frozen=True, slots=True)
class NewSession:
    club_id: int
    starts_at: datetime
    duration_minutes: int
