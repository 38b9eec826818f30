"""Storage of sessions and what members do about them: RSVPs, check-ins, presenter swaps."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Protocol

from bot.core.domain.attendance import CheckIn, Rsvp, RsvpStatus
from bot.core.domain.sessions import NewSession, Session
from bot.core.domain.swaps import NewSwapRequest, SwapRequest, SwapStatus


class SessionRepository(Protocol):
    async def between(
        self, club_id: int, start: datetime, end: datetime | None = None, limit: int | None = None
    ) -> list[Session]:
        """Sessions that have not ended by `start` (and start before `end`), earliest first."""

    async def last(self, club_id: int) -> Session | None: ...
    async def starting_after(
        self, club_ids: Collection[int], after: datetime
    ) -> dict[int, list[Session]]:
        """Each club's sessions starting after `after`, earliest first (one query; clubs
        without any are left out)."""

    async def unsettled(self, club_ids: Collection[int], now: datetime) -> dict[int, list[Session]]:
        """Each club's sessions still planned that have ended by `now` (those of the last
        ten years), earliest first; clubs without any are left out."""

    async def get(self, session_id: int) -> Session | None: ...
    async def add_many(self, sessions: Sequence[NewSession]) -> list[Session]: ...
    async def update(self, session: Session) -> None: ...
    async def update_many(self, sessions: Sequence[Session]) -> None:
        """`update` of each in one write; a session deleted meanwhile is left deleted."""

    async def delete_planned_after(self, club_id: int, after: datetime) -> int: ...


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


class SwapRepository(Protocol):
    """Presenters' requests to trade sessions."""

    async def add(self, request: NewSwapRequest) -> SwapRequest: ...
    async def get(self, request_id: int) -> SwapRequest | None: ...
    async def pending(self, club_id: int) -> list[SwapRequest]:
        """The club's requests still pending (expired ones included: the caller has the
        clock), oldest first."""

    async def settle(self, request_id: int, status: SwapStatus) -> bool:
        """Set the outcome, only if the request is still pending; False if it was not."""
