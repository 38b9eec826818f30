"""A platform's real poster, with a note of what kind of post each message was."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bot.core.ports import Outgoing, Poster
from tests.scenarios.seeing import Post


@dataclass
class Noting:
    """Sends through `poster`; `shown(message_id)` reads back what the platform shows."""

    poster: Poster
    shown: Callable[[str], str]
    sent: list[tuple[str, str]] = field(default_factory=list)  # (kind, message id)

    async def post(self, message: Outgoing) -> str:
        message_id = await self.poster.post(message)
        self.sent.append((str(message.kind), message_id))
        return message_id

    async def find_posted(self, message: Outgoing) -> str | None:
        return await self.poster.find_posted(message)

    def posts(self) -> list[Post]:
        return [Post(kind, self.shown(message_id)) for kind, message_id in self.sent]
