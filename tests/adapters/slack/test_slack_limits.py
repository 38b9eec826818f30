"""Contract: every Slack message the bot sends stays within Slack's limits
(bot/adapters/slack/limits.py): each block valid by slack_sdk's own Block Kit models, at most
50, and the total text within the budget below the ~12,000 characters past which Slack
answers msg_blocks_too_long. Checked for the largest data the reading-list schema accepts, with
characters that grow when escaped; FakeSlack refuses what Slack would, end to end."""

from __future__ import annotations

from slack_sdk.models.blocks import Block

from bot.adapters.slack.app import build_client
from bot.adapters.slack.limits import MESSAGE_BLOCKS, TOTAL_TEXT_BUDGET, text_length
from bot.adapters.slack.poster import SlackPoster
from bot.adapters.slack.render import Renderer, message
from bot.bootstrap import Services
from bot.core.domain.ids import ClubKey, Platform
from bot.core.domain.outbox import PostKind
from bot.core.ports import Outgoing
from bot.core.views import PaperCard, PaperList, PaperListItem, Reply
from paperclub_fakes import slack_requests as sr
from paperclub_fakes.slack_fake import FakeSlack
from paperclub_fakes.slack_harness import slack_services

GROWS = "<&>"  # each becomes an entity of 4-5 characters
LARGEST = PaperCard(
    paper_id=1,
    slug="largest",
    title=(GROWS * 100)[:300],
    authors=tuple((GROWS * 100)[:300] for _ in range(40)),
    year=2017,
    url="https://arxiv.org/abs/1706.03762",
    summary=(GROWS + " word ") * 555,
    prompts=tuple((GROWS + f" prompt {n} ") * 384 for n in range(25)),
    tags=tuple(f"{GROWS * 13}{n}"[:40] for n in range(60)),
)


def _check(body: dict[str, object]) -> None:
    blocks = body["blocks"]
    assert isinstance(blocks, list)
    assert len(blocks) <= MESSAGE_BLOCKS
    for block in blocks:
        Block.parse(block).validate_json()  # type: ignore[union-attr]
    assert text_length(blocks) <= TOTAL_TEXT_BUDGET, text_length(blocks)


def test_the_largest_card_fits_slacks_total_text() -> None:
    """Issue 15, row 3: /paper was 14,674 characters of blocks, the announcement 14,804."""
    _check(message(Reply(LARGEST), Renderer(frozenset({"paper"}))))


def test_the_longest_paper_list_fits_slacks_total_text() -> None:
    long = (GROWS * 100)[:300]
    items = tuple(
        PaperListItem(n, n, f"p{n}", long, ", ".join([long] * 40), 2017, "queued")
        for n in range(1, 101)
    )
    listing = PaperList("Reading queue", items, total=len(items))
    _check(message(Reply(listing), Renderer(frozenset({"papers"}))))


async def test_the_largest_announcement_reaches_the_fake(
    services: Services, fake: FakeSlack
) -> None:
    poster = SlackPoster(build_client(slack_services(services, fake).settings))
    club = ClubKey(Platform.SLACK, sr.TEAM_ID, sr.CHANNEL_ID)
    await poster.post(
        Outgoing("club:1:session:1:announcement", club, PostKind.ANNOUNCEMENT, LARGEST)
    )
    sent = fake.calls_to("chat.postMessage")[-1]
    assert sent.response["ok"], sent.response
