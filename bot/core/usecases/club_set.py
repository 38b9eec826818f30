"""/club set SETTING VALUE: change one club setting. A new weekly rule re-plans future sessions
and their posts; past sessions stay as they were."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from bot.core.commands.context import Context, Store
from bot.core.commands.options import OptionSpec
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import Values
from bot.core.domain.clubs import ClubSettings
from bot.core.domain.errors import InvalidInput
from bot.core.planning.postplan import sync_posts
from bot.core.text import reason, t
from bot.core.usecases.club_access import require_club
from bot.core.usecases.club_settings import SETTINGS, USAGE
from bot.core.usecases.rule_change import apply_rule
from bot.core.usecases.vote_setting_notes import native_poll_note, open_vote_note
from bot.core.views import Notice, Tone


@dataclass(frozen=True, slots=True)
class SetClubSetting:
    setting: str  # a key of SETTINGS
    value: object  # already read by that setting

    @classmethod
    def build(cls, values: Values) -> SetClubSetting:
        word, text = values.text("setting") or "", values.text("value") or ""
        name = word.casefold().replace("-", "_")
        setting = SETTINGS.get(name)
        if setting is None:
            raise InvalidInput(t("There is no setting '{word}'.", word=word[:40]), hint=USAGE)
        try:
            return cls(name, setting.read(text))
        except (ValueError, InvalidInput) as exc:
            # Every reader says what it could not read; what the setting takes is said here, so
            # no error is Python's own wording.
            why = exc.message if isinstance(exc, InvalidInput) else reason(exc)
            raise InvalidInput(
                t("{setting}: {reason}", setting=name, reason=why),
                hint=t("{setting} takes {values}.", setting=name, values=setting.takes()),
            ) from None


async def execute(cmd: SetClubSetting, ctx: Context, store: Store) -> Notice:
    name, value = cmd.setting, cmd.value
    setting = SETTINGS[name]
    now = store.clock.now()
    async with store.uow() as uow:
        club = await require_club(uow, ctx)
        changes: dict[str, Any] = {setting.field: value}
        settings: ClubSettings = replace(club.settings, **changes)
        if settings == club.settings:
            return Notice(
                t("{setting} is already {value}.", setting=name, value=setting.shown(settings))
            )
        club = replace(club, settings=settings)
        await uow.clubs.update(club)
        details: tuple[str, ...] = ()
        if setting.rule:
            details = (settings.rule_text(), *await apply_rule(uow, club, now, store.plan_weeks))
        details += await open_vote_note(uow, club, name)
        await sync_posts(uow, club, now)
        await uow.commit()
    if name == "native_poll" and value is True:
        details = (native_poll_note(settings), *details)
    said = t("{setting} is now {value}.", setting=name, value=setting.shown(settings))
    return Notice(said, Tone.SUCCESS, details=details)


SPEC = CommandSpec(
    "club set",
    "/club set SETTING VALUE",
    "Change a setting: weekday, time, timezone, cadence, session_length, announce_before, "
    "remind_before, language, voting_method, or turn posts on/off.",
    SetClubSetting,
    SetClubSetting.build,
    execute,
    Store,
    admin=True,
    private=True,
    options=(
        OptionSpec("setting", "Which setting", required=True, choices=tuple(SETTINGS)),
        OptionSpec("value", "The new value, e.g. 19:00, 2h, on", required=True),
    ),
)
