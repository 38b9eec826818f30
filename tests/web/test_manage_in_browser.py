"""The management page in a real headless Chromium: an admin signs in through the /club manage
link, moves a paper to the top (by the buttons, with and without JavaScript), and the chat's
/papers lists it first; opens a paper's summary and prompts boxes (fetched when opened, or a
page of their own without JavaScript), edits the summary in its prefilled box, and the chat's
/paper shows it, while a box saved untouched changes nothing; a replayed link is refused;
axe-core finds no serious violations. Screenshots at phone and desktop widths are saved like the
public page's."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from bot.bootstrap import Services
from bot.core.clock import ManualClock
from bot.core.domain.ids import ClubKey, MemberKey, Platform
from bot.core.views import PaperCard, PaperList
from bot.settings import Settings
from tests.web.browser import ONE_BACKEND, axe_source, axe_violations, chromium, screenshot_dir
from tests.web.manage_link import manage_link
from tests.web.seed import say, seed_club
from tests.web.test_page_in_browser import DESKTOP, PHONE, _axe

pytestmark = ONE_BACKEND


@pytest.fixture
def settings(database_url: str) -> Settings:
    # Plain http, as the test server is: a Secure cookie would not come back to it.
    return Settings(
        database_url=database_url, paper_text=False, public_base_url="http://club.example"
    )


@pytest.fixture
async def base(services: Services, clock: ManualClock, served: str) -> str:
    await seed_club(services, clock)
    await say(services, "/vote cancel")  # an open vote's candidates may not move
    return served


async def queue(services: Services) -> list[str]:
    papers = await say(services, "/papers")
    assert isinstance(papers, PaperList)
    return [i.title for i in papers.items if i.position is not None]


def _press(driver: Any, button: Any, enter: bool = False) -> None:
    """Press a form's button and wait for the page it leads to (an event, not a time)."""
    from selenium.webdriver.support.wait import WebDriverWait

    if enter:  # by keyboard: focus the button and press Enter
        driver.execute_script("arguments[0].focus()", button)
        button.send_keys("\n")
    else:
        button.click()
    WebDriverWait(driver, 60).until(_gone(button))


def _gone(button: Any) -> Any:
    """Selenium's `staleness_of`, asked again when Chromium answers mid-navigation with an
    inspector error ("Node with given id does not belong to the document") instead of a stale
    element: one run in four of the lowest-versions suite failed on that answer."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support import expected_conditions

    stale = expected_conditions.staleness_of(button)

    def gone(driver: Any) -> bool:
        try:
            return bool(stale(driver))
        except WebDriverException:
            return False  # navigating: the next probe sees the old page stale

    return gone


def _sign_in(driver: Any, url: str) -> None:
    from selenium.webdriver.common.by import By

    driver.get(url)
    _press(driver, driver.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    assert driver.find_element(By.TAG_NAME, "h1").text.startswith("Manage ")


def _move(url: str, button: str, size: tuple[int, int], javascript: bool, shot: Path) -> str:
    """Sign in, press `button` ("Top", "Up") of the queue's third paper; the notice."""
    from selenium.webdriver.common.by import By

    with chromium(width=size[0], height=size[1], javascript=javascript) as driver:
        _sign_in(driver, url)
        third = driver.find_elements(By.CSS_SELECTOR, ".manage-queue li")[2]
        pressed = next(
            b for b in third.find_elements(By.TAG_NAME, "button") if b.text.startswith(button)
        )
        _press(driver, pressed, enter=True)
        notice = str(driver.find_element(By.ID, "notice").text)
        height = driver.execute_script("return document.body.scrollHeight") if javascript else None
        if height:
            driver.set_window_size(size[0], min(int(height) + 100, 6000))
        driver.save_screenshot(str(shot))
        return notice


async def test_an_admin_moves_a_paper_to_the_top_and_papers_lists_it_first(
    services: Services, base: str, tmp_path: Path
) -> None:
    shots = screenshot_dir(tmp_path)
    for size, name in ((DESKTOP, "desktop"), (PHONE, "phone")):
        before = await queue(services)
        link = base + await manage_link(services)
        shot = shots / f"manage-page-{name}.png"
        notice = await asyncio.to_thread(_move, link, "Top", size, True, shot)
        assert notice.startswith(f"Moved “{before[2]}”"), notice
        assert await queue(services) == [before[2], before[0], before[1], *before[3:]]
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


async def test_the_page_works_without_javascript(
    services: Services, base: str, tmp_path: Path
) -> None:
    before = await queue(services)
    link = base + await manage_link(services)
    shot = screenshot_dir(tmp_path) / "manage-page-nojs.png"
    notice = await asyncio.to_thread(_move, link, "Up", PHONE, False, shot)
    assert notice.startswith(f"Moved “{before[2]}”"), notice
    assert await queue(services) == [before[0], before[2], before[1], *before[3:]]


def _open_boxes(driver: Any, number: int, keyboard: bool = False) -> Any:
    """Open the `number`th paper's "Pin or edit" (by the keyboard: focus it, press Enter) and
    wait for its summary and prompts boxes to be fetched into it; the paper's list item."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.wait import WebDriverWait

    item = driver.find_elements(By.CSS_SELECTOR, ".manage-queue li")[number - 1]
    opener = item.find_element(By.TAG_NAME, "summary")
    if keyboard:
        driver.execute_script("arguments[0].focus()", opener)
        opener.send_keys(Keys.ENTER)
    else:
        opener.click()
    paper = item.get_attribute("data-paper-id")
    WebDriverWait(driver, 60).until(
        expected_conditions.visibility_of_element_located((By.ID, f"prompts-{paper}"))
    )
    return item


def _save(driver: Any, item: Any, label: str) -> str:
    """Press the item's button `label`; what the page then said."""
    from selenium.webdriver.common.by import By

    save = next(b for b in item.find_elements(By.TAG_NAME, "button") if b.text.startswith(label))
    _press(driver, save)
    return str(driver.find_element(By.ID, "notice").text)


def _edit_summary(url: str, addition: str) -> tuple[str, str]:
    """Sign in, open the first paper's edit boxes by the keyboard, add `addition` to the summary
    its box holds and save it; (what the box held, what the page then said)."""
    from selenium.webdriver.common.by import By

    with chromium() as driver:
        _sign_in(driver, url)
        assert driver.find_elements(By.TAG_NAME, "textarea") == []  # none until opened
        first = _open_boxes(driver, 1, keyboard=True)
        box = first.find_element(By.CSS_SELECTOR, "textarea[id^=summary-]")
        held = str(box.get_property("value"))
        assert box.get_attribute("maxlength") == "2000"
        box.send_keys(addition)
        return held, _save(driver, first, "Save the summary")


async def test_an_admin_edits_a_summary_in_its_prefilled_box_and_paper_shows_it(
    services: Services, base: str
) -> None:
    before = await say(services, "/paper 1")
    assert isinstance(before, PaperCard) and before.summary
    link = base + await manage_link(services)
    held, notice = await asyncio.to_thread(_edit_summary, link, " Read §3 <first>.")
    assert held == before.summary  # the box starts from the club's current summary
    after = await say(services, "/paper 1")
    assert isinstance(after, PaperCard)
    assert after.summary == f"{before.summary} Read §3 <first>."
    assert after.prompts == before.prompts
    assert notice == f"Updated for this club: “{after.title}”", notice


def _save_untouched(url: str, number: int) -> tuple[str, str]:
    """Open the paper's boxes and save its prompts box as it came; (its text, the notice)."""
    from selenium.webdriver.common.by import By

    with chromium() as driver:
        _sign_in(driver, url)
        item = _open_boxes(driver, number)
        held = str(
            item.find_element(By.CSS_SELECTOR, "textarea[id^=prompts-]").get_property("value")
        )
        return held, _save(driver, item, "Save the prompts")


async def test_saving_a_box_untouched_changes_nothing(services: Services, base: str) -> None:
    before = await say(services, "/paper 2")
    assert isinstance(before, PaperCard) and before.summary_source != "edited"
    link = base + await manage_link(services)
    held, notice = await asyncio.to_thread(_save_untouched, link, 2)
    assert held.splitlines() == list(before.prompts)
    assert notice == f"Unchanged: the club already has this text: “{before.title}”", notice
    assert await say(services, "/paper 2") == before  # not marked edited


def _edit_without_javascript(url: str, number: int, text: str) -> str:
    """Without JavaScript: follow the paper's link to its boxes' own page and save a summary."""
    from selenium.webdriver.common.by import By

    with chromium(javascript=False) as driver:
        _sign_in(driver, url)
        item = driver.find_elements(By.CSS_SELECTOR, ".manage-queue li")[number - 1]
        paper = item.get_attribute("data-paper-id")
        item.find_element(By.TAG_NAME, "summary").click()
        _press(driver, item.find_element(By.PARTIAL_LINK_TEXT, "Edit the summary and prompts"))
        box = driver.find_element(By.ID, f"summary-{paper}")
        box.clear()
        box.send_keys(text)
        return _save(driver, driver.find_element(By.TAG_NAME, "main"), "Save the summary")


async def test_without_javascript_the_boxes_are_a_page_of_their_own(
    services: Services, base: str
) -> None:
    link = base + await manage_link(services)
    notice = await asyncio.to_thread(_edit_without_javascript, link, 3, "Our own words.")
    after = await say(services, "/paper 3")
    assert isinstance(after, PaperCard) and after.summary == "Our own words."
    assert notice == f"Updated for this club: “{after.title}”", notice


def _replay(url: str) -> tuple[str, str]:
    from selenium.webdriver.common.by import By

    with chromium() as driver:
        _sign_in(driver, url)
        driver.get(url)
        return str(driver.title), str(driver.find_element(By.TAG_NAME, "main").text)


async def test_a_replayed_link_and_a_demoted_admins_link_are_refused(
    services: Services, base: str
) -> None:
    title, words = await asyncio.to_thread(_replay, base + await manage_link(services))
    assert title.startswith("This link was used") and "/club manage" in words

    async def demoted(club: ClubKey, member: MemberKey) -> bool:
        return False

    services.web.admin_checks[Platform.CONSOLE] = demoted
    refused = await asyncio.to_thread(_replay_once, base + await manage_link(services))
    assert "not an admin" in refused


def _replay_once(url: str) -> str:
    from selenium.webdriver.common.by import By

    with chromium() as driver:
        driver.get(url)
        _press(driver, driver.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
        return str(driver.find_element(By.TAG_NAME, "main").text)


def _axe_signed_in(url: str, source: str) -> list[dict[str, Any]]:
    with chromium() as driver:
        _sign_in(driver, url)
        return _axe_here(driver, source)


def _axe_here(driver: Any, source: str) -> list[dict[str, Any]]:
    from selenium.webdriver.support.wait import WebDriverWait

    driver.execute_script("document.querySelectorAll('details').forEach(d => d.open = true);")
    # Every opened paper's boxes fetched into the page: axe checks them too.
    WebDriverWait(driver, 60).until(
        lambda d: (
            d.execute_script(
                "return document.querySelectorAll('.edit-boxes:not([data-state=loaded])').length"
            )
            == 0
        )
    )
    return axe_violations(driver, source)


def _axe_boxes_page(url: str, source: str) -> list[dict[str, Any]]:
    """axe on the first paper's boxes' own page (where the link leads without JavaScript)."""
    from selenium.webdriver.common.by import By

    with chromium() as driver:
        _sign_in(driver, url)
        opener = driver.find_element(By.CSS_SELECTOR, ".edit-boxes a")
        driver.get(str(opener.get_attribute("href")))
        assert driver.find_element(By.TAG_NAME, "h1").text.startswith("Edit “")
        return _axe_here(driver, source)


async def test_axe_finds_no_serious_violations(services: Services, base: str) -> None:
    source = axe_source()
    link = base + await manage_link(services)
    for violations in (
        await asyncio.to_thread(_axe, link, source),  # the sign-in page
        await asyncio.to_thread(_axe_signed_in, base + await manage_link(services), source),
        await asyncio.to_thread(_axe_boxes_page, base + await manage_link(services), source),
    ):
        serious = [v for v in violations if v["impact"] in ("serious", "critical")]
        assert serious == [], serious
