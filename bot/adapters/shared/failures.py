"""What a member is told when a platform handler fails after the platform has been answered.

The dispatcher already turns a failing command into an error reply; this is for what can fail
around it in an adapter (looking the member up, downloading a file, sending the answer), where
the platform has been acknowledged and would otherwise show the member nothing, or an error of
its own a few seconds later.
"""

from __future__ import annotations

from bot.core.domain.errors import PaperclubError
from bot.core.text import t
from bot.core.views import ErrorView

# Not the dispatcher's "nothing was changed": the command itself may have run.
UNANSWERED = t(
    "Something went wrong on my side before I could answer. Please try again in a moment."
)


def failure_view(error: BaseException) -> ErrorView:
    """A typed error (the database is away, a lookup timed out) says what it is; anything else
    gets the plain apology."""
    if isinstance(error, PaperclubError):
        return ErrorView(error.message, error.hint)
    return ErrorView(UNANSWERED)
