"""Is this request from Slack? Checked on the raw bytes, before anything parses them.

Bolt parses a body before its own check and logs every rejected body whole; here a request is
judged by its two signature headers alone, and a refusal is counted, never logged with its body
(a genuine request that fails on clock skew carries a response_url that can post as the app).
"""

from __future__ import annotations

import logging
import re
import time
from collections import Counter
from collections.abc import Callable, Mapping

from slack_sdk.signature import SignatureVerifier

log = logging.getLogger(__name__)

# Slack refuses requests whose timestamp is more than five minutes away; so does Bolt.
WINDOW_SECONDS = 5 * 60
_TIMESTAMP = re.compile(r"^[0-9]{1,12}$")
_SIGNATURE = re.compile(r"^v0=[0-9a-f]{64}$")
SUMMARY_SECONDS = 60.0


class Signatures:
    """Tells why a request is not Slack's, or None when it is."""

    def __init__(self, signing_secret: str) -> None:
        # slack_sdk's verifier reads the real time (as Bolt's does): Slack's timestamps are
        # real, whatever clock the bot's own decisions run on.
        self._verifier = SignatureVerifier(signing_secret)

    def problem(self, body: bytes, headers: Mapping[str, str]) -> str | None:
        timestamp = headers.get("x-slack-request-timestamp", "")
        signature = headers.get("x-slack-signature", "")
        if not timestamp and not signature:
            return "unsigned"
        # Checked for shape first: the verifier would raise on a timestamp that is not a
        # number or a signature that is not ASCII.
        if not _TIMESTAMP.match(timestamp) or not _SIGNATURE.match(signature):
            return "malformed signature"
        if abs(self._verifier.clock.now() - int(timestamp)) > WINDOW_SECONDS:
            return "stale timestamp"
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return "wrong signature"  # Slack signs UTF-8; these bytes were never Slack's
        if not self._verifier.is_valid(text, timestamp, signature):
            return "wrong signature"
        return None


class Refusals:
    """Counts refused requests and logs them as one bounded line a minute at most.

    The first refusal is logged at once (a wrong secret or a skewed clock should be noticed);
    later ones are summed into the next line, so a flood costs the log a line a minute.
    """

    def __init__(
        self,
        counter: Callable[[str], None] | None = None,
        *,
        every: float = SUMMARY_SECONDS,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._counter = counter
        self._every = every
        self._monotonic = monotonic
        self._pending: Counter[str] = Counter()
        self._logged_at: float | None = None

    def note(self, reason: str) -> None:
        if self._counter is not None:
            self._counter(reason)
        self._pending[reason] += 1
        now = self._monotonic()
        if self._logged_at is not None and now - self._logged_at < self._every:
            return
        reasons = ", ".join(f"{count} {why}" for why, count in sorted(self._pending.items()))
        log.warning("refused Slack requests that are not signed by Slack: %s", reasons)
        self._pending.clear()
        self._logged_at = now
