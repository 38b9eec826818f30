"""Identities. Platforms hand us opaque strings; we never interpret them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.core.domain.member_names import clean_name


class Platform(StrEnum):
    CONSOLE = "console"
    DISCORD = "discord"
    SLACK = "slack"


@dataclass(frozen=True, slots=True)
class ClubKey:
    """A club is one channel in one workspace (a Discord guild or a Slack team)."""

    platform: Platform
    workspace_id: str
    channel_id: str

    def __str__(self) -> str:
        return f"{self.platform}:{self.workspace_id}:{self.channel_id}"

    @classmethod
    def parse(cls, text: str) -> ClubKey:
        """Read the `platform:workspace:channel` form used on the command line."""
        parts = text.split(":")
        if len(parts) != 3 or not all(parts):
            raise ValueError(f"{text!r} is not a club like console:local:console")
        try:
            platform = Platform(parts[0])
        except ValueError:
            raise ValueError(f"unknown platform {parts[0]!r} in club {text!r}") from None
        return cls(platform, parts[1], parts[2])


@dataclass(frozen=True, slots=True)
class MemberKey:
    platform: Platform
    workspace_id: str
    user_id: str


@dataclass(frozen=True, slots=True, init=False)
class Actor:
    """Who is asking. Admin rights are decided by the platform (Manage Server, workspace admin).

    Every adapter builds one per command or click, so this is where a member's display name
    enters the core: it is cleaned here (`clean_name`), and stored and shown as cleaned."""

    member: MemberKey
    display_name: str
    is_admin: bool = False

    def __init__(self, member: MemberKey, display_name: str, is_admin: bool = False) -> None:
        # Written out rather than a __post_init__, which would set the name twice; the usual
        # name leaves `clean_name` at its fast path, unchanged.
        setattr_ = object.__setattr__
        setattr_(self, "member", member)
        setattr_(self, "display_name", clean_name(display_name, member.user_id))
        setattr_(self, "is_admin", is_admin)
