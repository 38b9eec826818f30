"""Building the interactions a member's client sends: slash commands and autocomplete."""

from __future__ import annotations

import copy
import secrets
from collections.abc import Mapping, Sequence
from typing import Any

import discord

from paperclub_fakes.discord_fake.messages import Messages
from paperclub_fakes.discord_fake.objects import (
    BOT_USER_ID,
    EVERYONE_PERMISSIONS,
    JSON,
    MEMBER_USER,
    member,
    snowflake,
)
from paperclub_fakes.discord_fake.recording import MISSING


class InteractionPayloads(Messages):
    """The INTERACTION_CREATE payloads of slash commands and autocomplete, as Discord sends them."""

    def _interaction(
        self,
        type_: int,
        data: JSON,
        *,
        user: JSON | None,
        permissions: int | str | discord.Permissions | None,
        guild_id: int | None,
        channel_id: int | None,
        message: JSON | None = None,
        locale: str | None = None,
    ) -> JSON:
        invoker = user or MEMBER_USER
        # Discord sends the invoking member's client language with every interaction.
        locale = locale or self.user_locales.get(int(invoker["id"]), "en-US")
        iid = snowflake()
        payload: JSON = {
            "id": str(iid),
            "application_id": str(self.app_id),
            "type": type_,
            "data": data,
            "token": "aW50ZXJhY3Rpb246" + secrets.token_urlsafe(48),
            "version": 1,
            "locale": locale,
            "entitlements": [],
            "entitlement_sku_ids": [],
            "attachment_size_limit": 10 * 1024 * 1024,
        }
        if guild_id is not None:
            cid = channel_id or self.text_channel_id
            if permissions is None:
                perms = self.permissions_in(guild_id, cid, int(invoker["id"]))
            elif isinstance(permissions, discord.Permissions):
                perms = permissions.value
            else:
                perms = int(permissions)
            known = self.members[guild_id].get(int(invoker["id"]))
            inv_member = copy.deepcopy(known) if known else member(invoker)
            inv_member["user"] = invoker
            inv_member["permissions"] = str(perms)
            app_perms = self.permissions_for(guild_id, BOT_USER_ID)
            payload.update(
                {
                    "guild_id": str(guild_id),
                    "guild": {
                        "id": str(guild_id),
                        "locale": "en-US",
                        "features": self.guilds[guild_id]["features"],
                    },
                    "guild_locale": "en-US",
                    "channel_id": str(cid),
                    "channel": {**self._channel(cid), "permissions": str(perms)},
                    "member": inv_member,
                    "app_permissions": str(app_perms),
                    "authorizing_integration_owners": {"0": str(guild_id)},
                    "context": 0,
                }
            )
        else:
            dm_id = channel_id or snowflake()
            dm = self.channels.get(dm_id) or {
                "id": str(dm_id),
                "type": 1,
                "last_message_id": None,
                "flags": 0,
                "recipients": [invoker],
            }
            self.channels.setdefault(dm_id, dm)
            payload.update(
                {
                    "channel_id": str(dm_id),
                    "channel": dm,
                    "user": invoker,
                    "app_permissions": str(EVERYONE_PERMISSIONS),
                    "authorizing_integration_owners": {"0": "0"},
                    "context": 1,
                }
            )
        if message is not None:
            payload["message"] = message
        return payload

    def _command_meta(self, name: str, command_guild_id: int | None) -> tuple[str, int | None]:
        """The synced command's id and, for a guild command, its guild.

        discord.py looks a command up among the guild's commands when ``data.guild_id`` is set.
        """
        if command_guild_id is not None:
            cmds = self.guild_commands.get(command_guild_id, [])
            found = next((c for c in cmds if c["name"] == name), None)
            return (found["id"] if found else str(snowflake())), command_guild_id
        for c in self.global_commands:
            if c["name"] == name:
                return c["id"], None
        for gid, cmds in self.guild_commands.items():
            for c in cmds:
                if c["name"] == name:
                    return c["id"], gid
        return str(snowflake()), None

    def _command_data(
        self,
        name: str,
        options: Mapping[str, Any] | Sequence[JSON] | None,
        subcommand: str | None,
        group: str | None,
        command_guild_id: int | None,
        resolved: JSON | None,
    ) -> JSON:
        opts = _options(options)
        if subcommand is not None:
            opts = [{"name": subcommand, "type": 1, "options": opts}]
        if group is not None:
            if subcommand is None:
                raise ValueError("a sub-command group needs a sub-command")
            opts = [{"name": group, "type": 2, "options": opts}]
        cmd_id, cmd_guild = self._command_meta(name, command_guild_id)
        data: JSON = {"id": cmd_id, "name": name, "type": 1, "options": opts}
        if cmd_guild is not None:
            data["guild_id"] = str(cmd_guild)
        if resolved:
            data["resolved"] = resolved
        return data

    def slash(
        self,
        name: str,
        options: Mapping[str, Any] | Sequence[JSON] | None = None,
        *,
        subcommand: str | None = None,
        group: str | None = None,
        user: JSON | None = None,
        permissions: int | str | discord.Permissions | None = None,
        guild_id: int | None = MISSING,
        channel_id: int | None = None,
        command_guild_id: int | None = None,
        resolved: JSON | None = None,
        locale: str | None = None,
    ) -> JSON:
        """An APPLICATION_COMMAND (type 2) interaction: ``/name [group] [subcommand] options``."""
        data = self._command_data(name, options, subcommand, group, command_guild_id, resolved)
        return self._interaction(
            2,
            data,
            user=user,
            permissions=permissions,
            guild_id=self.guild_id if guild_id is MISSING else guild_id,
            channel_id=channel_id,
            locale=locale,
        )

    def autocomplete(
        self,
        name: str,
        focused_option: str,
        value: str,
        *,
        options: Mapping[str, Any] | Sequence[JSON] | None = None,
        subcommand: str | None = None,
        group: str | None = None,
        option_type: int = 3,
        user: JSON | None = None,
        guild_id: int | None = MISSING,
        channel_id: int | None = None,
        command_guild_id: int | None = None,
    ) -> JSON:
        """An APPLICATION_COMMAND_AUTOCOMPLETE (type 4); ``value`` is the partial input."""
        focused = {"name": focused_option, "type": option_type, "value": value, "focused": True}
        data = self._command_data(
            name, [*_options(options), focused], subcommand, group, command_guild_id, None
        )
        return self._interaction(
            4,
            data,
            user=user,
            permissions=None,
            guild_id=self.guild_id if guild_id is MISSING else guild_id,
            channel_id=channel_id,
        )


def _option_type(value: Any) -> int:
    if isinstance(value, bool):  # bool before int: bool is an int subclass
        return 5
    if isinstance(value, int):
        return 4
    if isinstance(value, float):
        return 10
    return 3


def _options(options: Mapping[str, Any] | Sequence[JSON] | None) -> list[JSON]:
    """``{"title": "x", "n": 3}`` (types: str 3, int 4, bool 5, float 10) or full option dicts."""
    if options is None:
        return []
    if isinstance(options, Mapping):
        return [{"name": k, "type": _option_type(v), "value": v} for k, v in options.items()]
    return [dict(o) for o in options]
