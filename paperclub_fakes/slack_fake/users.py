"""users.info, and the members a test adds."""

from __future__ import annotations

from typing import Any

from paperclub_fakes.slack_fake.records import JsonDict
from paperclub_fakes.slack_fake.state import SlackState


class Users(SlackState):
    """The workspace's members."""

    def add_user(
        self,
        user_id: str,
        *,
        name: str | None = None,
        real_name: str | None = None,
        is_admin: bool = False,
        is_owner: bool = False,
        is_bot: bool = False,
        tz: str = "UTC",
        locale: str = "en-US",
        **extra: Any,
    ) -> JsonDict:
        name = name or user_id.lower()
        user: JsonDict = {
            "id": user_id,
            "team_id": self.team_id,
            "name": name,
            "real_name": real_name or name,
            "deleted": False,
            "is_admin": is_admin,
            "is_owner": is_owner,
            "is_primary_owner": False,
            "is_bot": is_bot,
            "tz": tz,
            "locale": locale,  # answered only to include_locale=true, as Slack does
            "profile": {"display_name": name, "real_name": real_name or name},
            **extra,
        }
        self.users[user_id] = user
        return user

    def _users_info(self, args: JsonDict) -> JsonDict:
        user_id = args.get("user")
        if not user_id:
            return {"ok": False, "error": "user_not_found"}
        user = self.users.get(user_id) or self.add_user(str(user_id))
        # A workspace's token sees its own members (and, for older tests, the default team's).
        asking = self.token_teams.get(self._token or "")
        if asking is not None and user["team_id"] not in (asking, self.team_id):
            return {"ok": False, "error": "user_not_found"}
        if str(args.get("include_locale", "")).lower() in ("1", "true"):
            return {"ok": True, "user": user}
        return {"ok": True, "user": {k: v for k, v in user.items() if k != "locale"}}
