"""IANA time zones by the names members type: looked up case-insensitively, suggested as they
type, and refused with a close match when unknown."""

from __future__ import annotations

import difflib
import functools
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.core.text import t

_EXAMPLE_ZONE = "Europe/Berlin"


@functools.lru_cache(maxsize=1)
def _all_zones() -> tuple[str, ...]:
    # Reading the tzdata tree is slow-ish (thousands of files); do it once, and only on demand.
    return tuple(sorted(available_timezones()))


@functools.lru_cache(maxsize=1)
def _zones_by_folded_name() -> dict[str, str]:
    return {name.casefold(): name for name in _all_zones()}


def zone_or_error(name: str) -> ZoneInfo:
    """The zone called ``name`` (IANA, matched case-insensitively), or a friendly ``ValueError``."""
    cleaned = name.strip() if isinstance(name, str) else ""
    if cleaned:
        try:
            return ZoneInfo(cleaned)
        # ValueError: keys like "../x" or "/etc/x" that zoneinfo refuses to treat as paths;
        # OSError: a key naming a folder of the zone database ("US", "America").
        except (ZoneInfoNotFoundError, ValueError, OSError):
            pass
        canonical = _zones_by_folded_name().get(cleaned.casefold())
        if canonical is not None:
            return ZoneInfo(canonical)
    close = difflib.get_close_matches(cleaned, _all_zones(), n=1, cutoff=0.6)
    example = close[0] if close else _EXAMPLE_ZONE
    raise ValueError(
        t(
            "Unknown time zone {name}. Use an IANA name like {example}.",
            name=repr(name),
            example=example,
        )
    )


# The IANA regions; names outside them ("US/Eastern", "Chile/EasterIsland", "EST5EDT", "Etc/GMT+5")
# are backward-compatibility aliases: valid, but rarely what a user means, so ranked after.
_REGIONS = frozenset(
    {
        "Africa",
        "America",
        "Antarctica",
        "Arctic",
        "Asia",
        "Atlantic",
        "Australia",
        "Europe",
        "Indian",
        "Pacific",
    }
)


def _is_legacy_zone(name: str) -> bool:
    return "/" not in name or name.split("/", 1)[0] not in _REGIONS


def suggest_zones(prefix: str, limit: int = 25) -> list[str]:
    """Zone names for autocomplete: city-part prefix matches, then full-name prefix, then substring.

    Spaces in the query match underscores ("new y" finds America/New_York). Within a tier
    canonical names come before legacy aliases, then alphabetical order.
    """
    if limit <= 0:
        return []
    query = "_".join(prefix.strip().casefold().split())
    ranked: list[tuple[int, bool, str]] = []
    for name in _all_zones():
        folded = name.casefold()
        city = folded.rsplit("/", 1)[-1]
        if not query or city.startswith(query):
            tier = 0
        elif folded.startswith(query):
            tier = 1
        elif query in folded:
            tier = 2
        else:
            continue
        ranked.append((tier, _is_legacy_zone(name), name))
    ranked.sort()
    return [name for _, _, name in ranked[:limit]]
