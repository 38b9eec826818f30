"""Smoke tests: the real slack-bolt AsyncApp and slack_sdk clients against FakeSlack."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import pytest
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_bolt.context.say.async_say import AsyncSay
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from paperclub_fakes import slack_requests as sr
from paperclub_fakes.slack_fake import (
    FILE_UPLOAD,
    RESPONSE_URL,
    RESPONSE_URL_USES,
    FakeSlack,
    SlackCall,
    serve_app,
)
from tests.waiting import HANG

BOT_TOKEN = "xoxb-test-token"
APP_TOKEN = "xapp-test-token"

JsonDict = dict[str, Any]


def make_app(fake: FakeSlack) -> AsyncApp:
    # Passing token= as well would only log that the client's token wins.
    client = AsyncWebClient(token=BOT_TOKEN, base_url=fake.api_url)
    return AsyncApp(client=client, signing_secret=sr.SIGNING_SECRET)


@asynccontextmanager
async def running(app: AsyncApp) -> AsyncIterator[tuple[aiohttp.ClientSession, str]]:
    async with serve_app(app.web_app()) as base, aiohttp.ClientSession() as session:
        yield session, f"{base}/slack/events"


async def post(session: aiohttp.ClientSession, url: str, req: sr.SignedRequest) -> tuple[int, str]:
    async with session.post(url, data=req.body, headers=req.headers) as resp:
        return resp.status, await resp.text()


async def test_signed_slash_command_is_acked_and_reaches_the_fake() -> None:
    async with FakeSlack() as fake:
        app = make_app(fake)

        @app.command("/paperclub")
        async def paperclub(
            ack: AsyncAck, command: JsonDict, respond: AsyncRespond, say: AsyncSay
        ) -> None:
            await ack(f"got {command['text']}")
            await respond("only you can see this")
            await say(text="next paper", metadata={"event_type": "pc_post", "event_payload": {}})

        async with running(app) as (session, url):
            req = sr.slash_command(text="next", base_url=fake.base_url)
            status, body = await post(session, url, req)
            assert status == 200
            assert body == "got next"

            responded = await fake.wait_for_call(RESPONSE_URL)
            assert responded.args["text"] == "only you can see this"
            posted = await fake.wait_for_call("chat.postMessage")

        assert posted.token == BOT_TOKEN
        assert posted.args["channel"] == sr.CHANNEL_ID
        assert posted.response["message"]["metadata"]["event_type"] == "pc_post"
        assert fake.calls_to("auth.test"), "Bolt authorizes with auth.test on the first request"


@pytest.mark.parametrize(
    "req",
    [sr.slash_command(text="x", wrong_secret=True), sr.slash_command(text="x", stale=True)],
    ids=["wrong-secret", "stale-timestamp"],
)
async def test_bad_signatures_are_rejected(req: sr.SignedRequest) -> None:
    async with FakeSlack() as fake:
        app = make_app(fake)
        handled: list[JsonDict] = []

        @app.command("/paperclub")
        async def paperclub(ack: AsyncAck, command: JsonDict) -> None:
            handled.append(command)
            await ack()

        async with running(app) as (session, url):
            status, _ = await post(session, url, req)
        assert status == 401
        assert handled == []


async def test_block_action_and_view_submission_reach_their_handlers() -> None:
    async with FakeSlack() as fake:
        app = make_app(fake)
        clicked: asyncio.Future[JsonDict] = asyncio.get_running_loop().create_future()

        @app.action("rsvp")
        async def rsvp(ack: AsyncAck, body: JsonDict, respond: AsyncRespond) -> None:
            await ack()
            clicked.set_result(body)
            await respond(text="see you there", replace_original=False)

        @app.view("propose")
        async def propose(ack: AsyncAck, view: JsonDict) -> None:
            title = view["state"]["values"]["title"]["title_input"]["value"]
            if not title.strip():
                await ack(response_action="errors", errors={"title": "required"})
            else:
                await ack()

        async with running(app) as (session, url):
            status, _ = await post(
                session, url, sr.block_action("rsvp", "yes", base_url=fake.base_url)
            )
            assert status == 200
            body = await asyncio.wait_for(clicked, HANG)
            assert body["actions"][0]["value"] == "yes"
            assert body["user"]["id"] == sr.USER_ID
            await fake.wait_for_call(RESPONSE_URL, lambda c: c.args["text"] == "see you there")

            ok = sr.view_submission("propose", {"title": {"title_input": "Attention"}})
            assert await post(session, url, ok) == (200, "")
            bad = sr.view_submission("propose", {"title": {"title_input": " "}})
            status, text = await post(session, url, bad)
            assert status == 200
            assert '"response_action": "errors"' in text


async def test_app_home_opened_publishes_a_view() -> None:
    async with FakeSlack() as fake:
        app = make_app(fake)

        @app.event("app_home_opened")
        async def home(event: JsonDict, client: AsyncWebClient) -> None:
            view = {
                "type": "home",
                "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "hi"}}],
            }
            await client.views_publish(user_id=event["user"], view=view)

        async with running(app) as (session, url):
            assert (await post(session, url, sr.app_home_opened("U0READER1")))[0] == 200
            call = await fake.wait_for_call("views.publish")
        assert call.args["user_id"] == "U0READER1"
        assert fake.home_views["U0READER1"]["type"] == "home"


async def test_retried_event_carries_the_retry_headers_to_the_listener() -> None:
    async with FakeSlack() as fake:
        app = make_app(fake)
        seen: asyncio.Queue[tuple[str, str | None]] = asyncio.Queue()

        @app.event("app_mention")
        async def mention(body: JsonDict, request: AsyncBoltRequest) -> None:
            # Bolt normalises header names to lower case and values to lists.
            retry = request.headers.get("x-slack-retry-num")
            await seen.put((body["event_id"], retry[0] if retry else None))

        event = {
            "type": "app_mention",
            "user": sr.USER_ID,
            "text": "<@U0BOT0001> hi",
            "ts": "1.2",
            "channel": sr.CHANNEL_ID,
        }
        async with running(app) as (session, url):
            first = sr.event_callback(event, event_id="Ev0DUP")
            retry = sr.event_callback(event, event_id="Ev0DUP", retry_num=1)
            assert (await post(session, url, first))[0] == 200
            assert (await post(session, url, retry))[0] == 200
            got = {await asyncio.wait_for(seen.get(), HANG) for _ in range(2)}
        # Bolt delivers both: de-duplicating on event_id is the product's job.
        assert got == {("Ev0DUP", None), ("Ev0DUP", "1")}


async def test_rate_limited_post_is_retried_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # The handler sleeps Retry-After plus up to 1 s of jitter; drop the jitter to keep this at 1 s.
    monkeypatch.setattr(random, "random", lambda: 0.0)
    async with FakeSlack() as fake:
        client = AsyncWebClient(token=BOT_TOKEN, base_url=fake.api_url)
        client.retry_handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=1))
        fake.rate_limit("chat.postMessage", count=1, retry_after=1)

        resp = await client.chat_postMessage(channel=sr.CHANNEL_ID, text="hello")

        assert resp["ok"] is True
        assert [c.status for c in fake.calls_to("chat.postMessage")] == [429, 200]

        # Without a retry handler the 429 surfaces as an error.
        fake.rate_limit("chat.postMessage", count=1)
        plain = AsyncWebClient(token=BOT_TOKEN, base_url=fake.api_url)
        with pytest.raises(SlackApiError) as err:
            await plain.chat_postMessage(channel=sr.CHANNEL_ID, text="hello")
        assert err.value.response.status_code == 429
        assert err.value.response["error"] == "ratelimited"


async def test_web_api_methods_keep_state() -> None:
    async with FakeSlack() as fake:
        fake.add_user("U0ADMIN01", is_admin=True)
        client = AsyncWebClient(token=BOT_TOKEN, base_url=fake.api_url)

        meta = {"event_type": "pc_session_post", "event_payload": {"session_id": 7}}
        first = await client.chat_postMessage(channel="C1", text="one", metadata=meta)
        await client.chat_postMessage(channel="C1", text="two")
        await client.chat_postMessage(channel="C1", text="reply", thread_ts=first["ts"])
        await client.chat_update(channel="C1", ts=first["ts"], text="one (edited)")

        with_meta = await client.conversations_history(channel="C1", include_all_metadata=True)
        texts = [m["text"] for m in with_meta["messages"]]
        assert texts == ["two", "one (edited)"], "newest first, thread replies excluded"
        assert with_meta["messages"][1]["metadata"] == meta
        without = await client.conversations_history(channel="C1")
        assert all("metadata" not in m for m in without["messages"])

        await client.chat_delete(channel="C1", ts=first["ts"])
        assert [m["text"] for m in fake.history("C1")] == ["two", "reply"]
        with pytest.raises(SlackApiError, match="message_not_found"):
            await client.chat_delete(channel="C1", ts=first["ts"])

        admin = await client.users_info(user="U0ADMIN01")
        member = await client.users_info(user="U0MEMBER1")
        assert (admin["user"]["is_admin"], member["user"]["is_admin"]) == (True, False)
        assert (await client.conversations_info(channel="C1"))["channel"]["id"] == "C1"

        title = {"type": "plain_text", "text": "Form"}
        blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "Hi"}}]
        modal = {"type": "modal", "title": title, "blocks": blocks}
        opened = await client.views_open(trigger_id="t.1", view={**modal, "callback_id": "x"})
        view_id = opened["view"]["id"]
        updated = await client.views_update(view_id=view_id, view={**modal, "callback_id": "y"})
        assert updated["view"]["callback_id"] == "y"
        # Slack's limits for a modal (slack_sdk's View model): a 25-character title is refused.
        too_long = {**modal, "title": {"type": "plain_text", "text": "x" * 25}}
        with pytest.raises(SlackApiError) as refused:
            await client.views_update(view_id=view_id, view=too_long)
        assert refused.value.response["error"] == "invalid_arguments"

        eph = await client.chat_postEphemeral(channel="C1", user="U0MEMBER1", text="psst")
        assert eph["message_ts"] == fake.ephemerals[0]["ts"]

        uploaded = await client.files_upload_v2(
            channel="C1", filename="reading.ics", content="BEGIN:VCALENDAR", title="Schedule"
        )
        file_id = uploaded["file"]["id"]
        assert fake.files[file_id]["content"] == b"BEGIN:VCALENDAR"
        assert fake.calls_to(FILE_UPLOAD)[0].args["file_id"] == file_id
        assert fake.history("C1")[-1]["files"][0]["title"] == "Schedule"

        fake.fail_next("chat.postMessage", "channel_not_found")
        with pytest.raises(SlackApiError, match="channel_not_found"):
            await client.chat_postMessage(channel="C404", text="x")

        with pytest.raises(SlackApiError, match="unknown_method"):
            await client.api_call("paperclub.nonsense")
        assert fake.calls_to("paperclub.nonsense")[0].response["error"] == "unknown_method"


async def test_wait_for_call_since_ignores_earlier_calls() -> None:
    async with FakeSlack() as fake:
        client = AsyncWebClient(token=BOT_TOKEN, base_url=fake.api_url)
        await client.chat_postMessage(channel="C1", text="old")
        mark = len(fake.calls)

        async def later() -> None:
            await asyncio.sleep(0.05)
            await client.chat_postMessage(channel="C1", text="new")

        task = asyncio.create_task(later())
        call: SlackCall = await fake.wait_for_call("chat.postMessage", since=mark)
        await task
        assert call.args["text"] == "new"
        with pytest.raises(AssertionError, match="timed out"):
            await fake.wait_for_call("chat.update", timeout=0.1)


async def test_socket_mode_slash_command_is_acked_and_handled() -> None:
    async with FakeSlack() as fake:
        app = make_app(fake)

        @app.command("/paperclub")
        async def paperclub(ack: AsyncAck, command: JsonDict, say: AsyncSay) -> None:
            await ack(f"queued {command['text']}")
            await say("from socket mode")

        @app.event("app_mention")
        async def mention(request: AsyncBoltRequest, say: AsyncSay) -> None:
            await say(f"retry={request.headers.get('x-slack-retry-num')}")

        clicked = asyncio.Event()

        @app.action("rsvp")
        async def rsvp(ack: AsyncAck) -> None:
            await ack()
            clicked.set()

        # apps.connections.open goes through app.client, so its base_url reaches the fake.
        handler = AsyncSocketModeHandler(app, app_token=APP_TOKEN)
        try:
            await handler.connect_async()
            await fake.wait_socket_connected()
            opened = fake.calls_to("apps.connections.open")[0]
            assert opened.token == APP_TOKEN

            envelope_id = await fake.socket_send(sr.slash_command_envelope(text="attention"))
            ack = await fake.wait_ack(envelope_id)
            assert ack.payload == {"text": "queued attention"}
            posted = await fake.wait_for_call("chat.postMessage")
            assert posted.args["text"] == "from socket mode"

            event = {
                "type": "app_mention",
                "user": sr.USER_ID,
                "text": "hi",
                "ts": "1.3",
                "channel": sr.CHANNEL_ID,
            }
            mark = len(fake.calls)
            eid = await fake.socket_send(sr.event_envelope(event, retry_attempt=2))
            assert (await fake.wait_ack(eid)).payload is None
            retried = await fake.wait_for_call("chat.postMessage", since=mark)
            assert retried.args["text"] == "retry=['2']"

            eid = await fake.socket_send(sr.block_action_envelope("rsvp", "yes"))
            assert (await fake.wait_ack(eid)).payload is None
            await asyncio.wait_for(clicked.wait(), HANG)

            # Slack asks clients to reconnect now and then; the client fetches a fresh URL.
            await fake.socket_request_disconnect()
            await fake.wait_socket_connected(count=2)
            assert len(fake.calls_to("apps.connections.open")) == 2
            eid = await fake.socket_send(sr.slash_command_envelope(text="again"))
            assert (await fake.wait_ack(eid)).payload == {"text": "queued again"}
        finally:
            await handler.close_async()


async def test_a_response_url_takes_five_posts() -> None:
    async with FakeSlack() as fake, aiohttp.ClientSession() as session:
        url = fake.new_response_url("R1")
        statuses = []
        for n in range(RESPONSE_URL_USES + 1):
            async with session.post(url, json={"text": f"post {n}"}) as response:
                statuses.append((response.status, (await response.json()).get("error")))
    assert statuses == [(200, None)] * RESPONSE_URL_USES + [(404, "used_url")]


async def _refused(client: AsyncWebClient, method: str, **args: Any) -> str:
    with pytest.raises(SlackApiError) as refused:
        await client.api_call(method, json=args)
    return str(refused.value.response["error"])


async def test_each_refusal_and_which_of_two_faults_is_answered() -> None:
    """What the fake refuses in chat, conversations and views, and, for a call with two faults,
    which one it answers (as it did before these checks were shared; Slack documents no order
    for these pairs)."""
    text = {"type": "mrkdwn", "text": "Hi"}
    good = [{"type": "section", "text": text}]
    bad = good * 51  # Slack takes 50 blocks at most
    modal = {"type": "modal", "title": {"type": "plain_text", "text": "Form"}, "blocks": good}
    too_long = {**modal, "title": {"type": "plain_text", "text": "x" * 25}}
    async with FakeSlack() as fake:
        fake.add_channel("COUT", is_member=False)
        fake.add_channel("GOUT", is_private=True, is_member=False)
        client = AsyncWebClient(token=BOT_TOKEN, base_url=fake.api_url)
        answers = {
            "post, no channel": await _refused(client, "chat.postMessage", text="x"),
            "post, nothing to say": await _refused(client, "chat.postMessage", channel="C1"),
            "post, bad blocks": await _refused(
                client, "chat.postMessage", channel="C1", blocks=bad
            ),
            "post, outside": await _refused(client, "chat.postMessage", channel="COUT", text="x"),
            "post, private": await _refused(client, "chat.postMessage", channel="GOUT", text="x"),
            "post, no channel, bad blocks": await _refused(client, "chat.postMessage", blocks=bad),
            "post, outside, bad blocks": await _refused(
                client, "chat.postMessage", channel="COUT", blocks=bad
            ),
            "ephemeral, no channel": await _refused(client, "chat.postEphemeral", user="U1"),
            "ephemeral, no user": await _refused(client, "chat.postEphemeral", channel="C1"),
            "ephemeral, outside": await _refused(
                client, "chat.postEphemeral", channel="COUT", user="U1", text="x"
            ),
            "ephemeral, bad blocks": await _refused(
                client, "chat.postEphemeral", channel="C1", user="U1", blocks=bad
            ),
            "ephemeral, outside, no user": await _refused(
                client, "chat.postEphemeral", channel="COUT", text="x"
            ),
            "ephemeral, outside, bad blocks": await _refused(
                client, "chat.postEphemeral", channel="COUT", user="U1", blocks=bad
            ),
            "history, no channel": await _refused(client, "conversations.history"),
            "history, outside": await _refused(client, "conversations.history", channel="COUT"),
            "history, private": await _refused(client, "conversations.history", channel="GOUT"),
            "info, no channel": await _refused(client, "conversations.info"),
            "info, private": await _refused(client, "conversations.info", channel="GOUT"),
            "open, no trigger, bad view": await _refused(client, "views.open", view=too_long),
            "open, bad view": await _refused(client, "views.open", trigger_id="t.1", view=too_long),
            "open, no view": await _refused(client, "views.open", trigger_id="t.2"),
            "open, trigger used": await _refused(
                client, "views.open", trigger_id="t.1", view=modal
            ),
            "update, bad view, no such view": await _refused(
                client, "views.update", view_id="V404", view=too_long
            ),
            "update, no such view": await _refused(
                client, "views.update", view_id="V404", view=modal
            ),
            "publish, no user, bad view": await _refused(client, "views.publish", view=too_long),
            "publish, bad view": await _refused(
                client, "views.publish", user_id="U1", view={**too_long, "type": "home"}
            ),
        }
    assert answers == {
        "post, no channel": "channel_not_found",
        "post, nothing to say": "no_text",
        "post, bad blocks": "invalid_blocks",
        "post, outside": "not_in_channel",
        "post, private": "channel_not_found",
        "post, no channel, bad blocks": "channel_not_found",
        "post, outside, bad blocks": "invalid_blocks",
        "ephemeral, no channel": "channel_not_found",
        "ephemeral, no user": "user_not_in_channel",
        "ephemeral, outside": "not_in_channel",
        "ephemeral, bad blocks": "invalid_blocks",
        "ephemeral, outside, no user": "user_not_in_channel",
        "ephemeral, outside, bad blocks": "not_in_channel",
        "history, no channel": "channel_not_found",
        "history, outside": "not_in_channel",
        "history, private": "channel_not_found",
        "info, no channel": "channel_not_found",
        "info, private": "channel_not_found",
        "open, no trigger, bad view": "invalid_trigger_id",
        "open, bad view": "invalid_arguments",
        "open, no view": "invalid_arguments",
        "open, trigger used": "exchanged_trigger_id",  # even by a refused view
        "update, bad view, no such view": "invalid_arguments",
        "update, no such view": "not_found",
        "publish, no user, bad view": "user_not_found",
        "publish, bad view": "invalid_arguments",
    }
