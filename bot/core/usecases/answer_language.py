"""Which language an answer is said in: public posts in the club's, a member's private answers
in their own when their platform reports it, a catalog has it, and the club allows it (the
`member_language` setting, on by default: a member reads what they set their Discord or Slack
to, and the channel still reads the club's language)."""

from __future__ import annotations

from bot.core.domain.clubs import ClubSettings
from bot.locale import SOURCE_LANGUAGE, language_of_locale


def answer_language(club: ClubSettings | None, locale: str | None, *, private: bool) -> str:
    """`club` is None where there is no club (or it could not be read): the member's own
    language then, for a private answer, else the language the core writes."""
    mine = language_of_locale(locale) if private else None
    if club is None:
        return mine or SOURCE_LANGUAGE
    if mine is not None and club.member_language:
        return mine
    return club.language
