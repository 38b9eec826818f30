"""The club's settings as the running command itself read them, for its answer's language.

The dispatcher says an answer in the club's language, read after the command ran (so
`/club set language ko` is answered in Korean). A command that read its club after it arrived
and changes none of the club's settings (a ballot) already holds what that read would give:
it notes the settings here, and the dispatcher saves the read and the wait for it. In a burst
of 1,000 votes that is one loop hop and a tenth of each vote's CPU.

A context variable, set back by the dispatcher after every command, so a note never outlives
the command that made it (one console task runs many commands in turn).
"""

from __future__ import annotations

from contextvars import ContextVar, Token

from bot.core.domain.clubs import ClubSettings

_NOTED: ContextVar[ClubSettings | None] = ContextVar("paperclub_answer_club", default=None)


def note(settings: ClubSettings) -> None:
    """The running command's club, read after the command arrived; the command changes none of
    its settings."""
    _NOTED.set(settings)


def begin() -> Token[ClubSettings | None]:
    return _NOTED.set(None)


def end(token: Token[ClubSettings | None]) -> ClubSettings | None:
    """What the command noted, if anything; forgets it."""
    noted = _NOTED.get()
    _NOTED.reset(token)
    return noted
