"""The club page from the club's data, read once: every section is made from the same reads,
so the schedule, queue and archive agree with each other and with the chat.

Reading never writes: a GET on a public address must not change the club. Sessions that ended
but are not yet settled by the planner are shown as held, with the paper they would be settled
with.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.core.domain.clubs import Club
from bot.core.domain.ids import MemberKey
from bot.core.domain.polls import PollStatus
from bot.core.domain.sessions import SessionStatus
from bot.core.planning import sessionplan as planning
from bot.core.ports import UnitOfWork
from bot.core.text import t
from bot.core.usecases import club_page_archive, club_page_coming
from bot.core.usecases.club_page_parts import Names
from bot.core.usecases.club_page_view import ClubPage, PageSession
from bot.core.usecases.session_refs import local_date_of
from bot.core.usecases.show_schedule import calendar_url
from bot.core.views import Bar
from bot.core.wording import format_day

UPCOMING = 12
HISTORY = timedelta(days=3650)
ATTENDANCE_BARS = 20  # the attendance chart's most recent sessions


async def build(
    uow: UnitOfWork, club: Club, now: datetime, public_base_url: str | None
) -> ClubPage:
    settings = club.settings
    sessions = await uow.sessions.between(club.id, now - HISTORY)
    queue = await uow.queue.entries(club.id)
    past = [s for s in sessions if s.ends_at <= now and s.status != SessionStatus.SKIPPED]
    coming = [s for s in sessions if s.ends_at > now][:UPCOMING]
    # Ended but not yet settled: paired with the papers the planner will fix them with.
    unsettled = {
        p.session.id: p.paper
        for p in planning.assign_papers(
            [s for s in past if s.status == SessionStatus.PLANNED], queue
        )
    }
    settled_ids = {pid for s in past if (pid := s.paper_id) is not None}
    taken = {p.id for p in unsettled.values() if p}
    planned_next = planning.assign_papers(coming, [e for e in queue if e.paper.id not in taken])
    polls = await uow.polls.for_club(club.id)
    closed = [p for p in polls if p.status == PollStatus.CLOSED]
    open_poll = next((p for p in reversed(polls) if p.status == PollStatus.OPEN), None)
    # Counts and choices only: the page never needs who voted or who came.
    ballots = await uow.polls.choices_for([p.id for p in closed])
    came = await uow.attendance.check_in_counts([s.id for s in past])
    # The queue holds nearly every paper the page names; only the others are read.
    papers = {entry.paper.id: entry.paper for entry in queue}
    wanted = settled_ids | {pid for p in polls for pid in p.candidates}
    papers.update(await uow.papers.get_many([pid for pid in wanted if pid not in papers]))
    members: list[MemberKey] = []
    if settings.page_show_names:
        members = [s.presenter for s in sessions if s.presenter is not None]
        members += [e.suggested_by for e in queue if e.suggested_by is not None]
    people = Names(
        settings.page_show_names, await uow.members.display_names(members) if members else {}
    )
    votes = club_page_archive.votes_by_winner(closed, ballots, papers)
    archive = club_page_archive.archive(
        past, unsettled, papers, came, votes, settings.timezone, people, club.created_at
    )
    own = await uow.papers.club_content(club.id, [p.paper.id for p in planned_next if p.paper])
    upcoming = club_page_coming.upcoming(
        planned_next, own, settings.language, settings.timezone, now, people
    )
    queue_items = club_page_coming.queue_items(queue, people)
    return ClubPage(
        club_name=club.name,
        rule_text=settings.rule_text(),
        timezone=settings.timezone,
        paused=settings.paused,
        now=now,
        names_shown=settings.page_show_names,
        next_session=next((s for s in upcoming if s.status != "skipped"), None),
        upcoming=tuple(upcoming),
        queue=queue_items,
        open_vote=club_page_coming.open_vote(open_poll, papers, settings.timezone),
        archive=tuple(archive),
        figures=_figures(archive, len(closed), ballots, len(queue_items)),
        attendance=tuple(
            Bar(
                format_day(local_date_of(s.starts_at, settings.timezone)),
                s.came or 0,
                s.paper.title if s.paper else None,
            )
            for s in reversed([s for s in archive if s.came is not None][:ATTENDANCE_BARS])
        ),
        calendar_url=calendar_url(public_base_url, club.calendar_token),
        language=settings.language,
    )


def _figures(
    archive: list[PageSession], votes: int, ballots: dict[int, list[tuple[int, ...]]], waiting: int
) -> tuple[tuple[str, int | float | str], ...]:
    held = len(archive)
    # The average is over the sessions whose attendance is known.
    counted = [s.came for s in archive if s.came is not None]
    total = sum(counted)
    return (
        # Numbers, not text: the renderer formats them in the club's locale.
        (t("Sessions held"), held),
        (t("Check-ins"), total),
        (t("Average attendance"), round(total / len(counted), 1) if counted else "—"),
        (t("Votes held"), votes),
        (t("Ballots cast"), sum(len(b) for b in ballots.values())),
        (t("Papers waiting"), waiting),
    )
