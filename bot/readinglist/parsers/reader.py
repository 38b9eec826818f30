"""Reading an uploaded or local file into text: size limit first, then strict UTF-8."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

DEFAULT_MAX_BYTES = 5 * 1024 * 1024


class ReadError(Exception):
    """A file we refuse to read; the message is meant for the person who supplied it."""


def _size_text(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size >= 1024 * 1024 else f"{size} bytes"


def _guess_encoding(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "UTF-16"
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "UTF-32"
    sample = data[:4096]
    if sample and sample.count(b"\x00") * 4 >= len(sample):
        return "UTF-16 or UTF-32"
    return "Latin-1 or Windows-1252"


def decode(data: bytes, *, name: str = "the file") -> str:
    """UTF-8 (a BOM is allowed) text, or a ReadError naming the expected encoding."""
    # A UTF-16 file of ASCII text decodes "validly" as UTF-8 full of NULs, so check BOMs first.
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data[:4096]:
        raise ReadError(
            f"{name} looks like {_guess_encoding(data)} text; please save it as UTF-8 and try again"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ReadError(
            f"{name} is not UTF-8 (invalid byte 0x{data[exc.start]:02x} on line {line}; it looks "
            f"like {_guess_encoding(data)}); please save it as UTF-8 and try again"
        ) from None


def read_text(
    source: str | os.PathLike[str] | bytes, *, max_bytes: int = DEFAULT_MAX_BYTES, name: str = ""
) -> str:
    """The text of a path or of raw bytes, refusing anything over `max_bytes` before reading it."""
    if isinstance(source, bytes):
        label = name or "the upload"
        if len(source) > max_bytes:
            raise ReadError(
                f"{label} is {_size_text(len(source))}; the limit is {_size_text(max_bytes)}"
            )
        return decode(source, name=label)
    path = Path(source)
    label = name or str(path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise ReadError(f"{label} is not a file")
        if size > max_bytes:
            raise ReadError(f"{label} is {_size_text(size)}; the limit is {_size_text(max_bytes)}")
        with path.open("rb") as handle:
            # Read one byte past the limit so a file that grew after stat() is still refused.
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise ReadError(f"{label} does not exist") from None
    except PermissionError:
        raise ReadError(f"{label} cannot be read (permission denied)") from None
    except IsADirectoryError:
        raise ReadError(f"{label} is a directory, not a file") from None
    if len(data) > max_bytes:
        raise ReadError(f"{label} is larger than the limit of {_size_text(max_bytes)}")
    return decode(data, name=label)
