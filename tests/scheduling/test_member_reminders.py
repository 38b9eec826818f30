"""Members' own reminders, in their DMs, on a real database with a manual clock: one per
session to each member who opted in and said going or maybe, none to anyone else, and none
twice across a restart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from bot.bootstrap import Services
from bot.core.clock import ManualClock
from bot.core.commands.context import Context
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.core.domain.outbox import OutboxStatus, PostKind
from bot.core.ports import Outgoing, Undeliverable
from bot.core.views import Notice
from bot.scheduling.delivery import DeliveryConfig
from bot.scheduling.wakeups import Wakeups
from tests.scheduling.harness import RecordingPoster, run_until

CLUB = ClubKey(Platform.CONSOLE, "w", "reading")


def member(name: str, admin: bool = False) -> Context:
    return Context(CLUB, Actor(MemberKey(Platform.CONSOLE, "w", name), name.title(), admin), "r")


@dataclass
class ClosedDms(RecordingPoster):
    """A platform that refuses every DM, as Discord does a member whose DMs are closed."""

    refused: int = 0

    async def post(self, message: Outgoing) -> str:
        if message.recipient is not None:
            self.refused += 1
            raise Undeliverable("DMs closed")
        return await super().post(message)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


async def say(services: Services, line: str, who: Context) -> Notice:
    view = (await services.dispatcher.run_text(line, who)).view
    assert isinstance(view, Notice), view
    return view


def dms(poster: RecordingPoster) -> list[tuple[str, datetime]]:
    return [
        (d.message.recipient.user_id, d.at) for d in poster.sent if d.message.recipient is not None
    ]


async def test_one_dm_per_session_to_members_who_want_it(
    services: Services, clock: ManualClock
) -> None:
    # Tue 24 Nov 2026 09:00 UTC; the club meets Wednesdays 18:00 UTC.
    await say(services, "/club setup wed 18:00 UTC", member("ada", admin=True))
    on = await say(services, "/remind on 1h", member("bo"))
    assert "1 hour before each session" in on.text and on.details[0].startswith("0 reminders")
    await say(services, "/rsvp going", member("bo"))
    await say(services, "/rsvp going 2026-12-02", member("bo"))
    await say(services, "/rsvp maybe", member("cy"))
    assert "2 reminders" in (await say(services, "/remind on 1h", member("bo"))).details[0]
    await say(services, "/remind on 30m", member("cy"))
    await say(services, "/remind on", member("di"))
    await say(services, "/rsvp no", member("di"))  # not going: nothing
    await say(services, "/rsvp going", member("ed"))
    await say(services, "/remind on", member("ed"))
    await say(services, "/remind off", member("ed"))  # opted out again
    await say(services, "/remind on", member("fa"))
    await say(services, "/rsvp going", member("fa"))
    await say(services, "/rsvp no", member("fa"))  # changed their mind
    await say(services, "/rsvp going", member("gu"))  # never opted in
    shown = await say(services, "/remind", member("cy"))
    assert "30 minutes before" in shown.text

    poster = RecordingPoster(clock)
    wakeups = Wakeups(services.deps, {Platform.CONSOLE: poster}, DeliveryConfig())
    await run_until(clock, wakeups, utc(2026, 11, 25, 19, 0))
    assert dms(poster) == [("bo", utc(2026, 11, 25, 17, 0)), ("cy", utc(2026, 11, 25, 17, 30))]
    first = poster.sent[[d.message.recipient is not None for d in poster.sent].index(True)]
    assert isinstance(first.message.view, Notice)
    assert "meets Wed 25 Nov 2026, 18:00 UTC about “" in first.message.view.text
    assert first.message.view.details[0] == "You said you're going."
    # Nothing but the DMs is private: the channel's own posts have no recipient.
    assert {d.message.kind for d in poster.sent if d.message.recipient is None} >= {
        PostKind.ANNOUNCEMENT,
        PostKind.REMINDER,
    }

    # A new process on the same database (a restart): what was sent is never sent again,
    # and next week's reminder still comes, once.
    again = RecordingPoster(clock)
    restarted = Wakeups(services.deps, {Platform.CONSOLE: again}, DeliveryConfig())
    await run_until(clock, restarted, utc(2026, 12, 2, 19, 0))
    assert dms(again) == [("bo", utc(2026, 12, 2, 17, 0))]
    async with services.deps.uow() as uow:
        club = await uow.clubs.get(CLUB)
        assert club is not None
        entries = [e for e in await uow.outbox.entries(club.id) if e.kind == PostKind.DM_REMINDER]
    by_member = {(e.key.rsplit(":", 1)[1], e.due_at): e.status for e in entries}
    assert by_member == {
        ("bo", utc(2026, 11, 25, 17, 0)): OutboxStatus.SENT,
        ("bo", utc(2026, 12, 2, 17, 0)): OutboxStatus.SENT,
        ("cy", utc(2026, 11, 25, 17, 30)): OutboxStatus.SENT,
        # Queued while they still wanted one; cancelled when it was due, never sent.
        ("ed", utc(2026, 11, 25, 17, 0)): OutboxStatus.CANCELLED,
        ("fa", utc(2026, 11, 25, 17, 0)): OutboxStatus.CANCELLED,
    }


async def test_a_dm_the_platform_refuses_is_given_up_at_once(
    services: Services, clock: ManualClock
) -> None:
    await say(services, "/club setup wed 18:00 UTC", member("ada", admin=True))
    await say(services, "/remind on 1h", member("bo"))
    await say(services, "/rsvp going", member("bo"))
    poster = ClosedDms(clock)
    wakeups = Wakeups(services.deps, {Platform.CONSOLE: poster}, DeliveryConfig())
    await run_until(clock, wakeups, utc(2026, 11, 25, 19, 0))
    assert poster.refused == 1
    # The club's own posts went out all the same.
    assert PostKind.START in poster.kinds()
    async with services.deps.uow() as uow:
        club = await uow.clubs.get(CLUB)
        assert club is not None
        (entry,) = [e for e in await uow.outbox.entries(club.id) if e.kind == "dm_reminder"]
    assert entry.status == OutboxStatus.FAILED and entry.attempts == 1


async def test_a_reminder_follows_its_session_when_an_admin_moves_it(
    services: Services, clock: ManualClock
) -> None:
    admin = member("ada", admin=True)
    await say(services, "/club setup wed 18:00 UTC", admin)
    await say(services, "/remind on 1h", member("bo"))
    await say(services, "/rsvp going", member("bo"))
    await services.dispatcher.run_text("/club reschedule 2026-11-25 2026-11-26 19:00", admin)
    poster = RecordingPoster(clock)
    wakeups = Wakeups(services.deps, {Platform.CONSOLE: poster}, DeliveryConfig())
    await run_until(clock, wakeups, utc(2026, 11, 27, 12, 0))
    assert dms(poster) == [("bo", utc(2026, 11, 26, 18, 0))]
