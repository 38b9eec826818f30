"""A reading list of title-only entries that the fake arXiv knows, for the chat-import tests:
each title is searched on arXiv at arXiv's pace (3 s a request), long enough to show progress."""

from __future__ import annotations

from bot.settings import Settings
from paperclub_fakes.paper_apis import FakeArxiv, FakePaper

TITLES = [
    "Sparse Widgets for Neural Gardening",
    "Dense Widgets for Symbolic Gardening",
    "Widget Gardens as Graph Neural Networks",
    "Gardening Widgets with Diffusion Models",
]


def title_list(count: int) -> str:
    return "# Widgets\n\n" + "".join(f"- **{t}** (2024)\n" for t in TITLES[:count])


def settings_with_titles(database_url: str, arxiv: FakeArxiv) -> Settings:
    """Settings whose arXiv is `arxiv`, which then knows every title of TITLES."""
    arxiv.add(*(FakePaper(t, 2024, arxiv_id=f"2401.3000{n}") for n, t in enumerate(TITLES)))
    return Settings(database_url=database_url, paper_text=False, arxiv_api_url=arxiv.url)
