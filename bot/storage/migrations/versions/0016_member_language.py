"""member language: a club may answer each member privately in their own language

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 12:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # On for clubs that exist: a member's private answers follow the language their Discord or
    # Slack is set to, which is what they chose to read; an admin can turn it off.
    with op.batch_alter_table("clubs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("member_language", sa.Boolean(), nullable=False, server_default=sa.true())
        )


def downgrade() -> None:
    with op.batch_alter_table("clubs", schema=None) as batch_op:
        batch_op.drop_column("member_language")
