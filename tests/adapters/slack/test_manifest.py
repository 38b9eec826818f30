"""The shipped Slack app manifests say what the code does: its scopes, command and events.

The scopes are derived from the code, not listed by hand: every Web API method called anywhere
in bot/ is found in the source, mapped to the API method slack_sdk sends (files_upload_v2 is
two of them), and looked up in bot/adapters/slack/scopes.py; the manifests must ask for exactly
those scopes, no fewer (the call would fail with missing_scope) and no more (least privilege).
"""

from __future__ import annotations

import ast
import inspect
import re
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
import yaml
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack import runner
from bot.adapters.slack.app import COMMAND, EVENTS, INSTALL_EVENTS
from bot.adapters.slack.scopes import FEATURE_SCOPES, METHOD_SCOPES, bot_scopes
from bot.settings import Settings
from paperclub_fakes import slack_fake as fake
from paperclub_fakes import slack_requests as sr
from paperclub_fakes.slack_harness import SlackHarness

ROOT = Path(__file__).resolve().parents[3]
MANIFESTS = {
    "socket": ROOT / "slack" / "manifest.socket.yml",
    "http": ROOT / "slack" / "manifest.http.yml",
}
# Called by Bolt and slack_sdk on our behalf, not in our source: the token check on the first
# request, the OAuth code exchange, and opening a Socket Mode connection.
CALLED_BY_BOLT = {"auth.test", "oauth.v2.access", "apps.connections.open"}


def manifest(kind: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(MANIFESTS[kind].read_text())
    return loaded


@cache
def api_methods_of(name: str) -> frozenset[str]:
    """The Web API methods an AsyncWebClient method sends, following its calls to others."""
    function = getattr(AsyncWebClient, name)
    source = inspect.getsource(function)
    found = set(re.findall(r"api_call\(\s*\"([\w.]+)\"", source))
    for other in set(re.findall(r"self\.(\w+)\(", source)) - {name, "api_call"}:
        if _is_web_api_method(other):
            found |= api_methods_of(other)
    return frozenset(found)


def _is_web_api_method(name: str) -> bool:
    return (
        not name.startswith("_")
        and callable(getattr(AsyncWebClient, name, None))
        and name not in dir(AsyncWebClient.__mro__[1])  # BaseClient's plumbing (api_call…)
    )


def methods_called_in(source: Path) -> set[str]:
    called: set[str] = set()
    for path in source.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and _is_web_api_method(node.func.attr)
            ):
                called |= api_methods_of(node.func.attr)
    return called


def test_the_scan_finds_what_the_adapter_is_known_to_call() -> None:
    """The scan itself works: these calls are in the code (posts, history, charts' two steps)."""
    called = methods_called_in(ROOT / "bot")
    assert {
        "chat.postMessage",
        "conversations.history",
        "files.getUploadURLExternal",
        "files.completeUploadExternal",
        "views.open",
        "users.info",
    } <= called


def test_every_method_the_code_calls_has_its_scopes_listed() -> None:
    called = methods_called_in(ROOT / "bot") | CALLED_BY_BOLT
    assert called - set(METHOD_SCOPES) == set(), "add these methods to slack/scopes.py"
    # …and the table lists nothing the code no longer calls.
    assert set(METHOD_SCOPES) - called <= {"chat.update", "views.push", "views.update"}


@pytest.mark.parametrize("kind", sorted(MANIFESTS))
def test_the_manifest_asks_for_exactly_the_scopes_the_code_uses(kind: str) -> None:
    called = methods_called_in(ROOT / "bot") | CALLED_BY_BOLT
    used = set().union(*(METHOD_SCOPES[m] for m in called), *FEATURE_SCOPES.values())
    asked = set(manifest(kind)["oauth_config"]["scopes"]["bot"])
    assert used - asked == set(), "the code would get missing_scope"
    assert asked - used == set(), "the manifest asks for more than the code uses"
    assert set(bot_scopes()) == used
    # An OAuth install asks for the same scopes by default.
    assert set(Settings().slack_scopes) == used


def test_the_scope_table_agrees_with_the_fakes_own_reading_of_slacks_docs() -> None:
    """Two transcriptions of the methods' "Required scopes": the one the code derives the
    manifest from, and the one FakeSlack refuses calls by. A club is in a public or a
    private channel, so the table must cover both."""
    for method, needed in fake.METHOD_SCOPE.items():
        assert method not in METHOD_SCOPES or needed in METHOD_SCOPES[method], method
    for method, pattern in fake.CHANNEL_SCOPES.items():
        for kind in ("channels", "groups"):
            assert pattern.format(kind=kind) in METHOD_SCOPES[method], (method, kind)


def test_clubs_in_private_channels_have_the_scopes_they_need() -> None:
    for kind in MANIFESTS:
        asked = set(manifest(kind)["oauth_config"]["scopes"]["bot"])
        assert {"groups:history", "groups:read"} <= asked
        # Posting needs membership instead of chat:write.public, which covers public ones only.
        assert "chat:write.public" not in asked


@pytest.mark.parametrize("kind", sorted(MANIFESTS))
def test_the_command_events_and_interactivity_match_the_app(kind: str) -> None:
    found = manifest(kind)
    assert [c["command"] for c in found["features"]["slash_commands"]] == [COMMAND]
    assert found["features"]["app_home"]["home_tab_enabled"] is True  # views.publish
    assert found["features"]["app_home"]["messages_tab_enabled"] is True  # charts in DMs
    assert found["settings"]["interactivity"]["is_enabled"] is True  # buttons, modals
    events = set(found["settings"]["event_subscriptions"]["bot_events"])
    socket = found["settings"]["socket_mode_enabled"]
    assert socket is (kind == "socket")
    # Socket Mode is for one workspace's own app; installs through OAuth need HTTP.
    assert events == set(EVENTS) | (set() if socket else set(INSTALL_EVENTS))


def test_the_http_manifest_points_every_url_at_the_bots_routes() -> None:
    found = manifest("http")
    urls = [
        found["features"]["slash_commands"][0]["url"],
        found["settings"]["event_subscriptions"]["request_url"],
        found["settings"]["interactivity"]["request_url"],
    ]
    hosts = {urlparse(url).netloc for url in [*urls, *found["oauth_config"]["redirect_urls"]]}
    assert len(hosts) == 1, "one public address, the bot's one HTTP port"
    assert {urlparse(url).path for url in urls} == {runner.EVENTS_PATH}
    redirect = urlparse(found["oauth_config"]["redirect_urls"][0]).path
    assert redirect == Settings().slack_redirect_path


def test_the_socket_manifest_needs_no_public_url() -> None:
    text = MANIFESTS["socket"].read_text()
    assert "http" not in yaml.safe_dump(manifest("socket")).replace("https://api.slack.com", "")
    assert "request_url" not in text and "redirect_urls" not in text


@pytest.mark.parametrize("kind", sorted(MANIFESTS))
def test_the_manifest_is_within_slacks_manifest_schema_limits(kind: str) -> None:
    """The lengths and shapes of slackapi/manifest-schema (v1) for the fields used here."""
    found = manifest(kind)
    assert found["_metadata"]["major_version"] == 1
    info = found["display_information"]
    assert 1 <= len(info["name"]) <= 35 and 1 <= len(info["description"]) <= 140
    assert re.fullmatch(r"#[0-9a-fA-F]{6}", info["background_color"])
    assert 1 <= len(found["features"]["bot_user"]["display_name"]) <= 80
    for command in found["features"]["slash_commands"]:
        assert re.fullmatch(r"/[\w-]{1,31}", command["command"])
        assert 1 <= len(command["description"]) <= 2000
        assert 1 <= len(command["usage_hint"]) <= 1000
    assert set(found) <= {
        "_metadata",
        "display_information",
        "features",
        "oauth_config",
        "settings",
    }
    assert all(len(scope) <= 50 for scope in found["oauth_config"]["scopes"]["bot"])


async def test_every_subscribed_event_reaches_a_listener(slack: SlackHarness) -> None:
    """Bolt answers 404 to an event nobody listens to; Slack then retries and, in the end,
    turns the subscription off. Every event either manifest subscribes to is handled."""
    subscribed = {
        e
        for kind in MANIFESTS
        for e in manifest(kind)["settings"]["event_subscriptions"]["bot_events"]
    }
    for n, event_type in enumerate(sorted(subscribed)):
        event = {"type": event_type, "user": sr.USER_ID, "tab": "messages", "tokens": {}}
        status, _ = await slack.post(sr.event_callback(event, event_id=f"Ev0MANIFEST{n}"))
        assert status == 200, event_type
    unsubscribed = {"type": "reaction_added", "user": sr.USER_ID}
    assert (await slack.post(sr.event_callback(unsubscribed, event_id="Ev0UNSUB")))[0] == 404
