"""The schema. Every instant is stored as an aware UTC timestamp."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    func,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# Stable constraint names keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on every backend.

    SQLite has no time zone type and hands back naive values; refusing naive input here keeps a
    local time from ever being stored by mistake.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use an aware UTC instant")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class PaperRow(Base):
    __tablename__ = "papers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    title_key: Mapped[str] = mapped_column(String(300), index=True)
    authors: Mapped[list[str]] = mapped_column(JSON, default=list)
    year: Mapped[int | None] = mapped_column(Integer)
    arxiv_id: Mapped[str | None] = mapped_column(String(40), unique=True)
    doi: Mapped[str | None] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(500))
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    institute: Mapped[str | None] = mapped_column(String(200))
    tagline: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text, default="")
    summaries: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    prompts: Mapped[list[str]] = mapped_column(JSON, default=list)
    abstract: Mapped[str | None] = mapped_column(Text)
    authors_cut: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    summary_source: Mapped[str | None] = mapped_column(String(16))
    summary_language: Mapped[str] = mapped_column(String(8), default="en", server_default="en")
    shipped_rank: Mapped[int | None] = mapped_column(Integer)
    # An audit field only, so the database's clock is good enough here.
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, server_default=func.now())


class ClubRow(Base):
    __tablename__ = "clubs"
    __table_args__ = (
        UniqueConstraint("platform", "workspace_id", "channel_id"),
        # Voice-state events find their clubs by it (repositories.clubs.by_voice_channel).
        Index("ix_clubs_voice_channel", "platform", "workspace_id", "voice_channel_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    workspace_id: Mapped[str] = mapped_column(String(64))
    channel_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    weekday: Mapped[int] = mapped_column(Integer)
    local_time: Mapped[str] = mapped_column(String(5))  # HH:MM, in `timezone`
    timezone: Mapped[str] = mapped_column(String(64))
    cadence_weeks: Mapped[int] = mapped_column(Integer, default=1)
    session_minutes: Mapped[int] = mapped_column(Integer, default=60)
    language: Mapped[str] = mapped_column(String(8), default="en")
    voting_method: Mapped[str] = mapped_column(String(16), default="plurality")
    poll_candidates: Mapped[int] = mapped_column(Integer, default=4)
    anonymous_polls: Mapped[bool] = mapped_column(Boolean, default=False)
    announce_before_minutes: Mapped[int] = mapped_column(Integer)
    remind_before_minutes: Mapped[int] = mapped_column(Integer)
    checkin_grace_minutes: Mapped[int] = mapped_column(Integer)
    post_announcement: Mapped[bool] = mapped_column(Boolean, default=True)
    post_reminder: Mapped[bool] = mapped_column(Boolean, default=True)
    post_start: Mapped[bool] = mapped_column(Boolean, default=True)
    post_vote: Mapped[bool] = mapped_column(Boolean, default=True)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    vote_nudge: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    presenter_rotation: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    native_poll: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    voice_channel_id: Mapped[str | None] = mapped_column(String(64))
    calendar_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    # SHA-256 of the token, which the feed looks up: the database compares digests of guesses,
    # so how long a comparison takes says nothing about how close a guess was.
    calendar_digest: Mapped[str | None] = mapped_column(String(64), unique=True)
    # The public page: its token and the digest it is looked up by, like the calendar's.
    page_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    page_digest: Mapped[str | None] = mapped_column(String(64), unique=True)
    # The name an admin chose for the page (/c/<slug>), normalised; one club's across every
    # platform, which the UNIQUE constraint decides even for two admins racing (schema 0018).
    page_slug: Mapped[str | None] = mapped_column(String(40), unique=True)
    page_show_names: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    member_language: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # The planner's watermark: when time alone next changes this club's plan. NULL = changed
    # since it was last planned. `plan_epoch` counts changes, so a planner that raced a change
    # does not set a watermark over it.
    plan_due_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
    plan_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class MemberRow(Base):
    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("platform", "workspace_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    workspace_id: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class QueueRow(Base):
    __tablename__ = "club_papers"
    __table_args__ = (
        UniqueConstraint("club_id", "paper_id"),
        Index("ix_club_papers_club_position", "club_id", "position"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    club_id: Mapped[int] = mapped_column(ForeignKey("clubs.id", ondelete="CASCADE"))
    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16))
    suggested_by: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    added_at: Mapped[datetime] = mapped_column(UtcDateTime)
    note: Mapped[str | None] = mapped_column(Text)  # why a suggestion was turned down


class SessionRow(Base):
    __tablename__ = "sessions"
    __table_args__ = (UniqueConstraint("club_id", "starts_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    club_id: Mapped[int] = mapped_column(ForeignKey("clubs.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    duration_minutes: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    paper_id: Mapped[int | None] = mapped_column(ForeignKey("papers.id"))
    presenter_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    presenter_name: Mapped[str | None] = mapped_column(String(200))


class PollRow(Base):
    __tablename__ = "polls"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    club_id: Mapped[int] = mapped_column(ForeignKey("clubs.id", ondelete="CASCADE"), index=True)
    method: Mapped[str] = mapped_column(String(16))
    anonymous: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(16))
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime)
    closes_at: Mapped[datetime] = mapped_column(UtcDateTime)
    candidates: Mapped[list[int]] = mapped_column(JSON)
    winner_paper_id: Mapped[int | None] = mapped_column(ForeignKey("papers.id"))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id", ondelete="SET NULL"))


class BallotRow(Base):
    __tablename__ = "ballots"
    __table_args__ = (UniqueConstraint("poll_id", "member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    choices: Mapped[list[int]] = mapped_column(JSON)
    cast_at: Mapped[datetime] = mapped_column(UtcDateTime)


class RsvpRow(Base):
    __tablename__ = "rsvps"
    __table_args__ = (UniqueConstraint("session_id", "member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    status: Mapped[str] = mapped_column(String(16))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CheckInRow(Base):
    __tablename__ = "check_ins"
    __table_args__ = (UniqueConstraint("session_id", "member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    checked_in_at: Mapped[datetime] = mapped_column(UtcDateTime)
    source: Mapped[str] = mapped_column(String(16))


class OutboxRow(Base):
    """A post the bot owes a channel. The unique key makes each post exist once; the status
    column is claimed atomically so that restarts and replicas never send it twice."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_status_due", "status", "due_at"),
        Index("ix_outbox_club_due", "club_id", "due_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    club_id: Mapped[int] = mapped_column(ForeignKey("clubs.id", ondelete="CASCADE"))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    status: Mapped[str] = mapped_column(String(16))  # pending, sending, sent, missed, cancelled
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    platform_message_id: Mapped[str | None] = mapped_column(String(64))
    last_error: Mapped[str | None] = mapped_column(Text)
    payload: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)


class ClubPaperContentRow(Base):
    """A club's own summary and prompts for a paper: an admin's edit or a regeneration (for
    example in the club's language). Shown instead of the paper's shared ones."""

    __tablename__ = "club_paper_content"
    __table_args__ = (UniqueConstraint("club_id", "paper_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    club_id: Mapped[int] = mapped_column(ForeignKey("clubs.id", ondelete="CASCADE"))
    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id", ondelete="CASCADE"))
    summary: Mapped[str] = mapped_column(Text, default="")
    prompts: Mapped[list[str]] = mapped_column(JSON, default=list)
    source: Mapped[str] = mapped_column(String(16))
    language: Mapped[str] = mapped_column(String(8), default="en")
    source_language: Mapped[str | None] = mapped_column(String(8))
    edited_by: Mapped[str | None] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class LookupCacheRow(Base):
    """Metadata fetched from arXiv, doi.org or an LLM, so a paper is looked up once."""

    __tablename__ = "lookup_cache"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    value: Mapped[dict[str, object]] = mapped_column(JSON)
    fetched_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ProcessedEventRow(Base):
    """Platform events already handled: Slack retries deliveries, and we must act once."""

    __tablename__ = "processed_events"
    __table_args__ = (UniqueConstraint("platform", "event_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    event_id: Mapped[str] = mapped_column(String(128))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)


class PresenterPoolRow(Base):
    """Members who opted in to the presenter rotation of a club."""

    __tablename__ = "presenter_pool"
    __table_args__ = (UniqueConstraint("club_id", "member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    club_id: Mapped[int] = mapped_column(ForeignKey("clubs.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    joined_at: Mapped[datetime] = mapped_column(UtcDateTime)


class MemberReminderRow(Base):
    """A member who wants a private reminder before the club's sessions they'll come to."""

    __tablename__ = "member_reminders"
    __table_args__ = (UniqueConstraint("club_id", "member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    club_id: Mapped[int] = mapped_column(ForeignKey("clubs.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    lead_minutes: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class PresenterSwapRow(Base):
    """A presenter's request to trade sessions with another, until the other answers or it
    expires."""

    __tablename__ = "presenter_swaps"
    __table_args__ = (Index("ix_presenter_swaps_club_status", "club_id", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    club_id: Mapped[int] = mapped_column(ForeignKey("clubs.id", ondelete="CASCADE"))
    requester_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    requester_session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    target_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    target_session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    status: Mapped[str] = mapped_column(String(16))


class SlackInstallationRow(Base):
    """One installation of the Slack app: a workspace (or Enterprise org) and its installer.

    Ids are "" rather than NULL when absent so that the unique key holds on every backend. The
    tokens are secrets: read them only to call Slack, never to log or show.
    """

    __tablename__ = "slack_installations"
    __table_args__ = (UniqueConstraint("enterprise_id", "team_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enterprise_id: Mapped[str] = mapped_column(String(32), default="")
    team_id: Mapped[str] = mapped_column(String(32), default="", index=True)
    user_id: Mapped[str] = mapped_column(String(32))
    is_enterprise_install: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    app_id: Mapped[str | None] = mapped_column(String(32))
    enterprise_name: Mapped[str | None] = mapped_column(String(200))
    enterprise_url: Mapped[str | None] = mapped_column(String(300))
    team_name: Mapped[str | None] = mapped_column(String(200))
    token_type: Mapped[str | None] = mapped_column(String(16))
    bot_token: Mapped[str | None] = mapped_column(Text)
    bot_id: Mapped[str | None] = mapped_column(String(32))
    bot_user_id: Mapped[str | None] = mapped_column(String(32))
    bot_scopes: Mapped[str] = mapped_column(Text, default="")
    bot_refresh_token: Mapped[str | None] = mapped_column(Text)
    bot_token_expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    user_token: Mapped[str | None] = mapped_column(Text)
    user_scopes: Mapped[str] = mapped_column(Text, default="")
    user_refresh_token: Mapped[str | None] = mapped_column(Text)
    user_token_expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    installed_at: Mapped[datetime] = mapped_column(UtcDateTime)


class SlackOAuthStateRow(Base):
    """An OAuth state a callback brought back (its nonce), kept until the state expires so it
    works once. Issued states are signed and stored nowhere (bot/adapters/slack/oauth_states.py)."""

    __tablename__ = "slack_oauth_states"

    state: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)


# The management page's sign-ins live in their own module; imported here so that every table
# is on Base.metadata whoever imports the tables (migrations, backups, the tests' resets).
from bot.storage.sign_in_tables import ManageLinkRow, ManageSessionRow  # noqa: E402

__all__ = ["ManageLinkRow", "ManageSessionRow"]
