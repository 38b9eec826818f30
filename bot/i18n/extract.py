"""A `pybabel extract` method for the command catalog's own text (babel.cfg names it).

Command summaries, option descriptions and the words of command and option names are data in
the `CommandSpec`s, often split over several string literals, which the Python extractor does
not see as one message. This walks the catalog itself, so whatever a member sees in /help or in
Discord's menu is in the template; the names go under the message contexts the Discord
translator looks them up by.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any, cast

from babel.messages.extract import extract_python

from bot.core.planning.calendar import WEEKDAY_NAMES

NAME_CONTEXT = "command name"
OPTION_CONTEXT = "option name"

Extracted = tuple[int, str, str | tuple[str, str], list[str]]


def command_strings(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[Extracted]:
    """Every summary, usage-free option description, and name word of the catalog's commands,
    and the sentences catalog.py itself says (its `t(...)`: this method, not the Python one,
    is the one babel.cfg gives that file, so they are read here or not at all)."""
    # Babel's stubs type the Python extractor's results as the later (lineno, messages, ...)
    # shape; at run time they are (lineno, function, messages, comments), as yielded below.
    for found in extract_python(fileobj, keywords, comment_tags, cast(Any, options)):
        yield cast(Extracted, found)
    # Imported here: pybabel loads this module by name, and the catalog imports every use case.
    from bot.adapters.discord.commands import discord_path, offered
    from bot.adapters.discord.translator import GROUP_DESCRIPTION, GROUP_DESCRIPTION_ADMINS
    from bot.core.commands.catalog import Catalog

    specs = [spec for spec in Catalog().specs if spec.listed]
    names = {spec.name.casefold() for spec in specs}
    for spec in Catalog().specs:
        yield 0, "gettext", spec.summary, []
        for option in spec.options:
            if option.description:
                yield 0, "gettext", option.description, []
    for spec in specs:
        for word in discord_path(spec.name, names):
            yield 0, "pgettext", (NAME_CONTEXT, word), []
        for option in offered(spec):
            yield 0, "pgettext", (OPTION_CONTEXT, option.name), []
            for choice in option.choices:
                yield 0, "gettext", choice, []
    for day in WEEKDAY_NAMES:
        yield 0, "gettext", day, []
    yield 0, "gettext", GROUP_DESCRIPTION, []
    yield 0, "gettext", GROUP_DESCRIPTION_ADMINS, []
