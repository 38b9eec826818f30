"""Voting through the real client: buttons, an approval multi-select, ranked select steps, and
results with their PNG chart."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from discord_support import EPHEMERAL, JSON, run, setup_club, slash_for, text_of

from bot.adapters.discord.poster import DiscordPoster
from bot.bootstrap import Services
from bot.core.clock import ManualClock
from bot.core.commands.context import Context
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.core.domain.outbox import PostKind
from bot.core.ports import Outgoing
from paperclub_fakes.discord_fake import (
    GUILD_ID,
    MEMBER_ID,
    OWNER_USER,
    TEXT_CHANNEL_ID,
    FakeDiscord,
)

CLUB = ClubKey(Platform.DISCORD, str(GUILD_ID), str(TEXT_CHANNEL_ID))
MEMBER = MemberKey(Platform.DISCORD, str(GUILD_ID), str(MEMBER_ID))
MEMBER_CTX = Context(CLUB, Actor(MEMBER, "Grace", False))
PNG = b"\x89PNG\r\n\x1a\n"


async def club_setting(fake: FakeDiscord, setting: str, value: str) -> None:
    options = {"setting": setting, "value": value}
    data = (await run(fake, slash_for(fake, "club set", options, user=OWNER_USER))).json["data"]
    assert "✖" not in text_of(data), data


async def open_vote(fake: FakeDiscord) -> tuple[int, JSON]:
    """`/vote open` by an admin: (message id, message data)."""
    callback = await run(fake, slash_for(fake, "vote open", user=OWNER_USER))
    assert callback.json["type"] == 4, callback.json
    return int(callback.response["resource"]["message"]["id"]), callback.json["data"]


def components(data: JSON) -> list[JSON]:
    return [c for row in data.get("components") or [] for c in row["components"]]


async def my_ballot(services: Services, poll_id: int) -> tuple[int, ...] | None:
    """The member's ballot as candidate numbers."""
    async with services.deps.uow() as uow:
        poll = await uow.polls.get(poll_id)
        ballots = await uow.polls.ballots(poll_id)
    assert poll is not None
    mine = next((b for b in ballots if b.member == MEMBER), None)
    if mine is None:
        return None
    return tuple(poll.candidates.index(pid) + 1 for pid in mine.choices)


def poll_id_of(data: JSON) -> int:
    footer: str = data["embeds"][0]["footer"]["text"]
    return int(footer.rsplit("#", 1)[1])


async def test_plurality_is_one_button_per_candidate(
    bot: Any, fake: FakeDiscord, services: Services
) -> None:
    await setup_club(fake)
    message_id, data = await open_vote(fake)
    poll_id = poll_id_of(data)
    embed = data["embeds"][0]
    assert embed["title"].startswith("🗳") and "**1.**" in embed["description"]
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Method"].startswith("Plurality") and ":R>" in fields["Closes"]
    assert fields["Ballots"] == "0 so far"
    buttons = components(data)
    assert [b["custom_id"] for b in buttons[:2]] == [
        f"pc:/vote cast #{poll_id} 1",
        f"pc:/vote cast #{poll_id} 2",
    ]
    # The buttons live in their custom_ids alone: the client keeps no view of the answer (one
    # would run, besides the handler, on every click for the life of the process).
    assert bot.persistent_views == []

    callback = await run(fake, fake.button(f"pc:/vote cast #{poll_id} 2", message=message_id))
    assert callback.json["data"]["flags"] & EPHEMERAL
    assert "Your vote is in" in text_of(callback.json["data"])
    assert await my_ballot(services, poll_id) == (2,)
    # The member's own view of the poll shows their ballot.
    shown = (await run(fake, slash_for(fake, "vote show"))).json["data"]
    fields = {f["name"]: f["value"] for f in shown["embeds"][0]["fields"]}
    assert fields["Your ballot"].startswith("2. ") and fields["Ballots"] == "1 so far"


async def test_approval_is_one_multi_select(
    bot: Any, fake: FakeDiscord, services: Services
) -> None:
    await setup_club(fake)
    await club_setting(fake, "voting_method", "approval")
    message_id, data = await open_vote(fake)
    poll_id = poll_id_of(data)
    (select,) = components(data)
    assert select["custom_id"] == f"pcs:/vote cast #{poll_id}"
    assert select["min_values"] == 1 and select["max_values"] == len(select["options"]) >= 2
    chosen = [select["options"][0]["value"], select["options"][2]["value"]]
    callback = await run(fake, fake.select(select["custom_id"], chosen, message=message_id))
    assert callback.json["data"]["flags"] & EPHEMERAL
    assert await my_ballot(services, poll_id) == (1, 3)


async def test_ranked_vote_through_two_select_steps(
    bot: Any, fake: FakeDiscord, services: Services
) -> None:
    await setup_club(fake)
    await club_setting(fake, "voting_method", "irv")
    message_id, data = await open_vote(fake)
    poll_id = poll_id_of(data)
    (first,) = components(data)
    assert first["custom_id"] == f"pcr:/vote rank #{poll_id}" and first["max_values"] == 1

    step = await run(fake, fake.select(first["custom_id"], ["3"], message=message_id))
    reply = step.json["data"]
    assert reply["flags"] & EPHEMERAL and "Your vote is in" in text_of(reply)
    assert await my_ballot(services, poll_id) == (3,)  # a partial ranking is saved at once
    second, done = components(reply)
    assert second["custom_id"] == f"pcr:/vote rank #{poll_id} 3" and len(second["custom_id"]) <= 100
    assert "3" not in [o["value"] for o in second["options"]]
    assert done["custom_id"] == "pcr:done"

    step_id = int(step.response["resource"]["message"]["id"])
    step = await run(fake, fake.select(second["custom_id"], ["1"], message=step_id))
    assert "Your ranking is in" in text_of(step.json["data"])
    assert await my_ballot(services, poll_id) == (3, 1)

    step_id = int(step.response["resource"]["message"]["id"])
    closed = await run(fake, fake.button("pcr:done", message=step_id))
    assert closed.json["type"] == 7 and closed.json["data"]["components"] == []
    assert await my_ballot(services, poll_id) == (3, 1)


async def test_results_carry_bars_and_a_png_chart(
    bot: Any, fake: FakeDiscord, services: Services
) -> None:
    await setup_club(fake)
    message_id, data = await open_vote(fake)
    poll_id = poll_id_of(data)
    await run(fake, fake.button(f"pc:/vote cast #{poll_id} 2", message=message_id))
    closed = await run(fake, slash_for(fake, "vote close", user=OWNER_USER))
    (chart,) = closed.files
    assert chart.data.startswith(PNG) and chart.filename == "chart-0.png"
    embed = closed.json["data"]["embeds"][0]
    assert embed["title"].startswith("🏆") and "█" in embed["description"]
    assert embed["image"]["url"] == "attachment://chart-0.png"

    # The scheduled post of the same results carries the chart too.
    results = (await services.dispatcher.run_text("/vote results", MEMBER_CTX)).view
    outgoing = Outgoing(f"club-1:poll-{poll_id}:vote_closed", CLUB, PostKind.VOTE_CLOSED, results)
    await DiscordPoster(bot, services.deps.clock).post(outgoing)
    sent = await fake.wait_for_request("POST", rf"/channels/{TEXT_CHANNEL_ID}/messages")
    assert sent.files and sent.files[0].data.startswith(PNG)
    assert sent.json["embeds"][0]["image"]["url"].startswith("attachment://")

    # A slow answer (deferred, then filled in) keeps its chart.
    bot.paperclub.bridge.defer_after = 0
    deferred = await run(fake, slash_for(fake, "vote results"))
    assert deferred.json["type"] == 5
    edit = await fake.wait_for_request("PATCH", r"/webhooks/\d+/[^/]+/messages/@original")
    assert edit.files and edit.files[0].data.startswith(PNG)
    assert edit.json["embeds"][0]["image"]["url"] == f"attachment://{edit.files[0].filename}"


async def test_club_stats_attach_a_chart(bot: Any, fake: FakeDiscord, clock: ManualClock) -> None:
    await setup_club(fake)
    clock.set(clock.now() + timedelta(days=2))  # past the first session: something to chart
    callback = await run(fake, slash_for(fake, "stats", {"scope": "club"}))
    embed = callback.json["data"]["embeds"][0]
    assert embed["title"].startswith("📊")
    (chart,) = callback.files
    assert chart.data.startswith(PNG) and embed["image"]["url"] == f"attachment://{chart.filename}"


async def test_a_double_click_is_answered_twice_and_stored_once(
    bot: Any, fake: FakeDiscord, services: Services
) -> None:
    """Both clicks of an impatient member are in flight together: each gets its answer, the
    member holds one ballot, and the poll counts one."""
    await setup_club(fake)
    message_id, data = await open_vote(fake)
    poll_id = poll_id_of(data)
    clicks = [fake.button(f"pc:/vote cast #{poll_id} 2", message=message_id) for _ in range(2)]
    for click in clicks:
        await fake.send_interaction(click)
    for click in clicks:
        answer = (await fake.wait_for_callback(click)).json["data"]
        assert answer["flags"] & EPHEMERAL and "Your vote is in" in text_of(answer)
    async with services.deps.uow() as uow:
        ballots = await uow.polls.ballots(poll_id)
    assert [b.member for b in ballots] == [MEMBER]
    assert await my_ballot(services, poll_id) == (2,)
    shown = (await run(fake, slash_for(fake, "vote show"))).json["data"]
    fields = {f["name"]: f["value"] for f in shown["embeds"][0]["fields"]}
    assert fields["Ballots"] == "1 so far"
