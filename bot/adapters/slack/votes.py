"""Block Kit for polls, their results and stats.

One-choice polls carry the core's one-click buttons. Polls whose ballot is a set or a ranking
get one "ballot" button instead, which opens a modal (checkboxes, or ordered selects) built from
the poll as the member sees it, pre-filled with their current ballot: a shared channel message
can't show each member their own ticks, and a modal can. Results and stats draw Unicode bars;
the PNG chart is uploaded next to the message (see `charts`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.adapters.shared.bars import bar
from bot.adapters.slack.modals import Field, Form, ranked_form
from bot.adapters.slack.text import (
    Block,
    context,
    escape,
    header,
    safe,
    section,
    sections,
)
from bot.core.views import (
    Action,
    ActionStyle,
    BallotShape,
    Bar,
    Choice,
    PollView,
    ResultsView,
    StatsView,
)
from bot.core.wording import plural
from bot.i18n import _, ngettext, say

if TYPE_CHECKING:
    from bot.adapters.slack.render import Renderer

BAR_WIDTH = 16
# Ballots filled in a modal, and the label of the button that opens it.
BALLOT_BUTTONS = {BallotShape.SET: "Choose papers", BallotShape.RANKING: "Rank papers"}
_FIELDS_PER_SECTION = 10  # Slack's limit


def deadline(view: PollView) -> str:
    """Shown in each reader's own time zone; the club's local time is the fallback text."""
    stamp = int(view.closes_at.timestamp())
    # Slack's own tokens, which it fills in with the reader's date and time.
    tokens = _("{date_short_pretty} at {time}")
    return f"<!date^{stamp}^{tokens}|{escape(view.closes_local)}>"


def poll(view: PollView, r: Renderer) -> list[Block]:
    blocks = [header(say(view.heading))]
    about = [
        f":ballot_box_with_ballot: {escape(view.method.label)}",
        ":alarm_clock: " + escape(_("Closes {when}")).replace("{when}", deadline(view)),
        ":bust_in_silhouette: "
        + escape(ngettext("{n} ballot so far", "{n} ballots so far", view.ballots)),
    ]
    if view.anonymous:
        about.append(":see_no_evil: " + escape(_("Anonymous")))
    blocks.append(context(*about))
    if view.for_session:
        on = _("For the session on {day}").format(day=say(view.for_session))
        blocks.append(context(f":calendar: {safe(on)}"))
    lines = []
    for c in view.candidates:
        by = ""
        if c.suggested_by:
            by = "  _" + escape(_("suggested by {name}").format(name=c.suggested_by)) + "_"
        lines.append(f"*{c.number}.* {escape(c.title)}{by}")
    blocks += sections(lines)
    blocks.append(context(r.ours(escape(view.method.how_to_vote))))
    if view.your_choices:
        blocks.append(section(f":white_check_mark: {_yours(view)}"))
    actions = list(view.actions)
    if view.your_choices:
        withdraw = _("Withdraw my ballot")
        actions.append(Action(withdraw, view.commands.withdraw, ActionStyle.DANGER))
    label = _ballot_button(view.method.shape)
    ballot = Action(label, view.commands.show, ActionStyle.PRIMARY) if label else None
    return blocks + r.actions(actions, ballot)


def _yours(view: PollView) -> str:
    """The member's ballot: a set as what they approve, a ranking in its order."""
    if view.method.shape is BallotShape.SET:
        numbers = ", ".join(str(n) for n in view.your_choices)
        return escape(_("You approve: {numbers}")).replace("{numbers}", f"*{numbers}*")
    numbers = " › ".join(str(n) for n in view.your_choices)
    return escape(_("Your ballot: {numbers}")).replace("{numbers}", f"*{numbers}*")


def _ballot_button(shape: BallotShape) -> str | None:
    """The label of the button that opens a set or ranked ballot's form."""
    if shape not in BALLOT_BUTTONS:
        return None
    return _("Choose papers") if shape is BallotShape.SET else _("Rank papers")


def ballot_form(view: object) -> Form | None:
    """The modal for a set or ranked ballot, pre-filled with the member's ballot."""
    if not isinstance(view, PollView) or view.method.shape not in BALLOT_BUTTONS:
        return None
    command = view.commands.cast
    choices = tuple(Choice(f"{c.number}. {c.title}", str(c.number)) for c in view.candidates)
    mine = tuple(str(n) for n in view.your_choices)
    if view.method.shape is BallotShape.RANKING:
        return ranked_form(command, _("Rank the papers"), choices, len(choices), mine)
    field = Field(
        "approve", _("Papers you'd happily read"), choices, True, multiple=True, initial=mine
    )
    return Form(command, _("Choose papers"), (field,), _("Vote"))


def results(view: ResultsView, r: Renderer) -> list[Block]:
    title = _("Winner: {title}").format(title=view.winner) if view.winner else _("No winner")
    blocks = [header(title)]
    about = [f"{escape(plural(view.total_ballots, 'ballot'))} · {escape(view.method.label)}"]
    if view.for_session:
        on = _("To be read on {day}").format(day=say(view.for_session))
        about.append(f":calendar: {safe(on)}")
    if view.anonymous:
        about.append(":see_no_evil: " + escape(_("Anonymous")))
    blocks.append(context(*about))
    if view.outcome:
        blocks.append(section(safe(say(view.outcome))))
    measure = escape(say(view.method.measure).capitalize())
    blocks += sections([f"*{measure}*", *bar_lines(view.bars)])
    if view.rounds:
        rounds = [f"{n}. {escape(line)}" for n, line in enumerate(view.rounds, start=1)]
        blocks += sections([f"*{escape(_('Rounds'))}*", *rounds])
    if view.tie_break:
        blocks.append(context(*(f":scales: {safe(line)}" for line in view.tie_break)))
    return blocks


def stats(view: StatsView, r: Renderer) -> list[Block]:
    blocks = [header(view.title)]
    fields = [f"*{escape(label)}*\n{escape(value)}" for label, value in view.lines]
    for start in range(0, len(fields), _FIELDS_PER_SECTION):
        chunk = fields[start : start + _FIELDS_PER_SECTION]
        blocks.append({"type": "section", "fields": [_field(f) for f in chunk]})
    for title, bars in ((view.bars_title, view.bars), (view.extra_bars_title, view.extra_bars)):
        if bars:
            blocks += sections([f"*{escape(title or '')}*", *bar_lines(bars)])
    return blocks


def bar_lines(bars: Sequence[Bar]) -> list[str]:
    """One line per bar: a monospace Unicode bar (so bars line up), the count, the label."""
    top = max((b.value for b in bars), default=0)
    lines = []
    for item in bars:
        drawn = bar(item.value, top, BAR_WIDTH) or "▏"
        note = f"  _{escape(item.note)}_" if item.note else ""
        lines.append(f"`{drawn.ljust(BAR_WIDTH)}` *{item.value}*  {escape(item.label)}{note}")
    return lines or [f"_{escape(_('Nothing yet.'))}_"]


def _field(text: str) -> Block:
    return {"type": "mrkdwn", "text": text[:2000], "verbatim": True}
