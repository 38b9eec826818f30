"""A guided form in the member's Discord language (issue 17): /club setup typed alone opens a
form whose labels, placeholders and weekday choices were English for a member whose Discord
speaks Korean, right under a slash menu that showed them Korean. Through the real discord.py
client against the fake Discord; the form still fits Discord's modal rules."""

from __future__ import annotations

import re
from typing import Any

from paperclub_fakes import discord_rules
from paperclub_fakes.discord_fake import OWNER_USER, FakeDiscord
from tests.adapters.discord.discord_support import run, slash_for
from tests.i18n.test_korean_week import english_runs

HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _shown(form: dict[str, Any]) -> list[str]:
    texts = []
    for row in form["components"]:
        texts += [row.get("label", ""), row.get("description", "")]
        inner = row.get("component", {})
        texts.append(inner.get("placeholder", ""))
        texts += [option["label"] for option in inner.get("options", [])]
    return [text for text in texts if text]


async def test_a_korean_members_setup_form_is_korean(bot: Any, fake: FakeDiscord) -> None:
    fake.user_locales[int(OWNER_USER["id"])] = "ko"
    opened = await run(fake, slash_for(fake, "club setup", user=OWNER_USER))
    assert opened.json["type"] == 9
    form = opened.json["data"]
    shown = _shown(form)
    assert shown and all(HANGUL.search(text) for text in shown), shown
    assert not [run for text in shown for run in english_runs(text)], shown
    weekdays = form["components"][0]["component"]["options"]
    assert [o["value"] for o in weekdays] == ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    assert discord_rules.modal_problems(form) == []

    fake.user_locales[int(OWNER_USER["id"])] = "en-US"
    english = (await run(fake, slash_for(fake, "club setup", user=OWNER_USER))).json["data"]
    assert "Monday" in [o["label"] for o in english["components"][0]["component"]["options"]]
