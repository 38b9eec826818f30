"""Discord's own poll for one-choice votes: how a PollView becomes one.

The poll's question names the vote ("Next paper? (vote #12)") and each answer starts with the
candidate's number, so a vote event maps back to `/vote #12 N` (poll_votes.py) with nothing
stored in the process: it works the same after a restart.
"""

from __future__ import annotations

import logging
import math
import re
from datetime import datetime, timedelta

import discord

from bot.adapters.discord.embeds import clip, esc, lines_within
from bot.adapters.discord.limits import CONTENT, POLL_ANSWER, POLL_ANSWERS, POLL_HOURS
from bot.adapters.discord.limits import POLL_QUESTION as QUESTION
from bot.core.views import EndedPoll, Notice, PollView, ResultsView
from bot.i18n import _

log = logging.getLogger(__name__)

ANSWER = POLL_ANSWER
ANSWERS = POLL_ANSWERS
MAX_HOURS = POLL_HOURS
# How many of the channel's messages after the vote opened are looked through for its poll:
# the poll is among the first (the post or /vote open's answer), whatever was said since.
SEARCH = 100
_QUESTION = re.compile(r"\(vote #(\d+)\)\s*$")
ANSWER_NUMBER = re.compile(r"^(\d+)\.")


def question_for(poll_id: int) -> str:
    # The "(vote #N)" tail is what poll_id_of reads back, so only the words are translated.
    return f"{_('Next paper?')} (vote #{poll_id})"


def poll_id_of(question: str | None) -> int | None:
    found = _QUESTION.search(question or "")
    return int(found[1]) if found else None


def duration_until(closes_at: datetime, now: datetime) -> timedelta:
    """Whole hours (all Discord takes), rounded up so the poll never ends before the vote."""
    return timedelta(hours=min(max(hours_until(closes_at, now), 1), MAX_HOURS))


def hours_until(closes_at: datetime, now: datetime) -> int:
    return math.ceil((closes_at - now).total_seconds() / 3600)


def fits(view: PollView, now: datetime) -> bool:
    """Whether Discord's own poll can stay open until the vote closes: a poll lasts at most
    768 hours, and Discord would end a longer one weeks before the vote (issue 15: clubs
    meeting every 6 weeks vote for up to 1,253 h). A vote that does not fit keeps buttons."""
    return hours_until(view.closes_at, now) <= MAX_HOURS


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
    lines = [f"🗳 **{esc(view.heading)}** — closes {closes}"]
    for c in view.candidates:
        by = f" · *suggested by {esc(c.suggested_by)}*" if c.suggested_by else ""
        lines.append(f"**{c.number}.** {esc(c.title)}{by}")
    if view.anonymous:
        lines.append("-# Anonymous: the bot never shows who voted for what.")
    return lines_within(lines, CONTENT - 100)


def ended_poll(view: object) -> EndedPoll | None:
    """The vote a reply ended, whose native poll must end too: closed (its results) or called
    off (/vote cancel's notice)."""
    if isinstance(view, ResultsView) and view.closes_poll_opened_at is not None:
        return EndedPoll(view.poll_id, view.closes_poll_opened_at)
    if isinstance(view, Notice):
        return view.ended_poll
    return None


async def end_poll(
    channel: discord.abc.Messageable, me: discord.abc.Snowflake, ended: EndedPoll, now: datetime
) -> bool:
    """End the bot's own poll for this vote now that the vote is over (closed early by /vote
    close, called off by /vote cancel, or at its deadline, which Discord's whole hours
    overshoot by up to 59 minutes): the poll stops taking clicks the bot would only log. Found
    from the moment the vote opened, so it works after a restart; True if a poll was ended.
    Failures are logged: the answer went out."""
    opened = ended.opened_at
    since = opened - timedelta(minutes=1)  # Discord's clock may be a little behind ours
    try:
        async for message in channel.history(limit=SEARCH, after=since, oldest_first=True):
            poll = message.poll
            if message.author.id != me.id or poll is None:
                continue
            if poll_id_of(poll.question) != ended.poll_id:
                continue
            if poll.is_finalised() or (poll.expires_at is not None and poll.expires_at <= now):
                return False
            await message.end_poll()
            return True
    except discord.HTTPException as exc:
        log.warning(
            "could not end the native poll", extra={"poll": ended.poll_id, "error": str(exc)}
        )
    return False
