"""A presenter named in an imported meeting log is text, never a ping (issue 14): `/schedule
past` on Discord shows "@everyone <@123…>" from a log made inert."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.adapters.discord.render import render_one
from bot.core.views import ScheduleEntry, ScheduleView


def test_a_logged_presenter_never_pings() -> None:
    view = ScheduleView(
        club_name="Theory club",
        rule_text="Every Thursday at 18:00 (UTC)",
        timezone="UTC",
        entries=(
            ScheduleEntry(
                session_id=1,
                starts_at=datetime(2026, 3, 19, 18, tzinfo=UTC),
                local_text="Thu 19 Mar 2026, 18:00 UTC",
                paper_title="Deep Residual Learning for Image Recognition",
                status="done",
                presenter="@everyone <@123456789012345678>",
                came=0,
            ),
        ),
        past=True,
    )
    embed = render_one(view).embeds[0]
    body = embed.description or ""
    assert "everyone" in body and "123456789012345678" in body  # the name is shown
    assert "@everyone" not in body and "<@123456789012345678>" not in body
