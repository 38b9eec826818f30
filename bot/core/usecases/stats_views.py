"""What /stats shows, from the club's record: the club's attendance and favourite papers, or
one member's attendance, streak, RSVPs kept and suggestions. Pure: the record is read by
stats.execute, in one unit of work."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from bot.core.domain.attendance import CheckIn, Rsvp, RsvpStatus
from bot.core.domain.clubs import Club
from bot.core.domain.ids import Actor, MemberKey
from bot.core.domain.papers import Paper, QueueEntry, QueueState
from bot.core.domain.polls import Ballot, Poll
from bot.core.domain.sessions import Session, SessionStatus
from bot.core.text import t, tn
from bot.core.usecases.session_refs import local_date_of
from bot.core.views import Bar, StatsView
from bot.core.wording import format_short_day, join_names

RECENT = 8
TOP = 5


@dataclass(frozen=True, slots=True)
class Record:
    club: Club
    held: list[Session]  # sessions that took place or are taking place, oldest first
    check_ins: list[CheckIn]
    rsvps: list[Rsvp]
    queue: list[QueueEntry]
    polls: list[Poll]
    ballots: list[Ballot]
    names: dict[MemberKey, str]
    papers: dict[int, Paper]  # the held sessions' papers and every poll's candidates


def club_stats(record: Record) -> StatsView:
    held, check_ins, papers = record.held, record.check_ins, record.papers
    attendees = Counter(c.member for c in check_ins)
    per_session = Counter(c.session_id for c in check_ins)
    first_prefs = Counter(b.choices[0] for b in record.ballots if b.choices)
    zone = record.club.settings.timezone
    return StatsView(
        title=t("{club}: club stats", club=record.club.name),
        lines=(
            (t("Sessions held"), str(len(held))),
            (t("Check-ins"), str(len(check_ins))),
            (t("Members who came"), str(len(attendees))),
            (t("Votes cast"), str(len(record.ballots))),
            *_presenters(record),
        ),
        bars_title=t("Attendance, recent sessions"),
        bars=tuple(
            Bar(
                format_short_day(local_date_of(s.starts_at, zone)),
                per_session.get(s.id, 0),
                papers[s.paper_id].title if s.paper_id in papers else None,
            )
            for s in held[-RECENT:]
        ),
        extra_bars_title=t("Top members") if attendees else t("Most-voted papers"),
        extra_bars=tuple(
            Bar(record.names.get(m, m.user_id), n) for m, n in attendees.most_common(TOP)
        )
        + tuple(
            Bar(papers[pid].title, n)
            for pid, n in first_prefs.most_common(TOP)
            if pid in papers and not attendees
        ),
    )


def _presenters(record: Record) -> tuple[tuple[str, str], ...]:
    """Who presented most, members and the names an imported meeting log gives alike."""
    turns = Counter(
        record.names.get(s.presenter, s.presenter.user_id) if s.presenter else s.presenter_name
        for s in record.held
        if s.status == SessionStatus.DONE and (s.presenter or s.presenter_name)
    )
    most = [t("{name} ({count})", name=name, count=n) for name, n in turns.most_common(TOP) if name]
    return ((t("Presented most"), join_names(most)),) if most else ()


def member_stats(record: Record, actor: Actor) -> StatsView:
    me = actor.member
    attended = {c.session_id for c in record.check_ins if c.member == me}
    # A session under way counts for the member once they checked in; until then it is not
    # yet a session they missed.
    done = [s for s in record.held if s.status == SessionStatus.DONE or s.id in attended]
    streak = 0
    for session in reversed(done):
        if session.id not in attended:
            break
        streak += 1
    promised = [
        r.session_id for r in record.rsvps if r.member == me and r.status == RsvpStatus.GOING
    ]
    kept = sum(1 for sid in promised if sid in attended)
    reliability: str = "—"
    if promised:
        share = kept * 100 // len(promised)
        reliability = t("{kept} of {total} ({share}%)", kept=kept, total=len(promised), share=share)
    mine = [e for e in record.queue if e.suggested_by == me]
    won = sum(1 for p in record.polls if p.winner_paper_id in {e.paper.id for e in mine})
    read_mine = sum(1 for e in mine if e.state in (QueueState.READ, QueueState.SCHEDULED))
    return StatsView(
        title=t("{name}: your stats", name=record.names.get(me, actor.display_name)),
        lines=(
            (t("Sessions attended"), t("{kept} of {total}", kept=len(attended), total=len(done))),
            (t("Current streak"), tn("{n} in a row", "{n} in a row", streak)),
            (t("RSVP 'going' kept"), reliability),
            (t("Papers you suggested"), str(len(mine))),
            (t("Your papers that won a vote"), str(won)),
            (t("Your papers read or scheduled"), str(read_mine)),
        ),
    )
