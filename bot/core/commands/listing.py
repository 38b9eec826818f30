"""Every command, named the same on every platform, in the order /help lists them.

Adding a command is a use case module with its command class and its `SPEC`, plus one line
here; the console and Slack read its words by its options, and Discord offers them typed.
"""

from __future__ import annotations

from typing import Any

from bot.core.commands.spec import CommandSpec
from bot.core.usecases import (
    assign_presenter,
    cast_vote,
    check_in,
    close_poll,
    club_reschedule,
    club_set,
    club_skip,
    drop_presentation,
    edit_paper,
    import_papers,
    join_rotation,
    leave_rotation,
    list_papers,
    manage_queue,
    open_poll,
    pause_club,
    pin_paper,
    rank_vote,
    regenerate_paper,
    renew_calendar_link,
    reset_paper,
    resume_club,
    review_suggestions,
    revoke_calendar_link,
    rsvp,
    rsvp_list,
    setup_club,
    show_club,
    show_help,
    show_history,
    show_paper,
    show_poll,
    show_results,
    show_schedule,
    stats,
    suggest_paper,
    swap_answer,
    swap_presenter,
    volunteer,
    withdraw_vote,
)


def default_specs() -> tuple[CommandSpec[Any, Any], ...]:
    return (
        show_help.SPEC,
        show_paper.SPEC,
        list_papers.SPEC,
        suggest_paper.SPEC,
        review_suggestions.MINE,
        review_suggestions.WITHDRAW,
        import_papers.SPEC,
        # An admin's changes to the queue and its suggestions, by the numbers /papers shows.
        manage_queue.REMOVE,
        manage_queue.MOVE,
        pin_paper.SPEC,
        manage_queue.READ,
        manage_queue.UNREAD,
        review_suggestions.REJECT,
        # An admin's corrections to a paper's summary and prompts, for this club.
        edit_paper.SPEC,
        regenerate_paper.SPEC,
        reset_paper.SPEC,
        show_schedule.SPEC,
        show_history.SPEC,
        setup_club.SPEC,
        show_club.SPEC,
        rsvp.SPEC,
        rsvp_list.SPEC,
        check_in.SPEC,
        show_poll.SPEC,
        cast_vote.SPEC,
        rank_vote.SPEC,
        withdraw_vote.SPEC,
        show_results.SPEC,
        open_poll.SPEC,
        close_poll.SPEC,
        stats.SPEC,
        volunteer.SPEC,
        swap_presenter.SPEC,
        swap_answer.ACCEPT,
        swap_answer.DECLINE,
        drop_presentation.SPEC,
        join_rotation.SPEC,
        leave_rotation.SPEC,
        assign_presenter.ASSIGN,
        assign_presenter.CLEAR,
        # The admin commands that shape the weekly rhythm.
        club_skip.SPEC,
        club_reschedule.SPEC,
        pause_club.SPEC,
        resume_club.SPEC,
        club_set.SPEC,
        renew_calendar_link.SPEC,
        revoke_calendar_link.SPEC,
    )
