"""Scheduled posts (nonce, threads, finding a lost post) and the sessions' Scheduled Events."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import pytest
from discord_support import setup_club

from bot.adapters.discord.client import build_client
from bot.adapters.discord.events import reference
from bot.adapters.discord.poster import DiscordPoster, nonce_for
from bot.adapters.discord.render import render_one
from bot.bootstrap import Services
from bot.core.domain.clubs import Club
from bot.core.domain.ids import ClubKey, Platform
from bot.core.domain.mirrors import MirrorStatus, SessionMirror
from bot.core.domain.outbox import PostKind
from bot.core.ports import Discussion, EventMirror, Outgoing
from bot.core.views import PaperCard
from paperclub_fakes.discord_client_harness import running_client
from paperclub_fakes.discord_fake import GUILD_ID, MEMBER_ID, TEXT_CHANNEL_ID, FakeDiscord
from tests.waiting import HANG, eventually

CLUB = ClubKey(Platform.DISCORD, str(GUILD_ID), str(TEXT_CHANNEL_ID))
HOSTILE = PaperCard(
    paper_id=1,
    slug="hostile",
    title="@everyone read <@&1200000000000000010> now",
    authors=("@here",),
    year=2017,
    url="https://arxiv.org/abs/1706.03762",
    summary="Summary " * 900,  # far past the description limit
    prompts=tuple(f"Prompt {n} " + "x" * 300 for n in range(12)),
    tags=("nlp",),
)


def announcement(key: str = "club-1:session-7:announcement") -> Outgoing:
    discussion = Discussion(HOSTILE.title, HOSTILE.prompts)
    return Outgoing(key, CLUB, PostKind.ANNOUNCEMENT, HOSTILE, discussion=discussion)


async def club_row(services: Services) -> Club:
    async with services.deps.uow() as uow:
        club = await uow.clubs.get(CLUB)
    assert club is not None
    return club


async def test_announcement_is_sent_once_with_a_thread(
    bot: Any, fake: FakeDiscord, services: Services
) -> None:
    poster = DiscordPoster(bot, services.deps.clock)
    first = await poster.post(announcement())
    sent = await fake.wait_for_request("POST", rf"/channels/{TEXT_CHANNEL_ID}/messages")
    assert sent.json["nonce"] == nonce_for(announcement().key) and sent.json["enforce_nonce"]
    assert len(sent.json["nonce"]) <= 25
    assert sent.json["allowed_mentions"] == {"parse": []}
    embed = sent.json["embeds"][0]
    assert "@everyone" not in embed["title"] and "@\u200beveryone" in embed["title"]
    assert len(embed["description"]) <= 4096 and len(embed["fields"]) <= 25
    assert sum(len(str(v)) for v in [embed["title"], embed["description"]]) <= 6000
    # The discussion thread opens on the post, with the prompts, silently and without pings.
    thread = await fake.wait_for_request(
        "POST", rf"/channels/{TEXT_CHANNEL_ID}/messages/\d+/threads"
    )
    assert thread.json["name"].startswith("@everyone")  # thread names cannot ping anyone
    opener = await fake.wait_for_request("POST", rf"/channels/{first}/messages")
    assert opener.json["content"].startswith("**Discussion prompts**\n1. Prompt 0")
    assert opener.json["allowed_mentions"] == {"parse": []}

    # A resend after a crash: Discord returns the first message, nothing is doubled.
    again = await poster.post(announcement())
    assert again == first
    assert sum(1 for m in fake.messages.values() if m.get("nonce") == sent.json["nonce"]) == 1
    # Past the nonce window the post is found in the channel's history by its reference.
    assert await poster.find_posted(announcement()) == first
    assert await poster.find_posted(announcement("club-1:session-8:announcement")) is None


def test_every_embed_fits_discords_limits() -> None:
    parts = render_one(HOSTILE)
    embed = parts.embeds[0]
    assert len(embed) <= 6000
    assert all(len(f.value or "") <= 1024 for f in embed.fields)
    assert (embed.title or "").startswith("@\u200beveryone")


def mirror(
    session_id: int, start: datetime, title: str, status: MirrorStatus = MirrorStatus.PLANNED
) -> SessionMirror:
    return SessionMirror(
        session_id, start, start + timedelta(minutes=90), "Club", title, "Read it", status
    )


async def test_scheduled_event_lifecycle(bot: Any, fake: FakeDiscord, services: Services) -> None:
    await setup_club(fake)
    poster = DiscordPoster(bot, services.deps.clock)
    assert isinstance(poster, EventMirror)
    start = services.deps.clock.now().replace(microsecond=0) + timedelta(days=2)
    event_id = await poster.mirror_session(CLUB, mirror(41, start, "Attention Is All You Need"))
    created = await fake.wait_for_request("POST", rf"/guilds/{GUILD_ID}/scheduled-events")
    assert created.json["entity_type"] == 3 and created.json["entity_metadata"]["location"]
    assert created.json["name"] == "Club: Attention Is All You Need"
    assert created.json["description"] == f"Read it\n\n{reference(CLUB, 41)}"
    assert event_id is not None and int(event_id) in fake.scheduled_events

    moved = mirror(41, start + timedelta(days=1), "BERT")
    assert await poster.mirror_session(CLUB, moved) == event_id
    patch = await fake.wait_for_request("PATCH", rf"/guilds/{GUILD_ID}/scheduled-events/{event_id}")
    assert patch.json["name"].endswith("BERT")
    assert patch.json["scheduled_start_time"].startswith(
        (start + timedelta(days=1)).date().isoformat()
    )
    # A resync of the same state (a reclaim after a crash) finds the event and changes nothing.
    writes = len(fake.find_requests("PATCH", rf"/guilds/{GUILD_ID}/scheduled-events/\d+"))
    assert await poster.mirror_session(CLUB, moved) == event_id
    assert len(fake.find_requests("PATCH", rf"/guilds/{GUILD_ID}/scheduled-events/\d+")) == writes

    await poster.mirror_session(CLUB, replace(moved, status=MirrorStatus.SKIPPED))
    assert fake.scheduled_events[int(event_id)]["status"] == 4  # cancelled

    await poster.mirror_session(CLUB, mirror(42, start, "Other"))
    assert await poster.mirror_session(CLUB, mirror(42, start, "", MirrorStatus.GONE)) is None
    assert len(fake.deleted_scheduled_events) == 1
    await poster.mirror_session(CLUB, mirror(42, start, "", MirrorStatus.GONE))
    assert len(fake.deleted_scheduled_events) == 1


async def test_interested_member_counts_as_maybe(services: Services, fake: FakeDiscord) -> None:
    if not any(spec.name == "rsvp" for spec in services.dispatcher.catalog.specs):
        pytest.skip("no /rsvp command in the core yet")
    services.settings.discord_members_intent = True  # the event needs cached members
    async with running_client(build_client(services, defer_after=HANG), fake) as client:
        await setup_club(fake)
        club = await club_row(services)
        async with services.deps.uow() as uow:
            session = (await uow.sessions.between(club.id, services.deps.clock.now(), limit=1))[0]
        shown = mirror(session.id, session.starts_at, "Attention")
        event_id = await DiscordPoster(client, services.deps.clock).mirror_session(club.key, shown)
        assert event_id is not None
        await fake.dispatch(
            "GUILD_SCHEDULED_EVENT_USER_ADD", fake.scheduled_event_user(int(event_id))
        )

        async def rsvps() -> list[Any]:
            async with services.deps.uow() as uow:
                return list(await uow.attendance.rsvps(session.id))

        # The handler runs in the client's own task: wait until its effect shows.
        rsvps_now = await eventually(rsvps, what="the RSVP")
        assert [(r.member.user_id, r.status.value) for r in rsvps_now] == [
            (str(MEMBER_ID), "maybe")
        ]


async def test_only_a_post_that_asks_for_one_opens_a_thread(
    bot: Any, fake: FakeDiscord, services: Services
) -> None:
    poster = DiscordPoster(bot, services.deps.clock)
    plain = Outgoing("club-1:session-7:announcement", CLUB, PostKind.ANNOUNCEMENT, HOSTILE)
    await poster.post(plain)  # the kind alone opens nothing: the core did not ask
    threads = rf"/channels/{TEXT_CHANNEL_ID}/messages/\d+/threads"
    assert fake.find_requests("POST", threads) == []
    asked = replace(plain, key="club-1:session-7:reminder", kind=PostKind.REMINDER)
    await poster.post(replace(asked, discussion=Discussion("Talk it over")))
    thread = await fake.wait_for_request("POST", threads)
    assert thread.json["name"] == "Talk it over"
