"""A presenter swap waits for the other member's consent: a public request with buttons."""

from __future__ import annotations

from typing import Any

from discord_support import EPHEMERAL, run, setup_club, slash_for, text_of

from paperclub_fakes.discord_fake import MEMBER_USER, OWNER_USER, FakeDiscord


async def test_a_swap_is_a_request_the_other_member_accepts(bot: Any, fake: FakeDiscord) -> None:
    await setup_club(fake)
    ada, grace = OWNER_USER, MEMBER_USER
    await run(fake, slash_for(fake, "present volunteer", {"session": "2026-11-25"}, user=ada))
    await run(fake, slash_for(fake, "present volunteer", {"session": "2026-12-02"}, user=grace))
    asked = await run(fake, slash_for(fake, "present swap", {"session": "2026-12-02"}, user=ada))
    data = asked.json["data"]
    # Public, so Grace sees it; her name is text, never a ping.
    assert not (data.get("flags") or 0) & EPHEMERAL
    assert data["allowed_mentions"] == {"parse": []}
    assert "Ada asks Grace to swap" in text_of(data)
    buttons = {b["label"]: b["custom_id"] for b in data["components"][0]["components"]}
    accept = buttons["Accept swap"]
    message_id = int(asked.response["resource"]["message"]["id"])
    # Ada pressing Grace's button is refused, privately; nothing changed.
    refused = await run(fake, fake.button(accept, message=message_id, user=ada))
    assert refused.json["data"]["flags"] & EPHEMERAL
    assert "Only the member you asked" in text_of(refused.json["data"])
    card = await run(fake, slash_for(fake, "paper", user=grace))
    assert "Ada" in text_of(card.json["data"])
    accepted = await run(fake, fake.button(accept, message=message_id, user=grace))
    assert "Swapped: Grace presents on Wed 25 Nov" in text_of(accepted.json["data"])
    card = await run(fake, slash_for(fake, "paper", user=grace))
    assert "Grace" in text_of(card.json["data"])
