"""Text bar charts with Unicode blocks, for terminals and chat messages alike."""

from __future__ import annotations

_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(value: float, maximum: float, width: int = 20) -> str:
    """A bar `width` cells long at `maximum`, drawn to an eighth of a cell."""
    if maximum <= 0 or value <= 0:
        return ""
    eighths = round(min(value, maximum) / maximum * width * 8)
    full, rest = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[rest] if rest else "")
