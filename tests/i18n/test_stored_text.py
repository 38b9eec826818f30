"""A post stored in the outbox keeps its text translatable: a reminder queued days before is
still said in the club's language when it goes out (the payload kept only English before)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from bot.adapters.console.render import render_reply
from bot.core.domain.outbox import OutboxEntry, OutboxStatus, PostKind
from bot.core.text import t
from bot.core.usecases.corrections import CORRECTION, correction_view
from bot.core.views import Notice, Reply
from bot.core.wording import format_day, format_local, join_names, plural
from bot.scheduling import viewcodec


def test_text_dates_and_names_survive_the_outbox() -> None:
    when = format_local(datetime(2026, 12, 2, 9, 0, tzinfo=UTC), "Asia/Seoul")
    notice = Notice(
        t("⏰ Reminder: we meet {when} about {paper}.", when=when, paper="“Attention”"),
        details=(plural(3, "paper"), join_names(["민지", "Bob"]), format_day(date(2026, 12, 2))),
    )
    stored = viewcodec.decode(json.loads(json.dumps(viewcodec.encode(notice))))
    assert stored == notice  # the same English
    korean = render_reply(Reply(stored, language="ko"))
    assert "⏰ 알림: 2026년 12월 2일 (수) 오후 6:00 KST에 “Attention” 논문으로 모입니다." in korean
    assert "논문 3편" in korean
    assert "민지 및 Bob" in korean
    assert "2026년 12월 2일 (수)" in korean
    english = render_reply(Reply(stored))
    assert "⏰ Reminder: we meet Wed 2 Dec 2026, 18:00 KST about “Attention”." in english


def _correction_row(payload: dict[str, object]) -> OutboxEntry:
    due = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    key = "club:1:session:2:correction:x:1"
    return OutboxEntry(1, key, 1, None, PostKind.NOTICE, due, OutboxStatus.PENDING, payload=payload)


def test_a_correction_row_is_said_in_the_club_language_and_old_rows_still_read() -> None:
    """A correction (/club skip of an announced session) was stored as an English string."""
    when = format_local(datetime(2026, 11, 25, 10, 0, tzinfo=UTC), "Asia/Seoul")
    change = t("there is no session on {session}.", session=when)
    line = t("{session}: {paper}", session=when, paper="“Attention”")
    said = {"text": viewcodec.encode_value(change), "details": [viewcodec.encode_value(line)]}
    view = correction_view(_correction_row(json.loads(json.dumps({CORRECTION: said}))))
    assert view is not None
    korean = render_reply(Reply(view, language="ko"))
    assert "📣 일정 변경: 2026년 11월 25일 (수) 오후 7:00 KST에는 모임이 없어요." in korean
    assert "2026년 11월 25일 (수) 오후 7:00 KST: “Attention”" in korean
    # Queued before the change: plain English, said as it was rather than dropped.
    old = {CORRECTION: {"text": "there is no session on Wed 25 Nov 2026.", "details": ["x"]}}
    view = correction_view(_correction_row(old))
    assert view is not None and "there is no session on Wed 25 Nov 2026." in view.text
    assert view.details == ("x",)
