"""A paper's PDF to a PaperText, through pypdf's text extraction.

PDF has no headings or tables, only positioned text, so structure is recovered from lines:
numbered headings ("3 Experiments", "4.2 Ablations") and the usual unnumbered ones (Abstract,
Limitations), bullets, and "Table N:" captions followed by rows that carry numbers. Pages are
read up to a cap, with a deadline checked between pages; the references are not read at all.
"""

from __future__ import annotations

import io
import logging
import re
import time

from bot.readinglist.papertext.document import DocumentBuilder, PaperText
from bot.readinglist.papertext.html_text import ParseTimeout

MAX_PAGES = 40
log = logging.getLogger(__name__)

# Each pattern is anchored, has no nested repetition and runs on one line of at most _LINE chars.
_LINE = 300
_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,2})\.?\s+([A-Z][^.!?]{1,80})$")
_NAMED = re.compile(
    r"^(abstract|introduction|related work|background|method|methods|approach|experiments?"
    r"|results|evaluation|discussion|limitations?|limitations and future work|conclusions?"
    r"|broader impact|ethics statement|acknowledge?ments|references|bibliography|appendix)$",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^(?:[•◦▪‣∙*\-–]|\(?[ivx]{1,4}\)|\(?\d{1,2}\))\s+(.+)$")
_CAPTION = re.compile(r"^Table\s+\d{1,3}\s*[:.]\s*(.*)$")
_NUMBER = re.compile(r"^[-+±]?\d[\d.,]*%?$")
_STOP = ("references", "bibliography", "acknowledgments", "acknowledgements")


def _cells(line: str) -> list[str] | None:
    """A table row: a short label, then numbers (at most a word between them), else None."""
    tokens = line.split()
    if len(tokens) > 16:
        return None
    first_number = next((i for i, t in enumerate(tokens) if _NUMBER.match(t)), None)
    if first_number is None or first_number > 5:
        return None
    rest = tokens[first_number:]
    if sum(1 for t in rest if not _NUMBER.match(t)) > len(rest) // 2:
        return None  # a sentence with numbers in it, not a row
    label = " ".join(tokens[:first_number])
    return [label, *rest] if label else rest


def lines_to_document(lines: list[str]) -> PaperText:
    builder = DocumentBuilder(source="pdf")
    paragraph: list[str] = []
    caption: str | None = None
    rows: list[list[str]] = []
    in_abstract = False

    def end_paragraph() -> None:
        if paragraph:
            text = " ".join(paragraph)
            if in_abstract:
                builder.add_abstract(text)
            else:
                builder.paragraph(text)
            paragraph.clear()

    def end_table() -> None:
        nonlocal caption, rows
        if caption is not None:
            builder.table(caption, rows)
        caption, rows = None, []

    for raw in lines:
        line = " ".join(raw.split())[:_LINE]
        if not line:
            end_paragraph()
            continue
        if not builder.title:
            builder.set_title(line)
            continue
        if caption is not None:
            row = _cells(line)
            heading_like = _NAMED.match(line) or _NUMBERED.match(line)
            if row is not None and not heading_like:
                rows.append(row)
                continue
            if not rows and not heading_like and len(line.split()) <= 8:
                rows.append(line.split())  # the header row: column names, no numbers
                continue
            if not rows and not heading_like:
                caption = f"{caption} {line}"  # a caption running onto a second line
                continue
            end_table()
        match = _CAPTION.match(line)
        if match:
            end_paragraph()
            caption = line
            continue
        named = _NAMED.match(line)
        numbered = _NUMBERED.match(line)
        if named or (numbered and len(line.split()) <= 10):
            end_paragraph()
            heading = line
            if heading.casefold().strip() in _STOP:
                break
            in_abstract = heading.casefold() == "abstract"
            if not in_abstract:
                builder.heading(heading)
            continue
        bullet = _BULLET.match(line)
        if bullet and not in_abstract:
            end_paragraph()
            builder.item(bullet.group(1))
            continue
        paragraph.append(line)
        if line.endswith((".", ":")) and len(" ".join(paragraph)) > 600:
            end_paragraph()
    end_paragraph()
    end_table()
    return builder.build()


def read_pdf(body: bytes, *, deadline: float | None = None) -> PaperText:
    """The PaperText of a PDF. Raises ValueError when pypdf cannot read it at all."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(body), strict=False)
        pages = reader.pages
        count = min(len(pages), MAX_PAGES)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ValueError(f"not a readable PDF ({exc})") from None
    lines: list[str] = []
    for number in range(count):
        if deadline is not None and time.monotonic() > deadline:
            raise ParseTimeout("the paper's PDF took too long to read")
        try:
            text = pages[number].extract_text() or ""
        except (PyPdfError, ValueError, KeyError, TypeError, ZeroDivisionError) as exc:
            log.info("skipping an unreadable PDF page %d (%s)", number + 1, exc)
            continue
        lines.extend(text.splitlines())
        lines.append("")
    return lines_to_document(lines)
