"""What a measurement reports: figures, each optionally held against a target."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Verdict = Literal["PASS", "MISS", "INFO", "SKIPPED"]


@dataclass(frozen=True, slots=True)
class Figure:
    name: str
    value: float
    unit: str
    # A target is "at most" (<=) or "at least" (>=) `target`; None means reported only.
    target: float | None = None
    at_most: bool = True

    @property
    def verdict(self) -> Verdict:
        if self.target is None:
            return "INFO"
        ok = self.value <= self.target if self.at_most else self.value >= self.target
        return "PASS" if ok else "MISS"

    def as_json(self) -> dict[str, object]:
        found: dict[str, object] = {"name": self.name, "value": self.value, "unit": self.unit}
        if self.target is not None:
            found["target"] = ("<= " if self.at_most else ">= ") + f"{self.target:g}"
        found["verdict"] = self.verdict
        return found


@dataclass(slots=True)
class Row:
    """One line of the benchmark table: what was measured and its figures."""

    key: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped: str | None = None

    @property
    def label(self) -> str:
        """The title up to its first colon or parenthesis: short enough for a table cell."""
        return self.title.split(":")[0].split(" (")[0]

    def add(self, figure: Figure) -> Figure:
        self.figures.append(figure)
        return figure

    @property
    def verdict(self) -> Verdict:
        if self.skipped is not None:
            return "SKIPPED"
        verdicts = {f.verdict for f in self.figures}
        if "MISS" in verdicts:
            return "MISS"
        return "PASS" if "PASS" in verdicts else "INFO"

    def as_json(self) -> dict[str, object]:
        found: dict[str, object] = {
            "title": self.title,
            "verdict": self.verdict,
            "figures": [f.as_json() for f in self.figures],
            "notes": list(self.notes),
        }
        if self.skipped is not None:
            found["skipped"] = self.skipped
        return found


@dataclass(slots=True)
class Report:
    backend: str
    scale: float
    python: str
    rows: list[Row] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {
            "backend": self.backend,
            "scale": self.scale,
            "python": self.python,
            "rows": {row.key: row.as_json() for row in self.rows},
        }
