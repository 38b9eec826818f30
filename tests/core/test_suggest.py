"""/suggest and /papers import through the dispatcher, on in-memory fakes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest

from bot.core.clock import ManualClock
from bot.core.commands.context import Context
from bot.core.commands.dispatch import Dispatcher
from bot.core.domain.clubs import ClubSettings
from bot.core.domain.errors import NotFound, ServiceUnavailable
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.core.domain.papers import Paper, QueueState
from bot.core.ports import PaperReference
from bot.core.views import ErrorView, Notice, PaperCard, PaperList, Tone
from tests.core.fakes import FakeDatabase, FakeImporter, make_paper, seeded_deps

CLUB = ClubKey(Platform.CONSOLE, "w", "c")
ADA = Context(CLUB, Actor(MemberKey(Platform.CONSOLE, "w", "ada"), "Ada", is_admin=True), "r")
BO = Context(CLUB, Actor(MemberKey(Platform.CONSOLE, "w", "bo"), "Bo"), "r")
START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

PAPERS = [
    make_paper(1, "Attention Is All You Need", arxiv_id="1706.03762", year=2017),
    make_paper(2, "BERT: Pre-training of Deep Bidirectional Transformers", year=2018),
]
FETCHED = Paper(
    0,
    "scaling-laws-for-neural-language-models",
    "Scaling Laws for Neural Language Models",
    ("Jared Kaplan",),
    2020,
    "https://arxiv.org/abs/2001.08361",
    arxiv_id="2001.08361",
    summary="Loss falls as a power law.",
    prompts=("a?", "b?", "c?"),
)


@dataclass
class FakeLookup:
    """Knows 2001.08361; 4040.40404 is a 404 and 5000.00000 times out."""

    calls: list[str] = field(default_factory=list)

    def identify(self, text: str) -> PaperReference | None:
        for arxiv_id in ("2001.08361", "1706.03762", "4040.40404", "5000.00000"):
            if arxiv_id in text:
                return PaperReference(arxiv_id=arxiv_id)
        return None

    async def resolve(self, reference: str) -> Paper | None:
        self.calls.append(reference)
        ref = self.identify(reference)
        if ref is None:
            return None
        if ref.arxiv_id == "4040.40404":
            raise NotFound("arXiv has no paper 4040.40404")
        if ref.arxiv_id == "5000.00000":
            raise ServiceUnavailable("arXiv is not answering right now")
        return FETCHED


@pytest.fixture
async def bot() -> tuple[Dispatcher, FakeDatabase, FakeLookup]:
    lookup = FakeLookup()
    deps, db = await seeded_deps(
        ManualClock(START), PAPERS, ClubSettings(), lookup=lookup, importer=FakeImporter()
    )
    dispatcher = Dispatcher(deps)
    reply = await dispatcher.run_text("/club setup", ADA)
    assert isinstance(reply.view, Notice)
    return dispatcher, db, lookup


async def _say(dispatcher: Dispatcher, line: str, ctx: Context = BO) -> Notice | ErrorView:
    reply = await dispatcher.run_text(line, ctx)
    assert isinstance(reply.view, Notice | ErrorView), reply.view
    return reply.view


async def test_suggesting_a_link_adds_a_credited_candidate(bot: tuple) -> None:
    dispatcher, db, lookup = bot
    view = await _say(dispatcher, "/suggest https://arxiv.org/abs/2001.08361v2")
    assert isinstance(view, Notice) and view.tone == Tone.SUCCESS
    assert "Bo suggested “Scaling Laws for Neural Language Models” (2020)" in view.text
    assert "It will be a candidate in the next vote." in view.details
    (entry,) = [e for e in db.store.queue.values() if e.state == QueueState.SUGGESTED]
    assert entry.suggested_by == BO.actor.member and entry.paper.arxiv_id == "2001.08361"
    # The second time it is a duplicate, found without another lookup.
    again = await _say(dispatcher, "/suggest 2001.08361", ADA)
    assert isinstance(again, Notice) and again.tone == Tone.WARNING
    assert "already suggested by Bo" in again.text and len(lookup.calls) == 1
    listed = (await dispatcher.run_text("/papers scaling", BO)).view
    assert isinstance(listed, PaperList) and listed.items[0].state == "suggested"
    card = (await dispatcher.run_text("/paper scaling laws", BO)).view
    assert isinstance(card, PaperCard) and card.summary == "Loss falls as a power law."


async def test_a_known_paper_by_id_or_title_is_a_duplicate(bot: tuple) -> None:
    dispatcher, _, lookup = bot
    by_id = await _say(dispatcher, "/suggest https://arxiv.org/pdf/1706.03762v7")
    assert isinstance(by_id, Notice) and "already in the reading queue, at #1" in by_id.text
    by_title = await _say(dispatcher, "/suggest attention is all you need!")
    assert isinstance(by_title, Notice) and "“Attention Is All You Need” (2017)" in by_title.text
    nickname = await _say(dispatcher, "/suggest BERT")
    assert isinstance(nickname, Notice) and "BERT: Pre-training" in nickname.text
    typo = await _say(dispatcher, "/suggest Atention Is All You Need")
    assert isinstance(typo, Notice) and "already" in typo.text
    assert lookup.calls == []


async def test_a_known_paper_outside_the_club_is_suggested(bot: tuple) -> None:
    dispatcher, db, _ = bot
    async with db.uow() as uow:
        await uow.papers.upsert(make_paper(9, "Chain-of-Thought Prompting Elicits Reasoning"))
        await uow.commit()
    view = await _say(dispatcher, "/suggest chain of thought prompting elicits reasoning")
    assert isinstance(view, Notice) and view.tone == Tone.SUCCESS


async def test_unknown_titles_and_bad_links_are_friendly_errors(bot: tuple) -> None:
    dispatcher, db, _ = bot
    before = dict(db.store.queue)
    unknown = await _say(dispatcher, "/suggest Don't Stop Pretraining")
    assert isinstance(unknown, ErrorView) and "I don't know a paper titled" in unknown.message
    assert unknown.hint and "arXiv or DOI link" in unknown.hint
    missing = await _say(dispatcher, "/suggest https://arxiv.org/abs/4040.40404")
    assert isinstance(missing, ErrorView) and missing.message == "arXiv has no paper 4040.40404"
    down = await _say(dispatcher, "/suggest arXiv:5000.00000")
    assert isinstance(down, ErrorView) and "not answering" in down.message
    huge = await _say(dispatcher, "/suggest " + "x" * 600)
    assert isinstance(huge, ErrorView) and "600 characters" in huge.message
    hidden = await _say(dispatcher, "/suggest Attention\u202e Is All")
    assert isinstance(hidden, ErrorView) and "control characters" in hidden.message
    empty = await _say(dispatcher, "/suggest")
    assert isinstance(empty, ErrorView)
    assert db.store.queue == before


async def test_papers_import_is_for_admins_and_checks_size(bot: tuple) -> None:
    dispatcher, _, _ = bot
    importer = dispatcher.deps.importing.importer
    assert isinstance(importer, FakeImporter)
    denied = await _say(dispatcher, "/papers import 1706.03762", BO)
    assert isinstance(denied, ErrorView) and "admin" in denied.message
    text = 'Don\'t Stop Pretraining: one line\n"Quoted": two'
    done = await _say(dispatcher, f"/papers import {text}", ADA)
    assert isinstance(done, Notice) and done.tone == Tone.SUCCESS
    assert importer.texts == [text]  # verbatim: quotes and newlines survive
    big = await _say(dispatcher, "/papers import " + "a" * (6 * 1024 * 1024), ADA)
    assert isinstance(big, ErrorView) and "limit is 5.0 MB" in big.message
    link = await _say(dispatcher, "/papers import https://example.org/list.bib", ADA)
    assert isinstance(link, ErrorView) and "links" in link.message
    assert len(importer.texts) == 1


async def test_an_exact_title_wins_over_a_similar_one_with_another_number() -> None:
    """ "Paper number 4" is not "Paper number 14" (nor GPT-3 GPT-2): a title the bot knows exactly
    wins over a near one in the club's queue, and titles whose numbers differ are not similar."""
    deps, db = await seeded_deps(ManualClock(START), [make_paper(14)], ClubSettings())
    dispatcher = Dispatcher(deps)
    assert isinstance((await dispatcher.run_text("/club setup", ADA)).view, Notice)
    async with db.uow() as uow:
        await uow.papers.upsert(make_paper(4))
        await uow.commit()
    for line in ('/suggest "Paper number 4"', "/suggest paper number 4"):
        view = await _say(dispatcher, line)
        assert isinstance(view, Notice) and "“Paper number 4”" in view.text, view
        assert "14" not in view.text
    unknown = await _say(dispatcher, '/suggest "Paper number 41"')
    assert isinstance(unknown, ErrorView) and "Paper number 41" in unknown.message
