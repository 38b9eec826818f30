"""A presenter swap on Slack: a request in the channel, accepted with its button."""

from __future__ import annotations

from paperclub_fakes.slack_harness import ADMIN, MEMBER, SlackHarness, buttons, shown_text


async def test_a_swap_waits_for_the_other_members_button(club: SlackHarness) -> None:
    await club.command("present 2026-11-25", user=ADMIN)
    await club.command("present 2026-12-02", user=MEMBER)
    asked = await club.command("present swap 2026-12-02", user=ADMIN)
    # In the channel for everyone, so the member asked sees it.
    assert asked["response_type"] == "in_channel"
    assert asked["text"].startswith(":information_source: ada asks max to swap")
    accept = next(b for b in buttons(asked) if "Accept" in shown_text(b["text"]))
    card = await club.command("paper", user=MEMBER)
    assert "Presenter: ada" in shown_text(card)
    refused = await club.click(accept, user=ADMIN)
    assert "Only the member you asked" in refused["text"]
    assert refused["response_type"] == "ephemeral"
    accepted = await club.click(accept, user=MEMBER)
    assert accepted["text"].startswith(":white_check_mark: Swapped"), accepted["text"]
    assert "max presents on Wed 25 Nov" in accepted["text"]
    card = await club.command("paper", user=MEMBER)
    assert "Presenter: max" in shown_text(card)
