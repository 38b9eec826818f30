"""Votes in the bot's native polls (MESSAGE_POLL_VOTE_ADD / _REMOVE), run as /vote commands.

They land in the same ballots table as buttons and typed votes, as the voting member.
"""

from __future__ import annotations

import logging
import weakref
from asyncio import Lock

import discord

from bot.adapters.discord.bridge import Bridge
from bot.adapters.discord.native_poll import ANSWER_NUMBER, poll_id_of
from bot.core.commands.context import Context
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.core.usecases.ballot_commands import CastVote, WithdrawVote

log = logging.getLogger(__name__)


def _answer_number(message: discord.Message, answer_id: int) -> int:
    # Answers are numbered like the candidates; the id is Discord's own order (the same unless
    # a candidate could not be shown), so the text is preferred when it is there.
    answer = message.poll.get_answer(answer_id) if message.poll else None
    found = ANSWER_NUMBER.match(answer.text) if answer is not None else None
    return int(found[1]) if found else answer_id


class PollVotes:
    """Turns MESSAGE_POLL_VOTE_ADD / _REMOVE on the bot's own polls into /vote commands."""

    def __init__(self, client: discord.Client, bridge: Bridge) -> None:
        self.client = client
        self.bridge = bridge
        # discord.py runs each event in its own task; a member's remove-then-add must land in
        # that order, so each member's events take turns (in-process only: no stored state).
        self._turns: weakref.WeakValueDictionary[int, Lock] = weakref.WeakValueDictionary()

    async def on_vote(self, event: discord.RawPollVoteActionEvent, *, added: bool) -> None:
        turn = self._turns.setdefault(event.user_id, Lock())
        async with turn:
            await self._apply(event, added=added)

    async def _apply(self, event: discord.RawPollVoteActionEvent, *, added: bool) -> None:
        me = self.client.user
        if event.guild_id is None or me is None or event.user_id == me.id:
            return
        message = await self._message(event)
        # Only the bot's own polls are votes: a member's poll may copy the question.
        if message is None or message.author.id != me.id or message.poll is None:
            return
        poll_id = poll_id_of(message.poll.question)
        if poll_id is None:
            return
        command: CastVote | WithdrawVote = (
            CastVote((str(_answer_number(message, event.answer_id)),), poll_id)
            if added
            else WithdrawVote(poll_id)
        )
        reply = await self.bridge.dispatcher.run(command, await self._context(event))
        log.info(
            "native poll vote",
            extra={"poll": poll_id, "added": added, "outcome": type(reply.view).__name__},
        )

    async def _message(self, event: discord.RawPollVoteActionEvent) -> discord.Message | None:
        cached = discord.utils.get(self.client.cached_messages, id=event.message_id)
        if cached is not None:
            return cached
        try:
            channel = self.client.get_channel(event.channel_id) or await self.client.fetch_channel(
                event.channel_id
            )
            if not isinstance(channel, discord.abc.Messageable):
                return None
            return await channel.fetch_message(event.message_id)
        except discord.HTTPException:
            log.warning("poll message not found", extra={"message": event.message_id})
            return None

    async def _context(self, event: discord.RawPollVoteActionEvent) -> Context:
        guild_id = int(event.guild_id or 0)
        name = str(event.user_id)
        guild = self.client.get_guild(guild_id)
        if guild is not None:
            # The ballot records the member's name; without the members intent it is fetched.
            try:
                found = guild.get_member(event.user_id) or await guild.fetch_member(event.user_id)
                name = found.display_name
            except discord.HTTPException:
                pass
        member = MemberKey(Platform.DISCORD, str(guild_id), str(event.user_id))
        club = ClubKey(Platform.DISCORD, str(guild_id), str(event.channel_id))
        return Context(club, Actor(member, name, False))
