"""OAuth states that cost nothing until they come back, and an authorize URL built with encoding.

Anyone can open the install link, so issuing a state must not write anything: a stored state per
visit was a row per unauthenticated GET (561 a second in the attack run). A state here is signed
instead (an expiry, a random nonce and an HMAC under a key derived from the client secret, which
every replica shares), so issuing it is pure computation. Only a callback bringing a genuine,
unexpired state writes a row, recording its nonce as used: the unique key is what lets exactly one
of twenty racing callbacks install, on any replica. Those rows expire with their states.

Bolt still checks that the callback comes from the browser the state was given to (its cookie).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import re
import secrets
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from slack_sdk.oauth.authorize_url_generator import AuthorizeUrlGenerator
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore

from bot.core.ports import Clock
from bot.storage.slack_installations import SqlUsedStates

log = logging.getLogger(__name__)

# Slack's default; an installer who takes longer starts again from the install link.
STATE_SECONDS = 600
_KEY_PURPOSE = b"paperclub oauth state v1"
_STATE = re.compile(r"^([0-9]{1,12})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{32})$")


class SignedStates(AsyncOAuthStateStore):
    def __init__(
        self,
        client_secret: str,
        used: SqlUsedStates,
        clock: Clock,
        *,
        expiration_seconds: int = STATE_SECONDS,
    ) -> None:
        # A key of its own, so a state can never double as anything else signed by the secret.
        self._key = hmac.new(client_secret.encode(), _KEY_PURPOSE, hashlib.sha256).digest()
        self._used = used
        self._clock = clock
        self._lifetime = timedelta(seconds=expiration_seconds)

    @property
    def logger(self) -> logging.Logger:
        return log

    async def async_issue(self, *args: Any, **kwargs: Any) -> str:
        expires = int((self._clock.now() + self._lifetime).timestamp())
        nonce = secrets.token_urlsafe(12)  # 16 characters
        return f"{expires}.{nonce}.{self._mac(expires, nonce)}"

    async def async_consume(self, state: str) -> bool:
        found = _STATE.match(state or "")
        if found is None:
            return False
        expires, nonce, mac = int(found[1]), found[2], found[3]
        if not hmac.compare_digest(mac, self._mac(expires, nonce)):
            return False
        expires_at = datetime.fromtimestamp(expires, UTC)
        now = self._clock.now()
        if expires_at <= now:
            return False
        return await self._used.first_use(nonce, expires_at, now)

    def _mac(self, expires: int, nonce: str) -> str:
        digest = hmac.new(self._key, f"{expires}.{nonce}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest[:24]).decode()  # 32 characters


class EncodedAuthorizeUrl(AuthorizeUrlGenerator):
    """slack_sdk's generator pastes each value into the URL as it is, so a `team` from the
    install link's query could add its own `redirect_uri=` or `scope=`; this one encodes."""

    def generate(self, state: str, team: str | None = None) -> str:
        query: list[tuple[str, str]] = [
            ("state", state),
            ("client_id", self.client_id),
            ("scope", _joined(self.scopes)),
            ("user_scope", _joined(self.user_scopes)),
        ]
        if self.redirect_uri is not None:
            query.append(("redirect_uri", self.redirect_uri))
        if team is not None:
            query.append(("team", team))
        return f"{self.authorization_url}?{urlencode(query, safe=',:')}"


def _joined(scopes: Sequence[str] | None) -> str:
    return ",".join(scopes) if scopes else ""
