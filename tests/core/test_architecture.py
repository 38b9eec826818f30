"""The core decides and imports no platform, database, scheduler or HTTP library."""

from __future__ import annotations

import ast
from pathlib import Path

import bot
import bot.core

FORBIDDEN = {
    "discord",
    "slack_bolt",
    "slack_sdk",
    "sqlalchemy",
    "alembic",
    "apscheduler",
    "aiohttp",
    "httpx",
    "psycopg",
    "aiosqlite",
    "requests",
    "bot.storage",
    "bot.adapters",
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_core_imports_nothing_from_the_outside_world() -> None:
    root = Path(bot.core.__file__).parent
    offenders = {
        f"{path.relative_to(root)}: {name}"
        for path in root.rglob("*.py")
        for name in _imports(path)
        if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN)
    }
    assert not offenders, sorted(offenders)


def test_only_the_bench_uses_the_fake_platforms_and_nothing_in_bot_imports_the_tests() -> None:
    # The fakes are a package of their own (paperclub_fakes), beside the bot: the bench drives
    # the real clients against them, the running bot never loads them, and nothing shipped in
    # `bot` reaches into the test suite (no sys.path trick either).
    root = Path(bot.__file__).parent
    bench = root / "bench"
    offenders = set()
    for path in root.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        for name in _imports(path):
            top = name.split(".")[0]
            if top == "tests" or (top == "paperclub_fakes" and bench not in path.parents):
                offenders.add(f"{path.relative_to(root)}: {name}")
        if "sys.path" in source:
            offenders.add(f"{path.relative_to(root)}: sys.path")
    assert not offenders, sorted(offenders)
