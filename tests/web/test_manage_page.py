"""The admins' management page over HTTP: /club manage's single-use link, the session cookie,
CSRF, and forms that run the chat's own commands as the signed-in admin."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta

import html5lib
import pytest
from aiohttp import DummyCookieJar
from aiohttp.test_utils import TestClient, TestServer

from bot.bootstrap import Services
from bot.core.clock import ManualClock
from bot.core.commands.context import Context
from bot.core.domain.ids import ClubKey, MemberKey, Platform
from bot.core.usecases import club_manage, paper_content
from bot.core.views import ErrorView, PaperCard, PaperList
from bot.httpserver import build_app
from bot.webmanage import forms
from tests.web.manage_link import COOKIE, Client, csrf_of, manage_link, session_cookie, sign_in
from tests.web.seed import ADMIN, ctx, say, seed_club
from tests.web.test_club_page import strict_parse, text_of


@pytest.fixture
async def http(services: Services, clock: ManualClock) -> AsyncIterator[Client]:
    await seed_club(services, clock)
    async with TestClient(TestServer(build_app(services)), cookie_jar=DummyCookieJar()) as client:
        yield client


NAV = " Queue Schedule Settings "  # the page's words after the navigation


async def page_after(http: Client, cookie: dict[str, str]) -> str:
    return text_of(await (await http.get("/manage", headers=cookie)).text())


async def titles(services: Services) -> list[str]:
    papers = await say(services, "/papers")
    assert isinstance(papers, PaperList)
    return [i.title for i in papers.items if i.position is not None]


async def test_a_link_signs_the_admin_in_once_with_a_strict_cookie(
    services: Services, http: Client
) -> None:
    link = await manage_link(services)
    # Looking (a chat app's link preview does) spends nothing.
    for _ in range(2):
        look = await http.get(link)
        assert look.status == 200 and "Sign in as Ada" in text_of(await look.text())
    answer = await http.post(link, allow_redirects=False)
    assert answer.status == 303 and answer.headers["Location"] == "/manage"
    flags = answer.headers["Set-Cookie"].lower()
    for flag in ("httponly", "samesite=strict", "secure", "path=/manage", "max-age=1800"):
        assert flag in flags, flags
    cookie = session_cookie(answer.headers["Set-Cookie"])
    page = await http.get("/manage", headers={"Cookie": f"{COOKIE}={cookie}"})
    html = await page.text()
    assert page.status == 200 and page.headers["Cache-Control"] == "no-store"
    strict_parse(html)
    words = text_of(html)
    assert "Signed in as Ada" in words
    for title in await titles(services):
        assert title in words
    # The database holds neither token, only their digests.
    async with services.engine.connect() as connection:
        dump = str((await connection.exec_driver_sql("SELECT * FROM manage_links")).all())
        dump += str((await connection.exec_driver_sql("SELECT * FROM manage_sessions")).all())
    assert link.rsplit("/", 1)[1] not in dump and cookie not in dump


async def test_a_replayed_link_is_refused_with_a_clear_page(
    services: Services, http: Client
) -> None:
    link = await manage_link(services)
    await sign_in(http, link)
    for again in (http.post(link, allow_redirects=False), http.get(link)):
        answer = await again
        assert answer.status == 410 and "Set-Cookie" not in answer.headers
        words = text_of(await answer.text())
        assert "This link was used" in words and "/club manage" in words


async def test_an_expired_link_and_an_ended_session_are_refused(
    services: Services, clock: ManualClock, http: Client
) -> None:
    stale = await manage_link(services)
    clock.advance(timedelta(minutes=10))
    answer = await http.post(stale, allow_redirects=False)
    assert answer.status == 410 and "expired" in text_of(await answer.text())
    cookie = await sign_in(http, await manage_link(services))
    clock.advance(timedelta(minutes=29))
    assert (await http.get("/manage", headers=cookie)).status == 200
    clock.advance(timedelta(minutes=1))
    ended = await http.get("/manage", headers=cookie)
    assert ended.status == 401 and "not signed in" in text_of(await ended.text())


@pytest.mark.parametrize("token", ["x" * 43, "short", "a" * 300])
async def test_unknown_links_are_404_pages(http: Client, token: str) -> None:
    for answer in (
        await http.get(f"/manage/sign-in/{token}"),
        await http.post(f"/manage/sign-in/{token}"),
    ):
        assert answer.status == 404 and "Unknown link" in text_of(await answer.text())


async def test_members_get_no_link_and_demoted_admins_sign_in_to_nothing(
    services: Services, http: Client
) -> None:
    refused = await say(services, "/club manage", ctx("bo"))
    assert isinstance(refused, ErrorView) and "admin" in refused.message
    link = await manage_link(services)
    asked: list[tuple[ClubKey, MemberKey]] = []

    async def demoted(club: ClubKey, member: MemberKey) -> bool:
        asked.append((club, member))
        return False

    services.web.admin_checks[Platform.CONSOLE] = demoted
    answer = await http.post(link, allow_redirects=False)
    assert answer.status == 403 and "Set-Cookie" not in answer.headers
    assert "not an admin" in text_of(await answer.text())
    assert [m.user_id for _, m in asked] == ["ada"]


async def test_moving_a_paper_to_the_top_shows_in_papers_and_once_on_the_page(
    services: Services, http: Client
) -> None:
    await say(services, "/vote cancel")  # the vote's candidates stay put while it is open
    cookie = await sign_in(http, await manage_link(services))
    before = await titles(services)
    csrf = csrf_of(await (await http.get("/manage", headers=cookie)).text())
    form = {"csrf": csrf, "action": "move", "number": "3", "to": "top"}
    moved = await http.post("/manage/act", data=form, headers=cookie, allow_redirects=False)
    assert moved.status == 303 and moved.headers["Location"] == "/manage"
    assert await titles(services) == [before[2], before[0], before[1], *before[3:]]
    # The page says what the chat command answered, once.
    notice = (await page_after(http, cookie)).split(NAV)[1]
    assert notice.startswith(f"Moved “{before[2]}”"), notice
    again = (await page_after(http, cookie)).split(NAV)[1]
    assert again.startswith("Queue In reading order")


async def test_forms_without_the_sessions_csrf_token_change_nothing(
    services: Services, http: Client
) -> None:
    cookie = await sign_in(http, await manage_link(services))
    other = await sign_in(http, await manage_link(services))
    before = await titles(services)
    foreign = csrf_of(await (await http.get("/manage", headers=other)).text())
    for csrf in ("", "0" * 64, foreign):
        form = {"csrf": csrf, "action": "move", "number": "3", "to": "top"}
        answer = await http.post("/manage/act", data=form, headers=cookie, allow_redirects=False)
        assert answer.status == 403 and "Nothing was changed" in text_of(await answer.text())
    no_cookie = await http.post("/manage/act", data={"action": "remove", "number": "1"})
    assert no_cookie.status == 401
    assert (await http.get("/manage/act")).status == 405  # changes are POSTs only
    assert await titles(services) == before


async def test_refusals_are_the_chats_and_big_forms_are_refused_unread(
    services: Services, http: Client
) -> None:
    cookie = await sign_in(http, await manage_link(services))
    csrf = csrf_of(await (await http.get("/manage", headers=cookie)).text())
    before = await titles(services)
    # A candidate of the open vote stays put, in chat and here alike.
    refused = {"csrf": csrf, "action": "move", "number": "3", "to": "top"}
    await http.post("/manage/act", data=refused, headers=cookie, allow_redirects=False)
    chat = await say(services, "/papers move 3 top")
    assert isinstance(chat, ErrorView) and "open vote" in chat.message
    page = text_of(await (await http.get("/manage", headers=cookie)).text())
    assert chat.message in page
    # Past the limit a whole summary box of 4-byte characters needs, by a byte: not read.
    big = {
        "csrf": csrf,
        "action": "edit",
        "paper": "1",
        "part": "summary",
        "text": "x" * (forms.MAX_FORM + 1),
    }
    answer = await http.post("/manage/act", data=big, headers=cookie)
    assert answer.status == 413
    unknown = await http.post("/manage/act", data={"csrf": csrf, "action": "drop"}, headers=cookie)
    assert unknown.status == 400
    assert await titles(services) == before


async def test_edit_pin_assign_and_settings_run_the_chat_commands(
    services: Services, http: Client
) -> None:
    cookie = await sign_in(http, await manage_link(services))
    csrf = csrf_of(await (await http.get("/manage", headers=cookie)).text())

    async def post(**fields: str) -> str:
        await http.post(
            "/manage/act", data={"csrf": csrf, **fields}, headers=cookie, allow_redirects=False
        )
        return text_of(await (await http.get("/manage", headers=cookie)).text())

    first = (await titles(services))[0]
    await post(action="edit", paper="1", part="summary", text="Our own <b>summary</b>.")
    card = await say(services, "/paper 1")
    assert "Our own <b>summary</b>." in str(getattr(card, "summary", ""))
    await post(action="set", setting="time", value="19:30")
    shown = await say(services, "/club show")
    assert "19:30" in str(shown)
    await post(action="assign", session="1", member="Quinby")
    schedule = await say(services, "/schedule")
    assert "Quinby" in str(schedule)
    await post(action="assign", session="1", member="")
    assert "Quinby" not in str((await say(services, "/schedule")).entries[0])  # type: ignore[attr-defined]
    assert first in await titles(services)


async def test_the_cookie_is_not_secure_behind_plain_http(
    services: Services, clock: ManualClock
) -> None:
    await seed_club(services, clock)
    plain = replace(
        services,
        settings=services.settings.model_copy(update={"public_base_url": "http://club.example"}),
    )
    async with TestClient(TestServer(build_app(plain)), cookie_jar=DummyCookieJar()) as http:
        link = await manage_link(plain)
        answer = await http.post(link, allow_redirects=False)
        flags = answer.headers["Set-Cookie"].lower()
        assert "httponly" in flags and "samesite=strict" in flags and "secure" not in flags


def _boxes(html: str) -> dict[str, tuple[str, str]]:
    """The edit boxes in `html`: each textarea's id, its text and its maxlength."""
    document = html5lib.parse(html, namespaceHTMLElements=False)
    return {
        str(box.get("id")): (box.text or "", box.get("maxlength") or "")
        for box in document.iter("textarea")
    }


async def test_the_page_carries_no_boxes_and_each_papers_come_when_asked(
    services: Services, http: Client
) -> None:
    """The page links each paper's summary and prompts boxes instead of carrying them all; the
    boxes come from their own route, for the signed-in admin only, prefilled and limited as
    /paper edit is, and their forms save through /manage/act with the session's token."""
    cookie = await sign_in(http, await manage_link(services))
    html = await (await http.get("/manage", headers=cookie)).text()
    papers = await say(services, "/papers")
    assert isinstance(papers, PaperList)
    waiting = [i for i in papers.items if i.position is not None]
    first = await say(services, "/paper 1")
    assert isinstance(first, PaperCard) and first.summary
    assert _boxes(html) == {} and first.summary not in html
    for item in waiting:
        assert f'data-src="/manage/edit/{item.paper_id}?fragment=1"' in html
    third = waiting[2]
    fragment = await http.get(f"/manage/edit/{waiting[0].paper_id}?fragment=1", headers=cookie)
    assert fragment.status == 200 and fragment.headers["Cache-Control"] == "no-store"
    part = await fragment.text()
    parser = html5lib.HTMLParser(strict=True)
    parser.parseFragment(part)
    assert parser.errors == []
    limits = (str(paper_content.MAX_SUMMARY), str(club_manage.PROMPTS_LIMIT))
    assert _boxes(part) == {
        f"summary-{waiting[0].paper_id}": (first.summary, limits[0]),
        f"prompts-{waiting[0].paper_id}": ("\n".join(first.prompts), limits[1]),
    }
    assert csrf_of(part) == csrf_of(html)
    # Without JavaScript the link is a whole page with the same boxes.
    own = await (await http.get(f"/manage/edit/{third.paper_id}", headers=cookie)).text()
    strict_parse(own)
    assert f"Edit “{third.title}”" in text_of(own) and set(_boxes(own)) == {
        f"summary-{third.paper_id}",
        f"prompts-{third.paper_id}",
    }
    # Signed out, or a paper that is not waiting (another id, not a number): nothing shown.
    assert (await http.get(f"/manage/edit/{waiting[0].paper_id}?fragment=1")).status == 401
    for wrong in ("999999", "x1", "1" * 30):
        gone = await http.get(f"/manage/edit/{wrong}?fragment=1", headers=cookie)
        assert gone.status == 404 and "not waiting" in text_of(await gone.text())
    # A box's form saves as the page's did.
    form = {"csrf": csrf_of(part), "action": "edit", "paper": "1", "part": "summary"}
    saved = await http.post(
        "/manage/act", data={**form, "text": "Ours."}, headers=cookie, allow_redirects=False
    )
    assert saved.status == 303
    again = await (
        await http.get(f"/manage/edit/{waiting[0].paper_id}?fragment=1", headers=cookie)
    ).text()
    assert _boxes(again)[f"summary-{waiting[0].paper_id}"][0] == "Ours."


def _paper_forms(html: str, number: int) -> dict[str, dict[str, str]]:
    """The hidden fields of each form the page shows for its `number`th queued paper (or of the
    edit boxes' forms, `number` 1 of a fragment), by action ("edit" by part)."""
    document = html5lib.parse(html, namespaceHTMLElements=False)
    items = document.findall(".//ol/li") or [document]
    found: dict[str, dict[str, str]] = {}
    for form in items[number - 1].iter("form"):
        fields = {
            str(i.get("name")): str(i.get("value"))
            for i in form.iter("input")
            if i.get("type") == "hidden"
        }
        found[fields["action"] if fields["action"] != "edit" else fields["part"]] = fields
    return found


async def _queued(services: Services, who: Context = ADMIN) -> list[tuple[int, str]]:
    """Every waiting paper (all of /papers' pages): its id and title, in reading order."""
    spec = services.dispatcher.catalog.named("papers")
    assert spec is not None
    found: list[tuple[int, str]] = []
    for page in range(1, 100):
        papers = (await services.dispatcher.run_values(spec, {"page": page}, who)).view
        assert isinstance(papers, PaperList)
        found += [(i.paper_id, i.title) for i in papers.items if i.position is not None]
        if not papers.items or len(found) >= papers.total:
            return found
    raise AssertionError("more pages than any queue has")


async def test_a_page_form_acts_on_the_paper_shown_after_the_queue_shifted(
    services: Services, http: Client
) -> None:
    """The page (and an edit box opened from it) was loaded; then paper 1 left the queue, so
    every number moved up one. What the admin pressed for the paper shown third applies to
    that paper, now second, and the page says the queue had changed; never to the new third."""
    await say(services, "/vote cancel")  # the vote's candidates stay put while it is open
    cookie = await sign_in(http, await manage_link(services))
    html = await (await http.get("/manage", headers=cookie)).text()
    shown = await _queued(services)
    third_id, third = shown[2]
    page_forms = _paper_forms(html, 3)  # the forms as the page has them, posted as they are
    boxes = await (await http.get(f"/manage/edit/{third_id}?fragment=1", headers=cookie)).text()
    edit = _paper_forms(boxes, 1)["summary"]
    removed = await say(services, "/papers remove 1")  # the queue shifts under the open page
    assert "Removed" in str(removed)
    now = await _queued(services)
    assert now[1] == (third_id, third) and now[2] != (third_id, third)
    new_third_before = await say(services, "/paper 3")

    async def post(fields: dict[str, str], **more: str) -> str:
        answer = await http.post(
            "/manage/act", data={**fields, **more}, headers=cookie, allow_redirects=False
        )
        assert answer.status == 303
        return text_of(await (await http.get("/manage", headers=cookie)).text())

    page = await post(edit, text="Ours, for the paper shown third.")
    assert f"Updated for this club: “{third}”" in page
    card = await say(services, "/paper 2")
    assert isinstance(card, PaperCard) and card.title == third
    assert card.summary == "Ours, for the paper shown third."
    assert await say(services, "/paper 3") == new_third_before  # the new number 3 untouched
    # Up moves it one place up from where it is now (to the top), not to number 2.
    page = await post(page_forms["move"], to="up")
    assert f"Moved “{third}” to number 1 of the queue." in page
    assert "was number 3 there, and number 2 just before this change" in page
    assert [t for _, t in await _queued(services)][:3] == [third, now[0][1], now[2][1]]
    page = await post(page_forms["remove"])
    assert f"Removed “{third}” from the queue." in page
    assert third not in [t for _, t in await _queued(services)]
    assert [p for p, _ in await _queued(services)] == [p for p, _ in now if p != third_id]


async def test_a_page_form_for_a_paper_gone_from_the_queue_changes_nothing(
    services: Services, http: Client
) -> None:
    """A paper removed (or scheduled) since the page was loaded, or one that waits only in
    another club's queue: the admin is told plainly and nothing is written, not even to the
    paper that took its number."""
    await say(services, "/vote cancel")
    cookie = await sign_in(http, await manage_link(services))
    html = await (await http.get("/manage", headers=cookie)).text()
    gone_id, gone = (await _queued(services))[2]
    page_forms = _paper_forms(html, 3)
    boxes = await (await http.get(f"/manage/edit/{gone_id}?fragment=1", headers=cookie)).text()
    edit = _paper_forms(boxes, 1)["summary"]
    await say(services, "/papers remove 3")
    before = await _queued(services)
    cards = [await say(services, f"/paper {n}") for n in range(1, len(before) + 1)]
    refusal = "That paper is no longer waiting in the queue: it was scheduled or removed meanwhile."
    for fields, more in (
        (edit, {"text": "Lost words."}),
        (page_forms["move"], {"to": "top"}),
        (page_forms["move"], {"to": "down"}),
        (page_forms["remove"], {}),
        (page_forms["pin"], {"session": "2"}),
    ):
        answer = await http.post(
            "/manage/act", data={**fields, **more}, headers=cookie, allow_redirects=False
        )
        assert answer.status == 303
        page = text_of(await (await http.get("/manage", headers=cookie)).text())
        assert refusal in page and "Nothing was changed." in page, fields["action"]
    assert await _queued(services) == before
    assert [await say(services, f"/paper {n}") for n in range(1, len(before) + 1)] == cards
    assert gone in str(await say(services, "/papers"))  # listed as not waiting, as before

    # Another club's paper: its id opens no boxes here, and forms naming it are refused.
    other = ctx("ada", admin=True)
    other = replace(other, club=replace(other.club, channel_id="other"), channel_name="other")
    await say(services, "/club setup thu 18:00 Europe/Berlin", other)
    theirs = await _queued(services, other)
    mine = {p for p, _ in before}
    foreign = next(p for p, _ in theirs if p not in mine)
    answer = await http.get(f"/manage/edit/{foreign}?fragment=1", headers=cookie)
    assert answer.status == 404 and "not waiting" in text_of(await answer.text())
    for fields in (
        {**edit, "paper_id": str(foreign), "text": "Not yours."},
        {**page_forms["remove"], "paper_id": str(foreign)},
    ):
        await http.post("/manage/act", data=fields, headers=cookie, allow_redirects=False)
        page = text_of(await (await http.get("/manage", headers=cookie)).text())
        assert refusal in page
    assert await _queued(services) == before
    assert await _queued(services, other) == theirs
    their_number = [p for p, _ in theirs].index(foreign) + 1
    their_card = await say(services, f"/paper {their_number}", other)
    assert isinstance(their_card, PaperCard) and their_card.summary != "Not yours."


async def test_chat_still_names_papers_by_number_and_never_by_a_typed_id(
    services: Services, clock: ManualClock
) -> None:
    """The page's paper id is a form's field only: a word typed after the chat commands'
    own is refused as before, not read as an id."""
    await seed_club(services, clock)
    await say(services, "/vote cancel")
    before = await _queued(services)
    for line in (
        f"/papers remove 3 {before[0][0]}",
        f"/papers move 3 top {before[0][0]}",
    ):
        refused = await say(services, line)
        assert isinstance(refused, ErrorView) and refused.message.startswith("Usage:"), line
    assert await _queued(services) == before
    moved = await say(services, "/papers move 3 1")
    assert f"Moved “{before[2][1]}” to number 1" in str(moved)
