"""Every command, named the same on every platform, with its help text and text grammar.

Adding a command is a use case module plus one `CommandSpec` here; the console and Slack pick it
up through the text grammar, and Discord through its typed options.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.core.commands.options import OptionKind, OptionSpec
from bot.core.commands.spec import CommandSpec, Parser
from bot.core.commands.textparse import is_number
from bot.core.domain.errors import InvalidInput
from bot.core.planning.calendar import parse_local_time, parse_weekday, zone_or_error
from bot.core.usecases import (
    check_in,
    club_calendar,
    club_pause,
    club_reschedule,
    club_set,
    club_skip,
    import_papers,
    list_papers,
    present,
    rsvp,
    setup_club,
    show_club,
    show_help,
    show_paper,
    show_schedule,
    stats,
    suggest_paper,
    vote,
)


def _rest(words: list[str]) -> str | None:
    text = " ".join(words).strip()
    return text or None


def _no_args(usage: str, factory: Callable[[], object]) -> Parser:
    def parse(words: list[str]) -> object:
        if words:
            raise InvalidInput(f"{usage} takes no arguments.")
        return factory()

    return parse


def _parse_schedule(words: list[str]) -> object:
    if not words:
        return show_schedule.ShowSchedule()
    if len(words) == 1 and is_number(words[0]):
        return show_schedule.ShowSchedule(count=int(words[0]))
    raise InvalidInput("Usage: /schedule [how many sessions, 1-12]")


def _parse_setup(words: list[str]) -> object:
    """`/club setup [weekday] [time] [zone]`, in any order; each part is recognised by its shape."""
    weekday = local_time = zone = None
    for word in words:
        try:
            if weekday is None:
                weekday = parse_weekday(word)
                continue
        except ValueError:
            pass
        try:
            if local_time is None:
                local_time = parse_local_time(word)
                continue
        except ValueError:
            pass
        if zone is None and ("/" in word or word.upper() == "UTC"):
            try:
                zone = zone_or_error(word).key
            except ValueError as exc:
                raise InvalidInput(str(exc)) from None
            continue
        raise InvalidInput(
            f"I don't understand {word!r}.",
            hint="Usage: /club setup [weekday] [time] [time zone], "
            "e.g. /club setup wed 18:00 Europe/Berlin",
        )
    return setup_club.SetupClub(weekday=weekday, local_time=local_time, timezone=zone)


def default_specs() -> tuple[CommandSpec, ...]:
    return (
        CommandSpec(
            "help",
            "/help [command]",
            "What I can do.",
            show_help.ShowHelp,
            lambda w: show_help.ShowHelp(_rest(w)),
            None,
            private=True,
            options=(OptionSpec("command", "A command to explain"),),
        ),
        CommandSpec(
            "paper",
            "/paper [id or title]",
            "This week's paper with its summary and discussion prompts, or any paper's card.",
            show_paper.ShowPaper,
            lambda w: show_paper.ShowPaper(_rest(w)),
            show_paper.execute,
            options=(OptionSpec("paper", "A paper's title or id", OptionKind.PAPER),),
        ),
        CommandSpec(
            "papers",
            "/papers [search]",
            "The reading queue; add words to search titles, authors and tags.",
            list_papers.ListPapers,
            lambda w: list_papers.ListPapers(_rest(w)),
            list_papers.execute,
            private=True,
            options=(OptionSpec("search", "Words from a title, an author or a tag"),),
        ),
        CommandSpec(
            "suggest",
            "/suggest <arXiv URL | DOI | title>",
            "Suggest a paper for the next vote.",
            suggest_paper.SuggestPaper,
            lambda w: suggest_paper.SuggestPaper(w[0] if w else ""),
            suggest_paper.execute,
            options=(
                OptionSpec("paper", "An arXiv link, a DOI or a title", OptionKind.PAPER, True),
            ),
            raw=True,
        ),
        CommandSpec(
            "papers import",
            "/papers import [pasted list or attached file]",
            "Merge a reading list into the queue (markdown, BibTeX, CSV, YAML/JSON, arXiv links).",
            import_papers.ImportPapers,
            lambda w: import_papers.ImportPapers(w[0] if w else ""),
            import_papers.execute,
            admin=True,
            private=True,
            options=(
                OptionSpec("text", "The reading list, pasted"),
                OptionSpec("file", "The reading list as a file", OptionKind.FILE),
            ),
            raw=True,
            build=import_papers.from_options,
        ),
        CommandSpec(
            "schedule",
            "/schedule [count]",
            "The next sessions and their papers.",
            show_schedule.ShowSchedule,
            _parse_schedule,
            show_schedule.execute,
            options=(OptionSpec("count", "How many sessions (1-12)", OptionKind.INTEGER),),
        ),
        CommandSpec(
            "club setup",
            "/club setup [weekday] [time] [zone]",
            "Make this channel a paper club, or change its weekly rule.",
            setup_club.SetupClub,
            _parse_setup,
            setup_club.execute,
            admin=True,
            private=True,
            options=(
                OptionSpec("weekday", "Meeting day", OptionKind.WEEKDAY),
                OptionSpec("time", "Local meeting time, e.g. 18:00", OptionKind.TIME),
                OptionSpec("timezone", "IANA time zone, e.g. Europe/Berlin", OptionKind.TIMEZONE),
            ),
        ),
        CommandSpec(
            "club show",
            "/club show",
            "The club's channel and settings.",
            show_club.ShowClub,
            _no_args("/club show", show_club.ShowClub),
            show_club.execute,
            admin=True,
            private=True,
        ),
        CommandSpec(
            "rsvp",
            "/rsvp going|maybe|no [session]",
            "Say whether you're coming to the next session (or the one named).",
            rsvp.RsvpCommand,
            rsvp.parse,
            rsvp.execute,
            private=True,
            options=(
                OptionSpec(
                    "answer", "Are you coming?", OptionKind.CHOICE, True, ("going", "maybe", "no")
                ),
                OptionSpec("session", "A session date (2026-12-02) or id; default: the next"),
            ),
        ),
        CommandSpec(
            "attend",
            "/attend",
            "Check in to the session that is on now.",
            check_in.CheckInCommand,
            check_in.parse,
            check_in.execute,
            private=True,
            options=(OptionSpec("session", "Session id (optional)"),),
        ),
        CommandSpec(
            "vote",
            "/vote [numbers…] | /vote results | /vote open|close",
            "See the vote on the next paper and cast or change your ballot; "
            "admins open and close votes.",
            vote.VoteCommand,
            vote.parse,
            vote.execute,
            private=True,
            public_when=lambda cmd: cmd.action in {"open", "close"},
            options=(
                OptionSpec(
                    "choices",
                    "Candidate numbers, favourite first (e.g. 3 1 2), or results/open/close",
                ),
            ),
        ),
        CommandSpec(
            "stats",
            "/stats [club]",
            "Your attendance, streak and suggestions, or the club's.",
            stats.StatsCommand,
            stats.parse,
            stats.execute,
            private=True,
            options=(OptionSpec("scope", "Whose stats", OptionKind.CHOICE, False, ("me", "club")),),
        ),
        CommandSpec(
            "present",
            "/present [session] | /present swap SESSION | /present drop | /present optin|optout",
            "Volunteer to lead a session, trade or give back yours, or join the rotation.",
            present.PresentCommand,
            present.parse,
            present.execute,
            private=True,
            options=(
                OptionSpec(
                    "action",
                    "What to do",
                    OptionKind.CHOICE,
                    False,
                    ("volunteer", "swap", "drop", "optin", "optout"),
                ),
                OptionSpec("session", "A session date (2026-12-02) or id"),
            ),
        ),
        *_schedule_admin_specs(),
    )


def _schedule_admin_specs() -> tuple[CommandSpec, ...]:
    """The admin commands that shape the weekly rhythm."""
    return (
        CommandSpec(
            "club skip",
            "/club skip DATE",
            "No session that week; the queue shifts and no paper is dropped.",
            club_skip.SkipSession,
            club_skip.parse,
            club_skip.execute,
            admin=True,
            private=True,
            options=(
                OptionSpec("date", "The session's date, e.g. 2026-12-02", OptionKind.DATE, True),
            ),
        ),
        CommandSpec(
            "club reschedule",
            "/club reschedule DATE NEW_DATE NEW_TIME",
            "Move one session; its announcement and reminders move with it.",
            club_reschedule.RescheduleSession,
            club_reschedule.parse,
            club_reschedule.execute,
            admin=True,
            private=True,
            options=(
                OptionSpec("date", "The session's date, e.g. 2026-12-02", OptionKind.DATE, True),
                OptionSpec("new_date", "Its new date", OptionKind.DATE, True),
                OptionSpec("new_time", "Its new local time, e.g. 19:00", OptionKind.TIME, True),
            ),
        ),
        CommandSpec(
            "club pause",
            "/club pause",
            "Stop sessions and posts until /club resume.",
            club_pause.PauseClub,
            _no_args("/club pause", club_pause.PauseClub),
            club_pause.pause,
            admin=True,
        ),
        CommandSpec(
            "club resume",
            "/club resume",
            "Plan sessions and posts again after a pause.",
            club_pause.ResumeClub,
            _no_args("/club resume", club_pause.ResumeClub),
            club_pause.resume,
            admin=True,
        ),
        CommandSpec(
            "club set",
            "/club set SETTING VALUE",
            "Change a setting: weekday, time, timezone, cadence, session_length, announce_before, "
            "remind_before, language, voting_method, or turn posts on/off.",
            club_set.SetClubSetting,
            club_set.parse,
            club_set.execute,
            admin=True,
            private=True,
            options=(
                OptionSpec(
                    "setting", "Which setting", OptionKind.CHOICE, True, tuple(club_set.SETTINGS)
                ),
                OptionSpec("value", "The new value, e.g. 19:00, 2h, on", required=True),
            ),
        ),
        CommandSpec(
            "club calendar",
            "/club calendar [revoke]",
            "Create (or renew) the club's calendar link, or revoke it.",
            club_calendar.ClubCalendar,
            club_calendar.parse,
            club_calendar.execute,
            admin=True,
            private=True,
            options=(
                OptionSpec(
                    "revoke",
                    "Type revoke to disable the link",
                    OptionKind.CHOICE,
                    False,
                    ("revoke",),
                ),
            ),
        ),
    )
