"""REST: guild scheduled events, with Discord's rules for their fields and status changes."""

from __future__ import annotations

import re
from datetime import datetime

from paperclub_fakes.discord_fake.errors import DiscordHTTPError, invalid_form, not_found
from paperclub_fakes.discord_fake.objects import (
    BOT_USER_ID,
    INTENT_GUILD_SCHEDULED_EVENTS,
    JSON,
    snowflake,
)
from paperclub_fakes.discord_fake.recording import Incoming
from paperclub_fakes.discord_fake.state import DiscordState


class ScheduledEvents(DiscordState):
    """A guild's scheduled events and who is interested in them."""

    def _event(self, guild_id: str, event_id: str) -> JSON:
        self._guild(guild_id)
        ev = self.scheduled_events.get(int(event_id))
        if ev is None or ev["guild_id"] != guild_id:
            raise not_found(10070, "Guild Scheduled Event")
        return ev

    async def _list_events(self, req: Incoming, m: re.Match[str]) -> list[JSON]:
        self._guild(m.group(1))
        return [e for e in self.scheduled_events.values() if e["guild_id"] == m.group(1)]

    async def _get_event(self, req: Incoming, m: re.Match[str]) -> JSON:
        return self._event(m.group(1), m.group(2))

    def _validate_event(self, ev: JSON) -> None:
        entity_type = ev.get("entity_type")
        if entity_type not in (1, 2, 3):
            raise invalid_form("entity_type", "Value must be one of {1, 2, 3}.")
        if entity_type == 3:
            if not (ev.get("entity_metadata") or {}).get("location"):
                raise invalid_form("entity_metadata.location", "This field is required")
            if not ev.get("scheduled_end_time"):
                raise invalid_form("scheduled_end_time", "This field is required")
            if ev.get("channel_id"):
                raise invalid_form("channel_id", "Must be null for external events")
        else:
            channel = self.channels.get(int(ev.get("channel_id") or 0))
            if channel is None or channel["type"] != (13 if entity_type == 1 else 2):
                raise invalid_form("channel_id", "Must be a channel of the entity's type")
        if not ev.get("name"):
            raise invalid_form("name", "This field is required")
        # discord.com/developers/docs/resources/guild-scheduled-event: name 1-100, description
        # up to 1,000, an external event's location up to 100.
        if len(ev["name"]) > 100:
            raise invalid_form("name", "Must be between 1 and 100 in length.")
        if len(ev.get("description") or "") > 1000:
            raise invalid_form("description", "Must be 1000 or fewer in length.")
        if len((ev.get("entity_metadata") or {}).get("location") or "") > 100:
            raise invalid_form("entity_metadata.location", "Must be 100 or fewer in length.")
        start = datetime.fromisoformat(ev["scheduled_start_time"])
        end = ev.get("scheduled_end_time")
        if end and datetime.fromisoformat(end) <= start:
            raise invalid_form("scheduled_end_time", "Must be after the start time")

    async def _create_event(self, req: Incoming, m: re.Match[str]) -> JSON:
        self._guild(m.group(1))
        self._bot_may(m.group(1), "create_events")
        body = req.json or {}
        if not body.get("scheduled_start_time"):
            raise invalid_form("scheduled_start_time", "This field is required")
        if datetime.fromisoformat(body["scheduled_start_time"]) <= self.now():
            raise invalid_form("scheduled_start_time", "Cannot schedule event in the past.")
        live = [
            e
            for e in self.scheduled_events.values()
            if e["guild_id"] == m.group(1) and e["status"] in (1, 2)
        ]
        if len(live) >= 100:  # scheduled or active events, whoever made them
            raise DiscordHTTPError(
                400, 30038, "Maximum number of guild scheduled events reached (100)"
            )
        eid = snowflake()
        ev: JSON = {
            "id": str(eid),
            "guild_id": m.group(1),
            "channel_id": str(body["channel_id"]) if body.get("channel_id") else None,
            "creator_id": str(BOT_USER_ID),
            "creator": self.bot_user,
            "name": body.get("name"),
            "description": body.get("description"),
            "scheduled_start_time": body["scheduled_start_time"],
            "scheduled_end_time": body.get("scheduled_end_time"),
            "privacy_level": body.get("privacy_level", 2),
            "status": 1,
            "entity_type": body.get("entity_type"),
            "entity_id": None,
            "entity_metadata": body.get("entity_metadata"),
            "user_count": 0,
            "image": None,
            "recurrence_rule": body.get("recurrence_rule"),
        }
        self._validate_event(ev)
        self.scheduled_events[eid] = ev
        self._echo("GUILD_SCHEDULED_EVENT_CREATE", ev, INTENT_GUILD_SCHEDULED_EVENTS)
        return ev

    async def _edit_event(self, req: Incoming, m: re.Match[str]) -> JSON:
        ev = self._event(m.group(1), m.group(2))
        body = req.json or {}
        updated = {**ev, **body}
        if "channel_id" in body and body["channel_id"] is not None:
            updated["channel_id"] = str(body["channel_id"])
        if "status" in body:
            allowed = {1: {2, 4}, 2: {3}}.get(int(ev["status"]), set())
            if int(body["status"]) != ev["status"] and int(body["status"]) not in allowed:
                raise invalid_form("status", "Invalid status transition")
        self._validate_event(updated)
        ev.clear()
        ev.update(updated)
        self._echo("GUILD_SCHEDULED_EVENT_UPDATE", ev, INTENT_GUILD_SCHEDULED_EVENTS)
        return ev

    async def _delete_event(self, req: Incoming, m: re.Match[str]) -> None:
        ev = self._event(m.group(1), m.group(2))
        del self.scheduled_events[int(ev["id"])]
        self.deleted_scheduled_events.append(int(ev["id"]))
        self._echo("GUILD_SCHEDULED_EVENT_DELETE", ev, INTENT_GUILD_SCHEDULED_EVENTS)

    async def _event_users(self, req: Incoming, m: re.Match[str]) -> list[JSON]:
        ev = self._event(m.group(1), m.group(2))
        users = sorted(
            self.scheduled_event_users.get(int(ev["id"]), []), key=lambda u: int(u["id"])
        )
        if "after" in req.query:
            users = [u for u in users if int(u["id"]) > int(req.query["after"])]
        if "before" in req.query:
            users = [u for u in users if int(u["id"]) < int(req.query["before"])]
        users = users[: int(req.query.get("limit", 100))]
        with_member = req.query.get("with_member") in ("1", "true", "True")
        out = []
        for u in users:
            entry: JSON = {"guild_scheduled_event_id": ev["id"], "user": u}
            mm = self.members[int(ev["guild_id"])].get(int(u["id"]))
            if with_member and mm is not None:
                entry["member"] = mm
            out.append(entry)
        return out
