"""plan watermark: plan only clubs that changed or whose plan runs out

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # NULL means "changed since last planned": every existing club is planned at the next tick.
    with op.batch_alter_table("clubs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("plan_due_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("plan_epoch", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.create_index("ix_clubs_plan_due_at", ["plan_due_at"], unique=False)
    # The planner reads one club's recent posts; without this it scanned the whole outbox.
    op.create_index("ix_outbox_club_due", "outbox", ["club_id", "due_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_outbox_club_due", table_name="outbox")
    with op.batch_alter_table("clubs", schema=None) as batch_op:
        batch_op.drop_index("ix_clubs_plan_due_at")
        batch_op.drop_column("plan_epoch")
        batch_op.drop_column("plan_due_at")
