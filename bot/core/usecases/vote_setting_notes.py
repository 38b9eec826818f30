"""What /club set adds when a voting setting changes: whether the change reaches the vote
already open, and how long this club's votes run against Discord's own polls."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bot.core.domain.clubs import Club, ClubSettings
from bot.core.ports import UnitOfWork
from bot.core.text import t, tn

# Discord ends its own poll after 768 hours (32 days) at most, so its adapter runs a longer
# vote with buttons (bot/adapters/discord/native_poll.fits); the admin is told when turning it on.
NATIVE_POLL_LONGEST = timedelta(hours=768)


def native_poll_note(settings: ClubSettings) -> str:
    """What turning native polls on does for this club: a vote runs from the end of one session
    to the announcement of the next, so a club meeting less often votes longer than Discord's
    poll can last."""
    vote = timedelta(
        weeks=settings.cadence_weeks,
        minutes=-settings.session_minutes - settings.announce_before_minutes,
    )
    if vote > NATIVE_POLL_LONGEST:
        return tn(
            "This club's votes stay open about {n} day, longer than the 32 days a Discord poll "
            "can last, so they keep their buttons.",
            "This club's votes stay open about {n} days, longer than the 32 days a Discord poll "
            "can last, so they keep their buttons.",
            round(vote / timedelta(days=1)),
        )
    return t(
        "A vote open longer than 32 days (the most a Discord poll can last) keeps its buttons."
    )


async def open_vote_note(uow: UnitOfWork, club: Club, name: str) -> tuple[str, ...]:
    """Whether a voting setting applies to the vote already open. A vote is counted the way it
    was opened (members voted knowing the method, and how many papers stand); anonymity can
    only grow: turning it on hides the open vote's voters too, turning it off never reveals
    the voters of a vote that promised not to."""
    if name not in ("voting_method", "anonymous", "candidates"):
        return ()
    poll = await uow.polls.open_for(club.id)
    if poll is None:
        return ()
    s = club.settings
    if name == "anonymous":
        if s.anonymous_polls and not poll.anonymous:
            await uow.polls.update(replace(poll, anonymous=True))
            return (t("The open vote is anonymous from now on too."),)
        if not s.anonymous_polls and poll.anonymous:
            return (t("The open vote stays anonymous, as it was opened; the next one is not."),)
        return ()
    if name == "voting_method":
        if poll.method == s.voting_method:
            return ()
        return (
            t(
                "The open vote is still counted by {method}; the next one uses {next}.",
                method=poll.method,
                next=s.voting_method,
            ),
        )
    return (
        tn(
            "The open vote keeps its {n} paper; the next one offers {next}.",
            "The open vote keeps its {n} papers; the next one offers {next}.",
            len(poll.candidates),
            next=s.poll_candidates,
        ),
    )
