"""What the core asks of the platform with each scheduled post (scheduled_post.outgoing)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.core.domain.clubs import Club, ClubSettings
from bot.core.domain.ids import ClubKey, Platform
from bot.core.domain.outbox import OutboxEntry, OutboxStatus, PostKind
from bot.core.domain.post_fate import Send
from bot.core.ports import Discussion
from bot.core.usecases.scheduled_post import outgoing
from bot.core.views import Notice, PaperCard

DUE = datetime(2030, 3, 6, 18, 0, tzinfo=UTC)
CLUB = Club(1, ClubKey(Platform.CONSOLE, "w", "c"), "Club", ClubSettings(timezone="UTC"), DUE)
CARD = PaperCard(1, "attention", "Attention Is All You Need", (), 2017, "u", "", ("Why?",))


def entry(kind: PostKind) -> OutboxEntry:
    return OutboxEntry(1, f"k:{kind}", 1, 7, kind, DUE, OutboxStatus.SENDING)


def test_an_announcement_opens_a_discussion_with_the_papers_prompts() -> None:
    message = outgoing(entry(PostKind.ANNOUNCEMENT), CLUB, CARD)
    assert message.kind is PostKind.ANNOUNCEMENT
    assert message.discussion == Discussion("Attention Is All You Need", ("Why?",))
    assert not message.check_in_present
    undecided = outgoing(entry(PostKind.ANNOUNCEMENT), CLUB, Notice("Paper to be decided"))
    assert undecided.discussion == Discussion("Announcement")


def test_a_start_post_checks_in_those_present_and_nothing_else_asks_for_more() -> None:
    assert outgoing(entry(PostKind.START), CLUB, Notice("Now")).check_in_present
    for kind in set(PostKind) - {PostKind.ANNOUNCEMENT, PostKind.START}:
        message = outgoing(entry(kind), CLUB, Notice("x"))
        assert message.discussion is None and not message.check_in_present


def test_a_late_send_says_when_it_was_due() -> None:
    assert outgoing(entry(PostKind.REMINDER), CLUB, Notice("x"), Send()).late_note is None
    late = outgoing(entry(PostKind.REMINDER), CLUB, Notice("x"), Send(late=True)).late_note
    assert late is not None and "it was due Wed 6 Mar 2030, 18:00 UTC" in late
