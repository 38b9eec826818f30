"""The fake Discord works with the real discord.py client (a throwaway client, not the adapter)."""

from __future__ import annotations

import asyncio
import json
import zlib
from collections.abc import AsyncIterator
from datetime import timedelta

import aiohttp
import discord
import discord.gateway
import discord.http
import pytest
from discord import app_commands

from paperclub_fakes.discord_client_harness import running_client
from paperclub_fakes.discord_fake import (
    BOT_USER_ID,
    EDITS_PER_WINDOW,
    FORUM_CHANNEL_ID,
    GUILD_ID,
    MEMBER_ID,
    MEMBER_USER,
    OWNER_USER,
    TEXT_CHANNEL_ID,
    VOICE_CHANNEL_ID,
    FakeDiscord,
    snowflake,
)
from tests.waiting import HANG

DEFAULT_BASE = discord.http.Route.BASE
DEFAULT_GATEWAY = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as f:
        yield f


def make_client(
    *, members: bool = False
) -> tuple[discord.Client, app_commands.CommandTree[discord.Client]]:
    intents = discord.Intents.default()
    intents.members = members
    client = discord.Client(intents=intents)
    return client, app_commands.CommandTree(client)


def _future() -> asyncio.Future[object]:
    return asyncio.get_running_loop().create_future()


async def test_login_ready_and_guild_cache(fake: FakeDiscord) -> None:
    client, _ = make_client()
    async with running_client(client, fake):
        assert fake.api_base == discord.http.Route.BASE
        assert client.user is not None and client.user.id == BOT_USER_ID
        assert client.application_id == BOT_USER_ID
        guild = client.get_guild(GUILD_ID)
        assert guild is not None
        assert isinstance(guild.get_channel(TEXT_CHANNEL_ID), discord.TextChannel)
        assert isinstance(guild.get_channel(VOICE_CHANNEL_ID), discord.VoiceChannel)
        # Without the privileged members intent only the bot's member is sent, as on Discord.
        assert guild.me is not None and guild.get_member(MEMBER_ID) is None
        assert guild.owner_id == int(OWNER_USER["id"])
        assert fake.identify is not None
        assert fake.identify["intents"] == discord.Intents.default().value
    # The harness puts discord.py's endpoints back.
    assert discord.http.Route.BASE == DEFAULT_BASE
    assert discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY == DEFAULT_GATEWAY


async def test_slash_command_with_option_is_answered(fake: FakeDiscord) -> None:
    client, tree = make_client()
    seen: asyncio.Future[discord.Interaction] = asyncio.get_running_loop().create_future()

    @tree.command(name="suggest", description="Suggest a paper")
    async def suggest(interaction: discord.Interaction, title: str, votes: int = 1) -> None:
        seen.set_result(interaction)
        await interaction.response.send_message(f"Added {title} x{votes}")

    async with running_client(client, fake):
        payload = await fake.send_interaction(
            fake.slash("suggest", {"title": "Attention", "votes": 2})
        )
        cb = await fake.wait_for_callback(payload)
        assert cb.json["type"] == 4
        assert cb.json["data"]["content"] == "Added Attention x2"
        interaction = await seen
        assert isinstance(interaction.user, discord.Member) and interaction.user.id == MEMBER_ID
        assert interaction.permissions.send_messages
        assert not interaction.permissions.manage_events
        assert interaction.app_permissions.manage_events
        assert isinstance(interaction.channel, discord.TextChannel)
        assert interaction.channel.id == TEXT_CHANNEL_ID
        assert interaction.locale is discord.Locale.american_english
        # The fake keeps the response message, so @original can be fetched and edited.
        original = fake.messages[int(cb.response["resource"]["message"]["id"])]
        assert original["content"] == "Added Attention x2"


async def test_subcommand_group_and_permissions(fake: FakeDiscord) -> None:
    client, tree = make_client()
    club = app_commands.Group(name="club", description="Club admin")
    schedule = app_commands.Group(name="schedule", description="Schedule", parent=club)
    got: asyncio.Future[object] = _future()

    @schedule.command(name="set", description="Set the weekly slot")
    async def set_slot(interaction: discord.Interaction, weekday: str) -> None:
        got.set_result(interaction.permissions.manage_events)
        await interaction.response.defer(ephemeral=True, thinking=True)
        await interaction.followup.send(f"Weekly on {weekday}", ephemeral=True)
        await interaction.edit_original_response(content="done")

    tree.add_command(club)
    async with running_client(client, fake):
        payload = fake.slash(
            "club",
            {"weekday": "Wednesday"},
            group="schedule",
            subcommand="set",
            user=OWNER_USER,
        )
        await fake.send_interaction(payload)
        cb = await fake.wait_for_callback(payload)
        assert cb.json == {"type": 5, "data": {"flags": 64}}
        follow = await fake.wait_for_request("POST", rf"/webhooks/{BOT_USER_ID}/[^/]+")
        assert follow.json["content"] == "Weekly on Wednesday"
        assert follow.json["flags"] == 64
        edit = await fake.wait_for_request("PATCH", r"/webhooks/\d+/[^/]+/messages/@original")
        assert edit.json["content"] == "done"
        assert await got is True  # the owner has every permission


async def test_persistent_button_view(fake: FakeDiscord) -> None:
    client, _ = make_client()
    clicked: asyncio.Future[object] = _future()

    class JoinView(discord.ui.View):
        def __init__(self) -> None:
            super().__init__(timeout=None)

        @discord.ui.button(label="Join", custom_id="club:join")
        async def join(
            self, interaction: discord.Interaction, button: discord.ui.Button[JoinView]
        ) -> None:
            clicked.set_result(interaction.user.id)
            await interaction.response.edit_message(content="Grace joined")

    client.add_view(JoinView())
    async with running_client(client, fake):
        channel = client.get_channel(TEXT_CHANNEL_ID)
        assert isinstance(channel, discord.TextChannel)
        sent = await channel.send("Join the club", view=JoinView())
        post = await fake.wait_for_request("POST", rf"/channels/{TEXT_CHANNEL_ID}/messages")
        assert post.json["components"][0]["components"][0]["custom_id"] == "club:join"

        payload = await fake.send_interaction(fake.button("club:join", message=sent.id))
        assert await asyncio.wait_for(clicked, HANG) == MEMBER_ID
        cb = await fake.wait_for_callback(payload)
        assert cb.json["type"] == 7
        assert fake.messages[sent.id]["content"] == "Grace joined"


async def test_select_then_modal_round_trip(fake: FakeDiscord) -> None:
    client, _ = make_client()
    submitted: asyncio.Future[object] = _future()

    class NoteModal(discord.ui.Modal, title="Why this paper?"):
        reason: discord.ui.TextInput[NoteModal] = discord.ui.TextInput(
            label="Reason", custom_id="vote:reason"
        )

        async def on_submit(self, interaction: discord.Interaction) -> None:
            submitted.set_result(self.reason.value)
            await interaction.response.send_message(f"Noted: {self.reason.value}")

    class PickView(discord.ui.View):
        def __init__(self) -> None:
            super().__init__(timeout=None)

        @discord.ui.select(
            custom_id="vote:pick",
            options=[
                discord.SelectOption(label="A", value="a"),
                discord.SelectOption(label="B", value="b"),
            ],
        )
        async def pick(
            self, interaction: discord.Interaction, select: discord.ui.Select[PickView]
        ) -> None:
            assert select.values == ["b"]
            await interaction.response.send_modal(NoteModal(custom_id="vote:note"))

    client.add_view(PickView())
    async with running_client(client, fake):
        sel = await fake.send_interaction(fake.select("vote:pick", ["b"]))
        cb = await fake.wait_for_callback(sel)
        assert cb.json["type"] == 9
        assert cb.json["data"]["custom_id"] == "vote:note"

        modal = await fake.send_interaction(
            fake.modal_submit("vote:note", {"vote:reason": "classic"})
        )
        assert await asyncio.wait_for(submitted, HANG) == "classic"
        cb = await fake.wait_for_callback(modal)
        assert cb.json["data"]["content"] == "Noted: classic"


async def test_autocomplete_returns_choices(fake: FakeDiscord) -> None:
    client, tree = make_client()
    titles = ["Attention Is All You Need", "Attention Sinks", "BERT"]

    async def complete(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [
            app_commands.Choice(name=t, value=t) for t in titles if current.lower() in t.lower()
        ]

    @tree.command(name="vote", description="Vote for a paper")
    @app_commands.autocomplete(paper=complete)
    async def vote(interaction: discord.Interaction, paper: str) -> None:
        await interaction.response.send_message(paper)

    async with running_client(client, fake):
        payload = await fake.send_interaction(fake.autocomplete("vote", "paper", "atten"))
        cb = await fake.wait_for_callback(payload)
        assert cb.json["type"] == 8
        assert [c["value"] for c in cb.json["data"]["choices"]] == titles[:2]


async def test_send_with_nonce_and_no_mentions_is_recorded_and_deduplicated(
    fake: FakeDiscord,
) -> None:
    client, _ = make_client()
    async with running_client(client, fake):
        channel = client.get_channel(TEXT_CHANNEL_ID)
        assert isinstance(channel, discord.TextChannel)
        first = await channel.send(
            "@everyone reading: Attention",
            nonce="post-42",
            allowed_mentions=discord.AllowedMentions.none(),
        )
        req = await fake.wait_for_request("POST", rf"/channels/{TEXT_CHANNEL_ID}/messages")
        assert req.json["allowed_mentions"]["parse"] == []
        assert req.json["nonce"] == "post-42" and req.json["enforce_nonce"] is True
        # A retried send with the same enforced nonce gets the original message back.
        again = await channel.send("@everyone reading: Attention", nonce="post-42")
        assert again.id == first.id
        assert len(fake.find_requests("POST", rf"/channels/{TEXT_CHANNEL_ID}/messages")) == 2
        assert sum(1 for m in fake.messages.values() if m.get("nonce") == "post-42") == 1


async def test_file_upload_is_recorded(fake: FakeDiscord) -> None:
    client, _ = make_client()
    async with running_client(client, fake):
        channel = client.get_channel(TEXT_CHANNEL_ID)
        assert isinstance(channel, discord.TextChannel)
        import io

        msg = await channel.send("slides", file=discord.File(io.BytesIO(b"%PDF-1.4"), "slides.pdf"))
        req = await fake.wait_for_request("POST", rf"/channels/{TEXT_CHANNEL_ID}/messages")
        assert req.json["content"] == "slides"
        assert req.files[0].filename == "slides.pdf" and req.files[0].data == b"%PDF-1.4"
        assert msg.attachments[0].filename == "slides.pdf" and msg.attachments[0].size == 8


async def test_rate_limited_callback_is_retried(fake: FakeDiscord) -> None:
    client, tree = make_client()

    @tree.command(name="ping", description="Ping")
    async def ping(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("pong")

    fake.rate_limit("POST", r"/interactions/\d+/[^/]+/callback", times=2, retry_after=0.02)
    async with running_client(client, fake):
        payload = await fake.send_interaction(fake.slash("ping"))
        cb = await fake.wait_for_callback(payload)
        assert cb.json["data"]["content"] == "pong"
        attempts = fake.find_requests("POST", r"/interactions/.*", include_rate_limited=True)
        assert [r.status for r in attempts] == [429, 429, 200]


async def test_rate_limited_rest_call_is_retried(fake: FakeDiscord) -> None:
    client, _ = make_client()
    fake.rate_limit("POST", rf"/channels/{TEXT_CHANNEL_ID}/messages", retry_after=0.02)
    async with running_client(client, fake):
        channel = client.get_channel(TEXT_CHANNEL_ID)
        assert isinstance(channel, discord.TextChannel)
        await channel.send("hello")
        statuses = [
            r.status
            for r in fake.find_requests(
                "POST", r"/channels/\d+/messages", include_rate_limited=True
            )
        ]
        assert statuses == [429, 200]


async def test_tree_sync_records_commands(fake: FakeDiscord) -> None:
    client, tree = make_client()

    @tree.command(name="suggest", description="Suggest a paper")
    async def suggest(interaction: discord.Interaction, title: str) -> None:
        await interaction.response.send_message(title)

    async with running_client(client, fake):
        synced = await tree.sync()
        assert [c.name for c in synced] == ["suggest"]
        assert fake.global_commands[0]["options"][0]["name"] == "title"
        guild = discord.Object(GUILD_ID)
        tree.copy_global_to(guild=guild)
        await tree.sync(guild=guild)
        req = await fake.wait_for_request(
            "PUT", rf"/applications/{BOT_USER_ID}/guilds/{GUILD_ID}/commands"
        )
        assert req.json[0]["name"] == "suggest"

        @tree.command(name="host", description="Host a session", guild=guild)
        async def host(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("hosting")

        await tree.sync(guild=guild)
        # A guild command's invocation carries data.guild_id, which discord.py needs to find it.
        payload = fake.slash("host")
        assert payload["data"]["guild_id"] == str(GUILD_ID)
        await fake.send_interaction(payload)
        assert (await fake.wait_for_callback(payload)).json["data"]["content"] == "hosting"


async def test_poll_is_posted_and_vote_arrives(fake: FakeDiscord) -> None:
    client, _ = make_client()
    voted: asyncio.Future[discord.RawPollVoteActionEvent] = (
        asyncio.get_running_loop().create_future()
    )

    @client.event
    async def on_raw_poll_vote_add(event: discord.RawPollVoteActionEvent) -> None:
        voted.set_result(event)

    async with running_client(client, fake):
        channel = client.get_channel(TEXT_CHANNEL_ID)
        assert isinstance(channel, discord.TextChannel)
        poll = discord.Poll(question="Next paper?", duration=timedelta(hours=24))
        poll.add_answer(text="Attention")
        poll.add_answer(text="BERT")
        msg = await channel.send(poll=poll)
        req = await fake.wait_for_request("POST", rf"/channels/{TEXT_CHANNEL_ID}/messages")
        assert req.json["poll"]["question"]["text"] == "Next paper?"
        assert [a["poll_media"]["text"] for a in req.json["poll"]["answers"]] == [
            "Attention",
            "BERT",
        ]
        assert msg.poll is not None and [a.id for a in msg.poll.answers] == [1, 2]

        await fake.dispatch("MESSAGE_POLL_VOTE_ADD", fake.poll_vote(msg.id, 2))
        event = await asyncio.wait_for(voted, HANG)
        assert (event.message_id, event.answer_id, event.user_id) == (msg.id, 2, MEMBER_ID)


async def test_scheduled_event_create_edit_delete(fake: FakeDiscord) -> None:
    client, _ = make_client()
    async with running_client(client, fake):
        guild = client.get_guild(GUILD_ID)
        voice = client.get_channel(VOICE_CHANNEL_ID)
        assert guild is not None and isinstance(voice, discord.VoiceChannel)
        start = discord.utils.utcnow() + timedelta(days=2)
        event = await guild.create_scheduled_event(
            name="Paper club: Attention",
            start_time=start,
            channel=voice,
            privacy_level=discord.PrivacyLevel.guild_only,
        )
        created = await fake.wait_for_request("POST", rf"/guilds/{GUILD_ID}/scheduled-events")
        assert created.json["entity_type"] == 2 and int(created.json["channel_id"]) == (
            VOICE_CHANNEL_ID
        )
        assert event.id in fake.scheduled_events

        edited = await event.edit(name="Paper club: BERT")
        assert edited.name == "Paper club: BERT"
        patch = await fake.wait_for_request(
            "PATCH", rf"/guilds/{GUILD_ID}/scheduled-events/{event.id}"
        )
        assert patch.json["name"] == "Paper club: BERT"

        fake.add_scheduled_event_user(event.id, MEMBER_USER)
        users = [u async for u in event.users()]
        assert [u.id for u in users] == [MEMBER_ID]

        with pytest.raises(discord.HTTPException) as info:  # external events need an end time
            await guild.create_scheduled_event(
                name="Offsite",
                start_time=start,
                entity_type=discord.EntityType.external,
                location="Library",
                privacy_level=discord.PrivacyLevel.guild_only,
                end_time=start - timedelta(hours=1),
            )
        assert info.value.status == 400

        await event.delete()
        await fake.wait_for_request("DELETE", rf"/guilds/{GUILD_ID}/scheduled-events/{event.id}")
        assert fake.deleted_scheduled_events == [event.id]


async def test_members_intent_caches_members(fake: FakeDiscord) -> None:
    client, _ = make_client(members=True)
    async with running_client(client, fake):
        guild = client.get_guild(GUILD_ID)
        assert guild is not None and guild.chunked
        grace = guild.get_member(MEMBER_ID)
        assert grace is not None and grace.guild_permissions.send_messages
        assert not any(p.get("op") == 8 for p in fake.gateway_received)  # no chunking needed


async def test_gateway_events_reach_handlers(fake: FakeDiscord) -> None:
    # on_scheduled_event_user_add fires only for cached users: that needs the members intent.
    client, _ = make_client(members=True)
    voice: asyncio.Future[object] = _future()
    interested: asyncio.Future[object] = _future()
    created: asyncio.Future[object] = _future()

    @client.event
    async def on_voice_state_update(
        member: discord.Member, before: discord.VoiceState, after: discord.VoiceState
    ) -> None:
        voice.set_result((member.id, after.channel.id if after.channel else None))

    @client.event
    async def on_scheduled_event_create(event: discord.ScheduledEvent) -> None:
        created.set_result(event.id)

    @client.event
    async def on_scheduled_event_user_add(
        event: discord.ScheduledEvent, user: discord.User
    ) -> None:
        interested.set_result((event.id, user.id))

    async with running_client(client, fake):
        await fake.dispatch("VOICE_STATE_UPDATE", fake.voice_state(VOICE_CHANNEL_ID))
        assert await asyncio.wait_for(voice, HANG) == (MEMBER_ID, VOICE_CHANNEL_ID)

        guild = client.get_guild(GUILD_ID)
        assert guild is not None
        event = await guild.create_scheduled_event(
            name="Reading",
            start_time=discord.utils.utcnow() + timedelta(days=1),
            channel=guild.get_channel(VOICE_CHANNEL_ID),  # type: ignore[arg-type]
            privacy_level=discord.PrivacyLevel.guild_only,
        )
        # The fake echoes GUILD_SCHEDULED_EVENT_CREATE, so the event lands in the cache.
        assert await asyncio.wait_for(created, HANG) == event.id
        await fake.dispatch("GUILD_SCHEDULED_EVENT_USER_ADD", fake.scheduled_event_user(event.id))
        assert await asyncio.wait_for(interested, HANG) == (event.id, MEMBER_ID)


async def test_threads_and_forum_posts(fake: FakeDiscord) -> None:
    client, _ = make_client()
    async with running_client(client, fake):
        channel = client.get_channel(TEXT_CHANNEL_ID)
        assert isinstance(channel, discord.TextChannel)
        msg = await channel.send("Discussion: Attention")
        thread = await msg.create_thread(name="Attention")
        assert thread.id == msg.id  # Discord reuses the message id
        req = await fake.wait_for_request(
            "POST", rf"/channels/{TEXT_CHANNEL_ID}/messages/{msg.id}/threads"
        )
        assert req.json["name"] == "Attention"
        await thread.send("first!")
        await fake.wait_for_request("POST", rf"/channels/{thread.id}/messages")

        forum = client.get_channel(FORUM_CHANNEL_ID)
        assert isinstance(forum, discord.ForumChannel)
        post = await forum.create_thread(name="BERT", content="Pre-training of deep transformers")
        assert post.thread.name == "BERT" and post.message.content.startswith("Pre-training")
        assert [t["name"] for t in fake.threads] == ["Attention", "BERT"]


async def test_dm_slash_and_direct_message(fake: FakeDiscord) -> None:
    client, tree = make_client()

    @tree.command(name="remind", description="Remind me")
    async def remind(interaction: discord.Interaction) -> None:
        assert isinstance(interaction.channel, discord.DMChannel)
        await interaction.response.send_message("ok")

    async with running_client(client, fake):
        payload = await fake.send_interaction(fake.slash("remind", guild_id=None))
        assert (await fake.wait_for_callback(payload)).json["data"]["content"] == "ok"
        grace = await client.fetch_user(MEMBER_ID)
        await grace.send("Session tomorrow")
        dm = await fake.wait_for_request("POST", "/users/@me/channels")
        assert dm.json == {"recipient_id": MEMBER_ID}
        sent = await fake.wait_for_request("POST", r"/channels/\d+/messages")
        assert sent.json["content"] == "Session tomorrow"


async def test_unknown_route_is_recorded(fake: FakeDiscord) -> None:
    client, _ = make_client()
    async with running_client(client, fake):
        channel = client.get_channel(TEXT_CHANNEL_ID)
        assert isinstance(channel, discord.TextChannel)
        with pytest.raises(discord.NotFound):
            await channel.create_invite()
        fake.fail(
            "POST", r"/channels/\d+/messages", status=403, code=50013, message="Missing Permissions"
        )
        with pytest.raises(discord.Forbidden) as info:
            await channel.send("hi")
        assert info.value.code == 50013
        assert [(r.method, r.path) for r in fake.unhandled] == [
            ("POST", f"/channels/{TEXT_CHANNEL_ID}/invites")
        ]


async def test_late_acknowledgement_is_rejected() -> None:
    async with FakeDiscord(interaction_timeout=0.05) as fake:
        client, tree = make_client()
        errors: asyncio.Future[object] = _future()

        @tree.command(name="slow", description="Too slow")
        async def slow(interaction: discord.Interaction) -> None:
            await asyncio.sleep(0.1)
            try:
                await interaction.response.send_message("late")
            except discord.NotFound as exc:
                errors.set_result(exc.code)

        async with running_client(client, fake):
            await fake.send_interaction(fake.slash("slow"))
            assert await asyncio.wait_for(errors, HANG) == 10062  # Unknown interaction


async def test_wait_for_request_times_out_with_a_useful_message(fake: FakeDiscord) -> None:
    with pytest.raises(AssertionError, match="requests so far: none"):
        await fake.wait_for_request("POST", r"/nothing", timeout=0.05)
    assert snowflake() != snowflake()


async def test_edits_past_discords_limit_are_refused_and_retried_by_discord_py(
    fake: FakeDiscord,
) -> None:
    client, tree = make_client()
    done: asyncio.Future[object] = _future()

    @tree.command(name="slow", description="Edits its answer again and again")
    async def slow(interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        for n in range(EDITS_PER_WINDOW + 1):
            await interaction.edit_original_response(content=f"step {n}")
        done.set_result(True)

    async with running_client(client, fake):
        payload = fake.slash("slow")
        await fake.send_interaction(payload)
        await fake.wait_for_callback(payload)
        await asyncio.wait_for(done, HANG)
    # The sixth edit within 5 s was answered 429 (discord.py waited and sent it again).
    assert fake.refused_edits == 1
    refused = fake.find_requests(
        "PATCH", r"/webhooks/\d+/[^/]+/messages/@original", include_rate_limited=True
    )
    assert [r.status for r in refused].count(429) == 1
    applied = fake.find_requests("PATCH", r"/webhooks/\d+/[^/]+/messages/@original")
    assert [r.json["content"] for r in applied] == [f"step {n}" for n in range(6)]


async def test_the_bot_token_is_required_but_on_the_interaction_endpoints(
    fake: FakeDiscord,
) -> None:
    """Discord answers 401 to a REST call without the bot token, except the gateway's address
    and the interaction endpoints, which the interaction's own token authenticates."""
    client, _ = make_client()  # no command tree: the interaction is answered below, by hand
    async with running_client(client, fake), aiohttp.ClientSession(fake.api_base + "/") as http:
        interaction = await fake.send_interaction(fake.slash("hello"))
        for path in ("users/@me", f"channels/{TEXT_CHANNEL_ID}", f"guilds/{GUILD_ID}"):
            async with http.get(path, headers={"Authorization": "Bot wrong"}) as answer:
                assert answer.status == 401, path
        async with http.get("gateway") as answer:
            assert answer.status == 200
        callback = f"interactions/{interaction['id']}/{interaction['token']}/callback"
        async with http.post(callback, json={"type": 4, "data": {"content": "hi"}}) as answer:
            assert answer.status == 200
        async with http.get("users/@me", headers={"Authorization": f"Bot {fake.token}"}) as ok:
            assert ok.status == 200


async def test_the_gateway_compresses_as_discord_py_asks(fake: FakeDiscord) -> None:
    """discord.py asks for `compress=zlib-stream` (zstd-stream with the zstandard package):
    Discord then sends binary frames of one zlib stream; the client inflates them in order."""
    client, _ = make_client()
    async with running_client(client, fake):
        # Past READY: the stream carried HELLO, READY and GUILD_CREATE, each inflated.
        assert [c.compressed for c in fake._connections] == [True]
        await fake.dispatch("MESSAGE_CREATE", fake.user_message("still readable"))
        message = await asyncio.wait_for(client.wait_for("message"), HANG)
        assert message.content == "still readable"


async def test_the_gateway_speaks_text_without_compression_and_refuses_unknown_kinds(
    fake: FakeDiscord,
) -> None:
    async with aiohttp.ClientSession() as http:
        async with http.ws_connect(fake.gateway_url + "?v=10&encoding=json") as ws:
            hello = await ws.receive()
            assert hello.type == aiohttp.WSMsgType.TEXT
            assert hello.json()["op"] == 10
        async with http.ws_connect(fake.gateway_url + "?v=10&compress=zlib-stream") as ws:
            frame = await ws.receive()
            assert frame.type == aiohttp.WSMsgType.BINARY
            assert frame.data.endswith(b"\x00\x00\xff\xff")  # a sync flush ends each payload
            assert json.loads(zlib.decompressobj().decompress(frame.data))["op"] == 10
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await http.ws_connect(fake.gateway_url + "?v=10&compress=brotli")
        assert refused.value.status == 400
