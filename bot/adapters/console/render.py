"""Plain-text rendering of the neutral views, for terminals and pipes."""

from __future__ import annotations

import textwrap
from functools import singledispatch

from bot.adapters.shared.bars import bar
from bot.adapters.shared.card_text import byline, provenance
from bot.core.views import (
    BallotShape,
    Bar,
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
from bot.core.wording import plural

WIDTH = 78
_TONE_MARK = {Tone.INFO: "ℹ", Tone.SUCCESS: "✔", Tone.WARNING: "⚠"}


def _wrap(text: str, indent: str = "") -> str:
    paragraphs = [p for p in text.split("\n") if p.strip()]
    return "\n".join(
        textwrap.fill(p, WIDTH, initial_indent=indent, subsequent_indent=indent) for p in paragraphs
    )


def render_reply(reply: Reply) -> str:
    return "\n\n".join(render(view) for view in (reply.view, *reply.extra))


@singledispatch
def render(view: View) -> str:
    raise TypeError(f"no console renderer for {type(view).__name__}")


@render.register
def _card(view: PaperCard) -> str:
    lines: list[str] = []
    if view.heading:
        lines.append(f"── {view.heading} ──")
    year = f" ({view.year})" if view.year else ""
    lines.append(f"📄 {view.title}{year}")
    lines.append(_wrap(byline(view), "   "))
    if view.session_local:
        lines.append(f"   🗓  {view.session_local}")
    if view.presenter:
        lines.append(f"   🎤 Presenter: {view.presenter}")
    if view.read_in:
        lines.append(f"   📚 {view.read_in}")
    lines.append(f"   🔗 {view.url}")
    if view.calendar_url:
        lines.append(f"   📆 Add to your calendar: {view.calendar_url}")
    if view.tagline:
        lines.append("")
        lines.append(_wrap(f"“{view.tagline}”", "   "))
    if view.summary:
        lines.append("")
        lines.append(_wrap(view.summary))
    if view.prompts:
        lines.append("")
        lines.append("Discussion prompts:")
        for number, prompt in enumerate(view.prompts, start=1):
            lines.append(
                textwrap.fill(
                    prompt, WIDTH, initial_indent=f"  {number}. ", subsequent_indent="     "
                )
            )
    if (note := provenance(view)) is not None:
        lines.append("")
        lines.append(_wrap(f"ℹ {note}"))
    if view.tags:
        lines.append("")
        lines.append("Tags: " + ", ".join(view.tags))
    return "\n".join(lines)


@render.register
def _list(view: PaperList) -> str:
    lines = [f"{view.title} ({view.total})"]
    for item in view.items:
        year = f" ({item.year})" if item.year else ""
        mark = "" if item.state == "queued" else f"  [{item.state}]"
        number = f"{item.position:>3}." if item.position is not None else "   •"
        lines.append(f"{number} {item.title}{year}{mark}")
        lines.append(f"     {item.authors} · {item.slug}")
        if item.note:
            lines.append(f"     {item.note}")
    if view.note:
        lines.append(view.note)
    return "\n".join(lines)


@render.register
def _schedule(view: ScheduleView) -> str:
    if view.past:
        return _history(view)
    lines = [f"🗓  {view.club_name}: {view.rule_text}"]
    if view.paused:
        lines.append("⏸  The club is paused: no posts until an admin runs /club resume.")
    for entry in view.entries:
        paper = entry.paper_title or "(paper to be decided)"
        if entry.status == "skipped":
            paper = "no session (skipped)"
        status = "" if entry.status == "planned" else f"  [{entry.status}]"
        lines.append(f"  • {entry.local_text} — {paper}{status}")
        if entry.presenter:
            lines.append(f"      presenter: {entry.presenter}")
    if not view.entries:
        lines.append("  No sessions are planned.")
    if view.note:
        lines.append(f"  ({view.note})")
    if view.calendar_url:
        lines.append(f"Calendar: {view.calendar_url}")
    return "\n".join(lines)


def _history(view: ScheduleView) -> str:
    lines = [f"📚 {view.club_name}: what we read"]
    for entry in view.entries:
        paper = entry.paper_title or "(no paper recorded)"
        came = f"{plural(entry.came or 0, 'person')} came"
        presenter = f"presented by {entry.presenter}; " if entry.presenter else ""
        lines.append(f"  • {entry.local_text} — {paper}")
        lines.append(f"      {presenter}{came}")
    if view.note:
        lines.append(f"  ({view.note})")
    return "\n".join(lines)


@render.register
def _club(view: ClubView) -> str:
    width = max(len(k) for k, _ in view.fields) if view.fields else 0
    lines = [f"⚙  {view.name} ({view.channel})"]
    lines += [f"  {key:<{width}}  {value}" for key, value in view.fields]
    return "\n".join(lines)


@render.register
def _help(view: HelpView) -> str:
    lines = [_wrap(view.intro), ""] if view.intro else []
    for entry in view.entries:
        admin = " (admin)" if entry.admin else ""
        # Usage on its own line and the summary wrapped under it: usages vary from 6 to 80
        # characters, so a two-column table wraps badly in a terminal.
        lines.append(f"  {entry.usage}{admin}")
        lines.append(_wrap(entry.summary, "      "))
    return "\n".join(lines)


@render.register
def _notice(view: Notice) -> str:
    lines = [f"{_TONE_MARK[view.tone]} {view.text}"]
    lines += [f"  {detail}" for detail in view.details]
    return "\n".join(lines)


@render.register
def _error(view: ErrorView) -> str:
    text = f"✖ {view.message}"
    return f"{text}\n  {view.hint}" if view.hint else text


def _bars(bars: tuple[Bar, ...], width: int = 24) -> list[str]:
    if not bars:
        return []
    top = max(b.value for b in bars)
    label_width = min(max(len(b.label) for b in bars), 40)
    lines = []
    for item in bars:
        label = item.label if len(item.label) <= 40 else item.label[:39] + "…"
        note = f"  {item.note}" if item.note else ""
        lines.append(
            f"  {label:<{label_width}} {bar(item.value, top, width):<{width}} {item.value}{note}"
        )
    return lines


@render.register
def _poll(view: PollView) -> str:
    lines = [f"🗳  Vote on the next paper ({view.method.label}), closes {view.closes_local}"]
    if view.for_session:
        lines.append(f"   for the session on {view.for_session}")
    for c in view.candidates:
        by = f"  (suggested by {c.suggested_by})" if c.suggested_by else ""
        lines.append(f"  {c.number}. {c.title}{by}")
    lines.append(view.method.how_to_vote)
    if view.your_choices:
        numbers = [str(n) for n in view.your_choices]
        if view.method.shape is BallotShape.SET:
            lines.append("You approve: " + ", ".join(numbers))
        else:
            lines.append("Your ballot: " + " > ".join(numbers))
    ballots = f"{plural(view.ballots, 'ballot')} so far"
    lines.append(ballots + (" · anonymous" if view.anonymous else ""))
    return "\n".join(lines)


@render.register
def _results(view: ResultsView) -> str:
    lines = [f"🏆 {view.winner}" if view.winner else "No winner: there were no candidates."]
    if view.for_session:
        lines.append(f"   will be read on {view.for_session}")
    lines.append(
        f"{plural(view.total_ballots, 'ballot')} ({view.method.label}); {view.method.measure}:"
    )
    lines += _bars(view.bars)
    if view.rounds:
        lines.append("Rounds:")
        lines += [f"  {r}" for r in view.rounds]
    if view.tie_break:
        lines.append("Ties:")
        lines += [f"  {t}" for t in view.tie_break]
    return "\n".join(lines)


@render.register
def _stats(view: StatsView) -> str:
    width = max((len(k) for k, _ in view.lines), default=0)
    lines = [f"📊 {view.title}"] + [f"  {k:<{width}}  {v}" for k, v in view.lines]
    if view.bars:
        lines.append(view.bars_title or "")
        lines += _bars(view.bars)
    if view.extra_bars:
        lines.append(view.extra_bars_title or "")
        lines += _bars(view.extra_bars)
    return "\n".join(lines)
