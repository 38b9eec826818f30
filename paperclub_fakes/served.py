"""What the fakes share: served on 127.0.0.1 for the length of an ``async with``."""

from __future__ import annotations

from types import TracebackType
from typing import Self


class Served:
    """``async with Fake() as fake:`` starts the fake's server and closes it on the way out."""

    async def start(self) -> None:
        raise NotImplementedError

    async def close(self) -> None:
        raise NotImplementedError

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()
