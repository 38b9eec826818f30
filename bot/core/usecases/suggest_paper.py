"""/suggest <arXiv URL | DOI | title>: put a paper up for the club's next vote.

A link is looked up (arXiv or doi.org) unless the paper is already known; a title must name a
paper the bot knows, because metadata is never invented. A paper the club already has is not
added twice: the answer says where it stands instead.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace

from bot.core.commands.context import Context, Suggesting
from bot.core.commands.options import OptionKind, OptionSpec
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import Values
from bot.core.domain import paper_match
from bot.core.domain.errors import InvalidInput, NotFound
from bot.core.text import t, tn
from bot.core.usecases.add_suggestion import add_suggestion
from bot.core.usecases.club_access import require_club
from bot.core.usecases.paper_content import write_in_club_language
from bot.core.usecases.suggested_paper import LINK_HINT, free_slug, known_paper, no_such_title
from bot.core.views import Notice

MAX_TEXT = 500


@dataclass(frozen=True, slots=True)
class SuggestPaper:
    reference: str  # an arXiv or DOI link, an id, or a title

    @classmethod
    def build(cls, values: Values) -> SuggestPaper:
        return cls(values.text("paper") or "")


def _clean(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        raise InvalidInput(
            t("Which paper? Give me a link or a title."),
            hint=t("Usage: /suggest <arXiv URL | DOI | title>"),
        )
    if len(text) > MAX_TEXT:
        raise InvalidInput(
            tn(
                "That is {n} character; a link or a title fits in {most}.",
                "That is {n} characters; a link or a title fits in {most}.",
                len(text),
                most=MAX_TEXT,
            ),
            hint=t("Paste just the paper's link or title. Lists go to /papers import (admins)."),
        )
    # Format and control characters (zero-width, bidi overrides) hide what a title really says.
    if any(unicodedata.category(ch) in {"Cc", "Cf"} for ch in text):
        raise InvalidInput(
            t("That text contains invisible control characters."),
            hint=t("Paste just the paper's link or title as plain text."),
        )
    return text


async def execute(cmd: SuggestPaper, ctx: Context, suggesting: Suggesting) -> Notice:
    """Suggest a paper for the next vote; you are credited with it."""
    text = _clean(cmd.reference)
    store = suggesting.store
    ref = suggesting.lookup.identify(text)
    async with store.uow() as uow:
        club = await require_club(uow, ctx)
        entries = await uow.queue.entries(club.id)
        known = await known_paper(uow, entries, text, ref)
        if known is not None:
            return await add_suggestion(uow, club, entries, known, ctx, store.clock.now())
        if ref is None:
            raise await no_such_title(uow, text)
    # Outside any transaction: the lookup may wait seconds on arXiv.
    fetched = await suggesting.lookup.resolve(text)
    if fetched is None:
        raise NotFound(t("I couldn't find the paper {link} names.", link=str(ref)), hint=LINK_HINT)
    async with store.uow() as uow:
        club = await require_club(uow, ctx)
        entries = await uow.queue.entries(club.id)
        papers = await uow.papers.all()
        # The link may name a paper we know under its other id, or only by title.
        club_papers = [e.paper for e in entries]
        match = next(
            (p for p in [*club_papers, *papers] if paper_match.same_paper(fetched, p)), None
        )
        fresh = match is None
        if match is None:
            match = await uow.papers.upsert(replace(fetched, slug=free_slug(fetched, papers)))
        notice = await add_suggestion(uow, club, entries, match, ctx, store.clock.now())
    if fresh:
        # A Korean (or any non-English) club gets the summary and prompts in its language
        # when a language model can write them; after the commit, so the suggestion stands
        # whatever the model does.
        await write_in_club_language(suggesting.writing, club, match)
    return notice


SPEC = CommandSpec(
    "suggest",
    "/suggest <arXiv URL | DOI | title>",
    "Suggest a paper for the next vote.",
    SuggestPaper,
    SuggestPaper.build,
    execute,
    Suggesting,
    options=(OptionSpec("paper", "An arXiv link, a DOI or a title", OptionKind.PAPER, True),),
    raw=True,
)
