"""What the core asks of a chat platform: posting a view (and what can refuse it), checking a
channel's access and privacy, and mirroring sessions as the platform's own events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable

from bot.core.domain.ids import ClubKey, MemberKey
from bot.core.domain.mirrors import SessionMirror
from bot.core.domain.outbox import PostKind
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


class ChannelPrivacy(Protocol):
    """Whether a chat channel is private, asked of the platform (Slack's Home tab needs it)."""

    async def is_private(self, channel_id: str) -> bool | None:
        """True or False, or None when the platform could not say."""
