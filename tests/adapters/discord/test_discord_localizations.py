"""Korean members see Korean commands in Discord's slash menu: the synced tree carries `ko`
names and descriptions for every command, group and option, within Discord's limits (the
fake refuses a sync that breaks them, as Discord answers 400 50035)."""

from __future__ import annotations

from typing import Any

from paperclub_fakes.discord_fake import FakeDiscord

JSON = dict[str, Any]


def _walk(items: list[JSON], path: str = "") -> list[tuple[str, JSON]]:
    found = []
    for item in items:
        where = f"{path} {item['name']}".strip()
        found.append((where, item))
        found += _walk(item.get("options") or [], where)
    return found


async def test_every_command_and_option_has_korean_names_and_descriptions(
    bot: Any, fake: FakeDiscord
) -> None:
    everything = _walk(fake.global_commands)
    assert len(everything) > 60
    missing = [
        where
        for where, item in everything
        if not (item.get("name_localizations") or {}).get("ko")
        or not (item.get("description_localizations") or {}).get("ko")
    ]
    assert not missing
    by_name = {c["name"]: c for c in fake.global_commands}
    assert by_name["paper"]["name_localizations"]["ko"] == "논문"
    assert by_name["paper"]["description_localizations"]["ko"].startswith("이번 주 논문")
    club = by_name["club"]
    assert club["description_localizations"]["ko"] == "/클럽 명령어 (관리자)"
    for where, item in everything:
        for name in (item.get("name_localizations") or {}).values():
            assert 1 <= len(name) <= 32 and name == name.lower(), where
        for text in (item.get("description_localizations") or {}).values():
            assert 1 <= len(text) <= 100, where


async def test_english_stays_the_default_for_everyone_else(bot: Any, fake: FakeDiscord) -> None:
    by_name = {c["name"]: c for c in fake.global_commands}
    assert set(by_name["paper"]["name_localizations"]) == {"ko"}
    assert by_name["vote"]["name"] == "vote"


async def test_papers_move_describes_every_place_it_takes(bot: Any, fake: FakeDiscord) -> None:
    """Discord's menu tells an admin what /papers-move's `to` takes, as chat accepts it: a
    number, top, bottom, up or down, in English and in Korean."""
    everything = dict(_walk(fake.global_commands))
    to = everything["papers-move to"]
    for word in ("top", "bottom", "up", "down"):
        assert word in to["description"], to["description"]
        assert word in to["description_localizations"]["ko"]
    assert "up" in everything["papers-move"]["description"]
