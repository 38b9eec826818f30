"""What Discord refuses in a message: its length, embed, component and poll limits."""

from __future__ import annotations

from datetime import datetime, timedelta

from paperclub_fakes import discord_rules
from paperclub_fakes.discord_fake.errors import DiscordHTTPError, invalid_form, refuse
from paperclub_fakes.discord_fake.objects import JSON, iso


def check_message_limits(body: JSON) -> None:
    """400 50035 ("Invalid Form Body") for what Discord's message and embed limits refuse
    (discord.com/developers/docs/resources/message, embed limits); its own numbers here."""
    embeds = body.get("embeds") or []
    if len(body.get("content") or "") > 2000 or len(embeds) > 10:
        raise DiscordHTTPError(400, 50035, "Invalid Form Body")
    if body.get("poll"):
        check_poll(body["poll"])
    refuse(discord_rules.component_problems(body.get("components") or []))
    total = 0
    for embed in embeds:
        parts = {
            "title": (embed.get("title") or "", 256),
            "description": (embed.get("description") or "", 4096),
            "footer": ((embed.get("footer") or {}).get("text") or "", 2048),
            "author": ((embed.get("author") or {}).get("name") or "", 256),
        }
        fields = embed.get("fields") or []
        if len(fields) > 25 or any(len(text) > limit for text, limit in parts.values()):
            raise DiscordHTTPError(400, 50035, "Invalid Form Body")
        for part in fields:
            if len(part.get("name") or "") > 256 or len(part.get("value") or "") > 1024:
                raise DiscordHTTPError(400, 50035, "Invalid Form Body")
            total += len(part.get("name") or "") + len(part.get("value") or "")
        total += sum(len(text) for text, _ in parts.values())
    if total > 6000:
        raise DiscordHTTPError(400, 50035, "Embed size exceeds maximum size of 6000")


def check_poll(create: JSON) -> None:
    """400 50035 for a poll Discord refuses (discord.com/developers/docs/resources/poll,
    poll create request object): a question of at most 300 characters, 1 to 10 answers of at
    most 55, and a duration of 1 to 768 hours (32 days)."""
    question = (create.get("question") or {}).get("text") or ""
    answers = create.get("answers") or []
    duration = create.get("duration", 24)
    if not question or len(question) > 300:
        raise invalid_form("poll.question.text", "Must be between 1 and 300 in length.")
    if not 1 <= len(answers) <= 10:
        raise invalid_form("poll.answers", "Must be between 1 and 10 in length.")
    for n, answer in enumerate(answers):
        text = (answer.get("poll_media") or {}).get("text") or ""
        if not text or len(text) > 55:
            raise invalid_form(
                f"poll.answers.{n}.poll_media.text", "Must be between 1 and 55 in length."
            )
    # discord.py sends hours as a float (768.0); Discord takes any number of hours in range.
    if isinstance(duration, bool) or not isinstance(duration, int | float):
        raise invalid_form("poll.duration", "Must be a number of hours.")
    if not 1 <= duration <= 768:
        raise invalid_form("poll.duration", "int value should be less than or equal to 768.")


def poll_object(create: JSON, created: datetime) -> JSON:
    """The poll Discord stores for a create request: answers get ids from 1, expiry is set."""
    hours = float(create.get("duration") or 24)
    return {
        "question": create["question"],
        "answers": [
            {"answer_id": i, "poll_media": a["poll_media"]}
            for i, a in enumerate(create["answers"], start=1)
        ],
        "expiry": iso(created + timedelta(hours=hours)),
        "allow_multiselect": bool(create.get("allow_multiselect", False)),
        "layout_type": int(create.get("layout_type") or 1),
        "results": {"is_finalized": False, "answer_counts": []},
    }
