"""Every view type rendered for a Korean club on the console, Discord and Slack carries no
English sentence of the renderers' own or of the core's catalog messages: only the paper's and
the members' own text (titles, names, tags, URLs), commands and ids stay as they are.

The views are built from the core's own wording (`t`, `plural`, `format_local`, the voting
methods), as the use cases build them. Before issue 17 every heading, label and date was
English whatever the club's language."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from bot.adapters.console.render import render_reply as console_render
from bot.adapters.discord.render import render_reply as discord_render
from bot.core.domain.clubs import ClubSettings
from bot.core.text import t
from bot.core.usecases.club_settings import SETTINGS
from bot.core.usecases.session_buttons import checkin_action, rsvp_actions
from bot.core.views import (
    BallotCommands,
    Bar,
    ClubView,
    ErrorView,
    HelpEntry,
    HelpView,
    Notice,
    PaperCard,
    PaperList,
    PaperListItem,
    PollCandidate,
    PollView,
    Reply,
    ResultsView,
    ScheduleEntry,
    ScheduleView,
    StatsView,
    View,
)
from bot.core.voting import methods
from bot.core.wording import format_local, plural
from tests.i18n.platform_text import slack_strings, strings_in

PAPER_HELP = "This week's paper with its summary and discussion prompts, or any paper's card."
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
WHEN = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
LOCAL = format_local(WHEN, "Asia/Seoul")
TITLE = "Attention Is All You Need"
OTHER = "Deep Residual Learning"
# The paper's and the members' own text, which no catalog translates.
DATA = [TITLE, OTHER, "Ashish Vaswani", "Kaiming He", "Minji", "transformers", "attention"]
DATA += ["attention-2017", "Seoul club", "Asia/Seoul", "#paper-club"]
_WORD = re.compile(r"[A-Za-z]{3,}")
# Not sentences: time zones, formats, the bot's commands and what members type.
_ALLOWED = {"UTC", "KST", "arXiv", "Schulze", "Condorcet", "IRV", "https", "example", "org"}
# Commands with their words and placeholders, code, links and Slack's :emoji: codes; setting
# names are what an admin types after /club set, shown beside their translation.
_COMMAND = re.compile(
    r"/[a-z][a-z_-]*(?: [a-z_-]+)*(?: [A-Z0-9_]+)*|`[^`]*`|<[^>]*>|https?://\S+|:[a-z_]+:"
)
_ALLOWED |= set(SETTINGS)


def _views() -> Iterator[View]:
    settings = ClubSettings(timezone="Asia/Seoul")
    method = methods.method("irv").view()
    commands = BallotCommands(
        "/vote cast #1", "/vote rank #1", "/vote show #1", "/vote withdraw #1"
    )
    yield PaperCard(
        1,
        "attention-2017",
        TITLE,
        ("Ashish Vaswani",),
        2017,
        "https://example.org/1706",
        "트랜스포머를 소개합니다.",
        ("무엇이 새로운가?",),
        tags=("transformers",),
        heading=t("Next session: {when}", when=LOCAL),
        session_at=WHEN,
        session_local=LOCAL,
        presenter="Minji",
        actions=rsvp_actions(3),
        calendar_url="https://example.org/feed.ics",
        summary_language="ko",
        prompts_language="ko",
    )
    yield PaperList(
        t("Next up"),
        (PaperListItem(1, 1, "attention-2017", TITLE, "Ashish Vaswani", 2017, "suggested"),),
        1,
    )
    yield ScheduleView(
        "Seoul club",
        settings.rule_text(),
        "Asia/Seoul",
        (
            ScheduleEntry(1, WHEN, LOCAL, TITLE, "planned", presenter="Minji"),
            ScheduleEntry(2, WHEN, LOCAL, None, "skipped"),
        ),
        paused=True,
        calendar_url="https://example.org/feed.ics",
    )
    yield ScheduleView(
        "Seoul club",
        settings.rule_text(),
        "Asia/Seoul",
        (ScheduleEntry(1, WHEN, LOCAL, TITLE, "done", "Minji", 4),),
        past=True,
    )
    yield HelpView(
        (
            HelpEntry(
                "/paper",
                t(PAPER_HELP),
            ),
            HelpEntry("/club set SETTING VALUE", t("The club's channel and settings."), admin=True),
        )
    )
    yield ClubView(
        "Seoul club",
        "#paper-club",
        ((t("timezone"), "Asia/Seoul"), (t("anonymous"), t("on")), (t("Calendar"), t("off"))),
    )
    yield Notice(
        t("⏰ Reminder: we meet {when} about {paper}.", when=LOCAL, paper=f"“{TITLE}”"),
        details=(t("Let us know if you're coming."),),
        actions=rsvp_actions(3),
    )
    yield Notice(
        t("🟢 Starting now: {paper}.", paper=f"“{TITLE}”"),
        details=(t("Check in so we know you came: press the button or type /attend."),),
        actions=(checkin_action(3),),
    )
    yield ErrorView(
        t("Something went wrong on my side, and nothing was changed. Please try again.")
    )
    candidates = (
        PollCandidate(1, 1, "attention-2017", TITLE, "Minji"),
        PollCandidate(2, 2, "resnet", OTHER),
    )
    yield PollView(
        1,
        method,
        candidates,
        WHEN,
        LOCAL,
        True,
        3,
        commands,
        your_choices=(2, 1),
        for_session=LOCAL,
    )
    bars = (Bar(TITLE, 3), Bar(OTHER, 1))
    yield ResultsView(1, method, TITLE, bars, 4, for_session=LOCAL, anonymous=True)
    yield StatsView(t("Next up"), ((t("language"), "ko"),), bars=bars, bars_title=plural(3, "vote"))


def _discord(reply: Reply) -> list[str]:
    parts = discord_render(reply, now=NOW)
    texts = [s for e in parts.embeds for s in strings_in(e.to_dict())]
    if parts.view is not None:
        for item in parts.view.children:
            texts += [
                str(getattr(item, "label", "") or ""),
                str(getattr(item, "placeholder", "") or ""),
            ]
    return [*texts, parts.content or ""]


def _english(texts: list[str]) -> list[str]:
    found = []
    for text in texts:
        for data in DATA:
            text = text.replace(data, " ")
        text = _COMMAND.sub(" ", text)
        found += [w for w in _WORD.findall(text) if w not in _ALLOWED]
    return found


VIEWS = list(_views())


@pytest.mark.parametrize("view", VIEWS, ids=[type(v).__name__ for v in VIEWS])
@pytest.mark.parametrize("platform", ["console", "discord", "slack"])
def test_a_korean_club_reads_no_english(view: View, platform: str) -> None:
    reply = Reply(view, language="ko")
    texts = {
        "console": lambda: [console_render(reply)],
        "discord": lambda: _discord(reply),
        "slack": lambda: slack_strings(reply),
    }[platform]()
    assert not _english(texts), texts
    assert re.search(r"[\uac00-\ud7a3]", " ".join(texts))


@pytest.mark.parametrize("view", VIEWS, ids=[type(v).__name__ for v in VIEWS])
def test_the_detector_sees_english(view: View) -> None:
    """The same views in an English club: the check above would catch an English sentence."""
    assert _english([console_render(Reply(view))])
