"""Wrapping by the columns a terminal shows, not by characters.

`textwrap` counts characters, and a Hangul syllable (or a CJK character, or most emoji) takes
two columns: a Korean summary wrapped at 78 characters runs to ~150 columns and overflows an
80-column terminal. Here each line is measured with `wcwidth`, words go whole onto a line while
they fit, and a word wider than a line (a URL, a long run of Hangul) is cut between characters.
"""

from __future__ import annotations

from wcwidth import wcswidth, wcwidth


def width(text: str) -> int:
    """Columns `text` takes; a control character (never in our output) counts as none."""
    measured = wcswidth(text)
    if measured >= 0:
        return int(measured)
    return sum(max(int(wcwidth(char)), 0) for char in text)


def fill(text: str, columns: int, initial_indent: str = "", subsequent_indent: str = "") -> str:
    """One paragraph wrapped to at most `columns` display columns a line (whitespace runs
    collapse to one space, as `textwrap.fill` does)."""
    lines: list[str] = []
    line, used, fresh = initial_indent, width(initial_indent), True

    def new_line() -> None:
        nonlocal line, used, fresh
        lines.append(line)
        line, used, fresh = subsequent_indent, width(subsequent_indent), True

    for word in text.split():
        size = width(word)
        if not fresh and used + 1 + size > columns:
            new_line()
        if used + size <= columns or not fresh:
            line, used, fresh = (
                (line if fresh else line + " ") + word,
                used + size + (not fresh),
                False,
            )
            continue
        for char in word:  # wider than a whole line: cut it between characters
            if not fresh and used + width(char) > columns:
                new_line()
            line, used, fresh = line + char, used + width(char), False
    if not fresh:
        lines.append(line)
    return "\n".join(lines)
