"""A long /paperclub papers import on Slack shows its lookups as ONE private message, replaced
through the command's response_url as they go (five posts at most, as Slack allows), ending with
the report (issue 14); one from a file attached in the form shows them in the form."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from bot.adapters.slack import files
from bot.settings import Settings
from paperclub_fakes import slack_requests as sr
from paperclub_fakes.paper_apis import FakeArxiv
from paperclub_fakes.slack_fake import RESPONSE_URL, RESPONSE_URL_USES
from paperclub_fakes.slack_fake.refusals import view_refused
from paperclub_fakes.slack_harness import ADMIN, SlackHarness, shown_text
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


async def submit_file_form(club: SlackHarness, mark: int, user: str = ADMIN) -> dict[str, Any]:
    """Open /paperclub papers import's form and submit it with LIST attached as a file: the
    form's view, once the submission's ack kept it open saying it reads the file."""
    assert await club.post(sr.slash_command(text="papers import", user_id=user)) == (200, "")
    view: dict[str, Any] = (await club.fake.wait_for_call("views.open", since=mark)).response[
        "view"
    ]
    file = club.fake.add_member_file("reading.md", LIST.encode())
    submission = sr.view_submission(
        view["callback_id"],
        {"file": {"value": {"type": "file_input", "files": [file]}}},
        private_metadata=view["private_metadata"],
        user=user,
        view_id=view["id"],
    )
    status, body = await club.post(submission)
    kept = json.loads(body)
    assert status == 200 and kept["response_action"] == "update", body
    assert view_refused(kept["view"]) is None and "Reading the file" in json.dumps(kept)
    return view


async def test_an_import_from_a_file_in_the_form_shows_its_progress_in_the_form(
    club: SlackHarness,
) -> None:
    """A form submission has no response_url: the form stays open, shows the lookups as they
    go (views.update), then the report, which is also posted privately as before."""
    mark = len(club.fake.calls)
    view = await submit_file_form(club, mark)
    posted = await club.fake.wait_for_call("chat.postEphemeral", since=mark, timeout=60)
    assert "Added 4" in shown_text(posted.args)
    updates = [
        c
        for c in club.fake.calls[mark:]
        if c.method == "views.update" and c.args["view_id"] == view["id"]
    ]
    progress, report = updates[:-1], updates[-1]
    assert progress and all("Looking up 4 papers" in json.dumps(u.args) for u in progress)
    done = [
        int(m.group(1)) for u in progress if (m := re.search(r"(\d) of 4 done", json.dumps(u.args)))
    ]
    assert done == sorted(done) and len(done) == len(progress)
    assert "Added 4" in json.dumps(report.args)
    assert all(u.response.get("ok") for u in updates), [u.response for u in updates]


async def test_a_file_import_that_fails_in_the_form_says_so_there(
    club: SlackHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The form said 'Reading the file…'; the work behind it then failed unexpectedly (here
    the download raises). The form says it went wrong instead of reading for ever, and the
    private post says the same."""

    async def broken(*_args: object) -> object:
        raise RuntimeError("the download broke")

    monkeypatch.setattr(files, "download", broken)
    mark = len(club.fake.calls)
    view = await submit_file_form(club, mark)
    failed = await club.fake.wait_for_call(
        "views.update",
        lambda c: c.args["view_id"] == view["id"] and "went wrong" in json.dumps(c.args),
        since=mark,
        timeout=60,
    )
    assert failed.response.get("ok"), failed.response
    assert view_refused(failed.args["view"]) is None
    posted = await club.fake.wait_for_call("chat.postEphemeral", since=mark, timeout=60)
    assert "Something went wrong on my side" in shown_text(posted.args)


async def test_a_file_import_whose_member_lookup_gets_no_answer_says_so_in_the_form(
    club: SlackHarness,
) -> None:
    """users.info's connections fail (a network error, not an answer from Slack) while the
    admin opens the import form and submits a file: the form, which said 'Reading the file…',
    says Slack could not be reached and nothing was done, and so does the private post;
    nothing is imported."""
    club.fake.add_user("U0ADMIN02", name="grace", is_admin=True)  # not looked up yet
    club.fake.cut_next("users.info", count=100)
    mark = len(club.fake.calls)
    view = await submit_file_form(club, mark, "U0ADMIN02")
    failed = await club.fake.wait_for_call(
        "views.update",
        lambda c: c.args["view_id"] == view["id"] and "reach Slack" in json.dumps(c.args),
        since=mark,
        timeout=60,
    )
    assert failed.response.get("ok"), failed.response
    assert view_refused(failed.args["view"]) is None
    assert "Reading the file" not in json.dumps(failed.args["view"])
    told = "I couldn't reach Slack to check who you are, so nothing was done."
    posted = await club.fake.wait_for_call(
        "chat.postEphemeral",
        lambda c: "nothing was done" in shown_text(c.args) and "Slack" in shown_text(c.args),
        since=mark,
        timeout=60,
    )
    assert told in shown_text(posted.args)
    assert not [c for c in club.fake.calls[mark:] if "Added" in json.dumps(c.args)]
