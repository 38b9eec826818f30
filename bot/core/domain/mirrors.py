"""A session as a platform's own calendar shows it (on Discord, a Scheduled Event).

Neutral data: the core decides what the entry says, an adapter decides how, in the club's
`language`. The entry's own sentences ("Paper to be decided") are `Text`s, stored with their
message ids so the adapter says them in that language; a paper's title and summary are its own.
Each state of a session's entry is one outbox row, so its key names that state (`mirror_key`):
a club that changes its language gets its entries said again in the new one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from enum import StrEnum

from bot.core.text import Text

SOURCE = "en"  # the language the core's sentences are written in

PAYLOAD = "mirror"  # where an outbox row keeps its SessionMirror
DIGEST = 12  # hex characters: plenty to tell one session's few states apart


class MirrorStatus(StrEnum):
    PLANNED = "planned"  # show it, at this time, with this paper
    SKIPPED = "skipped"  # show it cancelled
    GONE = "gone"  # the session left the plan: remove the entry


@dataclass(frozen=True, slots=True)
class SessionMirror:
    session_id: int
    starts_at: datetime  # aware UTC
    ends_at: datetime
    club_name: str
    title: str  # the paper's title, or the Text "Paper to be decided"
    description: str  # the paper's summary and link, or a Text saying the paper is open
    status: MirrorStatus
    language: str = SOURCE  # the club's: what the adapter says the entry's Texts in

    def to_payload(self) -> dict[str, object]:
        fields = asdict(self)
        fields["starts_at"] = self.starts_at.isoformat()
        fields["ends_at"] = self.ends_at.isoformat()
        fields["status"] = self.status.value
        fields["title"] = _encode(self.title)
        fields["description"] = _encode(self.description)
        if self.language == SOURCE:
            # Rows written before entries had a language hold none: an English entry's state,
            # and so its key, stays what it was, and no English club's events are resynced.
            del fields["language"]
        return {PAYLOAD: fields}

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> SessionMirror | None:
        fields = payload.get(PAYLOAD)
        if not isinstance(fields, Mapping):
            return None
        return cls(
            session_id=int(fields["session_id"]),
            starts_at=datetime.fromisoformat(str(fields["starts_at"])),
            ends_at=datetime.fromisoformat(str(fields["ends_at"])),
            club_name=str(fields["club_name"]),
            title=_decode(fields["title"]),
            description=_decode(fields["description"]),
            status=MirrorStatus(str(fields["status"])),
            language=str(fields.get("language", SOURCE)),
        )

    def digest(self, previous_key: str | None) -> str:
        """This state, chained to the row it replaces: a session moved away and back again is a
        new row (its old key is already used), yet two planners with the same view agree."""
        state = self.to_payload()[PAYLOAD]
        text = json.dumps([state, previous_key], sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:DIGEST]


def _encode(text: str) -> object:
    """A `Text` (the entry's own sentence, no arguments) as its message id; other text as is."""
    return {"$text": text.msgid} if isinstance(text, Text) else str(text)


def _decode(value: object) -> str:
    if isinstance(value, Mapping) and isinstance(value.get("$text"), str):
        return Text(value["$text"])
    return str(value)


def mirror_key(club_id: int, session_id: int, digest: str) -> str:
    return f"club:{club_id}:session:{session_id}:event:{digest}"
