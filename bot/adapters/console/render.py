"""Plain-text rendering of the neutral views, for terminals and pipes."""

from __future__ import annotations

from functools import singledispatch

from bot.adapters.console.wrap import fill, width
from bot.adapters.shared.bars import bar
from bot.adapters.shared.card_text import byline, paper_state, provenance, session_status
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
from bot.i18n import _, ngettext, say, speaking

WIDTH = 78
_TONE_MARK = {Tone.INFO: "ℹ", Tone.SUCCESS: "✔", Tone.WARNING: "⚠"}


def _wrap(text: str, indent: str = "") -> str:
    paragraphs = [p for p in text.split("\n") if p.strip()]
    return "\n".join(
        fill(p, WIDTH, initial_indent=indent, subsequent_indent=indent) for p in paragraphs
    )


def _pad(text: str, columns: int) -> str:
    """`text` padded to `columns` display columns (f-string padding counts characters)."""
    return text + " " * max(columns - width(text), 0)


def render_reply(reply: Reply) -> str:
    with speaking(reply.language):
        return "\n\n".join(render(view) for view in (reply.view, *reply.extra))


@singledispatch
def render(view: View) -> str:
    raise TypeError(f"no console renderer for {type(view).__name__}")


@render.register
def _card(view: PaperCard) -> str:
    lines: list[str] = []
    if view.heading:
        lines.append(f"── {say(view.heading)} ──")
    year = f" ({view.year})" if view.year else ""
    lines.append(f"📄 {view.title}{year}")
    lines.append(_wrap(byline(view), "   "))
    if view.session_local:
        lines.append(f"   🗓  {say(view.session_local)}")
    if view.presenter:
        lines.append("   🎤 " + _("Presenter: {name}").format(name=view.presenter))
    if view.read_in:
        lines.append(f"   📚 {say(view.read_in)}")
    lines.append(f"   🔗 {view.url}")
    if view.calendar_url:
        lines.append("   📆 " + _("Add to your calendar: {url}").format(url=view.calendar_url))
    if view.tagline:
        lines.append("")
        lines.append(_wrap(f"“{view.tagline}”", "   "))
    if view.summary:
        lines.append("")
        lines.append(_wrap(view.summary))
    if view.prompts:
        lines.append("")
        lines.append(_("Discussion prompts:"))
        for number, prompt in enumerate(view.prompts, start=1):
            lines.append(
                fill(prompt, WIDTH, initial_indent=f"  {number}. ", subsequent_indent="     ")
            )
    if (note := provenance(view)) is not None:
        lines.append("")
        lines.append(_wrap(f"ℹ {note}"))
    if view.tags:
        lines.append("")
        lines.append(_("Tags: {tags}").format(tags=", ".join(view.tags)))
    return "\n".join(lines)


@render.register
def _list(view: PaperList) -> str:
    lines = [f"{say(view.title)} ({view.total})"]
    for item in view.items:
        year = f" ({item.year})" if item.year else ""
        mark = "" if item.state == "queued" else f"  [{paper_state(item.state)}]"
        number = f"{item.position:>3}." if item.position is not None else "   •"
        lines.append(f"{number} {item.title}{year}{mark}")
        lines.append(f"     {item.authors} · {item.slug}")
        if item.note:
            lines.append(f"     {say(item.note)}")
    if view.note:
        lines.append(say(view.note))
    return "\n".join(lines)


@render.register
def _schedule(view: ScheduleView) -> str:
    if view.past:
        return _history(view)
    lines = [f"🗓  {view.club_name}: {say(view.rule_text)}"]
    if view.paused:
        lines.append("⏸  " + _("The club is paused: no posts until an admin runs /club resume."))
    for entry in view.entries:
        paper = entry.paper_title or _("(paper to be decided)")
        if entry.status == "skipped":
            paper = _("no session (skipped)")
        status = "" if entry.status == "planned" else f"  [{session_status(entry.status)}]"
        number = f"{entry.number}. " if entry.number is not None else "• "
        lines.append(f"  {number}{say(entry.local_text)} — {paper}{status}")
        if entry.presenter:
            lines.append("      " + _("presenter: {name}").format(name=entry.presenter))
    if not view.entries:
        lines.append("  " + _("No sessions are planned."))
    if view.note:
        lines.append(f"  ({say(view.note)})")
    if view.calendar_url:
        lines.append(_("Calendar: {url}").format(url=view.calendar_url))
    return "\n".join(lines)


def _history(view: ScheduleView) -> str:
    lines = ["📚 " + _("{club}: what we read").format(club=view.club_name)]
    for entry in view.entries:
        paper = entry.paper_title or _("(no paper recorded)")
        came = ngettext("{n} person came", "{n} people came", entry.came or 0)
        if entry.presenter:
            came = _("presented by {name}; {came}").format(name=entry.presenter, came=came)
        lines.append(f"  • {say(entry.local_text)} — {paper}")
        lines.append(f"      {came}")
    if view.note:
        lines.append(f"  ({say(view.note)})")
    return "\n".join(lines)


@render.register
def _club(view: ClubView) -> str:
    fields = [(say(key), say(value)) for key, value in view.fields]
    columns = max(width(k) for k, _v in fields) if fields else 0
    lines = [f"⚙  {view.name} ({view.channel})"]
    lines += [f"  {_pad(key, columns)}  {value}" for key, value in fields]
    return "\n".join(lines)


@render.register
def _help(view: HelpView) -> str:
    lines = [_wrap(say(view.intro)), ""] if view.intro else []
    for entry in view.entries:
        admin = " " + _("(admin)") if entry.admin else ""
        # Usage on its own line and the summary wrapped under it: usages vary from 6 to 80
        # characters, so a two-column table wraps badly in a terminal.
        lines.append(f"  {say(entry.usage)}{admin}")
        lines.append(_wrap(say(entry.summary), "      "))
    return "\n".join(lines)


@render.register
def _notice(view: Notice) -> str:
    lines = [f"{_TONE_MARK[view.tone]} {say(view.text)}"]
    lines += [f"  {say(detail)}" for detail in view.details]
    return "\n".join(lines)


@render.register
def _error(view: ErrorView) -> str:
    text = f"✖ {say(view.message)}"
    return f"{text}\n  {say(view.hint)}" if view.hint else text


def _bars(bars: tuple[Bar, ...], cells: int = 24) -> list[str]:
    if not bars:
        return []
    top = max(b.value for b in bars)
    labels = [say(b.label) for b in bars]
    labels = [
        label if width(label) <= 40 else fill(label, 39).splitlines()[0] + "…" for label in labels
    ]
    label_width = max(width(label) for label in labels)
    lines = []
    for item, label in zip(bars, labels, strict=True):
        note = f"  {say(item.note)}" if item.note else ""
        drawn = bar(item.value, top, cells)
        lines.append(f"  {_pad(label, label_width)} {drawn:<{cells}} {item.value}{note}")
    return lines


@render.register
def _poll(view: PollView) -> str:
    lines = [
        "🗳  "
        + _("{heading} ({method}), closes {when}").format(
            heading=say(view.heading), method=say(view.method.label), when=say(view.closes_local)
        )
    ]
    if view.for_session:
        lines.append("   " + _("for the session on {day}").format(day=say(view.for_session)))
    for c in view.candidates:
        by = "  " + _("(suggested by {name})").format(name=c.suggested_by) if c.suggested_by else ""
        lines.append(f"  {c.number}. {c.title}{by}")
    lines.append(say(view.method.how_to_vote))
    if view.your_choices:
        numbers = [str(n) for n in view.your_choices]
        if view.method.shape is BallotShape.SET:
            lines.append(_("You approve: {numbers}").format(numbers=", ".join(numbers)))
        else:
            lines.append(_("Your ballot: {numbers}").format(numbers=" > ".join(numbers)))
    ballots = ngettext("{n} ballot so far", "{n} ballots so far", view.ballots)
    lines.append(ballots + (" · " + _("anonymous") if view.anonymous else ""))
    return "\n".join(lines)


@render.register
def _results(view: ResultsView) -> str:
    lines = [f"🏆 {view.winner}" if view.winner else _("No winner.")]
    if view.heading:
        lines.append("   " + say(view.heading))
    if view.for_session:
        lines.append("   " + _("will be read on {day}").format(day=say(view.for_session)))
    if view.outcome:
        lines.append(say(view.outcome))
    lines.append(
        _("{ballots} ({method}); {measure}:").format(
            ballots=say(plural(view.total_ballots, "ballot")),
            method=say(view.method.label),
            measure=say(view.method.measure),
        )
    )
    lines += _bars(view.bars)
    if view.rounds:
        lines.append(_("Rounds:"))
        lines += [f"  {say(r)}" for r in view.rounds]
    if view.tie_break:
        lines.append(_("Ties:"))
        lines += [f"  {say(t)}" for t in view.tie_break]
    return "\n".join(lines)


@render.register
def _stats(view: StatsView) -> str:
    rows = [(say(k), say(v)) for k, v in view.lines]
    columns = max((width(k) for k, _v in rows), default=0)
    lines = [f"📊 {say(view.title)}"] + [f"  {_pad(k, columns)}  {v}" for k, v in rows]
    if view.bars:
        lines.append(say(view.bars_title or ""))
        lines += _bars(view.bars)
    if view.extra_bars:
        lines.append(say(view.extra_bars_title or ""))
        lines += _bars(view.extra_bars)
    return "\n".join(lines)
