"""What a reader would argue about in a paper: the method's name, its stated contributions and
limitations, the main result with its numbers, the baselines and the datasets.

Plain heuristics over sentences, list items and table rows, each a linear scan: literal cue
phrases found with `in` or with anchored, bounded patterns, on sentences already cut to at most
`MAX_SENTENCE` characters. They are wrong sometimes; the prompts built from them quote the paper,
so a member can see what the bot read and judge it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.readinglist.papertext.document import PaperText, Section, Table

MAX_SENTENCE = 600
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\"“])")
# "et al." and friends end no sentence.
_ABBREVIATIONS = ("et al.", "e.g.", "i.e.", "cf.", "vs.", "Fig.", "Eq.", "Sec.", "Tab.", "approx.")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?\s?(?:%|x|×|points?|pp\b)?")
_RESULT_CUES = (
    "outperform",
    "improve",
    "achiev",
    "reach",
    "surpass",
    "reduc",
    "gain",
    "accuracy",
    "bleu",
    "f1",
    "score",
    "perplexity",
    "error",
    "faster",
    "speedup",
    "speed-up",
    "state-of-the-art",
    "state of the art",
    "match",
)
_LIMITATION_CUES = (
    "limitation",
    "we do not",
    "does not",
    "do not address",
    "fails to",
    "only evaluate",
    "only test",
    "restricted to",
    "future work",
    "remains unclear",
    "leave",
    "caveat",
    "cannot",
)
_CONTRIBUTION_CUES = (
    "our contributions",
    "we propose",
    "we introduce",
    "we present",
    "we show",
    "we demonstrate",
    "we find",
    "this paper",
    "in this work",
)
_BASELINE_CUES = (
    "compared with ",
    "compared to ",
    "compare with ",
    "compare to ",
    "compare against ",
    "compared against ",
    "outperforms ",
    "outperform ",
    "baselines such as ",
    "baselines including ",
    "baselines: ",
    "against ",
    "over ",
)
_DATASET_CUES = (
    "evaluate on ",
    "evaluated on ",
    "experiments on ",
    "results on ",
    "trained on ",
    "benchmarks ",
    "datasets ",
    "datasets: ",
    "benchmarks: ",
    " on ",
)
_DATASET_NOUNS = ("dataset", "benchmark", "corpus", "suite", "test set")
# Names that are never the paper's method, a baseline or a dataset.
_NOT_NAMES = frozenset(
    {
        "We",
        "Our",
        "The",
        "This",
        "These",
        "Table",
        "Figure",
        "Section",
        "In",
        "On",
        "For",
        "With",
        "And",
        "It",
        "A",
        "An",
        "All",
        "Both",
        "Each",
        "However",
        "Appendix",
        "NLP",
        "GPU",
        "GPUs",
        "TPU",
        "CPU",
        "LLM",
        "LLMs",
        "SOTA",
        "AI",
        "ML",
        "II",
        "III",
        "IV",
    }
)
_NAME_TOKEN = re.compile(r"^[A-Za-z][\w.+/-]{0,40}$")


def sentences(text: str) -> list[str]:
    """Sentences of `text`, each at most MAX_SENTENCE characters."""
    guarded = text
    for abbreviation in _ABBREVIATIONS:
        guarded = guarded.replace(abbreviation, abbreviation.replace(".", "\u2024"))
    parts = _SENTENCE_END.split(" ".join(guarded.split()))
    return [p.replace("\u2024", ".")[:MAX_SENTENCE].strip() for p in parts if p.strip()]


def _looks_like_name(token: str) -> bool:
    """BERT-base, ResNet-50, GPT-3, ImageNet, LSTM: a capital after the first letter, a digit,
    or a capitalised word that is not an ordinary sentence word."""
    token = token.strip(".,;:()[]\"'“”")
    if not token or token in _NOT_NAMES or not _NAME_TOKEN.match(token):
        return False
    has_inner_capital = any(c.isupper() for c in token[1:])
    has_digit = any(c.isdigit() for c in token)
    return token[0].isupper() and (has_inner_capital or has_digit or "-" in token)


def _names_after(sentence: str, cue: str, limit: int = 4) -> list[str]:
    """Name-like words in the short list that follows `cue` in `sentence`."""
    at = sentence.casefold().find(cue)
    if at < 0:
        return []
    tail = sentence[at + len(cue) : at + len(cue) + 160]
    names: list[str] = []
    for chunk in re.split(r",|;|\band\b|\bor\b|\(|\)", tail):
        words = chunk.split()
        if not words:
            continue
        head = words[0].strip(".,;:")
        if head.casefold() in ("the", "a", "an", "strong", "several", "prior", "existing"):
            head = words[1].strip(".,;:") if len(words) > 1 else ""
        if _looks_like_name(head):
            names.append(head.strip(".,;:()\"'“”"))
        elif names:
            break  # the list has ended
        if len(names) >= limit:
            break
    return names


@dataclass(frozen=True, slots=True)
class Findings:
    method: str | None
    contributions: tuple[str, ...]
    limitations: tuple[str, ...]
    results: tuple[str, ...]  # result sentences with numbers, strongest first
    baselines: tuple[str, ...]
    datasets: tuple[str, ...]
    result_table: Table | None
    limitation_heading: str | None  # the heading of a section devoted to limitations


def _all_sentences(sections: Iterable[Section]) -> list[str]:
    out: list[str] = []
    for section in sections:
        for paragraph in section.paragraphs:
            out.extend(sentences(paragraph))
        out.extend(item[:MAX_SENTENCE] for item in section.items)
    return out


def _method_name(text: PaperText, title: str, body: Sequence[str]) -> str | None:
    head, colon, _ = title.partition(":")
    if colon and 1 <= len(head.split()) <= 3:
        return head.strip()
    for sentence in body[:200]:
        lowered = sentence.casefold()
        for cue in ("we propose ", "we introduce ", "we present ", "called ", "named ", "dubbed "):
            at = lowered.find(cue)
            if at < 0:
                continue
            for word in sentence[at + len(cue) : at + len(cue) + 80].split()[:6]:
                if _looks_like_name(word):
                    return word.strip(".,;:()\"'“”")
    counts = Counter(
        w.strip(".,;:()\"'“”") for s in body[:400] for w in s.split() if _looks_like_name(w)
    )
    common = [name for name, n in counts.most_common(3) if n >= 3]
    return common[0] if common else None


def _result_score(sentence: str, in_abstract: bool) -> int:
    lowered = sentence.casefold()
    cues = sum(cue in lowered for cue in _RESULT_CUES)
    numbers = len(_NUMBER.findall(sentence))
    if not cues or not numbers or len(sentence) < 30:
        return 0
    return cues + 2 * min(numbers, 4) + (3 if in_abstract else 0)


def _dataset_names(body: Sequence[str], exclude: set[str]) -> list[str]:
    found: Counter[str] = Counter()
    for sentence in body:
        lowered = sentence.casefold()
        for cue in _DATASET_CUES:
            if cue in lowered:
                for name in _names_after(sentence, cue):
                    found[name] += 2
        words = sentence.split()
        for index, word in enumerate(words[1:], start=1):
            if word.casefold().strip(".,;:") in _DATASET_NOUNS:
                candidate = words[index - 1]
                if _looks_like_name(candidate):
                    found[candidate.strip(".,;:()\"'“”")] += 3
    return [name for name, _ in found.most_common() if name not in exclude][:4]


def _table_labels(table: Table | None, method: str | None) -> list[str]:
    if table is None:
        return []
    labels = []
    for row in table.rows[1:]:
        label = row[0].strip() if row else ""
        if not label or (method and method.casefold() in label.casefold()):
            continue
        if "ours" in label.casefold() or not any(c.isalpha() for c in label):
            continue
        labels.append(label[:60])
    return labels


def _numeric_table(tables: Sequence[Table]) -> Table | None:
    """The first table with a header and at least two rows carrying numbers."""
    for table in tables:
        numeric = [r for r in table.rows[1:] if any(_NUMBER.fullmatch(c.strip()) for c in r[1:])]
        if len(numeric) >= 2:
            return table
    return None


def find(text: PaperText, *, title: str = "", abstract: str = "") -> Findings:
    abstract_sentences = sentences(text.abstract or abstract)
    body = _all_sentences(text.sections)
    everything = abstract_sentences + body
    method = _method_name(text, title or text.title, everything)

    intro = text.section("introduction") or list(text.sections[:2])
    contributions = [item for s in intro for item in s.items]
    if not contributions:
        contributions = [
            s for s in everything if any(cue in s.casefold() for cue in _CONTRIBUTION_CUES)
        ]

    limitation_sections = text.section("limitation")
    if limitation_sections:
        limitations = _all_sentences(limitation_sections)
        limitation_heading: str | None = limitation_sections[0].heading
    else:
        late = text.section("discussion", "conclusion", "future")
        limitations = [
            s for s in _all_sentences(late) if any(c in s.casefold() for c in _LIMITATION_CUES)
        ]
        limitation_heading = None

    scored = [(_result_score(s, True), s) for s in abstract_sentences]
    results_sections = text.section("result", "experiment", "evaluation", "conclusion")
    scored += [(_result_score(s, False), s) for s in _all_sentences(results_sections)]
    results = [s for score, s in sorted(scored, key=lambda p: -p[0]) if score > 0]

    table = _numeric_table(text.tables)
    baselines: list[str] = []
    for sentence in everything:
        lowered = sentence.casefold()
        for cue in _BASELINE_CUES:
            if cue in lowered:
                baselines += _names_after(sentence, cue)
    baselines += _table_labels(table, method)
    exclude = {method} if method else set()
    baselines = [b for b in dict.fromkeys(baselines) if b not in exclude]
    datasets = _dataset_names(everything, exclude | set(baselines))
    baselines = [b for b in baselines if b not in datasets]
    return Findings(
        method=method,
        contributions=tuple(dict.fromkeys(contributions))[:6],
        limitations=tuple(limitations)[:4],
        results=tuple(dict.fromkeys(results))[:4],
        baselines=tuple(baselines)[:5],
        datasets=tuple(datasets),
        result_table=table,
        limitation_heading=limitation_heading,
    )
