"""Block Kit rendering: Slack's size limits, unique action ids, and views without a layout."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from bot.adapters.slack.modals import Submission, field_errors, ranked_form, view
from bot.adapters.slack.render import Renderer, message
from bot.adapters.slack.text import clip, escape, link, slash_commands
from bot.core.commands.catalog import Catalog
from bot.core.views import (
    Action,
    ActionStyle,
    Choice,
    PaperList,
    PaperListItem,
    Reply,
    ScheduleEntry,
    ScheduleView,
)
from paperclub_fakes.slack_harness import buttons, shown_text


def test_clipping_never_splits_an_entity() -> None:
    escaped = escape("a" * 146 + "<<<<")
    clipped = clip(escaped, 150)
    assert len(clipped) <= 150
    assert clipped.endswith("a…") or clipped.endswith(";…")
    assert clip("short", 150) == "short"


def test_links_only_when_the_url_is_safe() -> None:
    assert link("https://arxiv.org/abs/1706.03762", "paper") == (
        "<https://arxiv.org/abs/1706.03762|paper>"
    )
    assert link("javascript:alert(1)", "x") == "x (javascript:alert(1))"
    assert link("https://x.org/a>b", "x").startswith("x (")


def test_own_text_names_the_paperclub_command() -> None:
    names = frozenset({"paper", "papers", "help"})
    text = "Try /papers or /paper, see /help; not https://x.org/paper or /paperclub"
    assert slash_commands(text, names) == (
        "Try /paperclub papers or /paperclub paper, see /paperclub help; "
        "not https://x.org/paper or /paperclub"
    )


def test_long_lists_fit_slack_limits() -> None:
    items = tuple(
        PaperListItem(n, n, f"p{n}", "T" * 400, "A" * 200, 2020, "queued") for n in range(1, 200)
    )
    rendered = message(Reply(PaperList("Queue " + "x" * 300, items, 199)), Renderer())
    assert len(rendered["blocks"]) <= 50
    for block in rendered["blocks"]:
        text = block.get("text", {}).get("text", "")
        assert len(text) <= 3000
    assert len(rendered["blocks"][0]["text"]["text"]) <= 150
    assert len(rendered["text"]) <= 300


def test_extra_views_and_action_ids_are_unique_per_message() -> None:
    entry = ScheduleEntry(1, datetime(2026, 12, 2, 18, tzinfo=UTC), "Wed 2 Dec", None, "planned")
    schedule = ScheduleView("Club", "Every Wednesday", "UTC", (entry,))
    rsvp = Action("Going", "/rsvp going 1", ActionStyle.SUCCESS, "✅")

    @dataclass(frozen=True)
    class RsvpCard:  # a view the Slack renderer has never heard of
        session_id: int
        title: str
        going: tuple[str, ...]
        actions: tuple[Action, ...] = ()

    card = RsvpCard(1, "Attention <!here>", ("ada", "max"), (rsvp, Action("No", "/rsvp no 1")))
    rendered = message(Reply(card, extra=(schedule, card)), Renderer())
    ids = [b["action_id"] for b in buttons(rendered)]
    assert len(ids) == 4 and len(set(ids)) == 4
    assert buttons(rendered)[0]["style"] == "primary"
    assert buttons(rendered)[0]["value"] == "/rsvp going 1"
    shown = shown_text(rendered)
    assert "Rsvp Card" in shown and "Attention &lt;!here&gt;" in shown and "ada, max" in shown
    assert "Session id" not in shown
    assert any(b["type"] == "divider" for b in rendered["blocks"])


def test_ranked_form_submits_choices_in_order() -> None:
    choices = [Choice(f"Paper {n}", str(n)) for n in range(1, 5)]
    form = ranked_form("/vote", "Rank the papers", choices, slots=3)
    modal = view(form, "C1")
    assert [b["block_id"] for b in modal["blocks"]] == ["rank_1", "rank_2", "rank_3"]
    assert modal["blocks"][0]["optional"] is False and modal["blocks"][2]["optional"] is True
    sub = Submission("/vote", "C1", "", (("rank_1", "3"), ("rank_2", "1"), ("rank_3", "")))
    assert sub.line() == "/vote 3 1"


def test_field_errors_come_from_the_catalog_parser() -> None:
    catalog = Catalog()
    good = Submission("/club setup", "C1", "", (("weekday", "friday"), ("time", "09:00")))
    assert field_errors(catalog, good) == {}
    bad = Submission(
        "/club setup", "C1", "", (("weekday", "friday"), ("time", "25:99"), ("timezone", "UTC"))
    )
    assert list(field_errors(catalog, bad)) == ["time"]
