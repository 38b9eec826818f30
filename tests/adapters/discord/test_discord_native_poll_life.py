"""A native poll lives exactly as long as the vote (issue 15): Discord ends its own poll after
768 hours at most, so a longer vote keeps its buttons; and the bot ends its poll when the vote
closes, early by /vote close or at the deadline (Discord's whole hours overshoot it)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import discord
from discord_support import run, setup_club, slash_for, text_of
from test_discord_poll_voice import configure
from test_discord_voting import CLUB, components

from bot.adapters.discord.limits import POLL_HOURS
from bot.adapters.discord.poster import DiscordPoster
from bot.bootstrap import Services
from bot.core.clock import ManualClock
from bot.core.domain.outbox import PostKind
from bot.core.ports import Outgoing
from bot.core.usecases import vote_cycle
from bot.core.usecases.vote_setting_notes import NATIVE_POLL_LONGEST
from bot.core.views import PollView, ResultsView
from paperclub_fakes.discord_fake import OWNER_USER, TEXT_CHANNEL_ID, FakeDiscord

EXPIRE = rf"/channels/{TEXT_CHANNEL_ID}/polls/(\d+)/expire"


async def opened(services: Services, clock: ManualClock) -> PollView:
    async with services.deps.uow() as uow:
        club = await uow.clubs.get(CLUB)
        assert club is not None
        view = await vote_cycle.open_vote(uow, club, clock.now())
        await uow.commit()
    assert isinstance(view, PollView) and view.native_poll
    return view


async def post_vote_open(bot: Any, services: Services, view: PollView) -> None:
    poster = DiscordPoster(bot, services.deps.clock)
    key = f"club-1:poll-{view.poll_id}:vote_open"
    await poster.post(Outgoing(key, CLUB, PostKind.VOTE_OPEN, view))


async def test_a_vote_longer_than_768_hours_keeps_its_buttons(
    bot: Any, fake: FakeDiscord, services: Services, clock: ManualClock
) -> None:
    """Issue 15, row 2: a club meeting every 6 weeks votes for up to 1,253 h; the poll was sent
    for 768 h and Discord closed it weeks before the vote."""
    await setup_club(fake)
    await configure(services, native_poll=True)
    view = await opened(services, clock)
    for hours, native in ((768, True), (769, False), (1253, False)):
        await post_vote_open(
            bot, services, replace(view, closes_at=clock.now() + timedelta(hours=hours))
        )
        sent = await fake.wait_for_request("POST", rf"/channels/{TEXT_CHANNEL_ID}/messages")
        assert ("poll" in sent.json) is native, hours
        if native:
            assert sent.json["poll"]["duration"] == hours
        else:  # the same one-choice vote, as buttons the bot counts until the vote closes
            labels = [c.get("label", "") for c in components(sent.json)]
            assert labels[: len(view.candidates)] == [a.label for a in view.actions]


async def test_the_fake_refuses_a_poll_longer_than_discord_allows(
    bot: Any, fake: FakeDiscord
) -> None:
    channel = await bot.fetch_channel(TEXT_CHANNEL_ID)
    poll = discord.Poll(question="Next paper?", duration=timedelta(hours=769))
    poll.add_answer(text="1. Attention")
    try:
        await channel.send(poll=poll)
    except discord.HTTPException as exc:
        assert exc.status == 400 and exc.code == 50035
    else:
        raise AssertionError("a 769-hour poll was accepted")


async def test_vote_close_ends_the_native_poll(
    bot: Any, fake: FakeDiscord, services: Services
) -> None:
    await setup_club(fake)
    await configure(services, native_poll=True)
    opened_poll = await run(fake, slash_for(fake, "vote open", user=OWNER_USER))
    message_id = int(opened_poll.response["resource"]["message"]["id"])
    assert not fake.poll_ended(fake.messages[message_id])
    # Nobody voted: the admin keeps the queue order (a bare /vote close asks first).
    closed = await run(fake, slash_for(fake, "vote close", {"empty": "queue"}, user=OWNER_USER))
    assert "Nobody voted" in text_of(closed.json["data"])
    ended = await fake.wait_for_request("POST", EXPIRE)
    assert ended.path.endswith(f"/polls/{message_id}/expire")
    assert fake.poll_ended(fake.messages[message_id])


async def test_the_scheduled_close_ends_the_native_poll_at_the_deadline(
    bot: Any, fake: FakeDiscord, services: Services, clock: ManualClock
) -> None:
    """The poll lasts whole hours, rounded up: without the bot it stays open past the close
    (up to 59 minutes), taking clicks the bot only logs."""
    await setup_club(fake)
    await configure(services, native_poll=True)
    clock.set(clock.now() + timedelta(minutes=17))  # the vote lasts no whole number of hours
    view = await opened(services, clock)
    await post_vote_open(bot, services, view)
    sent = await fake.wait_for_request("POST", rf"/channels/{TEXT_CHANNEL_ID}/messages")
    (poll_message,) = [m for m in fake.messages.values() if m.get("poll")]
    assert sent.json["poll"]["duration"] * 3600 > (view.closes_at - clock.now()).total_seconds()

    clock.set(view.closes_at)
    async with services.deps.uow() as uow:
        club = await uow.clubs.get(CLUB)
        assert club is not None
        results = await vote_cycle.close_due_votes(uow, club, clock.now())
        await uow.commit()
    assert isinstance(results, ResultsView)
    assert not fake.poll_ended(poll_message)  # Discord alone would keep it open a while
    key = f"club-1:poll-{view.poll_id}:vote_closed"
    await DiscordPoster(bot, services.deps.clock).post(
        Outgoing(key, CLUB, PostKind.VOTE_CLOSED, results)
    )
    ended = await fake.wait_for_request("POST", EXPIRE)
    assert ended.path.endswith(f"/polls/{poll_message['id']}/expire")
    assert fake.poll_ended(poll_message)


async def test_results_shown_again_do_not_touch_polls(
    bot: Any, fake: FakeDiscord, services: Services
) -> None:
    await setup_club(fake)
    await configure(services, native_poll=True)
    await run(fake, slash_for(fake, "vote open", user=OWNER_USER))
    await run(fake, slash_for(fake, "vote close", {"empty": "queue"}, user=OWNER_USER))
    await fake.wait_for_request("POST", EXPIRE)
    shown = await run(fake, slash_for(fake, "vote results"))
    assert shown.json["data"]["embeds"]
    assert len(fake.find_requests("POST", EXPIRE)) == 1


def test_the_core_says_the_same_longest_poll_as_the_adapter_runs() -> None:
    assert timedelta(hours=POLL_HOURS) == NATIVE_POLL_LONGEST


async def test_the_fake_ends_polls_as_discord_does(bot: Any, fake: FakeDiscord) -> None:
    """POST …/polls/{message}/expire: once, by the poll's author, on a poll message only."""
    channel = await bot.fetch_channel(TEXT_CHANNEL_ID)
    poll = discord.Poll(question="Next paper?", duration=timedelta(hours=24))
    poll.add_answer(text="1. Attention")
    message = await channel.send(poll=poll)
    await message.end_poll()
    assert fake.poll_ended(fake.messages[message.id])
    codes = []
    plain = await channel.send(content="not a poll")
    theirs = await channel.send(poll=poll)
    fake.messages[theirs.id]["author"] = {**fake.messages[theirs.id]["author"], "id": "42"}
    for target in (message, plain, theirs):
        try:
            await target.end_poll()
        except discord.HTTPException as exc:
            codes.append(exc.code)
    assert codes == [520001, 520006, 50005]


async def test_vote_cancel_ends_the_native_poll(
    bot: Any, fake: FakeDiscord, services: Services
) -> None:
    """Called off, the vote's native poll stops taking clicks too (it kept them until its whole
    hours ran out), and only that poll is ended, once."""
    await setup_club(fake)
    await configure(services, native_poll=True)
    opened_poll = await run(fake, slash_for(fake, "vote open", user=OWNER_USER))
    message_id = int(opened_poll.response["resource"]["message"]["id"])
    cancelled = await run(fake, slash_for(fake, "vote cancel", user=OWNER_USER))
    assert "called off" in text_of(cancelled.json["data"])
    ended = await fake.wait_for_request("POST", EXPIRE)
    assert ended.path.endswith(f"/polls/{message_id}/expire")
    assert fake.poll_ended(fake.messages[message_id])
    assert len(fake.find_requests("POST", EXPIRE)) == 1
