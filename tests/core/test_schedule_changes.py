"""Schedule changes that are complete (issue 13): a new rule moves every future unannounced
session, decided or not, with its paper and presenter; a skip takes the presenter along with
the paper; /club unskip undoes it. Through the dispatcher and the outbox on in-memory fakes."""

from __future__ import annotations

import itertools
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.views import ErrorView, Notice, PollView, ResultsView, ScheduleView
from tests.core.test_vote_sessions import CLUB, Club, announced_club, ctx

BERLIN = ZoneInfo("Europe/Berlin")


async def entries(club: Club, n: int = 6) -> list[tuple[datetime, int, str | None, str | None]]:
    view = await club.run(f"/schedule {n}")
    assert isinstance(view, ScheduleView), view
    return [(e.starts_at, e.session_id, e.paper_title, e.presenter) for e in view.entries]


async def decide_next_vote(club: Club) -> str:
    opened = await club.run("/vote open")
    assert isinstance(opened, PollView), opened
    assert isinstance(await club.run("/vote 3", ctx("bo")), Notice)
    closed = await club.run("/vote close")
    assert isinstance(closed, ResultsView) and closed.winner
    return closed.winner


async def test_a_new_rule_moves_every_unannounced_session_keeping_the_order() -> None:
    """The reproduction: /club setup thursday 19:30 Europe/Berlin, /club set cadence 2,
    /club set session_length 90. Before, the vote-decided session stayed on a weekly Wednesday
    of 60 minutes (two sessions on consecutive days) and the reply said only 'Updated'."""
    club = await announced_club()
    winner = await decide_next_vote(club)  # Wed 9 Dec's paper
    assert isinstance(await club.run("/present 2026-12-16", ctx("cy")), Notice)
    before = await entries(club)
    announced = before[0]
    papers_before = [paper for _, _, paper, _ in before]

    setup = await club.run("/club setup thursday 19:30 Europe/Berlin")
    assert isinstance(setup, Notice), setup
    assert any("moved to the new rule" in line for line in setup.details), setup.details
    assert any(
        line.startswith("Wed 2 Dec 2026, 19:00 CET was already announced and stays")
        for line in setup.details
    ), setup.details
    cadence = await club.run("/club set cadence 2")
    length = await club.run("/club set session_length 90")
    assert isinstance(cadence, Notice) and isinstance(length, Notice)
    assert any("moved to the new rule" in line for line in length.details), length.details

    after = await entries(club)
    assert after[0] == announced, "the announced session stays as it was announced"
    rest = after[1:]
    local = [at.astimezone(BERLIN) for at, *_ in rest]
    assert all(at.weekday() == 3 and (at.hour, at.minute) == (19, 30) for at in local), local
    gaps = {(b - a).days for a, b in itertools.pairwise(local)}
    assert gaps == {14}, "every two weeks, none on the old rule"
    assert (local[0].date() - announced[0].date()).days >= 7, "not the day after Wednesday"
    # The same sessions (ids), the same papers in the same order, the presenter with hers.
    assert [sid for _, sid, _, _ in rest[:4]] == [sid for _, sid, _, _ in before[1:5]]
    assert [paper for _, _, paper, _ in after] == papers_before
    assert rest[0][2] == winner
    assert rest[1][3] == "Cy" and rest[1][2] == papers_before[2]
    async with club.db.uow() as uow:
        found = await uow.clubs.get(CLUB)
        assert found is not None
        lengths = {
            s.duration_minutes
            for s in await uow.sessions.between(found.id, club.clock.now())
            if s.id != announced[1]
        }
    assert lengths == {90}


async def test_skip_takes_the_presenter_along_with_the_paper_and_unskip_undoes_it() -> None:
    """The reproduction: after /club skip, the presenter stayed on the skipped date, and the
    paper moved to a week where someone else prepared a different paper."""
    club = await announced_club()
    assert isinstance(await club.run("/present 2026-12-09", ctx("bo")), Notice)
    assert isinstance(await club.run("/present 2026-12-16", ctx("cy")), Notice)
    before = await entries(club)
    skipped = await club.run("/club skip 2026-12-09")
    assert isinstance(skipped, Notice), skipped
    assert any("presented by Bo" in line for line in skipped.details), skipped.details
    after = await entries(club)
    view = await club.run("/schedule 6")
    assert isinstance(view, ScheduleView)
    on_skipped = next(e for e in view.entries if e.session_id == before[1][1])
    assert on_skipped.status == "skipped" and on_skipped.presenter is None
    # Each paper moves one session later, with whoever prepared it.
    pairs_before = [(paper, who) for _, _, paper, who in before[1:4]]
    pairs_after = [(paper, who) for _, sid, paper, who in after if sid != before[1][1]][1:4]
    assert pairs_after == pairs_before

    back = await club.run("/club unskip 2026-12-09")
    assert isinstance(back, Notice), back
    assert back.text == "The session on Wed 9 Dec 2026, 18:00 UTC is back on."
    assert (await entries(club))[:5] == before[:5]
    again = await club.run("/club unskip 2026-12-09")
    assert isinstance(again, ErrorView) and "is not skipped" in again.message
