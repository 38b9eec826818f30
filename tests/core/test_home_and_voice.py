"""What the adapters used to decide themselves: which clubs a home page shows (the privacy rule),
and which clubs a voice channel checks members in for."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.core.clock import ManualClock
from bot.core.commands.context import Context
from bot.core.commands.dispatch import Dispatcher
from bot.core.domain.clubs import ClubSettings
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.core.usecases.home_summary import MAX_CLUBS, home_summary
from bot.core.usecases.voice_check_in import InVoice, check_in_from_voice, voice_room
from bot.core.views import ErrorView, Notice, PaperCard, PollView, ScheduleView, StatsView
from tests.core.fakes import make_paper, seeded_deps

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # Monday; sessions Wednesdays 18:00 UTC
TEAM = "T1"
ADA = Actor(MemberKey(Platform.SLACK, TEAM, "ada"), "Ada", is_admin=True)
BO = Actor(MemberKey(Platform.SLACK, TEAM, "bo"), "Bo")


class Privacy:
    """Channels named "private-…" are private; "unknown-…" ones the platform can't say."""

    async def is_private(self, channel_id: str) -> bool | None:
        if channel_id.startswith("unknown"):
            return None
        return channel_id.startswith("private")


async def _bot(clock: ManualClock) -> Dispatcher:
    deps, _ = await seeded_deps(clock, [make_paper(n) for n in range(1, 6)], ClubSettings())
    return Dispatcher(deps)


async def _club(dispatcher: Dispatcher, key: ClubKey, *extra: str) -> None:
    ctx = Context(key, Actor(MemberKey(key.platform, key.workspace_id, "ada"), "Ada", True))
    for line in ("/club setup", *extra):
        reply = await dispatcher.run_text(line, ctx)
        assert not isinstance(reply.view, ErrorView), (line, reply.view)


async def test_the_home_page_shows_only_public_clubs_of_the_workspace() -> None:
    dispatcher = await _bot(ManualClock(START))
    for channel in ("public-1", "private-1", "unknown-1", "public-2"):
        await _club(dispatcher, ClubKey(Platform.SLACK, TEAM, channel))
    await _club(dispatcher, ClubKey(Platform.SLACK, "T2", "public-elsewhere"))
    await dispatcher.run_text("/vote open", Context(ClubKey(Platform.SLACK, TEAM, "public-2"), ADA))

    home = await home_summary(BO, TEAM, Privacy(), dispatcher.deps.publishing)
    assert [s.channel_id for s in home.sections] == ["public-1", "public-2"]
    quiet, voting = home.sections
    # No vote open in the first: that is no news, so the section has no poll (and no error).
    assert [type(v) for v in quiet.views] == [PaperCard, ScheduleView, StatsView]
    assert [type(v) for v in voting.views] == [PaperCard, PollView, ScheduleView, StatsView]
    assert isinstance(quiet.views[1], ScheduleView) and len(quiet.views[1].entries) == 3


async def test_the_home_page_shows_at_most_a_few_clubs() -> None:
    dispatcher = await _bot(ManualClock(START))
    for n in range(MAX_CLUBS + 2):
        await _club(dispatcher, ClubKey(Platform.SLACK, TEAM, f"public-{n}"))
    home = await home_summary(BO, TEAM, Privacy(), dispatcher.deps.publishing)
    assert len(home.sections) == MAX_CLUBS


async def test_a_voice_channel_checks_in_for_the_clubs_that_meet_there() -> None:
    clock = ManualClock(START)
    dispatcher = await _bot(clock)
    room, guild = "700000000000000001", "G1"
    meets_there = ClubKey(Platform.DISCORD, guild, "c1")
    elsewhere = ClubKey(Platform.DISCORD, guild, "c2")
    await _club(dispatcher, meets_there, f"/club set voice_channel {room}")
    await _club(dispatcher, elsewhere)
    store = dispatcher.deps.store
    present = [InVoice("u1", "Grace"), InVoice("u2", "Alan")]
    assert (
        await voice_room(store, meets_there) == room and await voice_room(store, elsewhere) is None
    )

    # Before the session: nobody is checked in.
    assert await check_in_from_voice(store, Platform.DISCORD, guild, room, present) == 0
    clock.set(datetime(2026, 11, 25, 18, 5, tzinfo=UTC))
    assert await check_in_from_voice(store, Platform.DISCORD, guild, room, present) == 2
    # The same room in another guild is another room.
    assert await check_in_from_voice(store, Platform.DISCORD, "G2", room, present) == 0
    clock.set(clock.now() + timedelta(minutes=5))
    again = await dispatcher.run_text(
        "/attend", Context(meets_there, Actor(MemberKey(Platform.DISCORD, guild, "u1"), "Grace"))
    )
    assert isinstance(again.view, Notice) and "already checked in" in again.view.text
