"""Slash commands built from the core's catalog, so a new command reaches Discord unchanged.

Each `CommandSpec` becomes an app command whose typed options come from `spec.options`, built
with discord.py's public API (a generated callback signature, then `describe`, `rename`,
`choices` and `autocomplete`). The callback hands the typed values to the core as they are;
the core reads each by its declared kind, as it reads the words typed on the other platforms.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable, Coroutine
from typing import Any

import aiohttp
import discord
from discord import app_commands
from discord.app_commands import locale_str

from bot.adapters.discord.bridge import Bridge
from bot.adapters.discord.embeds import clip
from bot.adapters.discord.handlers import CommandForm
from bot.adapters.discord.translator import GROUP_DESCRIPTION, GROUP_DESCRIPTION_ADMINS, language_of
from bot.adapters.shared.downloads import DownloadRefused, could_not_download, read_all, too_big
from bot.core.commands.catalog import AnySpec, Catalog
from bot.core.commands.context import Context
from bot.core.commands.options import MAX_UPLOAD_BYTES, OptionKind, OptionSpec, Upload
from bot.core.planning.calendar import WEEKDAY_NAMES
from bot.core.views import ErrorView, Reply
from bot.locale import SOURCE_LANGUAGE

# Commands that open a form when run without options (a guided setup reads better in a modal
# than in three typed options). Presentation only: the core still checks and runs them.
GUIDED = frozenset({"club setup"})
DESCRIPTION = 100  # Discord's limit for command and option descriptions
ADMIN_HINT = discord.Permissions(manage_guild=True)
GUILD_ONLY = app_commands.AppCommandContext(guild=True)

Callback = Callable[..., Coroutine[Any, Any, None]]
log = logging.getLogger(__name__)
DOWNLOAD_TIMEOUT = aiohttp.ClientTimeout(total=30, sock_connect=10, sock_read=15)


def _annotation(option: OptionSpec) -> type:
    if option.kind == OptionKind.FILE:
        return discord.Attachment
    return int if option.kind == OptionKind.INTEGER else str


def _choices(option: OptionSpec) -> list[app_commands.Choice[str]] | None:
    if option.kind == OptionKind.WEEKDAY:
        return [
            app_commands.Choice(name=locale_str(day), value=day.casefold()) for day in WEEKDAY_NAMES
        ]
    if option.choices:
        return [
            app_commands.Choice(name=locale_str(c[:100]), value=c[:100])
            for c in option.choices[:25]
        ]
    return None


Completer = Callable[
    [discord.Interaction[Any], str], Coroutine[Any, Any, list[app_commands.Choice[str]]]
]


def _completer(bridge: Bridge, kind: OptionKind) -> Completer:
    async def complete(
        interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        found = await bridge.dispatcher.complete(kind, current, bridge.context(interaction))
        return [app_commands.Choice(name=c.label[:100], value=c.value[:100]) for c in found[:25]]

    return complete


async def _with_files(
    bridge: Bridge,
    ctx: Context,
    spec: AnySpec,
    given: dict[str, Any],
) -> Reply:
    """Download the attachments (refusing big ones unread), then run the command with them."""
    values: dict[str, object] = {}
    for name, value in given.items():
        if not isinstance(value, discord.Attachment):
            values[name] = value
            continue
        upload = await _download(value)
        if isinstance(upload, ErrorView):
            return await bridge.dispatcher.answer_privately(upload, ctx)
        values[name] = upload
    return await bridge.dispatcher.run_values(spec, values, ctx)


async def _download(attachment: discord.Attachment) -> Upload | ErrorView:
    """The whole file, checked against the size Discord reported before and after reading.

    `Attachment.read()` reads whatever the CDN sends, however long; this stops at the limit."""
    name = attachment.filename
    try:
        if attachment.size > MAX_UPLOAD_BYTES:
            raise too_big(name, attachment.size, MAX_UPLOAD_BYTES)
        async with (
            aiohttp.ClientSession(timeout=DOWNLOAD_TIMEOUT) as session,
            session.get(attachment.url) as response,
        ):
            if response.status != 200:
                raise aiohttp.ClientResponseError(response.request_info, (), status=response.status)
            content = await read_all(
                response, name=name, limit=MAX_UPLOAD_BYTES, expected=attachment.size
            )
    except DownloadRefused as exc:
        return ErrorView(exc.message)
    except (aiohttp.ClientError, TimeoutError) as exc:
        log.warning("could not download a Discord attachment: %r", exc)
        return ErrorView(could_not_download(name, "Discord"))
    return Upload(name, content)


def _described(text: str) -> locale_str:
    """Discord's 100 characters of `text`; the translator looks up the whole text (`source`),
    which is the catalog's message, and clips the translation in turn."""
    return locale_str(clip(text, DESCRIPTION) or "…", source=text)


def offered(spec: AnySpec) -> list[OptionSpec]:
    """The options a member types; hidden ones are set by the bot's own buttons."""
    return [option for option in spec.options if not option.hidden]


def _callback(bridge: Bridge, spec: AnySpec) -> Callback:
    # Python names o0, o1… renamed to the option names, so any option name Discord accepts works.
    by_param = {f"o{index}": option for index, option in enumerate(offered(spec))}
    guided = spec.name in GUIDED and bool(by_param)

    async def callback(interaction: discord.Interaction[Any], **values: Any) -> None:
        await bridge.guard(interaction, handle(interaction, values))

    async def handle(interaction: discord.Interaction[Any], values: dict[str, Any]) -> None:
        given = {by_param[k].name: v for k, v in values.items() if v is not None and v != ""}
        if guided and not given:
            # A form for a member the core would refuse only delays the refusal: run it instead.
            ctx = bridge.context(interaction)
            if ctx.actor.is_admin or not spec.admin:
                # In the member's Discord language, as the slash menu that opened it.
                language = language_of(interaction.locale) or SOURCE_LANGUAGE
                await interaction.response.send_modal(CommandForm(bridge, spec, language))
                return
        if any(isinstance(v, discord.Attachment) for v in given.values()):
            ctx, board = bridge.context_with_board(interaction)
            await bridge.answer(
                interaction, _with_files(bridge, ctx, spec, given), private=True, board=board
            )
            return
        await bridge.run_values(interaction, spec, given, private=spec.private)

    parameters = [
        inspect.Parameter(
            "interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=discord.Interaction
        )
    ]
    for name, option in by_param.items():
        parameters.append(
            inspect.Parameter(
                name,
                inspect.Parameter.KEYWORD_ONLY,
                annotation=_annotation(option),
                default=inspect.Parameter.empty if option.required else None,
            )
        )
    # The signature discord.py reads the options from (inspect honours __signature__).
    setattr(callback, "__signature__", inspect.Signature(parameters))  # noqa: B010
    # locale_str: the CatalogTranslator gives each its Korean (or other catalog's) form.
    described = app_commands.describe(**{k: _described(o.description) for k, o in by_param.items()})
    renamed = app_commands.rename(**{k: locale_str(o.name) for k, o in by_param.items()})
    chosen = app_commands.choices(
        **{k: c for k, o in by_param.items() if (c := _choices(o)) is not None}
    )
    completed = app_commands.autocomplete(
        **{
            k: _completer(bridge, o.kind)
            for k, o in by_param.items()
            if o.kind in (OptionKind.PAPER, OptionKind.TIMEZONE)
        }
    )
    return completed(chosen(renamed(described(callback))))


def discord_path(name: str, all_names: set[str]) -> list[str]:
    """The words of a catalog name as Discord sees them: "club setup" → /club setup.

    Discord cannot have /papers and /papers import at once (a name with sub-commands cannot be
    run itself), so when a shorter name is also a command, the rest is joined onto its last
    word: /papers-import, /club calendar-revoke.
    """
    words = name.casefold().split()
    for length in range(len(words) - 1, 0, -1):
        if " ".join(words[:length]) in all_names:
            return [*words[: length - 1], "-".join(words[length - 1 :])]
    return words


def build_commands(
    bridge: Bridge, catalog: Catalog, *, admin_hint: bool = True
) -> list[app_commands.Command[Any, ..., None] | app_commands.Group]:
    """Top-level commands and groups ("club setup" → /club setup) for every spec.

    `admin_hint` sets default_permissions (Manage Server) on admin commands, which only hides
    them in Discord's menu; the server-side check is the core's, on every run.
    """
    top: list[app_commands.Command[Any, ..., None] | app_commands.Group] = []
    groups: dict[str, app_commands.Group] = {}
    specs = [spec for spec in catalog.specs if spec.listed]
    names = {spec.name.casefold() for spec in specs}
    paths = {spec.name: discord_path(spec.name, names) for spec in specs}
    for spec in specs:
        *path, leaf = paths[spec.name]
        parent: app_commands.Group | None = None
        for depth, word in enumerate(path):
            key = " ".join(path[: depth + 1])
            if key not in groups:
                members = [s for s in specs if paths[s.name][: depth + 1] == path[: depth + 1]]
                all_admin = all(s.admin for s in members)
                template = GROUP_DESCRIPTION_ADMINS if all_admin else GROUP_DESCRIPTION
                groups[key] = app_commands.Group(
                    name=locale_str(word),
                    description=locale_str(template.format(group=key), group=key, admins=all_admin),
                    parent=parent,
                    guild_only=parent is None,
                    default_permissions=ADMIN_HINT if admin_hint and all_admin else None,
                )
                if parent is None:
                    top.append(groups[key])
                else:
                    parent.add_command(groups[key])
            parent = groups[key]
        command: app_commands.Command[Any, ..., None] = app_commands.Command(
            name=locale_str(leaf),
            description=_described(spec.summary),
            callback=_callback(bridge, spec),
            parent=parent,
            allowed_contexts=GUILD_ONLY if parent is None else None,
        )
        if parent is None:
            command.guild_only = True
            command.default_permissions = ADMIN_HINT if admin_hint and spec.admin else None
            top.append(command)
        else:
            parent.add_command(command)
    return top
