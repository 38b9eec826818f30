"""Three weeks of one club, played the same way on every platform; the assertions are about what
a member sees there (issue 13): the announced paper is the paper read, a vote names its session,
a rule change leaves no session on the old rule, a skip leaves no presenter on a skipped date.

Tue 24 Nov 2026: the club is set up for Wednesdays 18:00 UTC. The first week runs on its own
(announcement, reminder, start, the vote on the next paper); a member votes. On Thu 3 Dec the
admin moves the club to Thursdays while a vote is open, a member volunteers for Thu 17 Dec and
the admin skips that week. The club meets on Thu 10 Dec with the paper it announced.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Protocol

from bot.core.clock import ManualClock
from tests.scenarios.seeing import Post, entries, instants, of_kind, paper_in

WEDNESDAY, THURSDAY = 2, 3


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


class Club(Protocol):
    """One platform's club, driven through its real adapter."""

    clock: ManualClock
    titles: Sequence[str]  # every paper the club could read

    async def say(
        self, name: str, options: dict[str, object] | None = None, *, admin: bool = False
    ) -> str:
        """Run the command called `name` ("club set") with these options, as the admin or as a
        member; the text of the answer as the platform shows it."""
        ...

    async def until(self, when: datetime) -> None:
        """Let the scheduler run, wake-up by wake-up, up to `when`."""
        ...

    def posts(self) -> list[Post]:
        """The club channel's scheduled posts so far, oldest first."""
        ...


def announced_and_read(
    posts: Sequence[Post], titles: Sequence[str]
) -> list[tuple[str | None, str | None]]:
    """For each session that started, the paper its announcement named and the paper its
    "starting now" post named."""
    announcements = of_kind(posts, "announcement")
    starts = of_kind(posts, "start")
    return [
        (paper_in(a.text, titles), paper_in(s.text, titles))
        for a, s in zip(announcements, starts, strict=False)
    ]


async def play(club: Club) -> None:
    setup = await club.say(
        "club setup", {"weekday": "wed", "time": "18:00", "timezone": "UTC"}, admin=True
    )
    assert "set up" in setup, setup

    # Week 1: the posts of Wed 25 Nov, then the vote on the next paper, which names its session.
    await club.until(utc(2026, 11, 25, 19, 30))
    (poll,) = of_kind(club.posts(), "vote_open")
    assert "Vote for the paper of Wed 2 Dec 2026" in poll.text, poll.text
    shown = await club.say("vote show")
    assert "Vote for the paper of Wed 2 Dec 2026" in shown, shown
    assert "in" in await club.say("vote cast", {"choices": "2"})

    # Week 2: the winner is announced for Wed 2 Dec and read then; the next vote names Wed 9 Dec.
    await club.until(utc(2026, 12, 2, 19, 30))
    polls = of_kind(club.posts(), "vote_open")
    assert "Vote for the paper of Wed 9 Dec 2026" in polls[-1].text, polls[-1].text

    # Thu 3 Dec: Thursdays from now on, while that vote is open.
    club.clock.set(utc(2026, 12, 3, 9, 0))
    moved = await club.say("club set", {"setting": "weekday", "value": "thu"}, admin=True)
    assert "moved to the new rule" in moved, moved
    schedule = await club.say("schedule", {"count": 6})
    upcoming = [at for at, _ in entries(schedule)]
    assert len(upcoming) == 6, schedule
    assert {at.weekday() for at in upcoming} == {THURSDAY}, "no session left on the old rule"
    shown = await club.say("vote show")
    assert "Vote for the paper of Thu 10 Dec 2026" in shown, shown
    assert "in" in await club.say("vote cast", {"choices": "1"})

    # A member volunteers for Thu 17 Dec; the admin skips that week.
    volunteered = await club.say("present volunteer", {"session": "2026-12-17"})
    assert "17 Dec" in volunteered or instants(volunteered), volunteered
    skipped = await club.say("club skip", {"date": "2026-12-17"}, admin=True)
    assert "No session on" in skipped, skipped
    after = dict(entries(await club.say("schedule", {"count": 6})))
    assert "presenter" not in after[utc(2026, 12, 17, 18)], "nobody presents on a skipped date"
    assert "presenter" in after[utc(2026, 12, 24, 18)], "the presenter moved with the paper"

    # Week 3: Thu 10 Dec is announced and read with the same paper.
    await club.until(utc(2026, 12, 10, 19, 30))
    pairs = announced_and_read(club.posts(), club.titles)
    assert len(pairs) == 3, pairs
    for announced, read in pairs:
        assert announced is not None and announced == read, pairs
    last = of_kind(club.posts(), "start")[-1]
    assert instants(of_kind(club.posts(), "announcement")[-1].text)[0].weekday() == THURSDAY
    assert last.text
