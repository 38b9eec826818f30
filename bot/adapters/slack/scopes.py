"""The bot scopes paperclub asks Slack for, derived from what the code calls.

Each Web API method the adapter (or Bolt on its behalf) calls is listed with the bot scopes it
needs for every kind of channel a club or a member's reply can be in: public channels, private
channels, and the member's DM with the app. The sources are the methods' reference pages,
https://docs.slack.dev/reference/methods/<method> ("Required scopes", bot token). A test scans
the code for the methods it calls, fails on any missing here, and checks that the shipped
manifests (slack/manifest.*.yml) ask for exactly the union below.

Pure data: imported by settings (the OAuth install's default scopes) without Slack's libraries.
"""

from __future__ import annotations

from collections.abc import Mapping

METHOD_SCOPES: Mapping[str, frozenset[str]] = {
    # Scheduled posts and public replies; private channels only with the bot as a member.
    "chat.postMessage": frozenset({"chat:write"}),
    # Private replies from forms and App Home buttons.
    "chat.postEphemeral": frozenset({"chat:write"}),
    "chat.update": frozenset({"chat:write"}),
    # Finding a scheduled post again after a crash, in public and private channels.
    "conversations.history": frozenset({"channels:history", "groups:history"}),
    # Is the bot in the channel (setup), is the channel private (App Home lists public ones).
    "conversations.info": frozenset({"channels:read", "groups:read"}),
    # The member's DM with the app, for charts that belong to a private reply.
    "conversations.open": frozenset({"im:write"}),
    # Display names, and whether a member is a workspace admin or owner.
    "users.info": frozenset({"users:read"}),
    # files_upload_v2: charts.
    "files.getUploadURLExternal": frozenset({"files:write"}),
    "files.completeUploadExternal": frozenset({"files:write"}),
    # Modals and the Home tab need no scope: a trigger id or the member's own tab.
    "views.open": frozenset(),
    "views.update": frozenset(),
    "views.push": frozenset(),
    "views.publish": frozenset(),
    # Bolt checks the token, and exchanges an OAuth code for one.
    "auth.test": frozenset(),
    "oauth.v2.access": frozenset(),
    # Socket Mode: the app-level token's connections:write, not a bot scope.
    "apps.connections.open": frozenset(),
}

# What is not a Web API call but needs a bot scope all the same.
FEATURE_SCOPES: Mapping[str, frozenset[str]] = {
    # The /paperclub slash command.
    "slash command": frozenset({"commands"}),
    # Reading a list a member attached to the import form (its url_private_download, with the
    # bot token): https://docs.slack.dev/messaging/working-with-files
    "attached files": frozenset({"files:read"}),
}


def bot_scopes() -> tuple[str, ...]:
    """Every bot scope paperclub uses, sorted: what the manifests and an OAuth install ask for."""
    scopes: set[str] = set()
    for needed in (*METHOD_SCOPES.values(), *FEATURE_SCOPES.values()):
        scopes |= needed
    return tuple(sorted(scopes))
