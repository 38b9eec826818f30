"""poll session: a poll names the session it decides from the moment it opens

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 06:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Polls opened before this know no session: closing them decides the next undecided
    # session not yet announced, as the code always meant to.
    with op.batch_alter_table("polls", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_polls_session_id_sessions", "sessions", ["session_id"], ["id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    with op.batch_alter_table("polls", schema=None) as batch_op:
        batch_op.drop_constraint("fk_polls_session_id_sessions", type_="foreignkey")
        batch_op.drop_column("session_id")
