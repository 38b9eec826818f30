"""A Korean club imports its reading list and corrects a paper: every answer in Korean (issue 17).

The week's scenario beside this one never imports: the import's answers (what was read, what was
added, merged or refused and why, the progress line) and /paper edit's refusals were still
English in a `ko` club. Here an admin imports a realistic list three ways (a Markdown table, a
BibTeX file with one broken entry, a link that cannot be looked up), pastes a lone link, and
edits a summary too long for a card; each answer is rendered on the console, Discord and Slack
and must hold no English sentence but the papers' own titles and authors.
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.bootstrap import Services, build_services
from bot.core.clock import ManualClock
from bot.core.commands.options import Upload
from bot.core.usecases import edit_paper, import_papers
from bot.settings import ClubDefaults, Settings
from paperclub_fakes.paper_apis import FakeArxiv, FakePaper
from tests.i18n.test_korean_week import Club, Heard, assert_korean, english_runs

TABLE = """# 우리 클럽 읽기 목록

| Title | Authors | Year | Link |
| --- | --- | --- | --- |
| Attention Is All You Need | Vaswani et al. | 2017 | https://arxiv.org/abs/1706.03762 |
| Mixture of Sparse Gardeners | Kim Minji, Lee Jun | 2024 | https://arxiv.org/abs/2401.30001 |
| 한국어 문서 요약을 위한 사전학습 | 박서연 | 2023 | https://example.org/korean-summaries |
|  | Nobody | 2022 | |
"""

BIBTEX = """@article{gardeners,
  title = {Sparse Gardeners All the Way Down},
  author = {Kim, Minji and Lee, Jun},
  year = {2024},
  eprint = {2401.30002},
  archiveprefix = {arXiv}
}

@article{broken,
  author = {Nobody, Anne},
  year = {20x4}
}

@inproceedings{seoul,
  title = {Reading Groups at Scale},
  author = {Park, Seoyeon},
  booktitle = {Proceedings of the Club Workshop},
  year = {2025},
  doi = {10.1234/clubs.2025.1}
}
"""

# An arXiv link the (fake) arXiv does not know: its lookup fails, and the import says so.
UNKNOWN_LINK = "- https://arxiv.org/abs/2401.99999\n- https://arxiv.org/abs/2401.30003\n"

OWN = (
    "Mixture of Sparse Gardeners",
    "Sparse Gardeners All the Way Down",
    "Reading Groups at Scale",
    "Proceedings of the Club Workshop",
    "Widgets Under Glass",
    "Kim Minji",
    "Lee Jun",
)


@pytest.fixture
async def korean_importing(
    database_url: str, clock: ManualClock, arxiv: FakeArxiv
) -> AsyncIterator[Services]:
    arxiv.add(
        FakePaper("Mixture of Sparse Gardeners", 2024, ("Kim Minji",), arxiv_id="2401.30001"),
        FakePaper("Sparse Gardeners All the Way Down", 2024, ("Kim Minji",), arxiv_id="2401.30002"),
        FakePaper("Widgets Under Glass", 2024, ("Lee Jun",), arxiv_id="2401.30003"),
    )
    defaults = ClubDefaults(language="ko", timezone="Asia/Seoul")
    settings = Settings(
        database_url=database_url,
        paper_text=False,
        club_defaults=defaults,
        arxiv_api_url=arxiv.url,
    )
    built = await build_services(settings, clock=clock, run_migrations=False, load_papers=False)
    try:
        yield built
    finally:
        await built.close()


def _english(text: str) -> list[str]:
    for own in OWN:
        text = text.replace(own, " ¦ ")
    return english_runs(text)


async def test_a_korean_club_imports_and_edits_in_korean(
    korean_importing: Services, tmp_path: Path
) -> None:
    services = korean_importing
    heard = Heard()
    club = Club(services, heard)
    assert await club.console.ensure_club() is not None
    await club.say("/club setup wed 19:00 Asia/Seoul")

    async def run(spec: Any, what: str, values: dict[str, object], member: str = "you") -> None:
        reply = await services.dispatcher.run_values(spec, values, club.context(member))
        heard.reply(what, reply, services)

    async def run_import(what: str, values: dict[str, object], member: str = "you") -> None:
        await run(import_papers.SPEC, what, values, member)

    await run_import("markdown table", {"text": TABLE})
    await run_import("bibtex file", {"file": Upload("library.bib", BIBTEX.encode())})
    await run_import("unknown link", {"text": UNKNOWN_LINK})
    await run_import("a lone link", {"text": "https://example.org/our-list.csv"})
    await run_import("empty", {"text": "  "})
    await run_import("not utf-8", {"file": Upload("list.csv", "title\nCafé".encode("utf-16"))})
    await run_import("again", {"text": TABLE})
    await run_import("a member", {"text": TABLE}, "alice")
    path = tmp_path / "library.bib"
    path.write_text(BIBTEX, encoding="utf-8")
    await club.console_line(f"/papers import {path}")
    await club.console_line(f"/papers import {tmp_path / 'missing.bib'}")
    # The console's own paste: its prompt, then the import's answer.
    out = io.StringIO()
    await club.console.run(stdin=io.StringIO(f"/papers import\n{UNKNOWN_LINK}.\n"), stdout=out)
    heard.console_only("console: a pasted list", out.getvalue())

    # Discord's text option holds up to 6,000 characters: more than a card's summary takes.
    too_long = {"paper": "attention", "part": "summary", "text": "긴 요약입니다. " * 300}
    await run(edit_paper.SPEC, "edit: too long", too_long)
    await club.say("/paper edit attention summary 주의 메커니즘만으로 번역을 학습한다.")
    await club.say("/paper edit attention summary 주의 메커니즘만으로 번역을 학습한다.")
    await club.say("/paper edit zzzqqq summary 요약")
    await club.say("/paper edit attention summary 요약", "alice")
    await club.say("/paper edit attention prompts " + " | ".join(["질문?"] * 9))
    await club.say("/paper edit attention prompts " + "아주 긴 질문 " * 80)

    # What was said is what happened: the table's new papers are queued, the BibTeX file with
    # its broken entry and the list with an unknown id import nothing, and each names why.
    console = dict(heard.texts["console"])
    assert "library.bib:9" in console["bibtex file"] and "'broken'" in console["bibtex file"]
    assert "2401.99999" in console["unknown link"]
    async with services.deps.uow() as uow:
        titles = {paper.title for paper in await uow.papers.all()}
    assert "Mixture of Sparse Gardeners" in titles
    assert not {"Sparse Gardeners All the Way Down", "Widgets Under Glass"} & titles

    assert_korean(heard, _english)
