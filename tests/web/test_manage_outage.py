"""The management page while the database cannot save (SQLite held by another process's write,
or PostgreSQL's tables held by another connection): what the admin pressed or typed is not
saved, and the page says so (a temporary failure, try again) instead of pretending the paper
went away; what they typed is on the page to send again, and sent again once the database
answers, it is saved."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator

import html5lib
import pytest
from aiohttp import DummyCookieJar
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from bot.bootstrap import Services
from bot.core.clock import ManualClock
from bot.core.views import PaperCard
from bot.httpserver import build_app
from bot.settings import Settings
from bot.storage.engine import sync_url
from tests.storage.test_database_away import write_lock_held
from tests.web.manage_link import Client, manage_link, sign_in
from tests.web.seed import BASE, say, seed_club
from tests.web.test_club_page import text_of
from tests.web.test_manage_page import _paper_forms, _queued

FAST = {"database_busy_timeout": 0.2, "database_statement_timeout": 0.5}
TEMPORARY = "The club's database isn't answering right now, so nothing was saved."
TYPED = "Our summary, typed while the database was away: “p(y|x)” & <all>."


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        paper_text=False,
        public_base_url=BASE,
        **FAST,  # type: ignore[arg-type]
    )


@pytest.fixture
async def http(services: Services, clock: ManualClock) -> AsyncIterator[Client]:
    await seed_club(services, clock)
    async with TestClient(TestServer(build_app(services)), cookie_jar=DummyCookieJar()) as client:
        yield client


@contextlib.contextmanager
def writes_refused(url: str) -> Iterator[None]:
    """Another process holding what a write needs until the block ends (reads still go)."""
    if make_url(url).get_backend_name() == "sqlite":
        with write_lock_held(url):
            yield
        return
    with tables_held(url, None, "EXCLUSIVE"):  # EXCLUSIVE lets reads by
        yield


@contextlib.contextmanager
def tables_held(url: str, tables: tuple[str, ...] | None, mode: str) -> Iterator[None]:
    """Another PostgreSQL connection holding `tables` (None: all of them) in `mode`."""
    engine = create_engine(sync_url(url))
    try:
        with engine.connect() as other:
            held = ", ".join(tables or inspect(other).get_table_names())
            other.execute(text(f"LOCK TABLE {held} IN {mode} MODE"))
            try:
                yield
            finally:
                other.rollback()
    finally:
        engine.dispose()


def _forms(html: str) -> list[dict[str, str]]:
    """Every form's fields as the browser would send them: inputs and textareas."""
    document = html5lib.parse(html, namespaceHTMLElements=False)
    found = []
    for form in document.iter("form"):
        fields = {str(i.get("name")): str(i.get("value") or "") for i in form.iter("input")}
        fields |= {str(a.get("name")): a.text or "" for a in form.iter("textarea")}
        found.append(fields)
    return found


async def test_a_box_saved_while_the_database_is_away_keeps_what_was_typed(
    services: Services, http: Client, database_url: str
) -> None:
    cookie = await sign_in(http, await manage_link(services))
    paper_id, title = (await _queued(services))[0]
    boxes = await (await http.get(f"/manage/edit/{paper_id}?fragment=1", headers=cookie)).text()
    edit = _paper_forms(boxes, 1)["summary"]
    before = await say(services, "/paper 1")
    with writes_refused(database_url):
        answer = await http.post(
            "/manage/act", data={**edit, "text": TYPED}, headers=cookie, allow_redirects=False
        )
        html = await answer.text()
    assert answer.status == 503, html
    words = text_of(html)
    assert TEMPORARY in words and "try again" in words.lower()
    assert "scheduled or removed" not in words
    (again,) = [f for f in _forms(html) if f.get("action") == "edit"]
    assert again["text"] == TYPED  # nothing the admin typed is lost
    assert {k: v for k, v in again.items() if k != "text"} == {
        k: v for k, v in edit.items() if k != "text"
    }
    assert await say(services, "/paper 1") == before  # and nothing was saved
    # The database answers again: sending the same form saves it.
    saved = await http.post("/manage/act", data=again, headers=cookie, allow_redirects=False)
    assert saved.status == 303
    page = text_of(await (await http.get("/manage", headers=cookie)).text())
    assert f"Updated for this club: “{title}”" in page
    card = await say(services, "/paper 1")
    assert isinstance(card, PaperCard) and card.summary == " ".join(TYPED.split())


@pytest.mark.parametrize(
    ("action", "typed"),
    [
        ("move", {"to": "down"}),
        ("remove", {}),
        ("pin", {"session": "1"}),
        ("assign", {"session": "1", "member": "Grace the presenter"}),
        ("set", {"setting": "time", "value": "19:30"}),
    ],
)
async def test_every_form_of_the_page_says_an_outage_is_temporary(
    services: Services, http: Client, database_url: str, action: str, typed: dict[str, str]
) -> None:
    """The page's other forms: the same plain answer, and what was typed to send again."""
    await say(services, "/vote cancel")
    cookie = await sign_in(http, await manage_link(services))
    html = await (await http.get("/manage", headers=cookie)).text()
    fields = _paper_forms(html, 1).get(action) or next(
        f for f in _forms(html) if f.get("action") == action
    )
    sent = {**fields, **typed}
    before = [await say(services, line) for line in ("/papers", "/schedule 3", "/club show")]
    with writes_refused(database_url):
        answer = await http.post("/manage/act", data=sent, headers=cookie, allow_redirects=False)
        html = await answer.text()
    assert answer.status == 503, html
    words = text_of(html)
    assert TEMPORARY in words and "scheduled or removed" not in words
    (again,) = [f for f in _forms(html) if f.get("action") == action]
    assert again == sent
    assert [await say(services, line) for line in ("/papers", "/schedule 3", "/club show")] == (
        before
    )


async def test_boxes_opened_while_the_queue_cannot_be_read_say_it_is_temporary(
    services: Services, http: Client, database_url: str
) -> None:
    """The admin is signed in; then the queue's table cannot be read (held by another
    connection until the statement timeout). Opening a paper's boxes says the database is not
    answering, not that the paper was scheduled or removed; so does the page itself."""
    if make_url(database_url).get_backend_name() == "sqlite":
        pytest.skip("SQLite's readers never wait for a writer")
    cookie = await sign_in(http, await manage_link(services))
    paper_id, _title = (await _queued(services))[0]
    with tables_held(database_url, ("club_papers",), "ACCESS EXCLUSIVE"):
        for path in (f"/manage/edit/{paper_id}?fragment=1", f"/manage/edit/{paper_id}"):
            answer = await http.get(path, headers=cookie)
            words = text_of(await answer.text())
            assert answer.status == 503, (path, words)
            assert "isn't answering" in words and "try again" in words.lower()
            assert "scheduled or removed" not in words and "not waiting" not in words
        page = text_of(await (await http.get("/manage", headers=cookie)).text())
        assert "isn't answering" in page and "scheduled or removed" not in page
    with tables_held(database_url, None, "ACCESS EXCLUSIVE"):  # the sign-in cannot be read
        for path in (f"/manage/edit/{paper_id}", "/manage"):
            answer = await http.get(path, headers=cookie)
            words = text_of(await answer.text())
            assert answer.status == 503 and "isn't answering" in words, (path, words)
            assert "not signed in" not in words
