"""Every rule about a scheduled post's fate, on the pure `decide`: a table of cases, then
properties over open-ended times, states and failures (and a model of the worker's loop)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.domain.clubs import Club, ClubSettings
from bot.core.domain.ids import ClubKey, Platform
from bot.core.domain.mirrors import MirrorStatus, SessionMirror
from bot.core.domain.outbox import VIEW, OutboxEntry, OutboxStatus, PostKind
from bot.core.domain.polls import Poll, PollStatus
from bot.core.domain.post_fate import (
    Cancel,
    Defer,
    GiveUp,
    Missed,
    PostPolicy,
    Retry,
    Send,
    Verdict,
    decide,
)
from bot.core.domain.sessions import Session, SessionStatus

START = datetime(2030, 3, 6, 18, 0, tzinfo=UTC)  # the session's start; it lasts an hour
POLICY = PostPolicy(grace=timedelta(hours=6), max_attempts=5, on_time=timedelta(minutes=5))
CLUB = Club(1, ClubKey(Platform.CONSOLE, "w", "c"), "Club", ClubSettings(), START)
PAUSED = replace(CLUB, settings=ClubSettings(paused=True))
SESSION = Session(7, 1, START, 60)
SKIPPED = replace(SESSION, status=SessionStatus.SKIPPED)
# When each kind falls due for SESSION (the weekly plan's lead times, roughly).
DUE = {
    PostKind.ANNOUNCEMENT: START - timedelta(days=3),
    PostKind.REMINDER: START - timedelta(hours=1),
    PostKind.DM_REMINDER: START - timedelta(hours=1),
    PostKind.START: START,
    PostKind.VOTE_OPEN: START + timedelta(hours=1),
    PostKind.VOTE_CLOSED: START + timedelta(days=2),
    PostKind.NUDGE: START + timedelta(days=1),
    PostKind.NOTICE: START,
    PostKind.EVENT: START - timedelta(days=7),
}
SESSION_KINDS = (PostKind.ANNOUNCEMENT, PostKind.REMINDER, PostKind.START, PostKind.VOTE_OPEN)
MIRROR = SessionMirror(7, START, START + timedelta(hours=1), "Club", "T", "", MirrorStatus.PLANNED)


def entry(
    kind: PostKind, *, attempts: int = 0, prepared: bool = False, due: datetime | None = None
) -> OutboxEntry:
    payload: dict[str, object] = {VIEW: {"t": "notice"}} if prepared else {}
    if kind == PostKind.EVENT:
        payload = MIRROR.to_payload()
    session_id = SESSION.id if kind in (*SESSION_KINDS, PostKind.EVENT) else None
    return OutboxEntry(
        id=1,
        key=f"k:{kind}",
        club_id=1,
        session_id=session_id,
        kind=kind,
        due_at=due or DUE[kind],
        status=OutboxStatus.PENDING,
        attempts=attempts,
        payload=payload,
    )


def poll(closes_at: datetime) -> Poll:
    opened = closes_at - timedelta(days=2)
    return Poll(3, 1, "plurality", False, PollStatus.OPEN, opened, closes_at, (1, 2))


def at(kind: PostKind, delta: timedelta) -> datetime:
    return DUE[kind] + delta


ON_TIME = timedelta(minutes=1)
LATE = timedelta(minutes=30)

CASES: list[tuple[str, Verdict, dict[str, object]]] = [
    # (what, expected verdict, decide's arguments beyond the defaults)
    ("announcement on time", Send(), {"kind": PostKind.ANNOUNCEMENT, "now": ON_TIME}),
    ("announcement late", Send(late=True), {"kind": PostKind.ANNOUNCEMENT, "now": LATE}),
    (
        "reminder within grace but the session started",
        Missed(""),
        {"kind": PostKind.REMINDER, "now": timedelta(hours=1)},
    ),
    ("reminder on time", Send(), {"kind": PostKind.REMINDER, "now": ON_TIME}),
    ("start late but the session is on", Send(late=True), {"kind": PostKind.START, "now": LATE}),
    ("start after the session ended", Missed(""), {"kind": PostKind.START, "now": LATE * 2}),
    ("vote opens after the session", Send(), {"kind": PostKind.VOTE_OPEN, "now": ON_TIME}),
    (
        "any post past the grace",
        Missed(""),
        {"kind": PostKind.VOTE_OPEN, "now": timedelta(hours=7)},
    ),
    (
        "a nudge past the grace",
        Missed(""),
        {"kind": PostKind.NUDGE, "now": timedelta(hours=6, seconds=1)},
    ),
    (
        "a notice at the edge of grace",
        Send(late=True),
        {"kind": PostKind.NOTICE, "now": timedelta(hours=6)},
    ),
    ("paused club", Cancel(""), {"kind": PostKind.REMINDER, "now": ON_TIME, "club": PAUSED}),
    (
        "paused club, vote close",
        Cancel(""),
        {"kind": PostKind.VOTE_CLOSED, "now": ON_TIME, "club": PAUSED},
    ),
    (
        "skipped session",
        Cancel(""),
        {"kind": PostKind.REMINDER, "now": ON_TIME, "session": SKIPPED},
    ),
    ("session gone", Cancel(""), {"kind": PostKind.START, "now": ON_TIME, "session": None}),
    (
        "a prepared post in a paused club still goes: its message and vote are fixed",
        Send(),
        {"kind": PostKind.VOTE_OPEN, "now": ON_TIME, "club": PAUSED, "prepared": True},
    ),
    (
        "a prepared reminder recovered after the start is missed",
        Missed(""),
        {"kind": PostKind.REMINDER, "now": timedelta(hours=2), "prepared": True},
    ),
    (
        "announcement waits for the vote closing now",
        Defer(""),
        {"kind": PostKind.ANNOUNCEMENT, "now": ON_TIME, "poll": poll(DUE[PostKind.ANNOUNCEMENT])},
    ),
    (
        "announcement beside a vote closing later",
        Send(),
        {"kind": PostKind.ANNOUNCEMENT, "now": ON_TIME, "poll": poll(START)},
    ),
    (
        "a prepared announcement does not wait",
        Send(),
        {
            "kind": PostKind.ANNOUNCEMENT,
            "now": ON_TIME,
            "prepared": True,
            "poll": poll(DUE[PostKind.ANNOUNCEMENT]),
        },
    ),
    ("first failure", Retry(""), {"kind": PostKind.REMINDER, "now": ON_TIME, "failure": "x"}),
    (
        "failure on the fourth attempt",
        Retry(""),
        {"kind": PostKind.REMINDER, "now": ON_TIME, "failure": "x", "attempts": 3},
    ),
    (
        "failure on the last attempt",
        GiveUp(""),
        {"kind": PostKind.REMINDER, "now": ON_TIME, "failure": "x", "attempts": 4},
    ),
    (
        "a DM the platform refuses for good, on the first attempt",
        GiveUp(""),
        {"kind": PostKind.DM_REMINDER, "now": ON_TIME, "failure": "x", "permanent": True},
    ),
    (
        "a member's DM reminder once the session started",
        Missed(""),
        {"kind": PostKind.DM_REMINDER, "now": timedelta(hours=1)},
    ),
    ("event ahead of its session", Send(), {"kind": PostKind.EVENT, "now": ON_TIME}),
    (
        "event once the session started",
        Cancel(""),
        {"kind": PostKind.EVENT, "now": START - DUE[PostKind.EVENT]},
    ),
    (
        "event, platform without a calendar",
        Cancel(""),
        {"kind": PostKind.EVENT, "now": ON_TIME, "calendar": False},
    ),
    (
        "event of a paused club still syncs (to show it cancelled)",
        Send(),
        {"kind": PostKind.EVENT, "now": ON_TIME, "club": PAUSED, "session": SKIPPED},
    ),
]


@pytest.mark.parametrize(("what", "expected", "args"), CASES, ids=[c[0] for c in CASES])
def test_decide_table(what: str, expected: Verdict, args: dict[str, object]) -> None:
    kind = args["kind"]
    assert isinstance(kind, PostKind)
    delta = args["now"]
    assert isinstance(delta, timedelta)
    verdict = decide(
        entry(kind, attempts=int(args.get("attempts", 0)), prepared=bool(args.get("prepared"))),
        args.get("club", CLUB),
        args.get("session", SESSION),
        at(kind, delta),
        POLICY,
        poll=args.get("poll"),
        calendar=bool(args.get("calendar", True)),
        failure=args.get("failure"),
        permanent=bool(args.get("permanent")),
    )
    assert type(verdict) is type(expected), (what, verdict)
    if isinstance(expected, Send):
        assert verdict == expected


def test_each_verdict_names_the_status_it_leaves() -> None:
    statuses = {
        Send: OutboxStatus.SENT,
        Defer: OutboxStatus.PENDING,
        Retry: OutboxStatus.PENDING,
        Missed: OutboxStatus.MISSED,
        Cancel: OutboxStatus.CANCELLED,
        GiveUp: OutboxStatus.FAILED,
    }
    assert {kind: kind.status for kind in statuses} == statuses


# --- properties --------------------------------------------------------------------------

kinds = st.sampled_from(sorted(set(PostKind) - {PostKind.EVENT}))
offsets = st.timedeltas(min_value=timedelta(days=-2), max_value=timedelta(days=3))
sessions = st.sampled_from([SESSION, SKIPPED, None])
clubs = st.sampled_from([CLUB, PAUSED])


@given(kinds, offsets, sessions, clubs, st.booleans(), st.integers(0, 10))
def test_a_post_is_never_sent_after_it_stops_meaning_anything(
    kind: PostKind,
    offset: timedelta,
    session: Session | None,
    club: Club,
    prepared: bool,
    attempts: int,
) -> None:
    now = DUE[kind] + offset
    session = session if kind in SESSION_KINDS else None  # only those have a session
    verdict = decide(entry(kind, attempts=attempts, prepared=prepared), club, session, now, POLICY)
    if not isinstance(verdict, Send):
        return
    assert now - DUE[kind] <= POLICY.grace
    assert verdict.late == (now - DUE[kind] >= POLICY.on_time)
    if session is not None and kind in (
        PostKind.ANNOUNCEMENT,
        PostKind.REMINDER,
        PostKind.DM_REMINDER,
    ):
        assert now < session.starts_at
    if session is not None and kind == PostKind.START:
        assert now < session.ends_at  # never after its session ended
    if not prepared:
        assert not club.settings.paused
        assert session is None or session.status != SessionStatus.SKIPPED


@given(kinds, offsets, st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=2)), sessions)
def test_once_missed_always_missed(
    kind: PostKind, offset: timedelta, later: timedelta, session: Session | None
) -> None:
    now = DUE[kind] + offset
    first = decide(entry(kind), CLUB, session, now, POLICY)
    if isinstance(first, Missed):
        assert isinstance(decide(entry(kind), CLUB, session, now + later, POLICY), Missed)


@given(kinds, st.integers(0, 20), st.integers(1, 10), st.text(min_size=1, max_size=20))
def test_a_failure_is_retried_until_the_attempts_run_out(
    kind: PostKind, attempts: int, max_attempts: int, error: str
) -> None:
    policy = replace(POLICY, max_attempts=max_attempts)
    verdict = decide(
        entry(kind, attempts=attempts), CLUB, SESSION, DUE[kind], policy, failure=error
    )
    assert isinstance(verdict, GiveUp if attempts + 1 >= max_attempts else Retry)
    assert verdict.reason == error


@st.composite
def lives(draw: st.DrawFn) -> tuple[PostKind, list[tuple[timedelta, bool]], Session | None]:
    """A post's life: claims at increasing moments, each send failing or not."""
    kind = draw(kinds)
    steps = draw(
        st.lists(
            st.tuples(st.timedeltas(timedelta(0), timedelta(hours=3)), st.booleans()), max_size=12
        )
    )
    return kind, steps, draw(sessions)


@given(lives(), st.integers(1, 6))
def test_a_life_ends_once_sends_at_most_once_and_tries_a_bounded_number_of_times(
    life: tuple[PostKind, list[tuple[timedelta, bool]], Session | None], max_attempts: int
) -> None:
    """The worker's loop, modelled: claim (attempts + 1), decide, send; a failed send asks
    decide again with the failure. Whatever happens, the entry is sent at most once, nothing
    happens after it ends, and it is claimed at most max_attempts times before giving up."""
    kind, steps, session = life
    session = session if kind in SESSION_KINDS else None
    policy = replace(POLICY, max_attempts=max_attempts)
    current = entry(kind)
    now = current.due_at
    sent_at: list[datetime] = []
    final: Verdict | None = None
    claims = 0
    for wait, fails in steps:
        now += wait
        if final is not None:
            break
        claims += 1
        verdict = decide(current, CLUB, session, now, policy)
        if isinstance(verdict, Send):
            if fails:
                verdict = decide(current, CLUB, session, now, policy, failure="down")
            else:
                sent_at.append(now)
                final = verdict
                continue
        if isinstance(verdict, (Missed, Cancel, GiveUp)):
            final = verdict
        current = replace(current, attempts=current.attempts + 1)
    assert len(sent_at) <= 1
    assert claims <= max_attempts or not isinstance(final, GiveUp)
    if isinstance(final, GiveUp):
        assert claims == max_attempts and not sent_at
    if sent_at:
        assert isinstance(final, Send)
        assert sent_at[0] - DUE[kind] <= policy.grace
        if session is not None and kind == PostKind.START:
            assert sent_at[0] < session.ends_at
