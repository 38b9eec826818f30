"""/paperclub papers import with a file attached in a form: downloaded with the bot token."""

from __future__ import annotations

import json
from typing import Any

from bot.bootstrap import Services
from paperclub_fakes import slack_requests as sr
from paperclub_fakes.slack_harness import ADMIN, SlackHarness, shown_text

CSV = b"title,authors,year,url\nA Brand New Paper About Clubs,Ada Lovelace,2026,https://example.org/new\n"


async def _form(slack: SlackHarness) -> dict[str, Any]:
    # Wait for the answer: Bolt acks at once and sets the club up after the ack.
    set_up = await slack.command("club setup wed 18:00", user=ADMIN)
    assert "set up" in shown_text(set_up), set_up
    mark = len(slack.fake.calls)
    assert await slack.post(sr.slash_command(text="papers import", user_id=ADMIN)) == (200, "")
    return dict((await slack.fake.wait_for_call("views.open", since=mark)).args["view"])


async def _submit(
    slack: SlackHarness, view: dict[str, Any], file: dict[str, Any], *, wait: float = 5.0
) -> str:
    mark = len(slack.fake.calls)
    submission = sr.view_submission(
        view["callback_id"],
        {"file": {"value": {"type": "file_input", "files": [file]}}},
        private_metadata=view["private_metadata"],
        user=ADMIN,
    )
    status, kept = await slack.post(submission)
    # The form stays open (it shows the import's progress, then its answer).
    assert status == 200 and json.loads(kept)["response_action"] == "update", kept
    posted = await slack.fake.wait_for_call("chat.postEphemeral", since=mark, timeout=wait)
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
    assert "huge.csv is 50.0 MB; the limit is 5.0 MB." in shown
    assert slack.fake.private_downloads == []


def _title(n: int) -> str:
    return f"Paper {n} About Clubs"


def _long_csv(rows: int) -> bytes:
    """A CSV of `rows` papers, each with a long summary: 1,500 rows are about 620 KB."""
    lines = ["title,year,url,summary"]
    for n in range(rows):
        notes = f"Notes on paper {n}: " + "why it matters to the club and what to read first. " * 7
        # Each its own arXiv id, so no two are taken for the same paper however alike the titles.
        lines.append(f"{_title(n)},2020,https://arxiv.org/abs/2001.{n:05d},{notes}")
    return ("\n".join(lines) + "\n").encode()


async def test_a_file_over_64_kb_is_read_to_its_end(
    slack: SlackHarness, services: Services
) -> None:
    # A 620 KB file used to arrive as the 65 KB aiohttp had buffered, imported without a word.
    content = _long_csv(1500)
    assert 600_000 < len(content) < 700_000
    view = await _form(slack)
    shown = await _submit(slack, view, slack.fake.add_member_file("reading.csv", content), wait=60)
    kb = round(len(content.decode()) / 1024)
    assert f"Read 1,501 lines ({kb:,} KB) of reading.csv as csv: 1,500 papers." in shown, shown
    assert "Added 1500" in shown, shown
    async with services.deps.uow() as uow:
        titles = {p.title for p in await uow.papers.all()}
    assert {_title(n) for n in range(1500)} <= titles


async def test_a_file_that_arrives_short_is_refused(
    slack: SlackHarness, services: Services
) -> None:
    view = await _form(slack)
    content = _long_csv(10)
    short = slack.fake.add_member_file("reading.csv", content, size=len(content) + 5000)
    shown = await _submit(slack, view, short)
    assert f"of reading.csv's {len(content) + 5000:,} bytes arrived" in shown, shown
    async with services.deps.uow() as uow:
        assert _title(0) not in {p.title for p in await uow.papers.all()}


async def test_a_million_row_csv_is_refused_not_imported_in_part(slack: SlackHarness) -> None:
    # It was reported as "Imported" with the 42,612 rows that happened to arrive.
    content = b"title\n" + b"p\n" * 1_000_000
    assert len(content) < 5 * 1024 * 1024
    view = await _form(slack)
    shown = await _submit(slack, view, slack.fake.add_member_file("rows.csv", content), wait=60)
    assert "more than 2,000 papers" in shown and "Imported" not in shown, shown
