"""club page slug: the name an admin chose for the club's public page, one club's everywhere

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03 09:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Every existing club starts without a name (NULL), which UNIQUE allows any number of.
    with op.batch_alter_table("clubs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("page_slug", sa.String(length=40), nullable=True))
        batch_op.create_unique_constraint("uq_clubs_page_slug", ["page_slug"])


def downgrade() -> None:
    with op.batch_alter_table("clubs", schema=None) as batch_op:
        batch_op.drop_constraint("uq_clubs_page_slug", type_="unique")
        batch_op.drop_column("page_slug")
