"""Member and paper text can never ping a channel or a person, or break out of a link."""

from __future__ import annotations

import re
from typing import Any

from bot.bootstrap import Services
from bot.core.domain.papers import Paper
from paperclub_fakes.slack_harness import MEMBER, SlackHarness, shown_text

HOSTILE = "<!channel> <!here> <!everyone> <@U123> @everyone & <b>"
# Anything Slack would read as a mention, a broadcast or a link: `<` followed by `!`, `@`, `#`
# or a URL scheme. Our own links are checked separately.
_SPECIAL = re.compile(r"<[!@#]")


def _texts(payload: Any) -> list[dict[str, Any]]:
    """Every Block Kit text object in a payload."""
    found: list[dict[str, Any]] = []
    if isinstance(payload, dict):
        if payload.get("type") in ("mrkdwn", "plain_text") and "text" in payload:
            found.append(payload)
        for value in payload.values():
            found += _texts(value)
    elif isinstance(payload, list):
        for value in payload:
            found += _texts(value)
    return found


def assert_safe(payload: dict[str, Any]) -> None:
    shown = shown_text(payload)
    assert not _SPECIAL.search(shown), shown
    assert "&lt;!channel&gt;" in shown or "&lt;!here&gt;" in shown, shown
    for text in _texts(payload):
        if text["type"] == "mrkdwn":
            assert text["verbatim"] is True, text


async def test_hostile_club_name_is_escaped(slack: SlackHarness) -> None:
    reply = await slack.command("club setup wed 18:00 UTC", channel_name=HOSTILE)
    assert_safe(reply)
    assert_safe(await slack.command("schedule", user=MEMBER))


async def test_hostile_paper_is_escaped_everywhere(club: SlackHarness, services: Services) -> None:
    paper = Paper(
        id=0,
        slug="hostile-paper",
        title=f"Zebrafish {HOSTILE}",
        authors=("<@U999> Mallory", "Eve & <!here>"),
        year=2024,
        url="https://example.org/a|<!channel>",
        summary=f"Summary {HOSTILE}",
        prompts=(f"Prompt {HOSTILE}",),
        tagline="<!here> tagline",
        tags=("<!channel>",),
    )
    async with services.deps.uow() as uow:
        await uow.papers.upsert(paper)
        await uow.commit()
    card = await club.command("paper zebrafish", user=MEMBER)
    assert "Zebrafish" in shown_text(card)
    assert_safe(card)
    header = next(b for b in card["blocks"] if b["type"] == "header")
    assert len(header["text"]["text"]) <= 150
    # The link could not be made safely, so it is shown as escaped text instead.
    assert "<https://example.org/a|" not in shown_text(card)


async def test_hostile_command_text_is_escaped(club: SlackHarness) -> None:
    assert_safe(await club.command(HOSTILE, user=MEMBER))
    assert_safe(await club.command(f"papers {HOSTILE}", user=MEMBER))
    assert_safe(await club.command(f"paper {HOSTILE}", user=MEMBER))
