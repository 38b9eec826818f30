"""The answers /rsvp takes (going, maybe, no and their synonyms; a Discord event's "interested")
and how each is said back to the member."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.commands.options import SessionRef
from bot.core.commands.values import Values
from bot.core.domain.attendance import RsvpStatus
from bot.core.domain.errors import InvalidInput
from bot.core.text import t

_WORDS = {
    "going": RsvpStatus.GOING,
    "yes": RsvpStatus.GOING,
    "maybe": RsvpStatus.MAYBE,
    "no": RsvpStatus.NOT_GOING,
    "not_going": RsvpStatus.NOT_GOING,
    "not-going": RsvpStatus.NOT_GOING,
}
# What the member is told, one catalog message per answer.
ANSWER_MESSAGES = {
    RsvpStatus.GOING: lambda session: t("You're going on {session}.", session=session),
    RsvpStatus.MAYBE: lambda session: t("You might come on {session}.", session=session),
    RsvpStatus.NOT_GOING: lambda session: t("You're not coming on {session}.", session=session),
}
USAGE = t("Usage: /rsvp going|maybe|no [session: its number in /schedule, or its date]")
INTERESTED = "interested"  # a Discord event's bell: maybe, unless they already answered


@dataclass(frozen=True, slots=True)
class AnswerRsvp:
    answer: str  # going, maybe, no (and their synonyms), or interested
    session: SessionRef | None = None

    @classmethod
    def build(cls, values: Values) -> AnswerRsvp:
        answer = (values.text("answer") or "").casefold()
        if answer not in {*_WORDS, INTERESTED}:
            raise InvalidInput(USAGE)
        return cls(answer, values.session("session"))

    @property
    def status(self) -> RsvpStatus:
        return _WORDS.get(self.answer, RsvpStatus.MAYBE)

    @property
    def keep_existing(self) -> bool:
        """ "interested" means maybe, but must not undo an explicit answer."""
        return self.answer == INTERESTED
