"""Issue 19: a name the admin picks for the club's page, /c/<name> beside the secret address:
checked, normalised, one club's across every platform (two admins racing included), released
when cleared, changed or the page is turned off, and kept by /club page renew."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace

import pytest
from aiohttp.test_utils import TestClient, TestServer
from hypothesis import given
from hypothesis import strategies as st

from bot.bootstrap import Services
from bot.core.clock import ManualClock
from bot.core.commands.context import Context
from bot.core.domain.errors import InvalidInput
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.core.domain.page_slugs import RESERVED, SlugTaken, checked
from bot.core.views import ErrorView, Notice
from bot.httpserver import build_app
from bot.i18n import say as said
from bot.i18n import speaking
from bot.settings import Settings
from tests.web.seed import ADMIN, CLUB, say, seed_club
from tests.web.test_club_page import text_of

BASE = "https://club.example"
Client = TestClient[object, object]


def admin_of(platform: Platform, workspace: str, channel: str) -> Context:
    member = MemberKey(platform, workspace, "boss")
    return Context(ClubKey(platform, workspace, channel), Actor(member, "Boss", True), channel)


# Another club, on another platform: names are one club's across all of them.
SLACK = admin_of(Platform.SLACK, "T1", "C1")
DISCORD = admin_of(Platform.DISCORD, "9", "10")


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, paper_text=False, public_base_url=BASE)


@pytest.fixture
async def http(services: Services, clock: ManualClock) -> AsyncIterator[Client]:
    await seed_club(services, clock)
    async with TestClient(TestServer(build_app(services))) as client:
        yield client


async def open_club(services: Services, who: Context) -> None:
    await say(services, "/club setup wed 18:00 UTC", who)
    assert isinstance(await say(services, "/club page on", who), Notice)


async def slug_of(services: Services, key: ClubKey = CLUB) -> str | None:
    async with services.deps.uow() as uow:
        club = await uow.clubs.get(key)
    assert club is not None
    return club.page_slug


async def club_name_at(http: Client, path: str) -> str | None:
    answer = await http.get(path)
    if answer.status == 404:
        return None
    assert answer.status == 200
    return text_of(await answer.text())


async def test_a_chosen_name_serves_the_page_beside_its_secret_address(
    services: Services, http: Client
) -> None:
    chosen = await say(services, "/club page slug Reading-Group-42")
    assert isinstance(chosen, Notice), chosen
    assert chosen.text == f"The club's page is also at {BASE}/c/reading-group-42"
    assert await slug_of(services) == "reading-group-42"
    page = await http.get("/c/reading-group-42")
    assert page.status == 200 and page.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "default-src 'none'" in page.headers["Content-Security-Policy"]
    words = text_of(await page.text())
    assert "Attention Is All You Need" in words
    # Typed as people type it: any case, full-width letters too.
    for typed in ("/c/READING-group-42", "/c/%EF%BC%B2eading-group-42"):
        assert await club_name_at(http, typed) == words, typed
    token = (await say(services, "/club page on")).text.rsplit("/", 1)[1]  # type: ignore[attr-defined]
    assert await club_name_at(http, f"/club/{token}") == words
    # What `on` says now names both addresses.
    again = await say(services, "/club page on")
    assert isinstance(again, Notice)
    assert f"Its chosen address stays: {BASE}/c/reading-group-42" in again.details


async def test_a_name_is_one_clubs_on_every_platform(services: Services, http: Client) -> None:
    await say(services, "/club page slug paper-club")
    for other in (SLACK, DISCORD):
        await open_club(services, other)
        for typed in ("paper-club", "PAPER-CLUB", "ｐａｐｅｒ-club"):
            taken = await say(services, f"/club page slug {typed}", other)
            assert isinstance(taken, ErrorView), typed
            assert taken.message == "The page name “paper-club” is taken by another club."
            assert taken.hint == "Choose another name: /club page slug NAME"
            assert await slug_of(services, other.club) is None
    assert await slug_of(services) == "paper-club"
    assert "Attention Is All You Need" in (await club_name_at(http, "/c/paper-club") or "")
    # Choosing the name it already has is no conflict.
    assert isinstance(await say(services, "/club page slug paper-club"), Notice)


async def test_two_admins_racing_for_one_name_get_it_and_a_clear_no(
    services: Services, http: Client
) -> None:
    await open_club(services, SLACK)
    await open_club(services, DISCORD)
    replies = await asyncio.gather(
        *(say(services, "/club page slug the-race", who) for who in (SLACK, DISCORD))
    )
    won = [r for r in replies if isinstance(r, Notice)]
    lost = [r for r in replies if isinstance(r, ErrorView)]
    assert len(won) == len(lost) == 1, replies
    assert "is taken by another club" in lost[0].message
    slugs = {await slug_of(services, who.club) for who in (SLACK, DISCORD)}
    assert slugs == {"the-race", None}


async def test_the_database_refuses_a_second_club_the_same_name(services: Services) -> None:
    """The check is the UNIQUE constraint itself, not a read before the write: a write that
    skips the command still cannot give two clubs one name."""
    await open_club(services, SLACK)
    await open_club(services, DISCORD)
    await say(services, "/club page slug first-come", SLACK)
    with pytest.raises(SlugTaken):
        async with services.deps.uow() as uow:
            club = await uow.clubs.get(DISCORD.club)
            assert club is not None
            await uow.clubs.update(replace(club, page_slug="first-come"))
            await uow.commit()
    assert await slug_of(services, DISCORD.club) is None


@pytest.mark.parametrize("word", ["api", "manage", "static", "health", "calendar", "clear"])
async def test_reserved_words_are_refused(services: Services, http: Client, word: str) -> None:
    if word == "clear":  # the word that releases a name: nothing to release, nothing taken
        reply = await say(services, "/club page slug clear")
        assert isinstance(reply, Notice) and reply.text == "The club's page has no chosen name."
    else:
        reply = await say(services, f"/club page slug {word.upper()}")
        assert isinstance(reply, ErrorView), reply
        assert reply.message == f"“{word}” is kept for the bot's own pages; choose another name."
    assert await slug_of(services) is None
    assert (await http.get(f"/c/{word}")).status == 404


HOSTILE = {
    "right-to-left mark": "\u200fclub-page",
    "left-to-right override": "club\u202d-page",
    "zero-width space": "club\u200b-page",
    "Cyrillic a (homoglyph)": "p\u0430per-club",
    "Greek omicron (homoglyph)": "b\u03bfok-club",
    "dotted capital I": "\u0130stanbul",
    "a space": "our club",
    "a mention": "@everyone",
    "markup": "<b>club</b>",
    "a path": "../manage",
    "hyphens at the ends": "-club-",
    "a double hyphen": "club--page",
    "emoji": "club-\U0001f4da",
}


@pytest.mark.parametrize("raw", list(HOSTILE.values()), ids=list(HOSTILE))
async def test_hostile_names_are_refused_clearly_and_not_echoed(
    services: Services, http: Client, raw: str
) -> None:
    reply = await say(services, f"/club page slug {raw}")
    assert isinstance(reply, ErrorView), reply
    assert reply.message.startswith("A page name uses only the letters a-z, digits and single")
    assert raw not in reply.message + (reply.hint or "")
    assert await slug_of(services) is None


CHARS_RULE = (
    "A page name uses only the letters a-z, digits and single hyphens between them (like "
    "reading-group-42)."
)
LENGTH_RULE = "A page name is 3 to 40 characters long (like reading-group-42)."


@pytest.mark.parametrize("raw", ["ab", "a" * 41, "ﷺ" * 300, "a" * 10_240])
async def test_too_short_and_too_long_names_are_refused_unread(
    services: Services, http: Client, raw: str
) -> None:
    typed = await say(services, f"/club page slug {raw}")
    assert isinstance(typed, ErrorView), typed
    # A typed line over 2,000 characters is refused before any command reads it.
    assert typed.message == LENGTH_RULE or typed.message.startswith("That message is 10,25")
    # Discord's typed options and the management page's forms give the value by itself.
    spec = services.dispatcher.catalog.named("club page")
    assert spec is not None
    given = await services.dispatcher.run_values(spec, {"action": "slug", "name": raw}, ADMIN)
    assert isinstance(given.view, ErrorView) and given.view.message == LENGTH_RULE
    assert await slug_of(services) is None
    assert (await http.get(f"/c/{raw[:300]}")).status == 404


@given(st.text(max_size=60))
def test_whatever_is_typed_is_refused_or_becomes_a_plain_ascii_name(raw: str) -> None:
    try:
        slug = checked(raw)
    except InvalidInput as refused:
        # One of the rules, said without the input; a kept word is named in its plain form.
        rules = (LENGTH_RULE, CHARS_RULE)
        kept = [
            w
            for w in RESERVED
            if refused.message == f"“{w}” is kept for the bot's own pages; choose another name."
        ]
        assert refused.message in rules or kept, refused.message
        return
    assert slug.isascii() and 3 <= len(slug) <= 40
    assert all(c.islower() or c.isdigit() or c == "-" for c in slug)
    assert checked(slug) == slug  # a stored name reads back as itself


async def test_names_are_released_when_cleared_changed_or_the_page_turned_off(
    services: Services, http: Client
) -> None:
    await open_club(services, SLACK)
    await say(services, "/club page slug journal-club")
    # Changed: the old name is free at once, the new one serves.
    changed = await say(services, "/club page slug journal-club-b")
    assert isinstance(changed, Notice)
    assert "The name “journal-club” is free for any club now." in changed.details
    assert await club_name_at(http, "/c/journal-club") is None
    assert isinstance(await say(services, "/club page slug journal-club", SLACK), Notice)
    # Cleared.
    cleared = await say(services, "/club page slug clear", SLACK)
    assert isinstance(cleared, Notice)
    assert cleared.text == "The name “journal-club” is released; /c/journal-club shows nothing now."
    assert await club_name_at(http, "/c/journal-club") is None
    # Turned off: the page and its name go; the name is free for the other club.
    off = await say(services, "/club page off")
    assert isinstance(off, Notice)
    assert "The name “journal-club-b” is free for any club now." in off.details
    assert await club_name_at(http, "/c/journal-club-b") is None
    assert await slug_of(services) is None
    assert isinstance(await say(services, "/club page slug journal-club-b", SLACK), Notice)
    # A page that is off has no address to name.
    refused = await say(services, "/club page slug ours-again")
    assert isinstance(refused, ErrorView)
    assert refused.message == "The club's page is off, so it has no address to name."
    assert refused.hint == "Turn it on with /club page on, then name it."


async def test_renew_changes_the_secret_address_and_keeps_the_name(
    services: Services, http: Client
) -> None:
    first = (await say(services, "/club page on")).text.rsplit("/", 1)[1]  # type: ignore[attr-defined]
    await say(services, "/club page slug kept-name")
    renewed = await say(services, "/club page renew")
    assert isinstance(renewed, Notice) and renewed.text.startswith("New page address")
    assert f"Its chosen address stays: {BASE}/c/kept-name" in renewed.details
    second = renewed.text.rsplit("/", 1)[1]
    assert (await http.get(f"/club/{first}")).status == 404
    assert (await http.get(f"/club/{second}")).status == 200
    assert (await http.get("/c/kept-name")).status == 200


async def test_a_name_without_the_slug_action_or_no_name_is_explained(
    services: Services, http: Client
) -> None:
    wrong = await say(services, "/club page on my-club")
    assert isinstance(wrong, ErrorView) and wrong.message == "Only /club page slug takes a name."
    bare = await say(services, "/club page slug")
    assert isinstance(bare, ErrorView)
    assert bare.message == "Name the page: /club page slug NAME (like reading-group-42)."
    assert await slug_of(services) is None


async def test_a_korean_club_is_answered_in_korean(services: Services, http: Client) -> None:
    await say(services, "/club set language ko")
    reply = await say(services, "/club page slug api", ADMIN)
    assert isinstance(reply, ErrorView)
    with speaking("ko"):
        text = said(reply.message)
    assert text != reply.message and "api" in text
