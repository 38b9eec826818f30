"""From a Discord interaction to the core and back: who is asking, and how the answer is sent."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

import discord

from bot.adapters.discord import native_poll
from bot.adapters.discord.permissions import DiscordChannelCheck
from bot.adapters.discord.render import MessageParts, render_one, render_reply
from bot.adapters.shared.failures import failure_view
from bot.adapters.shared.progress_board import ThrottledBoard
from bot.core.commands.catalog import AnySpec
from bot.core.commands.context import Context
from bot.core.commands.dispatch import Dispatcher
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.core.views import ErrorView, Reply, View
from bot.locale import language_of_locale

log = logging.getLogger(__name__)

# Discord drops an interaction that is not acknowledged within 3 s; past this we defer.
DEFER_AFTER = 2.0
# Discord's "Unknown interaction": past its 3 s (or 15 min after a "thinking…") the interaction
# is gone, and every later answer to it is refused the same way.
UNKNOWN_INTERACTION = 10062
# A slow command's progress edits its deferred answer at most once every 2 s: Discord's buckets
# for editing messages allow about 5 in 5 s (platform-limits.md), and the channel's own posts
# share them.
PROGRESS_EVERY = 2.0
NO_MENTIONS = discord.AllowedMentions.none()
MISSING: Any = discord.utils.MISSING


def is_ephemeral(reply: Reply, parts: MessageParts) -> bool:
    # A native poll is the channel's ballot box: even when it answers an admin's private
    # command (/vote open) it must be public, or no member could vote in it.
    return reply.private and parts.poll is None


def workspace_id(interaction: discord.Interaction[Any]) -> str:
    # Commands are guild-only, but a DM interaction still needs a stable, distinct workspace.
    return str(interaction.guild_id) if interaction.guild_id is not None else "dm"


def is_admin(interaction: discord.Interaction[Any], admin_role: str | None) -> bool:
    """The chat's rule (`grants_admin`) on what the interaction says.

    `interaction.permissions` is computed by Discord for this member in this channel, so it
    cannot be forged by the client and does not depend on the member cache.
    """
    permissions = interaction.permissions
    if admin_role is None or permissions.manage_guild:
        # The member's roles matter only for a configured role: `Member.roles` looks up and
        # sorts every role the member has, on every click.
        return permissions.manage_guild
    roles = getattr(interaction.user, "roles", None) or []
    return grants_admin(permissions, roles, admin_role)


def grants_admin(
    permissions: discord.Permissions, roles: Sequence[discord.Role], admin_role: str | None
) -> bool:
    """Manage Server in the club's channel (Administrator implies it), or the configured
    role, by name or id: one rule for chat and for the management page's sign-in
    (admin_check.py)."""
    if permissions.manage_guild:
        return True
    return admin_role is not None and any(admin_role in (r.name, str(r.id)) for r in roles)


def context_for(
    interaction: discord.Interaction[Any],
    admin_role: str | None,
    progress: ThrottledBoard | None = None,
) -> Context:
    workspace = workspace_id(interaction)
    channel = interaction.channel
    channel_name = getattr(channel, "name", None) or ""
    actor = Actor(
        MemberKey(Platform.DISCORD, workspace, str(interaction.user.id)),
        interaction.user.display_name,
        is_admin(interaction, admin_role),
    )
    club = ClubKey(Platform.DISCORD, workspace, str(interaction.channel_id))
    check = DiscordChannelCheck(interaction.app_permissions, interaction.guild)
    # Discord sends the member's client language with every interaction ("ko", "en-US").
    locale = interaction.locale.value
    return Context(
        club, actor, channel_name=channel_name, channel=check, locale=locale, progress=progress
    )


def expired(exc: BaseException) -> bool:
    """Discord refused an answer because the interaction no longer exists."""
    return isinstance(exc, discord.NotFound) and exc.code == UNKNOWN_INTERACTION


async def apologise(interaction: discord.Interaction[Any], view: ErrorView) -> None:
    """Tell the member privately, by whichever way this interaction still allows, in their
    own language (the club, which may want its own, could not be read: something failed)."""
    embeds = render_one(view, language_of_locale(interaction.locale.value)).embeds
    try:
        if not interaction.response.is_done():
            await interaction.response.send_message(
                embeds=embeds, ephemeral=True, allowed_mentions=NO_MENTIONS
            )
            return
        if interaction.response.type == discord.InteractionResponseType.deferred_channel_message:
            # A "thinking…" placeholder, maybe public: take it away rather than leave it.
            with contextlib.suppress(discord.HTTPException):
                await interaction.delete_original_response()
        await interaction.followup.send(embeds=embeds, ephemeral=True, allowed_mentions=NO_MENTIONS)
    except Exception:
        # Discord itself is failing, the interaction expired, or we are shutting down; the
        # failure is logged already, once.
        log.warning("could not tell the member about the failure", exc_info=True)


class Bridge:
    """Runs commands for interactions (typed values, or a component's command line) and sends
    the rendered reply."""

    def __init__(
        self, dispatcher: Dispatcher, admin_role: str | None, defer_after: float = DEFER_AFTER
    ) -> None:
        self.dispatcher = dispatcher
        self.admin_role = admin_role
        self.defer_after = defer_after

    def context(self, interaction: discord.Interaction[Any]) -> Context:
        return context_for(interaction, self.admin_role)

    def context_with_board(
        self, interaction: discord.Interaction[Any]
    ) -> tuple[Context, ThrottledBoard]:
        """The context, with a board that edits the interaction's deferred answer (an import
        shows its lookups there); hand the board to `answer`."""

        async def edit(view: View, language: str) -> None:
            await interaction.edit_original_response(
                content=None, embeds=render_one(view, language).embeds, allowed_mentions=NO_MENTIONS
            )

        board = ThrottledBoard(edit, every=PROGRESS_EVERY)
        return context_for(interaction, self.admin_role, board), board

    async def guard(self, interaction: discord.Interaction[Any], work: Awaitable[object]) -> None:
        """Every interaction handler runs its work through here: whatever fails, before or
        after Discord was answered, the member gets a private answer and the failure is logged
        once (discord.py would log it and leave the member with "thinking…" or nothing)."""
        with self.dispatcher.inflight.running():  # a stopping process lets it finish
            try:
                await work
            except Exception as exc:
                if expired(exc):
                    # Discord gave up on it (we were too slow). Nothing can reach the member
                    # through it any more: an apology would only be refused again. One line,
                    # not a traceback: in a backlog of clicks each late one ends so, and
                    # formatting its traceback (~4 ms) made the backlog longer still.
                    log.error(
                        "discord interaction expired before it was answered",
                        extra={"interaction": interaction.id},
                    )
                    return
                log.exception("discord interaction failed", extra={"interaction": interaction.id})
                await apologise(interaction, failure_view(exc))

    async def run_values(
        self,
        interaction: discord.Interaction[Any],
        spec: AnySpec,
        values: Mapping[str, object],
        *,
        private: bool,
    ) -> Reply:
        """Run `spec` with a slash command's (or a form's) values by option name, as given."""
        return await self._run(
            interaction, lambda ctx: self.dispatcher.run_values(spec, values, ctx), private
        )

    async def run_line(
        self,
        interaction: discord.Interaction[Any],
        line: str,
        *,
        private: bool,
        always_private: bool = False,
        button: bool = False,
    ) -> Reply:
        """Run a component's command line and answer. `always_private` keeps the answer to the
        member whatever the command (a click's answer is theirs); `button`: the line is one of
        the bot's buttons' (Dispatcher.run_button reads an old button's bare session id)."""
        run = self.dispatcher.run_button if button else self.dispatcher.run_text
        return await self._run(
            interaction,
            lambda ctx: run(line, ctx),
            private or always_private,
            always_private=always_private,
        )

    async def _run(
        self,
        interaction: discord.Interaction[Any],
        run: Callable[[Context], Awaitable[Reply]],
        private: bool,
        *,
        always_private: bool = False,
    ) -> Reply:
        """`private` is how the core will most likely deliver the answer, used only when the
        work is slow enough that we must defer before knowing."""
        ctx, board = self.context_with_board(interaction)

        async def work() -> Reply:
            reply = await run(ctx)
            return replace(reply, private=True) if always_private else reply

        return await self.answer(interaction, work(), private=private, board=board)

    async def answer(
        self,
        interaction: discord.Interaction[Any],
        work: Awaitable[Reply],
        *,
        private: bool,
        board: ThrottledBoard | None = None,
    ) -> Reply:
        """Run `work` in the interaction's own task and send its answer; when it is slower than
        `defer_after`, a timer acknowledges the interaction ("thinking…") meanwhile and the
        answer follows up. The work runs inline rather than as a task of its own waited on
        with a timeout: a click then costs no extra task, waiter or loop hop (in a burst of
        clicks that was all overhead, since nearly every answer is ready long before 2 s)."""
        loop = asyncio.get_running_loop()
        deferring: list[asyncio.Task[None]] = []

        def defer() -> None:
            deferring.append(loop.create_task(self._defer(interaction, private, board)))

        timer = loop.call_later(self.defer_after, defer) if self.defer_after > 0 else None
        if timer is None:  # 0: always defer at once
            defer()
        try:
            reply = await work
        except BaseException:
            if timer is not None:
                timer.cancel()
            await self._settle(deferring, board)
            raise
        if timer is not None:
            timer.cancel()
        if not deferring:
            if board is not None:
                await board.finish()  # nothing was shown: the answer is the first message
            parts = render_reply(reply, now=self.dispatcher.deps.clock.now())
            await interaction.response.send_message(
                content=parts.content,
                embeds=parts.embeds,
                view=parts.view or MISSING,
                files=parts.files or MISSING,
                poll=parts.poll or MISSING,
                ephemeral=is_ephemeral(reply, parts),
                allowed_mentions=NO_MENTIONS,
            )
        else:
            try:
                await deferring[0]  # a failed "thinking…" fails the answer (the guard says so)
            finally:
                if board is not None:
                    await board.finish()  # no progress edit can land after the answer
            parts = render_reply(reply, now=self.dispatcher.deps.clock.now())
            await self._follow_up(interaction, reply, parts, deferred_private=private)
        await self._end_native_poll(interaction, reply)
        return reply

    @staticmethod
    async def _defer(
        interaction: discord.Interaction[Any], private: bool, board: ThrottledBoard | None
    ) -> None:
        await interaction.response.defer(ephemeral=private, thinking=True)
        if board is not None:
            board.open()  # progress may now edit the "thinking…" answer

    @staticmethod
    async def _settle(deferring: list[asyncio.Task[None]], board: ThrottledBoard | None) -> None:
        """The work failed: let a "thinking…" under way land first, so the guard's apology
        knows how the interaction was answered; the work's failure is the one reported."""
        if deferring:
            with contextlib.suppress(Exception):
                await deferring[0]
        if board is not None:
            await board.finish()

    async def _end_native_poll(self, interaction: discord.Interaction[Any], reply: Reply) -> None:
        """/vote close or /vote cancel answered: the vote's native poll, if it ran as one, is
        ended too."""
        ended, me, channel = (
            native_poll.ended_poll(reply.view),
            interaction.client.user,
            interaction.channel,
        )
        if ended is None:
            return
        if me is None or not isinstance(channel, discord.abc.Messageable):
            return
        await native_poll.end_poll(channel, me, ended, self.dispatcher.deps.clock.now())

    async def _follow_up(
        self,
        interaction: discord.Interaction[Any],
        reply: Reply,
        parts: MessageParts,
        *,
        deferred_private: bool,
    ) -> None:
        ephemeral = is_ephemeral(reply, parts)
        if ephemeral != deferred_private or parts.poll is not None:
            # The "thinking…" placeholder is public but the answer is personal (an error), or
            # the answer is a native poll (which no edit can add): take the placeholder away
            # and send the answer as a new message with its own visibility.
            await interaction.delete_original_response()
            await interaction.followup.send(
                content=parts.content or MISSING,
                embeds=parts.embeds,
                view=parts.view or MISSING,
                files=parts.files or MISSING,
                poll=parts.poll or MISSING,
                ephemeral=ephemeral,
                allowed_mentions=NO_MENTIONS,
            )
            return
        # Otherwise the placeholder's visibility already fits (the core decides privacy per
        # command, so a private command never turns public).
        await interaction.edit_original_response(
            content=parts.content,
            embeds=parts.embeds,
            view=parts.view,
            attachments=parts.files or MISSING,
            allowed_mentions=NO_MENTIONS,
        )
