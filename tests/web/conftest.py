"""What the web tests share: the bot's settings with the club's public address (and no paper
text fetched), and the bot's HTTP app served on 127.0.0.1 for a real browser."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.bootstrap import Services
from bot.httpserver import build_app
from bot.settings import Settings
from paperclub_fakes.slack_fake import serve_app
from tests.web.seed import BASE


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, paper_text=False, public_base_url=BASE)


@pytest.fixture
async def served(services: Services) -> AsyncIterator[str]:
    """The bot's HTTP app on a port of 127.0.0.1; its base URL."""
    async with serve_app(build_app(services)) as url:
        yield url
