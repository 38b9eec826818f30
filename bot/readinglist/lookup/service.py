"""The core's PaperLookup port: arXiv and DOI metadata as Papers with summaries and prompts.

Everything the member sees from here is a core error with a friendly message; the clients'
LookupFailed never leaves this module.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.core.domain import paper_match
from bot.core.domain.errors import InvalidInput, NotFound, ServiceUnavailable
from bot.core.domain.papers import Paper, PaperContent, SummarySource
from bot.core.ports import PaperReference
from bot.core.text import Names, Text, t, tn
from bot.readinglist.ids import arxiv_url, doi_url, parse_arxiv_id, parse_doi, slugify
from bot.readinglist.lookup.arxiv import ArxivClient
from bot.readinglist.lookup.base import (
    LookupFailed,
    MetadataCache,
    PaperMetadata,
    PaperNotFound,
    ServiceDown,
)
from bot.readinglist.lookup.crossref import CrossrefClient
from bot.readinglist.lookup.doi import DoiClient
from bot.readinglist.lookup.egress import Egress
from bot.readinglist.lookup.fulltext import PaperTextClient
from bot.readinglist.lookup.http import ClientOptions
from bot.readinglist.lookup.llm import LlmSummariser, PaperBrief
from bot.readinglist.lookup.politeness import ARXIV, CROSSREF, HostLimiter, user_agent
from bot.readinglist.lookup.summarise import Summary, grounded_summary, offline_summary
from bot.readinglist.papertext.document import PaperText
from bot.readinglist.parsers.base import MAX_TITLE, clip

if TYPE_CHECKING:
    from bot.settings import Settings

UNREADABLE_LINK = t("That link isn't an arXiv or DOI link I can read.")
LINK_HINT = t(
    "Paste an arXiv link like https://arxiv.org/abs/1706.03762, a DOI like "
    "https://doi.org/10.18653/v1/N19-1423, or the title of a paper the club already knows."
)

# Anything shaped like a link or an id prefix is meant as one, so a typo gets a clear error
# instead of a title search.
_LINKISH = re.compile(
    r"^(?:https?://|www\.|(?:export\.)?arxiv\.org/|(?:dx\.)?doi\.org/|(?:arxiv|doi)\s*:)",
    re.IGNORECASE,
)
log = logging.getLogger(__name__)
_BARE_HOST = re.compile(r"^(?:www\.|export\.)?(?:arxiv\.org|(?:dx\.)?doi\.org)/", re.IGNORECASE)


def _later(detail: str) -> Text:
    return t("Please try again in a few minutes. ({detail})", detail=detail)


def _unwrap(text: str) -> str:
    text = text.strip()
    # Slack sends links as <url> or <url|label>; markdown users paste <url>.
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1].split("|", 1)[0].strip()
    if _BARE_HOST.match(text):
        text = "https://" + text
    return text


def identify(text: str) -> PaperReference | None:
    """See PaperLookup.identify."""
    candidate = _unwrap(text)
    if not candidate or len(candidate) > 500 or any(ch.isspace() for ch in candidate):
        return None
    arxiv_id = parse_arxiv_id(candidate)
    if arxiv_id:
        return PaperReference(arxiv_id=arxiv_id)
    doi = parse_doi(candidate)
    if doi:
        return PaperReference(doi=doi)
    if _LINKISH.match(candidate):
        raise InvalidInput(UNREADABLE_LINK, hint=LINK_HINT)
    return None


@dataclass(frozen=True, slots=True)
class _Wanted:
    """A list's title-only entry, as the same-paper rule reads it."""

    title: str
    year: int | None
    arxiv_id: str | None = None
    doi: str | None = None


def paper_from_metadata(meta: PaperMetadata, summary: Summary) -> Paper:
    """An unsaved Paper from fetched metadata; text is kept as the service sent it."""
    title = " ".join(meta.title.split())[:MAX_TITLE]
    url = meta.url or (
        arxiv_url(meta.arxiv_id) if meta.arxiv_id else doi_url(meta.doi) if meta.doi else ""
    )
    return Paper(
        id=0,
        slug=slugify(title),
        title=title,
        authors=tuple(" ".join(a.split())[:300] for a in meta.authors if a.strip()),
        year=meta.year,
        url=url,
        arxiv_id=meta.arxiv_id,
        doi=meta.doi,
        summary=summary.summary,
        prompts=tuple(summary.prompts),
        abstract=clip(meta.abstract) if meta.abstract else None,
        summary_source=summary.source,
        summary_language=summary.language,
    )


class LookupService:
    """PaperLookup over the arXiv and DOI clients, the paper-text client, a metadata cache and
    an optional language model; also the PaperWriter behind admin regenerations."""

    def __init__(
        self,
        arxiv: ArxivClient,
        doi: DoiClient,
        llm: LlmSummariser | None = None,
        *,
        crossref: CrossrefClient | None = None,
        papertext: PaperTextClient | None = None,
        cache: MetadataCache | None = None,
    ) -> None:
        self.arxiv = arxiv
        self.doi = doi
        self.crossref = crossref
        self.llm = llm
        self.papertext = papertext
        self.cache = cache

    def identify(self, text: str) -> PaperReference | None:
        return identify(text)

    async def resolve(self, reference: str) -> Paper | None:
        ref = identify(reference)
        if ref is None:
            return None
        meta = await self.metadata(ref)
        return paper_from_metadata(meta, await self.write(meta))

    async def prefetch(self, references: Sequence[str]) -> None:
        """Fetch the arXiv papers among `references` in batched requests, so the `resolve` of
        each that follows is answered from memory. Failures are left to those resolves, which
        report them paper by paper."""
        ids = []
        for reference in references:
            try:
                ref = identify(reference)
            except InvalidInput:
                continue
            if ref is not None and ref.arxiv_id:
                ids.append(ref.arxiv_id)
        if len(ids) < 2:
            return
        try:
            await self.arxiv.fetch_many(ids)
        except LookupFailed as exc:
            log.info("batched arXiv lookup of %d ids failed: %s", len(ids), exc)

    async def find_title(
        self, title: str, *, year: int | None = None, authors: Sequence[str] = ()
    ) -> Paper | None:
        """The paper a list names by this title alone, or None when no source has a confident
        match (`paper_match.found_by_title`: the project's same-paper rule, with the year and
        authors the list gives when it gives them). Raises ServiceUnavailable when a source
        could not be asked and none matched.

        arXiv first: most papers clubs read are there, its metadata is the authors' own, and its
        API terms allow this use at one request every 3 s. Then Crossref, where publishers
        register their DOIs: a journal or conference paper that is not on arXiv is found there,
        and its DOI becomes its link (see the README on why Crossref rather than OpenAlex)."""
        wanted = _Wanted(title, year)
        down: dict[str, str] = {}
        for source, search in self._title_sources():
            try:
                found = await search(title)
            except LookupFailed as exc:
                log.info("title search on %s failed: %s", source, exc)
                down[source] = str(exc)
                continue
            best = next(
                (m for m in found if paper_match.found_by_title(wanted, m, authors, m.authors)),
                None,
            )
            if best is not None:
                return paper_from_metadata(best, await self.write(best))
        if down:
            # "No paper has that title" would be a guess while a source was not asked.
            raise ServiceUnavailable(
                tn(
                    "{names} is not answering right now, so I couldn't look up a title.",
                    "{names} are not answering right now, so I couldn't look up a title.",
                    len(down),
                    names=Names(list(down)),
                ),
                hint=_later("; ".join(down.values())),
            )
        return None

    def _title_sources(
        self,
    ) -> list[tuple[str, Callable[[str], Awaitable[list[PaperMetadata]]]]]:
        sources: list[tuple[str, Callable[[str], Awaitable[list[PaperMetadata]]]]] = [
            ("arXiv", self.arxiv.search_title)
        ]
        if self.crossref is not None:
            sources.append(("Crossref", self.crossref.search_title))
        return sources

    async def metadata(self, ref: PaperReference) -> PaperMetadata:
        service = "arXiv" if ref.arxiv_id else "doi.org"
        try:
            if ref.arxiv_id:
                return await self.arxiv.fetch(ref.arxiv_id)
            assert ref.doi is not None
            return await self.doi.fetch(ref.doi)
        except PaperNotFound:
            missing = (
                t("arXiv has no paper {id}", id=ref.arxiv_id)
                if ref.arxiv_id
                else t("doi.org has no paper {id}", id=ref.doi)
            )
            hint = t("Check the link, or paste the paper's arXiv page.")
            raise NotFound(missing, hint=hint) from None
        except ServiceDown as exc:
            raise ServiceUnavailable(
                t(
                    "{service} is not answering right now, so I couldn't look up {ref}.",
                    service=service,
                    ref=str(ref),
                ),
                hint=_later(str(exc)),
            ) from None
        except LookupFailed as exc:
            raise ServiceUnavailable(
                t(
                    "{service} sent an answer I can't read for {ref}.",
                    service=service,
                    ref=str(ref),
                ),
                hint=str(exc),
            ) from None

    async def content_for(self, paper: Paper, language: str) -> PaperContent:
        """A fresh summary and prompts for `paper`: by the language model in `language` when one
        is configured and its answer passes the checks, else from the paper's text (English),
        else from its abstract."""
        meta = PaperMetadata(
            title=paper.title,
            authors=list(paper.authors),
            year=paper.year,
            abstract=paper.abstract,
            doi=paper.doi,
            arxiv_id=paper.arxiv_id,
            url=paper.url,
        )
        return (await self.write(meta, language)).content()

    async def write(self, meta: PaperMetadata, language: str = "en") -> Summary:
        text = await self._text(meta)
        if text is not None:
            offline = grounded_summary(meta.title, meta.abstract, text)
        else:
            offline = offline_summary(meta.title, meta.abstract or "")
        if self.llm is None:
            return offline
        key = f"llm:{self.llm.model}:{language}:{meta.arxiv_id or meta.doi or meta.url}"
        if (cached := await self._cached_llm(key, language)) is not None:
            return cached
        brief = PaperBrief(
            title=meta.title,
            url=meta.url or "",
            abstract=meta.abstract,
            arxiv_id=meta.arxiv_id,
            doi=meta.doi,
            text=text,
        )
        written = await self.llm.write(brief, language)
        if written is None:
            return offline
        if self.cache is not None:
            await self.cache.put(
                key,
                {
                    "summary": written.summary,
                    "prompts": written.prompts,
                    "source_language": written.source_language,
                },
            )
        return written

    async def _cached_llm(self, key: str, language: str) -> Summary | None:
        if self.cache is None:
            return None
        cached = await self.cache.get(key)
        if not cached or not isinstance(cached.get("summary"), str):
            return None
        prompts = [p for p in cached.get("prompts") or [] if isinstance(p, str)]
        source_language = cached.get("source_language")
        return Summary(
            cached["summary"],
            prompts,
            SummarySource.LLM,
            language,
            source_language if isinstance(source_language, str) else None,
        )

    async def _text(self, meta: PaperMetadata) -> PaperText | None:
        if self.papertext is None or not meta.arxiv_id:
            return None
        try:
            return await self.papertext.fetch(meta.arxiv_id)
        except LookupFailed as exc:  # the client logs and returns None; this is a last guard
            log.info("no text for %s (%s)", meta.arxiv_id, exc)
            return None

    async def close(self) -> None:
        await self.arxiv.close()
        await self.doi.close()
        if self.crossref is not None:
            await self.crossref.close()
        if self.papertext is not None:
            await self.papertext.close()


def build_lookup(settings: Settings, cache: MetadataCache | None = None) -> LookupService:
    """The lookup service the settings describe; the LLM only when base URL and model are set."""
    timeout = settings.lookup_timeout
    # One limiter for the whole process: every client that reaches arXiv shares its budget.
    limiter = HostLimiter()
    # What reaches arXiv or Crossref through a configured address (a mirror, a proxy) still
    # counts against their budgets.
    limiter.adopt(settings.arxiv_api_url, ARXIV)
    limiter.adopt(settings.crossref_api_url, CROSSREF)
    agent = user_agent(settings.lookup_contact)
    # The services the settings name are trusted wherever they are; everything else must be
    # public (see egress.py), or is the proxy's to decide.
    egress = Egress.from_urls(
        [
            settings.arxiv_api_url,
            settings.doi_api_url,
            settings.crossref_api_url,
            settings.arxiv_html_url,
            settings.arxiv_pdf_url,
            settings.llm_base_url,
            *settings.lookup_allowed_urls,
        ],
        proxy=settings.lookup_proxy,
    )
    polite: ClientOptions = {
        "cache": cache,
        "limiter": limiter,
        "egress": egress,
        "user_agent": agent,
        "timeout": timeout,
        "retries": 2,
    }
    arxiv = ArxivClient(settings.arxiv_api_url, **polite)
    doi = DoiClient(settings.doi_api_url, **polite)
    crossref = CrossrefClient(settings.crossref_api_url, mailto=settings.lookup_contact, **polite)
    papertext = None
    if settings.paper_text:
        papertext = PaperTextClient(settings.arxiv_html_url, settings.arxiv_pdf_url, **polite)
    llm = None
    if settings.llm_base_url and settings.llm_model:
        key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else ""
        llm = LlmSummariser(
            settings.llm_base_url,
            key,
            settings.llm_model,
            timeout=settings.llm_timeout,
            egress=egress,
        )
    return LookupService(arxiv, doi, llm, crossref=crossref, papertext=papertext, cache=cache)
