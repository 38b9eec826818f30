"""What Slack refuses in Block Kit: malformed or too many blocks, too much text, bad views."""

from __future__ import annotations

from typing import Any, cast

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from paperclub_fakes.slack_fake.records import JsonDict, Refused, refuse


def text_length(node: Any) -> int:
    if isinstance(node, dict):
        return sum(
            len(v) if k == "text" and isinstance(v, str) else text_length(v)
            for k, v in node.items()
        )
    if isinstance(node, list):
        return sum(text_length(item) for item in node)
    return 0


def view_refused(view: Any) -> JsonDict | None:
    """Slack's answer to a modal or App Home it won't take, as slack_sdk's View and Block Kit
    models judge it (docs.slack.dev/reference/views): a title of 1-24 characters (submit and
    close too), 1-100 blocks, private_metadata up to 3,000, callback_id up to 255; each block
    valid (a header's text up to 150 as sent: `&amp;` counts five)."""
    if not isinstance(view, dict):
        return {"ok": False, "error": "invalid_arguments"}
    try:
        View(**view).validate_json()
        for block in view.get("blocks") or []:
            Block.parse(block).validate_json()  # type: ignore[union-attr]
    except (SlackObjectFormationError, AttributeError, KeyError, TypeError) as exc:
        return {
            "ok": False,
            "error": "invalid_arguments",
            "response_metadata": {"messages": [f"[ERROR] {exc}"]},
        }
    return None


def taken_view(view: Any) -> JsonDict:
    """The call's view, when Slack takes it (see view_refused, which refuses all but a dict)."""
    refuse(view_refused(view))
    return cast(JsonDict, view)


def channel_named(args: JsonDict) -> str:
    """The call's channel: Slack answers channel_not_found to a call that names none."""
    channel = args.get("channel")
    if not channel:
        raise Refused({"ok": False, "error": "channel_not_found"})
    return str(channel)


def blocks_refused(args: JsonDict) -> JsonDict | None:
    """Slack's answers to blocks it won't take: invalid_blocks for a malformed block (as
    slack_sdk's own Block Kit models judge it) or more than 50; msg_blocks_too_long past
    about 12,000 characters of text in all (undocumented; Slack maintainers' figure)."""
    blocks = args.get("blocks")
    if not blocks:
        return None
    if len(blocks) > 50:
        return {"ok": False, "error": "invalid_blocks"}
    for block in blocks:
        try:
            Block.parse(block).validate_json()  # type: ignore[union-attr]
        except (SlackObjectFormationError, AttributeError, KeyError, TypeError):
            return {"ok": False, "error": "invalid_blocks"}
    if text_length(blocks) > 12_000:
        return {"ok": False, "error": "msg_blocks_too_long"}
    return None
