"""A Korean club is told in Korean that its database is away (issue 17): "The club's database
isn't answering right now, so nothing was saved." was said in English in every club. Here a
CLI import (another process) holds SQLite's write lock while a member answers an RSVP, on the
real database; the answer is rendered on the console, Discord and Slack."""

from __future__ import annotations

from bot.core.views import ErrorView, Notice
from tests.i18n.platform_text import shown_everywhere
from tests.i18n.test_korean_week import HANGUL, english_runs
from tests.storage.test_database_away import built, sqlite_file, write_lock_held
from tests.storage.test_database_outage import ADMIN

__all__ = ["sqlite_file"]  # the SQLite-only database, a fixture of the outage tests


async def test_a_korean_club_is_told_in_korean_that_its_database_is_away(
    sqlite_file: str,
) -> None:
    services = await built(sqlite_file)
    try:
        d = services.dispatcher
        assert isinstance((await d.run_text("/club setup", ADMIN)).view, Notice)
        assert isinstance((await d.run_text("/club set language ko", ADMIN)).view, Notice)
        with write_lock_held(sqlite_file):
            reply = await d.run_text("/rsvp going", ADMIN)
        assert isinstance(reply.view, ErrorView) and reply.language == "ko"
        for platform, text in shown_everywhere(reply).items():
            assert HANGUL.search(text), (platform, text)
            assert not english_runs(text), (platform, text)
    finally:
        await services.close()
