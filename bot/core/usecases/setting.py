"""One club setting: the ClubSettings field it changes, how /club show names it, how its value is
read and said back the way people write it ("Wednesday", "every 2 weeks", "off")."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import time
from typing import Any

from bot.core.domain.clubs import ClubSettings
from bot.core.text import t, tn
from bot.core.usecases.setting_words import switch
from bot.core.wording import on_off, weekday_name


def cadence_text(weeks: int) -> str:
    if weeks == 1:
        return t("weekly")
    return tn("every {n} week", "every {n} weeks", weeks)


def weekday_text(day: int) -> str:
    return weekday_name(day)


def time_text(value: time) -> str:
    return f"{value:%H:%M}"


def channel_text(channel_id: str | None) -> str:
    return channel_id or t("off")


def said(value: Any) -> str:
    return str(value)


@dataclass(frozen=True, slots=True)
class Setting:
    field: str  # the ClubSettings field it changes
    label: str  # how /club show names it
    read: Callable[[str], Any]  # the typed word → the value; ValueError when it can't be read
    # What it takes, said when a value can't be read; a function where the values can change
    # while the bot runs (the voting methods are a registry).
    accepts: str | Callable[[], str]
    show: Callable[[Any], str] = said  # the value as people write it
    rule: bool = False  # changes which sessions exist

    def shown(self, settings: ClubSettings) -> str:
        return self.show(getattr(settings, self.field))

    def takes(self) -> str:
        return self.accepts if isinstance(self.accepts, str) else self.accepts()


def switch_setting(field: str, label: str) -> Setting:
    return Setting(field, label, switch, t("on or off"), on_off)
