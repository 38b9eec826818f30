"""Chromium, headless, driven by Selenium through the system's chromedriver (Debian's
`chromium` and `chromium-driver` packages), and axe-core from the npm registry.

Nothing is downloaded at test time: Selenium is pointed at the installed driver and browser, so
its own driver manager never runs. When either is missing the browser tests skip and say what
to install (.ci/run installs both).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Where .ci/run puts axe-core (npm install --prefix .venv/axe axe-core); PAPERCLUB_AXE_JS wins.
AXE_PATHS = (ROOT / ".venv" / "axe" / "node_modules" / "axe-core" / "axe.min.js",)
# One backend is enough for a browser test (`pytestmark = ONE_BACKEND`): the browser sees the
# same HTML either way, and is the slow part.
ONE_BACKEND = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def _browser() -> tuple[str, str] | str:
    """(chromium, chromedriver), or why there is none."""
    chromium = next(
        (
            p
            for name in ("chromium", "chromium-browser", "google-chrome")
            if (p := shutil.which(name))
        ),
        None,
    )
    driver = shutil.which("chromedriver")
    if chromium is None or driver is None:
        return "no Chromium and chromedriver here (apt-get install chromium chromium-driver)"
    return chromium, driver


def _skip(reason: str) -> NoReturn:
    # CI installs the browser and says so: there, a missing one is a failure, not a skip.
    if os.environ.get("PAPERCLUB_BROWSER_TESTS") == "required":
        pytest.fail(f"browser tests are required here, but {reason}")
    pytest.skip(reason)


def axe_source() -> str:
    """axe-core's script, or skip the test saying how to get it."""
    configured = os.environ.get("PAPERCLUB_AXE_JS")
    for path in ([Path(configured)] if configured else []) + list(AXE_PATHS):
        if path.is_file():
            return path.read_text(encoding="utf-8")
    _skip("axe-core is not installed (npm install --prefix .venv/axe axe-core)")


@contextmanager
def chromium(*, width: int = 1280, height: int = 900, javascript: bool = True) -> Iterator[Any]:
    """A headless Chromium window of this size; skips the test when there is no browser."""
    found = _browser()
    if isinstance(found, str):
        _skip(found)
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _skip("selenium is not installed (make test installs it)")
    binary, driver_path = found
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--no-first-run",
        f"--window-size={width},{height}",
        "--lang=en-GB",
    ):
        options.add_argument(argument)
    if not javascript:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2}
        )
    driver = webdriver.Chrome(options=options, service=Service(executable_path=driver_path))
    try:
        driver.set_window_size(width, height)
        yield driver
    finally:
        driver.quit()


def screenshot_dir(tmp_path: Path) -> Path:
    """PAPERCLUB_SCREENSHOTS keeps the screenshots (e.g. for the README); else the test's own
    temporary folder."""
    configured = os.environ.get("PAPERCLUB_SCREENSHOTS")
    folder = Path(configured) if configured else tmp_path / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def axe_violations(driver: Any, source: str) -> list[dict[str, Any]]:
    """What axe-core (`source`, see axe_source) finds wrong with the driver's page, every
    <details> opened first so that the charts' tables are checked too."""
    driver.execute_script("document.querySelectorAll('details').forEach(d => d.open = true);")
    driver.execute_script(source)
    driver.set_script_timeout(60)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact,"
        " nodes: v.nodes.map(n => n.html).slice(0, 3)}))))"
        ".catch(e => done([{id: 'axe-error', impact: 'critical', nodes: [String(e)]}]));"
    )
    return list(result)
