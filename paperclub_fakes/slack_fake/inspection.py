"""Inspecting and waiting for the calls the app made to the fake Slack."""

from __future__ import annotations

from collections.abc import Callable

from paperclub_fakes.bounds import HANG
from paperclub_fakes.slack_fake.records import JsonDict, SlackCall
from paperclub_fakes.slack_fake.state import SlackState


class Inspection(SlackState):
    """What the app called, and waiting for a call instead of sleeping."""

    def calls_to(self, method: str) -> list[SlackCall]:
        return [c for c in self.calls if c.method == method]

    def history(self, channel: str) -> list[JsonDict]:
        return list(self.messages.get(channel, []))

    async def wait_for_call(
        self,
        method: str,
        predicate: Callable[[SlackCall], bool] | None = None,
        # The brief's test API takes a timeout; a failure names what was awaited and what came.
        timeout: float = HANG,  # noqa: ASYNC109
        *,
        since: int = 0,
    ) -> SlackCall:
        """Return the first call of ``method`` (recorded already or later) matching ``predicate``.

        ``since`` skips calls with a lower index in ``fake.calls``; pass ``len(fake.calls)``
        taken before an action to wait only for calls that action causes.
        """

        def find() -> SlackCall | None:
            for call in self.calls[since:]:
                if call.method == method and (predicate is None or predicate(call)):
                    return call
            return None

        return await self._wait(find, timeout, f"a {method} call")
