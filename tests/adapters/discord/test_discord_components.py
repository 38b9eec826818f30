"""Buttons, selects, modal forms and autocomplete, through the real client and database."""

from __future__ import annotations

from typing import Any

from discord_support import EPHEMERAL, run, setup_club, slash_for, text_of

from bot.adapters.discord.client import build_client
from bot.adapters.discord.poster import DiscordPoster
from bot.bootstrap import Services
from bot.core.domain.ids import ClubKey, Platform
from bot.core.domain.outbox import PostKind
from bot.core.ports import Outgoing
from bot.core.views import Action, Notice
from paperclub_fakes.discord_client_harness import running_client
from paperclub_fakes.discord_fake import GUILD_ID, OWNER_USER, TEXT_CHANNEL_ID, FakeDiscord
from tests.waiting import HANG

CLUB = ClubKey(Platform.DISCORD, str(GUILD_ID), str(TEXT_CHANNEL_ID))


async def test_button_works_before_and_after_a_restart(
    services: Services, fake: FakeDiscord
) -> None:
    outgoing = Outgoing(
        "club-1:session-1:nudge",
        CLUB,
        PostKind.NUDGE,
        Notice("Three sessions ahead", actions=(Action("Show them", "/schedule 3"),)),
    )
    async with running_client(build_client(services, defer_after=HANG), fake) as client:
        await setup_club(fake)
        message_id = int(await DiscordPoster(client, services.deps.clock).post(outgoing))
        button = fake.messages[message_id]["components"][0]["components"][0]
        assert button["custom_id"] == "pc:/schedule 3" and button["label"] == "Show them"
        callback = await run(fake, fake.button("pc:/schedule 3", message=message_id))
        first = callback.json["data"]
        assert callback.json["type"] == 4 and first["flags"] & EPHEMERAL
        assert first["embeds"][0]["title"].startswith("🗓")
        assert first["allowed_mentions"] == {"parse": []}
    # A new process knows nothing of the message, yet the same click gives the same answer.
    async with running_client(build_client(services, defer_after=HANG), fake):
        callback = await run(fake, fake.button("pc:/schedule 3", message=message_id))
        assert callback.json["data"]["embeds"] == first["embeds"]


async def test_select_opens_the_chosen_paper(bot: Any, fake: FakeDiscord) -> None:
    await setup_club(fake)
    listing = await run(fake, fake.slash("papers", {"search": "attention"}))
    data = listing.json["data"]
    select = data["components"][0]["components"][0]
    assert select["type"] == 3 and select["custom_id"] == "pcs:/paper"
    chosen = select["options"][0]
    message_id = int(listing.response["resource"]["message"]["id"])
    callback = await run(fake, fake.select("pcs:/paper", [chosen["value"]], message=message_id))
    card = callback.json["data"]
    assert card["flags"] & EPHEMERAL
    assert chosen["label"].split(". ", 1)[1][:40] in card["embeds"][0]["title"].replace("\\", "")


async def test_setup_form_end_to_end(bot: Any, fake: FakeDiscord, services: Services) -> None:
    opened = await run(fake, slash_for(fake, "club setup", user=OWNER_USER))
    assert opened.json["type"] == 9
    form = opened.json["data"]
    inputs = [row["component"] for row in form["components"]]
    assert [i["custom_id"] for i in inputs] == ["weekday", "time", "timezone"]
    assert inputs[0]["type"] == 3 and len(inputs[0]["options"]) == 7  # a weekday select
    submit = fake.modal_submit(
        form["custom_id"],
        {"weekday": ["fri"], "time": "19:30", "timezone": "Asia/Seoul"},
        user=OWNER_USER,
    )
    callback = await run(fake, submit)
    assert "set up" in text_of(callback.json["data"])
    async with services.deps.uow() as uow:
        club = await uow.clubs.get(CLUB)
    assert club is not None
    assert (club.settings.weekday, str(club.settings.local_time), club.settings.timezone) == (
        4,
        "19:30:00",
        "Asia/Seoul",
    )


async def test_autocomplete_papers_and_zones(bot: Any, fake: FakeDiscord) -> None:
    await setup_club(fake)
    papers = await run(fake, fake.autocomplete("paper", "paper", "attention is all"))
    assert papers.json["type"] == 8
    choices = papers.json["data"]["choices"]
    assert choices and choices[0]["name"].startswith("Attention Is All You Need")
    zones = await run(
        fake, fake.autocomplete("club", "timezone", "berl", subcommand="setup", user=OWNER_USER)
    )
    assert "Europe/Berlin" in [c["value"] for c in zones.json["data"]["choices"]]
