"""Limits for the bot's HTTP servers (the calendar feed and health pages, Slack's events).

aiohttp enforces them while parsing, before any handler runs, and answers 4xx itself: too many
headers or an over-long line is a 400, a body past a route's size a 413.
"""

from __future__ import annotations

from typing import Final

# Slack sends about 15 headers and a proxy adds a few; lines as long as aiohttp's defaults.
PARSER_LIMITS: Final = {"max_headers": 64, "max_line_size": 8190, "max_field_size": 8190}
