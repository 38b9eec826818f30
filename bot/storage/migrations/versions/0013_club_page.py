"""club page: the public page's token (looked up by its digest) and whether it names members

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 06:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("clubs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("page_token", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("page_digest", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("page_show_names", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.create_unique_constraint("uq_clubs_page_token", ["page_token"])
        batch_op.create_unique_constraint("uq_clubs_page_digest", ["page_digest"])


def downgrade() -> None:
    with op.batch_alter_table("clubs", schema=None) as batch_op:
        batch_op.drop_constraint("uq_clubs_page_digest", type_="unique")
        batch_op.drop_constraint("uq_clubs_page_token", type_="unique")
        batch_op.drop_column("page_show_names")
        batch_op.drop_column("page_digest")
        batch_op.drop_column("page_token")
