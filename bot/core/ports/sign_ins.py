"""Admins' sign-ins to the management page, and asking a platform who is still an admin."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.core.domain.ids import ClubKey, MemberKey
from bot.core.domain.sign_ins import ManageSession, Redeemed, SignInLink


class SignInRepository(Protocol):
    """Management-page links and sessions, stored by their tokens' digests only."""

    async def add_link(self, token_digest: str, link: SignInLink) -> None: ...

    async def redeem(
        self, token_digest: str, now: datetime, *, use: bool = True
    ) -> tuple[Redeemed, SignInLink | None]:
        """Use the link once: OK the first time before it expires, then USED, ever after.
        `use=False` only looks, and uses nothing up. The link comes back whenever it is known
        (used and expired ones too, so their refusal can be said in the club's language); only
        an OK link may open anything."""
        ...

    async def open_session(self, token_digest: str, session: ManageSession) -> None: ...
    async def session(self, token_digest: str, now: datetime) -> ManageSession | None:
        """The live session with this digest; None once it has expired or was closed."""
        ...

    async def set_notice(self, token_digest: str, notice: str | None) -> None: ...
    async def close_session(self, token_digest: str) -> None: ...


class AdminCheck(Protocol):
    """Asks the platform, now, whether a member still has admin rights in a club."""

    async def __call__(self, club: ClubKey, member: MemberKey) -> bool | None:
        """True or False as the platform says; None when it cannot tell now (it is down or
        slow): the sign-in is then refused, the link left unspent for a retry."""
        ...
