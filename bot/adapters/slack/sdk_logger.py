"""The logger slack_sdk's clients are given: one whose own level is the level it logs at.

slack_sdk guards its debug lines with `logger.level <= DEBUG`, the logger's *own* level rather
than the effective one, and its module loggers have none (NOTSET, 0): every Web API call and
every answer to a response_url built those lines (the request's headers, the whole response
formatted) for `debug()` to drop them. This logger's `level` is what `slack_sdk` logs at
(`bot.logs.configure` sets it, now or later), so the lines are built only when they are logged,
and go to `slack_sdk`'s handlers as before.
"""

from __future__ import annotations

import functools
import logging

PARENT = "slack_sdk"


class _Following(logging.Logger):
    """A child of `parent` whose own level always reads as the parent's effective one."""

    def __init__(self, parent: logging.Logger) -> None:
        super().__init__(f"{parent.name}.paperclub")
        self.parent = parent

    @property
    def level(self) -> int:
        return self.parent.getEffectiveLevel() if self.parent is not None else logging.NOTSET

    @level.setter
    def level(self, value: int) -> None:
        """Logger.__init__ sets one; the parent's always wins."""

    def isEnabledFor(self, level: int) -> bool:
        # Not through Logger's cache: only loggers logging knows by name have it cleared
        # when a level changes.
        if self.disabled or self.manager.disable >= level:
            return False
        return level >= self.getEffectiveLevel()


@functools.cache
def sdk_logger() -> logging.Logger:
    return _Following(logging.getLogger(PARENT))
