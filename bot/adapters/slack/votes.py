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

if TYPE_CHECKING:
    from bot.adapters.slack.render import Renderer

BAR_WIDTH = 16
# Ballots filled in a modal, and the label of the button that opens it.
BALLOT_BUTTONS = {BallotShape.SET: "Choose papers", BallotShape.RANKING: "Rank papers"}
_FIELDS_PER_SECTION = 10  # Slack's limit


def deadline(view: PollView) -> str:
    """Shown in each reader's own time zone; the club's local time is the fallback text."""
    stamp = int(view.closes_at.timestamp())
    return f"<!date^{stamp}^{{date_short_pretty}} at {{time}}|{escape(view.closes_local)}>"


def poll(view: PollView, r: Renderer) -> list[Block]:
    blocks = [header("Vote on the next paper")]
    about = [
        f":ballot_box_with_ballot: {escape(view.method.label)}",
        f":alarm_clock: Closes {deadline(view)}",
        f":bust_in_silhouette: {plural(view.ballots, 'ballot')} so far",
    ]
    if view.anonymous:
        about.append(":see_no_evil: Anonymous")
    blocks.append(context(*about))
    if view.for_session:
        blocks.append(context(f":calendar: For the session on {safe(view.for_session)}"))
    lines = []
    for c in view.candidates:
        by = f"  _suggested by {escape(c.suggested_by)}_" if c.suggested_by else ""
        lines.append(f"*{c.number}.* {escape(c.title)}{by}")
    blocks += sections(lines)
    blocks.append(context(r.ours(escape(view.method.how_to_vote))))
    if view.your_choices:
        blocks.append(section(f":white_check_mark: {_yours(view)}"))
    actions = list(view.actions)
    if view.your_choices:
        actions.append(Action("Withdraw my ballot", view.commands.withdraw, ActionStyle.DANGER))
    label = BALLOT_BUTTONS.get(view.method.shape)
    ballot = Action(label, view.commands.show, ActionStyle.PRIMARY) if label else None
    return blocks + r.actions(actions, ballot)


def _yours(view: PollView) -> str:
    """The member's ballot: a set as what they approve, a ranking in its order."""
    if view.method.shape is BallotShape.SET:
        return "You approve: *" + ", ".join(str(n) for n in view.your_choices) + "*"
    return "Your ballot: *" + " › ".join(str(n) for n in view.your_choices) + "*"


def ballot_form(view: object) -> Form | None:
    """The modal for a set or ranked ballot, pre-filled with the member's ballot."""
    if not isinstance(view, PollView) or view.method.shape not in BALLOT_BUTTONS:
        return None
    command = view.commands.cast
    choices = tuple(Choice(f"{c.number}. {c.title}", str(c.number)) for c in view.candidates)
    mine = tuple(str(n) for n in view.your_choices)
    if view.method.shape is BallotShape.RANKING:
        return ranked_form(command, "Rank the papers", choices, len(choices), mine)
    field = Field(
        "approve", "Papers you'd happily read", choices, True, multiple=True, initial=mine
    )
    return Form(command, "Choose papers", (field,), "Vote")


def results(view: ResultsView, r: Renderer) -> list[Block]:
    title = f"Winner: {view.winner}" if view.winner else "No winner"
    blocks = [header(title)]
    about = [f"{plural(view.total_ballots, 'ballot')} · {escape(view.method.label)}"]
    if view.for_session:
        about.append(f":calendar: To be read on {safe(view.for_session)}")
    if view.anonymous:
        about.append(":see_no_evil: Anonymous")
    blocks.append(context(*about))
    blocks += sections([f"*{escape(view.method.measure.capitalize())}*", *bar_lines(view.bars)])
    if view.rounds:
        rounds = [f"{n}. {escape(line)}" for n, line in enumerate(view.rounds, start=1)]
        blocks += sections(["*Rounds*", *rounds])
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
    return lines or ["_Nothing yet._"]


def _field(text: str) -> Block:
    return {"type": "mrkdwn", "text": text[:2000], "verbatim": True}
