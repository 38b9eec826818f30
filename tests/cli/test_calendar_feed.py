"""One rule, three views that must agree: `schedule preview`, the .ics feed and the posts."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta

from aiohttp.test_utils import TestClient, TestServer
from icalendar import Calendar
from typer.testing import CliRunner

from bot.bootstrap import Services
from bot.calendarfeed.club_feed import feed
from bot.cli import build_app
from bot.core.clock import ManualClock
from bot.core.commands.context import Context
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.core.domain.outbox import PostKind
from bot.core.views import Notice
from bot.httpserver import build_app as build_http
from bot.scheduling.wakeups import Wakeups
from tests.scheduling.harness import RecordingPoster, run_until

CLUB = ClubKey(Platform.CONSOLE, "local", "console")
ADMIN = Context(CLUB, Actor(MemberKey(Platform.CONSOLE, "local", "ada"), "Ada", True), "c")


def _starts(ics: bytes) -> list[datetime]:
    events = Calendar.from_ical(ics).walk("VEVENT")
    return sorted(e.decoded("DTSTART").astimezone(UTC) for e in events)


async def test_preview_feed_and_posts_agree_across_a_dst_change(
    services: Services, clock: ManualClock
) -> None:
    # Berlin leaves summer time on Sun 25 Oct 2026, between the second and third session.
    clock.set(datetime(2026, 10, 5, 9, 0, tzinfo=UTC))
    await services.dispatcher.run_text("/club setup wed 18:00 Europe/Berlin", ADMIN)
    async with services.deps.uow() as uow:
        club = await uow.clubs.get(CLUB)
    assert club is not None
    feed_starts = _starts(await feed(services.deps, club, clock.now()))[:4]

    result = CliRunner().invoke(
        build_app(),
        [
            "schedule",
            "preview",
            "--weekday",
            "wed",
            "--time",
            "18:00",
            "--tz",
            "Europe/Berlin",
            "--from",
            "2026-10-05",
            "--weeks",
            "4",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    preview = [datetime.fromisoformat(r["utc"]) for r in json.loads(result.output)]

    poster = RecordingPoster(clock)
    await run_until(
        clock, Wakeups(services.deps, {Platform.CONSOLE: poster}), clock.now() + timedelta(weeks=4)
    )
    posted = [d.at for d in poster.sent if d.message.kind == PostKind.START]

    assert preview == feed_starts == posted
    assert [t.hour for t in posted] == [16, 16, 16, 17]  # 18:00 local, CEST then CET


async def test_the_feed_is_served_by_token_and_revoking_it_hides_it(services: Services) -> None:
    await services.dispatcher.run_text("/club setup wed 18:00 UTC", ADMIN)
    notice = (await services.dispatcher.run_text("/club calendar", ADMIN)).view
    assert isinstance(notice, Notice) and "public address" in notice.text
    async with services.deps.uow() as uow:
        club = await uow.clubs.get(CLUB)
    assert club is not None and club.calendar_token and len(club.calendar_token) >= 40
    async with TestClient(TestServer(build_http(services))) as client:
        found = await client.get(f"/calendar/{club.calendar_token}.ics")
        assert found.status == 200
        assert found.headers["Content-Type"].startswith("text/calendar")
        assert b"BEGIN:VEVENT" in await found.read()
        assert (await client.get("/calendar/not-a-token.ics")).status == 404
        await services.dispatcher.run_text("/club calendar revoke", ADMIN)
        assert (await client.get(f"/calendar/{club.calendar_token}.ics")).status == 404


def test_paperclub_calendar_exports_the_feed(database_url: str) -> None:
    async def make_club() -> None:
        from bot.bootstrap import build_services
        from bot.settings import Settings

        services = await build_services(Settings(database_url=database_url), load_papers=False)
        try:
            await services.dispatcher.run_text("/club setup fri 07:30 Asia/Kathmandu", ADMIN)
        finally:
            await services.close()

    asyncio.run(make_club())
    runner = CliRunner(env={"DATABASE_URL": database_url})
    result = runner.invoke(build_app(), ["calendar", str(CLUB)])
    assert result.exit_code == 0, result.output
    assert "BEGIN:VCALENDAR" in result.output
    assert "TZID=Asia/Kathmandu" in result.output
    missing = runner.invoke(build_app(), ["calendar", "console:local:nowhere"])
    assert missing.exit_code == 2 and "no club" in missing.output
