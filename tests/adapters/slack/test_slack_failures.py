"""Whatever fails in a Slack listener after (or before) the ack, the member gets a private answer,
and the failure is logged once. The real Bolt app over HTTP against FakeSlack."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from bot.adapters.shared.failures import UNANSWERED
from bot.adapters.slack.modals import CALLBACK_ID
from paperclub_fakes import slack_requests as sr
from paperclub_fakes.slack_harness import MEMBER, SlackHarness, buttons, shown_text


def failures_logged(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize(
    "answer",
    [{"ok": True}, {"ok": True, "user": None}, {"ok": True, "user": "U0MEMBER1"}],
    ids=["no-user", "user-null", "user-a-string"],
)
async def test_a_users_info_answer_without_a_user_object_still_answers(
    club: SlackHarness, answer: dict[str, Any]
) -> None:
    """Issue 11: `Members.profile` raised AttributeError on this, the member got nothing."""
    club.fake.answer_next("users.info", answer)
    reply = await club.command("schedule 2", user=MEMBER)
    assert "Every Wednesday" in shown_text(reply), reply
    # Rights unknown mean no rights: a (not yet cached) admin's admin command is refused.
    club.fake.add_user("U0ADMIN02", name="bea", is_admin=True)
    club.fake.answer_next("users.info", answer)
    refused = await club.command("club pause", user="U0ADMIN02")
    assert "Only club admins" in refused["text"], refused


async def test_a_command_failing_after_the_ack_is_answered_privately(
    club: SlackHarness, caplog: pytest.LogCaptureFixture
) -> None:
    # The form cannot open (its trigger expired while we looked the member up): after the ack.
    club.fake.fail_next("views.open", "expired_trigger_id")
    reply = await club.command("suggest", user=MEMBER)
    assert reply["response_type"] == "ephemeral" and not reply["replace_original"]
    assert UNANSWERED in reply["text"]
    assert len(failures_logged(caplog)) == 1


async def test_a_click_failing_after_the_ack_is_answered_privately(
    club: SlackHarness, caplog: pytest.LogCaptureFixture
) -> None:
    await club.command("club set voting_method approval")
    await club.command("vote open")
    shown = await club.command("vote", user=MEMBER)
    (ballot,) = [b for b in buttons(shown) if b["action_id"].startswith("pc_ballot_")]
    # The ballot form cannot open: the click was acked, then views.open failed.
    club.fake.fail_next("views.open", "expired_trigger_id")
    reply = await club.click(ballot, user=MEMBER)
    assert reply["response_type"] == "ephemeral"
    assert UNANSWERED in reply["text"]
    assert len(failures_logged(caplog)) == 1


async def test_a_form_whose_answer_cannot_be_sent_still_tells_the_member(
    club: SlackHarness, caplog: pytest.LogCaptureFixture
) -> None:
    metadata = json.dumps({"command": "/schedule", "channel": sr.CHANNEL_ID})
    submit = sr.view_submission(CALLBACK_ID, {}, private_metadata=metadata, user=MEMBER)
    # The schedule goes to the channel; that post fails, the apology reaches the member alone.
    club.fake.fail_next("chat.postMessage", "internal_error")
    mark = len(club.fake.calls)
    assert await club.post(submit) == (200, "")
    apology = await club.fake.wait_for_call("chat.postEphemeral", since=mark)
    assert [c.method for c in club.fake.calls[mark:]].count("chat.postMessage") == 1
    assert apology.args["user"] == MEMBER and apology.args["channel"] == sr.CHANNEL_ID
    assert UNANSWERED in apology.args["text"]
    assert len(failures_logged(caplog)) == 1


async def test_a_malformed_form_is_acked_and_the_member_told_in_their_dm(
    club: SlackHarness, caplog: pytest.LogCaptureFixture
) -> None:
    # Before the ack: Bolt would log "didn't call ack()" and Slack show its own error.
    submit = sr.view_submission(CALLBACK_ID, {}, private_metadata="{not json", user=MEMBER)
    mark = len(club.fake.calls)
    assert await club.post(submit) == (200, "")
    dm = await club.fake.wait_for_call("chat.postMessage", since=mark)
    assert dm.args["channel"] == MEMBER
    assert UNANSWERED in dm.args["text"]
    assert len(failures_logged(caplog)) == 1
