"""/vote withdraw: take your ballot back, until the deadline.

Withdrawals go through the ballot box like casts, so one sent while the member's cast is still
queued is ordered after it instead of being overtaken by it. Like a cast, it reads on a
read-only unit of work: holding the writer while waiting for the box would deadlock.
"""

from __future__ import annotations

from bot.core.commands.context import Context, Voting
from bot.core.commands.spec import CommandSpec
from bot.core.domain.errors import Conflict
from bot.core.domain.polls import Ballot
from bot.core.ports import CastResult
from bot.core.text import t
from bot.core.usecases.ballot_commands import PIN_ONLY, WITHDRAW, WithdrawVote
from bot.core.usecases.ballots import ballot_target
from bot.core.views import Notice

CLOSED = t("This vote has closed; ballots can no longer change.")


async def execute(cmd: WithdrawVote, ctx: Context, voting: Voting) -> Notice:
    _, poll = await ballot_target(cmd.poll, ctx, voting)
    now = voting.store.clock.now()
    if now >= poll.closes_at:
        raise Conflict(CLOSED)
    async with voting.store.reader() as uow:
        had = any(b.member == ctx.actor.member for b in await uow.polls.ballots(poll.id))
    withdrawal = Ballot(poll.id, ctx.actor.member, (), now)
    if await voting.box.cast(withdrawal, ctx.actor.display_name) != CastResult.STORED:
        raise Conflict(CLOSED)
    return Notice(t("Your ballot is withdrawn.") if had else t("You hadn't voted yet."))


SPEC = CommandSpec(
    WITHDRAW,
    "/vote withdraw",
    "Take your ballot back, until the vote closes.",
    WithdrawVote,
    WithdrawVote.build,
    execute,
    Voting,
    private=True,
    options=PIN_ONLY,
)
