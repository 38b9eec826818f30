"""What Slack accepts, each limit with the page that documents it (or the evidence, where
Slack documents none). The renderers fit to these; FakeSlack refuses what breaks them the way
Slack does (invalid_blocks, msg_blocks_too_long)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

# https://docs.slack.dev/reference/block-kit/blocks
MESSAGE_BLOCKS = 50
SURFACE_BLOCKS = 100  # modals and the App Home tab
# https://docs.slack.dev/reference/block-kit/blocks/section-block
SECTION_TEXT = 3000
FIELD_TEXT = 2000
FIELDS = 10
# https://docs.slack.dev/reference/block-kit/blocks/header-block
HEADER_TEXT = 150
# https://docs.slack.dev/reference/block-kit/block-elements/button-element
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
# https://docs.slack.dev/reference/block-kit/composition-objects/option-object
OPTION_TEXT = 75
OPTION_VALUE = 150
# https://docs.slack.dev/reference/views/modal-views (title, submit, close; private_metadata)
MODAL_TITLE = 24
PRIVATE_METADATA = 3000
# https://docs.slack.dev/reference/methods/chat.postMessage (text; truncated past 4,000 shown)
MESSAGE_TEXT = 40_000
# The total text of a message's blocks: not documented. Slack answers msg_blocks_too_long well
# below 50 x 3,000; its maintainers pointed to about 12,000 characters (slackapi/bolt-js issues
# 2509 and 2867). The bot keeps every message within 10,000, a sixth below that.
TOTAL_TEXT_REPORTED = 12_000
TOTAL_TEXT_BUDGET = 10_000


def text_length(blocks: Iterable[Any]) -> int:
    """Every character of text in these blocks (sections, fields, context, buttons…)."""
    total = 0
    for node in blocks:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "text" and isinstance(value, str):
                    total += len(value)
                elif isinstance(value, dict | list):
                    total += text_length([value] if isinstance(value, dict) else value)
        elif isinstance(node, list):
            total += text_length(node)
    return total
