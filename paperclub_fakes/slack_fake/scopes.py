"""The bot scopes the shipped app is granted, and the scope each Web API method needs."""

from __future__ import annotations

from pathlib import Path

import yaml

# What installing the shipped app grants its bot token; a fake can be given fewer.
MANIFEST = Path(__file__).resolve().parents[2] / "slack" / "manifest.socket.yml"


def manifest_scopes() -> frozenset[str]:
    loaded = yaml.safe_load(MANIFEST.read_text())
    return frozenset(loaded["oauth_config"]["scopes"]["bot"])


# The bot scope each method needs, by the kind of channel it acts on, from the methods'
# reference pages (docs.slack.dev/reference/methods/<method>, "Required scopes"). Written down
# here independently of bot/adapters/slack/scopes.py, which a test compares with this.
BY_CHANNEL = {"C": "channels", "G": "groups", "D": "im"}
CHANNEL_SCOPES: dict[str, str] = {
    "conversations.history": "{kind}:history",
    "conversations.info": "{kind}:read",
}
METHOD_SCOPE: dict[str, str] = {
    "chat.postMessage": "chat:write",
    "chat.postEphemeral": "chat:write",
    "chat.update": "chat:write",
    "chat.delete": "chat:write",
    "conversations.open": "im:write",
    "users.info": "users:read",
    "files.getUploadURLExternal": "files:write",
    "files.completeUploadExternal": "files:write",
}
