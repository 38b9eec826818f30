"""Storage of clubs (and the planner's tickets to look at them) and of their members."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.core.domain.clubs import Club, ClubSettings
from bot.core.domain.ids import ClubKey, MemberKey, Platform
from bot.core.domain.polls import Poll


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
    async def update(self, club: Club) -> None:
        """Write the club; raises SlugTaken when another club has its page name."""

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

    async def by_page_slug(self, slug: str) -> Club | None:
        """The club whose page has this (normalised) name, if its page is on."""

    async def due_for_planning(self, now: datetime) -> list[PlanTicket]:
        """Clubs that changed since they were planned, or whose watermark is at or before now."""

    async def planned(self, ticket: PlanTicket, next_due: datetime) -> bool:
        """Record the club as planned until `next_due`, unless it changed since `ticket`."""

    async def planned_many(self, planned: Sequence[tuple[PlanTicket, datetime]]) -> None:
        """`planned` for each (ticket, next due) pair, in one statement."""


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
