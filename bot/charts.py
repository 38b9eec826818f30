"""Small PNG bar charts for results and club stats, attached to Discord and Slack messages.

Drawn with Pillow alone, so no plotting stack and no system fonts are required. The text is
set in Noto Sans KR (SIL Open Font License 1.1, from the `pylopdf-fonts-ko` wheel: Noto's
Korean subset, Latin and Hangul in 4.6 MB), because Pillow's bundled font has no Hangul and a
Korean club's chart would otherwise be a row of empty boxes. Every word on a chart is said in
the club's language (`bot.i18n`).
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence

from PIL import Image, ImageDraw, ImageFont
from pylopdf_fonts_ko import sans_path

from bot.core.views import Bar, ResultsView, StatsView
from bot.core.wording import plural
from bot.i18n import _, say, speaking

WIDTH = 720
ROW = 34
PAD = 16
LABEL_WIDTH = 300
ALT_LIMIT = 1024  # Discord's limit on an attachment's description
COLOURS = ("#5865F2", "#57F287", "#FEE75C", "#EB459E", "#ED4245", "#3BA55D")


@functools.cache
def font(size: int) -> ImageFont.FreeTypeFont:
    # Parsing the 4.6 MB font takes a few milliseconds: once per size per process.
    return ImageFont.truetype(str(sans_path()), size)


def _one_line(text: str) -> str:
    # Pillow can't measure multi-line text, and a label belongs on one line anyway.
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def _clip(draw: ImageDraw.ImageDraw, text: str, face: ImageFont.FreeTypeFont, width: int) -> str:
    text = _one_line(text)
    if draw.textlength(text, font=face) <= width:
        return text
    while text and draw.textlength(text + "…", font=face) > width:
        text = text[:-1]
    return text + "…"


def bar_chart(title: str, bars: Sequence[Bar], subtitle: str = "") -> bytes:
    """A horizontal bar chart as PNG bytes; its words are drawn as given (already said)."""
    rows = list(bars) or [Bar(_("(nothing yet)"), 0)]
    height = PAD * 3 + 28 + (18 if subtitle else 0) + ROW * len(rows)
    image = Image.new("RGB", (WIDTH, height), "#2B2D31")
    draw = ImageDraw.Draw(image)
    title_font, label_font = font(22), font(16)
    y = PAD
    draw.text(
        (PAD, y), _clip(draw, title, title_font, WIDTH - 2 * PAD), fill="#F2F3F5", font=title_font
    )
    y += 32
    if subtitle:
        draw.text(
            (PAD, y),
            _clip(draw, subtitle, label_font, WIDTH - 2 * PAD),
            fill="#B5BAC1",
            font=label_font,
        )
        y += 22
    top = max((b.value for b in rows), default=0) or 1
    track = WIDTH - LABEL_WIDTH - 3 * PAD - 40
    for index, item in enumerate(rows):
        label = _clip(draw, say(item.label), label_font, LABEL_WIDTH)
        draw.text((PAD, y + 5), label, fill="#DBDEE1", font=label_font)
        x0 = PAD * 2 + LABEL_WIDTH
        length = round(track * item.value / top)
        if length:
            draw.rounded_rectangle(
                (x0, y + 5, x0 + length, y + ROW - 7), radius=4, fill=COLOURS[index % len(COLOURS)]
            )
        draw.text((x0 + length + 8, y + 5), str(item.value), fill="#F2F3F5", font=label_font)
        y += ROW
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def has_chart(view: object) -> bool:
    """Whether `chart_for` draws one for this view: a cheap test, with no drawing."""
    return isinstance(view, ResultsView) or (isinstance(view, StatsView) and bool(view.bars))


def chart_for(view: object, language: str) -> bytes | None:
    """The chart that goes with a view, if it has one, in the club's `language`."""
    if not has_chart(view):
        return None
    with speaking(language):
        if isinstance(view, ResultsView):
            return bar_chart(results_title(view), view.bars, results_subtitle(view))
        if isinstance(view, StatsView) and view.bars:
            return bar_chart(say(view.bars_title or view.title), view.bars, say(view.title))
    return None


def alt_text(view: object) -> str:
    """What the chart shows, in words, for a screen reader (Discord's attachment description,
    at most 1,024 characters), in the language being spoken."""
    if isinstance(view, ResultsView):
        heading, bars = f"{results_title(view)} ({results_subtitle(view)})", view.bars
    elif isinstance(view, StatsView):
        heading, bars = say(view.bars_title or view.title), view.bars
    else:
        return ""
    values = "; ".join(f"{say(bar.label)}: {bar.value}" for bar in bars) or _("(nothing yet)")
    text = f"{heading}: {values}"
    return text if len(text) <= ALT_LIMIT else text[: ALT_LIMIT - 1] + "…"


def results_title(view: ResultsView) -> str:
    """A results chart's heading, in the language being spoken."""
    if view.winner:
        return _("Winner: {title}").format(title=say(view.winner))
    return _("Results")


def results_subtitle(view: ResultsView) -> str:
    # Three facts side by side, not a sentence: the separator is the same in every language.
    parts = (plural(view.total_ballots, "ballot"), view.method.label, view.method.measure)
    return " · ".join(say(part) for part in parts)
