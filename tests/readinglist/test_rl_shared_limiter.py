"""One limiter per host per process (issue 14): two imports running at once, and /suggest, take
their turns at arXiv and Crossref from the same budget, because the process wires one lookup
service with one limiter (bootstrap), and a configured address is paced as the service it
stands for."""

from __future__ import annotations

import asyncio
from itertools import pairwise

from bot.bootstrap import build_services
from bot.core.clock import ManualClock
from bot.readinglist.lookup.politeness import ARXIV, CROSSREF
from bot.settings import Settings
from paperclub_fakes.paper_apis import FakeArxiv, FakeCrossref, FakePaper
from tests.readinglist.test_rl_club_import import EMPTY, empty_club

__all__ = ["empty_club"]
# A paper the club's database already has: no lookup.
KNOWN = "- [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n"


async def test_two_concurrent_imports_share_each_hosts_limiter(
    empty_club: str, arxiv: FakeArxiv, crossref: FakeCrossref, clock: ManualClock
) -> None:
    crossref.add(
        FakePaper("Deep Residual Learning for Image Recognition", 2016, doi="10.1109/x.1"),
        FakePaper(
            "Batch Normalization: Accelerating Deep Network Training",
            2015,
            doi="10.5555/icml.2015.y",
        ),
    )
    settings = Settings(
        database_url=empty_club,
        arxiv_api_url=arxiv.url,
        crossref_api_url=crossref.url,
        lookup_contact="club-admin@example.org",
        paper_text=False,
    )
    services = await build_services(settings, clock=clock, run_migrations=False, load_papers=False)
    importer = services.deps.importing.importer
    try:
        # /suggest, imports and the backfill hold the one service the process built.
        assert services.deps.suggesting.lookup is importer.lookup  # type: ignore[attr-defined]
        one, two = await asyncio.gather(
            importer.import_text(
                EMPTY,
                "# A\n\n- **Deep residual learning for image recognition** (2016)\n" + KNOWN,
                source="a.md",
            ),
            importer.import_text(
                EMPTY,
                "# B\n\n- **Batch normalization: accelerating deep network training** (2015)\n"
                + KNOWN,
                source="b.md",
            ),
        )
    finally:
        await services.close()
    assert one.applied and two.applied, (one.lines, two.lines)
    assert any("→ doi:10.1109/x.1" in line for line in one.lines), one.lines
    assert any("→ doi:10.5555/icml.2015.y" in line for line in two.lines), two.lines
    # Both imports asked arXiv, one at a time and 3 s apart (as arXiv's terms ask), although
    # each import alone made a single request.
    assert len(arxiv.requests) == 2 and arxiv.most_in_flight == 1
    assert arxiv.requests[1].at - arxiv.requests[0].at >= ARXIV.min_interval
    # And then Crossref, within its own budget, with the contact in the User-Agent.
    assert len(crossref.requests) == 2 and crossref.most_in_flight == 1
    gaps = [b.at - a.at for a, b in pairwise(crossref.requests)]
    assert all(gap >= CROSSREF.min_interval for gap in gaps)
    assert all("mailto:club-admin@example.org" in r.user_agent for r in crossref.requests)
