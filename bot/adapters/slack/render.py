"""Block Kit for the neutral views.

One function per view (polls, results and stats live in `votes`), plus a generic fallback that
shows any other view the core adds later as labelled mrkdwn with its buttons, so nothing new ever
fails to show.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import singledispatch
from typing import Any

from bot.adapters.shared.card_text import byline, paper_state, provenance, session_status
from bot.adapters.slack import generic, votes
from bot.adapters.slack.limits import TOTAL_TEXT_BUDGET, text_length
from bot.adapters.slack.text import (
    BUTTON_TEXT_LIMIT,
    BUTTON_VALUE_LIMIT,
    FALLBACK_LIMIT,
    MESSAGE_BLOCK_LIMIT,
    Block,
    context,
    divider,
    escape,
    header,
    link,
    safe,
    section,
    sections,
    slash_commands,
)
from bot.core.views import (
    Action,
    ActionStyle,
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
)
from bot.i18n import _, ngettext, say, speaking

ACTION_PREFIX = "pc_action_"
# Buttons that open a ballot modal for the poll their value names, instead of running it.
BALLOT_PREFIX = "pc_ballot_"
_TONE_MARK = {Tone.INFO: ":information_source:", Tone.SUCCESS: ":white_check_mark:"}
_TONE_MARK[Tone.WARNING] = ":warning:"
_BUTTON_STYLE = {ActionStyle.PRIMARY: "primary", ActionStyle.SUCCESS: "primary"}
_BUTTON_STYLE[ActionStyle.DANGER] = "danger"


@dataclass
class Renderer:
    """Renders views for one message or surface; action ids stay unique across all its views.

    `command_names` are the catalog's first words, so the bot's own text says `/paperclub paper`.
    `block_prefix` tags action blocks (the App Home uses it to remember which club they are for).
    """

    command_names: frozenset[str] = frozenset()
    block_prefix: str = "pc"
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def ours(self, escaped: str) -> str:
        return slash_commands(escaped, self.command_names)

    def blocks(self, view: object) -> list[Block]:
        return _render(view, self)

    def actions(self, actions: Sequence[Action], ballot: Action | None = None) -> list[Block]:
        """Buttons, 25 to a block; `ballot` leads, opening the ballot form for its command
        (e.g. "/vote show #7") instead of running it."""
        buttons = [self._button(a) for a in actions]
        if ballot is not None:
            buttons.insert(0, self._button(ballot, BALLOT_PREFIX))
        blocks = []
        for start in range(0, len(buttons), 25):  # Slack's limit per actions block
            number = next(self._ids)
            blocks.append(
                {
                    "type": "actions",
                    "block_id": f"{self.block_prefix}_actions_{number}",
                    "elements": buttons[start : start + 25],
                }
            )
        return blocks

    def _button(self, action: Action, prefix: str = ACTION_PREFIX) -> Block:
        label = f"{action.emoji} {say(action.label)}" if action.emoji else say(action.label)
        button: Block = {
            "type": "button",
            "action_id": f"{prefix}{next(self._ids)}",
            "text": {"type": "plain_text", "text": safe(label, BUTTON_TEXT_LIMIT), "emoji": True},
            "value": action.command[:BUTTON_VALUE_LIMIT],
        }
        if action.style in _BUTTON_STYLE:
            button["style"] = _BUTTON_STYLE[action.style]
        return button


def message(reply: Reply, renderer: Renderer, limit: int = MESSAGE_BLOCK_LIMIT) -> dict[str, Any]:
    """`blocks` and a notification `text` for a reply, its extra views divided by rules."""
    blocks: list[Block] = []
    with speaking(reply.language):
        for number, view in enumerate((reply.view, *reply.extra)):
            if number:
                blocks.append(divider())
            blocks.extend(renderer.blocks(view))
        return {"blocks": fit(blocks, limit), "text": fallback_text(blocks)}


_MORE = "_…more than fits in one Slack message; ask for fewer items._"


def fit(blocks: list[Block], limit: int) -> list[Block]:
    """Keep within Slack's block limit and its total text (msg_blocks_too_long, see
    limits.py), whole blocks at a time, saying that something was left out."""
    # Messages only: modals and the Home tab (limit 100) are views, not msg_blocks.
    budget = TOTAL_TEXT_BUDGET if limit <= MESSAGE_BLOCK_LIMIT else 10**9
    if len(blocks) <= limit and text_length(blocks) <= budget:
        return blocks
    note = context(_MORE)
    room = budget - text_length([note])
    kept: list[Block] = []
    for block in blocks[: limit - 1]:
        size = text_length([block])
        if size > room:
            break
        kept.append(block)
        room -= size
    return [*kept, note]


def fallback_text(blocks: Sequence[Block]) -> str:
    """Notification text: the first header or section, already escaped."""
    for block in blocks:
        text = block.get("text")
        if isinstance(text, dict) and text.get("text", "").strip():
            return str(text["text"])[:FALLBACK_LIMIT]
    return "Paper club"


@singledispatch
def _render(view: object, r: Renderer) -> list[Block]:
    return generic.blocks(view, r.actions)


@_render.register
def _poll(view: PollView, r: Renderer) -> list[Block]:
    return votes.poll(view, r)


@_render.register
def _results(view: ResultsView, r: Renderer) -> list[Block]:
    return votes.results(view, r)


@_render.register
def _stats(view: StatsView, r: Renderer) -> list[Block]:
    return votes.stats(view, r)


@_render.register
def _card(view: PaperCard, r: Renderer) -> list[Block]:
    blocks = [context(f"*{safe(view.heading)}*")] if view.heading else []
    blocks.append(header(view.title))
    year = f" · {view.year}" if view.year else ""
    authors = escape(byline(view)) + year
    blocks.append(context(f"{authors} · {link(view.url, _('paper'))}"))
    when = []
    if view.session_local:
        when.append(f":calendar: {safe(view.session_local)}")
    if view.presenter:
        when.append(":microphone: " + escape(_("Presenter: {name}").format(name=view.presenter)))
    if view.calendar_url:
        # Near the top: a message over Slack's text budget loses its last blocks first.
        label = _("Add to your calendar")
        when.append(f":spiral_calendar_pad: {link(view.calendar_url, label)}")
    if view.read_in:
        when.append(f":books: {safe(view.read_in)}")
    if when:
        blocks.append(context(*when))
    if view.tagline:
        blocks.append(section(f"_{safe(view.tagline)}_"))
    if view.summary:
        blocks.append(section(safe(view.summary)))
    if view.prompts:
        lines = [f"{n}. {escape(p)}" for n, p in enumerate(view.prompts, start=1)]
        blocks.append(section(f"*{escape(_('Discussion prompts'))}*\n" + "\n".join(lines)))
    if (note := provenance(view)) is not None:
        blocks.append(context(f":information_source: {escape(note)}"))
    if view.tags:
        blocks.append(context(escape(_("Tags: {tags}").format(tags=", ".join(view.tags)))))
    return blocks + r.actions(view.actions)


@_render.register
def _list(view: PaperList, r: Renderer) -> list[Block]:
    blocks = [header(f"{say(view.title)} ({view.total})")]
    lines = []
    for item in view.items:
        year = f" ({item.year})" if item.year else ""
        mark = "" if item.state == "queued" else f"  _{escape(paper_state(item.state))}_"
        number = f"*{item.position}.*" if item.position is not None else "•"
        note = f"\n      _{escape(item.note)}_" if item.note else ""
        lines.append(
            f"{number} {escape(item.title)}{year}{mark}\n"
            f"      {escape(item.authors)} · `{escape(item.slug)}`{note}"
        )
    blocks += sections(lines)
    if view.note:
        blocks.append(context(r.ours(safe(view.note))))
    return blocks


@_render.register
def _schedule(view: ScheduleView, r: Renderer) -> list[Block]:
    if view.past:
        return _history(view)
    blocks = [header(view.club_name), context(f":calendar: {safe(view.rule_text)}")]
    if view.paused:
        paused = escape(_("The club is paused: no posts until an admin runs /club resume."))
        blocks.append(section(r.ours(f":double_vertical_bar: {paused}")))
    lines = []
    for entry in view.entries:
        paper = escape(entry.paper_title or "") or f"_{escape(_('(paper to be decided)'))}_"
        if entry.status == "skipped":
            paper = f"_{escape(_('no session (skipped)'))}_"
        status = "" if entry.status == "planned" else f"  `{escape(session_status(entry.status))}`"
        presenter = ""
        if entry.presenter:
            presenter = "\n      " + escape(_("presenter: {name}").format(name=entry.presenter))
        number = f"{entry.number}." if entry.number is not None else "•"
        lines.append(f"{number} *{escape(entry.local_text)}* — {paper}{status}{presenter}")
    blocks += sections(lines or [escape(_("No sessions are planned."))])
    if view.note:
        blocks.append(context(safe(view.note)))
    if view.calendar_url:
        calendar = escape(_("Calendar: {url}").format(url=""))
        blocks.append(context(f"{calendar}{link(view.calendar_url, view.calendar_url)}"))
    return blocks


def _history(view: ScheduleView) -> list[Block]:
    blocks = [header(_("{club}: what we read").format(club=view.club_name))]
    lines = []
    for entry in view.entries:
        paper = escape(entry.paper_title or "") or f"_{escape(_('(no paper recorded)'))}_"
        came = ngettext("{n} person came", "{n} people came", entry.came or 0)
        if entry.presenter:
            came = _("presented by {name}; {came}").format(name=entry.presenter, came=came)
        lines.append(f"• *{escape(entry.local_text)}* — {paper}\n      {escape(came)}")
    blocks += sections(lines or [escape(_("No session has taken place yet."))])
    if view.note:
        blocks.append(context(safe(view.note)))
    return blocks


@_render.register
def _club(view: ClubView, r: Renderer) -> list[Block]:
    fields = [f"*{escape(key)}*\n{escape(value)}" for key, value in view.fields]
    blocks = [
        header(view.name),
        context(escape(_("Channel: {channel}").format(channel=view.channel))),
    ]
    for start in range(0, len(fields), 10):  # Slack's limit of fields per section
        chunk = fields[start : start + 10]
        blocks.append({"type": "section", "fields": [_field(f) for f in chunk]})
    return blocks


@_render.register
def _help(view: HelpView, r: Renderer) -> list[Block]:
    blocks = [section(r.ours(safe(view.intro)))] if view.intro else []
    lines = [
        r.ours(
            f"`{escape(e.usage)}` {escape(e.summary)}"
            + (f" _{escape(_('(admin)'))}_" if e.admin else "")
        )
        for e in view.entries
    ]
    return blocks + sections(lines)


@_render.register
def _notice(view: Notice, r: Renderer) -> list[Block]:
    blocks = [section(r.ours(f"{_TONE_MARK[view.tone]} {escape(view.text)}"))]
    if view.details:
        blocks.append(context(*(r.ours(escape(d)) for d in view.details)))
    return blocks + r.actions(view.actions)


@_render.register
def _error(view: ErrorView, r: Renderer) -> list[Block]:
    blocks = [section(r.ours(f":x: {escape(view.message)}"))]
    if view.hint:
        blocks.append(context(r.ours(escape(view.hint))))
    return blocks


def _field(text: str) -> Block:
    return {"type": "mrkdwn", "text": text[:2000], "verbatim": True}
