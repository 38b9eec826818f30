"""Applying looked-up metadata and generated summaries to reading-list entries."""

from __future__ import annotations

from typing import Any

from bot.readinglist.ids import slugify
from bot.readinglist.lookup.base import PaperMetadata
from bot.readinglist.lookup.summarise import Summary
from bot.readinglist.parsers.base import clip, is_placeholder_url
from bot.readinglist.parsers.idlist import is_placeholder_title
from bot.readinglist.schema import PaperEntry


def apply_metadata(entry: PaperEntry, meta: PaperMetadata) -> PaperEntry:
    """Fill what the entry lacks from `meta`; curated fields are never overwritten."""
    updates: dict[str, Any] = {}
    if is_placeholder_title(entry.title) and meta.title:
        updates["title"] = meta.title[:300]
        if entry.id == slugify(entry.title):
            updates["id"] = slugify(meta.title)
    if len(meta.authors) > len(entry.authors):
        updates["authors"] = [a[:300] for a in meta.authors]
    for name in ("year", "doi", "arxiv_id"):
        if getattr(entry, name) is None and getattr(meta, name) is not None:
            updates[name] = getattr(meta, name)
    if not entry.abstract and meta.abstract:
        updates["abstract"] = clip(meta.abstract)
    if meta.url and is_placeholder_url(entry.url):
        updates["url"] = meta.url
    if not updates:
        return entry
    return PaperEntry.model_validate({**entry.model_dump(), **updates})


def apply_summary(entry: PaperEntry, summary: Summary) -> PaperEntry:
    """Use a generated summary and prompts only where the entry has none of its own."""
    updates: dict[str, Any] = {}
    if not entry.summary and summary.summary:
        updates["summary"] = summary.summary
        updates["summary_language"] = summary.language
        # Prompts of its own make the entry's text curated; otherwise the card says where the
        # generated summary came from.
        if not entry.prompts:
            updates["summary_source"] = summary.source
    if not entry.prompts and summary.prompts:
        updates["prompts"] = summary.prompts
        updates["summary_source"] = summary.source
    return entry.model_copy(update=updates) if updates else entry
