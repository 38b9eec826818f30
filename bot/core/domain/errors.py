"""Typed errors raised by the core. Each adapter turns them into a friendly, private message."""

from __future__ import annotations


class PaperclubError(Exception):
    """A problem the member can understand and usually fix. `message` is shown to them as is."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class InvalidInput(PaperclubError):
    """The command's arguments are malformed."""


class NotFound(PaperclubError):
    """The paper, session or poll asked for does not exist."""


class PermissionDenied(PaperclubError):
    """The member may not do this (admin commands)."""


class Conflict(PaperclubError):
    """The request clashes with the club's state (a poll already open, a closed session)."""


class ClubNotSetUp(PaperclubError):
    """The channel has no club yet."""


class ChannelUnusable(PaperclubError):
    """The platform won't let the bot post in this channel (not a member, no permission)."""


class StorageUnavailable(PaperclubError):
    """The database could not be reached; nothing was saved."""


class ServiceUnavailable(PaperclubError):
    """An outside service (arXiv, doi.org) did not answer in time; nothing was saved."""
