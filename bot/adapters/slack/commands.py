"""The `/paperclub` command, buttons and modal submissions, all run through the dispatcher."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.shared.failures import failure_view
from bot.adapters.slack import charts, files, modals, votes
from bot.adapters.slack.deliver import modal_board, post_reply, respond_with, response_board
from bot.adapters.slack.identity import Members, workspace_of
from bot.adapters.slack.render import Renderer, message
from bot.adapters.slack.text import SURFACE_BLOCK_LIMIT
from bot.core.commands.context import Context
from bot.core.commands.dispatch import UNEXPECTED, Dispatcher
from bot.core.domain.ids import ClubKey, Platform
from bot.core.text import t
from bot.core.views import ErrorView, Reply
from bot.i18n import _, say, speaking
from bot.locale import SOURCE_LANGUAGE

log = logging.getLogger(__name__)

ACTION_PATTERN = re.compile(r"^pc_action_\d+$")
BALLOT_PATTERN = re.compile(r"^pc_ballot_\d+$")
HOME_BLOCK_PREFIX = "pchome."
BALLOT_TITLE = t("Your ballot")
# Typed with no arguments, these open a form instead; the fields are the command's options, or
# these when the command has none.
MODAL_COMMANDS: Mapping[str, tuple[modals.Field, ...]] = {
    "suggest": (modals.Field("paper", t("Title, arXiv id or link"), required=True),),
    "club setup": (),
    "papers import": (),
}
_MODAL_TITLES = {
    "suggest": t("Suggest a paper"),
    "club setup": t("Club setup"),
    "papers import": t("Import papers"),
}
# A form opens within the 3 s its trigger id is valid, in the club's language when the club's
# settings are read by then (a read takes milliseconds); else in English rather than not at all.
LANGUAGE_WAIT = 0.5


@dataclass
class Handlers:
    dispatcher: Dispatcher
    members: Members

    def renderer(self, block_prefix: str = "pc") -> Renderer:
        return Renderer(self._command_names, block_prefix=block_prefix)

    @functools.cached_property
    def _command_names(self) -> frozenset[str]:
        # The catalog is fixed once the app is built: its first words, found once.
        return frozenset(spec.name.split(" ", 1)[0] for spec in self.dispatcher.catalog.specs)

    async def command(
        self, ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient
    ) -> None:
        # Slack gives us 3 seconds; everything slow happens after this.
        await ack()
        text = str(command.get("text") or "").strip().removeprefix("/")
        channel = str(command.get("channel_id", ""))
        channel_name = str(command.get("channel_name", ""))
        opened: Any = None
        if _form_name(text) in MODAL_COMMANDS:
            language = await self._club_language(workspace_of(command), channel)
            with speaking(language):
                form = self.form(text, language)
                assert form is not None
                shown = modals.view(form, channel, channel_name)
            # Before any other Web API call: the trigger id expires 3 s after the command,
            # and the admin check below (users.info) can take a good part of that.
            opened = await client.views_open(trigger_id=command["trigger_id"], view=shown)
        ctx = await self.members.context(
            client,
            team_id=workspace_of(command),
            channel_id=channel,
            user_id=str(command.get("user_id", "")),
            user_name=str(command.get("user_name", "")),
            channel_name=channel_name,
        )
        if opened is not None:
            spec = self.dispatcher.catalog.named(" ".join(text.casefold().split()))
            if spec is not None and spec.admin and not ctx.actor.is_admin:
                # The form is not for this member: show the core's refusal in its place.
                refusal = await self.dispatcher.run_text("/" + text, ctx)
                title = _MODAL_TITLES[_form_name(text)]
                await self.replace_modal(client, opened, title, refusal)
            return
        board = response_board(respond, self.renderer())
        try:
            reply = await self.dispatcher.run_text(
                "/" + (text or "help"), replace(ctx, progress=board)
            )
        finally:
            await board.finish()  # no progress lands after the answer
        await respond_with(respond, reply, self.renderer(), replace=board.used)
        await charts.share(client, reply, channel=channel, user=ctx.actor.member.user_id)

    async def replace_modal(
        self, client: AsyncWebClient, opened: Any, title: str, reply: Reply
    ) -> None:
        blocks = message(reply, self.renderer(), SURFACE_BLOCK_LIMIT)["blocks"]
        with speaking(reply.language):
            view = modals.notice(say(title), blocks)
        await client.views_update(view_id=opened["view"]["id"], view=view)

    async def _club_language(self, team_id: str, channel_id: str) -> str:
        club = ClubKey(Platform.SLACK, team_id, channel_id)
        try:
            # Shielded: the read may be shared with commands of the club finishing meanwhile.
            read = asyncio.shield(self.dispatcher.club_language(club))
            return await asyncio.wait_for(read, LANGUAGE_WAIT)
        except TimeoutError:
            log.warning("the club's language was not read in time for a form")
            return SOURCE_LANGUAGE

    def form(self, text: str, language: str) -> modals.Form | None:
        """The form a command typed alone opens, said in `language` (call it speaking it)."""
        name = _form_name(text)
        if name not in MODAL_COMMANDS:
            return None
        with speaking(language):
            title = say(_MODAL_TITLES[name])
            fallback = tuple(replace(f, label=say(f.label)) for f in MODAL_COMMANDS[name])
            spec = next((s for s in self.dispatcher.catalog.specs if s.name == name), None)
            if spec is None:
                return modals.Form(f"/{name}", title, fallback)
            form = modals.form_for(spec, fallback)
            return modals.Form(form.command, title, form.fields, _("Save"))

    async def action(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        action: dict[str, Any],
        respond: AsyncRespond,
        client: AsyncWebClient,
    ) -> None:
        await ack()
        ctx = await self.clicker(client, body, action)
        reply = await self.dispatcher.run_button(str(action.get("value", "")), ctx)
        await self.answer_click(client, body, respond, ctx, reply)

    async def ballot(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        action: dict[str, Any],
        respond: AsyncRespond,
        client: AsyncWebClient,
    ) -> None:
        """Open the ballot form for the poll the button names, as this member sees it now
        (current candidates, their own ballot); a closed poll answers with the core's error."""
        await ack()
        # The form starts from the member's own ballot, which takes a users.info and a read:
        # open the modal first (the trigger id expires 3 s after the click), fill it after.
        channel = _channel_of(body, str(action.get("block_id", "")))
        language = await self._club_language(workspace_of(body), channel)
        with speaking(language):
            loading = modals.loading(say(BALLOT_TITLE))
        opened = await client.views_open(trigger_id=body["trigger_id"], view=loading)
        try:
            ctx = await self.clicker(client, body, action)
        except Exception as exc:  # the modal says it is loading: it must say this instead
            failed = Reply(failure_view(exc), private=True, language=language)
            await self._say_in_form(client, opened["view"], BALLOT_TITLE, failed)
            raise  # the guard logs it and tells the member privately as well
        reply = await self.dispatcher.run_text(str(action.get("value", "")), ctx)
        with speaking(reply.language):  # the member's own language, as their other answers
            form = votes.ballot_form(reply.view)
            name = str((body.get("channel") or {}).get("name", ""))
            ballot = modals.view(form, ctx.club.channel_id, name) if form is not None else None
        if ballot is None:
            await self.replace_modal(client, opened, BALLOT_TITLE, reply)
            return
        await client.views_update(view_id=opened["view"]["id"], view=ballot)

    async def clicker(
        self, client: AsyncWebClient, body: dict[str, Any], action: dict[str, Any]
    ) -> Context:
        user = body.get("user") or {}
        return await self.members.context(
            client,
            team_id=workspace_of(body),
            channel_id=_channel_of(body, str(action.get("block_id", ""))),
            user_id=str(user.get("id", "")),
            user_name=str(user.get("name") or user.get("username") or ""),
            channel_name=str((body.get("channel") or {}).get("name", "")),
        )

    async def answer_click(
        self,
        client: AsyncWebClient,
        body: dict[str, Any],
        respond: AsyncRespond,
        ctx: Context,
        reply: Reply,
    ) -> None:
        member = ctx.actor.member.user_id
        if body.get("response_url"):
            await respond_with(respond, reply, self.renderer())
            await charts.share(client, reply, channel=ctx.club.channel_id, user=member)
            return
        # App Home buttons have no response_url; the answer goes to the member's DM with
        # the app, which is private anyway.
        dm = replace(reply, private=False)
        await post_reply(client, dm, self.renderer(), channel=member, user=member)
        await charts.share(client, replace(reply, private=True), channel=member, user=member)

    async def submit(
        self, ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        sub = modals.submission(view)
        errors = modals.field_errors(self.dispatcher.catalog, sub)
        if errors:
            await ack(response_action="errors", errors=errors)
            return
        title = str((view.get("title") or {}).get("text") or "")
        board = None
        if sub.files:
            # An import from a file takes as long as its lookups: the form stays open and shows
            # their progress, as the other imports' messages do, then the answer.
            with speaking(sub.language):
                await ack(
                    response_action="update", view=modals.loading(title, _("Reading the file…"))
                )
            board = modal_board(client, str(view.get("id", "")), title, self.renderer())
        else:
            await ack()
        user = body.get("user") or {}
        try:
            ctx = await self.members.context(
                client,
                team_id=workspace_of(body),
                channel_id=sub.channel_id,
                user_id=str(user.get("id", "")),
                user_name=str(user.get("name") or user.get("username") or ""),
                channel_name=sub.channel_name,
            )
        except Exception as exc:
            if board is not None:  # the form says "Reading the file…": it must say this instead
                await board.finish()
                failed = Reply(failure_view(exc), private=True, language=sub.language)
                await self._say_in_form(client, view, title, failed)
            raise  # the guard logs it and tells the member privately as well
        if board is not None:
            try:
                reply = await self._run_with_files(sub, replace(ctx, progress=board), client)
            except Exception:
                # Not "Reading the file…" for ever: the form (and the post) say it failed.
                log.exception("a file import from a Slack form failed")
                reply = await self.dispatcher.answer_privately(ErrorView(UNEXPECTED), ctx)
            finally:
                await board.finish()  # no progress lands after the answer
            with contextlib.suppress(SlackApiError):  # closed meanwhile: the post still says it
                await self.replace_modal(client, {"view": {"id": view.get("id")}}, title, reply)
        else:
            reply = await self.dispatcher.run_text(sub.line(), ctx)
        member = ctx.actor.member.user_id
        await post_reply(client, reply, self.renderer(), channel=sub.channel_id, user=member)
        await charts.share(client, reply, channel=sub.channel_id, user=member)

    async def _say_in_form(
        self, client: AsyncWebClient, view: dict[str, Any], title: str, reply: Reply
    ) -> None:
        try:
            await self.replace_modal(client, {"view": {"id": view.get("id")}}, title, reply)
        except Exception:  # closed meanwhile, or Slack unreachable: the private post says it
            log.warning("could not update a Slack form with its failure", exc_info=True)

    async def _run_with_files(
        self, sub: modals.Submission, ctx: Context, client: AsyncWebClient
    ) -> Reply:
        spec = self.dispatcher.catalog.named(sub.command.removeprefix("/"))
        if spec is None:
            return await self.dispatcher.run_text(sub.line(), ctx)
        values: dict[str, object] = {name: value for name, value in sub.values if value}
        for name, info in sub.files:
            upload = await files.download(client, info)
            if isinstance(upload, ErrorView):
                return await self.dispatcher.answer_privately(upload, ctx)
            values[name] = upload
        return await self.dispatcher.run_values(spec, values, ctx)


def _form_name(text: str) -> str:
    return " ".join(text.casefold().split())


def _channel_of(body: Mapping[str, Any], block_id: str) -> str:
    channel = body.get("channel") or {}
    if channel.get("id"):
        return str(channel["id"])
    if block_id.startswith(HOME_BLOCK_PREFIX):
        return block_id.removeprefix(HOME_BLOCK_PREFIX).split("_", 1)[0]
    return str((body.get("container") or {}).get("channel_id", ""))
