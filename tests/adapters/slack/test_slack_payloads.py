"""Bolt handed a form's payload already decoded (payloads.py) reads the very request it would
have read from the form: the same body for any form text, or the same refusal."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from slack_bolt.request.async_request import AsyncBoltRequest

from bot.adapters.slack.payloads import FORM, bolt_body
from paperclub_fakes import slack_requests as sr

# Pieces of form text, chosen to meet every rule of the decoding: separators, `+`, escapes
# good, bad and cut short, escapes of UTF-8 cut short, JSON, and the field's name.
_PIECES = [
    *'payload=&%+;#?/ \\"{}[]:,azAZ09fF\x00\t\né😀',
    *("%2", "%41", "%C3", "%A9", "%zz", "%26", "%3D", "%2B", "%7B", "%7D", "%22", "%E2%82"),
    *("payload=", "payload=%7B", "payload={", '{"type":"block_actions"}', "command=/paperclub"),
]
_FORMS = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


def _read(text: str, content_type: str = FORM) -> tuple[str, Any]:
    try:
        return "read", AsyncBoltRequest(body=text, headers={"content-type": content_type}).body
    except Exception as exc:  # Bolt refuses it: so must the decoded payload be refused
        return "refused", type(exc)


@settings(max_examples=3000, deadline=None)
@given(_FORMS)
def test_a_decoded_payload_reads_as_bolt_reads_the_form(text: str) -> None:
    assert _read(bolt_body(text, FORM)) == _read(text)


@given(_FORMS, st.sampled_from(["application/json", "text/plain", ""]))
def test_other_bodies_reach_bolt_as_they_came(text: str, content_type: str) -> None:
    assert bolt_body(text, content_type) == text


def test_a_click_reaches_bolt_as_its_json() -> None:
    signed = sr.block_action("pc_action_1", "/vote cast #1 +2 & 100%")
    text = signed.body.decode()
    decoded = bolt_body(text, FORM)
    assert decoded.startswith("{") and decoded != text
    assert _read(decoded) == _read(text)
    assert _read(decoded)[1]["actions"][0]["value"] == "/vote cast #1 +2 & 100%"
