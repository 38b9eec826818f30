"""Content checks on a curated reading list, beyond what the schema can say about one entry.

A club reads the list in order, so a discussion prompt that leans on a paper the club has not
read yet ("how did Chinchilla revise this?") cannot be answered in that session. Papers are
recognised by their title, the short name before a title's colon ("LoRA: …" → "LoRA") and the
entry's `aliases` ("Chinchilla", "GPT-3"). Names are matched case-sensitively and as whole
names, so "LoRA" is not found inside "QLoRA" or "LCM-LoRA".

The other checks: an author written as "et al." (the `authors_cut` flag says it, so every card
shows it the same way), a year that disagrees with the month encoded in a new-style arXiv id, and a
prompt that two papers share once their titles are taken out (a template, not a question).
Every check is linear in the size of the list's text: the names are escaped literals joined
into one alternation, with no nested quantifiers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.readinglist.schema import PaperEntry

# A title's part before the colon names the paper only when it is short ("BERT", "Llama 2").
_MAX_SHORT_NAME_WORDS = 5
_NEW_STYLE_ARXIV = re.compile(r"^(\d{2})(\d{2})\.\d{4,5}$")
_ET_AL = re.compile(r"\bet al\b|^(?:and )?others$|^…$|^\.\.\.$", re.IGNORECASE)
# Pointing ahead without naming a paper leans on later reading just the same.
_POINTS_AHEAD = re.compile(
    r"\b(?:later|upcoming|future) (?:papers?|readings?|sessions?) (?:on|in|from) this list\b"
    r"|\b(?:papers?|readings?) (?:we|the club) (?:will )?read later\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class ContentProblem:
    entry: str  # the entry's id
    message: str


def names_of(entry: PaperEntry) -> list[str]:
    """The names a prompt may call `entry` by: its title, short name and aliases."""
    names = [entry.title, *entry.aliases]
    head, colon, _ = entry.title.partition(":")
    if colon and len(head.split()) <= _MAX_SHORT_NAME_WORDS:
        names.append(head.strip())
    return list(dict.fromkeys(n.strip() for n in names if len(n.strip()) >= 2))


def _name_pattern(names: Iterable[str]) -> re.Pattern[str]:
    # Longest first, so "Llama 2" wins over "Llama" where both are names.
    alternatives = "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


def later_references(papers: Sequence[PaperEntry]) -> list[tuple[int, int, str, str]]:
    """(reader's paper index, referenced paper index, name, prompt) for each prompt that names
    a paper placed later in the reading order."""
    owner: dict[str, int] = {}
    for index, paper in enumerate(papers):
        for name in names_of(paper):
            owner.setdefault(name, index)
    if not owner:
        return []
    pattern = _name_pattern(owner)
    found = []
    for index, paper in enumerate(papers):
        for prompt in paper.prompts:
            for match in pattern.finditer(prompt):
                later = owner[match.group(0)]
                if later > index:
                    found.append((index, later, match.group(0), prompt))
    return found


def _year_problems(papers: Sequence[PaperEntry]) -> list[ContentProblem]:
    problems = []
    for paper in papers:
        match = _NEW_STYLE_ARXIV.match(paper.arxiv_id or "")
        if match is None or paper.year is None:
            continue
        submitted = 2000 + int(match.group(1))
        if paper.year != submitted:
            problems.append(
                ContentProblem(
                    paper.id,
                    f"year {paper.year} disagrees with arXiv:{paper.arxiv_id}, first submitted "
                    f"in {submitted}",
                )
            )
    return problems


def _without_names(prompt: str, pattern: re.Pattern[str] | None) -> str:
    text = pattern.sub("", prompt) if pattern is not None else prompt
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def _shared_prompts(papers: Sequence[PaperEntry]) -> list[ContentProblem]:
    seen: dict[str, str] = {}
    problems = []
    for paper in papers:
        names = names_of(paper)
        pattern = _name_pattern(names) if names else None
        for prompt in paper.prompts:
            key = _without_names(prompt, pattern)
            if key in seen and seen[key] != paper.id:
                problems.append(
                    ContentProblem(
                        paper.id,
                        f"prompt {prompt[:60]!r}… is the same question as one of "
                        f"{seen[key]!r} with the title changed",
                    )
                )
            seen.setdefault(key, paper.id)
    return problems


def check_reading_list(papers: Sequence[PaperEntry]) -> list[ContentProblem]:
    """Every content problem in a list, in reading order."""
    problems = [
        ContentProblem(
            papers[index].id,
            f"a prompt names {name!r}, which the club reads later (paper {later + 1}, now "
            f"{index + 1}): {prompt[:80]!r}",
        )
        for index, later, name, prompt in later_references(papers)
    ]
    problems += [
        ContentProblem(paper.id, f"a prompt points to papers read later: {prompt[:80]!r}")
        for paper in papers
        for prompt in paper.prompts
        if _POINTS_AHEAD.search(prompt)
    ]
    problems += [
        ContentProblem(
            paper.id, f"author {name!r} stands for a cut list: set authors_cut: true instead"
        )
        for paper in papers
        for name in paper.authors
        if _ET_AL.search(name)
    ]
    problems += _year_problems(papers)
    problems += _shared_prompts(papers)
    return problems
