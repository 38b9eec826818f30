"""Summaries and discussion prompts for papers that have no curated ones, built offline from
the abstract: the first sentences as the summary, and prompts that quote the paper's own claim."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

MAX_SUMMARY = 600
_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\"'“])")
# Words that mark the sentence where authors state what they did or found.
_CLAIM_WORDS = (
    "we show",
    "we find",
    "we demonstrate",
    "we propose",
    "we introduce",
    "we present",
    "outperform",
    "state-of-the-art",
    "state of the art",
    "achieve",
    "improve",
    "results",
)


@dataclass(frozen=True)
class Summary:
    summary: str
    prompts: list[str] = field(default_factory=list)
    method: Literal["offline", "llm"] = "offline"


def clean_text(text: str) -> str:
    """Plain prose from an abstract: no LaTeX commands, math delimiters, HTML or markdown."""
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(
        r"\\(?:emph|textit|textbf|texttt|mathrm|mathbf|text|url|cite\w*)\{([^{}]*)\}", r"\1", text
    )
    text = re.sub(r"\\[a-zA-Z]+\*?", " ", text)
    text = text.replace("$", "").replace("{", "").replace("}", "").replace("~", " ")
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[*_`=#>]{1,3}", "", text)
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    return " ".join(text.split())


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


def key_claim(abstract: str) -> str | None:
    parts = sentences(abstract)
    for sentence in parts:
        lowered = sentence.lower()
        if any(word in lowered for word in _CLAIM_WORDS):
            return sentence
    return parts[0] if parts else None


def prompts_for(title: str, abstract: str | None) -> list[str]:
    """At least three prompts, each naming the paper; the first quotes its central claim."""
    claim = key_claim(abstract or "")
    prompts = []
    if claim:
        prompts.append(
            f"“{title}” claims: “{_shorten(claim, 300)}” Which experiment or argument in the paper "
            "best supports this, and what would it take to convince a sceptic?"
        )
    prompts += [
        f"What problem does “{title}” set out to solve, and why did earlier approaches fall "
        "short of it? Is the paper's account of prior work fair?",
        f"Which assumption in “{title}” would you test first if you tried to reproduce it, and "
        "what result would change your mind about the paper?",
        f"Where has the idea in “{title}” shown up since, or where would you apply it in your own "
        "work? What limits would it run into there?",
    ]
    return prompts


def offline_summary(title: str, abstract: str | None) -> Summary:
    return Summary(
        summary=summary_from_abstract(abstract or ""), prompts=prompts_for(title, abstract)
    )
