"""Metadata lookup for imported papers: arXiv and DOI clients, offline and LLM summaries."""

from __future__ import annotations

from bot.readinglist.lookup.base import InMemoryCache, LookupFailed, MetadataCache, PaperMetadata

__all__ = ["InMemoryCache", "LookupFailed", "MetadataCache", "PaperMetadata"]
