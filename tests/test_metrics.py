"""/metrics says of commands exactly what prometheus_client's own Counter and Histogram say."""

from __future__ import annotations

import re

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest

from bot.metrics import COMMAND_BUCKETS, PrometheusMetrics

SEEN = [
    ("CastVote", "ok", 0.004),
    ("CastVote", "ok", 0.005),  # on a bound: counted in it, as `le` says
    ("CastVote", "refused", 0.3),
    ("ShowPaper", "ok", 0.07),
    ("ShowPaper", "failed", 12.0),  # past the last finite bound: +Inf only
    ("CastVote", "ok", 0.0123),
]


def _without_created(text: str) -> str:
    return re.sub(r"(_created\{[^}]*\}) \S+", r"\1 T", text)


def test_command_series_are_those_of_a_labelled_counter_and_histogram() -> None:
    ours = PrometheusMetrics()
    reference = CollectorRegistry()
    counter = Counter(
        "paperclub_commands_total",
        "Commands handled, by command and outcome.",
        ["command", "outcome"],
        registry=reference,
    )
    histogram = Histogram(
        "paperclub_command_seconds",
        "Time to handle a command, from parse to reply.",
        ["command"],
        buckets=COMMAND_BUCKETS,
        registry=reference,
    )
    for name, outcome, seconds in SEEN:
        ours.command(name, outcome, seconds)
        counter.labels(name, outcome).inc()
        histogram.labels(name).observe(seconds)
    said = _without_created(ours.render().decode())
    expected = _without_created(generate_latest(reference).decode())
    assert expected in said
    assert 'paperclub_command_seconds_bucket{command="CastVote",le="0.005"} 2.0' in said
