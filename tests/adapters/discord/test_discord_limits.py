"""Contract: every message the bot posts on Discord, built by discord.py's own payload code,
is within Discord's limits (bot/adapters/discord/limits.py), for the largest data the
reading-list schema accepts, with characters that grow when escaped. FakeDiscord answers 400
where Discord would, so the end-to-end post below fails where production would."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from bot.adapters.discord.limits import TOTAL, embed_problems, embed_total
from bot.adapters.discord.poster import DiscordPoster, reference_for, render_post
from bot.bootstrap import Services
from bot.core.domain.ids import ClubKey, Platform
from bot.core.domain.outbox import PostKind
from bot.core.ports import Outgoing
from bot.core.views import PaperCard
from paperclub_fakes.discord_fake import GUILD_ID, TEXT_CHANNEL_ID, FakeDiscord
from tests.conftest import T0 as T0_NOW

CLUB = ClubKey(Platform.DISCORD, str(GUILD_ID), str(TEXT_CHANNEL_ID))
# Markdown escaping doubles each of these; the schema's maxima (bot/readinglist/schema.py):
# title 300, each author 300, summary and each prompt 5,000, tags 40.
GROWS = "*_~`|>"
LARGEST = PaperCard(
    paper_id=1,
    slug="largest",
    title=(GROWS * 50)[:300],
    authors=tuple((GROWS * 50)[:300] for _ in range(40)),
    year=2017,
    url="https://arxiv.org/abs/1706.03762",
    summary=(GROWS + " word ") * 416,
    prompts=tuple((GROWS + f" prompt {n} ") * 300 for n in range(25)),
    tags=tuple(f"{GROWS * 6}{n:04d}" for n in range(60)),  # 40 characters each
)


def announcement(card: PaperCard = LARGEST) -> Outgoing:
    return Outgoing("club:1:session:7:announcement", CLUB, PostKind.ANNOUNCEMENT, card)


@pytest.mark.parametrize("tags", [0, 20, 40, 60])
def test_the_largest_announcement_fits_after_its_reference(tags: int) -> None:
    """Issue 15, row 1: fit ran before the ` · ref …` footer was added (6,016 > 6,000). With
    a footer near its 2,048 limit (many tags) the reference was clipped away instead, and the
    post could no longer be found again after a crash."""
    card = replace(LARGEST, tags=LARGEST.tags[:tags])
    parts = render_post(announcement(card), T0_NOW)
    payload = [embed.to_dict() for embed in parts.embeds]  # what discord.py sends
    assert embed_problems(payload) == [], [embed_total(e) for e in payload]
    assert sum(embed_total(e) for e in payload) <= TOTAL
    # …and the reference that finds the post again after a crash survived the fitting.
    assert reference_for(announcement().key) in str(payload[-1].get("footer"))


async def test_the_largest_announcement_reaches_the_fake(
    bot: Any, fake: FakeDiscord, services: Services
) -> None:
    poster = DiscordPoster(bot, services.deps.clock)
    # 40 tags: the card fills the 6,000 budget and the reference comes on top (Discord: 400).
    await poster.post(announcement(replace(LARGEST, tags=LARGEST.tags[:40])))
    sent = await fake.wait_for_request("POST", rf"/channels/{TEXT_CHANNEL_ID}/messages")
    assert embed_problems(sent.json["embeds"]) == []
