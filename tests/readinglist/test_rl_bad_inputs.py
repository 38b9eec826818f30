"""Bad files give one clear error and change nothing."""

from __future__ import annotations

import codecs
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.readinglist.merge import merge
from bot.readinglist.parsers import ReadError, parse_file, read_text

Write = Callable[[str, str | bytes], Path]


def test_utf16_file_is_refused_naming_the_encoding(write: Write) -> None:
    path = write("list.csv", codecs.BOM_UTF16_LE + "title\nCafé\n".encode("utf-16-le"))
    with pytest.raises(ReadError, match=r"looks like UTF-16.*save it as UTF-8"):
        parse_file(path)


def test_latin1_file_is_refused_with_the_line(write: Write) -> None:
    path = write("list.csv", "title\nA paper\nCafé\n".encode("latin-1"))
    with pytest.raises(ReadError, match=r"not UTF-8 \(invalid byte 0xe9 on line 3.*Latin-1"):
        read_text(path)


def test_utf8_bom_is_accepted(write: Write) -> None:
    assert read_text(write("x.txt", codecs.BOM_UTF8 + b"hello")) == "hello"


def test_huge_file_is_refused_before_reading(write: Write, tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing on disk
    with pytest.raises(ReadError, match=r"huge.csv is 50.0 MB; the limit is 5.0 MB"):
        parse_file(path)
    with pytest.raises(ReadError, match="limit"):
        read_text(b"x" * 11, max_bytes=10)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="does not exist"):
        read_text(tmp_path / "nope.csv")
    with pytest.raises(ReadError, match="not a file"):
        read_text(tmp_path)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("broken.bib", "@article{a,\n title = {Unclosed,\n year = 2020\n", "broken BibTeX entry"),
        ("notitle.csv", "kind,year\nX,2020\n", "missing column 'title'"),
        ("bad.yaml", "papers:\n  - title: [unclosed\n", "not valid YAML"),
        ("bad.json", '{"papers": [', "not valid JSON"),
    ],
)
def test_bad_content_changes_nothing(write: Write, name: str, content: str, message: str) -> None:
    result = parse_file(write(name, content))
    assert any(message in p.message for p in result.problems)
    assert result.entries == []
    plan = merge([], result.entries)
    assert plan.papers == [] and not plan.changes_anything
