"""Admins' sign-ins to the club's management page: a single-use link, then a short session.

Only digests of the link's and the session's tokens are stored: a copy of the database lets
nobody in. The session carries who signed in, so every change on the page runs as that admin.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.core.domain.ids import MemberKey


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True, slots=True)
class SignInLink:
    club_id: int
    member: MemberKey
    display_name: str
    created_at: datetime
    expires_at: datetime


class Redeemed(StrEnum):
    OK = "ok"
    USED = "used"
    EXPIRED = "expired"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class ManageSession:
    club_id: int
    member: MemberKey
    display_name: str
    expires_at: datetime
    notice: str | None = None  # what the last change said, shown once on the next page
