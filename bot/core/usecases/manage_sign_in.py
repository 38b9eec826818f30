"""Signing in to the management page: a link from /club manage opens a short session once.

At use, the platform is asked again whether the member is still an admin (manage_recheck.py):
a link made by someone who has since lost their rights opens nothing. The session then carries
the admin's identity, so every change on the page runs as them, through the same commands as
chat. The session's cookie holds a random token; only its digest is stored, and the page's CSRF
token is derived from it (nothing more to store, and it dies with the session).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from bot.core.commands.context import Context, Store
from bot.core.domain.ids import Actor, ClubKey, Platform
from bot.core.domain.sign_ins import ManageSession, Redeemed, digest
from bot.core.ports import AdminCheck
from bot.core.usecases.manage_recheck import Unanswered, use_if_admin
from bot.core.usecases.renew_calendar_link import new_token

SESSION_TTL = timedelta(minutes=30)
TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,128}$")


@dataclass(frozen=True, slots=True)
class SignedIn:
    cookie: str  # the session's token, for the cookie only
    club: ClubKey


@dataclass(frozen=True, slots=True)
class Refused:
    why: Redeemed | Unanswered | None  # None: the member is not an admin any more
    language: str | None = None  # the link's club's, when the link is known


@dataclass(frozen=True, slots=True)
class Admin:
    """A live session: the club and who acts in it."""

    ctx: Context
    session: ManageSession
    csrf: str
    language: str = "en"  # the club's: what the page says things in


async def sign_in(
    token: str, store: Store, checks: Mapping[Platform, AdminCheck]
) -> SignedIn | Refused:
    """Use the link `token` once, and open a session for its admin."""
    if not TOKEN.match(token):
        return Refused(Redeemed.UNKNOWN)
    used = await use_if_admin(digest(token), store, checks)
    language = used.club.settings.language if used.club is not None else None
    if used.why is not Redeemed.OK or used.link is None or used.club is None:
        return Refused(used.why, language)
    link, club, now = used.link, used.club, store.clock.now()
    cookie = new_token()
    async with store.uow() as uow:
        session = ManageSession(link.club_id, link.member, link.display_name, now + SESSION_TTL)
        await uow.sign_ins.open_session(digest(cookie), session)
        await uow.commit()
    return SignedIn(cookie, club.key)


async def signed_in(cookie: str | None, store: Store) -> Admin | None:
    """The admin this cookie signs in, while the session lasts."""
    if cookie is None or not TOKEN.match(cookie):
        return None
    async with store.reader() as uow:
        session = await uow.sign_ins.session(digest(cookie), store.clock.now())
        if session is None:
            return None
        club = await uow.clubs.get_by_id(session.club_id)
    if club is None:
        return None
    actor = Actor(session.member, session.display_name, is_admin=True)
    context = Context(club.key, actor, club.name)
    return Admin(context, session, csrf_for(cookie), club.settings.language)


def csrf_for(cookie: str) -> str:
    return hmac.new(cookie.encode(), b"paperclub manage csrf", hashlib.sha256).hexdigest()


def csrf_ok(admin: Admin, given: str) -> bool:
    return hmac.compare_digest(admin.csrf.encode(), given.encode("utf-8", "replace"))


async def note(cookie: str, store: Store, notice: str | None) -> None:
    """What the last change said, shown once on the next page (Post/Redirect/Get)."""
    async with store.uow() as uow:
        await uow.sign_ins.set_notice(digest(cookie), notice)
        await uow.commit()


async def sign_out(cookie: str, store: Store) -> None:
    async with store.uow() as uow:
        await uow.sign_ins.close_session(digest(cookie))
        await uow.commit()
