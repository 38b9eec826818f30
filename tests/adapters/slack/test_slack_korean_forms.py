"""A Korean club's Slack forms and file refusals speak Korean (issue 17): the import form's
title, labels and buttons and the refusal of a file too big to read were English in a club
whose every answer was Korean. Through the real slack-bolt app against the fake Slack."""

from __future__ import annotations

import re
from typing import Any

from bot.adapters.slack.modals import submission
from paperclub_fakes import slack_requests as sr
from paperclub_fakes.slack_harness import ADMIN, SlackHarness, shown_text
from tests.adapters.slack.test_slack_import import CSV, _submit
from tests.i18n.test_korean_week import english_runs

HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _texts(view: dict[str, Any]) -> list[str]:
    """What a member reads on a modal: its title, buttons, labels and placeholders."""
    texts = [view["title"]["text"], view["close"]["text"]]
    texts += [view["submit"]["text"]] if "submit" in view else []
    for block in view["blocks"]:
        texts.append(block.get("label", {}).get("text", ""))
        texts.append(block.get("element", {}).get("placeholder", {}).get("text", ""))
    return [text for text in texts if text]


async def test_a_korean_clubs_import_form_and_refusals_are_korean(slack: SlackHarness) -> None:
    set_up = await slack.command("club setup wed 18:00", user=ADMIN)
    assert "set up" in shown_text(set_up), set_up
    await slack.command("club set language ko", user=ADMIN)
    # The admin's own Slack speaks English: everything in the club's language, as a club asks.
    said = await slack.command("club set member_language off", user=ADMIN)
    assert HANGUL.search(shown_text(said)), said

    mark = len(slack.fake.calls)
    assert await slack.post(sr.slash_command(text="papers import", user_id=ADMIN)) == (200, "")
    view = dict((await slack.fake.wait_for_call("views.open", since=mark)).args["view"])
    texts = _texts(view)
    assert all(HANGUL.search(text) for text in texts), texts
    assert not [run for text in texts for run in english_runs(text)], texts
    assert submission(view).language == "ko"  # what its submission's errors are said in

    huge = slack.fake.add_member_file("huge.csv", CSV, size=50 * 1024 * 1024)
    refused = await _submit(slack, view, huge)
    assert "huge.csv" in refused and HANGUL.search(refused), refused
    assert "the limit is" not in refused, refused
    assert slack.fake.private_downloads == []  # refused unread, as in English
