"""A long /papers import on Discord shows its lookups as ONE message, the deferred answer, edited
as they go no faster than Discord takes edits, and ending with the report (issue 14)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest

from bot.adapters.discord.client import build_client
from bot.bootstrap import Services
from bot.settings import Settings
from paperclub_fakes.discord_client_harness import running_client
from paperclub_fakes.discord_fake import OWNER_USER, FakeDiscord
from paperclub_fakes.paper_apis import FakeArxiv
from tests.adapters.discord.conftest import Client
from tests.adapters.discord.discord_support import run, slash_for, text_of
from tests.adapters.import_lists import settings_with_titles, title_list

LIST = title_list(3)


@pytest.fixture
def settings(database_url: str, arxiv: FakeArxiv) -> Settings:
    return settings_with_titles(database_url, arxiv)


@pytest.fixture
async def deferring_bot(services: Services, fake: FakeDiscord) -> AsyncIterator[Client]:
    client = build_client(services, defer_after=0)  # every answer deferred, as slow ones are
    async with running_client(client, fake):
        await client.paperclub.sync_commands()
        yield client


async def test_an_import_edits_one_message_with_its_progress_then_the_report(
    deferring_bot: Client, fake: FakeDiscord, arxiv: FakeArxiv
) -> None:
    setup = slash_for(fake, "club setup", {"weekday": "wed", "time": "18:00"}, user=OWNER_USER)
    await run(fake, setup)
    answer = await fake.wait_for_request("PATCH", r"/webhooks/\d+/[^/]+/messages/@original")
    assert "set up" in text_of(answer.json)
    payload = slash_for(fake, "papers import", {"text": LIST}, user=OWNER_USER)
    callback = await run(fake, payload)
    assert callback.json["type"] == 5  # "thinking…", to be edited
    edits = []
    while not edits or "Imported" not in text_of(edits[-1].json):
        edit = await fake.wait_for_request(
            "PATCH", r"/webhooks/\d+/[^/]+/messages/@original", timeout=60
        )
        edits.append(edit)
    progress = [text_of(e.json) for e in edits[:-1]]
    assert progress and all("Looking up 3 papers…" in shown for shown in progress), progress
    done = [int(m.group(1)) for shown in progress if (m := re.search(r"(\d) of 3 done", shown))]
    assert done == sorted(done) and len(done) == len(progress), progress
    # The last edit is the report, on the same message; nothing was sent as a new message.
    report = text_of(edits[-1].json)
    assert "Added 3" in report and "found    Sparse Widgets for Neural Gardening" in report
    assert not fake.find_requests("POST", r"/webhooks/\d+/[^/]+")
    # Within Discord's edit limits: none refused.
    assert fake.refused_edits == 0
    assert len(arxiv.requests) == 3
