"""views.*: modals (open, push, update) and App Home (publish)."""

from __future__ import annotations

from paperclub_fakes.slack_fake.records import JsonDict
from paperclub_fakes.slack_fake.refusals import taken_view
from paperclub_fakes.slack_fake.state import SlackState


class Views(SlackState):
    """Modals and App Home views."""

    def _store_view(self, view: JsonDict, view_id: str, *, previous: JsonDict | None) -> JsonDict:
        stored: JsonDict = {
            "id": view_id,
            "team_id": self.team_id,
            "type": view.get("type", "modal"),
            "callback_id": view.get("callback_id", ""),
            "private_metadata": view.get("private_metadata", ""),
            "external_id": view.get("external_id", ""),
            "blocks": view.get("blocks", []),
            "state": {"values": {}},
            "hash": self._new_id("h"),
            "root_view_id": (previous or {}).get("root_view_id", view_id),
            "previous_view_id": None,
            "app_id": self.app_id,
            "bot_id": self.bot_id,
        }
        # Keep the caller's other view fields (title, submit, close, ...) as Slack echoes them.
        stored.update({k: v for k, v in view.items() if k not in stored})
        self.views[view_id] = stored
        return stored

    def _views_open(self, args: JsonDict) -> JsonDict:
        trigger = args.get("trigger_id")
        if not trigger:
            return {"ok": False, "error": "invalid_trigger_id"}
        if trigger in self._used_triggers:  # a trigger opens one view, once
            return {"ok": False, "error": "exchanged_trigger_id"}
        self._used_triggers.add(str(trigger))
        view = taken_view(args.get("view"))
        return {"ok": True, "view": self._store_view(view, self._new_id("V"), previous=None)}

    def _views_update(self, args: JsonDict) -> JsonDict:
        view = taken_view(args.get("view"))
        view_id = args.get("view_id")
        if not view_id and args.get("external_id"):
            view_id = next(
                (v["id"] for v in self.views.values() if v["external_id"] == args["external_id"]),
                None,
            )
        previous = self.views.get(str(view_id))
        if previous is None:
            return {"ok": False, "error": "not_found"}
        if args.get("hash") and args["hash"] != previous["hash"]:
            return {"ok": False, "error": "hash_conflict"}
        return {"ok": True, "view": self._store_view(view, str(view_id), previous=previous)}

    def _views_publish(self, args: JsonDict) -> JsonDict:
        user_id = args.get("user_id")
        if not user_id:
            return {"ok": False, "error": "user_not_found"}
        view = taken_view(args.get("view"))
        previous = self.home_views.get(str(user_id))
        view_id = previous["id"] if previous else self._new_id("V")
        stored = self._store_view(view, view_id, previous=previous)
        self.home_views[str(user_id)] = stored
        return {"ok": True, "view": stored}
