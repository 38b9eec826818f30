"""calendar token digest: the feed finds its club by an indexed digest of the token

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 22:00:00.000000
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("clubs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("calendar_digest", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint("uq_clubs_calendar_digest", ["calendar_digest"])
    # Existing links keep working: their digests are computed here (SQLite has no SHA-256).
    clubs = sa.table(
        "clubs",
        sa.column("id", sa.Integer()),
        sa.column("calendar_token", sa.String()),
        sa.column("calendar_digest", sa.String()),
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(clubs.c.id, clubs.c.calendar_token).where(clubs.c.calendar_token.is_not(None))
    ).all()
    for club_id, token in rows:
        digest = hashlib.sha256(token.encode()).hexdigest()
        connection.execute(
            clubs.update().where(clubs.c.id == club_id).values(calendar_digest=digest)
        )


def downgrade() -> None:
    with op.batch_alter_table("clubs", schema=None) as batch_op:
        batch_op.drop_constraint("uq_clubs_calendar_digest", type_="unique")
        batch_op.drop_column("calendar_digest")
