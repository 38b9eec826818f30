"""REST: the bot's identity, the gateway address and application command sync, with Discord's
rules for command names and descriptions."""

from __future__ import annotations

import re

from paperclub_fakes import discord_rules
from paperclub_fakes.discord_fake.errors import DiscordHTTPError, invalid_form, refuse
from paperclub_fakes.discord_fake.objects import JSON, snowflake
from paperclub_fakes.discord_fake.recording import Incoming
from paperclub_fakes.discord_fake.state import DiscordState

# Discord's rules for application command names and text (CHAT_INPUT), localizations included:
# a name is 1-32 characters of letters (lowercase where a letter has case), digits, - _ and ',
# a description 1-100 characters, and sibling names (default or in one locale) are unique.
_COMMAND_NAME = re.compile(r"^[-_'\w]{1,32}$")


def _check_names(items: list[JSON], where: str) -> None:
    seen: dict[str, set[str]] = {}
    for item in items:
        names = {"": item["name"], **(item.get("name_localizations") or {})}
        texts = [
            item.get("description", ""),
            *(item.get("description_localizations") or {}).values(),
        ]
        for locale, name in names.items():
            if not _COMMAND_NAME.fullmatch(name) or name != name.lower():
                raise invalid_form(
                    f"{where}.name", f"Invalid name {name!r} ({locale or 'default'})"
                )
            if name in seen.setdefault(locale, set()):
                raise invalid_form(f"{where}.name", f"Duplicate name {name!r} ({locale})")
            seen[locale].add(name)
        if any(not 1 <= len(text) <= 100 for text in texts):
            raise invalid_form(f"{where}.description", "Must be between 1 and 100 in length.")
        for choice in item.get("choices") or []:
            for text in (choice["name"], *(choice.get("name_localizations") or {}).values()):
                if not 1 <= len(text) <= 100:
                    raise invalid_form(f"{where}.choices", "Must be between 1 and 100 in length.")
        _check_names(item.get("options") or [], f"{where}.options")


def _check_command(cmd: JSON) -> None:
    if cmd.get("type", 1) == 1:
        _check_names([cmd], "commands")


class Commands(DiscordState):
    """The bot's identity, the application and its synced application commands."""

    async def _get_me(self, req: Incoming, m: re.Match[str]) -> JSON:
        return {**self.bot_user, "verified": True, "mfa_enabled": False, "locale": "en-US"}

    async def _get_application(self, req: Incoming, m: re.Match[str]) -> JSON:
        return self.application

    async def _get_gateway(self, req: Incoming, m: re.Match[str]) -> JSON:
        return {"url": self.gateway_url}

    async def _get_gateway_bot(self, req: Incoming, m: re.Match[str]) -> JSON:
        return {
            "url": self.gateway_url,
            "shards": 1,
            "session_start_limit": {
                "total": 1000,
                "remaining": 999,
                "reset_after": 14_400_000,
                "max_concurrency": 1,
            },
        }

    def _check_app(self, req: Incoming, app_id: str) -> None:
        if int(app_id) != self.app_id:
            raise DiscordHTTPError(
                403, 20012, "You are not authorized to perform this action on this application"
            )

    async def _get_commands(self, req: Incoming, m: re.Match[str]) -> list[JSON]:
        self._check_app(req, m.group(1))
        if m.lastindex == 2:
            return self.guild_commands.get(int(m.group(2)), [])
        return self.global_commands

    async def _put_commands(self, req: Incoming, m: re.Match[str]) -> list[JSON]:
        self._check_app(req, m.group(1))
        guild_id = int(m.group(2)) if m.lastindex == 2 else None
        existing = self.guild_commands.get(guild_id, []) if guild_id else self.global_commands
        ids = {(c["name"], c["type"]): c["id"] for c in existing}
        commands = req.json or []
        if len([c for c in commands if c.get("type", 1) == 1]) > 100:
            raise DiscordHTTPError(400, 30032, "Maximum number of application commands reached")
        refuse(
            [p for n, c in enumerate(commands) for p in discord_rules.command_problems(c, str(n))]
        )
        synced = []
        for cmd in req.json or []:
            _check_command(cmd)
            type_ = cmd.get("type", 1)
            out = {
                "id": ids.get((cmd["name"], type_)) or str(snowflake()),
                "application_id": str(self.app_id),
                "version": str(snowflake()),
                "type": type_,
                "name": cmd["name"],
                "name_localizations": cmd.get("name_localizations"),
                "description": cmd.get("description", ""),
                "description_localizations": cmd.get("description_localizations"),
                "options": cmd.get("options", []),
                "default_member_permissions": cmd.get("default_member_permissions"),
                "dm_permission": cmd.get("dm_permission", True),
                "nsfw": cmd.get("nsfw", False),
                "integration_types": cmd.get("integration_types", [0]),
                "contexts": cmd.get("contexts"),
            }
            if guild_id:
                out["guild_id"] = str(guild_id)
            synced.append(out)
        if guild_id:
            self.guild_commands[guild_id] = synced
        else:
            self.global_commands = synced
        return synced
