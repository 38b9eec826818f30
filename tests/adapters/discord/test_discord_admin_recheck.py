"""Issue 19: a /club manage link asks Discord again, when it is used, whether its admin still is
one: the real discord.py REST client against the fake Discord, the link used on the bot's real
aiohttp server. Demoted (role taken away, Manage Server denied in the channel, left the
server) is refused; still an admin gets in; Discord not answering fails closed and leaves the
link for a retry."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import discord
import pytest
from aiohttp import DummyCookieJar
from aiohttp.test_utils import TestClient, TestServer
from discord_support import run, setup_club, slash_for, text_of
from pydantic import SecretStr

from bot.adapters.discord.admin_check import DiscordAdminCheck
from bot.adapters.discord.runner import RUNNER
from bot.bootstrap import Services
from bot.core.domain.ids import ClubKey, MemberKey, Platform
from bot.httpserver import build_app
from bot.platforms import register_admin_checks
from bot.settings import Settings
from paperclub_fakes.discord_fake import (
    GUILD_ID,
    MEMBER_ID,
    MEMBER_USER,
    ORGANIZER_ROLE_ID,
    OWNER_ID,
    OWNER_USER,
    TEXT_CHANNEL_ID,
    FakeDiscord,
    role,
)
from paperclub_fakes.discord_fake.overwrites import overwrite
from tests.web.test_club_page import text_of as page_text

BASE = "https://club.example"
MODS_ROLE_ID = 1_200_000_000_000_000_020
CLUB = ClubKey(Platform.DISCORD, str(GUILD_ID), str(TEXT_CHANNEL_ID))
GRACE = MemberKey(Platform.DISCORD, str(GUILD_ID), str(MEMBER_ID))
Client = TestClient[object, object]


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"public_base_url": BASE, "discord_admin_role": "Organizer"})


@pytest.fixture
async def http(bot: Any, fake: FakeDiscord, services: Services) -> AsyncIterator[Client]:
    # As `paperclub run` registers it: the attached platform's check, on the running client.
    services.web.admin_checks[Platform.DISCORD] = DiscordAdminCheck(bot, "Organizer")
    await setup_club(fake)
    promote(fake, ORGANIZER_ROLE_ID)
    async with TestClient(TestServer(build_app(services)), cookie_jar=DummyCookieJar()) as client:
        yield client


def promote(fake: FakeDiscord, *role_ids: int) -> None:
    fake.members[GUILD_ID][MEMBER_ID]["roles"] = [str(r) for r in role_ids]


async def link_for(fake: FakeDiscord, user: dict[str, Any] = MEMBER_USER) -> str:
    callback = await run(fake, slash_for(fake, "club manage", user=user))
    shown = text_of(callback.json["data"])
    found = re.search(r"https://club\.example(/manage/sign-in/[A-Za-z0-9_-]+)", shown)
    assert found is not None, shown
    return found.group(1)


async def use(http: Client, link: str) -> tuple[int, str]:
    answer = await http.post(link, allow_redirects=False)
    return answer.status, page_text(await answer.text()) if answer.status != 303 else ""


def asked_about(fake: FakeDiscord, user_id: int) -> bool:
    return bool(fake.find_requests("GET", rf"/guilds/{GUILD_ID}/members/{user_id}"))


async def test_the_discord_platform_brings_its_admin_check(services: Services) -> None:
    configured = services.settings.model_copy(update={"discord_token": SecretStr("x" * 59)})
    attached = RUNNER.attach(replace(services, settings=configured))
    assert isinstance(attached.admin_check, DiscordAdminCheck)
    assert attached.admin_check.admin_role == "Organizer"
    register_admin_checks(services.web, [attached])
    assert services.web.admin_checks == {Platform.DISCORD: attached.admin_check}


async def test_an_admin_demoted_after_club_manage_is_refused_at_the_link(
    fake: FakeDiscord, http: Client, services: Services
) -> None:
    link = await link_for(fake)
    promote(fake)  # the Organizer role is taken away before the link is opened
    status, words = await use(http, link)
    assert status == 403 and "not an admin of this club" in words
    assert asked_about(fake, MEMBER_ID)
    # Promoted again, the link is spent all the same: it was used on a refusal.
    promote(fake, ORGANIZER_ROLE_ID)
    assert (await use(http, link))[0] == 410


async def test_an_admin_still_admin_gets_in(fake: FakeDiscord, http: Client) -> None:
    status, _ = await use(http, await link_for(fake))
    assert status == 303
    assert asked_about(fake, MEMBER_ID)
    # The owner is an admin by owning the server, whatever their roles.
    fake.members[GUILD_ID][OWNER_ID]["roles"] = []
    assert (await use(http, await link_for(fake, OWNER_USER)))[0] == 303


async def test_manage_server_is_read_in_the_clubs_channel_with_its_overwrites(
    fake: FakeDiscord, http: Client
) -> None:
    roles = fake.guilds[GUILD_ID]["roles"]
    manage = discord.Permissions(manage_guild=True).value
    roles.append(role(MODS_ROLE_ID, "Mods", permissions=manage, position=1))
    promote(fake, MODS_ROLE_ID)
    link = await link_for(fake)
    assert (await use(http, link))[0] == 303
    # Denied in the club's channel for the role: no admin here, in chat or at the link.
    channel = fake.channels[TEXT_CHANNEL_ID]
    channel["permission_overwrites"] = [overwrite(MODS_ROLE_ID, deny=manage)]
    callback = await run(fake, slash_for(fake, "club manage", user=MEMBER_USER))
    assert "admin" in text_of(callback.json["data"]).lower()
    channel["permission_overwrites"] = []
    link = await link_for(fake)
    channel["permission_overwrites"] = [overwrite(MEMBER_ID, role=False, deny=manage)]
    assert (await use(http, link))[0] == 403


async def test_a_member_who_left_the_server_is_refused(fake: FakeDiscord, http: Client) -> None:
    link = await link_for(fake)
    del fake.members[GUILD_ID][MEMBER_ID]
    status, words = await use(http, link)
    assert status == 403 and "not an admin" in words


async def test_discord_failing_fails_closed_and_leaves_the_link_for_a_retry(
    fake: FakeDiscord, http: Client
) -> None:
    link = await link_for(fake)
    fake.fail("GET", rf"/guilds/{GUILD_ID}/members/{MEMBER_ID}", status=503)
    status, words = await use(http, link)
    assert status == 503 and "Set-Cookie" not in words
    assert "Discord did not answer" in words and "try the same link again" in words
    # Nothing was spent: the same link signs in once Discord answers.
    assert (await use(http, link))[0] == 303
    assert (await use(http, link))[0] == 410


async def test_a_discord_that_does_not_answer_in_time_is_cannot_tell(
    bot: Any, fake: FakeDiscord
) -> None:
    gate = fake.hold("GET", rf"/guilds/{GUILD_ID}")
    try:
        assert await DiscordAdminCheck(bot, None, timeout=0.05)(CLUB, GRACE) is None
    finally:
        gate.set()
