"""What the core reports for monitoring. bot/metrics.py exports it to Prometheus."""

from __future__ import annotations

from typing import Protocol


class Metrics(Protocol):
    def command(self, name: str, outcome: str, seconds: float) -> None:
        """A command ran: outcome is ok, refused (a member's error) or failed (ours)."""

    def post(self, kind: str, outcome: str) -> None:
        """A scheduled post ended: sent, late, missed or failed."""

    def vote_cast(self) -> None: ...


class NoMetrics:
    """For tests and tools that don't export metrics."""

    def command(self, name: str, outcome: str, seconds: float) -> None:
        return None

    def post(self, kind: str, outcome: str) -> None:
        return None

    def vote_cast(self) -> None:
        return None
