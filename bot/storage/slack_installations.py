"""Slack installations and used OAuth states in our database, for Bolt's OAuth flow.

Bolt calls these through slack_sdk's store interfaces: the installation flow saves, every request
from a workspace finds its bot, uninstalling deletes. The database (not a file, not memory) holds
them so that every replica behind the load balancer sees the same workspaces.

Bot and user tokens are secrets. Nothing here logs a row; log team ids only.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.models.installation import Installation
from sqlalchemy import ColumnElement, and_, delete, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage.tables import SlackInstallationRow, SlackOAuthStateRow
from bot.storage.uow import is_outage
from bot.storage.upsert import upsert

log = logging.getLogger(__name__)

# The outage that made the last lookup in this task fail. Bolt's authorize step swallows what
# find_bot raises and answers "your installation is no longer available, please reinstall";
# this lets the adapter tell a database that is away from a workspace that is gone.
LOOKUP_OUTAGE: ContextVar[BaseException | None] = ContextVar("lookup_outage", default=None)

_ROW = SlackInstallationRow
_STATE = SlackOAuthStateRow
_KEY = ("enterprise_id", "team_id", "user_id")


def _instant(unix: float | None) -> datetime | None:
    return None if unix is None else datetime.fromtimestamp(unix, UTC)


def _unix(instant: datetime | None) -> int | None:
    return None if instant is None else int(instant.timestamp())


def _values(installation: Installation) -> dict[str, Any]:
    org_wide = bool(installation.is_enterprise_install)
    return {
        "enterprise_id": installation.enterprise_id or "",
        # An org-wide install belongs to the org, whichever workspace the installer was in.
        "team_id": "" if org_wide else installation.team_id or "",
        "user_id": installation.user_id,
        "is_enterprise_install": org_wide,
        "app_id": installation.app_id,
        "enterprise_name": installation.enterprise_name,
        "enterprise_url": installation.enterprise_url,
        "team_name": installation.team_name,
        "token_type": installation.token_type,
        "bot_token": installation.bot_token,
        "bot_id": installation.bot_id,
        "bot_user_id": installation.bot_user_id,
        "bot_scopes": ",".join(installation.bot_scopes or ()),
        "bot_refresh_token": installation.bot_refresh_token,
        "bot_token_expires_at": _instant(installation.bot_token_expires_at),
        "user_token": installation.user_token,
        "user_scopes": ",".join(installation.user_scopes or ()),
        "user_refresh_token": installation.user_refresh_token,
        "user_token_expires_at": _instant(installation.user_token_expires_at),
        "installed_at": _instant(installation.installed_at),
    }


def _installation(row: Any) -> Installation:
    return Installation(
        app_id=row.app_id,
        enterprise_id=row.enterprise_id or None,
        enterprise_name=row.enterprise_name,
        enterprise_url=row.enterprise_url,
        team_id=row.team_id or None,
        team_name=row.team_name,
        bot_token=row.bot_token,
        bot_id=row.bot_id,
        bot_user_id=row.bot_user_id,
        bot_scopes=row.bot_scopes,
        bot_refresh_token=row.bot_refresh_token,
        bot_token_expires_at=_unix(row.bot_token_expires_at),
        user_id=row.user_id,
        user_token=row.user_token,
        user_scopes=row.user_scopes,
        user_refresh_token=row.user_refresh_token,
        user_token_expires_at=_unix(row.user_token_expires_at),
        is_enterprise_install=row.is_enterprise_install,
        token_type=row.token_type,
        installed_at=row.installed_at.timestamp(),
    )


def _workspace(
    enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None = False
) -> ColumnElement[bool]:
    """Rows of one workspace, or of one org for an org-wide install.

    Team ids are unique across Slack, so a workspace is found by its team alone: the poster
    knows a club's team, not its Enterprise org.
    """
    if team_id and not is_enterprise_install:
        return _ROW.team_id == team_id
    return and_(_ROW.enterprise_id == (enterprise_id or ""), _ROW.team_id == "")


class SqlInstallationStore(AsyncInstallationStore):
    """Installations keyed by (enterprise, team, installer); the newest one holds the bot."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    @property
    def logger(self) -> logging.Logger:
        return log

    async def async_save(self, installation: Installation) -> None:
        values = _values(installation)
        # Installing again (new scopes, a new token) replaces the installer's previous row.
        statement = upsert(self._engine.dialect, _ROW).values(**values)
        statement = statement.on_conflict_do_update(
            index_elements=list(_KEY),
            set_={name: statement.excluded[name] for name in values if name not in _KEY},
        )
        async with self._engine.begin() as connection:
            await connection.execute(statement)
        log.info("slack installation saved", extra={"team": values["team_id"]})

    async def async_save_bot(self, bot: Bot) -> None:
        # Token rotation refreshed the bot token: every row of the workspace carries it.
        where = _workspace(bot.enterprise_id, bot.team_id, bot.is_enterprise_install)
        statement = (
            update(_ROW)
            .where(where, _ROW.bot_token.is_not(None))
            .values(
                bot_token=bot.bot_token,
                bot_refresh_token=bot.bot_refresh_token,
                bot_token_expires_at=_instant(bot.bot_token_expires_at),
                bot_scopes=",".join(bot.bot_scopes or ()),
            )
        )
        async with self._engine.begin() as connection:
            await connection.execute(statement)

    async def async_find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        where = _workspace(enterprise_id, team_id, is_enterprise_install)
        row = await self._newest(and_(where, _ROW.bot_token.is_not(None)))
        return None if row is None else _installation(row).to_bot()

    async def async_find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        where = _workspace(enterprise_id, team_id, is_enterprise_install)
        if user_id is not None:
            where = and_(where, _ROW.user_id == user_id)
        row = await self._newest(where)
        return None if row is None else _installation(row)

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        statement = (
            update(_ROW)
            .where(self._deletable(enterprise_id, team_id))
            .values(
                bot_token=None,
                bot_id=None,
                bot_user_id=None,
                bot_refresh_token=None,
                bot_token_expires_at=None,
            )
        )
        async with self._engine.begin() as connection:
            await connection.execute(statement)
        log.info("slack bot token removed", extra={"team": team_id})

    async def async_delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        where = self._deletable(enterprise_id, team_id)
        if user_id is not None:
            where = and_(where, _ROW.user_id == user_id)
        async with self._engine.begin() as connection:
            await connection.execute(delete(_ROW).where(where))
        log.info("slack installation deleted", extra={"team": team_id})

    async def async_delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await self.async_delete_installation(enterprise_id=enterprise_id, team_id=team_id)

    @staticmethod
    def _deletable(enterprise_id: str | None, team_id: str | None) -> ColumnElement[bool]:
        # Uninstall events name the workspace they came from; an org-wide install goes with
        # its org.
        if team_id:
            return _ROW.team_id == team_id
        return _workspace(enterprise_id, None, True)

    async def _newest(self, where: ColumnElement[bool]) -> Any:
        statement = (
            select(_ROW).where(where).order_by(_ROW.installed_at.desc(), _ROW.id.desc()).limit(1)
        )
        try:
            async with self._engine.connect() as connection:
                return (await connection.execute(statement)).first()
        except Exception as exc:
            if is_outage(exc):
                LOOKUP_OUTAGE.set(exc)
            raise


class SqlUsedStates:
    """OAuth states already brought back by a callback; each can be used once, on any replica.

    Issued states are signed, not stored (bot/adapters/slack/oauth_states.py): only a genuine,
    unexpired state that comes back writes its row here, kept until the state expires.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def first_use(self, nonce: str, expires_at: datetime, now: datetime) -> bool:
        """Record the state as used; True for the first of any number of racing callbacks."""
        statement = (
            upsert(self._engine.dialect, _STATE)
            .values(state=nonce, expires_at=expires_at)
            .on_conflict_do_nothing(index_elements=["state"])
            .returning(_STATE.state)
        )
        async with self._engine.begin() as connection:
            # Expired states can no longer be replayed: sweep them where new ones arrive.
            await connection.execute(delete(_STATE).where(_STATE.expires_at <= now))
            return (await connection.execute(statement)).first() is not None
