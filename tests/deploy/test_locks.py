"""requirements/*.lock, which `make run`, `make test` and the Docker image install, agree with
pyproject.toml: every dependency is pinned, hash-checked, and inside the range pyproject allows."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(
    r"^(?P<name>[A-Za-z0-9._-]+)==(?P<version>[^\s;\\]+)(?:\s*;\s*(?P<marker>[^\\]+))?"
)


def pins(lock: str) -> dict[str, tuple[Version, Marker | None]]:
    found: dict[str, tuple[Version, Marker | None]] = {}
    text = (ROOT / "requirements" / lock).read_text()
    for entry in re.split(r"\n(?=\S)", text):
        match = PIN.match(entry)
        if match is None:
            continue
        assert "--hash=sha256:" in entry, f"{match['name']} has no hash in {lock}"
        marker = Marker(match["marker"].strip()) if match["marker"] else None
        found[canonicalize_name(match["name"])] = (Version(match["version"]), marker)
    return found


def project() -> dict[str, object]:
    loaded: dict[str, object] = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return loaded


def _check(requirements: list[str], locked: dict[str, tuple[Version, Marker | None]]) -> None:
    for line in requirements:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{name} is not in the lock: run `make lock`"
        version, _ = locked[name]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{name}=={version} is outside {requirement.specifier}: run `make lock`"
        )


def test_the_runtime_lock_pins_every_runtime_dependency_within_its_range() -> None:
    dependencies = project()["dependencies"]
    assert isinstance(dependencies, list)
    _check(dependencies, pins("runtime.lock"))


def test_the_dev_lock_pins_everything_and_agrees_with_the_runtime_lock() -> None:
    extras = project()["optional-dependencies"]
    assert isinstance(extras, dict)
    dependencies = project()["dependencies"]
    assert isinstance(dependencies, list)
    dev = pins("dev.lock")
    _check([*dependencies, *extras["dev"]], dev)
    for name, (version, _) in pins("runtime.lock").items():
        assert dev[name][0] == version, f"{name}: runtime {version}, dev {dev[name][0]}"


def test_the_runtime_lock_holds_no_dev_tool() -> None:
    runtime = pins("runtime.lock")
    for tool in ("pytest", "mypy", "ruff", "hypothesis", "pref-voting", "uv"):
        assert tool not in runtime
