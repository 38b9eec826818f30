"""Prometheus metrics, kept in the bot's own registry (no process-global state)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator

from prometheus_client import CollectorRegistry, Counter, Gauge, generate_latest
from prometheus_client import metrics as client_metrics
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector
from prometheus_client.utils import INF, floatToGoString

from bot.core.clock import SystemClock
from bot.core.ports import Clock

CONTENT_TYPE = CONTENT_TYPE_LATEST

COMMAND_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, INF)
COMMANDS_HELP = "Commands handled, by command and outcome."
LATENCY_HELP = "Time to handle a command, from parse to reply."
_LE = tuple(floatToGoString(b) for b in COMMAND_BUCKETS)  # type: ignore[no-untyped-call]


class PrometheusMetrics:
    def __init__(self, clock: Clock | None = None) -> None:
        self.registry = CollectorRegistry()
        # Commands are counted by a collector of our own: see `CommandStats`.
        self.commands = CommandStats(clock or SystemClock())
        self.registry.register(self.commands)
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
        self.commands.observe(name, outcome, seconds)

    def post(self, kind: str, outcome: str) -> None:
        self.posts.labels(kind, outcome).inc()

    def vote_cast(self) -> None:
        self.votes.inc()

    def refused(self, reason: str) -> None:
        self.refusals.labels(reason).inc()

    def render(self) -> bytes:
        return generate_latest(self.registry)


class CommandStats(Collector):
    """`paperclub_commands_total{command,outcome}` and `paperclub_command_seconds{command}`,
    exported exactly as a prometheus_client Counter and Histogram with those labels would be.

    Every command of every platform is counted here, on the event loop: a Counter's `inc` and
    a Histogram's `observe` each take a lock per value they add (three per command), which was
    a tenth of a vote's CPU in a 1,000-vote burst. Here a command adds to plain numbers, and
    the series are spelled out only when /metrics is scraped."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock  # when a series was first seen (its `_created`)
        self._counts: dict[tuple[str, str], list[float]] = {}  # -> [count, created]
        # command -> [per-bucket counts (not cumulative)..., sum, created]
        self._latency: dict[str, list[float]] = {}

    def observe(self, name: str, outcome: str, seconds: float) -> None:
        counted = self._counts.get((name, outcome))
        if counted is None:
            counted = self._counts[(name, outcome)] = [0.0, self._clock.now().timestamp()]
        counted[0] += 1
        timed = self._latency.get(name)
        if timed is None:
            since = self._clock.now().timestamp()
            timed = self._latency[name] = [0.0] * len(COMMAND_BUCKETS) + [0.0, since]
        timed[bisect_left(COMMAND_BUCKETS, seconds)] += 1  # the first bound >= seconds
        timed[-2] += seconds

    def describe(self) -> Iterator[Metric]:
        """The two names, so the registry refuses another metric of the same name."""
        yield Metric("paperclub_commands", COMMANDS_HELP, "counter")
        yield Metric("paperclub_command_seconds", LATENCY_HELP, "histogram")

    def collect(self) -> Iterator[Metric]:
        created = client_metrics._use_created
        commands = Metric("paperclub_commands", COMMANDS_HELP, "counter")
        for (name, outcome), (count, since) in list(self._counts.items()):
            labels = {"command": name, "outcome": outcome}
            commands.add_sample("paperclub_commands_total", labels, count)
            if created:
                commands.add_sample("paperclub_commands_created", labels, since)
        yield commands
        latency = Metric("paperclub_command_seconds", LATENCY_HELP, "histogram")
        for name, timed in list(self._latency.items()):
            total = 0.0
            for le, count in zip(_LE, timed, strict=False):
                total += count
                bucket = {"command": name, "le": le}
                latency.add_sample("paperclub_command_seconds_bucket", bucket, total)
            latency.add_sample("paperclub_command_seconds_count", {"command": name}, total)
            latency.add_sample("paperclub_command_seconds_sum", {"command": name}, timed[-2])
            if created:
                latency.add_sample(
                    "paperclub_command_seconds_created", {"command": name}, timed[-1]
                )
        yield latency
