"""Embeds and voting components for polls, results and stats.

Counts are drawn as Unicode bars in the embed (readable in any client, and in notifications);
the PNG chart from `bot.charts` is attached by `render.render_reply` and shown as the image.
"""

from __future__ import annotations

from typing import Any

import discord

from bot.adapters.discord.embeds import (
    COLOURS,
    DESCRIPTION,
    FIELD_VALUE,
    clip,
    esc,
    lines_within,
)
from bot.adapters.discord.views import OPTION_TEXT, SELECT_OPTIONS, command_select
from bot.adapters.shared.bars import bar
from bot.core.views import (
    BallotShape,
    Bar,
    PollCandidate,
    PollView,
    ResultsView,
    StatsView,
    Tone,
)
from bot.core.wording import plural
from bot.i18n import _, number, say

RANK_PREFIX = "pcr:"
DONE_ID = "pcr:done"  # no command: "done" only closes the member's ranking message
BAR_CELLS = 12
POLL_COLOUR = discord.Colour.blurple()
RESULTS_COLOUR = discord.Colour.gold()


def _relative(view: PollView) -> str:
    return (
        f"{discord.utils.format_dt(view.closes_at, 'f')} "
        f"({discord.utils.format_dt(view.closes_at, 'R')})"
    )


def _candidate_line(c: PollCandidate) -> str:
    by = ""
    if c.suggested_by:
        by = f" · *{esc(_('suggested by {name}').format(name=c.suggested_by))}*"
    return f"**{c.number}.** {esc(c.title)}{by}"


def poll_embed(view: PollView) -> discord.Embed:
    body = lines_within([_candidate_line(c) for c in view.candidates], DESCRIPTION - 400)
    embed = discord.Embed(
        title="🗳 " + esc(say(view.heading)),
        description=f"{body}\n\n{esc(view.method.how_to_vote)}",
        colour=POLL_COLOUR,
    )
    embed.add_field(name=_("Method"), value=esc(view.method.label))
    embed.add_field(name=_("Closes"), value=_relative(view))
    ballots = _("{n} so far").format(n=number(view.ballots))
    ballots += " · " + _("anonymous") if view.anonymous else ""
    embed.add_field(name=_("Ballots"), value=esc(ballots))
    if view.for_session:
        embed.add_field(name=_("For the session"), value=esc(view.for_session))
    if view.your_choices:
        titles = {c.number: c.title for c in view.candidates}
        mine = [f"{n}. {esc(titles.get(n, '?'))}" for n in view.your_choices]
        name = _("You approve") if view.method.shape is BallotShape.SET else _("Your ballot")
        embed.add_field(name=name, value=clip("\n".join(mine), FIELD_VALUE), inline=False)
    embed.set_footer(text=_("vote #{number}").format(number=view.poll_id))
    return embed


def bar_lines(bars: tuple[Bar, ...]) -> list[str]:
    """`██████▌     ` 3 · Title — the bar in a code span keeps the columns aligned."""
    top = max((b.value for b in bars), default=0)
    lines = []
    for item in bars:
        note = f" — {esc(item.note)}" if item.note else ""
        cells = bar(item.value, top, BAR_CELLS).ljust(BAR_CELLS)
        lines.append(f"`{cells}` **{item.value}** · {esc(item.label)}{note}")
    return lines


def results_embed(view: ResultsView) -> discord.Embed:
    head = f"🏆 {esc(view.winner)}" if view.winner else _("No winner")
    said = []
    if view.for_session:
        said.append(esc(_("Will be read on {day}.").format(day=say(view.for_session))))
    if view.outcome:
        said.append(esc(say(view.outcome)))
    intro = "\n".join(said) + "\n\n" if said else ""
    counts = lines_within(bar_lines(view.bars), DESCRIPTION - len(intro) - 100)
    measure = esc(say(view.method.measure).capitalize())
    embed = discord.Embed(
        title=head,
        description=f"{intro}**{measure}**\n{counts or esc(_('No ballots.'))}",
        colour=RESULTS_COLOUR,
    )
    if view.rounds:
        rounds = [f"{n}. {esc(r)}" for n, r in enumerate(view.rounds, start=1)]
        embed.add_field(name=_("Rounds"), value=lines_within(rounds, FIELD_VALUE), inline=False)
    if view.tie_break:
        ties = [f"• {esc(t)}" for t in view.tie_break]
        embed.add_field(name=_("Ties"), value=lines_within(ties, FIELD_VALUE), inline=False)
    footer = [
        say(plural(view.total_ballots, "ballot")),
        say(view.method.label),
        _("vote #{number}").format(number=view.poll_id),
    ]
    if view.anonymous:
        footer.append(_("anonymous"))
    embed.set_footer(text=" · ".join(footer))
    return embed


def stats_embed(view: StatsView) -> discord.Embed:
    embed = discord.Embed(title=f"📊 {esc(view.title)}", colour=COLOURS[Tone.INFO])
    for label, value in view.lines[:18]:  # leaves room for the two bar sections
        embed.add_field(name=esc(label), value=esc(value) or "—")
    for title, bars in ((view.bars_title, view.bars), (view.extra_bars_title, view.extra_bars)):
        if bars:
            embed.add_field(
                name=esc(title or _("Chart")),
                value=lines_within(bar_lines(bars), FIELD_VALUE),
                inline=False,
            )
    return embed


def _options(candidates: tuple[PollCandidate, ...]) -> list[tuple[str, str]]:
    return [(clip(f"{c.number}. {c.title}", OPTION_TEXT), str(c.number)) for c in candidates]


def rank_custom_id(view: PollView) -> str:
    """The core's rank command with the member's ranking so far: the next step's select."""
    return RANK_PREFIX + " ".join([view.commands.rank, *map(str, view.your_choices)])


def vote_select(view: PollView) -> discord.ui.Select[Any] | None:
    """A set: one multi-select. A ranking: its next step (see ranking.py). One choice: none, the
    core's buttons are the ballot."""
    shape = view.method.shape
    if shape is BallotShape.SET:
        return command_select(
            view.commands.cast,
            _options(view.candidates),
            placeholder=_("Pick every paper you'd happily read…"),
            max_values=len(view.candidates),
        )
    if shape is not BallotShape.RANKING:
        return None
    remaining = [c for c in view.candidates if c.number not in view.your_choices]
    if not remaining:
        return None
    step = len(view.your_choices) + 1
    return discord.ui.Select(
        # The ranking so far rides in the custom_id, so the next step needs no stored state.
        custom_id=rank_custom_id(view),
        placeholder=_("Rank: your favourite…")
        if step == 1
        else _("Rank: your choice no. {step}…").format(step=step),
        options=[
            discord.SelectOption(label=label, value=value)
            for label, value in _options(tuple(remaining))[:SELECT_OPTIONS]
        ],
    )


def vote_buttons(view: PollView) -> list[discord.ui.Button[Any]]:
    """A "done" button on a member's partial ranking (each step has already been saved)."""
    if view.method.shape is not BallotShape.RANKING or not view.your_choices:
        return []
    done = _("Done")
    return [discord.ui.Button(label=done, style=discord.ButtonStyle.success, custom_id=DONE_ID)]
