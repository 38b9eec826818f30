"""One step of a ranking built one choice at a time (Discord's ranked selects): the longer
ballot is saved at once, a partial ranking being a valid ballot, and the poll comes back as it
stands now, so the next step offers the papers not yet ranked. Buttons only."""

from __future__ import annotations

from bot.core.commands.context import Context, Voting
from bot.core.commands.spec import CommandSpec
from bot.core.usecases import show_poll
from bot.core.usecases.ballot_commands import BALLOT, RANK, RankVote, ShowPoll
from bot.core.usecases.cast_vote import cast
from bot.core.views import Reply


async def execute(cmd: RankVote, ctx: Context, voting: Voting) -> Reply:
    """What was saved, then the poll with the ballot so far to take the next step from: two
    views, which every platform shows as it shows any reply's extra views."""
    saved = await cast(cmd.choices, cmd.poll, ctx, voting)
    poll = await show_poll.execute(ShowPoll(cmd.poll), ctx, voting.store)
    return Reply(saved, extra=(poll,))


SPEC = CommandSpec(
    RANK,
    "/vote rank NUMBER…",
    "Add the next paper to your ranking.",
    RankVote,
    RankVote.build,
    execute,
    Voting,
    private=True,
    options=BALLOT,
    listed=False,
)
