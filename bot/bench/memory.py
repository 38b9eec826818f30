"""Resident memory of a bot process serving 10,000 clubs, just after start.

The clubs are seeded as for the start-up row; then a fresh process (`python -m
bot.bench.memory_probe URL`) does what `paperclub run` does before it waits for work: builds
the services, loads both platform adapters (discord.py and slack-bolt with their clients),
and rebuilds the schedule (the first `Wakeups` tick). It reports its resident set (VmRSS)
then, and its high-water mark (VmHWM). A fresh process, so nothing the bench itself loaded
is counted.
"""

from __future__ import annotations

import asyncio
import json
import sys

from bot.bench.common import T0
from bot.bench.results import Figure, Row
from bot.bench.seed_clubs import seed

TARGET_MIB = 250.0
CHANGED_EVERY = 100
PLAN_WEEKS = 8


async def measure(url: str, clubs: int) -> Row:
    row = Row("memory", f"Resident memory of a bot process serving {clubs:,} clubs, after start")
    if not sys.platform.startswith("linux"):
        row.skipped = "skipped: reads /proc/self/status (Linux only)"
        return row
    await asyncio.to_thread(seed, url, clubs, T0, PLAN_WEEKS, CHANGED_EVERY)
    found = await probe(url)
    row.add(Figure("resident after start", found["rss_mib"], "MiB", TARGET_MIB))
    row.add(Figure("peak resident", found["hwm_mib"], "MiB"))
    row.add(Figure("resident before the schedule", found["rss_loaded_mib"], "MiB"))
    row.notes.append(
        f"{clubs:,} planned clubs, one in {CHANGED_EVERY} changed while down; the probe loads "
        "both adapters and runs the first scheduler tick"
    )
    return row


async def probe(url: str) -> dict[str, float]:
    """What a fresh bot process on the (seeded) database `url` holds after start (Linux)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.bench.memory_probe",
        url,
        stdout=asyncio.subprocess.PIPE,
    )
    out, _ = await process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"the memory probe failed (exit {process.returncode})")
    found: dict[str, float] = json.loads(out.decode().strip().splitlines()[-1])
    return found
