"""The club's public page at /club/<token>: off until an admin turns it on, at an address nobody
can guess, and showing what the chat shows (/schedule, /schedule past, /papers)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import replace

import html5lib
import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.bootstrap import Services
from bot.core.clock import ManualClock
from bot.core.usecases.renew_calendar_link import new_token
from bot.core.views import ErrorView, Notice, PaperList, ScheduleView
from bot.httpserver import build_app
from tests.web.seed import ADMIN, BASE, CLUB, ctx, say, seed_club

Client = TestClient[object, object]


@pytest.fixture
async def http(services: Services) -> AsyncIterator[Client]:
    async with TestClient(TestServer(build_app(services))) as client:
        yield client


def text_of(html: str) -> str:
    """The page's visible words, tags dropped and entities read, spaces collapsed."""
    document = html5lib.parse(html, namespaceHTMLElements=False)
    body = document.find("body")
    assert body is not None
    return " ".join("".join(body.itertext()).split())


def strict_parse(html: str) -> None:
    parser = html5lib.HTMLParser(strict=True)
    parser.parse(html)
    assert parser.errors == []


async def test_the_page_is_off_until_an_admin_turns_it_on(
    services: Services, clock: ManualClock, http: Client
) -> None:
    await say(services, "/club setup wed 18:00 UTC")
    refused = await say(services, "/club page on", ctx("bo"))
    assert isinstance(refused, ErrorView) and "admin" in refused.message.lower()
    async with services.deps.uow() as uow:
        club = await uow.clubs.get(CLUB)
    assert club is not None and club.page_token is None
    assert (await http.get(f"/club/{new_token()}")).status == 404

    on = await say(services, "/club page on")
    assert isinstance(on, Notice)
    async with services.deps.uow() as uow:
        club = await uow.clubs.get(CLUB)
    assert club is not None and club.page_token and len(club.page_token) >= 40
    assert on.text == f"The club's page is on: {BASE}/club/{club.page_token}"
    page = await http.get(f"/club/{club.page_token}")
    assert page.status == 200
    assert page.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "default-src 'none'" in page.headers["Content-Security-Policy"]
    assert (await say(services, "/club page on")).text == on.text  # type: ignore[attr-defined]


async def test_renew_moves_the_page_and_off_takes_it_down(
    services: Services, clock: ManualClock, http: Client
) -> None:
    first = (await seed_club(services, clock)).token
    renewed = await say(services, "/club page renew")
    assert isinstance(renewed, Notice) and renewed.text.startswith("New page address")
    second = renewed.text.rsplit("/", 1)[1]
    assert second != first
    assert (await http.get(f"/club/{first}")).status == 404
    assert (await http.get(f"/club/{second}")).status == 200
    off = await say(services, "/club page off")
    assert isinstance(off, Notice) and "off" in off.text
    unknown = await http.get(f"/club/{new_token()}")
    gone = await http.get(f"/club/{second}")
    assert gone.status == unknown.status == 404
    assert await gone.read() == await unknown.read()


@pytest.mark.parametrize("path", ["/club/short", "/club/" + "a" * 300, "/club/..%2fhealthz"])
async def test_malformed_addresses_are_404(
    services: Services, clock: ManualClock, http: Client, path: str
) -> None:
    await seed_club(services, clock)
    assert (await http.get(path)).status == 404


async def test_the_page_shows_what_the_chat_shows(
    services: Services, clock: ManualClock, http: Client
) -> None:
    token = (await seed_club(services, clock)).token
    schedule = await say(services, "/schedule 6")
    past = await say(services, "/schedule past")
    papers = await say(services, "/papers")
    assert isinstance(schedule, ScheduleView) and isinstance(past, ScheduleView)
    assert isinstance(papers, PaperList)
    html = await (await http.get(f"/club/{token}")).text()
    strict_parse(html)
    words = text_of(html)

    def section(name: str) -> str:
        found = re.search(rf'<section id="{name}".*?</section>', html, re.S)
        assert found is not None, name
        return text_of(f"<!DOCTYPE html><title>x</title>{found.group(0)}")

    # The upcoming schedule, in order, skipped week included.
    upcoming = section("schedule")
    at = 0
    for entry in schedule.entries:
        shown = entry.paper_title or "No session (skipped)"
        if entry.status == "skipped":
            shown = "No session (skipped)"
        assert entry.local_text in upcoming
        at = upcoming.index(shown, at) + len(shown)
    assert "No session (skipped)" in upcoming
    # The archive: each session held, most recent first, with how many came.
    archive = section("archive")
    at = 0
    for entry in past.entries:
        assert entry.paper_title is not None
        at = archive.index(entry.paper_title, at)
        count = f"{entry.came} {'person' if entry.came == 1 else 'people'} came"
        assert count in archive[at:]
    # The queue, in the order /papers lists it.
    queue = section("queue")
    at = 0
    for item in papers.items:
        at = queue.index(item.title, at) + len(item.title)
    # The next session's card has its paper, summary, prompts and links.
    card = section("next")
    first = schedule.entries[0]
    assert first.paper_title and first.paper_title in card and first.local_text in card
    assert "Discussion prompts" in card and "(17:00 UTC)" in card
    # The open vote's candidates; the closed vote that chose a paper, as counts.
    assert "Open vote" in words and "Voting happens in the club's chat" in words
    assert "The vote that chose it: 3 ballots" in archive
    # Subscribing: webcal and Google Calendar.
    assert 'href="webcal://club.example/calendar/' in html
    assert "https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2Fclub.example" in html
    # Markup in a title is text.
    assert "Deep Residual Learning <for> Image Recognition" in words
    assert "<for>" not in html


async def test_member_names_only_when_the_club_shows_them(
    services: Services, clock: ManualClock, http: Client
) -> None:
    token = (await seed_club(services, clock)).token
    hidden = text_of(await (await http.get(f"/club/{token}")).text())
    assert "Presenter: a member" in hidden
    for name in ("Quinby", "Yusra", "Xavi", "Ada"):
        found = re.search(rf"\b{name}\b", hidden)
        assert found is None, hidden[found.start() - 80 : found.end() + 80]
    shown = await say(services, "/club set page_names on")
    assert isinstance(shown, Notice) and "page_names is now on" in shown.text
    named = text_of(await (await http.get(f"/club/{token}")).text())
    assert "Presenter: Quinby" in named


async def test_anonymous_votes_never_name_voters(
    services: Services, clock: ManualClock, http: Client
) -> None:
    await say(services, "/club set anonymous on", ADMIN)
    token = (await seed_club(services, clock)).token
    await say(services, "/club set page_names on")
    words = text_of(await (await http.get(f"/club/{token}")).text())
    # Yusra and Xavi voted but never presented or suggested: nothing on the page names them.
    for name in ("Yusra", "Xavi"):
        assert not re.search(rf"\b{name}\b", words), name


async def test_every_chart_has_a_text_alternative(
    services: Services, clock: ManualClock, http: Client
) -> None:
    token = (await seed_club(services, clock)).token
    html = await (await http.get(f"/club/{token}")).text()
    document = html5lib.parse(html, namespaceHTMLElements=False)
    svgs = list(document.iter("{http://www.w3.org/2000/svg}svg"))
    assert len(svgs) >= 2  # attendance and the vote that chose a paper
    for svg in svgs:
        assert svg.get("role") == "img"
        labels = (svg.get("aria-labelledby") or "").split()
        found = {
            el.get("id"): "".join(el.itertext()).strip()
            for el in svg.iter()
            if el.get("id") in labels
        }
        assert len(found) == 2 and all(found.values()), found
    for image in document.iter("img"):
        assert image.get("alt"), image.attrib


async def test_a_javascript_url_is_not_a_link(
    services: Services, clock: ManualClock, http: Client
) -> None:
    token = (await seed_club(services, clock)).token
    async with services.deps.uow() as uow:
        club = await uow.clubs.get(CLUB)
        assert club is not None
        entries = await uow.queue.entries(club.id)
        await uow.papers.upsert(replace(entries[0].paper, url="javascript:alert(1)"))
        await uow.commit()
    html = await (await http.get(f"/club/{token}")).text()
    assert "javascript:" not in html


async def test_the_stylesheet_and_script_are_served_and_nothing_else(
    services: Services, http: Client
) -> None:
    css = await http.get("/page-assets/page.css")
    assert css.status == 200 and css.headers["Content-Type"].startswith("text/css")
    js = await http.get("/page-assets/local-time.js")
    assert js.status == 200 and js.headers["Content-Type"].startswith("text/javascript")
    for name in ("page.html.j2", "../render.py", "..%2f__init__.py", "charts.html.j2"):
        assert (await http.get(f"/page-assets/{name}")).status == 404


async def test_a_korean_clubs_charts_speak_korean(
    services: Services, clock: ManualClock, http: Client
) -> None:
    token = (await seed_club(services, clock)).token
    await say(services, "/club set language ko")
    html = await (await http.get(f"/club/{token}")).text()
    strict_parse(html)
    document = html5lib.parse(html, namespaceHTMLElements=False)
    svg_ns = "{http://www.w3.org/2000/svg}"
    titles = [el.text or "" for el in document.iter(f"{svg_ns}title")]
    descs = [el.text or "" for el in document.iter(f"{svg_ns}desc")]
    assert "최근 모임 참석" in titles
    assert any(t.endswith("모임 논문 투표 결과") and "년" in t for t in titles), titles
    attendance = descs[titles.index("최근 모임 참석")]
    # The sessions' days in Korean form ("2026년 11월 4일 (수)"), no English weekday or month.
    assert attendance.startswith("참석한 사람 수: 2026년 11월 4일 (수): 3;"), attendance
    assert not re.search(r"\b(Wed|Nov|Dec)\b", " ".join(titles + descs))
    for figure in document.iter("figure"):
        assert figure.get("lang") == "ko"
        summary = figure.find("details/summary")
        assert summary is not None and summary.text == "숫자로 보기"
