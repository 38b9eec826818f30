"""The core decides and imports no platform, database, scheduler or HTTP library."""

from __future__ import annotations

import ast
from pathlib import Path

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
