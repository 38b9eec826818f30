"""A Korean club's pages on the web (issues 17 and 19): the public page as served and as
exported (HTML and Markdown) and the management page, every sentence in Korean, dates in the
Korean form, `<html lang="ko">`; and what any club's page says of a meeting imported from a log.

What may stay English is the papers' and the members' own text (titles, authors, the English
summaries the card marks as such), names, ids, commands and links: `english_runs` from the
Korean week's test, after the page's own text is taken out.
"""

from __future__ import annotations

import html
import re
from collections.abc import AsyncIterator, Iterable
from dataclasses import replace
from pathlib import Path

import html5lib
import pytest
from aiohttp import DummyCookieJar
from aiohttp.test_utils import TestClient, TestServer
from babel.messages.pofile import read_po

import bot
from bot.bootstrap import Services
from bot.core.clock import ManualClock
from bot.core.usecases import club_page
from bot.core.usecases.club_page_view import ClubPage
from bot.core.usecases.paper_content import MAX_SUMMARY
from bot.core.views import Notice, PaperCard, PaperList
from bot.httpserver import build_app
from bot.webpage.markdown import render_markdown
from bot.webpage.render import render_page
from tests.i18n.test_korean_week import HANGUL, english_runs
from tests.web.manage_link import Client, csrf_of, manage_link, sign_in
from tests.web.seed import ADMIN, BASE, CLUB, say, seed_club
from tests.web.test_club_page import strict_parse, text_of

_VALUE = re.compile(r"%\((\w+)\)s")
_MD_ESCAPE = re.compile(r"\\([^\w\s])")
# A meeting from before the club was set up here (2 Nov 2026), as a group's README logs it.
LOG = """## 2026-10-07
**Paper:** [Attention Is All You Need](https://arxiv.org/abs/1706.03762)
**Presenter:** Alice Chen
"""


@pytest.fixture
async def korean(services: Services, clock: ManualClock) -> AsyncIterator[Client]:
    """The seeded club, reading Korean, with a meeting imported from its old log."""
    await seed_club(services, clock)
    imported = await services.dispatcher.run_text("/papers import " + LOG, ADMIN)
    assert isinstance(imported.view, Notice), imported.view
    changed = await say(services, "/club set language ko")
    assert isinstance(changed, Notice)
    async with TestClient(TestServer(build_app(services)), cookie_jar=DummyCookieJar()) as http:
        yield http


def _own(page: ClubPage, more: Iterable[str] = ()) -> list[str]:
    """The page's own text no catalog translates: the club's name and zone, the papers'
    titles (and the charts' cut forms of them), authors, summaries and prompts."""
    own = [page.club_name, page.timezone, *more]
    sessions = [*page.upcoming, *page.archive]
    papers = [s.paper for s in sessions if s.paper]
    papers += page.open_vote.candidates if page.open_vote else ()
    for paper in papers:
        own += [paper.title, paper.authors, paper.summary, *paper.prompts]
    for item in page.queue:
        own += [item.title, item.authors]
    own += [bar.note for bar in page.attendance if bar.note]
    titles = [o for o in own if len(o) > 33]
    own += [title[:33] + "…" for title in titles]  # a chart's label cut to fit
    return sorted({" ".join(o.split()) for o in own if o}, key=len, reverse=True)


def _english(text: str, own: list[str]) -> list[str]:
    # Markdown's escapes read back (the export escapes every punctuation mark it could use).
    flat = " ".join(_MD_ESCAPE.sub(r"\1", html.unescape(text)).split())
    for words in own:
        flat = flat.replace(words, " ¦ ")
    return english_runs(flat)


async def _page(services: Services) -> ClubPage:
    page = await club_page.by_club(CLUB, services.deps.store, BASE)
    assert page is not None
    return page


def _html_lang(html: str) -> str | None:
    return html5lib.parse(html, namespaceHTMLElements=False).get("lang")


async def test_a_korean_clubs_page_served_and_exported_is_korean(
    services: Services, korean: Client
) -> None:
    page = await _page(services)
    async with services.deps.uow() as uow:
        club = await uow.clubs.get(CLUB)
    assert club is not None and club.page_token
    served = await korean.get(f"/club/{club.page_token}")
    assert served.status == 200
    own = _own(page)
    for document in (await served.text(), render_page(page, "")):
        strict_parse(document)
        assert _html_lang(document) == "ko"
        words = text_of(document)
        assert _english(words, own) == [], words
        title = html5lib.parse(document, namespaceHTMLElements=False).find("head/title")
        assert title is not None and title.text == "console: 논문 클럽"
        # Dates in the Korean form, the UTC time beside them; the imported meeting's
        # attendance is not recorded rather than zero.
        assert "2026년 11월 4일 (수) 오후 6:00 CET (17:00 UTC)" in words
        assert "참석 기록 없음" in words and "0명 참석" not in words
        assert not re.search(r"\b(Wed|Nov|Dec|Presenter|Archive)\b", words)
        # The visitor-local time script is told its words in Korean.
        assert 'data-your-time="내 시간 ({zone}): {time}"' in document
    markdown = render_markdown(page)
    assert _english(markdown, own) == [], markdown
    assert "## 지난 모임" in markdown and "| 날짜 | 논문 | 발표자 |" in markdown
    assert "2026년 10월 7일 \\(수\\) 오후 6:00 CEST: [Attention Is All You Need]" in markdown
    assert markdown.rstrip().count("참석 기록 없음") == 1


async def test_an_english_clubs_page_says_an_imported_meetings_attendance_is_not_recorded(
    services: Services, clock: ManualClock
) -> None:
    await seed_club(services, clock)
    await services.dispatcher.run_text("/papers import " + LOG, ADMIN)
    page = await _page(services)
    words = text_of(render_page(page, ""))
    assert "Presenter: a member · attendance not recorded" in words
    assert "0 people came" not in words
    markdown = render_markdown(page)
    assert "presented by a member; attendance not recorded" in markdown
    # The average is over the meetings whose attendance is known: (3 + 1 + 2) / 3.
    assert dict(page.figures)["Average attendance"] == 2.0
    assert "Average attendance2.0" in words
    assert len(page.attendance) == 3


@pytest.mark.parametrize(("language", "label"), [("en", "Check-ins"), ("ko", "출석 체크")])
async def test_the_pages_numbers_are_in_the_clubs_locale(
    services: Services, clock: ManualClock, language: str, label: str
) -> None:
    """The figures and charts' numbers are formatted by Babel in the club's locale (grouped
    thousands, one decimal for an average), not written by Python."""
    await seed_club(services, clock)
    page = await _page(services)
    figures = tuple((name, 12345 if name == "Check-ins" else value) for name, value in page.figures)
    bars = tuple(replace(bar, value=bar.value * 1000) for bar in page.attendance)
    many = replace(page, figures=figures, attendance=bars, language=language)
    words = text_of(render_page(many, ""))
    assert f"{label}12,345" in words, words
    assert f"{bars[0].value // 1000},000" in words and str(bars[0].value) not in words


COUNTS = {
    "en": ("1,234 past sessions", "12,345 people came", "23,456 ballots"),
    "ko": ("지난 모임 1,234회", "12,345명 참석", "23,456표"),
}


# Languages without a catalog (club_defaults takes any code shaped so): English, as the page's
# sentences are; "kr" is a slip for "ko" that Babel has no locale for.
WITHOUT_CATALOG = ("de", "fr", "pt-BR", "kr")


@pytest.mark.parametrize("language", [*COUNTS, *WITHOUT_CATALOG])
async def test_the_numbers_in_the_pages_count_sentences_are_in_the_clubs_locale(
    services: Services, clock: ManualClock, language: str
) -> None:
    """A `{% trans %}` count sentence's number goes through Babel as the chat's do, not
    Python's `%s` ("1234 people came" before); a club whose language has no catalog reads
    the English page, numbers as English writes them."""
    await seed_club(services, clock)
    page = await _page(services)
    [held, *_] = [s for s in page.archive if s.vote is not None]
    assert held.vote is not None
    vote = replace(held.vote, ballots=23456)
    archive = (replace(held, came=12345, vote=vote),) * 1234
    html = render_page(replace(page, archive=archive, language=language), "")
    words = text_of(html)
    for sentence in COUNTS.get(language, COUNTS["en"]):
        assert sentence in words, (sentence, words[:2000])
    assert f'<html lang="{language if language in COUNTS else "en"}">' in html


async def test_the_management_page_of_a_korean_club_is_korean(
    services: Services, korean: Client
) -> None:
    link = await manage_link(services)
    look = await korean.get(link)
    looked = await look.text()
    assert _html_lang(looked) == "ko" and "Ada(으)로 로그인" in text_of(looked)
    cookie = await sign_in(korean, link)
    html = await (await korean.get("/manage", headers=cookie)).text()
    strict_parse(html)
    assert _html_lang(html) == "ko"
    words = text_of(html)
    # The settings show their values as /club show does; the edit boxes (fetched when opened)
    # hold the papers' own summaries and prompts, English where nobody wrote Korean ones.
    own = _own(await _page(services), ("Ada",))
    assert _english(words, own) == [], words
    assert "대기열" in words and "설정" in words and "요약과 질문 편집" in words
    papers = await say(services, "/papers")
    assert isinstance(papers, PaperList)
    first = next(i for i in papers.items if i.position == 1)
    for url in (f"/manage/edit/{first.paper_id}?fragment=1", f"/manage/edit/{first.paper_id}"):
        boxes = await (await korean.get(url, headers=cookie)).text()
        card = await say(services, "/paper 1")
        assert isinstance(card, PaperCard)
        known = _own(await _page(services), ("Ada", first.title, card.summary, *card.prompts))
        assert "요약 저장" in text_of(boxes) and _english(text_of(boxes), known) == []
    # What a change answers is said in Korean too, and so is a refused form.
    csrf = csrf_of(html)
    form = {"csrf": csrf, "action": "move", "number": "2", "to": "top"}
    await korean.post("/manage/act", data=form, headers=cookie, allow_redirects=False)
    notice = html5lib.parse(
        await (await korean.get("/manage", headers=cookie)).text(), namespaceHTMLElements=False
    ).find(".//p[@id='notice']")
    assert notice is not None and HANGUL.search(notice.text or ""), notice.text
    refused = await korean.post("/manage/act", data={"csrf": "0" * 64}, headers=cookie)
    assert refused.status == 403 and "아무것도 바뀌지 않았어요" in text_of(await refused.text())
    # A used link's page is in the club's language, though it opens nothing.
    used = await korean.get(link)
    assert used.status == 410 and _html_lang(await used.text()) == "ko"
    assert "이미 사용한 링크예요" in text_of(await used.text())


async def test_pages_without_a_club_follow_the_browsers_language(korean: Client) -> None:
    unknown = "/manage/sign-in/" + "x" * 43
    asked = {"Accept-Language": "fr-FR,fr;q=0.9,ko;q=0.8,en;q=0.5"}
    answer = await korean.get(unknown, headers=asked)
    assert answer.status == 404 and _html_lang(await answer.text()) == "ko"
    assert "알 수 없는 링크" in text_of(await answer.text())
    english = await korean.get(unknown, headers={"Accept-Language": "en-GB,ko;q=0.1"})
    assert "Unknown link" in text_of(await english.text())
    plain = await korean.get("/manage")
    assert plain.status == 401 and _html_lang(await plain.text()) == "en"
    signed_out = await korean.get("/manage", headers={"Accept-Language": "ko-KR"})
    assert "로그인되어 있지 않아요" in text_of(await signed_out.text())


def _textarea(html: str, name: str) -> tuple[str, str]:
    """The text and maxlength of the edit box with this id."""
    document = html5lib.parse(html, namespaceHTMLElements=False)
    found = document.find(f".//textarea[@id='{name}']")
    assert found is not None, name
    return found.text or "", found.get("maxlength") or ""


async def test_the_edit_boxes_hold_the_clubs_text_and_take_a_whole_korean_summary(
    services: Services, korean: Client
) -> None:
    cookie = await sign_in(korean, await manage_link(services))
    papers = await say(services, "/papers")
    assert isinstance(papers, PaperList)
    first_id = next(i.paper_id for i in papers.items if i.position == 1)
    boxes = f"/manage/edit/{first_id}?fragment=1"
    html = await (await korean.get(boxes, headers=cookie)).text()
    first = await say(services, "/paper 1")
    assert isinstance(first, PaperCard)
    summary, limit = _textarea(html, f"summary-{first_id}")
    assert summary == first.summary and int(limit) == MAX_SUMMARY
    prompts, _limit = _textarea(html, f"prompts-{first_id}")
    assert prompts.splitlines() == list(first.prompts)
    # A summary as long as the box takes, in Hangul (three bytes each, nine URL-encoded).
    text = ("이 논문은 주의 메커니즘만으로 번역 모델을 만든다. " * 80)[:MAX_SUMMARY]
    assert len(text) == MAX_SUMMARY
    form = {"csrf": csrf_of(html), "action": "edit", "paper": "1", "part": "summary"}
    saved = await korean.post(
        "/manage/act", data={**form, "text": text}, headers=cookie, allow_redirects=False
    )
    assert saved.status == 303
    card = await say(services, "/paper 1")
    assert isinstance(card, PaperCard) and card.summary == " ".join(text.split())
    assert card.prompts == first.prompts  # the other box's text stays
    again = await (await korean.get(boxes, headers=cookie)).text()
    assert _textarea(again, f"summary-{first_id}")[0] == card.summary


def test_the_templates_translations_keep_their_values() -> None:
    """A `{% trans %}` block's `%(name)s` values are filled after translation: a translation
    that dropped or renamed one would fail the page (the catalog test checks `{name}` only)."""
    with (Path(bot.__file__).parent / "locale/ko/LC_MESSAGES/paperclub.po").open("rb") as po:
        catalog = read_po(po, locale="ko")
    checked = 0
    for message in catalog:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(_VALUE.findall(ids[0]))
        if not wanted:
            continue
        checked += 1
        for string in strings:
            assert set(_VALUE.findall(string)) == wanted, (message.id, string)
    assert checked >= 10
