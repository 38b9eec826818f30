"""What reaches the Slack app over HTTP, and what an unauthenticated sender can make it do.

Everything here goes through the real Bolt app served on 127.0.0.1 the way the runner serves it.
Nobody without the signing secret gets past a 401, can grow the log by more than a bounded line,
or make the server answer 500; a signed request is acted on once, and acked before slow work.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import io
import json
import logging
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from sqlalchemy import event, func, select

from bot import logs
from bot.adapters.slack import replays
from bot.bootstrap import Services
from bot.settings import Settings
from bot.storage.tables import ClubRow
from paperclub_fakes import slack_requests as sr
from paperclub_fakes.bounds import HANG
from paperclub_fakes.slack_fake import RESPONSE_URL
from paperclub_fakes.slack_harness import ADMIN, MEMBER, SlackHarness, settled

MB = 1_000_000


@pytest.fixture
def log_bytes(settings: Settings) -> Iterator[io.StringIO]:
    """The bot's own log set-up (plain lines at INFO, as `paperclub run` does) into a buffer."""
    stream = io.StringIO()
    logs.configure(settings.model_copy(update={"log_level": "INFO"}), stream=stream)
    yield stream


def _unsigned(body: bytes, content_type: str, **headers: str) -> sr.SignedRequest:
    return sr.SignedRequest(body, {"content-type": content_type, **headers})


def _sign_bytes(body: bytes) -> dict[str, str]:
    """Slack's scheme over raw bytes, which need not be UTF-8 (slack_sdk's signer decodes)."""
    timestamp = str(int(time.time()))
    digest = hmac.new(
        sr.SIGNING_SECRET.encode(), b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256
    )
    return {"x-slack-request-timestamp": timestamp, "x-slack-signature": f"v0={digest.hexdigest()}"}


def _with_headers(req: sr.SignedRequest, headers: dict[str, str]) -> sr.SignedRequest:
    return sr.SignedRequest(req.body, {**req.headers, **headers})


def _help() -> sr.SignedRequest:
    return sr.slash_command(text="help")


# Built when the test runs: a timestamp made at collection would age into the window.
UNSIGNED: dict[str, Callable[[], sr.SignedRequest]] = {
    "none": lambda: _unsigned(_help().body, "application/x-www-form-urlencoded"),
    "wrong-secret": lambda: sr.slash_command(text="help", wrong_secret=True),
    "stale": lambda: sr.slash_command(text="help", stale=True),
    "future": lambda: sr.slash_command(text="help", timestamp=int(time.time()) + sr.STALE_SECONDS),
    # Another body's signature.
    "other-body": lambda: sr.SignedRequest(_help().body, sr.slash_command(text="x").headers),
    "word-timestamp": lambda: _with_headers(_help(), {"x-slack-request-timestamp": "soon"}),
    "huge-timestamp": lambda: _with_headers(_help(), {"x-slack-request-timestamp": "9" * 5000}),
    "non-ascii-signature": lambda: _with_headers(_help(), {"x-slack-signature": "v0=" + "é" * 64}),
    "other-scheme": lambda: _with_headers(_help(), {"x-slack-signature": "v1=" + "0" * 64}),
}


@pytest.mark.parametrize("kind", list(UNSIGNED))
async def test_only_signed_requests_get_in(slack: SlackHarness, kind: str) -> None:
    assert (await slack.post(UNSIGNED[kind]()))[0] == 401
    # No listener ran for it: the only member Slack was asked about is the next, signed one's.
    assert await slack.command("help", user=MEMBER)
    assert [c.args["user"] for c in slack.fake.calls_to("users.info")] == [MEMBER]
    assert len(slack.fake.calls_to(RESPONSE_URL)) == 1


MALFORMED = [
    (b"{not json", "application/json"),
    (b'{"type": "event_callback", "event": ', "application/json"),
    (b"payload=%7Bnot-json", "application/x-www-form-urlencoded"),
    (b"payload=" + b"%5B" * 5000, "application/x-www-form-urlencoded"),
    (b"\xff\xfe\x00garbage", "application/x-www-form-urlencoded"),
    (b"\xff\xfe\x00garbage", "application/json"),
    (b"[1, 2, 3]", "application/json"),
    (b'"just a string"', "application/json"),
    (b"", "application/json"),
]


@pytest.mark.parametrize(("body", "content_type"), MALFORMED)
async def test_malformed_unsigned_bodies_get_401_and_no_traceback(
    log_bytes: io.StringIO, slack: SlackHarness, body: bytes, content_type: str
) -> None:
    status, _ = await slack.post(_unsigned(body, content_type))
    assert status == 401
    assert "Traceback" not in log_bytes.getvalue()
    assert "ERROR" not in log_bytes.getvalue()


@pytest.mark.parametrize(("body", "content_type"), MALFORMED[:-1])
async def test_malformed_signed_bodies_get_400_not_500(
    log_bytes: io.StringIO, slack: SlackHarness, body: bytes, content_type: str
) -> None:
    req = sr.SignedRequest(body, {"content-type": content_type, **_sign_bytes(body)})
    status, _ = await slack.post(req)
    assert 400 <= status < 500
    assert "Traceback" not in log_bytes.getvalue()


async def test_unsigned_megabyte_posts_add_a_bounded_line_to_the_log(
    log_bytes: io.StringIO, slack: SlackHarness
) -> None:
    """The attack run: 20 unsigned 1 MB posts added 20 MB of log in 0.6 s."""
    filler = b"x" * MB
    statuses = [
        (await slack.post(_unsigned(b"text=" + filler, "application/x-www-form-urlencoded")))[0]
        for _ in range(20)
    ]
    assert statuses == [401] * 20
    written = len(log_bytes.getvalue().encode())
    assert written < 2_000, log_bytes.getvalue()[:500]
    assert "xxxxxxxxxx" not in log_bytes.getvalue()


@pytest.fixture
def debug_log(settings: Settings) -> Iterator[io.StringIO]:
    """Logging at DEBUG, set up before the app is built, as `PAPERCLUB_LOG_LEVEL=DEBUG` does."""
    stream = io.StringIO()
    logs.configure(settings.model_copy(update={"log_level": "DEBUG"}), stream=stream)
    yield stream
    logs.configure(settings.model_copy(update={"log_level": "INFO"}), stream=io.StringIO())


async def test_bolts_loggers_follow_the_configured_level(
    debug_log: io.StringIO, slack: SlackHarness, settings: Settings
) -> None:
    """Bolt's loggers copied the root logger's level when the app was made, so the root's
    DEBUG reached RequestVerification, which logs every rejected body whole at INFO."""
    bolt = logging.getLogger("slack_bolt")
    made = [
        logging.getLogger(name)
        for name in list(logging.Logger.manager.loggerDict)
        if name.startswith("slack_bolt")
    ]
    assert len(made) > 3, [m.name for m in made]
    # Every one of them goes by what logs.configure set for Bolt, not a level of its own.
    assert {m.name: m.getEffectiveLevel() for m in made} == dict.fromkeys(
        (m.name for m in made), bolt.getEffectiveLevel()
    )
    assert bolt.getEffectiveLevel() == logging.WARNING
    for _ in range(3):
        assert (await slack.post(UNSIGNED["wrong-secret"]()))[0] == 401
    assert "slack_bolt" not in debug_log.getvalue(), debug_log.getvalue()[:500]
    # And a level configured later, while the app runs, is followed too.
    logs.configure(settings.model_copy(update={"log_level": "ERROR"}), stream=debug_log)
    assert {m.getEffectiveLevel() for m in made} == {logging.ERROR}


async def test_slack_sdks_debug_lines_are_built_only_when_logged(
    log_bytes: io.StringIO, club: SlackHarness, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """slack_sdk decides whether to build a debug line by its logger's own level: the app's
    clients carry the configured one, so at INFO a click's calls format no debug line, and
    at DEBUG, configured later, slack_sdk's lines are logged as before."""
    formatted: list[str] = []
    real = logging.Logger.debug

    def debug(self: logging.Logger, msg: object, *args: object, **kwargs: Any) -> None:
        if self.name.startswith("slack_sdk"):
            formatted.append(str(msg))
        real(self, msg, *args, **kwargs)

    monkeypatch.setattr(logging.Logger, "debug", debug)
    assert await club.command("schedule", user=MEMBER)
    assert formatted == []
    logs.configure(settings.model_copy(update={"log_level": "DEBUG"}), stream=log_bytes)
    logging.getLogger("slack_sdk").setLevel(logging.DEBUG)  # configure keeps it at WARNING
    assert await club.command("schedule", user=MEMBER)
    assert any("Received the following response" in line for line in formatted)
    assert "Received the following response" in log_bytes.getvalue()


async def test_a_genuine_but_stale_request_leaves_no_secret_in_the_log(
    log_bytes: io.StringIO, slack: SlackHarness
) -> None:
    """Clock skew makes Slack's own requests fail: their response_url must stay out of logs."""
    _, url = slack.response_url()
    req = sr.slash_command(text="club show", response_url=url, stale=True)
    assert (await slack.post(req))[0] == 401
    text = log_bytes.getvalue()
    assert "response_url" not in text and "response" not in text.casefold()
    assert "deprecated-verification-token" not in text
    assert "trig." not in text


@pytest.mark.parametrize("size", [10 * MB, 100 * MB], ids=["10MB", "100MB"])
async def test_huge_bodies_are_refused_with_413(slack: SlackHarness, size: int) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        block = b"a" * 65536
        sent = 0
        while sent < size:
            yield block
            sent += len(block)

    headers = {"content-type": "application/x-www-form-urlencoded", **sr.sign(b"a")}
    async with slack.session.post(slack.url, data=chunks(), headers=headers) as resp:
        assert resp.status == 413


async def test_too_many_headers_or_huge_header_lines_are_4xx(slack: SlackHarness) -> None:
    req = sr.slash_command(text="help")
    many = {**req.headers, **{f"x-pad-{n}": "1" for n in range(300)}}
    async with slack.session.post(slack.url, data=req.body, headers=many) as resp:
        assert 400 <= resp.status < 500
    long = {**req.headers, "x-pad": "a" * 20_000}
    async with slack.session.post(slack.url, data=req.body, headers=long) as resp:
        assert 400 <= resp.status < 500


async def test_a_replayed_signed_command_runs_once(club: SlackHarness, services: Services) -> None:
    """Someone who captured a signed request sends it again within the 5-minute window."""
    response_id, url = club.response_url()
    req = sr.slash_command(
        text="club setup fri 09:00 UTC", channel_id="C0OTHER01", user_id=ADMIN, response_url=url
    )
    assert await club.post(req) == (200, "")
    first = await club.wait_response(response_id)
    assert "is set up" in first.args["text"]
    async with settled():
        replay = await club.post(req)
    assert replay[0] == 200  # harmless: the sender learns nothing, Slack would not retry
    answered = [c for c in club.fake.calls_to(RESPONSE_URL) if c.args["response_id"] == response_id]
    assert len(answered) == 1, [c.args["text"] for c in answered]
    async with services.engine.connect() as connection:
        clubs = await connection.scalar(select(func.count()).select_from(ClubRow))
    assert clubs == 2


async def test_a_click_is_acked_before_its_replay_check_is_recorded_and_runs_once(
    club: SlackHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A click's ack is an empty 200 either way, so it does not wait for the database; its
    work does, and a replay of it is acked and does nothing."""
    recorded = asyncio.Event()
    record = replays.first_times

    async def held(*args: Any) -> list[bool]:
        await recorded.wait()
        return await record(*args)

    monkeypatch.setattr(replays, "first_times", held)
    response_id, url = club.response_url()
    click = sr.block_action("pc_action_0", "/schedule", user=MEMBER, response_url=url)
    try:
        async with asyncio.timeout(HANG):
            assert (await club.post(click))[0] == 200
        assert not club.fake.calls_to(RESPONSE_URL)[1:]  # only the setup's answer: no work yet
    finally:
        recorded.set()
    assert (await club.wait_response(response_id)).args["text"]
    async with settled():
        assert (await club.post(click))[0] == 200
    answered = [c for c in club.fake.calls_to(RESPONSE_URL) if c.args["response_id"] == response_id]
    assert len(answered) == 1


async def test_the_same_text_signed_again_is_a_new_request(club: SlackHarness) -> None:
    """De-duplication is by signature: a member typing the same command twice runs it twice."""
    first = await club.command("schedule", user=MEMBER)
    again = await club.command("schedule", user=MEMBER)
    assert {**again, "response_id": ""} == {**first, "response_id": ""}


async def test_commands_buttons_and_forms_are_acked_before_slow_work(club: SlackHarness) -> None:
    """Slack waits 3 seconds for the ack: a slow users.info must not hold it."""
    fake = club.fake
    gate = fake.hold("users.info")
    new_user = "U0SLOWPOKE"
    fake.add_user(new_user, name="slow")
    response_id, url = club.response_url()
    req = sr.slash_command(text="paper", user_id=new_user, response_url=url)
    assert await club.post(req) == (200, "")
    await fake.wait_waiting("users.info")

    click = sr.block_action("pc_action_0", "/schedule", user=new_user)
    assert (await club.post(click))[0] == 200
    submit = sr.view_submission(
        "pc_modal",
        {"paper": {"value": "attention is all you need"}},
        private_metadata=json.dumps({"command": "/suggest", "channel": sr.CHANNEL_ID}),
        user=new_user,
    )
    assert (await club.post(submit))[0] == 200
    gate.set()
    answer = await club.wait_response(response_id)
    assert answer.args["text"]


async def test_unsigned_posts_do_not_touch_the_database(
    slack: SlackHarness, services: Services
) -> None:
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    sync_engine = services.engine.sync_engine
    event.listen(sync_engine, "before_cursor_execute", count)
    try:
        for body in (b"payload=%7B%7D", urlencode({"team_id": "T1"}).encode()):
            assert (await slack.post(_unsigned(body, "application/x-www-form-urlencoded")))[
                0
            ] == 401
    finally:
        event.remove(sync_engine, "before_cursor_execute", count)
    assert statements == []
