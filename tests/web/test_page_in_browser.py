"""The club page in a real headless Chromium: what a visitor sees, with and without JavaScript,
on a phone and a desktop, and what axe-core finds.

Selenium's calls block, so they run in a thread while the bot's HTTP server answers on the
test's loop. Skipped, saying why, where no Chromium is installed.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from bot.bootstrap import Services
from bot.core.clock import ManualClock
from bot.core.views import PaperList, ScheduleView
from tests.web.browser import ONE_BACKEND, axe_source, axe_violations, chromium, screenshot_dir
from tests.web.seed import say, seed_club

PHONE = (390, 844)
DESKTOP = (1280, 900)


pytestmark = ONE_BACKEND


@pytest.fixture
async def page_url(services: Services, clock: ManualClock, served: str) -> str:
    token = (await seed_club(services, clock)).token
    return f"{served}/club/{token}"


def _text(driver: Any, css: str) -> str:
    from selenium.webdriver.common.by import By

    return " ".join(str(driver.find_element(By.CSS_SELECTOR, css).text).split())


def _visit(url: str, size: tuple[int, int], javascript: bool, shot: Path) -> dict[str, Any]:
    from selenium.webdriver.common.by import By

    with chromium(width=size[0], height=size[1], javascript=javascript) as driver:
        driver.get(url)
        seen = {
            "title": driver.title,
            "h1": _text(driver, "h1"),
            "schedule": _text(driver, "#schedule"),
            "archive": _text(driver, "#archive"),
            "queue": _text(driver, "#queue"),
            "next": _text(driver, "#next"),
            "local": len(driver.find_elements(By.CSS_SELECTOR, ".local")),
            # Wider than the window means sideways scrolling on a phone.
            "overflow": driver.execute_script(
                "return document.documentElement.scrollWidth > window.innerWidth"
            )
            if javascript
            else None,
        }
        height = driver.execute_script("return document.body.scrollHeight") if javascript else None
        if height:
            driver.set_window_size(size[0], min(int(height) + 100, 6000))
        driver.save_screenshot(str(shot))
        return seen


async def test_the_page_in_chromium_shows_what_the_chat_shows(
    services: Services, page_url: str, tmp_path: Path
) -> None:
    schedule = await say(services, "/schedule 6")
    past = await say(services, "/schedule past")
    papers = await say(services, "/papers")
    assert isinstance(schedule, ScheduleView) and isinstance(past, ScheduleView)
    assert isinstance(papers, PaperList)
    shots = screenshot_dir(tmp_path)
    for size, name in ((DESKTOP, "desktop"), (PHONE, "phone")):
        seen = await asyncio.to_thread(
            _visit, page_url, size, True, shots / f"club-page-{name}.png"
        )
        assert seen["title"] == "console: paper club" and seen["h1"] == "console"
        for entry in schedule.entries:
            assert entry.local_text in seen["schedule"]
            assert (entry.paper_title or "No session (skipped)") in seen["schedule"]
        for entry in past.entries:
            assert entry.paper_title and entry.paper_title in seen["archive"]
        for item in papers.items:
            assert item.title in seen["queue"]
        # The script adds the visitor's own time beside each club time.
        assert seen["local"] > 0 and "Your time (" in seen["next"]
        assert seen["overflow"] is False, name
        assert (shots / f"club-page-{name}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


async def test_the_page_works_without_javascript(
    services: Services, page_url: str, tmp_path: Path
) -> None:
    schedule = await say(services, "/schedule 6")
    assert isinstance(schedule, ScheduleView)
    seen = await asyncio.to_thread(
        _visit, page_url, PHONE, False, screenshot_dir(tmp_path) / "club-page-nojs.png"
    )
    # No script ran (no visitor-time lines), and every time is there in the club's zone and UTC.
    assert seen["local"] == 0
    first = schedule.entries[0]
    assert first.local_text in seen["next"] and "(17:00 UTC)" in seen["next"]
    assert first.paper_title and first.paper_title in seen["next"]
    assert "No session (skipped)" in seen["schedule"]


def _axe(url: str, source: str) -> list[dict[str, Any]]:
    with chromium() as driver:
        driver.get(url)
        return axe_violations(driver, source)


async def test_axe_finds_no_serious_accessibility_violations(page_url: str) -> None:
    source = axe_source()
    violations = await asyncio.to_thread(_axe, page_url, source)
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], serious
