"""/metrics says of commands exactly what prometheus_client's own Counter and Histogram say."""

from __future__ import annotations

import re

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest

from bot.bootstrap import Services
from bot.core.clock import ManualClock
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


async def test_a_command_series_is_created_at_the_bots_clock(
    services: Services, clock: ManualClock
) -> None:
    """`_created` comes from the clock the bot runs on (a test's manual one), not the machine's."""
    services.metrics.command("CastVote", "ok", 0.01)
    text = services.metrics.render().decode()
    series = r'paperclub_commands_created\{command="CastVote",outcome="ok"\} (\S+)'
    created = re.search(series, text)
    assert created is not None, text
    assert float(created.group(1)) == clock.now().timestamp()
