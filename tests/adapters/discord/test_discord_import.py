"""/papers import with an attached file on Discord: downloaded, imported, size-limited."""

from __future__ import annotations

from typing import Any

from bot.bootstrap import Services
from paperclub_fakes.discord_fake import MEMBER_USER, OWNER_USER, FakeDiscord
from tests.adapters.discord.discord_support import run, setup_club, slash_for, text_of

CSV = b"title,authors,year,url\nA Brand New Paper About Clubs,Ada Lovelace,2026,https://example.org/new\n"


def _with_file(
    fake: FakeDiscord, attachment: dict[str, Any], user: dict[str, Any]
) -> dict[str, Any]:
    options = [{"name": "file", "type": 11, "value": attachment["id"]}]
    resolved = {"attachments": {attachment["id"]: attachment}}
    return slash_for(fake, "papers import", options, user=user, resolved=resolved)


async def _answer(fake: FakeDiscord, payload: dict[str, Any]) -> str:
    """The text the member ends up seeing: at once, or in the edit of a "thinking…" answer
    (an import is parsed in a child process, which can take longer than the defer window)."""
    callback = await run(fake, payload)
    if callback.json["type"] != 5:
        return text_of(callback.json["data"])
    edit = await fake.wait_for_request(
        "PATCH", r"/webhooks/\d+/[^/]+/messages/@original", timeout=60
    )
    return text_of(edit.json)


async def test_an_attached_csv_is_imported_into_the_queue(
    bot: Any, fake: FakeDiscord, services: Services
) -> None:
    await setup_club(fake)
    attachment = fake.attachment("reading.csv", CSV)
    shown = await _answer(fake, _with_file(fake, attachment, OWNER_USER))
    assert "Added 1" in shown, shown
    async with services.deps.uow() as uow:
        titles = [p.title for p in await uow.papers.all()]
    assert "A Brand New Paper About Clubs" in titles


async def test_big_or_binary_files_and_members_are_refused(bot: Any, fake: FakeDiscord) -> None:
    await setup_club(fake)
    big = fake.attachment("huge.csv", b"x", size=50 * 1024 * 1024)
    refused = text_of((await run(fake, _with_file(fake, big, OWNER_USER))).json["data"])
    assert "huge.csv is 50.0 MB; the limit is 5.0 MB." in refused
    binary = fake.attachment("list.csv", "title\nCafé".encode("utf-16"))
    garbled = text_of((await run(fake, _with_file(fake, binary, OWNER_USER))).json["data"])
    assert "not UTF-8" in garbled
    member = text_of(
        (await run(fake, _with_file(fake, fake.attachment("a.csv", CSV), MEMBER_USER))).json["data"]
    )
    assert "admin" in member.lower()


def _big_csv(rows: int) -> bytes:
    lines = ["title,year,url,summary"]
    for n in range(rows):
        notes = "Why it matters to the club and what to read first. " * 8
        lines.append(f"Discord Paper {n},2021,https://arxiv.org/abs/2102.{n:05d},{notes}")
    return ("\n".join(lines) + "\n").encode()


async def test_a_large_attachment_is_read_whole(
    bot: Any, fake: FakeDiscord, services: Services
) -> None:
    await setup_club(fake)
    content = _big_csv(1200)
    assert len(content) > 500_000
    attachment = fake.attachment("big.csv", content)
    shown = await _answer(fake, _with_file(fake, attachment, OWNER_USER))
    assert "of big.csv as csv: 1,200 papers." in shown and "Added 1200" in shown, shown


async def test_an_attachment_unlike_its_reported_size_is_refused(
    bot: Any, fake: FakeDiscord, services: Services
) -> None:
    await setup_club(fake)
    content = _big_csv(20)
    # The CDN sends more than Discord said the file holds: never read past what was announced.
    longer = fake.attachment("list.csv", content, size=1000)
    shown = await _answer(fake, _with_file(fake, longer, OWNER_USER))
    assert f"list.csv was {len(content):,} bytes, not the 1,000 bytes announced" in shown, shown
    shorter = fake.attachment("list.csv", content, size=len(content) + 10)
    shown = await _answer(fake, _with_file(fake, shorter, OWNER_USER))
    assert "bytes arrived" in shown, shown
    async with services.deps.uow() as uow:
        assert "Discord Paper 0" not in {p.title for p in await uow.papers.all()}
