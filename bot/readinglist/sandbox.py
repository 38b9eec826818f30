"""CPU-heavy work on untrusted input, in a child process with a time and a memory limit.

Parsing a pasted list on the event loop held every workspace's acks while it ran (12–21 s for
one admin's paste), and nothing stopped a file from taking the machine's memory. Here each job
runs in a fresh process forked from a small, preloaded server. A thread of the parent watches
the child's resident set (Linux: /proc/<pid>/status) and stops it as out of memory within one
look (20 ms) of passing the cap; its address space is capped more loosely with RLIMIT_AS (a
MemoryError inside it, not the OOM killer outside), its CPU with RLIMIT_CPU, and a deadline in
the parent kills it. The event loop only waits on that thread.

Why both memory limits: RLIMIT_AS counts address space, and a fresh child already holds some it
has not filled (malloc arenas, the fork server's free heap). A parse that creeps up on the cap
inside that space never reached RLIMIT_AS, so it ran into the deadline and was refused with the
time sentence. The resident set is what a job really uses; RLIMIT_AS stays, at twice the cap,
for an allocation too quick for the watch (one 256 MB request). Where the resident set cannot be
read (no /proc), RLIMIT_AS alone holds memory, at the cap itself, as before.

A fresh process per job costs a few milliseconds after the first, and means one hostile input
can never leave a worker in a bad state for the next one.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import multiprocessing
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from bot.core.text import t

log = logging.getLogger(__name__)

T = TypeVar("T")

# Imported once by the fork server, so each job starts with the parsers already loaded.
_PRELOAD = ["bot.readinglist.import_jobs"]


@dataclass(frozen=True)
class Limits:
    """What one job may use. Memory is on top of what the fresh worker already holds."""

    seconds: float = 30.0
    memory_bytes: int = 1024 * 1024 * 1024
    concurrency: int = 2  # jobs at once; more wait their turn


class JobFailed(Exception):
    """The job was stopped or crashed; the message is meant for the person who sent the input."""


class JobTimedOut(JobFailed):
    pass


class JobOutOfMemory(JobFailed):
    pass


# How often the waiting thread reads the child's resident set: a pure-Python parse grows by a
# few MB in this time, and reading the status file costs microseconds.
_WATCH_SECONDS = 0.02
# The address-space backstop, as a multiple of the cap, when the resident set is watched.
_LOOSE = 2


def _status_bytes(field_name: str, pid: int | str = "self") -> int | None:
    """A size from /proc/<pid>/status (Linux; in kB there), or None where there is none."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field_name):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def _apply_limits(memory_bytes: int, cpu_seconds: float, watched: bool) -> None:
    try:
        import resource
    except ImportError:  # pragma: no cover - not on POSIX: the parent's deadline still holds
        return
    base = _status_bytes("VmSize:")
    if base is not None:
        cap = base + memory_bytes * (_LOOSE if watched else 1)
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    # A backstop for a parent that died: the kernel stops a job that outlives its CPU budget.
    cpu = int(cpu_seconds) + 2
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))


def _child(
    conn: Connection,
    function: Callable[..., Any],
    args: tuple[Any, ...],
    memory_bytes: int,
    cpu_seconds: float,
) -> None:
    # The base the parent's watch adds the cap to: this process with its arguments unpickled.
    resident = _status_bytes("VmRSS:")
    _apply_limits(memory_bytes, cpu_seconds, watched=resident is not None)
    conn.send(("started", resident))
    try:
        outcome: tuple[str, Any] = ("ok", function(*args))
    except MemoryError:
        outcome = ("memory", None)
    except OSError as exc:
        # mmap and friends refused by RLIMIT_AS say ENOMEM rather than raise MemoryError.
        if exc.errno != errno.ENOMEM:
            outcome = ("error", f"{type(exc).__name__}: {exc}"[:300])
        else:
            outcome = ("memory", None)
    except RecursionError:
        outcome = ("error", "the input is nested too deeply")
    except Exception as exc:
        outcome = ("error", f"{type(exc).__name__}: {exc}"[:300])
    try:
        conn.send(outcome)
    except MemoryError:
        with contextlib.suppress(Exception):
            conn.send(("memory", None))
    finally:
        conn.close()


def _wait(process: Any, conn: Connection, seconds: float, memory_bytes: int) -> tuple[str, Any]:
    """Runs in a thread: the child's answer, or why there is none. Always reaps the child."""
    deadline = time.monotonic() + seconds
    try:
        if not conn.poll(seconds):
            return ("timeout", None)
        try:
            status, base = conn.recv()
            if status != "started":  # pragma: no cover - the child always says so first
                return ("crashed", None)
            # Without a resident size to start from (no /proc), RLIMIT_AS alone holds memory.
            cap = None if base is None else base + memory_bytes
            while not conn.poll(_next_look(deadline, cap is not None)):
                if time.monotonic() >= deadline:
                    return ("timeout", None)
                if cap is not None and (_status_bytes("VmRSS:", process.pid) or 0) > cap:
                    return ("memory", None)
            return conn.recv()  # type: ignore[no-any-return]
        except (EOFError, OSError):
            return ("crashed", None)
    finally:
        conn.close()
        if process.is_alive():
            process.kill()
        process.join(5)


def _next_look(deadline: float, watching: bool) -> float:
    left = max(0.0, deadline - time.monotonic())
    return min(left, _WATCH_SECONDS) if watching else left


class Sandbox:
    """Runs picklable top-level functions in limited child processes, one fresh child per job."""

    def __init__(self, limits: Limits | None = None) -> None:
        self.limits = limits or Limits()
        self._turns = asyncio.Semaphore(self.limits.concurrency)
        self._context = _context()

    async def run(self, function: Callable[..., T], *args: Any, seconds: float | None = None) -> T:
        """`function(*args)` in a child. Raises JobTimedOut, JobOutOfMemory or JobFailed."""
        limit = self.limits.seconds if seconds is None else seconds
        async with self._turns:
            receiver, sender = self._context.Pipe(duplex=False)
            process = self._context.Process(
                target=_child,
                args=(sender, function, args, self.limits.memory_bytes, limit),
                daemon=True,
            )
            try:
                # Starting sends the arguments to the fork server; megabytes take a moment.
                await asyncio.to_thread(process.start)
            finally:
                sender.close()
            try:
                status, value = await asyncio.to_thread(
                    _wait, process, receiver, limit, self.limits.memory_bytes
                )
            except asyncio.CancelledError:
                # The thread returns as soon as the child is gone.
                with contextlib.suppress(Exception):
                    process.kill()
                raise
        if status == "ok":
            return value  # type: ignore[no-any-return]
        if status == "timeout":
            raise JobTimedOut(
                t("it took longer than {seconds} seconds, so I stopped", seconds=format(limit, "g"))
            )
        if status == "memory":
            mb = self.limits.memory_bytes // (1024 * 1024)
            raise JobOutOfMemory(t("it needed more than {mb} MB of memory, so I stopped", mb=mb))
        if status == "error":
            log.warning("sandboxed job %s failed: %s", getattr(function, "__name__", "?"), value)
            raise JobFailed(t("something in it made the reader fail"))
        log.warning("sandboxed job %s died (%s)", getattr(function, "__name__", "?"), status)
        raise JobFailed(t("the reader stopped unexpectedly"))


def _context() -> Any:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        # Ignored once the server runs; it is started by the first job, after this.
        context.set_forkserver_preload(_PRELOAD)
        return context
    return multiprocessing.get_context("spawn")
