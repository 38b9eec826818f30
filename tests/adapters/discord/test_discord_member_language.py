"""A member's private answers in their own Discord language (interaction.locale), public ones
in the club's (issue 17): through the real discord.py client against the fake Discord, which
sends each member's client language with every interaction, as Discord does."""

from __future__ import annotations

import re

from bot.adapters.discord.client import PaperclubClient, ShardedPaperclubClient
from paperclub_fakes.discord_fake import MEMBER_USER, OWNER_USER, FakeDiscord
from tests.adapters.discord.discord_support import EPHEMERAL, run, setup_club, slash_for, text_of

Client = PaperclubClient | ShardedPaperclubClient
HANGUL = re.compile(r"[\uac00-\ud7a3]")
MEMBER_ID = int(MEMBER_USER["id"])


async def club_set(fake: FakeDiscord, setting: str, value: str) -> str:
    options = {"setting": setting, "value": value}
    callback = await run(fake, slash_for(fake, "club set", options, user=OWNER_USER))
    return text_of(callback.json["data"])


async def refused(fake: FakeDiscord) -> str:
    """What a member is told, privately, when they try an admin's command."""
    payload = slash_for(fake, "club set", {"setting": "time", "value": "19:00"}, user=MEMBER_USER)
    data = (await run(fake, payload)).json["data"]
    assert data["flags"] & EPHEMERAL
    return text_of(data)


async def test_a_members_private_answer_follows_their_discord_language(
    bot: Client, fake: FakeDiscord
) -> None:
    await setup_club(fake)
    await club_set(fake, "language", "ko")
    # Grace reads Discord in English: her refusal is English, the club's schedule Korean.
    fake.user_locales[MEMBER_ID] = "en-US"
    english = await refused(fake)
    assert "Only club admins can" in english and not HANGUL.search(english)
    schedule = await run(fake, slash_for(fake, "schedule", user=MEMBER_USER))
    assert not schedule.json["data"].get("flags", 0) & EPHEMERAL
    assert "매주 수요일" in text_of(schedule.json["data"])
    # Switched to Korean, her next private answer is Korean.
    fake.user_locales[MEMBER_ID] = "ko"
    assert HANGUL.search(await refused(fake))


async def test_an_english_club_answers_a_korean_member_privately_in_korean(
    bot: Client, fake: FakeDiscord
) -> None:
    await setup_club(fake)
    fake.user_locales[MEMBER_ID] = "ko"
    korean = await refused(fake)
    assert HANGUL.search(korean) and "Only club admins" not in korean
    # A language without a catalog (French) reads the club's.
    fake.user_locales[MEMBER_ID] = "fr"
    assert "Only club admins can" in await refused(fake)


async def test_a_club_can_keep_every_answer_in_its_own_language(
    bot: Client, fake: FakeDiscord
) -> None:
    await setup_club(fake)
    await club_set(fake, "language", "ko")
    answer = await club_set(fake, "member_language", "off")
    assert HANGUL.search(answer), answer
    fake.user_locales[MEMBER_ID] = "en-US"
    korean = await refused(fake)
    assert HANGUL.search(korean) and "Only club admins" not in korean
