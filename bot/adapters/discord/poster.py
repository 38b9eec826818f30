"""Scheduled posts into club channels, at most once each.

Every post carries a nonce derived from its outbox key; discord.py sends it with enforce_nonce, so
Discord answers a resend within its dedupe window with the message it already created. Past that
window `find_posted` looks for the key's reference in the channel's recent messages.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime
from typing import Literal

import discord

from bot.adapters.discord import events, native_poll, voice
from bot.adapters.discord.bridge import NO_MENTIONS
from bot.adapters.discord.embeds import FOOTER, clip, esc, fit
from bot.adapters.discord.render import MessageParts, render_reply
from bot.core.domain.ids import ClubKey
from bot.core.domain.mirrors import MirrorStatus, SessionMirror
from bot.core.ports import Clock, Discussion, Outgoing, Undeliverable
from bot.core.views import Notice, Reply, Tone
from bot.i18n import _, say, speaking

log = logging.getLogger(__name__)

NONCE = 25  # Discord's limit for a string nonce
CANNOT_DM = 50007  # "Cannot send messages to this user": DMs closed or no shared server
HISTORY = 50  # how far back find_posted looks
THREAD_NAME = 100
WEEK_MINUTES: Literal[10080] = 10080  # threads stay open through the week of the session


def nonce_for(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:NONCE]


def reference_for(key: str) -> str:
    # Shown in the footer: short, but 48 bits never collide among a channel's recent posts.
    return f"ref {nonce_for(key)[:12]}"


def render_post(message: Outgoing, now: datetime) -> MessageParts:
    extra = (Notice(message.late_note, Tone.WARNING),) if message.late_note else ()
    parts = render_reply(Reply(message.view, extra=extra, language=message.language), now=now)
    if not parts.embeds:  # a native poll: the reference goes in small text under the content
        parts.content = f"{parts.content or ''}\n-# {reference_for(message.key)}"
        return parts
    last = parts.embeds[-1]
    # The reference first: a full footer (many tags) is clipped at its end, and the reference
    # is what finds the post again after a crash.
    footer = " · ".join(t for t in (reference_for(message.key), last.footer.text) if t)
    last.set_footer(text=clip(footer, FOOTER))
    # The reference adds to the message's total: fit again, after it (issue 15: 6,016 > 6,000
    # when the card alone filled the budget, and Discord refused the whole announcement).
    parts.embeds = fit(parts.embeds)
    return parts


class DiscordPoster:
    """The Poster port for Discord; a post can also open a discussion thread and check in the
    members in the voice room, as the core asks. Also an `EventMirror`: each upcoming session
    is a Scheduled Event."""

    def __init__(self, client: discord.Client, clock: Clock) -> None:
        self.client = client
        # The club clock, never Discord's: a native poll's length is measured by the same clock
        # that planned its close.
        self.clock = clock

    async def _channel(self, club: ClubKey) -> discord.abc.Messageable:
        channel_id = int(club.channel_id)
        channel = self.client.get_channel(channel_id) or await self.client.fetch_channel(channel_id)
        if not isinstance(channel, discord.abc.Messageable):
            raise TypeError(f"channel {channel_id} cannot take messages")
        return channel

    async def _destination(self, message: Outgoing) -> discord.abc.Messageable:
        """The club's channel, or the member's DM channel for a private message."""
        if message.recipient is None:
            return await self._channel(message.club)
        user_id = int(message.recipient.user_id)
        try:
            user = self.client.get_user(user_id) or await self.client.fetch_user(user_id)
            return user.dm_channel or await user.create_dm()
        except discord.NotFound as exc:
            raise Undeliverable(f"no Discord user {user_id}") from exc

    async def post(self, message: Outgoing) -> str:
        channel = await self._destination(message)
        parts = render_post(message, self.clock.now())
        try:
            sent = await channel.send(
                content=parts.content,
                embeds=parts.embeds,
                view=parts.view or discord.utils.MISSING,
                files=parts.files or discord.utils.MISSING,
                poll=parts.poll or discord.utils.MISSING,
                nonce=nonce_for(message.key),
                allowed_mentions=NO_MENTIONS,
            )
        except discord.Forbidden as exc:
            if message.recipient is not None and exc.code == CANNOT_DM:
                # DMs closed, or no server shared with the bot: no retry changes that.
                raise Undeliverable(f"Discord refused the DM: {exc.text}") from exc
            raise
        ended = native_poll.ended_poll(message.view)
        if ended is not None and self.client.user is not None:
            # The vote closed: its native poll (if it ran as one) stops taking clicks.
            await native_poll.end_poll(channel, self.client.user, ended, self.clock.now())
        if message.discussion is not None:
            await self._open_thread(sent, message.discussion, message.language)
        if message.check_in_present:
            await self._check_in_voice(message)
        return str(sent.id)

    async def _check_in_voice(self, message: Outgoing) -> None:
        wiring = getattr(self.client, "paperclub", None)  # set by build_client
        if wiring is None:
            return
        try:
            await voice.check_in_those_present(self.client, wiring.bridge, message.club)
        except Exception:
            # The post went out; check-ins are a bonus that must not make the outbox resend.
            log.exception("voice check-in at the start failed")

    async def find_posted(self, message: Outgoing) -> str | None:
        channel = await self._destination(message)
        wanted = reference_for(message.key)
        me = self.client.user
        async for earlier in channel.history(limit=HISTORY):
            if me is not None and earlier.author.id != me.id:
                continue
            texts = [earlier.content, *(embed.footer.text for embed in earlier.embeds)]
            if any(wanted in (text or "") for text in texts):
                return str(earlier.id)
        return None

    async def mirror_session(self, club: ClubKey, mirror: SessionMirror) -> str | None:
        """The `EventMirror` port: the session's Scheduled Event created, updated, cancelled
        (skipped) or deleted (gone), found again by its reference line."""
        if mirror.status == MirrorStatus.GONE:
            await events.remove_scheduled_event(self.client, club, mirror.session_id)
            return None
        event = await events.sync_scheduled_event(self.client, club, mirror)
        return str(event.id) if event is not None else None

    async def _open_thread(
        self, sent: discord.Message, discussion: Discussion, language: str
    ) -> None:
        with speaking(language):
            name, prompts = say(discussion.title), _prompts_text(discussion.prompts)
        try:
            thread = await sent.create_thread(
                name=clip(name, THREAD_NAME), auto_archive_duration=WEEK_MINUTES
            )
            if discussion.prompts:
                await thread.send(prompts, allowed_mentions=NO_MENTIONS, silent=True)
        except discord.HTTPException as exc:
            # The post itself went out; a missing thread must not make the outbox resend it.
            # (A resend after a crash lands here too: Discord refuses a second thread.)
            log.warning("could not open the discussion thread", extra={"error": str(exc)})


def _prompts_text(prompts: tuple[str, ...]) -> str:
    lines = [f"**{_('Discussion prompts')}**"]
    lines += [f"{number}. {esc(prompt)}" for number, prompt in enumerate(prompts, start=1)]
    return clip("\n".join(lines), 2000)
