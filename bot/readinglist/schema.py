"""The reading-list file format (data/reading_list.yaml and club imports in our own schema).

The order of `papers` in a file is its reading order.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from bot.core.domain.paper_match import normalize_title
from bot.core.domain.papers import SummarySource
from bot.core.text import t

# New-style ids (0704.0001 to 2999.99999) and old-style ones (hep-th/9901001), without a version:
# the version is a property of a download, not of the paper.
ARXIV_ID_RE = re.compile(r"^(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?/\d{7})$")
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")

ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000)]


class PaperEntry(BaseModel):
    """One paper. Curated entries carry a summary and prompts; imported ones may not yet."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str = Field(description="stable slug, e.g. attention-is-all-you-need")
    title: ShortText
    authors: list[ShortText] = Field(default_factory=list)
    authors_cut: bool = Field(
        default=False, description="the author list names only some authors; shown 'et al.'"
    )
    year: int | None = Field(default=None, ge=1900, le=2100)
    arxiv_id: str | None = None
    doi: str | None = None
    url: str
    tags: list[
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
    ] = Field(default_factory=list)
    institute: str | None = None
    tagline: LongText | None = Field(default=None, description="the seed's one-line take")
    summary: LongText = ""
    summaries: dict[str, LongText] = Field(
        default_factory=dict, description="language code -> summary in that language"
    )
    prompts: list[LongText] = Field(default_factory=list)
    summary_source: SummarySource | None = Field(
        default=None,
        description="where summary and prompts came from; unset means a person wrote them",
    )
    summary_language: str = Field(default="en", pattern=r"^[a-z]{2}(-[A-Z]{2})?$")
    abstract: LongText | None = None
    aliases: list[ShortText] = Field(
        default_factory=list,
        description="short names the paper goes by (Chinchilla, GPT-3), beyond its title's own; "
        "`paperclub papers validate` uses them to find prompts that lean on papers read later",
    )

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not SLUG_RE.match(value):
            raise ValueError(t("id must be a lower-case slug of letters, digits and dashes"))
        return value

    @field_validator("arxiv_id")
    @classmethod
    def _arxiv(cls, value: str | None) -> str | None:
        if value is not None and not ARXIV_ID_RE.match(value):
            raise ValueError(
                t("{value} is not an arXiv id like 1706.03762 or hep-th/9901001", value=repr(value))
            )
        return value

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        if not re.match(r"^https?://[^\s/$.?#][^\s]*$", value):
            raise ValueError(t("{value} is not an http(s) URL", value=repr(value)))
        return value

    @field_validator("summaries")
    @classmethod
    def _languages(cls, value: dict[str, str]) -> dict[str, str]:
        for lang in value:
            if not re.match(r"^[a-z]{2}(-[A-Z]{2})?$", lang):
                raise ValueError(
                    t("{value} is not a language code like 'ko' or 'pt-BR'", value=repr(lang))
                )
        return value

    def summary_for(self, language: str) -> str:
        """The summary in `language` where there is one, else the English one."""
        return self.summaries.get(language) or self.summary


class ReadingList(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: Literal[1] = 1
    papers: list[PaperEntry]

    @model_validator(mode="after")
    def _unique(self) -> ReadingList:
        problems: list[str] = []
        for label, key in (
            ("id", lambda p: p.id),
            ("arxiv_id", lambda p: p.arxiv_id),
            ("title", lambda p: normalize_title(p.title)),
        ):
            seen: dict[str, int] = {}
            for index, paper in enumerate(self.papers):
                value = key(paper)
                if value is None:
                    continue
                if value in seen:
                    problems.append(
                        f"papers[{index}] ({paper.title!r}) repeats the {label} of "
                        f"papers[{seen[value]}]"
                    )
                else:
                    seen[value] = index
        if problems:
            raise ValueError("; ".join(problems))
        return self
