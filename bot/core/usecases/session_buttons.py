"""The buttons a session's posts carry: the RSVP answers and the check-in."""

from __future__ import annotations

from bot.core.text import t
from bot.core.usecases import check_in, rsvp
from bot.core.usecases.check_in import Attend
from bot.core.usecases.rsvp_answers import AnswerRsvp
from bot.core.views import Action, ActionStyle


def rsvp_actions(session_id: int) -> tuple[Action, ...]:
    def answer(word: str) -> str:
        return rsvp.SPEC.line(AnswerRsvp(word, session_id))

    return (
        Action(t("Going"), answer("going"), ActionStyle.SUCCESS, "✅"),
        Action(t("Maybe"), answer("maybe"), ActionStyle.SECONDARY, "🤔"),
        Action(t("Can't make it"), answer("no"), ActionStyle.SECONDARY, "❌"),
    )


def checkin_action(session_id: int) -> Action:
    return Action(t("I'm here"), check_in.SPEC.line(Attend(session_id)), ActionStyle.PRIMARY, "✋")
