"""What Discord accepts, each limit with the page that documents it.

Discord answers 400 (code 50035, "Invalid Form Body") to a message that breaks any of these, and
discord.py does not check them: it serializes what it is given. The renderers clip and fit to
these numbers; the contract tests (tests/adapters/discord/test_discord_limits.py) check every
payload discord.py builds against them, and FakeDiscord refuses what breaks them.
"""

from __future__ import annotations

# https://discord.com/developers/docs/resources/message#create-message
CONTENT = 2000
EMBEDS = 10
# https://discord.com/developers/docs/resources/message#embed-object-embed-limits
TITLE = 256
DESCRIPTION = 4096
FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
AUTHOR = 256
TOTAL = 6000  # titles, descriptions, field names and values, footers, author names of all embeds
# https://discord.com/developers/docs/interactions/message-components
ACTION_ROWS = 5
BUTTONS_PER_ROW = 5
CUSTOM_ID = 100
BUTTON_LABEL = 80
SELECT_OPTIONS = 25
OPTION_LABEL = 100
LINK_URL = 512  # a link button's url
SELECT_PLACEHOLDER = 150
SELECT_VALUES = 25  # max_values of a select
OPTION_VALUE = 100
OPTION_DESCRIPTION = 100
# https://discord.com/developers/docs/interactions/receiving-and-responding (modal callback)
MODAL_TITLE = 45
MODAL_ROWS = 5  # one text input each
TEXT_INPUT_LABEL = 45
TEXT_INPUT_PLACEHOLDER = 100
TEXT_INPUT_VALUE = 4000
# https://discord.com/developers/docs/interactions/application-commands
COMMANDS = 100  # global chat-input commands
COMMAND_NAME = 32
COMMAND_DESCRIPTION = 100
COMMAND_OPTIONS = 25
CHOICES = 25  # an option's choices, and an autocomplete answer's
CHOICE_NAME = 100
CHOICE_VALUE = 100
COMMAND_TOTAL = 4000  # a command's names, descriptions and choices together
# https://discord.com/developers/docs/resources/poll#poll-create-request-object
POLL_QUESTION = 300
POLL_ANSWERS = 10
POLL_ANSWER = 55
POLL_HOURS = 768  # 32 days; Discord ends the poll then, whatever the bot meant
# https://discord.com/developers/docs/resources/guild-scheduled-event
EVENT_NAME = 100
EVENT_DESCRIPTION = 1000
EVENT_LOCATION = 100
GUILD_EVENTS = 100  # scheduled or active events per guild
# https://discord.com/developers/docs/resources/channel#start-thread-from-message
THREAD_NAME = 100


def embed_total(embed: dict[str, object]) -> int:
    """The characters Discord counts towards TOTAL for one embed, from its JSON."""

    def text(value: object) -> int:
        return len(value) if isinstance(value, str) else 0

    fields = embed.get("fields") or []
    footer = embed.get("footer") or {}
    author = embed.get("author") or {}
    assert isinstance(fields, list) and isinstance(footer, dict) and isinstance(author, dict)
    return (
        text(embed.get("title"))
        + text(embed.get("description"))
        + sum(text(f.get("name")) + text(f.get("value")) for f in fields)
        + text(footer.get("text"))
        + text(author.get("name"))
    )


def embed_problems(embeds: list[dict[str, object]]) -> list[str]:
    """Every limit a message's embeds break, as Discord would name them; empty when fine."""
    problems: list[str] = []
    if len(embeds) > EMBEDS:
        problems.append(f"{len(embeds)} embeds (max {EMBEDS})")
    for n, embed in enumerate(embeds):
        fields = embed.get("fields") or []
        footer = embed.get("footer") or {}
        author = embed.get("author") or {}
        assert isinstance(fields, list) and isinstance(footer, dict) and isinstance(author, dict)
        checks = [
            ("title", embed.get("title"), TITLE),
            ("description", embed.get("description"), DESCRIPTION),
            ("footer", footer.get("text"), FOOTER),
            ("author", author.get("name"), AUTHOR),
        ]
        checks += [(f"field {i} name", f.get("name"), FIELD_NAME) for i, f in enumerate(fields)]
        checks += [(f"field {i} value", f.get("value"), FIELD_VALUE) for i, f in enumerate(fields)]
        for what, value, limit in checks:
            if isinstance(value, str) and len(value) > limit:
                problems.append(f"embeds.{n}.{what}: {len(value)} (max {limit})")
        if len(fields) > FIELDS:
            problems.append(f"embeds.{n}: {len(fields)} fields (max {FIELDS})")
    total = sum(embed_total(e) for e in embeds)
    if total > TOTAL:
        problems.append(f"Embed size exceeds maximum size of {TOTAL}: {total}")
    return problems
