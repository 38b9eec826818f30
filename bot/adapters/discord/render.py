"""Embeds for the neutral views. A view without its own renderer is shown as its fields in plain
text, so views the core adds later reach Discord before anyone writes an embed for them."""

from __future__ import annotations

import dataclasses
import io
from dataclasses import dataclass, field
from datetime import datetime
from functools import singledispatch
from typing import Any

import discord

from bot.adapters.discord import native_poll, render_votes
from bot.adapters.discord.embeds import (
    COLOURS,
    DESCRIPTION,
    ERROR_COLOUR,
    FIELD_VALUE,
    FIELDS,
    PAPER_COLOUR,
    clip,
    esc,
    fit,
    lines_within,
    numbered_fields,
)
from bot.adapters.discord.limits import CONTENT, LINK_URL
from bot.adapters.discord.views import StatelessView, build_view, command_select
from bot.adapters.shared.card_text import byline, paper_state, provenance
from bot.charts import alt_text, chart_for
from bot.core.views import (
    Action,
    ClubView,
    ErrorView,
    HelpView,
    Notice,
    PaperCard,
    PaperList,
    PollView,
    Reply,
    ResultsView,
    ScheduleView,
    StatsView,
    Tone,
    View,
)
from bot.i18n import _, current_language, ngettext, say, speaking


@dataclass
class MessageParts:
    embeds: list[discord.Embed]
    view: StatelessView | None
    files: list[discord.File] = field(default_factory=list)  # charts, shown as embed images
    poll: discord.Poll | None = None  # a native poll goes with content, never embeds
    content: str | None = None


def render_reply(reply: Reply, *, now: datetime) -> MessageParts:
    """``now`` is the club clock's: a native poll lasts from now until the vote's deadline.
    The reply's text is said in its language (the club's)."""
    view = reply.view
    with speaking(reply.language):
        # Discord's own poll only when it can last until the vote closes; otherwise buttons.
        if isinstance(view, PollView) and view.native_poll and native_poll.fits(view, now):
            return _native(view, reply.extra, now)
        return _embedded((reply.view, *reply.extra))


def _embedded(views: tuple[View, ...]) -> MessageParts:
    actions: list[Action] = []
    for view in views:
        actions.extend(getattr(view, "actions", ()))
    selects = [s for s in (selects_for(v) for v in views) if s is not None]
    buttons = [b for v in views if isinstance(v, PollView) for b in render_votes.vote_buttons(v)]
    buttons += [b for b in (calendar_button(v) for v in views) if b is not None]
    embeds: list[discord.Embed] = []
    files: list[discord.File] = []
    for index, view in enumerate(views):
        embed = render(view)
        png = chart_for(view, current_language())
        if png is not None:
            name = f"chart-{index}.png"
            described = alt_text(view)
            files.append(discord.File(io.BytesIO(png), filename=name, description=described))
            embed.set_image(url=f"attachment://{name}")
        embeds.append(embed)
    return MessageParts(fit(embeds), build_view(actions, selects, buttons), files)


def _native(view: PollView, extra: tuple[View, ...], now: datetime) -> MessageParts:
    """Discord's own poll: the candidates and deadline as text above it, no buttons (the poll
    is the ballot), and any extra notice (a late note) as text too."""
    notes = [_plain(v) for v in extra]
    content = "\n".join([native_poll.poll_content(view), *(esc(n) for n in notes)])
    poll = native_poll.build_poll(view, now)
    return MessageParts([], None, poll=poll, content=clip(content, CONTENT - 60))


def calendar_button(view: View) -> discord.ui.Button[Any] | None:
    """An announcement's calendar link as a link button: components are outside the embeds'
    6,000-character budget, so a card that fills it still carries the link (issue 15)."""
    url = view.calendar_url if isinstance(view, PaperCard) else None
    if not url or len(url) > LINK_URL or not url.startswith(("https://", "http://")):
        return None
    return discord.ui.Button(label=_("Add to calendar"), url=url, emoji="📆")


def render_one(view: View, language: str | None = None) -> MessageParts:
    """One view as embeds (a native poll needs `render_reply` and the time)."""
    with speaking(language):
        return _embedded((view,))


def when(instant: Any) -> str:
    """Shown in each reader's own time zone and locale by Discord."""
    return f"{discord.utils.format_dt(instant, 'F')} ({discord.utils.format_dt(instant, 'R')})"


@singledispatch
def render(view: object) -> discord.Embed:
    return discord.Embed(
        description=clip(esc(_plain(view)), DESCRIPTION), colour=COLOURS[Tone.INFO]
    )


def _plain(view: object) -> str:
    """A view as plain lines: a notice's text and details, or any view's non-empty fields."""
    if isinstance(view, Notice):
        return "\n".join([say(view.text), *(say(d) for d in view.details)])
    if not dataclasses.is_dataclass(view) or isinstance(view, type):
        return str(view)
    lines = []
    for f in dataclasses.fields(view):
        value = getattr(view, f.name)
        if value in (None, (), "") or f.name == "actions":
            continue
        lines.append(f"{f.name.replace('_', ' ')}: {value}")
    return "\n".join(lines)


@render.register
def _card(view: PaperCard) -> discord.Embed:
    body = [f"*{esc(view.tagline)}*"] if view.tagline else []
    if view.summary:
        body.append(esc(view.summary))
    if (note := provenance(view)) is not None:
        # In the description, not a field: a card over Discord's size budget loses fields first.
        body.append(f"ℹ️ *{esc(note)}*")
    embed = discord.Embed(
        title=clip(esc(view.title), 256),
        url=view.url or None,
        description=clip("\n\n".join(body), DESCRIPTION) or None,
        colour=PAPER_COLOUR,
    )
    if view.heading:
        embed.set_author(name=say(view.heading))
    authors = byline(view)
    embed.add_field(name=_("Authors"), value=clip(esc(authors), FIELD_VALUE), inline=False)
    if view.year:
        embed.add_field(name=_("Year"), value=str(view.year))
    if view.session_at:
        embed.add_field(name=_("Session"), value=when(view.session_at))
    if view.presenter:
        embed.add_field(name=_("Presenter"), value=clip(esc(view.presenter), FIELD_VALUE))
    if view.read_in:
        embed.add_field(name=_("Read"), value=clip(esc(view.read_in), FIELD_VALUE), inline=False)
    prompts = [esc(p) for p in view.prompts]
    room = FIELDS - len(embed.fields)
    for name, value in numbered_fields(_("Discussion prompts"), prompts, room):
        embed.add_field(name=name, value=value, inline=False)
    footer = [view.arxiv_id and f"arXiv:{view.arxiv_id}", ", ".join(view.tags)]
    if any(footer):
        embed.set_footer(text=" · ".join(p for p in footer if p))
    return embed


@render.register
def _list(view: PaperList) -> discord.Embed:
    lines = []
    for item in view.items:
        year = f" ({item.year})" if item.year else ""
        mark = "" if item.state == "queued" else f" · *{esc(paper_state(item.state))}*"
        number = f"`{item.position:>2}.`" if item.position is not None else "•"
        note = f"\n*{esc(item.note)}*" if item.note else ""
        lines.append(f"{number} **{esc(item.title)}**{year}{mark}\n{esc(item.authors)}{note}")
    embed = discord.Embed(
        title=f"{esc(view.title)} ({view.total})",
        description=lines_within(lines, DESCRIPTION) or _("Nothing matches."),
        colour=PAPER_COLOUR,
    )
    if view.note:
        embed.set_footer(text=say(view.note))
    return embed


@render.register
def _schedule(view: ScheduleView) -> discord.Embed:
    if view.past:
        return _history(view)
    lines = []
    for entry in view.entries:
        paper = esc(entry.paper_title or "") or f"*{esc(_('(paper to be decided)'))}*"
        if entry.status == "skipped":
            paper = f"~~{esc(_('no session (skipped)'))}~~"
        presenter = ""
        if entry.presenter:
            presenter = " · " + esc(_("presenter: {name}").format(name=entry.presenter))
        number = f"**{entry.number}.** " if entry.number is not None else ""
        when = discord.utils.format_dt(entry.starts_at, "F")
        lines.append(f"{number}{when} — {paper}{presenter}")
    intro = [esc(view.rule_text)]
    if view.paused:
        intro.append(
            "⏸ " + esc(_("The club is paused: no posts until an admin runs /club resume."))
        )
    planned = lines_within(lines, 3500) or esc(_("No sessions are planned."))
    body = "\n".join(intro) + "\n\n" + planned
    if view.note:
        body += f"\n\n*{esc(view.note)}*"
    embed = discord.Embed(
        title=f"🗓 {esc(view.club_name)}", description=body, colour=COLOURS[Tone.INFO]
    )
    if view.calendar_url:
        embed.add_field(name=_("Calendar"), value=view.calendar_url, inline=False)
    footer = _("Times in your own zone; the club keeps {zone}.").format(zone=view.timezone)
    embed.set_footer(text=footer)
    return embed


def _history(view: ScheduleView) -> discord.Embed:
    lines = []
    for entry in view.entries:
        paper = esc(entry.paper_title or "") or f"*{esc(_('(no paper recorded)'))}*"
        came = ngettext("{n} person came", "{n} people came", entry.came or 0)
        if entry.presenter:
            came = _("presented by {name}; {came}").format(name=entry.presenter, came=came)
        day = discord.utils.format_dt(entry.starts_at, "D")
        lines.append(f"{day} — {paper}\n{esc(came)}")
    body = lines_within(lines, 3500) or esc(_("No session has taken place yet."))
    if view.note:
        body += f"\n\n*{esc(view.note)}*"
    return discord.Embed(
        title="📚 " + esc(_("{club}: what we read").format(club=view.club_name)),
        description=body,
        colour=COLOURS[Tone.INFO],
    )


@render.register
def _club(view: ClubView) -> discord.Embed:
    embed = discord.Embed(
        title=f"⚙ {esc(view.name)}", description=esc(view.channel), colour=COLOURS[Tone.INFO]
    )
    for key, value in view.fields[:FIELDS]:
        embed.add_field(name=esc(key), value=esc(value) or "—")
    return embed


@render.register
def _help(view: HelpView) -> discord.Embed:
    lines = [
        f"`{say(entry.usage)}` — {esc(entry.summary)}"
        + (f" *{esc(_('(admin)'))}*" if entry.admin else "")
        for entry in view.entries
    ]
    intro = esc(view.intro) + "\n\n" if view.intro else ""
    return discord.Embed(
        title=_("Paper club commands"),
        description=intro + lines_within(lines, DESCRIPTION - len(intro)),
        colour=COLOURS[Tone.INFO],
    )


@render.register
def _notice(view: Notice) -> discord.Embed:
    text = "\n".join([esc(view.text), *(f"• {esc(d)}" for d in view.details)])
    return discord.Embed(description=clip(text, DESCRIPTION), colour=COLOURS[view.tone])


@render.register
def _error(view: ErrorView) -> discord.Embed:
    text = f"✖ {esc(view.message)}" + (f"\n{esc(view.hint)}" if view.hint else "")
    return discord.Embed(description=clip(text, DESCRIPTION), colour=ERROR_COLOUR)


render.register(PollView)(render_votes.poll_embed)
render.register(ResultsView)(render_votes.results_embed)
render.register(StatsView)(render_votes.stats_embed)


@singledispatch
def selects_for(view: object) -> discord.ui.Select[Any] | None:
    return None


selects_for.register(PollView)(render_votes.vote_select)


@selects_for.register
def _list_select(view: PaperList) -> discord.ui.Select[Any] | None:
    # Picking a listed paper opens its card: the same /paper command a member would type.
    return command_select(
        "/paper",
        [
            (f"{item.position}. {item.title}" if item.position else item.title, item.slug)
            for item in view.items
        ],
        placeholder=_("Open a paper's card…"),
    )
