"""Every catalog command through the real discord.py client: sync, answers, rights, mentions."""

from __future__ import annotations

from typing import Any

from discord_support import EPHEMERAL, JSON, run, setup_club, slash_for, text_of

from bot.adapters.discord.commands import discord_path
from bot.bootstrap import Services
from bot.core.commands.catalog import AnySpec, Catalog
from bot.core.commands.dispatch import UNEXPECTED
from bot.core.commands.options import OptionKind
from paperclub_fakes.discord_fake import (
    GUILD_ID,
    MEMBER_ID,
    ORGANIZER_ROLE_ID,
    OWNER_USER,
    FakeDiscord,
)
from tests.waiting import HANG

SAMPLE: dict[OptionKind, Any] = {
    OptionKind.TEXT: "attention",
    OptionKind.INTEGER: 2,
    OptionKind.PAPER: "attention",
    OptionKind.TIMEZONE: "Europe/Berlin",
    OptionKind.WEEKDAY: "wednesday",
    OptionKind.TIME: "18:00",
    OptionKind.DATE: "2026-12-02",
    OptionKind.SESSION: "2026-12-02",
}


def synced_names(commands: list[JSON]) -> set[str]:
    names = set()
    for command in commands:
        subs = [o for o in command.get("options", []) if o["type"] in (1, 2)]
        if not subs:
            names.add(command["name"])
        for sub in subs:
            if sub["type"] == 1:
                names.add(f"{command['name']} {sub['name']}")
            for leaf in sub.get("options", []) if sub["type"] == 2 else []:
                names.add(f"{command['name']} {sub['name']} {leaf['name']}")
    return names


def required_options(spec: AnySpec) -> dict[str, Any]:
    return {
        o.name: (o.choices[0] if o.choices else SAMPLE[o.kind])
        for o in spec.options
        if o.required and not o.hidden
    }


async def test_synced_commands_match_the_catalog(bot: Any, fake: FakeDiscord) -> None:
    catalog = Catalog()
    names = {spec.name for spec in catalog.specs if spec.listed}
    expected = {" ".join(discord_path(name, names)) for name in names}
    assert synced_names(fake.global_commands) == expected
    by_name = {c["name"]: c for c in fake.global_commands}
    paper = by_name["paper"]
    specs = {spec.name: spec for spec in catalog.specs}
    assert paper["description"] == specs["paper"].summary[:100]
    assert paper["options"][0]["autocomplete"] is True
    # Admin-only groups are hidden from members in the menu; the real check is server-side.
    assert int(by_name["club"]["default_member_permissions"]) == 1 << 5  # Manage Server
    assert by_name["paper"]["default_member_permissions"] is None
    setup = next(o for o in by_name["club"]["options"] if o["name"] == "setup")
    weekday = next(o for o in setup["options"] if o["name"] == "weekday")
    assert [c["value"] for c in weekday["choices"]][:2] == ["monday", "tuesday"]


async def test_every_command_answers(bot: Any, fake: FakeDiscord) -> None:
    await setup_club(fake)
    for spec in [s for s in Catalog().specs if s.listed]:
        payload = slash_for(fake, spec.name, required_options(spec), user=OWNER_USER)
        callback = await run(fake, payload)
        body = callback.json
        if body["type"] == 9:  # a guided form (modal) instead of an answer
            assert body["data"]["components"], spec.name
            continue
        assert body["type"] == 4, (spec.name, body)
        data = body["data"]
        assert data["allowed_mentions"] == {"parse": []}, spec.name
        assert data["embeds"], spec.name
        assert UNEXPECTED not in text_of(data), spec.name
        if spec.private:
            assert data["flags"] & EPHEMERAL, spec.name


async def test_paper_card(bot: Any, fake: FakeDiscord) -> None:
    await setup_club(fake)
    data = (await run(fake, fake.slash("paper"))).json["data"]
    assert not data.get("flags")  # the week's paper is for everyone in the channel
    card = data["embeds"][0]
    assert card["title"] and card["url"].startswith("http")
    fields = {f["name"]: f["value"] for f in card["fields"]}
    assert fields["Session"].startswith("<t:") and ":F>" in fields["Session"]
    assert fields["Discussion prompts"].startswith("1. ")


async def test_non_admin_setup_is_refused(bot: Any, fake: FakeDiscord) -> None:
    for options in ({"weekday": "friday"}, None):  # typed, and the bare form-opening variant
        callback = await run(fake, slash_for(fake, "club setup", options))
        assert callback.json["type"] == 4  # no form for someone the core refuses
        data = callback.json["data"]
        assert data["flags"] & EPHEMERAL
        assert "Only club admins" in text_of(data)


async def test_configured_admin_role_counts(services: Services, fake: FakeDiscord) -> None:
    from bot.adapters.discord.client import build_client
    from paperclub_fakes.discord_client_harness import running_client

    services.settings.discord_admin_role = "Organizer"
    fake.members[GUILD_ID][MEMBER_ID]["roles"].append(str(ORGANIZER_ROLE_ID))
    client = build_client(services, defer_after=HANG)
    async with running_client(client, fake):
        await client.paperclub.sync_commands()
        # With a role configured, the Manage Server menu hint would hide commands from it.
        assert all(c["default_member_permissions"] is None for c in fake.global_commands)
        callback = await run(fake, slash_for(fake, "club setup", {"weekday": "friday"}))
        assert "set up" in text_of(callback.json["data"])


async def test_hostile_text_never_pings(bot: Any, fake: FakeDiscord) -> None:
    await setup_club(fake)
    hostile = "@everyone <@1100000000000000003> **bold**"
    data = (await run(fake, fake.slash("paper", {"paper": hostile}))).json["data"]
    assert data["allowed_mentions"] == {"parse": []}
    text = text_of(data)
    assert "@everyone" not in text and "@\u200beveryone" in text
    assert "<@1100000000000000003>" not in text
    assert "\\*\\*bold\\*\\*" in text


async def test_rate_limited_callback_is_retried(bot: Any, fake: FakeDiscord) -> None:
    fake.rate_limit("POST", r"/interactions/\d+/[^/]+/callback", times=1, retry_after=0.02)
    callback = await run(fake, fake.slash("help"))
    assert "/paper" in text_of(callback.json["data"])
    attempts = fake.find_requests("POST", r"/interactions/.*", include_rate_limited=True)
    assert [r.status for r in attempts] == [429, 200]


async def test_slow_work_is_deferred_then_filled_in(services: Services, fake: FakeDiscord) -> None:
    from bot.adapters.discord.client import build_client
    from paperclub_fakes.discord_client_harness import running_client

    client = build_client(services, defer_after=HANG)
    async with running_client(client, fake):
        await setup_club(fake)
        client.paperclub.bridge.defer_after = 0  # from now on every command counts as slow
        callback = await run(fake, fake.slash("schedule"))
        assert callback.json["type"] == 5  # "thinking…", public like the answer will be
        assert not (callback.json.get("data") or {}).get("flags")
        edit = await fake.wait_for_request("PATCH", r"/webhooks/\d+/[^/]+/messages/@original")
        assert edit.json["embeds"][0]["title"].startswith("🗓")
        assert edit.json["allowed_mentions"] == {"parse": []}

        # A public command that fails: the public placeholder goes, the error comes privately.
        callback = await run(fake, fake.slash("schedule", {"count": 99}))
        assert callback.json["type"] == 5
        await fake.wait_for_request("DELETE", r"/webhooks/\d+/[^/]+/messages/@original")
        follow = await fake.wait_for_request("POST", r"/webhooks/\d+/[^/]+")
        assert follow.json["flags"] & EPHEMERAL
        assert "✖" in follow.json["embeds"][0]["description"]


async def test_sharded_client_with_guild_commands(services: Services, fake: FakeDiscord) -> None:
    import discord

    from bot.adapters.discord.client import build_client
    from paperclub_fakes.discord_client_harness import running_client

    services.settings.discord_shard_count = 1
    services.settings.discord_guild_ids = [GUILD_ID]
    client = build_client(services, defer_after=HANG)
    assert isinstance(client, discord.AutoShardedClient)
    async with running_client(client, fake):
        await client.paperclub.sync_commands()
        assert not fake.global_commands
        assert {c["name"] for c in fake.guild_commands[GUILD_ID]} >= {"paper", "club"}
        callback = await run(fake, fake.slash("help"))
        assert "/paper" in text_of(callback.json["data"])
