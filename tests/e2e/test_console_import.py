"""`/papers import` on the console takes a multi-line paste or a file path (issue 14), as it
takes an attachment on Discord and Slack. Before, only the first line reached the command: the
console read one line per command, so a pasted list arrived as many unknown commands."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.adapters.console.app import ConsoleClub
from bot.bootstrap import Services

LIST = (
    "# What we read\n"
    "\n"
    "- [Attention Is All You Need](https://arxiv.org/abs/1706.03762) - Vaswani et al. (2017)\n"
    "- [BERT: Pre-training of Deep Bidirectional Transformers](arxiv.org/abs/1810.04805)\n"
)


@pytest.fixture
async def console(services: Services) -> ConsoleClub:
    club = ConsoleClub(services.dispatcher, club_name="Test club")
    assert await club.ensure_club() is not None
    return club


async def _run(console: ConsoleClub, typed: str) -> str:
    out = io.StringIO()
    await console.run(stdin=io.StringIO(typed), stdout=out)
    return out.getvalue()


async def test_a_pasted_list_is_one_import(console: ConsoleClub) -> None:
    out = await _run(console, f"/papers import\n{LIST}.\n/whoami\n")
    assert "Paste the reading list, then a line with a single ." in out
    assert "Imported: Added 0, merged 2, rejected 0." in out
    assert "Read 4 lines" in out and "as markdown: 2 papers." in out
    # The paste's lines were not taken for commands, and the console goes on after it.
    assert "Commands start with a slash" not in out
    assert "You are you, an admin." in out


async def test_a_cancelled_paste_imports_nothing(console: ConsoleClub) -> None:
    out = await _run(console, f"/papers import\n{LIST}/cancel\n/whoami\n")
    assert "Nothing was imported." in out and "Imported:" not in out
    assert "You are you, an admin." in out


async def test_a_file_path_is_imported_like_an_attachment(
    console: ConsoleClub, tmp_path: Path
) -> None:
    path = tmp_path / "library.bib"
    path.write_text(
        "@article{v, title = {Attention Is All You Need}, author = {Vaswani, Ashish},\n"
        " year = {2017}, eprint = {1706.03762}, archiveprefix = {arXiv}}\n",
        encoding="utf-8",
    )
    answer = await console.handle_line(f"/papers import {path}")
    assert answer is not None
    assert "of library.bib as bibtex: 1 paper." in answer and "Imported:" in answer
