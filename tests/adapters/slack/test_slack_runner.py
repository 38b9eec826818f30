"""The Slack platform as `paperclub run` starts it: Socket Mode or HTTP, and its Poster."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import aiohttp
from pydantic import SecretStr

from bot import httpserver
from bot.adapters.slack import runner
from bot.adapters.slack.app import build_client
from bot.adapters.slack.poster import SlackPoster
from bot.bootstrap import Services
from bot.core.domain.ids import ClubKey, Platform
from bot.core.domain.outbox import PostKind
from bot.core.ports import Outgoing
from bot.core.views import Notice
from bot.platforms import Attached
from paperclub_fakes import slack_requests as sr
from paperclub_fakes.slack_fake import RESPONSE_URL, FakeSlack
from paperclub_fakes.slack_harness import APP_TOKEN, slack_services
from tests.waiting import HANG, eventually

CLUB = ClubKey(Platform.SLACK, sr.TEAM_ID, sr.CHANNEL_ID)


@contextlib.asynccontextmanager
async def serving(services: Services) -> AsyncIterator[Attached]:
    """The Slack platform as the runtime runs it: attached (poster built, HTTP routes added),
    then served beside the bot's HTTP side."""
    stop = asyncio.Event()
    attached = runner.attach(services)
    health = {"slack": attached.healthy} if attached.healthy else {}
    http = asyncio.create_task(httpserver.serve(services, health, stop))
    task = asyncio.create_task(attached.serve(stop))
    try:
        yield attached
    finally:
        stop.set()
        await asyncio.wait_for(task, HANG)
        await asyncio.wait_for(http, HANG)
        if attached.close is not None:  # as the runtime does, once everything has stopped
            await attached.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_socket_mode_serves_commands_and_skips_redelivered_events(
    services: Services, fake: FakeSlack
) -> None:
    svc = slack_services(services, fake, slack_app_token=SecretStr(APP_TOKEN))
    async with serving(svc) as slack:
        assert isinstance(slack.poster, SlackPoster) and slack.healthy is not None
        await fake.wait_socket_connected()
        setup = sr.slash_command_envelope(
            text="club setup wed 18:00", user_id="U0ADMIN01", base_url=fake.base_url
        )
        assert (await fake.wait_ack(await fake.socket_send(setup))).payload is None
        answer = await fake.wait_for_call(RESPONSE_URL)
        assert "is set up" in answer.args["text"]

        # Socket Mode sends a retry count even on the first delivery; the event id decides.
        home = sr.app_home_opened_event("U0READER1")
        await fake.wait_ack(await fake.socket_send(sr.event_envelope(home, event_id="Ev0S")))
        again = sr.app_home_opened_event("U0AGAIN01")
        redelivered = sr.event_envelope(again, event_id="Ev0S", retry_attempt=1)
        await fake.wait_ack(await fake.socket_send(redelivered))
        other = sr.app_home_opened_event("U0OTHER01")
        await fake.wait_ack(await fake.socket_send(sr.event_envelope(other, event_id="Ev0T")))
        for user in ("U0READER1", "U0OTHER01"):
            await fake.wait_for_call("views.publish", lambda c, u=user: c.args["user_id"] == u)
        assert "U0AGAIN01" not in [c.args["user_id"] for c in fake.calls_to("views.publish")]


async def test_http_mode_serves_signed_requests(services: Services, fake: FakeSlack) -> None:
    port = _free_port()
    svc = slack_services(services, fake, http_port=port, http_host="127.0.0.1", metrics_port=0)
    async with serving(svc), aiohttp.ClientSession() as session:
        req = sr.slash_command(text="help", base_url=fake.base_url)
        url = f"http://127.0.0.1:{port}{runner.EVENTS_PATH}"

        async def post() -> int | None:
            with contextlib.suppress(aiohttp.ClientConnectionError):
                async with session.post(url, data=req.body, headers=req.headers) as resp:
                    return resp.status
            return None

        # The server starts in the background task: the first request that connects counts.
        assert await eventually(post, lambda status: status is not None) == 200
        answer = await fake.wait_for_call(RESPONSE_URL)
    assert "/paperclub paper" in str(answer.args["blocks"])


async def test_a_burst_of_commands_reuses_a_few_connections_to_slack(
    services: Services, fake: FakeSlack
) -> None:
    """Each answer to a response_url and each Web API call used to open its own TCP connection
    (against slack.com also a TLS handshake): two per command. Now they share the app's."""
    port = _free_port()
    svc = slack_services(services, fake, http_port=port, http_host="127.0.0.1", metrics_port=0)
    async with serving(svc) as slack, aiohttp.ClientSession() as session:
        url = f"http://127.0.0.1:{port}{runner.EVENTS_PATH}"

        async def command(text: str, user: str) -> int | None:
            req = sr.slash_command(text=text, user_id=user, base_url=fake.base_url)
            with contextlib.suppress(aiohttp.ClientConnectionError):
                async with session.post(url, data=req.body, headers=req.headers) as resp:
                    return resp.status
            return None

        # The server starts in the background task: the first request that connects counts.
        async def answers() -> int:
            return len(fake.calls_to(RESPONSE_URL))

        await eventually(lambda: command("club setup wed 18:00", "U0ADMIN01"))
        await eventually(answers, lambda count: count == 1)
        commands = ["paper", "schedule", "club show", "help", "vote show"] * 4
        for n, text in enumerate(commands):
            fake.add_user(f"U0MEMBER{n:02d}", name=f"member{n}")
            assert await command(text, f"U0MEMBER{n:02d}") == 200  # each a new member
            # One after another, answer included: the ack comes before the answer (and its
            # users.info), so without this wait two commands' calls could overlap and rightly
            # open a second connection (1 run in 8 on a loaded machine).
            await eventually(answers, lambda count, sent=n + 2: count == sent)
        assert fake.calls_to("users.info"), "the Web API was used too"
        # One kept-alive connection serves them all (one is what runs show); the bound leaves
        # room for one opened while another is being handed back, never one per call.
        assert len(fake.connections) <= 2, len(fake.connections)
    assert slack.close is not None, "the runtime closes the shared session on shutdown"


async def test_poster_marks_posts_and_finds_them_again(
    services: Services, fake: FakeSlack, no_jitter: None
) -> None:
    poster = SlackPoster(build_client(slack_services(services, fake).settings))
    outgoing = Outgoing(
        "club:1:session:7:reminder", CLUB, PostKind.REMINDER, Notice("Soon <!channel>")
    )
    assert await poster.find_posted(outgoing) is None

    fake.rate_limit("chat.postMessage", count=1, retry_after=0)
    ts = await poster.post(outgoing)
    assert [c.status for c in fake.calls_to("chat.postMessage")] == [429, 200]
    sent = fake.calls_to("chat.postMessage")[-1].args
    assert sent["metadata"] == {
        "event_type": "paperclub_post",
        "event_payload": {"key": outgoing.key},
    }
    assert sent["parse"] == "none"
    assert "<!channel>" not in str(sent)

    for n in range(10):
        fake.add_message(sr.CHANNEL_ID, f"chatter {n}")
    assert await poster.find_posted(outgoing) == ts
    other = Outgoing("club:1:session:8:reminder", CLUB, PostKind.REMINDER, Notice("Later"))
    assert await poster.find_posted(other) is None
    late = Outgoing(
        "club:1:session:9:start", CLUB, PostKind.START, Notice("Now"), late_note="Late!"
    )
    await poster.post(late)
    assert "Late!" in str(fake.calls_to("chat.postMessage")[-1].args["blocks"])


async def test_a_post_is_found_again_within_slacks_2025_history_limits(
    services: Services, fake: FakeSlack
) -> None:
    """Apps distributed outside the Marketplace get one conversations.history request a minute
    and 15 messages a page. A reclaim happens after the claim timeout, when a busy channel has
    moved on by far more than 15 messages: the lookup asks for the window of the dead
    process's attempt instead of paging back, and needs one request."""
    fake.history_per_minute = 1
    now = [datetime(2026, 11, 25, 17, 0, tzinfo=UTC).timestamp()]
    fake.clock = lambda: now[0]
    poster = SlackPoster(build_client(slack_services(services, fake).settings))
    for n in range(20):
        now[0] += 10
        fake.add_message(sr.CHANNEL_ID, f"before {n}")
    now[0] += 10
    attempt = datetime.fromtimestamp(now[0], UTC)
    outgoing = Outgoing(
        "club:1:session:7:start", CLUB, PostKind.START, Notice("Now"), attempted_at=attempt
    )
    now[0] += 2
    ts = await poster.post(outgoing)  # then the process dies before marking it sent
    for n in range(200):  # the claim timeout later: the channel went on talking
        now[0] += 10
        fake.add_message(sr.CHANNEL_ID, f"after {n}")

    assert await poster.find_posted(outgoing) == ts
    calls = fake.calls_to("conversations.history")
    assert [c.status for c in calls] == [200]
    assert int(calls[0].args["limit"]) <= 15

    now[0] += 61  # the next minute: another club's reclaim, whose attempt never posted
    never = Outgoing(
        "club:1:session:8:start", CLUB, PostKind.START, Notice("x"), attempted_at=attempt
    )
    assert await poster.find_posted(never) is None
    assert [c.status for c in fake.calls_to("conversations.history")] == [200, 200]
