"""`paperclub export site`: the public page as static files, HTML or a README-shaped Markdown."""

from __future__ import annotations

import asyncio
from html import escape as escape_html
from pathlib import Path

import html5lib
from typer.testing import CliRunner

from bot.bootstrap import Services, build_services
from bot.cli import build_app
from bot.core.clock import ManualClock
from bot.core.usecases import club_page
from bot.core.views import ScheduleView
from bot.settings import Settings
from bot.webpage.markdown import escape, render_markdown
from tests.web.seed import CLUB, SETUP, say, seed_club


async def test_markdown_has_the_upcoming_table_and_the_past_meetings(
    services: Services, clock: ManualClock
) -> None:
    await seed_club(services, clock)
    await say(services, "/club set page_names on")
    page = await club_page.by_club(CLUB, services.deps.store, "https://club.example")
    assert page is not None
    text = render_markdown(page)
    lines = text.splitlines()
    table = lines.index("| Date | Paper | Presenter |")
    assert lines[table + 1] == "| --- | --- | --- |"
    schedule = await say(services, "/schedule 6")
    held = await say(services, "/schedule past")
    assert isinstance(schedule, ScheduleView) and isinstance(held, ScheduleView)
    for line, entry in zip(lines[table + 2 :], schedule.entries, strict=False):
        if entry.status == "skipped":
            assert line == f"| {entry.local_text} | _no session (skipped)_ | |"
        else:
            assert entry.paper_title is not None
            assert line.startswith(f"| {entry.local_text} | [{escape(entry.paper_title)}](<")
    assert "| Wed 9 Dec 2026, 18:00 CET | _no session (skipped)_ | |" in lines
    past = lines[lines.index("## Past meetings") + 2 :][: len(held.entries)]
    for line, entry in zip(past, held.entries, strict=True):
        assert entry.paper_title is not None
        came = f"{entry.came} {'person' if entry.came == 1 else 'people'} came"
        assert line.startswith(f"- {entry.local_text}: [{escape(entry.paper_title)}](<")
        assert line.endswith(f"; presented by {entry.presenter or '—'}; {came}")
    assert "webcal://club.example/calendar/" in text


def test_escaping_keeps_markdown_and_mentions_inert() -> None:
    assert escape("a | b [x](javascript:y) @here <b>") == (
        "a \\| b \\[x\\]\\(javascript:y\\) \\@here \\<b\\>"
    )
    assert escape("two\nlines") == "two lines"


async def _seeded(settings: Settings) -> ScheduleView:
    clock = ManualClock(SETUP)
    services = await build_services(settings, clock=clock, run_migrations=False, load_papers=False)
    try:
        await seed_club(services, clock)
        held = await say(services, "/schedule past")
    finally:
        await services.close()
    assert isinstance(held, ScheduleView)
    return held


def test_the_cli_writes_static_html_and_markdown(settings: Settings, tmp_path: Path) -> None:
    held = asyncio.run(_seeded(settings))
    env = {"DATABASE_URL": settings.database_url, "PAPERCLUB_LOG_LEVEL": "WARNING"}
    runner = CliRunner()
    site = tmp_path / "site"
    result = runner.invoke(
        build_app(), ["export", "site", "--club", str(CLUB), "-o", str(site)], env=env
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in site.iterdir()) == ["index.html", "local-time.js", "page.css"]
    html = (site / "index.html").read_text()
    parser = html5lib.HTMLParser(strict=True)
    parser.parse(html)
    assert parser.errors == []
    # Relative asset paths, so the folder works on GitHub Pages or opened from disk.
    assert '<link rel="stylesheet" href="page.css">' in html
    # Whatever today's date, the papers read at the seeded sessions are on the page.
    for entry in held.entries:
        assert entry.paper_title is not None
        assert escape_html(entry.paper_title) in html
    md = tmp_path / "md"
    result = runner.invoke(
        build_app(),
        ["export", "site", "--club", str(CLUB), "-o", str(md), "--format", "md"],
        env=env,
    )
    assert result.exit_code == 0, result.output
    text = (md / "README.md").read_text()
    assert text.startswith("# console\n") and "## Past meetings" in text
    missing = runner.invoke(
        build_app(), ["export", "site", "--club", "console:x:y", "-o", str(md)], env=env
    )
    assert missing.exit_code != 0 and "No club" in missing.output + missing.stderr
