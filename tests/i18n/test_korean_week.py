"""A week of a Korean club through the real use cases, every reply and post rendered on the
console, Discord and Slack: no English sentence reaches it (issue 17).

The render test beside this one builds its views from catalog messages, so it cannot see a
sentence a use case still writes in English. This one drives the club as its members would
(setup, the paper, the schedule and its history, the queue, stats, a ranked vote with rounds and
a tie, /club show, /help, /whoami, a presenter swap, reminders, mistakes) and reads everything
it answers or posts. What may stay English is the members' and the papers' own text (titles,
authors, summaries the card marks as English), names, ids, commands and links.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest

from bot.adapters.console.app import ConsoleClub
from bot.adapters.console.render import render_reply as console_render
from bot.adapters.discord.render import render_reply as discord_render
from bot.bootstrap import Services, build_services
from bot.core.clock import ManualClock
from bot.core.commands.catalog import Catalog
from bot.core.commands.context import Context
from bot.core.domain.ids import Actor, MemberKey, Platform
from bot.core.usecases.club_settings import SETTINGS
from bot.core.views import Reply
from bot.demo import DemoPoster
from bot.readinglist.shipped import load_reading_list
from bot.scheduling.wakeups import Wakeups, config_from
from bot.settings import ClubDefaults, Settings
from tests.i18n.platform_text import slack_strings, strings_in

CLUB_NAME = "서울 논문 클럽"
MEMBERS = ("you", "alice", "bob", "carol")
HANGUL = re.compile(r"[\uac00-\ud7a3]")
# A run of three or more English words in a row: a sentence (or most of one) in English.
_RUN = re.compile(r"[A-Za-z][A-Za-z'’]*(?:[ ,]+[A-Za-z][A-Za-z'’]*){2,}")
# Commands with their words and placeholders, code, links, Slack's <…> and :emoji: codes.
_COMMAND = re.compile(
    r"/[a-z][a-z_-]*(?: [a-z_|-]+)*(?: [A-Z0-9_.…|]+)*|`[^`]*`|<[^>]*>|https?://\S+|:[a-z_]+:"
)
_ESCAPE = re.compile(r"\\([*_~|>`#\-.\[\]()])")


@dataclass
class Heard:
    """Everything the club was told, per platform, with what it answered."""

    texts: dict[str, list[tuple[str, str]]] = field(
        default_factory=lambda: {"console": [], "discord": [], "slack": []}
    )

    def reply(self, what: str, reply: Reply, services: Services) -> None:
        now = services.deps.store.clock.now()
        self.texts["console"].append((what, console_render(reply)))
        self.texts["discord"].append((what, " ¦ ".join(_discord(reply, now))))
        self.texts["slack"].append((what, " ¦ ".join(slack_strings(reply))))

    def console_only(self, what: str, text: str) -> None:
        self.texts["console"].append((what, text))


def _discord(reply: Reply, now: Any) -> list[str]:
    parts = discord_render(reply, now=now)
    texts = [s for e in parts.embeds for s in strings_in(e.to_dict())]
    if parts.view is not None:
        for item in parts.view.children:
            texts.append(str(getattr(item, "label", "") or ""))
            texts.append(str(getattr(item, "placeholder", "") or ""))
            texts += [str(o.label) for o in getattr(item, "options", ())]
    if parts.poll is not None:
        texts.append(str(parts.poll.question))
        texts += [str(answer.text) for answer in parts.poll.answers]
    return [*texts, parts.content or ""]


def _own_text() -> list[str]:
    """The papers' own text, which no catalog translates, and the members' names."""
    own = [CLUB_NAME, *MEMBERS, "Asia/Seoul"]
    for entry in load_reading_list(Settings().reading_list).papers:
        own += [entry.title, entry.id, entry.url, *entry.authors, *entry.tags, *entry.prompts]
        own += [entry.summary, *(entry.summaries.values())]
        own += [t for t in (entry.tagline, entry.institute, entry.abstract) if t]
    return sorted((" ".join(o.split()) for o in own if o), key=len, reverse=True)


# A command's usage ("/paper [id or title]") is its syntax, shown as typed, like a command.
USAGES = sorted((spec.usage for spec in Catalog().specs), key=len, reverse=True)
OWN = _own_text()
# Not sentences: settings an admin types (shown beside their translation), zones, methods.
ALLOWED_WORDS = {*SETTINGS, "UTC", "KST", "IRV", "arXiv", "et", "al"}
ALLOWED_WORDS |= {"markdown", "BibTeX", "CSV", "YAML", "JSON", "DOI"}  # formats, by their names


def english_runs(text: str) -> list[str]:
    """Runs of 3+ English words that are neither the papers' nor the members' own text."""
    flat = " ".join(_ESCAPE.sub(r"\1", html.unescape(text)).split())
    for own in OWN:
        flat = flat.replace(own, " ¦ ")
    for usage in USAGES:
        flat = flat.replace(usage, " ¦ ")
    flat = _COMMAND.sub(" ¦ ", flat)
    found = []
    for match in _RUN.finditer(flat):
        words = [w for w in re.split(r"[ ,]+", match.group()) if w not in ALLOWED_WORDS]
        if len(words) < 3:
            continue
        run = match.group()
        # A title or a summary cut short to fit ("Attention Is All…", a menu's 100 characters)
        # is still the paper's.
        # (A run ends at a hyphen: "Fine-tuning…" is cut after its last word, not at "Fine".)
        rest = re.sub(r"^[\w'’-]*", "", flat[match.end() :])
        cut = rest.lstrip(" ,;:")[:1] in ("…", "¦", "")
        if cut and any(run in own for own in OWN):
            continue
        found.append(run)
    return found


def assert_korean(heard: Heard, runs: Callable[[str], list[str]] = english_runs) -> None:
    """Nothing the club heard holds an English sentence (a run `runs` finds), and each answer
    does say something in Korean (an empty or English-only one would pass the first check)."""
    english = [
        f"{platform} · {what} · {run!r}"
        for platform, texts in heard.texts.items()
        for what, text in texts
        for run in runs(text)
    ]
    if english:
        pytest.fail("English in a Korean club:\n" + "\n".join(english), pytrace=False)
    silent = [
        (platform, what, text[:200])
        for platform, texts in heard.texts.items()
        for what, text in texts
        if not HANGUL.search(text)
    ]
    assert not silent, silent


@pytest.fixture
async def korean(database_url: str, clock: ManualClock) -> AsyncIterator[Services]:
    defaults = ClubDefaults(language="ko", timezone="Asia/Seoul", voting_method="irv")
    settings = Settings(database_url=database_url, paper_text=False, club_defaults=defaults)
    built = await build_services(settings, clock=clock, run_migrations=False, load_papers=False)
    try:
        yield built
    finally:
        await built.close()


# A line of a club's script: what the admin types, or (member, what that member types).
Said = str | tuple[str, str]


class Club:
    def __init__(self, services: Services, heard: Heard) -> None:
        self.services, self.heard = services, heard
        self.console = ConsoleClub(services.dispatcher, club_name=CLUB_NAME)

    def context(self, member: str) -> Context:
        club = self.console.club
        actor = Actor(MemberKey(club.platform, club.workspace_id, member), member, member == "you")
        return Context(club, actor, channel_name=CLUB_NAME)

    async def say(self, line: str, member: str = "you") -> Reply:
        reply = await self.services.dispatcher.run_text(line, self.context(member))
        self.heard.reply(f"{member}: {line}", reply, self.services)
        return reply

    async def run(self, *script: Said) -> None:
        """Each line said in turn: by the admin ("you"), or by the member paired with it."""
        for said in script:
            member, line = ("you", said) if isinstance(said, str) else said
            await self.say(line, member)

    async def console_line(self, line: str) -> str:
        answer = await self.console.handle_line(line)
        assert answer is not None
        self.heard.console_only(f"console: {line}", answer)
        return answer


async def _a_week(services: Services, clock: ManualClock) -> Heard:
    heard = Heard()
    club = Club(services, heard)
    greeting = await club.console.ensure_club()
    assert greeting is not None
    heard.console_only("console greeting", greeting)
    await club.say("/club setup wed 19:00 Asia/Seoul")  # the rule changed: its moves said
    await club.run("/help", "/paper", "/paper 99", "/papers", "/papers zzzqqq", "/schedule 3")
    await club.run("/schedule past", "/club show", "/stats", "/vote", "/vote results")
    for line in ("/whoami", "/as alice", "/whoami", "/as", "hello", "/as you admin"):
        await club.console_line(line)

    # Presenters: a volunteer, a second one for the week after, a swap asked and declined.
    await club.run(
        ("alice", "/present"),
        ("alice", "/present"),
        ("bob", "/present 2"),
        ("alice", "/present swap 2"),
        ("bob", "/present decline"),
        ("carol", "/present optin"),
        ("carol", "/present drop 3"),
    )

    # Members answer and ask for reminders; the queue is rearranged.
    await club.run(
        ("alice", "/rsvp going"),
        ("bob", "/rsvp maybe"),
        ("carol", "/rsvp no"),
        "/rsvp list",
        ("alice", "/remind on 2h"),
        ("alice", "/remind"),
        ("carol", "/remind off"),
        "/papers move 5 top",
        "/papers move 99 top",
        "/papers remove 6",
        ("bob", "/suggest Attention Is All You Need"),
        ("bob", "/papers mine"),
    )

    # A ranked vote, three ballots for three papers: every paper ties in the first round.
    await club.run(
        "/vote open 1 2 3",
        "/vote open 1 2",
        ("alice", "/vote 1 2"),
        ("bob", "/vote 2 1"),
        ("carol", "/vote 3 1"),
        ("alice", "/vote 7"),
        ("bob", "/vote"),
        "/vote close",
        "/vote results",
        "/club set anonymous on",
        "/club set language fr",
        "/club page on",
        "/club page off",
    )

    # The week goes by: announcements, reminders (the club's and alice's own), the start.
    out = io.StringIO()
    poster = DemoPoster(clock, "Asia/Seoul", out)
    wakeups = Wakeups(services.deps, {Platform.CONSOLE: poster}, config_from(services.settings))
    end = clock.now() + timedelta(days=7)
    checked_in = False
    for _ in range(80):
        await wakeups.tick()
        if not checked_in and any(m.kind == "start" for m in poster.posted):
            await club.say("/attend", "alice")
            await club.say("/attend", "bob")
            checked_in = True
        wake = wakeups.next_wake
        if wake is None or wake > end:
            break
        clock.set(max(wake, clock.now()))
    kinds = {message.kind for message in poster.posted}
    assert {"announcement", "reminder", "start"} <= kinds, kinds
    assert any(m.recipient is not None for m in poster.posted), "alice's own reminder"
    for message in poster.posted:
        reply = Reply(message.view, language=message.language)
        heard.reply(f"post: {message.kind}", reply, services)
    await club.run("/schedule past", "/stats", "/stats club")
    return heard


async def test_a_korean_club_reads_no_english_all_week(
    korean: Services, clock: ManualClock
) -> None:
    heard = await _a_week(korean, clock)
    assert_korean(heard)


async def test_the_same_week_in_english_is_caught(services: Services, clock: ManualClock) -> None:
    """The detector itself: an English club's week is full of English sentences."""
    heard = await _a_week_english(services, clock)
    english = [run for _, text in heard.texts["console"] for run in english_runs(text)]
    assert len(english) > 20


async def _a_week_english(services: Services, clock: ManualClock) -> Heard:
    heard = Heard()
    club = Club(services, heard)
    greeting = await club.console.ensure_club()
    assert greeting is not None
    heard.console_only("console greeting", greeting)
    await club.run("/help", "/paper 99", "/schedule past", "/club show", "/stats", "/vote")
    await club.console_line("/whoami")
    return heard


async def _tick_until(wakeups: Wakeups, clock: ManualClock, done: Any, limit: timedelta) -> None:
    """Wake the scheduler, moving the clock to each due post, until `done()` or `limit` on."""
    end = clock.now() + limit
    for _ in range(80):
        await wakeups.tick()
        if done():
            return
        wake = wakeups.next_wake
        if wake is None or wake > end:
            return
        clock.set(max(wake, clock.now()))


async def _skips_and_presenters(services: Services, clock: ManualClock) -> tuple[Heard, Any]:
    heard = Heard()
    club = Club(services, heard)
    assert await club.console.ensure_club() is not None
    await club.say("/club setup wed 19:00 Asia/Seoul")
    out = io.StringIO()
    poster = DemoPoster(clock, "Asia/Seoul", out)
    wakeups = Wakeups(services.deps, {Platform.CONSOLE: poster}, config_from(services.settings))
    # The next session's announcement goes out: skipping it now takes a confirmation.
    await _tick_until(
        wakeups, clock, lambda: any(m.kind == "announcement" for m in poster.posted), timedelta(1)
    )
    assert any(m.kind == "announcement" for m in poster.posted)

    # Presenters, set and cleared by an admin, and their mistakes (members the club has met).
    await club.run(*((member, "/present optin") for member in ("alice", "bob", "carol")))
    await club.run("/present assign 2 alice", "/present assign 2 alice", "/present assign 2 bob")
    await club.run("/present clear 2", "/present clear 2", "/present assign 3 carol")
    await club.run("/present assign 99 alice", "/present assign", "/present clear zzz")
    await club.say("/present assign 2 alice", "bob")  # not an admin

    # A week not yet announced is skipped and held again; the announced one needs "confirm".
    await club.run("/club skip 2", "/club skip 2", "/club unskip 2", "/club unskip 2")
    await club.run("/club skip 1", "/club skip 1 maybe", "/club skip 1 confirm", "/club unskip 1")
    # Typical mistakes: a bad date, an unknown session, zone, weekday and time, no date, an
    # unknown command.
    await club.run(
        "/club skip 2026-13-45",
        "/club skip 2027-06-03",
        "/club skip 99",
        "/club skip",
        "/club unskip zzz",
        "/club setup wed 19:00 Mars/Olympus",
        "/club setup someday 19:00",
        "/club set time 25:00",
        "/club set timezone Mars/Olympus",
        "/club reschedule 2 2026-13-01 19:00",
        "/schedule 2 3 4",
        "/club show extra",
        '/paper "open quote',
        "/zzqx",
        "/clubb show",
        "",
    )
    await club.say("/club skip 2", "alice")

    # The corrections of the announced session go out in the club's language.
    sent = len(poster.posted)
    await _tick_until(
        wakeups,
        clock,
        lambda: sum(m.kind == "notice" for m in poster.posted[sent:]) >= 2,
        timedelta(hours=1),
    )
    corrections = [m for m in poster.posted[sent:] if m.kind == "notice"]
    for message in corrections:
        heard.reply("post: correction", Reply(message.view, language=message.language), services)
    return heard, corrections


async def test_skips_presenters_and_mistakes_in_a_korean_club(
    korean: Services, clock: ManualClock
) -> None:
    heard, corrections = await _skips_and_presenters(korean, clock)
    assert len(corrections) == 2, "one for the skip, one for the unskip"
    assert_korean(heard)
    posted = [text for what, text in heard.texts["console"] if what == "post: correction"]
    assert all("📣 일정 변경" in text for text in posted), posted
    assert "2026년 11월 25일 (수) 오후 7:00 KST" in posted[0], posted[0]
