"""Pieces every section of the club page shares: a paper as the page shows it (with its abstract
and PDF links), and the names the page may show (none unless the club turned `page_names` on)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.core.domain.ids import MemberKey
from bot.core.domain.papers import Paper
from bot.core.domain.sessions import Session
from bot.core.usecases.club_page_view import PagePaper


def links_for(paper: Paper) -> tuple[str | None, str | None]:
    """The abstract's and the PDF's addresses, where the paper's ids give them."""
    if paper.arxiv_id:
        return f"https://arxiv.org/abs/{paper.arxiv_id}", f"https://arxiv.org/pdf/{paper.arxiv_id}"
    if paper.doi:
        return f"https://doi.org/{paper.doi}", None
    pdf = paper.url if paper.url.lower().endswith(".pdf") else None
    return paper.url or None, pdf


def page_paper(
    paper: Paper,
    summary: str = "",
    prompts: tuple[str, ...] = (),
    languages: tuple[str | None, str | None] = (None, None),
) -> PagePaper:
    """The paper as the page shows it; `languages`: its summary's and its prompts'."""
    abstract, pdf = links_for(paper)
    return PagePaper(
        title=paper.title,
        authors=paper.authors_short(),
        year=paper.year,
        url=paper.url,
        abstract_url=abstract,
        pdf_url=pdf,
        summary=summary,
        prompts=prompts,
        summary_language=languages[0] if summary else None,
        prompts_language=languages[1] if prompts else None,
    )


@dataclass(frozen=True, slots=True)
class Names:
    """Member names, only when the club shows them."""

    shown: bool
    names: Mapping[MemberKey, str]

    def of(self, member: MemberKey | None) -> str | None:
        if not self.shown or member is None:
            return None
        return self.names.get(member, "a member")

    def presenter(self, session: Session) -> str | None:
        if self.shown and session.presenter is None:
            return session.presenter_name  # named in an imported meeting log
        return self.of(session.presenter)
