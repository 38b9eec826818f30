"""A group's meeting log imported on the console keeps its archive (issue 14, "history as well
as a queue"): past entries become the club's past sessions with the presenters the log names,
upcoming dated ones are pinned to those weeks, cancelled weeks are skipped, and none of the past
papers enters the queue. The log is shaped like a group's GitHub README (dated headings in three
date shapes, `**Paper:**` prose with a link, `**Moderator:**`/`Presenter:` lines, a struck-out
week, an HTML comment and a schedule table); the tests' clock stands at 2026-11-24."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.adapters.console.app import ConsoleClub
from bot.bootstrap import Services

LOG = Path(__file__).parents[1] / "readinglist" / "lists" / "meeting_log_readme.md"
PAST = ["Attention Is All You Need", "Deep Residual Learning for Image Recognition"]


@pytest.fixture
async def console(services: Services) -> ConsoleClub:
    club = ConsoleClub(services.dispatcher, club_name="Test club")
    assert await club.ensure_club() is not None
    return club


async def _import(console: ConsoleClub) -> str:
    out = io.StringIO()
    typed = f"/papers import\n{LOG.read_text(encoding='utf-8')}\n.\n"
    await console.run(stdin=io.StringIO(typed), stdout=out)
    return out.getvalue()


async def _say(console: ConsoleClub, line: str) -> str:
    answer = await console.handle_line(line)
    assert answer is not None
    return answer


async def _every_page(console: ConsoleClub) -> str:
    pages = [await _say(console, "/papers")]
    while "Next: /papers page" in pages[-1] and len(pages) < 20:
        pages.append(await _say(console, f"/papers page {len(pages) + 1}"))
    return "\n".join(pages)


async def test_the_log_becomes_past_sessions_pinned_weeks_and_a_queue(
    console: ConsoleClub,
) -> None:
    report = await _import(console)
    assert "Imported:" in report, report
    assert "4 past session(s), 2 pinned upcoming, 2 cancelled week(s), 0 not taken" in report
    assert "> past      2026-03-05 Attention Is All You Need, presented by Alice Chen" in report
    assert "> pinned    2026-12-03 Language Models are Few-Shot Learners, presented by Erin" in (
        report
    )
    assert "x cancelled 2026-03-26" in report and "x cancelled 2026-12-10" in report

    past = await _say(console, "/schedule past")
    for title, who in [
        ("Attention Is All You Need", "Alice Chen"),
        ("Deep Residual Learning for Image Recognition", "@everyone"),
        ("LoRA: Low-Rank Adaptation of Large Language Models", "Dana"),
    ]:
        assert title in past and who in past, past
    assert "Bob Okafor" in past

    upcoming = await _say(console, "/schedule 12")
    assert "Language Models are Few-Shot Learners" in upcoming and "Erin" in upcoming
    assert "QLoRA: Efficient Finetuning of Quantized LLMs" in upcoming and "Frank" in upcoming

    stats = await _say(console, "/stats club")
    assert "Sessions held" in stats and "Alice Chen (1)" in stats, stats

    papers = await _every_page(console)
    assert "Denoising Diffusion Probabilistic Models" in papers  # the backlog is queued
    for title in PAST:
        assert title not in papers, papers


async def test_importing_the_same_log_again_adds_no_session(console: ConsoleClub) -> None:
    await _import(console)
    before = await _say(console, "/schedule past 25")
    again = await _import(console)
    assert "4 past session(s), 2 pinned upcoming, 2 cancelled week(s), 0 not taken" in again
    assert "(already there)" in again
    assert "2026-03-05 Attention Is All You Need, presented by Alice Chen (already there)" in again
    assert await _say(console, "/schedule past 25") == before


async def test_skipping_a_pinned_week_moves_its_paper_with_the_logged_presenter(
    console: ConsoleClub,
) -> None:
    await _import(console)
    skipped = await _say(console, "/club skip 2026-12-03")
    assert "2026-12-03" in skipped or "3 Dec" in skipped, skipped
    upcoming = (await _say(console, "/schedule 12")).splitlines()
    # The session after it (Wednesday's) reads the pinned paper, presented by Erin.
    at = next(i for i, line in enumerate(upcoming) if "Wed 9 Dec 2026" in line)
    assert "Language Models are Few-Shot Learners" in upcoming[at], upcoming
    assert "Erin" in " ".join(upcoming[at : at + 3]), upcoming
