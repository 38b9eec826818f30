"""Contract: Slack's modals and headers, as the bot builds them, within Slack's limits
(bot/adapters/slack/limits.py), judged by slack_sdk's own View and Block Kit models, for the
largest data the schema accepts and text that grows when escaped (`&` → `&amp;`: Slack counts
what it is sent). FakeSlack refuses the same in views.open/update/push/publish."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.adapters.slack import limits
from bot.adapters.slack.commands import _MODAL_TITLES, MODAL_COMMANDS
from bot.adapters.slack.modals import Form, form_for, notice, view
from bot.adapters.slack.render import Renderer, message
from bot.adapters.slack.votes import ballot_form
from bot.core.commands.catalog import Catalog
from bot.core.usecases.ballot_commands import ballot_lines
from bot.core.views import PaperCard, PollCandidate, PollView, Reply
from bot.core.voting.methods import method
from tests.adapters.slack.test_slack_limits import GROWS, LARGEST

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
CHANNEL_NAME = ("&<>" * 100)[:200]  # JSON and entities both grow it


def check_surface(surface: dict[str, Any]) -> None:
    View(**surface).validate_json()
    for block in surface["blocks"]:
        parsed = Block.parse(block)
        assert parsed is not None
        parsed.validate_json()
    assert len(surface["blocks"]) <= limits.SURFACE_BLOCKS
    assert len(surface.get("private_metadata") or "") <= limits.PRIVATE_METADATA
    assert len(surface["title"]["text"]) <= limits.MODAL_TITLE


@pytest.mark.parametrize("name", sorted(MODAL_COMMANDS))
def test_every_command_form_is_a_modal_slack_takes(name: str) -> None:
    """The forms `/paperclub NAME` opens (bot/adapters/slack/commands.py), as it builds them."""
    spec = next(s for s in Catalog().specs if s.name == name)
    built = form_for(spec, MODAL_COMMANDS[name])
    form = Form(built.command, _MODAL_TITLES[name], built.fields, "Save")
    surface = view(form, "C" + "9" * 20, CHANNEL_NAME)
    check_surface(surface)
    assert json.loads(surface["private_metadata"])["command"] == f"/{spec.name}"


@pytest.mark.parametrize("key", ["approval", "irv", "schulze"])
def test_the_largest_ballot_form_is_a_modal_slack_takes(key: str) -> None:
    title = (GROWS * 100)[:300]
    candidates = tuple(PollCandidate(n, n, f"s{n}", title, title) for n in range(1, 11))
    poll = PollView(
        2**31 - 1, method(key).view(), candidates, NOW, "", True, 0, ballot_lines(2**31 - 1)
    )
    form = ballot_form(poll)
    assert form is not None
    surface = view(form, "C1", CHANNEL_NAME)
    check_surface(surface)
    for block in surface["blocks"]:
        for option in block["element"].get("options", []):
            assert len(option["text"]["text"]) <= limits.OPTION_TEXT


def test_a_notice_modal_keeps_to_100_blocks() -> None:
    blocks = [{"type": "divider"}] * 150
    check_surface(notice(GROWS * 30, blocks))


def test_the_header_of_the_longest_title_counts_its_entities() -> None:
    """A 300-character title of `<&>` is 1,300 characters once escaped; the header Slack counts
    is the escaped one, so it is cut after escaping."""
    body = message(Reply(LARGEST), Renderer())
    headers = [b for b in body["blocks"] if b["type"] == "header"]
    assert headers and all(len(h["text"]["text"]) <= limits.HEADER_TEXT for h in headers)
    assert all("&amp;" in h["text"]["text"] for h in headers)
    card = PaperCard(1, "x", "&" * 150, (), None, "https://x.org", "", ())
    (header,) = [b for b in message(Reply(card), Renderer())["blocks"] if b["type"] == "header"]
    assert len(header["text"]["text"]) <= limits.HEADER_TEXT
    Block.parse(header).validate_json()  # type: ignore[union-attr]
