"""What a measurement reports: figures, each optionally held against a target.

`paperclub bench --json` prints `Report.as_json()`, one object in one schema (version
`SCHEMA`), so that runs can be compared figure by figure:

    {"schema": 2, "backend": "sqlite" | "postgresql", "scale": 1.0, "python": "CPython 3.11.7",
     "machine": {"cpus": 2, "load_before": [1m, 5m, 15m], "load_after": [1m, 5m, 15m]},
     "rows": {"<row key>": {"title": str, "verdict": VERDICT, "notes": [str],
                            "skipped": str (only when skipped),
                            "figures": [{"name": str, "value": number, "unit": str,
                                         "target": null | {"at_most": number}
                                                        | {"at_least": number},
                                         "verdict": VERDICT}]}}}

VERDICT is "PASS" or "MISS" (the figure against its target), "INFO" (no target) or, for a row,
"SKIPPED". A row is MISS if any figure is, PASS if any figure passed and none missed. Row keys
and figure names are stable; a change to either is a new schema version.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Verdict = Literal["PASS", "MISS", "INFO", "SKIPPED"]
SCHEMA = 2  # 1 had the target as a string, "<= 30", and no machine


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
        target = None
        if self.target is not None:
            target = {"at_most" if self.at_most else "at_least": self.target}
        return {
            "name": self.name,
            "value": self.value,
            "unit": self.unit,
            "target": target,
            "verdict": self.verdict,
        }


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


@dataclass(frozen=True, slots=True)
class Machine:
    """What the figures came from: the CPUs, and how busy they were before and after."""

    cpus: int
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float] = (0.0, 0.0, 0.0)

    def as_json(self) -> dict[str, object]:
        return {
            "cpus": self.cpus,
            "load_before": list(self.load_before),
            "load_after": list(self.load_after),
        }


@dataclass(slots=True)
class Report:
    backend: str
    scale: float
    python: str
    rows: list[Row] = field(default_factory=list)
    machine: Machine = field(default_factory=lambda: Machine(0, (0.0, 0.0, 0.0)))

    def as_json(self) -> dict[str, object]:
        return {
            "schema": SCHEMA,
            "backend": self.backend,
            "scale": self.scale,
            "python": self.python,
            "machine": self.machine.as_json(),
            "rows": {row.key: row.as_json() for row in self.rows},
        }
