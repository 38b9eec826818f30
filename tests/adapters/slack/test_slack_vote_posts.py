"""Scheduled vote posts with their charts, and hostile candidate titles in poll blocks."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from bot.adapters.slack.app import build_client
from bot.adapters.slack.poster import SlackPoster
from bot.adapters.slack.render import Renderer, message
from bot.adapters.slack.votes import ballot_form
from bot.bootstrap import Services
from bot.core.domain.ids import ClubKey, Platform
from bot.core.domain.outbox import PostKind
from bot.core.domain.papers import Paper
from bot.core.ports import Outgoing
from bot.core.usecases.ballot_commands import ballot_lines
from bot.core.views import Bar, PollCandidate, PollView, Reply, ResultsView
from bot.core.voting.methods import method
from paperclub_fakes import slack_requests as sr
from paperclub_fakes.slack_fake import FILE_UPLOAD, FakeSlack
from paperclub_fakes.slack_harness import (
    MEMBER,
    SlackHarness,
    buttons,
    shown_text,
    slack_services,
)
from tests.adapters.slack.test_slack_hostile import HOSTILE
from tests.adapters.slack.test_slack_votes import PNG

CLUB = ClubKey(Platform.SLACK, sr.TEAM_ID, sr.CHANNEL_ID)
# A mention, a broadcast or a link made of member text; `<!date^…>` is ours and allowed.
_SPECIAL = re.compile(r"<(?!!date\^)[!@#]")


def assert_escaped(payload: object) -> None:
    shown = shown_text(payload)
    assert not _SPECIAL.search(shown), shown
    assert "&lt;!channel&gt;" in shown, shown


async def test_scheduled_results_carry_their_chart(
    services: Services, fake: FakeSlack, no_jitter: None
) -> None:
    poster = SlackPoster(build_client(slack_services(services, fake).settings))
    results = ResultsView(
        poll_id=4,
        method=method("plurality").view(),
        winner="Attention Is All You Need",
        bars=(Bar("Attention Is All You Need", 3), Bar("BERT", 1)),
        total_ballots=4,
    )
    ts = await poster.post(
        Outgoing("club:1:poll:4:vote_closed", CLUB, PostKind.VOTE_CLOSED, results)
    )
    posted = fake.calls_to("chat.postMessage")[-1].args
    assert "Winner: Attention Is All You Need" in shown_text(posted["blocks"])

    methods = [c.method for c in fake.calls]
    flow = ["chat.postMessage", "files.getUploadURLExternal", FILE_UPLOAD]
    assert methods[-4:] == [*flow, "files.completeUploadExternal"]
    (upload,) = fake.calls_to(FILE_UPLOAD)
    assert upload.args["content"].startswith(PNG)
    done = fake.calls_to("files.completeUploadExternal")[-1].args
    assert done["channel_id"] == sr.CHANNEL_ID
    assert done["files"][0]["title"] == "Vote results: Attention Is All You Need"
    # The chart's share message has no key; the results message is what a reclaim finds.
    assert (
        await poster.find_posted(
            Outgoing("club:1:poll:4:vote_closed", CLUB, PostKind.NOTICE, results)
        )
        == ts
    )

    # A failed upload loses the chart, never the post.
    fake.fail_next("files.getUploadURLExternal", "ratelimited_forever")
    assert await poster.post(Outgoing("club:1:poll:5:vote_closed", CLUB, PostKind.NOTICE, results))


async def test_hostile_candidates_are_escaped_in_poll_blocks(
    club: SlackHarness, services: Services
) -> None:
    club.fake.add_user("U0MALLORY", name=f"Mallory {HOSTILE}")
    async with services.deps.uow() as uow:
        title = f"Zebrafish {HOSTILE}"
        zebra = Paper(
            id=0, slug="zebra", title=title, authors=("Eve",), year=2024, url="https://x.org/z"
        )
        await uow.papers.upsert(zebra)
        await uow.commit()
    suggested = await club.command(f"suggest Zebrafish {HOSTILE}", user="U0MALLORY")
    assert not suggested["text"].startswith(":x:"), suggested["text"]
    await club.command("vote open")
    shown = await club.command("vote", user=MEMBER)
    assert "Zebrafish" in shown_text(shown) and "suggested by Mallory" in shown_text(shown)
    assert_escaped(shown)
    for block in shown["blocks"]:
        for text in [block.get("text"), *block.get("elements", [])]:
            if isinstance(text, dict) and text.get("type") == "mrkdwn":
                assert text["verbatim"] is True


def test_ballot_form_labels_are_plain_text() -> None:
    candidate = PollCandidate(1, 1, "z", f"Zebrafish {HOSTILE}", f"Mallory {HOSTILE}")
    other = PollCandidate(2, 2, "b", "BERT")
    closes = datetime(2026, 12, 1, 18, tzinfo=UTC)
    lines = ballot_lines(9)
    approval = method("approval").view()
    view = PollView(9, approval, (candidate, other), closes, "Tue 1 Dec", True, 0, lines)
    rendered = message(Reply(view), Renderer())
    assert_escaped(rendered)
    assert [b["value"] for b in buttons(rendered)] == ["/vote show #9"]
    form = ballot_form(view)
    assert form is not None and form.command == "/vote cast #9"
    one = method("plurality").view()
    plurality = PollView(9, one, (candidate,), closes, "", False, 0, lines)
    assert ballot_form(plurality) is None
