"""/paperclub papers import with a file attached in a form: downloaded with the bot token."""

from __future__ import annotations

from typing import Any

from bot.bootstrap import Services
from tests.adapters.slack.slack_harness import ADMIN, SlackHarness, shown_text
from tests.fakes import slack_requests as sr

CSV = b"title,authors,year,url\nA Brand New Paper About Clubs,Ada Lovelace,2026,https://example.org/new\n"


async def _form(slack: SlackHarness) -> dict[str, Any]:
    # Wait for the answer: Bolt acks at once and sets the club up after the ack.
    set_up = await slack.command("club setup wed 18:00", user=ADMIN)
    assert "set up" in shown_text(set_up), set_up
    mark = len(slack.fake.calls)
    assert await slack.post(sr.slash_command(text="papers import", user_id=ADMIN)) == (200, "")
    return dict((await slack.fake.wait_for_call("views.open", since=mark)).args["view"])


async def _submit(slack: SlackHarness, view: dict[str, Any], file: dict[str, Any]) -> str:
    mark = len(slack.fake.calls)
    submission = sr.view_submission(
        view["callback_id"],
        {"file": {"value": {"type": "file_input", "files": [file]}}},
        private_metadata=view["private_metadata"],
        user=ADMIN,
    )
    assert await slack.post(submission) == (200, "")
    posted = await slack.fake.wait_for_call("chat.postEphemeral", since=mark)
    return shown_text(posted.args)


async def test_an_attached_file_is_downloaded_and_imported(
    slack: SlackHarness, services: Services
) -> None:
    view = await _form(slack)
    blocks = {b["block_id"]: b["element"] for b in view["blocks"]}
    assert blocks["file"]["type"] == "file_input"
    assert blocks["text"]["type"] == "plain_text_input" and blocks["text"]["multiline"]
    shown = await _submit(slack, view, slack.fake.add_member_file("reading.csv", CSV))
    assert "Added 1" in shown, shown
    assert slack.fake.private_downloads and slack.fake.private_downloads[-1].startswith("xoxb-")
    async with services.deps.uow() as uow:
        assert "A Brand New Paper About Clubs" in [p.title for p in await uow.papers.all()]


async def test_a_file_over_the_limit_is_refused_unread(slack: SlackHarness) -> None:
    view = await _form(slack)
    huge = slack.fake.add_member_file("huge.csv", CSV, size=50 * 1024 * 1024)
    shown = await _submit(slack, view, huge)
    assert "over the 5 MB limit" in shown
    assert slack.fake.private_downloads == []
