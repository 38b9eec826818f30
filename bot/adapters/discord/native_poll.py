"""Discord's own poll for one-choice votes: how a PollView becomes one.

The poll's question names the vote ("Next paper? (vote #12)") and each answer starts with the
candidate's number, so a vote event maps back to `/vote #12 N` (poll_votes.py) with nothing
stored in the process: it works the same after a restart.
"""

from __future__ import annotations

import math
import re
from datetime import datetime, timedelta

import discord

from bot.adapters.discord.embeds import clip, esc, lines_within
from bot.core.views import PollView

QUESTION = 300  # Discord's limits
ANSWER = 55
ANSWERS = 10
MAX_HOURS = 768
CONTENT = 2000
_QUESTION = re.compile(r"\(vote #(\d+)\)\s*$")
ANSWER_NUMBER = re.compile(r"^(\d+)\.")


def question_for(poll_id: int) -> str:
    return f"Next paper? (vote #{poll_id})"


def poll_id_of(question: str | None) -> int | None:
    found = _QUESTION.search(question or "")
    return int(found[1]) if found else None


def duration_until(closes_at: datetime, now: datetime) -> timedelta:
    """Whole hours (all Discord takes), rounded up so the poll never ends before the vote."""
    hours = math.ceil((closes_at - now).total_seconds() / 3600)
    return timedelta(hours=min(max(hours, 1), MAX_HOURS))


def build_poll(view: PollView, now: datetime) -> discord.Poll:
    poll = discord.Poll(
        question=clip(question_for(view.poll_id), QUESTION),
        duration=duration_until(view.closes_at, now),
    )
    for candidate in view.candidates[:ANSWERS]:
        poll.add_answer(text=clip(f"{candidate.number}. {candidate.title}", ANSWER))
    return poll


def poll_content(view: PollView) -> str:
    """The text above the poll: full titles (answers are cut at 55 characters) and the close."""
    closes = discord.utils.format_dt(view.closes_at, "R")
    lines = [f"🗳 **Vote on the next paper** — closes {closes}"]
    for c in view.candidates:
        by = f" · *suggested by {esc(c.suggested_by)}*" if c.suggested_by else ""
        lines.append(f"**{c.number}.** {esc(c.title)}{by}")
    if view.anonymous:
        lines.append("-# Anonymous: the bot never shows who voted for what.")
    return lines_within(lines, CONTENT - 100)
