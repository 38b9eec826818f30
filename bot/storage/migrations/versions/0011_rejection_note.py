"""a queue entry's note: why an admin turned a suggestion down (shown to the member)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 06:20:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("club_papers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("note", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("club_papers", schema=None) as batch_op:
        batch_op.drop_column("note")
