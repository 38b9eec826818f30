"""Summaries and discussion prompts for papers that have no curated ones.

With the paper's text (see bot/readinglist/papertext), the summary and prompts come from what the
paper itself says: its contributions, limitation, headline result, baselines and datasets. With
only the abstract, the summary is its first sentences and there are no prompts: a question made
by swapping a title into a template is no discussion question, so the card says the summary is
from the abstract instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.core.domain.papers import PaperContent, SummarySource
from bot.readinglist.papertext.document import PaperText
from bot.readinglist.papertext.grounded import ground

MAX_SUMMARY = 600
_TAG_RE = re.compile(r"<[^<>]*>")
_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\"'“])")


@dataclass(frozen=True)
class Summary:
    summary: str
    prompts: list[str] = field(default_factory=list)
    source: SummarySource = SummarySource.ABSTRACT
    language: str = "en"
    source_language: str | None = None

    def content(self) -> PaperContent:
        return PaperContent(
            summary=self.summary,
            prompts=tuple(self.prompts),
            source=self.source,
            language=self.language,
            source_language=self.source_language,
        )


def clean_text(text: str) -> str:
    """Plain prose from an abstract: no LaTeX commands, math delimiters, HTML or markdown."""
    # Abstracts come from remote services, so every pattern must be linear: a class that excludes
    # its own opening bracket stops each attempt at the next one, and white space is collapsed
    # before the one pattern that looks at it.
    text = _TAG_RE.sub(" ", text)
    text = re.sub(
        r"\\(?:emph|textit|textbf|texttt|mathrm|mathbf|text|url|cite\w*)\{([^{}]*)\}", r"\1", text
    )
    text = re.sub(r"\\[a-zA-Z]+\*?", " ", text)
    text = text.replace("$", "").replace("{", "").replace("}", "").replace("~", " ")
    text = re.sub(r"\[([^\[\]]*)\]\([^()\[\]]*\)", r"\1", text)
    text = re.sub(r"[*_`=#>]{1,3}", "", text)
    text = " ".join(text.split())
    text = re.sub(r" ([,.;:!?])", r"\1", text)
    return text


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_RE.split(clean_text(text)) if s.strip()]


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def summary_from_abstract(abstract: str, *, limit: int = MAX_SUMMARY) -> str:
    """The first two or three sentences of the abstract, at most `limit` characters."""
    parts = sentences(abstract)
    if not parts:
        return ""
    chosen = [parts[0]]
    for sentence in parts[1:3]:
        if len(" ".join([*chosen, sentence])) > limit:
            break
        chosen.append(sentence)
    return _shorten(" ".join(chosen), limit)


def offline_summary(title: str, abstract: str | None) -> Summary:
    """The abstract's first sentences and no prompts: all that can honestly be said from it."""
    return Summary(summary=summary_from_abstract(abstract or ""), source=SummarySource.ABSTRACT)


def grounded_summary(title: str, abstract: str | None, text: PaperText) -> Summary:
    """Summary and prompts from the paper's own text; the abstract-only summary when the text
    gave too little to ask about (fewer than three grounded prompts)."""
    made = ground(text, title=title, abstract=abstract or "")
    if len(made.prompts) < 3:
        return offline_summary(title, abstract or text.abstract)
    summary = made.summary or summary_from_abstract(abstract or text.abstract)
    return Summary(
        summary=_shorten(clean_text(summary), MAX_SUMMARY),
        prompts=list(made.prompts),
        source=SummarySource.PAPER_TEXT,
        source_language="en",
    )
