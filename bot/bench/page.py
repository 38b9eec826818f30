"""The club's public page for a club with a long history: 200 past sessions, each with its
check-ins and the vote that chose its paper, rendered as the HTTP route does (the use case by
token, then the Jinja2 template with its SVG charts). Server time only: no network, no browser.
"""

from __future__ import annotations

import random
import time
from dataclasses import replace
from datetime import timedelta

from bot.bench.common import SEED, T0, bench_services, member
from bot.bench.feed import statements
from bot.bench.results import Figure, Row
from bot.bench.stats import percentile
from bot.core.commands.context import Store
from bot.core.domain.attendance import CheckIn
from bot.core.domain.clubs import ClubSettings
from bot.core.domain.ids import ClubKey, Platform
from bot.core.domain.papers import Paper, QueueState
from bot.core.domain.polls import Ballot, Poll, PollStatus
from bot.core.domain.sessions import NewSession, SessionStatus
from bot.core.usecases import club_page
from bot.core.usecases.renew_calendar_link import new_token
from bot.webpage.render import render_page

RENDERS = 60
MEMBERS = 30
CANDIDATES = 4
CLUB = ClubKey(Platform.CONSOLE, "bench", "page")


async def measure(url: str, past_sessions: int) -> Row:
    row = Row("page", f"club page with {past_sessions} past sessions: lookup and render")
    async with bench_services(url, load_papers=False) as services:
        store = services.deps.store
        token = await _seed(store, past_sessions)
        times: list[float] = []
        size = 0
        with statements(services.engine) as sent:
            await club_page.by_token(token, store, None)
        for _ in range(RENDERS):
            began = time.perf_counter()
            page = await club_page.by_token(token, store, "https://paperclub.example")
            if page is None or len(page.archive) != past_sessions:
                raise RuntimeError("the page did not show the club's whole archive")
            size = len(render_page(page, "/page-assets/"))
            times.append(time.perf_counter() - began)
        row.add(Figure("p50", percentile(times, 50) * 1000, "ms"))
        row.add(Figure("p99", percentile(times, 99) * 1000, "ms"))
        row.add(Figure("page size", size / 1024, "KiB"))
        # Constant whatever the archive's length: no query per session.
        row.add(Figure("statements", len(sent), "per page"))
    return row


async def _seed(store: Store, sessions: int) -> str:
    rng = random.Random(SEED)
    token = new_token()
    start = T0 - timedelta(weeks=sessions + 1)
    async with store.uow() as uow:
        club = await uow.clubs.add(CLUB, "Bench club", ClubSettings(), start)
        await uow.clubs.update(replace(club, page_token=token, calendar_token=new_token()))
        papers = []
        for n in range(sessions + CANDIDATES * 3):
            papers.append(
                await uow.papers.upsert(
                    Paper(
                        id=0,
                        slug=f"bench-page-{n}",
                        title=f"A paper about topic {n} and its consequences for reading groups",
                        authors=(f"Author {n}", f"Coauthor {n}", "Third Person", "Fourth"),
                        year=2000 + n % 26,
                        url=f"https://arxiv.org/abs/2401.{n:05d}",
                        arxiv_id=f"2401.{n:05d}",
                        summary="A summary long enough to look like one. " * 6,
                        prompts=("What is the claim?", "Is the evidence enough?"),
                    )
                )
            )
        await uow.queue.append_many(club.id, [p.id for p in papers], start)
        for n in range(MEMBERS):
            await uow.members.ensure(member(n, "bench"), f"Member {n}", start)
        planned = await uow.sessions.add_many(
            [NewSession(club.id, start + timedelta(weeks=w), 60) for w in range(sessions)]
        )
        for week, session in enumerate(planned):
            paper = papers[week]
            await uow.sessions.update(
                replace(session, status=SessionStatus.DONE, paper_id=paper.id)
            )
            await uow.queue.set_state(club.id, paper.id, QueueState.READ)
            for n in rng.sample(range(MEMBERS), rng.randint(4, 16)):
                await uow.attendance.check_in(
                    CheckIn(session.id, member(n, "bench"), session.starts_at)
                )
            others = [p.id for p in papers[sessions:]][: CANDIDATES - 1]
            poll = await uow.polls.add(
                Poll(
                    id=0,
                    club_id=club.id,
                    method="plurality",
                    anonymous=week % 2 == 0,
                    status=PollStatus.CLOSED,
                    opened_at=session.starts_at - timedelta(days=3),
                    closes_at=session.starts_at - timedelta(days=1),
                    candidates=(paper.id, *others),
                    winner_paper_id=paper.id,
                )
            )
            for n in rng.sample(range(MEMBERS), 12):
                choice = paper.id if rng.random() < 0.6 else rng.choice(others)
                await uow.polls.put_ballot(
                    Ballot(poll.id, member(n, "bench"), (choice,), poll.opened_at)
                )
        await uow.commit()
    return token
