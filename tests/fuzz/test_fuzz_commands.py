"""Hypothesis throws arbitrary command input at every entry point: nothing may crash, and every
bad input must get a clear answer (never the generic "something went wrong").

10,000 cases each; marked slow: `make fuzz` (CI runs it) or `pytest -m slow`.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.adapters.console.app import CONSOLE_CLUB, ConsoleClub
from bot.adapters.slack.text import escape, safe
from bot.core.clock import ManualClock
from bot.core.commands.catalog import Catalog
from bot.core.commands.context import Context
from bot.core.commands.dispatch import UNEXPECTED, Dispatcher
from bot.core.commands.options import OptionKind
from bot.core.domain.ids import Actor, MemberKey, Platform
from bot.core.views import ErrorView, Reply
from tests.core.fakes import make_paper, seeded_deps

pytestmark = pytest.mark.slow
CASES = settings(
    max_examples=int(os.environ.get("PAPERCLUB_FUZZ_EXAMPLES", "10000")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
SPECS = Catalog().specs
# Text that looks like commands: slashes, command names, quotes, mentions, huge and odd input.
WORDS = st.sampled_from(
    [s.name for s in SPECS]
    + [
        "open",
        "close",
        "results",
        "#1",
        "#x",
        "1",
        "2",
        "99",
        "-1",
        "going",
        "maybe",
        "swap",
        "2026-12-02",
        "25:99",
        "Europe/Berlin",
        "Mars/Base",
        "@everyone",
        "<!channel>",
        "<@U1>",
        '"',
        "'",
        "\\",
        "\x00",
        "🙂",
        "한국어",
        "x" * 3000,
    ]
)
LINES = st.one_of(
    st.text(max_size=300),
    st.lists(WORDS, max_size=6).map(lambda ws: "/" + " ".join(ws)),
    st.builds(lambda a, b: f"/{a} {b}", WORDS, st.text(max_size=80)),
)


@pytest.fixture(scope="module")
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    new = asyncio.new_event_loop()
    yield new
    new.close()


@pytest.fixture(scope="module")
def console(loop: asyncio.AbstractEventLoop) -> Iterator[ConsoleClub]:
    clock = ManualClock(datetime(2026, 11, 24, 9, 0, tzinfo=UTC))
    deps, _ = loop.run_until_complete(seeded_deps(clock, [make_paper(n) for n in range(1, 9)]))
    club = ConsoleClub(Dispatcher(deps))
    loop.run_until_complete(club.ensure_club())
    yield club
    # Stop the ballot flusher before its loop closes.
    loop.run_until_complete(deps.voting.box.aclose())


def _clear(reply: Reply) -> None:
    if isinstance(reply.view, ErrorView):
        assert reply.view.message != UNEXPECTED, "an input crashed a use case"
        assert reply.view.message.strip()


@CASES
@given(line=LINES, admin=st.booleans())
def test_console_lines(
    console: ConsoleClub, loop: asyncio.AbstractEventLoop, line: str, admin: bool
) -> None:
    console.is_admin = admin
    answer = loop.run_until_complete(console.handle_line(line))
    assert answer is None or isinstance(answer, str)
    assert answer is None or "Something went wrong" not in answer


def _context(admin: bool) -> Context:
    actor = Actor(MemberKey(Platform.DISCORD, "g", "u"), "U", admin)
    return Context(CONSOLE_CLUB, actor, "c")


def _value(kind: OptionKind) -> st.SearchStrategy[object]:
    if kind == OptionKind.INTEGER:
        return st.integers(-(2**53), 2**53)
    return st.one_of(st.text(max_size=120), WORDS)


@st.composite
def typed_options(draw: st.DrawFn) -> tuple[str, dict[str, object]]:
    spec = draw(st.sampled_from(SPECS))
    values = {o.name: draw(_value(o.kind)) for o in spec.options if draw(st.booleans())}
    return spec.name, values


@CASES
@given(command=typed_options(), admin=st.booleans())
def test_discord_typed_options(
    console: ConsoleClub,
    loop: asyncio.AbstractEventLoop,
    command: tuple[str, dict[str, object]],
    admin: bool,
) -> None:
    """What the Discord adapter does with any option values: hands them to the core as given."""
    name, values = command
    spec = next(s for s in SPECS if s.name == name)
    reply = loop.run_until_complete(console.dispatcher.run_values(spec, values, _context(admin)))
    _clear(reply)


@CASES
@given(text=st.one_of(st.text(max_size=400), LINES))
def test_slack_subcommand_text(
    console: ConsoleClub, loop: asyncio.AbstractEventLoop, text: str
) -> None:
    """`/paperclub <text>` as the Slack adapter runs it, and its escaping of whatever comes back."""
    line = "/" + text.strip().removeprefix("/")
    reply = loop.run_until_complete(console.dispatcher.run_text(line, _context(False)))
    _clear(reply)
    for shown in (escape(text), safe(text)):
        assert "<!" not in shown and "<@" not in shown and "<#" not in shown
