"""A member whose Slack profile name is hostile (NUL, a lone surrogate sent as Slack's JSON
"\\ud800" escape, newlines, a bidi override, a mention, 1,000 characters) votes and RSVPs end
to end like anyone else: the vote of the member clicking with them is stored too, the name is
stored cleaned, and shown it pings nobody."""

from __future__ import annotations

import asyncio

from bot.bootstrap import Services
from bot.core.domain.ids import ClubKey, MemberKey, Platform
from bot.core.domain.member_names import NAME_LIMIT
from paperclub_fakes import slack_requests as sr
from paperclub_fakes.slack_harness import MEMBER, SlackHarness, buttons, shown_text

EVE = "U0EVE0001"
LONG = "U0LONG001"
CLUB = ClubKey(Platform.SLACK, sr.TEAM_ID, sr.CHANNEL_ID)


async def test_a_hostile_profile_name_votes_with_everyone_else(
    club: SlackHarness, services: Services
) -> None:
    club.fake.add_user(EVE, name="<!channel>\x00 Eve\ud800\n\u202eevE")
    club.fake.add_user(LONG, name="L" * 1000)
    opened = await club.command("vote open")
    assert "Vote for the paper of" in opened["text"], opened
    shown = await club.command("vote", user=MEMBER)
    vote = next(b for b in buttons(shown) if b["value"].startswith("/vote cast #"))
    answers = await asyncio.gather(*(club.click(vote, user=u) for u in (EVE, MEMBER, LONG)))
    assert all("Your vote is in." in a["text"] for a in answers), answers
    async with services.deps.uow() as uow:
        club_row = await uow.clubs.get(CLUB)
        assert club_row is not None
        poll = await uow.polls.open_for(club_row.id)
        assert poll is not None
        voters = {b.member.user_id for b in await uow.polls.ballots(poll.id)}
        names = await uow.members.display_names([_member(EVE), _member(LONG)])
    assert voters == {EVE, MEMBER, LONG}
    assert names[_member(EVE)] == "<!channel> Eve evE"
    assert names[_member(LONG)] == "L" * NAME_LIMIT

    assert "going" in (await club.command("rsvp going", user=EVE))["text"].lower()
    listed = shown_text(await club.command("rsvp list", user=MEMBER))
    assert "Eve evE" in listed
    assert "<!channel>" not in listed and "&lt;!channel&gt;" in listed


def _member(user_id: str) -> MemberKey:
    return MemberKey(Platform.SLACK, sr.TEAM_ID, user_id)
