"""Building the interactions a member's client sends from components: buttons, selects, modals."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import discord

from paperclub_fakes.discord_fake.interaction_payloads import InteractionPayloads
from paperclub_fakes.discord_fake.objects import JSON
from paperclub_fakes.discord_fake.recording import MISSING


class ComponentPayloads(InteractionPayloads):
    """The interactions of a button click, a select and a modal submit."""

    def _component_message(
        self, message: JSON | int | None, component: JSON, channel_id: int | None
    ) -> JSON:
        if isinstance(message, dict):
            return message
        if isinstance(message, int):
            return self.messages[message]
        cid = channel_id or self.text_channel_id
        ch = self._channel(cid)
        return self._new_message(
            cid,
            {"content": "", "components": [{"type": 1, "id": 1, "components": [component]}]},
            [],
            guild_id=ch.get("guild_id"),
        )

    def _component_interaction(
        self,
        component: JSON,
        data: JSON,
        message: JSON | int | None,
        user: JSON | None,
        permissions: int | str | discord.Permissions | None,
        guild_id: int | None,
        channel_id: int | None,
    ) -> JSON:
        """A MESSAGE_COMPONENT (type 3) interaction with `component` on `message` (made up when
        None), in the message's channel unless another is given."""
        msg = self._component_message(message, component, channel_id)
        return self._interaction(
            3,
            data,
            user=user,
            permissions=permissions,
            guild_id=self.guild_id if guild_id is MISSING else guild_id,
            channel_id=channel_id or int(msg["channel_id"]),
            message=msg,
        )

    def button(
        self,
        custom_id: str,
        *,
        message: JSON | int | None = None,
        user: JSON | None = None,
        permissions: int | str | discord.Permissions | None = None,
        guild_id: int | None = MISSING,
        channel_id: int | None = None,
    ) -> JSON:
        """A MESSAGE_COMPONENT (type 3) button click. ``message`` is a stored message id or
        message object (e.g. the bot's post, so views bound to that message match); by default a
        bot message carrying just this button is made up."""
        comp = {"type": 2, "id": 2, "style": 1, "label": custom_id, "custom_id": custom_id}
        data: JSON = {"custom_id": custom_id, "component_type": 2, "id": 2}
        return self._component_interaction(
            comp, data, message, user, permissions, guild_id, channel_id
        )

    def select(
        self,
        custom_id: str,
        values: Sequence[str],
        *,
        component_type: int = 3,
        resolved: JSON | None = None,
        message: JSON | int | None = None,
        user: JSON | None = None,
        permissions: int | str | discord.Permissions | None = None,
        guild_id: int | None = MISSING,
        channel_id: int | None = None,
    ) -> JSON:
        """A MESSAGE_COMPONENT (type 3) select. component_type 3 string, 5 user, 6 role,
        7 mentionable, 8 channel (the non-string ones need ``resolved``)."""
        comp = {
            "type": component_type,
            "id": 2,
            "custom_id": custom_id,
            "options": [{"label": v, "value": v} for v in values] if component_type == 3 else [],
            "min_values": 1,
            "max_values": max(1, len(values)),
        }
        data: JSON = {
            "custom_id": custom_id,
            "component_type": component_type,
            "id": 2,
            "values": list(values),
        }
        if resolved:
            data["resolved"] = resolved
        return self._component_interaction(
            comp, data, message, user, permissions, guild_id, channel_id
        )

    def modal_submit(
        self,
        custom_id: str,
        fields: Mapping[str, str | Sequence[str]],
        *,
        user: JSON | None = None,
        permissions: int | str | discord.Permissions | None = None,
        guild_id: int | None = MISSING,
        channel_id: int | None = None,
    ) -> JSON:
        """A MODAL_SUBMIT (type 5). ``fields`` maps each input's custom_id to its text (or a list
        of values for a select). The layout mirrors the modal the bot opened (callback type 9):
        labels (type 18) or action rows (type 1)."""
        sent = self.modals.get(custom_id)
        components: list[JSON] = []
        if sent is not None:
            for row in sent.get("components", []):
                inner = (
                    row["component"] if row["type"] == 18 else (row.get("components") or [None])[0]
                )
                if inner is None or inner.get("custom_id") not in fields:
                    continue
                submitted = _submitted(
                    inner["type"], inner["custom_id"], fields[inner["custom_id"]], inner.get("id")
                )
                if row["type"] == 18:
                    components.append({"type": 18, "id": row.get("id"), "component": submitted})
                else:
                    components.append({"type": 1, "id": row.get("id"), "components": [submitted]})
        else:
            for i, (cid, value) in enumerate(fields.items()):
                sub = _submitted(4 if isinstance(value, str) else 3, cid, value, i * 2 + 2)
                components.append({"type": 1, "id": i * 2 + 1, "components": [sub]})
        return self._interaction(
            5,
            {"custom_id": custom_id, "components": components},
            user=user,
            permissions=permissions,
            guild_id=self.guild_id if guild_id is MISSING else guild_id,
            channel_id=channel_id,
        )


def _submitted(type_: int, custom_id: str, value: str | Sequence[str], comp_id: int | None) -> JSON:
    out: JSON = {"type": type_, "custom_id": custom_id}
    if comp_id is not None:
        out["id"] = comp_id
    if type_ == 4:
        out["value"] = value if isinstance(value, str) else "".join(value)
    else:
        out["values"] = [value] if isinstance(value, str) else list(value)
    return out
