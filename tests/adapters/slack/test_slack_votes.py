"""Voting on Slack end to end: buttons, the ballot modals, results with their chart, stats.

Signed HTTP requests into the real Bolt app; ballots are checked in the database.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from bot.bootstrap import Services
from bot.core.domain.ids import ClubKey, Platform
from bot.core.domain.polls import Ballot, Poll
from paperclub_fakes import slack_requests as sr
from paperclub_fakes.slack_fake import FILE_UPLOAD, RESPONSE_URL
from paperclub_fakes.slack_harness import MEMBER, SlackHarness, buttons, shown_text

PNG = b"\x89PNG\r\n\x1a\n"
CLUB = ClubKey(Platform.SLACK, sr.TEAM_ID, sr.CHANNEL_ID)


async def open_poll(slack: SlackHarness, method: str) -> dict[str, Any]:
    """Set the club's voting method, open a vote, and return the member's `/vote` reply."""
    answer = await slack.command(f"club set voting_method {method}")
    assert not answer["text"].startswith(":x:"), answer["text"]
    opened = await slack.command("vote open")
    assert "Vote for the paper of" in opened["text"], opened
    return await slack.command("vote", user=MEMBER)


async def poll_and_ballots(services: Services) -> tuple[Poll, list[Ballot]]:
    async with services.deps.uow() as uow:
        club = await uow.clubs.get(CLUB)
        assert club is not None
        poll = await uow.polls.open_for(club.id)
        assert poll is not None
        return poll, await uow.polls.ballots(poll.id)


async def open_ballot(slack: SlackHarness, shown: dict[str, Any]) -> dict[str, Any]:
    """Click the poll's ballot button; return the form the modal it opened became."""
    (button,) = [b for b in buttons(shown) if b["action_id"].startswith("pc_ballot_")]
    mark = len(slack.fake.calls)
    click = sr.block_action(
        button["action_id"], button["value"], user=MEMBER, base_url=slack.fake.base_url
    )
    assert (await slack.post(click))[0] == 200
    # Opened at once (the trigger id lasts 3 s), filled in once the ballot is read.
    opened = await slack.fake.wait_for_call("views.open", since=mark)
    filled = await slack.fake.wait_for_call("views.update", since=mark)
    assert filled.args["view_id"] == opened.response["view"]["id"]
    return dict(filled.args["view"])


async def submit(slack: SlackHarness, modal: dict[str, Any], state: dict[str, Any]) -> str:
    req = sr.view_submission(
        modal["callback_id"], state, private_metadata=modal["private_metadata"], user=MEMBER
    )
    status, body = await slack.post(req)
    assert status == 200
    return body


def _select(value: str) -> dict[str, Any]:
    return {"value": {"type": "static_select", "selected_option": {"value": value}}}


async def test_plurality_poll_votes_with_one_click(club: SlackHarness, services: Services) -> None:
    shown = await open_poll(club, "plurality")
    context = shown_text(shown)
    assert "<!date^" in context and "{date_short_pretty}" in context, "the reader's own time"
    assert "0 ballots so far" in context
    votes = [b for b in buttons(shown) if b["value"].startswith("/vote cast #")]
    assert len(votes) >= 2 and all(b["action_id"].startswith("pc_action_") for b in votes)

    answer = await club.click(votes[1], user=MEMBER)
    assert "Your vote is in." in answer["text"]
    assert answer["response_type"] == "ephemeral"
    poll, ballots = await poll_and_ballots(services)
    assert [(b.member.user_id, b.choices) for b in ballots] == [(MEMBER, (poll.candidates[1],))]

    again = await club.command("vote", user=MEMBER)
    assert "Your ballot: *2*" in shown_text(again)
    withdraw = next(b for b in buttons(again) if b["value"].startswith("/vote withdraw"))
    assert "withdrawn" in (await club.click(withdraw, user=MEMBER))["text"]
    assert (await poll_and_ballots(services))[1] == []


async def test_a_double_click_and_its_replay_are_stored_once(
    club: SlackHarness, services: Services
) -> None:
    """Two clicks of one member in flight together each get their answer and leave one
    ballot; the same signed click sent again (a replay) is acked and does nothing."""
    shown = await open_poll(club, "plurality")
    (vote, *_) = [b for b in buttons(shown) if b["value"].startswith("/vote cast #")]
    urls = [club.response_url() for _ in range(2)]
    clicks = [
        sr.block_action(vote["action_id"], vote["value"], user=MEMBER, response_url=url)
        for _, url in urls
    ]
    statuses = await asyncio.gather(*(club.post(click) for click in clicks))
    assert [status for status, _ in statuses] == [200, 200]
    for response_id, _ in urls:
        assert "Your vote is in." in (await club.wait_response(response_id)).args["text"]
    poll, ballots = await poll_and_ballots(services)
    assert [(b.member.user_id, b.choices) for b in ballots] == [(MEMBER, (poll.candidates[0],))]

    answers = len([c for c in club.fake.calls if c.method == RESPONSE_URL])
    assert (await club.post(clicks[0]))[0] == 200
    again = await club.command("vote", user=MEMBER)  # answered after whatever the replay did
    assert "1 ballot so far" in shown_text(again)
    assert len([c for c in club.fake.calls if c.method == RESPONSE_URL]) == answers + 1


async def test_approval_vote_through_the_checkbox_modal(
    club: SlackHarness, services: Services
) -> None:
    shown = await open_poll(club, "approval")
    assert not [b for b in buttons(shown) if b["action_id"].startswith("pc_action_")]
    modal = await open_ballot(club, shown)
    (field,) = modal["blocks"]
    assert field["element"]["type"] == "checkboxes"
    assert json.loads(modal["private_metadata"])["channel"] == sr.CHANNEL_ID

    ticked = {"type": "checkboxes", "selected_options": [{"value": "1"}, {"value": "3"}]}
    mark = len(club.fake.calls)
    assert await submit(club, modal, {"approve": {"value": ticked}}) == ""
    answer = await club.fake.wait_for_call("chat.postEphemeral", since=mark)
    assert answer.args["user"] == MEMBER and "is in" in answer.args["text"]
    poll, ballots = await poll_and_ballots(services)
    assert [b.choices for b in ballots] == [(poll.candidates[0], poll.candidates[2])]

    # Opened again, the form starts from the ballot already cast.
    reopened = await open_ballot(club, await club.command("vote", user=MEMBER))
    initial = reopened["blocks"][0]["element"]["initial_options"]
    assert [o["value"] for o in initial] == ["1", "3"]


@pytest.mark.parametrize("method", ["irv", "schulze"])
async def test_ranked_vote_through_ordered_selects(
    club: SlackHarness, services: Services, method: str
) -> None:
    shown = await open_poll(club, method)
    modal = await open_ballot(club, shown)
    poll, _ = await poll_and_ballots(services)
    names = [b["block_id"] for b in modal["blocks"]]
    assert names == [f"rank_{n}" for n in range(1, len(poll.candidates) + 1)]
    assert {b["element"]["type"] for b in modal["blocks"]} == {"static_select"}

    twice = {"rank_1": _select("2"), "rank_2": _select("2"), "rank_3": _select("1")}
    answer = json.loads(await submit(club, modal, twice))
    assert answer["response_action"] == "errors"
    assert list(answer["errors"]) == ["rank_2"]
    assert (await poll_and_ballots(services))[1] == [], "nothing was cast"

    # Gaps are skipped: the ranking is the chosen papers in order.
    ranked = {"rank_1": _select("3"), "rank_2": {}, "rank_3": _select("1")}
    mark = len(club.fake.calls)
    assert await submit(club, modal, ranked) == ""
    answer_call = await club.fake.wait_for_call("chat.postEphemeral", since=mark)
    assert "Your ranking is in." in answer_call.args["text"]
    poll, ballots = await poll_and_ballots(services)
    assert [b.choices for b in ballots] == [(poll.candidates[2], poll.candidates[0])]

    reopened = await open_ballot(club, await club.command("vote", user=MEMBER))
    firsts = [b["element"].get("initial_option", {}).get("value") for b in reopened["blocks"]]
    assert firsts[:3] == ["3", "1", None]


async def test_the_ballot_modal_opens_before_any_other_web_api_call(club: SlackHarness) -> None:
    shown = await open_poll(club, "irv")
    mark = len(club.fake.calls)
    await open_ballot(club, shown)
    made = [c.method for c in club.fake.calls[mark:] if c.method != "auth.test"]
    assert made[0] == "views.open" and made[-1] == "views.update", made


async def test_closed_poll_ballot_button_answers_with_the_error(club: SlackHarness) -> None:
    shown = await open_poll(club, "irv")
    await club.command("vote close queue")
    (button,) = [b for b in buttons(shown) if b["action_id"].startswith("pc_ballot_")]
    mark = len(club.fake.calls)
    click = sr.block_action(
        button["action_id"], button["value"], user=MEMBER, base_url=club.fake.base_url
    )
    assert (await club.post(click))[0] == 200
    # The modal opened at once says so, in place of a ballot.
    answer = await club.fake.wait_for_call("views.update", since=mark)
    assert "That vote has closed." in shown_text(answer.args["view"])
    assert "submit" not in answer.args["view"]


async def test_results_show_bars_and_their_chart_is_uploaded(
    club: SlackHarness, services: Services
) -> None:
    shown = await open_poll(club, "irv")
    modal = await open_ballot(club, shown)
    assert await submit(club, modal, {"rank_1": _select("2"), "rank_2": _select("1")}) == ""
    await club.fake.wait_for_call("chat.postEphemeral")

    # An admin's close is news for the channel: the chart is shared there.
    mark = len(club.fake.calls)
    results = await club.command("vote close")
    assert results["response_type"] == "in_channel"
    text = shown_text(results)
    assert results["blocks"][0]["type"] == "header"
    assert "Winner: " in results["blocks"][0]["text"]["text"]
    assert "first-preference votes" in text.casefold() and "█" in text
    done = await club.fake.wait_for_call("files.completeUploadExternal", since=mark)
    assert done.args["channel_id"] == sr.CHANNEL_ID
    assert "Vote results" in done.args["initial_comment"]
    upload = club.fake.calls_to(FILE_UPLOAD)[-1]
    assert upload.args["content"].startswith(PNG)
    assert upload.args["file_id"] == done.args["files"][0]["id"]

    # A member's own look is ephemeral, which can't hold a file: the chart goes to their DM.
    mark = len(club.fake.calls)
    again = await club.command("vote results", user=MEMBER)
    assert again["response_type"] == "ephemeral"
    opened = await club.fake.wait_for_call("conversations.open", since=mark)
    assert opened.args["users"] == MEMBER
    done = await club.fake.wait_for_call("files.completeUploadExternal", since=mark)
    assert done.args["channel_id"] == "D" + MEMBER.removeprefix("U")


async def test_stats_layout(club: SlackHarness) -> None:
    mine = await club.command("stats", user=MEMBER)
    assert mine["blocks"][0]["type"] == "header"
    fields = [f["text"] for b in mine["blocks"] if b["type"] == "section" for f in b["fields"]]
    assert "*Sessions attended*\n0 of 0" in fields
    assert "Current streak" in shown_text(mine)
    club_stats = await club.command("stats club", user=MEMBER)
    assert "club stats" in club_stats["blocks"][0]["text"]["text"]
    assert "*Votes cast*\n0" in shown_text(club_stats).replace("\\n", "\n")
    # Nothing to chart yet (no sessions held), so nothing is uploaded.
    assert not club.fake.calls_to("files.getUploadURLExternal")


async def test_app_home_shows_the_open_vote_and_your_stats(club: SlackHarness) -> None:
    async def home() -> str:
        mark = len(club.fake.calls)
        assert (await club.post(sr.app_home_opened(MEMBER)))[0] == 200
        published = await club.fake.wait_for_call("views.publish", since=mark)
        return shown_text(published.args["view"])

    before = await home()
    assert "Vote for the paper of" not in before and "That vote" not in before
    assert "your stats" in before
    await open_poll(club, "schulze")
    during = await home()
    assert "Vote for the paper of" in during and "Rank papers" in during
    assert not club.fake.calls_to("files.getUploadURLExternal"), "the tab posts no files"


async def test_a_typed_ranking_step_shows_the_saved_vote_and_the_poll(
    club: SlackHarness, services: Services
) -> None:
    """`vote rank N` is the step Discord's ranked selects take; typed on Slack it was answered
    with a generic "Ballot Step" dump of its fields instead of the vote and the poll."""
    await open_poll(club, "irv")
    answer = await club.command("vote rank 1", user=MEMBER)
    shown = shown_text(answer)
    assert "Ballot Step" not in shown and "Saved:" not in shown
    assert "Your vote is in." in shown
    assert "1 ballot so far" in shown
    _, ballots = await poll_and_ballots(services)
    assert len(ballots) == 1


async def test_a_ballot_whose_member_lookup_gets_no_answer_says_so_in_the_modal(
    club: SlackHarness,
) -> None:
    """The ballot modal opens at once, loading; then users.info's connections fail for a
    member never looked up. The modal says Slack could not be reached instead of loading for
    ever, and the member is told privately too."""
    shown = await open_poll(club, "irv")
    (button,) = [b for b in buttons(shown) if b["action_id"].startswith("pc_ballot_")]
    club.fake.add_user("U0NEW0002", name="newcomer")
    club.fake.cut_next("users.info", count=100)
    mark = len(club.fake.calls)
    click = sr.block_action(
        button["action_id"], button["value"], user="U0NEW0002", base_url=club.fake.base_url
    )
    assert (await club.post(click))[0] == 200
    opened = await club.fake.wait_for_call("views.open", since=mark)
    failed = await club.fake.wait_for_call("views.update", since=mark)
    assert failed.args["view_id"] == opened.response["view"]["id"]
    assert "couldn't reach Slack" in shown_text(failed.args["view"])
    assert "submit" not in failed.args["view"]
    told = await club.fake.wait_for_call(RESPONSE_URL, since=mark)  # the click's own answer
    assert "couldn't reach Slack" in shown_text(told.args)
