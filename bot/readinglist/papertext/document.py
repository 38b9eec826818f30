"""The text of a paper as sections, list items and tables, with hard size bounds.

Parsers fill a `DocumentBuilder`; it refuses to grow past the bounds, so a hostile or huge
document costs at most a fixed amount of memory and time whatever its size, and what is kept
(the front of the paper and every section heading seen before the cap) is what matters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MAX_CHARS = 400_000  # about a 60-page paper; extraction stops adding text past this
MAX_SECTIONS = 200
MAX_TABLES = 40
MAX_ROWS = 60
MAX_CELLS = 24
MAX_CELL = 200
MAX_BLOCK = 6_000  # one paragraph; longer ones are cut (a PDF page without breaks)


@dataclass(frozen=True, slots=True)
class Table:
    caption: str
    rows: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...] = ()
    items: tuple[str, ...] = ()  # bullet or numbered list items, e.g. stated contributions


@dataclass(frozen=True, slots=True)
class PaperText:
    """What was read of a paper. `source` is "html" or "pdf"."""

    source: str
    title: str = ""
    abstract: str = ""
    sections: tuple[Section, ...] = ()
    tables: tuple[Table, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "title": self.title,
            "abstract": self.abstract,
            "sections": [
                {"heading": s.heading, "paragraphs": list(s.paragraphs), "items": list(s.items)}
                for s in self.sections
            ],
            "tables": [
                {"caption": t.caption, "rows": [list(r) for r in t.rows]} for t in self.tables
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PaperText:
        """From a cache entry; anything malformed reads as empty rather than failing."""

        def strings(value: Any) -> tuple[str, ...]:
            return tuple(str(v) for v in value) if isinstance(value, list) else ()

        sections = tuple(
            Section(
                str(s.get("heading", "")), strings(s.get("paragraphs")), strings(s.get("items"))
            )
            for s in data.get("sections") or []
            if isinstance(s, dict)
        )
        tables = tuple(
            Table(
                str(t.get("caption", "")),
                tuple(strings(r) for r in t.get("rows") or [] if isinstance(r, list)),
            )
            for t in data.get("tables") or []
            if isinstance(t, dict)
        )
        return cls(
            source=str(data.get("source", "")),
            title=str(data.get("title", "")),
            abstract=str(data.get("abstract", "")),
            sections=sections[:MAX_SECTIONS],
            tables=tables[:MAX_TABLES],
        )

    @property
    def has_body(self) -> bool:
        return any(s.paragraphs or s.items for s in self.sections)

    def section(self, *names: str) -> list[Section]:
        """Sections whose heading contains one of `names` (case-insensitive), in order."""
        wanted = [n.casefold() for n in names]
        return [s for s in self.sections if any(n in s.heading.casefold() for n in wanted)]


def squash(text: str) -> str:
    return " ".join(text.split())


@dataclass
class DocumentBuilder:
    source: str
    title: str = ""
    abstract: str = ""
    chars: int = 0
    _sections: list[Section] = field(default_factory=list)
    _heading: str = ""
    _paragraphs: list[str] = field(default_factory=list)
    _items: list[str] = field(default_factory=list)
    _tables: list[Table] = field(default_factory=list)

    @property
    def full(self) -> bool:
        return self.chars >= MAX_CHARS

    def _take(self, text: str, limit: int = MAX_BLOCK) -> str:
        text = squash(text)[:limit]
        if self.full:
            return ""
        self.chars += len(text)
        return text

    def set_title(self, text: str) -> None:
        if not self.title:
            self.title = self._take(text, 300)

    def add_abstract(self, text: str) -> None:
        piece = self._take(text)
        if piece:
            self.abstract = squash(f"{self.abstract} {piece}")[:MAX_BLOCK]

    def heading(self, text: str) -> None:
        self._flush()
        self._heading = self._take(text, 200)

    def paragraph(self, text: str) -> None:
        piece = self._take(text)
        if piece:
            self._paragraphs.append(piece)

    def item(self, text: str) -> None:
        piece = self._take(text, 2_000)
        if piece:
            self._items.append(piece)

    def table(self, caption: str, rows: list[list[str]]) -> None:
        if len(self._tables) >= MAX_TABLES or self.full:
            return
        kept = tuple(
            tuple(self._take(cell, MAX_CELL) for cell in row[:MAX_CELLS])
            for row in rows[:MAX_ROWS]
            if any(cell.strip() for cell in row)
        )
        self._tables.append(Table(self._take(caption, 1_000), kept))

    def _flush(self) -> None:
        if (self._heading or self._paragraphs or self._items) and len(
            self._sections
        ) < MAX_SECTIONS:
            self._sections.append(
                Section(self._heading, tuple(self._paragraphs), tuple(self._items))
            )
        self._heading, self._paragraphs, self._items = "", [], []

    def build(self) -> PaperText:
        self._flush()
        return PaperText(
            source=self.source,
            title=self.title,
            abstract=self.abstract,
            sections=tuple(self._sections),
            tables=tuple(self._tables),
        )
