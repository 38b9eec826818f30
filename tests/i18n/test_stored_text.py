"""A post stored in the outbox keeps its text translatable: a reminder queued days before is
still said in the club's language when it goes out (the payload kept only English before)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from bot.adapters.console.render import render_reply
from bot.core.text import t
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
