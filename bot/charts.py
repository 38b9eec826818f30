"""Small PNG bar charts for results and club stats, attached to Discord and Slack messages.

Drawn with Pillow alone, so no plotting stack and no system fonts are required.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from PIL import Image, ImageDraw, ImageFont

from bot.core.views import Bar, ResultsView, StatsView
from bot.core.wording import plural

WIDTH = 720
ROW = 34
PAD = 16
LABEL_WIDTH = 300
COLOURS = ("#5865F2", "#57F287", "#FEE75C", "#EB459E", "#ED4245", "#3BA55D")


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _one_line(text: str) -> str:
    # Pillow can't measure multi-line text, and a label belongs on one line anyway.
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def _clip(
    draw: ImageDraw.ImageDraw,
    text: str,
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
    width: int,
) -> str:
    text = _one_line(text)
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text + "…"


def bar_chart(title: str, bars: Sequence[Bar], subtitle: str = "") -> bytes:
    """A horizontal bar chart as PNG bytes."""
    rows = list(bars) or [Bar("(nothing yet)", 0)]
    height = PAD * 3 + 28 + (18 if subtitle else 0) + ROW * len(rows)
    image = Image.new("RGB", (WIDTH, height), "#2B2D31")
    draw = ImageDraw.Draw(image)
    title_font, label_font = _font(22), _font(16)
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
        label = _clip(draw, item.label, label_font, LABEL_WIDTH)
        draw.text((PAD, y + 7), label, fill="#DBDEE1", font=label_font)
        x0 = PAD * 2 + LABEL_WIDTH
        length = round(track * item.value / top)
        if length:
            draw.rounded_rectangle(
                (x0, y + 5, x0 + length, y + ROW - 7), radius=4, fill=COLOURS[index % len(COLOURS)]
            )
        draw.text((x0 + length + 8, y + 7), str(item.value), fill="#F2F3F5", font=label_font)
        y += ROW
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def chart_for(view: object) -> bytes | None:
    """The chart that goes with a view, if it has one."""
    if isinstance(view, ResultsView):
        subtitle = (
            f"{plural(view.total_ballots, 'ballot')} · {view.method.label} · {view.method.measure}"
        )
        return bar_chart(
            f"Winner: {view.winner}" if view.winner else "Results", view.bars, subtitle
        )
    if isinstance(view, StatsView) and view.bars:
        return bar_chart(view.bars_title or view.title, view.bars, view.title)
    return None
