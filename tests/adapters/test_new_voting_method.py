"""A voting method is its counter and one registry entry: a method that exists only in this
test (a Borda count) is chosen with /club set, voted in and counted by the core, and shown on
Discord, Slack and the console by their unchanged renderers, which go by its ballot's shape."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest

from bot.adapters.console.render import render_reply as console_reply
from bot.adapters.discord.render import render_reply as discord_reply
from bot.adapters.slack.render import Renderer, message
from bot.adapters.slack.votes import ballot_form
from bot.core.clock import ManualClock
from bot.core.commands.context import Context
from bot.core.commands.dispatch import Dispatcher
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.core.views import BallotShape, Notice, PollView, Reply, ResultsView, View
from bot.core.voting.ballots import BallotSet, C
from bot.core.voting.methods import VotingMethod, registered
from bot.core.voting.result import TallyResult, rank_by_score
from paperclub_fakes.slack_harness import buttons, shown_text
from tests.core.fakes import make_paper, seeded_deps

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
CLUB = ClubKey(Platform.CONSOLE, "w", "c")
ADA = Context(CLUB, Actor(MemberKey(Platform.CONSOLE, "w", "ada"), "Ada", True), "club")
BO = Context(CLUB, Actor(MemberKey(Platform.CONSOLE, "w", "bo"), "Bo"), "club")


def count_borda(ballots: BallotSet[C], describe: Callable[[C], str]) -> TallyResult[C]:
    """Each ballot gives n-1 points to its first choice, n-2 to its second, and so on."""
    n = len(ballots.candidates)
    points = dict.fromkeys(ballots.candidates, 0)
    for ballot, weight in ballots.grouped.items():
        for place, candidate in enumerate(ballot):
            points[candidate] += (n - 1 - place) * weight
    ranking, notes = rank_by_score(points, ballots.candidates, describe, "Borda", "point")
    return TallyResult(
        method="borda",
        winner=ranking[0] if ranking and ballots.total else None,
        ranking=ranking,
        counts=points,
        total_ballots=ballots.total,
        blank=ballots.blank,
        tie_break=notes,
    )


BORDA = VotingMethod(
    key="borda",
    name="Borda count",
    label="Borda count: points by place",
    how_to_vote="Rank the papers, favourite first: /vote 3 1 2.",
    measure="Borda points",
    shape=BallotShape.RANKING,
    count=count_borda,
)


@pytest.fixture
def borda() -> Iterator[VotingMethod]:
    with registered(BORDA) as entry:
        yield entry


async def say(dispatcher: Dispatcher, line: str, ctx: Context) -> View:
    return (await dispatcher.run_text(line, ctx)).view


async def test_a_method_registered_in_a_test_reaches_every_platform(borda: VotingMethod) -> None:
    clock = ManualClock(START)
    deps, _ = await seeded_deps(clock, [make_paper(n) for n in range(1, 5)])
    dispatcher = Dispatcher(deps)
    assert isinstance(await say(dispatcher, "/club setup", ADA), Notice)
    chosen = await say(dispatcher, "/club set voting_method borda", ADA)
    assert isinstance(chosen, Notice) and "borda" in chosen.text

    opened = await say(dispatcher, "/vote open", ADA)
    assert isinstance(opened, PollView) and opened.method.key == "borda"
    cast = await say(dispatcher, "/vote 3 1", BO)
    assert isinstance(cast, Notice) and cast.text == "Your ranking is in."
    mine = await say(dispatcher, "/vote", BO)
    assert isinstance(mine, PollView) and mine.your_choices == (3, 1)

    # Discord: the label, and the ranked ballot's next step (a select) and "done".
    parts = discord_reply(Reply(mine, private=True), now=clock.now())
    fields = {f.name: f.value for f in parts.embeds[0].fields}
    assert fields["Method"] == BORDA.label
    assert parts.view is not None
    ids = [getattr(item, "custom_id", "") for item in parts.view.children]
    assert ids[0] == f"pcr:{mine.commands.rank} 3 1" and "pcr:done" in ids

    # Slack: the label, and a "Rank papers" button that opens ordered selects.
    blocks = message(Reply(mine), Renderer())
    assert BORDA.label in shown_text(blocks) and "Your ballot: *3 › 1*" in shown_text(blocks)
    ballot_button = next(b for b in buttons(blocks) if b["value"] == mine.commands.show)
    assert ballot_button["text"]["text"] == "Rank papers"
    form = ballot_form(mine)
    assert form is not None and form.distinct and form.command == mine.commands.cast

    # Console: the label, the ranking in order.
    text = console_reply(Reply(mine))
    assert BORDA.label in text and "Your ballot: 3 > 1" in text

    results = await say(dispatcher, "/vote close", ADA)
    assert isinstance(results, ResultsView) and results.method.key == "borda"
    # Candidate 3 was first on the only ballot: n-1 points.
    assert results.bars[0].value == len(opened.candidates) - 1
    embed = discord_reply(Reply(results), now=clock.now()).embeds[0]
    assert "Borda points" in (embed.description or "")
    assert "Borda points" in shown_text(message(Reply(results), Renderer()))
    assert "Borda points" in console_reply(Reply(results))


async def test_a_method_no_longer_registered_cannot_be_chosen() -> None:
    deps, _ = await seeded_deps(ManualClock(START), [make_paper(n) for n in range(1, 5)])
    dispatcher = Dispatcher(deps)
    await say(dispatcher, "/club setup", ADA)
    refused = await say(dispatcher, "/club set voting_method borda", ADA)
    assert not isinstance(refused, Notice)
    assert "unknown voting method 'borda'" in getattr(refused, "message", "")
