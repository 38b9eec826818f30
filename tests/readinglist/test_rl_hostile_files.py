"""Files built to hurt the importer: alias bombs, deep nesting, and lists far past any real one.

Each is a reproduction from issue 11: a 611-byte YAML alias bomb took the bot to 2.85 GB; a
million tiny CSV rows, 400,000 ids, 60,000 BibTeX entries and 1 MB of " and " in one author field
each cost 22–47 s and up to 4 GB. Now each is refused with one line, or read within bounds.
"""

from __future__ import annotations

import json

import pytest

from bot.readinglist.parsers import TooManyEntries, parse_text
from bot.readinglist.parsers.base import MAX_AUTHORS, MAX_PROBLEMS
from bot.readinglist.parsers.safe_load import MAX_DEPTH, DataError, load_json, load_yaml


def _alias_bomb(levels: int) -> str:
    """The billion-laughs shape: each level lists the one before nine times."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    previous = "a"
    for name in "bcdefghijk"[: levels - 1]:
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
        previous = name
    lines.append(f"papers:\n  - id: x\n    url: https://example.org/x\n    title: *{previous}")
    return "\n".join(lines) + "\n"


def _one_line(message: str) -> bool:
    return "\n" not in message and len(message) < 300


def test_a_yaml_alias_bomb_is_refused_before_it_expands() -> None:
    # Six levels: 531,441 copies of "lol" once expanded; the nine levels reached 2.85 GB.
    bomb = _alias_bomb(6)
    assert len(bomb) < 700
    result = parse_text(bomb, source="bomb.yaml")
    assert result.entries == []
    [problem] = result.problems
    assert "anchors (&name) are not accepted" in problem.message
    assert _one_line(problem.describe("bomb.yaml")) and problem.line == 1


def test_aliases_and_anchors_are_refused_even_when_harmless() -> None:
    with pytest.raises(DataError, match=r"aliases \(\*name\)"):
        load_yaml("papers: *undefined\n")
    with pytest.raises(DataError, match="anchors"):
        load_yaml("papers:\n  - &one {title: A}\n")


@pytest.mark.parametrize(
    ("fmt", "text"),
    [
        ("yaml", "[" * 50_000),
        ("yaml", "papers:\n" + "".join(f"{'  ' * i}- \n" for i in range(60))),
        ("json", "[" * 50_000),
        ("json", '{"papers": ' + '{"a": ' * 100 + "1" + "}" * 101),
    ],
)
def test_deep_nesting_is_one_clear_line(fmt: str, text: str) -> None:
    result = parse_text(text, source=f"deep.{fmt}", fmt=fmt)
    assert result.entries == []
    [problem] = result.problems
    assert f"nested more than {MAX_DEPTH} levels deep" in problem.message
    assert _one_line(problem.describe("deep"))


def test_brackets_inside_json_strings_do_not_count_as_nesting() -> None:
    title = "[[[{{{ Brackets \\" + '" in a title ]]]}}}' * 10
    text = json.dumps([{"id": "b", "title": title[:250], "url": "https://example.org/b"}])
    assert load_json(text)[0]["title"] == title[:250]


def test_huge_numbers_are_a_problem_not_a_crash() -> None:
    for fmt, text in (("json", "[" + "9" * 5000 + "]"), ("yaml", "papers: " + "9" * 5000)):
        result = parse_text(text, source="n", fmt=fmt)
        assert result.entries == [] and _one_line(result.problems[0].message)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        # A million tiny rows took 22 s and 1.9 GB; the parser now stops at the first past the cap.
        ("rows.csv", "title,url\n" + "".join(f"p{i},\n" for i in range(1_000_000))),
        ("ids.txt", "".join(f"{1000 + i % 9000:04d}.{i % 100000:05d}\n" for i in range(400_000))),
        ("refs.bib", "".join(f"@article{{k{i},\n title = {{P {i}}}\n}}\n" for i in range(60_000))),
        ("list.yaml", "papers:\n" + "".join(f"- {{title: P{i}}}\n" for i in range(3_000))),
    ],
)
def test_a_list_longer_than_an_import_takes_is_refused_whole(name: str, text: str) -> None:
    with pytest.raises(TooManyEntries, match=r"more than 2,000 papers.*split it"):
        parse_text(text, source=name)


def test_the_limit_counts_entries_with_problems_too() -> None:
    # A file of bad rows is no cheaper to validate than one of good rows.
    text = "title,year\n" + "".join(f"P{i},not-a-year\n" for i in range(2_500))
    with pytest.raises(TooManyEntries):
        parse_text(text, source="bad.csv")
    result = parse_text(text, source="bad.csv", max_entries=5_000)
    assert len(result.problems) == MAX_PROBLEMS + 1
    assert result.problems[-1].message == "… and 2,300 more problems like these, not listed"


def test_a_megabyte_of_and_in_one_author_field_is_read_within_bounds() -> None:
    field = " and ".join(f"Author {i}" for i in range(100_000))  # about 1.3 MB
    text = "@article{k,\n title = {A Paper},\n author = {" + field + "},\n year = 2020\n}\n"
    result = parse_text(text, source="big.bib")
    [entry] = result.entries
    assert entry.title == "A Paper" and entry.year == 2020
    assert len(entry.authors) == MAX_AUTHORS and entry.authors[:2] == ["Author 0", "Author 1"]


def test_a_huge_string_macro_named_by_every_entry_is_cut_before_decoding() -> None:
    macro = "x \\'e " * 300_000  # 2 MB of LaTeX that every entry would decode again
    entries = "".join(f"@article{{k{i}, title = {{T{i}}}, abstract = big}}\n" for i in range(200))
    result = parse_text(f'@string{{big = "{macro}"}}\n' + entries, source="macro.bib")
    assert len(result.entries) == 200
    assert all(len(e.abstract or "") <= 5000 for e in result.entries)
