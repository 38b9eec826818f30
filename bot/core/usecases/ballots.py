"""What casting, ranking and withdrawing share: the open poll the command means, read without
holding the writer, and the member's choices as candidates."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.commands import answer_club
from bot.core.commands.context import Context, Voting
from bot.core.domain.clubs import Club
from bot.core.domain.errors import Conflict, InvalidInput
from bot.core.domain.polls import Poll
from bot.core.text import t
from bot.core.usecases.club_access import no_club
from bot.core.voting.pollreads import ClubAndPoll, PollChoices


def pinned(poll: Poll | None, pin: int | None) -> Poll:
    """The open poll, if it is the one the command names (a button names its poll)."""
    if poll is None or (pin is not None and poll.id != pin):
        raise Conflict(
            t("That vote has closed.") if pin else t("No vote is open right now."),
            hint=t("See how it went with /vote results."),
        )
    return poll


async def ballot_target(pin: int | None, ctx: Context, voting: Voting) -> tuple[Club, Poll]:
    """The club and the open poll the command means, read on a read-only unit of work."""
    reader = voting.store.statement_reader
    return target_in(await voting.reads.club_and_poll(ctx.club, reader), pin)


def target_in(found: ClubAndPoll, pin: int | None) -> tuple[Club, Poll]:
    """`ballot_target` from what `PollReads.club_and_poll` read (after the command arrived),
    for a caller that awaits the read itself (a cast: one coroutine frame fewer)."""
    if found is None:
        raise no_club()
    # Read after the command arrived, and a ballot changes no setting: the answer's language.
    answer_club.note(found[0].settings)
    return found[0], pinned(found[1], pin)


def parse_choices(words: Sequence[str], choices: PollChoices) -> tuple[int, ...]:
    """Candidate numbers or slugs → paper ids, in the member's order."""
    by_word = choices.by_word
    chosen: list[int] = []
    for word in words:
        pid = by_word.get(word.strip().rstrip(",").casefold())
        if pid is None:
            raise InvalidInput(
                t("“{word}” is not one of the candidates.", word=word[:40]),
                hint=t("Use the numbers 1 to {last} shown by /vote.", last=len(choices.candidates)),
            )
        if pid in chosen:
            raise InvalidInput(t("You listed “{word}” twice; name each paper once.", word=word))
        chosen.append(pid)
    return tuple(chosen)
