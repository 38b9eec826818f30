"""A long /paperclub papers import on Slack shows its lookups as ONE private message, replaced
through the command's response_url as they go (five posts at most, as Slack allows), ending with
the report (issue 14)."""

from __future__ import annotations

import json
import re

import pytest

from bot.settings import Settings
from paperclub_fakes import slack_requests as sr
from paperclub_fakes.paper_apis import FakeArxiv
from paperclub_fakes.slack_fake import RESPONSE_URL, RESPONSE_URL_USES
from paperclub_fakes.slack_harness import ADMIN, SlackHarness
from tests.adapters.import_lists import settings_with_titles, title_list

LIST = title_list(4)


@pytest.fixture
def settings(database_url: str, arxiv: FakeArxiv) -> Settings:
    return settings_with_titles(database_url, arxiv)


async def test_an_import_replaces_one_private_message_with_progress_then_the_report(
    club: SlackHarness,
) -> None:
    response_id, url = club.response_url()
    command = sr.slash_command(text=f"papers import {LIST}", user_id=ADMIN, response_url=url)
    assert await club.post(command) == (200, "")

    def posts() -> list[dict[str, object]]:
        return [
            c.args for c in club.fake.calls_to(RESPONSE_URL) if c.args["response_id"] == response_id
        ]

    await club.fake.wait_for_call(
        RESPONSE_URL,
        lambda c: c.args["response_id"] == response_id and "Imported" in json.dumps(c.args),
        timeout=60,
    )
    sent = posts()
    progress, report = sent[:-1], sent[-1]
    assert progress and all("Looking up 4 papers" in json.dumps(p) for p in progress), progress
    done = [int(m.group(1)) for p in progress if (m := re.search(r"(\d) of 4 done", json.dumps(p)))]
    assert done == sorted(done) and len(done) == len(progress)
    # One message: the first post makes it, every later one replaces it, the report last.
    assert [p["replace_original"] for p in sent] == [False] + [True] * (len(sent) - 1)
    assert all(p["response_type"] == "ephemeral" for p in sent)
    assert "Added 4" in json.dumps(report)
    # Within Slack's five posts to a response_url: none refused.
    assert len(sent) <= RESPONSE_URL_USES - 1
    assert all(c.status == 200 for c in club.fake.calls_to(RESPONSE_URL))
