"""A summary and discussion prompts built from a paper's own text, with no language model.

Each prompt is made from what this paper says: it quotes the paper's limitation, result or
contribution, and names its method, baselines and datasets outside the quotes. A question is
only asked when the paper gave the material for it, and every sentence of a prompt carries at
least one of those paper-specific names or numbers, so two papers' prompts never share a
sentence apart from what they quote and their titles (tests/readinglist check this on twenty
generated papers).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.readinglist.papertext.document import PaperText, Table
from bot.readinglist.papertext.findings import Findings, find, sentences

MAX_SUMMARY = 600
MAX_QUOTE = 220
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?%?")


@dataclass(frozen=True, slots=True)
class Grounded:
    summary: str
    prompts: tuple[str, ...]
    findings: Findings


def quote(text: str, limit: int = MAX_QUOTE) -> str:
    """`text` as a quotation: cut at a word boundary, no trailing full stop, inner quotes
    made single so the quotation marks stay balanced."""
    text = " ".join(text.split()).replace("“", "‘").replace("”", "’").replace('"', "'")
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return "“" + text.rstrip(".") + "”"


def _join(names: Sequence[str]) -> str:
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _row_values(table: Table, label: str) -> str | None:
    for row in table.rows:
        if row and row[0].strip() == label and len(row) > 1:
            values = [c for c in row[1:] if _NUMBER.fullmatch(c.strip())]
            if values:
                return "/".join(values[:3])
    return None


def _method_row(table: Table, method: str | None) -> tuple[str, str] | None:
    for row in table.rows[1:]:
        label = row[0] if row else ""
        if (method and method.casefold() in label.casefold()) or "ours" in label.casefold():
            values = [c for c in row[1:] if _NUMBER.fullmatch(c.strip())]
            if values:
                return label, "/".join(values[:3])
    return None


def _metric(table: Table) -> str:
    header = [c for c in (table.rows[0] if table.rows else ()) if c.strip()][1:3]
    return "/".join(header) if header else "the reported metric"


def prompts_for(f: Findings) -> list[str]:
    method = f.method or (f"the approach evaluated on {f.datasets[0]}" if f.datasets else None)
    dataset = f.datasets[0] if f.datasets else None
    baseline = f.baselines[0] if f.baselines else None
    prompts: list[str] = []

    if f.limitations and (method or dataset):
        where = f"in “{f.limitation_heading}”" if f.limitation_heading else "in its discussion"
        target = f"{method}'s results" if f.method else f"the results on {dataset}"
        test_on = f" beyond {_join(f.datasets[:2])}" if f.datasets else ""
        prompts.append(
            f"The paper concedes {where} that {quote(f.limitations[0])}; how much does that weaken "
            f"{target}, and what experiment{test_on} would settle it?"
        )
    if f.results and method:
        against = f" against {_join(f.baselines[:2])}" if f.baselines else ""
        on = f" on {dataset}" if dataset else ""
        prompts.append(
            f"The headline result is {quote(f.results[0])}; is {method}'s margin{against}{on} "
            f"large enough to matter, and does the paper report variance across seeds or runs?"
        )
    table = f.result_table
    if table is not None and baseline and (row := _method_row(table, f.method)):
        label, ours = row
        theirs = _row_values(table, baseline)
        if theirs:
            prompts.append(
                f"In the results table ({quote(table.caption, 120)}), {label} scores {ours} on "
                f"{_metric(table)} against {theirs} for {baseline}; which rows would you want "
                f"re-run before trusting the gap between {label} and {baseline}?"
            )
    if len(f.baselines) >= 2 and method:
        listed = _join(f.baselines[:4])
        prompts.append(
            f"{method} is compared with {listed}; which strong alternative is missing from that "
            f"list, and would the lead over {f.baselines[0]} survive a fairly tuned version of it?"
        )
    if len(f.datasets) >= 1 and method:
        data = _join(f.datasets[:3])
        prompts.append(
            f"The evidence for {method} comes from {data}; what about {f.datasets[0]} might "
            f"favour it, and which other dataset would best test whether {method} generalises?"
        )
    if f.contributions and method:
        prompts.append(
            f"Among its contributions the paper lists {quote(f.contributions[0])}; which "
            f"experiment with {method} supports that most directly, and what would a sceptic of "
            f"{method} still ask for?"
        )
    return list(dict.fromkeys(prompts))[:5]


def summary_for(text: PaperText, f: Findings, abstract: str) -> str:
    """The paper's own opening, its contribution and its headline result, in whole sentences."""
    opening = sentences(text.abstract or abstract)
    chosen: list[str] = opening[:1]
    for candidate in (*f.contributions[:1], *f.results[:1], *opening[1:3]):
        sentence = candidate if candidate.endswith((".", "!", "?")) else candidate + "."
        if sentence in chosen or len(" ".join([*chosen, sentence])) > MAX_SUMMARY:
            continue
        chosen.append(sentence)
        if len(chosen) >= 3:
            break
    if f.limitations:
        note = f"The authors note a limitation: {f.limitations[0].rstrip('.')}."
        if len(" ".join([*chosen, note])) <= MAX_SUMMARY:
            chosen.append(note)
    return " ".join(chosen)[:MAX_SUMMARY]


def ground(text: PaperText, *, title: str, abstract: str = "") -> Grounded:
    findings = find(text, title=title, abstract=abstract)
    return Grounded(summary_for(text, findings, abstract), tuple(prompts_for(findings)), findings)
