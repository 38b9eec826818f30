"""`/paperclub` end to end: signed HTTP requests into the real Bolt app, replies to FakeSlack."""

from __future__ import annotations

import re

import pytest

from bot.adapters.slack.commands import MODAL_COMMANDS
from bot.adapters.slack.render import Renderer, message
from bot.bootstrap import Services
from bot.core.commands.catalog import Catalog, CommandSpec
from bot.core.commands.dispatch import UNEXPECTED
from bot.core.views import Action, Notice, Reply
from paperclub_fakes import slack_requests as sr
from paperclub_fakes.slack_fake import FakeSlack
from paperclub_fakes.slack_harness import MEMBER, SlackHarness, buttons, running, shown_text

SPECS = Catalog().specs
MODAL_SPECS = set(MODAL_COMMANDS)


@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
async def test_every_subcommand_answers(club: SlackHarness, spec: CommandSpec) -> None:
    name = spec.name
    if name in MODAL_SPECS:
        mark = len(club.fake.calls)
        assert await club.post(sr.slash_command(text=name, user_id="U0ADMIN01")) == (200, "")
        opened = await club.fake.wait_for_call("views.open", since=mark)
        assert opened.args["view"]["type"] == "modal"
        return
    reply = await club.command(name)
    assert reply["blocks"], reply
    assert UNEXPECTED not in reply["text"]
    # Errors (a usage message for a command that needs arguments) are always private.
    private = spec.private or reply["text"].startswith(":x:")
    assert reply["response_type"] == ("ephemeral" if private else "in_channel")
    # Buttons on any view round-trip through the action handler.
    for button in buttons(reply):
        assert button["action_id"].startswith("pc_action_")
        clicked = await club.click(button)
        assert UNEXPECTED not in clicked["text"]


@pytest.mark.parametrize("spec", [s for s in SPECS if s.admin], ids=lambda s: s.name)
async def test_members_are_refused_admin_commands(club: SlackHarness, spec: CommandSpec) -> None:
    name = spec.name
    if name in MODAL_SPECS and name != "club setup":
        # A bare form command opens its form at once; the refusal replaces it.
        mark = len(club.fake.calls)
        assert await club.post(sr.slash_command(text=name, user_id=MEMBER)) == (200, "")
        refused = await club.fake.wait_for_call("views.update", since=mark)
        assert "Only club admins" in shown_text(refused.args["view"])
        return
    reply = await club.command(f"{name} fri 09:00" if name == "club setup" else name, user=MEMBER)
    # The catalog parses before the dispatcher checks rights, so a bare command that needs
    # arguments answers with its usage; either way nothing runs for a member.
    assert reply["text"].startswith(":x:"), reply["text"]
    assert reply["response_type"] == "ephemeral"
    if name in ("club setup", "club show"):
        assert "Only club admins" in reply["text"]


@pytest.mark.parametrize("text", ["", "help", "  HELP  "])
async def test_help_speaks_in_paperclub_subcommands(slack: SlackHarness, text: str) -> None:
    reply = await slack.command(text, user=MEMBER)
    shown = shown_text(reply)
    assert "`/paperclub paper [id or title]`" in shown
    assert "club setup" not in shown, "members are not shown admin commands"
    assert reply["response_type"] == "ephemeral"


async def test_admins_see_admin_commands_and_errors_are_friendly(slack: SlackHarness) -> None:
    assert "/paperclub club setup" in shown_text(await slack.command("help"))
    reply = await slack.command("paper")  # no club in this channel yet
    assert "no paper club yet" in reply["text"]
    assert "/paperclub club setup" in shown_text(reply)
    unknown = await slack.command("nope")
    assert "I don't know the command" in unknown["text"]
    assert "/paperclub help" in shown_text(unknown)


async def test_paper_card_and_schedule_blocks(club: SlackHarness) -> None:
    card = await club.command("paper")
    kinds = [b["type"] for b in card["blocks"]]
    assert "header" in kinds
    assert "Discussion prompts" in shown_text(card)
    schedule = await club.command("schedule 3")
    # Numbered, as every session option takes them (/rsvp going 2).
    assert re.findall(r"(\d)\. \*", shown_text(schedule)) == ["1", "2", "3"]
    assert "Every Wednesday at 18:00 (UTC)" in shown_text(schedule)


async def test_a_rendered_button_round_trips(club: SlackHarness) -> None:
    """The lead's RSVP, vote and check-in buttons are `Action`s like these."""
    view = Notice(
        "Coming?",
        actions=(Action("Show schedule", "/schedule 2"), Action("Club", "/club show")),
    )
    rendered = message(Reply(view), Renderer())
    first, second = buttons(rendered)
    assert first["action_id"] != second["action_id"]
    schedule = await club.click(first, user=MEMBER)
    assert re.findall(r"(\d)\. \*", shown_text(schedule)) == ["1", "2"]
    assert schedule["replace_original"] is False
    refused = await club.click(second, user=MEMBER)
    assert "Only club admins" in refused["text"]
    assert refused["response_type"] == "ephemeral"


async def test_admin_rights_come_from_slack_or_the_configured_list(
    services: Services, fake: FakeSlack
) -> None:
    fake.add_user("U0ORGANISE", name="org")
    fake.add_user("U0OWNER01", name="own", is_owner=True)
    async with running(services, fake, slack_admin_users=["U0ORGANISE"]) as slack:
        assert (
            "is set up" in (await slack.command("club setup wed 18:00", user="U0OWNER01"))["text"]
        )
        shown = await slack.command("club show", user="U0ORGANISE")
        assert "Only club admins" not in shown["text"]
        assert "Only club admins" in (await slack.command("club show", user=MEMBER))["text"]
        await slack.command("club show", user="U0ORGANISE")
    # users.info is cached briefly, not asked on every command.
    asked = [c.args["user"] for c in fake.calls_to("users.info")]
    assert asked.count("U0ORGANISE") == 1


@pytest.mark.parametrize(
    "req",
    [sr.slash_command(text="help", wrong_secret=True), sr.slash_command(text="help", stale=True)],
    ids=["bad-signature", "stale-timestamp"],
)
async def test_unsigned_requests_are_refused(slack: SlackHarness, req: sr.SignedRequest) -> None:
    status, _ = await slack.post(req)
    assert status == 401
    assert not slack.fake.calls_to("users.info")
