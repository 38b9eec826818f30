"""Logs carry the club and command, come as JSON when asked, and never show a secret."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from bot import logs
from bot.core.domain.ids import ClubKey, Platform
from bot.core.telemetry import logcontext
from bot.settings import Settings

TOKEN = "xoxb-1234567890-super-secret-token"
PASSWORD = "hunter2-db-password"


@pytest.fixture
def capture() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    stream = io.StringIO()
    yield stream
    root.handlers[:] = saved[0]
    root.setLevel(saved[1])


def settings(**extra: object) -> Settings:
    return Settings(
        slack_bot_token=TOKEN,
        database_url=f"postgresql://bot:{PASSWORD}@db/paperclub",
        **extra,  # type: ignore[arg-type]
    )


def test_secrets_are_redacted_from_messages_and_tracebacks(capture: io.StringIO) -> None:
    logs.configure(settings(), stream=capture)
    log = logging.getLogger("paperclub.test")
    log.warning("calling Slack with %s", TOKEN)
    try:
        raise RuntimeError(f"connect failed for postgresql://bot:{PASSWORD}@db")
    except RuntimeError:
        log.exception("database down")
    out = capture.getvalue()
    assert TOKEN not in out and PASSWORD not in out
    assert "calling Slack with ***" in out
    assert "connect failed for postgresql://bot:***@db" in out


def test_json_lines_carry_the_command_context(capture: io.StringIO) -> None:
    logs.configure(settings(log_json=True), stream=capture)
    with logcontext.bound(club="slack:T1:C1", command="VoteCommand"):
        logging.getLogger("paperclub.test").info("ballot stored")
    entry = json.loads(capture.getvalue().splitlines()[-1])
    assert entry["message"] == "ballot stored"
    assert entry["club"] == "slack:T1:C1" and entry["command"] == "VoteCommand"
    assert entry["level"] == "INFO" and entry["time"].endswith("+00:00")


def test_a_commands_lines_carry_its_club_command_and_platform(capture: io.StringIO) -> None:
    logs.configure(settings(log_json=True), stream=capture)
    club = ClubKey(Platform.SLACK, "T1", "C1")
    token = logcontext.bind_command(club, "CastVote")
    try:
        with logcontext.bound(member="U1"):
            logging.getLogger("paperclub.test").info("ballot stored")
    finally:
        logcontext.unbind(token)
    entry = json.loads(capture.getvalue().splitlines()[-1])
    assert (entry["club"], entry["command"], entry["platform"]) == (
        "slack:T1:C1",
        "CastVote",
        "slack",
    )
    assert entry["member"] == "U1" and logcontext.current() == {}


def test_settings_never_print_their_tokens() -> None:
    assert TOKEN not in repr(settings()) and TOKEN not in str(settings().model_dump())


def test_installed_workspace_tokens_are_redacted_by_their_shape(capture: io.StringIO) -> None:
    # With OAuth the workspaces' tokens are in the database, not among the configured secrets.
    logs.configure(settings(slack_client_secret="oauth-client-secret"), stream=capture)
    log = logging.getLogger("paperclub.test")
    for token in ("xoxb-9-installed", "xoxe.xoxb-1-rotated", "xoxe-1-refresh", "xapp-1-A0-app"):
        log.warning("token %s in a message", token)
    log.warning("the client secret is oauth-client-secret")
    out = capture.getvalue()
    assert "xox" not in out and "xapp" not in out and "oauth-client-secret" not in out
    assert out.count("token *** in a message") == 4


def test_bolt_loggers_made_under_another_level_follow_the_configured_one(
    capture: io.StringIO,
) -> None:
    """Bolt copies the root's level into a logger it makes without a base logger; one made while a
    test (or a debugging session) had the root at DEBUG kept DEBUG after logging was configured,
    so whether Bolt logged rejected bodies depended on what ran before."""
    from slack_bolt.logger import get_bolt_logger

    class MadeWhileDebugging:
        pass

    logging.getLogger().setLevel(logging.DEBUG)
    made = get_bolt_logger(MadeWhileDebugging)
    assert made.level == logging.DEBUG  # Bolt's copy, as it happens
    logs.configure(settings(), stream=capture)
    assert made.getEffectiveLevel() == logging.getLogger("slack_bolt").getEffectiveLevel()
    assert made.getEffectiveLevel() >= logging.WARNING
