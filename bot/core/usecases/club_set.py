"""/club set SETTING VALUE: change one club setting. A new weekly rule re-plans future sessions
and their posts; past sessions stay as they were."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from bot.core.commands.context import Context, Store
from bot.core.commands.options import OptionSpec
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import Values
from bot.core.domain.clubs import Club, ClubSettings
from bot.core.domain.errors import InvalidInput
from bot.core.planning.postplan import sync_posts
from bot.core.ports import UnitOfWork
from bot.core.text import t
from bot.core.usecases.club_settings import SETTINGS, USAGE
from bot.core.usecases.common import require_club
from bot.core.usecases.rule_change import apply_rule
from bot.core.views import Notice, Tone
from bot.core.wording import plural

# Discord ends its own poll after 768 hours (32 days) at most, so its adapter runs a longer
# vote with buttons (bot/adapters/discord/native_poll.fits); the admin is told when turning it on.
NATIVE_POLL_LONGEST = timedelta(hours=768)


def native_poll_note(settings: ClubSettings) -> str:
    """What turning native polls on does for this club: a vote runs from the end of one session
    to the announcement of the next, so a club meeting less often votes longer than Discord's
    poll can last."""
    vote = timedelta(
        weeks=settings.cadence_weeks,
        minutes=-settings.session_minutes - settings.announce_before_minutes,
    )
    if vote > NATIVE_POLL_LONGEST:
        return (
            f"This club's votes stay open about {plural(round(vote / timedelta(days=1)), 'day')}, "
            "longer than the 32 days a Discord poll can last, so they keep their buttons."
        )
    return "A vote open longer than 32 days (the most a Discord poll can last) keeps its buttons."


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
            raise InvalidInput(f"There is no setting {word[:40]!r}.", hint=USAGE)
        try:
            return cls(name, setting.read(text))
        except (ValueError, InvalidInput) as exc:
            # Every reader says what it could not read; what the setting takes is said here, so
            # no error is Python's own wording.
            reason = exc.message if isinstance(exc, InvalidInput) else str(exc)
            raise InvalidInput(
                f"{name}: {reason}",
                hint=f"{name} takes {setting.takes()}.",
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


async def open_vote_note(uow: UnitOfWork, club: Club, name: str) -> tuple[str, ...]:
    """Whether a voting setting applies to the vote already open. A vote is counted the way it
    was opened (members voted knowing the method, and how many papers stand); anonymity can
    only grow: turning it on hides the open vote's voters too, turning it off never reveals
    the voters of a vote that promised not to."""
    if name not in ("voting_method", "anonymous", "candidates"):
        return ()
    poll = await uow.polls.open_for(club.id)
    if poll is None:
        return ()
    s = club.settings
    if name == "anonymous":
        if s.anonymous_polls and not poll.anonymous:
            await uow.polls.update(replace(poll, anonymous=True))
            return ("The open vote is anonymous from now on too.",)
        if not s.anonymous_polls and poll.anonymous:
            return ("The open vote stays anonymous, as it was opened; the next one is not.",)
        return ()
    if name == "voting_method":
        if poll.method == s.voting_method:
            return ()
        return (
            f"The open vote is still counted by {poll.method}; "
            f"the next one uses {s.voting_method}.",
        )
    return (
        f"The open vote keeps its {len(poll.candidates)} papers; "
        f"the next one offers {s.poll_candidates}.",
    )


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
