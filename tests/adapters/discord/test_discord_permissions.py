"""The permissions real servers give: the invite asks for what the bot uses, /club setup says
what is missing, and FakeDiscord answers 403 50013 where Discord would."""

from __future__ import annotations

import io
from urllib.parse import parse_qs, urlparse

import discord
import pytest
from discord_support import run, slash_for, text_of
from typer.testing import CliRunner

from bot.adapters.discord.permissions import FOR_FEATURES, INVITE_PERMISSIONS, TO_POST, invite_url
from bot.bootstrap import Services
from bot.cli import build_app
from paperclub_fakes.discord_fake import OWNER_USER, FakeDiscord

APPLICATION = 1_234_567_890_123_456_789
# Every permission a code path of the bot needs, and the path (see permissions.py).
USED = {
    "view_channel",
    "send_messages",
    "embed_links",
    "read_message_history",
    "attach_files",  # chart PNGs on results and stats
    "send_polls",  # native polls
    "create_public_threads",  # an announcement's discussion thread
    "send_messages_in_threads",  # its prompts
    "create_events",  # the sessions' Scheduled Events
    "manage_events",  # moving and cancelling them
}


def test_the_invite_asks_for_exactly_what_the_bot_uses() -> None:
    # discord.py lists View Channels under its old name as well.
    granted = {name for name, on in INVITE_PERMISSIONS if on} - {"read_messages"} | {"view_channel"}
    assert INVITE_PERMISSIONS.view_channel
    assert granted == USED == set(TO_POST) | set(FOR_FEATURES)
    query = parse_qs(urlparse(invite_url(APPLICATION)).query)
    assert query["client_id"] == [str(APPLICATION)]
    assert query["scope"] == ["bot applications.commands"]
    assert int(query["permissions"][0]) == INVITE_PERMISSIONS.value


def test_paperclub_discord_invite_prints_that_url() -> None:
    result = CliRunner().invoke(build_app(), ["discord", "invite", str(APPLICATION)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == invite_url(APPLICATION)
    # Without the id, it is read from the token (its first part is the bot's id in base64).
    token = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GxXxXx.secret-part"
    result = CliRunner().invoke(build_app(), ["discord", "invite"], env={"DISCORD_TOKEN": token})
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == invite_url(APPLICATION)
    assert "secret-part" not in result.output


async def _setup(fake: FakeDiscord) -> str:
    payload = slash_for(fake, "club setup", {"weekday": "wed", "time": "18:00"}, user=OWNER_USER)
    return text_of((await run(fake, payload)).json["data"])


async def _clubs(services: Services) -> int:
    async with services.deps.uow() as uow:
        return len(await uow.clubs.all())


@pytest.mark.usefixtures("bot")
async def test_setup_without_send_messages_is_refused_and_names_it(
    fake: FakeDiscord, services: Services
) -> None:
    fake.restrict_bot(fake.guild_id, "send_messages")
    shown = await _setup(fake)
    assert "Send Messages" in shown and "haven't set up" in shown
    assert "give my role these permissions" in shown
    assert await _clubs(services) == 0


@pytest.mark.usefixtures("bot")
async def test_setup_names_the_features_that_will_not_work(
    fake: FakeDiscord, services: Services
) -> None:
    fake.restrict_bot(fake.guild_id, "attach_files", "send_polls")
    shown = await _setup(fake)
    assert "is set up" in shown
    assert "Attach Files: results and stats come without their chart" in shown
    assert "Send Polls" in shown
    assert await _clubs(services) == 1


async def test_the_fake_answers_50013_like_discord(bot: discord.Client, fake: FakeDiscord) -> None:
    fake.restrict_bot(fake.guild_id, "attach_files")
    channel = bot.get_channel(fake.text_channel_id)
    assert isinstance(channel, discord.TextChannel)
    with pytest.raises(discord.Forbidden) as refused:
        await channel.send("chart", file=discord.File(io.BytesIO(b"png"), filename="c.png"))
    assert refused.value.code == 50013
    await channel.send("words only")  # still allowed
