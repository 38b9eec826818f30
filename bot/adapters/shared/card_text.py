"""Text every platform shows on a paper card beyond the paper's own fields: the byline with
"et al." when the author list is cut, and a line saying where the summary and prompts came from.

One place for all three renderers, so the wording stays the same everywhere (and has one home
when it is translated).
"""

from __future__ import annotations

from bot.core.views import PaperCard

_LANGUAGE_NAMES = {"en": "English", "ko": "Korean"}


def byline(card: PaperCard, unknown: str = "unknown authors") -> str:
    names = ", ".join(card.authors)
    if not names:
        return unknown
    return f"{names} et al." if card.authors_cut else names


def _language(code: str | None) -> str:
    return _LANGUAGE_NAMES.get(code or "", code or "")


def provenance(card: PaperCard) -> str | None:
    """How the summary and prompts were made, or None for curated text (nothing to say)."""
    source = card.summary_source
    if source == "abstract":
        return (
            "Summary from the abstract: the paper's full text could not be read, so there are "
            "no discussion prompts yet. An admin can add some."
        )
    if source == "paper_text":
        return "Summary and prompts drawn from the paper's own text, without a language model."
    if source == "llm":
        made_from = _language(card.source_language)
        written_in = _language(card.summary_language)
        if made_from and made_from != written_in:
            return f"Written in {written_in} by a language model from the paper's {made_from} text."
        return "Written by a language model from the paper's text."
    if source == "edited":
        return "Summary and prompts edited by the club's admins."
    return None
