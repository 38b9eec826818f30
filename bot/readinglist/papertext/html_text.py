"""A paper's HTML rendering (arXiv's LaTeXML pages, or plain HTML) to a PaperText.

The standard library's tolerant HTMLParser does the tokenising; this module only keeps track of
where it is (abstract, heading, list item, table cell, caption) and hands text to the bounded
DocumentBuilder. The input is fed in slices with a deadline checked between them, so neither a
huge nor a pathological page can hold the worker thread for long (see extract.py).
"""

from __future__ import annotations

import time
from html.parser import HTMLParser

from bot.readinglist.papertext.document import DocumentBuilder, PaperText

CHUNK = 64 * 1024
# Never text a reader argues about: page chrome, scripts, the author block and the references.
_SKIP_TAGS = frozenset(
    {"script", "style", "title", "nav", "header", "footer", "noscript", "svg", "button"}
)
_SKIP_CLASSES = (
    "ltx_page_header",
    "ltx_page_footer",
    "ltx_authors",
    "ltx_bibliography",
    "ltx_dates",
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


class ParseTimeout(Exception):
    """Reading the document took longer than its deadline."""


def _classes(attrs: list[tuple[str, str | None]]) -> set[str]:
    return {c for name, value in attrs if name == "class" for c in (value or "").split()}


class _Reader(HTMLParser):
    def __init__(self, builder: DocumentBuilder) -> None:
        super().__init__(convert_charrefs=True)
        self.b = builder
        self.skip_tag: str | None = None
        self.skip_depth = 0
        self.text: list[str] = []  # the block being read
        self.heading_level = 0
        self.abstract_depth = 0  # > 0 inside <div class="ltx_abstract"> (counts nested divs)
        self.item_depth = 0
        self.item: list[str] = []
        self.cell: list[str] | None = None
        self.row: list[str] | None = None
        self.rows: list[list[str]] = []
        self.caption: list[str] | None = None
        self.pending_caption = ""
        self.figure_depth = 0

    # -- helpers -----------------------------------------------------------------------------
    def _take_text(self) -> str:
        out = " ".join("".join(self.text).split())
        self.text = []
        return out

    def _block_end(self) -> None:
        text = self._take_text()
        if not text:
            return
        if self.item_depth:
            self.item.append(text)
        elif self.abstract_depth:
            self.b.add_abstract(text)
        else:
            self.b.paragraph(text)

    def _emit_table(self) -> None:
        if self.rows or "table" in self.pending_caption.casefold():
            self.b.table(self.pending_caption, self.rows)
        self.rows, self.pending_caption = [], ""

    # -- HTMLParser callbacks ----------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip_tag is not None:
            self.skip_depth += tag == self.skip_tag
            return
        classes = _classes(attrs)
        if tag in _SKIP_TAGS or not classes.isdisjoint(_SKIP_CLASSES):
            self.skip_tag, self.skip_depth = tag, 1
            return
        if tag == "math":
            # LaTeXML keeps the TeX source in alttext; MathML's inner text would be noise.
            alt = next((v for k, v in attrs if k == "alttext" and v), "")
            self._data(" " + alt.replace("\\", " ") + " ")
            self.skip_tag, self.skip_depth = tag, 1
            return
        if tag == "div":
            if self.abstract_depth:
                self.abstract_depth += 1
            elif "ltx_abstract" in classes:
                self._block_end()
                self.abstract_depth = 1
            return
        if tag in _HEADINGS:
            self._block_end()
            self.heading_level = int(tag[1])
        elif tag == "li":
            self._block_end()
            self.item_depth += 1
            if self.item_depth == 1:
                self.item = []
        elif tag == "figure":
            self.figure_depth += 1
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.cell = []
        elif tag in ("figcaption", "caption"):
            self.caption = []
        elif tag in ("p", "section", "article", "blockquote"):
            self._block_end()
        elif tag == "br":
            self._data(" ")

    def handle_endtag(self, tag: str) -> None:
        if self.skip_tag is not None:
            if tag == self.skip_tag:
                self.skip_depth -= 1
                if self.skip_depth == 0:
                    self.skip_tag = None
            return
        if tag == "div" and self.abstract_depth:
            self._block_end()
            self.abstract_depth -= 1
        elif tag in _HEADINGS and self.heading_level:
            text = self._take_text()
            if self.heading_level == 1 and not self.b.title:
                self.b.set_title(text)
            elif not self.abstract_depth and text:
                self.b.heading(text)
            self.heading_level = 0
        elif tag == "li" and self.item_depth:
            self._block_end()
            self.item_depth -= 1
            if self.item_depth == 0:
                text = " ".join(" ".join(self.item).split())
                if text:
                    self.b.item(text)
                self.item = []
        elif tag in ("td", "th") and self.cell is not None:
            if self.row is not None:
                self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.rows.append(self.row)
            self.row = None
        elif tag in ("figcaption", "caption") and self.caption is not None:
            self.pending_caption = " ".join("".join(self.caption).split())
            self.caption = None
        elif tag == "table" and not self.figure_depth:
            self._emit_table()
        elif tag == "figure" and self.figure_depth:
            self.figure_depth -= 1
            if not self.figure_depth:
                self._emit_table()
        elif tag in ("p", "section", "article", "blockquote", "dd", "dt"):
            self._block_end()

    def handle_data(self, data: str) -> None:
        if self.skip_tag is None:
            self._data(data)

    def _data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)
        elif self.caption is not None:
            self.caption.append(data)
        elif self.rows or self.row is not None:
            return  # stray text between table rows
        else:
            self.text.append(data)


def read_html(body: bytes, *, deadline: float | None = None) -> PaperText:
    """The PaperText of an HTML page. `deadline` is a time.monotonic() instant."""
    builder = DocumentBuilder(source="html")
    reader = _Reader(builder)
    text = body.decode("utf-8", errors="replace")
    for start in range(0, len(text), CHUNK):
        if deadline is not None and time.monotonic() > deadline:
            raise ParseTimeout("the paper's HTML took too long to read")
        if builder.full:
            break
        reader.feed(text[start : start + CHUNK])
    reader.close()
    reader._block_end()
    return builder.build()
