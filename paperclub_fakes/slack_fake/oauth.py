"""OAuth: installing the app in a workspace (oauth.v2.access) and auth.test for its token."""

from __future__ import annotations

from paperclub_fakes.slack_fake.records import JsonDict
from paperclub_fakes.slack_fake.state import SlackState


class OAuth(SlackState):
    """The workspaces that installed the app and their bot tokens."""

    def add_oauth_code(
        self,
        code: str,
        *,
        team_id: str,
        team_name: str | None = None,
        bot_token: str | None = None,
        installer: str = "U0INSTALL1",
        scope: str = "commands,chat:write",
    ) -> str:
        """Let oauth.v2.access exchange ``code`` once for a bot token in ``team_id``; return it.

        auth.test then answers for that team when called with the token, as Slack does.
        """
        token = bot_token or f"xoxb-{team_id}-{self._new_id('')}"
        self.oauth_codes[code] = {
            "ok": True,
            "app_id": self.app_id,
            "authed_user": {"id": installer},
            "scope": scope,
            "token_type": "bot",
            "access_token": token,
            "bot_user_id": self.bot_user_id,
            "team": {"id": team_id, "name": team_name or team_id},
            "enterprise": None,
            "is_enterprise_install": False,
        }
        self.token_teams[token] = team_id
        return token

    def _auth_test(self, args: JsonDict) -> JsonDict:
        team_id = self.token_teams.get(self._token or "", self.team_id)
        return {
            "ok": True,
            "url": "https://paperclub-test.slack.com/",
            "team": self.team_name if team_id == self.team_id else team_id,
            "user": "paperclub",
            "team_id": team_id,
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
            "is_enterprise_install": False,
        }

    def _oauth_v2_access(self, args: JsonDict) -> JsonDict:
        # A code is good once, like Slack's (which also expire after ten minutes).
        grant = self.oauth_codes.pop(str(args.get("code")), None)
        return grant if grant is not None else {"ok": False, "error": "invalid_code"}
