"""A database that is away while Bolt looks a workspace up, told to the member as such.

In OAuth mode Bolt reads the workspace's installation before any listener runs. Its authorize
step swallows what the installation store raises and answers "your installation with this app
is no longer available. Please reinstall this app", which during an outage sends an admin off to
reinstall an app that is installed. Here the authorize step raises StorageUnavailable instead,
and the app's error handler answers the member with the plain "database isn't answering" line.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.authorization import AuthorizeResult
from slack_bolt.authorization.async_authorize import AsyncInstallationStoreAuthorize
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_bolt.response import BoltResponse

from bot.core.domain.errors import StorageUnavailable
from bot.storage.slack_installations import LOOKUP_OUTAGE
from bot.storage.uow import AGAIN, UNAVAILABLE

log = logging.getLogger(__name__)


class OutageAwareAuthorize(AsyncInstallationStoreAuthorize):
    """Bolt's own installation lookup, raising when it found nothing because of an outage."""

    async def __call__(self, **kwargs: Any) -> AuthorizeResult | None:
        token = LOOKUP_OUTAGE.set(None)
        try:
            result = await super().__call__(**kwargs)
            outage = LOOKUP_OUTAGE.get()
        finally:
            LOOKUP_OUTAGE.reset(token)
        if result is None and outage is not None:
            raise StorageUnavailable(UNAVAILABLE, hint=AGAIN) from outage
        return result


async def on_error(
    error: Exception, respond: AsyncRespond | None, logger: logging.Logger
) -> BoltResponse | None:
    """Bolt's handler for what its middleware and listeners raise. The listeners answer their
    own failures (guard.py), so what arrives here failed before them: an outage is told to the
    member; anything else is logged as Bolt's default handler does, and Slack gets its 500."""
    if not isinstance(error, StorageUnavailable):
        logger.exception(f"Failed to handle a Slack request (error: {error})")
        return None
    log.warning("the database is away: a Slack request could not be authorized")
    if respond is not None:
        await respond(text=f"{error.message} {error.hint or ''}".strip(), response_type="ephemeral")
    # Acknowledged: Slack would otherwise show the member its own error on top.
    return BoltResponse(status=200, body="")
