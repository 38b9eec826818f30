"""Prometheus metrics, kept in the bot's own registry (no process-global state)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

CONTENT_TYPE = CONTENT_TYPE_LATEST


class PrometheusMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.commands = Counter(
            "paperclub_commands_total",
            "Commands handled, by command and outcome.",
            ["command", "outcome"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "paperclub_command_seconds",
            "Time to handle a command, from parse to reply.",
            ["command"],
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
            registry=self.registry,
        )
        self._command_children: dict[tuple[str, str], tuple[Counter, Histogram]] = {}
        self.posts = Counter(
            "paperclub_posts_total",
            "Scheduled posts by kind and outcome (sent, late, missed, failed).",
            ["kind", "outcome"],
            registry=self.registry,
        )
        self.votes = Counter(
            "paperclub_votes_total", "Ballots cast or changed.", registry=self.registry
        )
        self.refusals = Counter(
            "paperclub_http_refused_total",
            "Requests refused at the HTTP door (unsigned, stale, replayed, malformed), by reason.",
            ["reason"],
            registry=self.registry,
        )
        self.up = Gauge(
            "paperclub_platform_up",
            "1 when a platform is connected.",
            ["platform"],
            registry=self.registry,
        )

    def command(self, name: str, outcome: str, seconds: float) -> None:
        # The labelled children, looked up once per (command, outcome): `labels()` takes a
        # lock and builds its key on every call, a twentieth of a vote's CPU in a burst.
        children = self._command_children.get((name, outcome))
        if children is None:
            children = self._command_children[(name, outcome)] = (
                self.commands.labels(name, outcome),
                self.latency.labels(name),
            )
        children[0].inc()
        children[1].observe(seconds)

    def post(self, kind: str, outcome: str) -> None:
        self.posts.labels(kind, outcome).inc()

    def vote_cast(self) -> None:
        self.votes.inc()

    def refused(self, reason: str) -> None:
        self.refusals.labels(reason).inc()

    def render(self) -> bytes:
        return generate_latest(self.registry)
