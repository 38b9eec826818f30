"""A club's own summary and prompts: an admin edits, regenerates and resets them; a Korean
club's /suggest gets them in Korean when a language model can write them. On the in-memory
fakes; the same repository methods run on SQLite and PostgreSQL in tests/storage."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from bot.core.clock import ManualClock
from bot.core.commands.context import Context, Deps
from bot.core.commands.dispatch import Dispatcher
from bot.core.domain.clubs import ClubSettings
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.core.domain.papers import Paper, PaperContent, SummarySource
from bot.core.usecases import edit_paper
from bot.core.views import ErrorView, Notice, PaperCard, PaperList
from tests.core.fakes import FakeDatabase, make_paper, seeded_deps
from tests.core.test_suggest import FETCHED, FakeLookup
from tests.i18n.platform_text import shown_everywhere

CLUB = ClubKey(Platform.CONSOLE, "w", "c")
OTHER = ClubKey(Platform.CONSOLE, "w", "other")
ADA = Context(CLUB, Actor(MemberKey(Platform.CONSOLE, "w", "ada"), "Ada", is_admin=True), "r")
BO = Context(CLUB, Actor(MemberKey(Platform.CONSOLE, "w", "bo"), "Bo"), "r")
ADA_ELSEWHERE = replace(ADA, club=OTHER)
START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
PAPERS = [
    replace(
        make_paper(1, "Attention Is All You Need", arxiv_id="1706.03762", year=2017),
        summary="The Transformer.",
        prompts=("Why scale by the square root of d_k?", "Do heads matter?", "Encoders?"),
    ),
]
KOREAN = PaperContent(
    summary="스케일링 법칙을 다룬 논문이다. 손실은 멱법칙을 따른다.",
    prompts=("왜 멱법칙일까요?", "데이터가 부족하면 어떻게 될까요?", "계산량은 어떻게 나눌까요?"),
    source=SummarySource.LLM,
    language="ko",
    source_language="en",
)


@dataclass
class FakeWriter:
    """Korean from a model when asked for Korean, else the grounded English text."""

    asked: list[tuple[str, str]] = field(default_factory=list)
    korean: bool = True

    async def content_for(self, paper: Paper, language: str) -> PaperContent:
        self.asked.append((paper.title, language))
        if language == "ko" and self.korean:
            return KOREAN
        return PaperContent(
            summary=f"From the text of {paper.title}.",
            prompts=(f"Does {paper.title} hold up on a second dataset?",) * 3,
            source=SummarySource.PAPER_TEXT,
            source_language="en",
        )


async def _bot(language: str = "en") -> tuple[Deps, FakeDatabase, FakeWriter]:
    writer = FakeWriter()
    deps, db = await seeded_deps(
        ManualClock(START),
        PAPERS,
        ClubSettings(language=language),
        lookup=FakeLookup(),
        writer=writer,
    )
    dispatcher = Dispatcher(deps)
    for ctx in (ADA, ADA_ELSEWHERE):
        assert isinstance((await dispatcher.run_text("/club setup", ctx)).view, Notice)
    return deps, db, writer


async def _card(deps: Deps, line: str, ctx: Context = ADA) -> PaperCard:
    view = (await Dispatcher(deps).run_text(line, ctx)).view
    assert isinstance(view, PaperCard), view
    return view


async def test_an_admin_edits_the_prompts_for_their_club_only() -> None:
    deps, _, _ = await _bot()
    card = await _card(
        deps,
        "/paper edit attention prompts Which ablation in Table 3 convinces you most? | "
        "Is BLEU the right measure here?",
    )
    new = ("Which ablation in Table 3 convinces you most?", "Is BLEU the right measure here?")
    assert card.prompts == new and card.heading == "Updated for this club"
    assert card.summary == "The Transformer."  # what the admin did not replace stays
    assert card.summary_source == "edited"
    assert (await _card(deps, "/paper attention", BO)).prompts == new
    assert (await _card(deps, "/paper attention", ADA_ELSEWHERE)).prompts == PAPERS[0].prompts
    # A new summary later keeps the edited prompts; prompts may also come one per line.
    again = await _card(deps, '/paper edit "attention is all" summary   Attention,   only. ')
    assert again.summary == "Attention, only." and again.prompts == new
    lines = await edit_paper.execute(
        edit_paper.EditPaperContent("attention", prompts=tuple(["One?", "Two?"])),
        ADA,
        deps.writing,
    )
    assert lines.prompts == ("One?", "Two?")


async def test_the_same_edit_again_says_nothing_changed() -> None:
    """A double submit (a retried Slack form, a repeated command) writes nothing new and says
    so, instead of "Updated" for a card that did not change."""
    deps, db, _ = await _bot()
    first = await _card(deps, "/paper edit attention summary Attention, only.")
    assert first.heading == "Updated for this club"
    (written,) = db.store.club_content.values()
    again = await _card(deps, "/paper edit attention summary   Attention,  only. ")
    assert again.heading == "Unchanged: the club already has this text"
    assert again.summary == "Attention, only."
    assert list(db.store.club_content.values()) == [written]
    changed = await _card(deps, "/paper edit attention summary Attention, and more.")
    assert changed.heading == "Updated for this club"


async def test_saving_the_text_unchanged_changes_nothing() -> None:
    """The management page's boxes start from the club's current text: saving one untouched
    (the curated summary, the prompts one a line) writes no edit, so the card is not marked
    edited and a Korean club's later /suggest may still write its own version."""
    deps, db, _ = await _bot()
    summary = await _card(deps, "/paper edit attention summary  The Transformer. ")
    assert summary.heading == "Unchanged: the club already has this text"
    assert summary.summary_source != "edited"
    prompts = await _card(deps, "/paper edit attention prompts " + " | ".join(PAPERS[0].prompts))
    assert prompts.heading == "Unchanged: the club already has this text"
    assert prompts.summary_source != "edited"
    assert db.store.club_content == {}
    assert (await _card(deps, "/paper attention")).summary_source != "edited"


async def test_saving_one_box_untouched_ignores_how_the_other_part_is_spaced() -> None:
    """A summary as arXiv gives it has line breaks: saving the prompts box untouched beside it
    still changes nothing (the summary it keeps is compared as the checks would write it)."""
    wrapped = replace(PAPERS[0], summary="The Transformer:\nattention,\n  and nothing else.")
    deps, db = await seeded_deps(ManualClock(START), [wrapped], lookup=FakeLookup())
    assert isinstance((await Dispatcher(deps).run_text("/club setup", ADA)).view, Notice)
    saved = await _card(deps, "/paper edit attention prompts " + " | ".join(wrapped.prompts))
    assert saved.heading == "Unchanged: the club already has this text"
    assert saved.summary_source != "edited" and db.store.club_content == {}


async def test_prompts_one_a_line_keep_a_bar_inside_a_prompt() -> None:
    """The management page's box holds the prompts one a line: a prompt with a "|" in it (a
    model's "p(y|x)") is one prompt, so saving the box untouched changes nothing, and a line
    edited beside it leaves it whole. Typed on one line, "|" still separates prompts."""
    bar = ("How does p(y|x) differ from p(x|y) here?", "Do heads matter?", "Encoders?")
    paper = replace(PAPERS[0], prompts=bar)
    deps, db = await seeded_deps(ManualClock(START), [paper], lookup=FakeLookup())
    dispatcher = Dispatcher(deps)
    assert isinstance((await dispatcher.run_text("/club setup", ADA)).view, Notice)
    spec = dispatcher.catalog.named("paper edit")
    assert spec is not None

    async def box(text: str) -> PaperCard:
        values = {"paper": "1", "part": "prompts", "text": text}
        view = (await dispatcher.run_values(spec, values, ADA)).view
        assert isinstance(view, PaperCard), view
        return view

    untouched = await box("\n".join(bar))
    assert untouched.heading == "Unchanged: the club already has this text"
    assert db.store.club_content == {}
    edited = await box("\n".join([*bar[:2], "Encoder-only?"]))
    assert edited.heading == "Updated for this club"
    assert edited.prompts == (*bar[:2], "Encoder-only?")
    typed = await _card(deps, "/paper edit attention prompts One? | Two?")
    assert typed.prompts == ("One?", "Two?")


async def test_a_box_holding_one_prompt_with_a_bar_keeps_it_whole() -> None:
    """The management page's box (its form names the paper by id) with a single prompt, one
    holding a "|": no line break tells it from a line typed in chat, but the box is one prompt
    a line, so saving it untouched changes nothing and the prompt is not cut in two."""
    one = ("How does p(y|x) differ from p(x|y) here?",)
    others = [make_paper(n) for n in range(2, 6)]
    paper = replace(make_paper(6), prompts=one)  # last in the queue: waiting, not scheduled
    deps, db = await seeded_deps(ManualClock(START), [*others, paper], lookup=FakeLookup())
    dispatcher = Dispatcher(deps)
    assert isinstance((await dispatcher.run_text("/club setup", ADA)).view, Notice)
    spec = dispatcher.catalog.named("paper edit")
    assert spec is not None
    listed = (await dispatcher.run_text("/papers", ADA)).view
    assert isinstance(listed, PaperList)
    (item,) = [i for i in listed.items if i.title == paper.title]
    shown = {"paper": str(item.position), "paper_id": str(item.paper_id)}
    values = {**shown, "part": "prompts", "text": one[0]}
    untouched = (await dispatcher.run_values(spec, values, ADA)).view
    assert isinstance(untouched, PaperCard), untouched
    assert untouched.heading == "Unchanged: the club already has this text"
    assert untouched.prompts == one and db.store.club_content == {}
    edited = (await dispatcher.run_values(spec, {**values, "text": "Is p(y|x) enough?"}, ADA)).view
    assert isinstance(edited, PaperCard) and edited.prompts == ("Is p(y|x) enough?",)


async def test_members_cannot_edit_and_bad_edits_change_nothing() -> None:
    deps, db, _ = await _bot()
    refused = (await Dispatcher(deps).run_text("/paper edit attention summary Mine.", BO)).view
    assert isinstance(refused, ErrorView) and "admins" in refused.message
    for line in (
        "/paper edit attention",
        "/paper edit attention title New",
        "/paper edit attention summary",
        "/paper edit attention prompts |  | ",
        "/paper edit attention prompts " + " | ".join(f"q{i}?" for i in range(9)),
        "/paper edit attention prompts " + "x" * 501,
        "/paper edit attention summary " + "y " * 1001,
        "/paper edit no-such-paper summary s",
    ):
        view = (await Dispatcher(deps).run_text(line, ADA)).view
        assert isinstance(view, ErrorView), line
    assert db.store.club_content == {}


async def test_regenerate_writes_afresh_and_says_where_it_came_from() -> None:
    deps, _, writer = await _bot()
    card = await _card(deps, "/paper regenerate attention")
    assert card.summary == "From the text of Attention Is All You Need."
    assert card.summary_source == "paper_text" and card.heading is not None
    assert "paper's text" in card.heading
    assert writer.asked == [("Attention Is All You Need", "en")]
    refused = (await Dispatcher(deps).run_text("/paper regenerate attention", BO)).view
    assert isinstance(refused, ErrorView)


async def test_reset_goes_back_to_the_shared_text() -> None:
    deps, db, _ = await _bot()
    await _card(deps, "/paper edit attention summary Mine.")
    card = await _card(deps, "/paper reset attention")
    assert card.summary == "The Transformer." and card.summary_source != "edited"
    assert db.store.club_content == {}
    again = await _card(deps, "/paper reset attention")
    assert again.heading == "This club had no version of its own"


async def test_the_commands_are_listed_for_admins() -> None:
    deps, _, _ = await _bot()
    view = (await Dispatcher(deps).run_text("/help", ADA)).view
    usages = " ".join(getattr(e, "usage", "") for e in getattr(view, "entries", ()))
    for name in ("/paper edit", "/paper regenerate", "/paper reset"):
        assert name in usages


async def test_a_korean_club_gets_korean_on_suggest_when_a_model_can_write_it() -> None:
    deps, _, writer = await _bot(language="ko")
    reply = await Dispatcher(deps).run_text("/suggest https://arxiv.org/abs/2001.08361", BO)
    assert isinstance(reply.view, Notice)
    assert writer.asked == [(FETCHED.title, "ko")]
    card = (await Dispatcher(deps).run_text("/paper scaling laws", BO)).view
    assert isinstance(card, PaperCard)
    assert card.summary == KOREAN.summary and card.prompts == KOREAN.prompts
    assert (card.summary_language, card.source_language, card.summary_source) == (
        "ko",
        "en",
        "llm",
    )


async def test_without_a_model_a_korean_club_keeps_the_english_text_marked_english() -> None:
    deps, db, writer = await _bot(language="ko")
    writer.korean = False
    await Dispatcher(deps).run_text("/suggest https://arxiv.org/abs/2001.08361", BO)
    assert db.store.club_content == {}
    reply = await Dispatcher(deps).run_text("/paper scaling laws", BO)
    card = reply.view
    assert isinstance(card, PaperCard) and card.summary_language == "en"
    # The card says so, in Korean, rather than pass the English text off as the club's.
    assert reply.language == "ko"
    for platform, shown in shown_everywhere(reply).items():
        assert "요약과 토론 질문은 영어입니다: 아직 번역이 없습니다." in shown, platform
        assert card.summary in shown, platform
