"""paper content: cut author lists, where a summary came from, a club's own summary and prompts

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 12:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("papers") as batch:
        batch.add_column(
            sa.Column("authors_cut", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        # NULL: stored before the source was recorded; the card then claims nothing.
        batch.add_column(sa.Column("summary_source", sa.String(length=16), nullable=True))
        batch.add_column(
            sa.Column("summary_language", sa.String(length=8), server_default="en", nullable=False)
        )
    op.create_table(
        "club_paper_content",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("club_id", sa.Integer(), nullable=False),
        sa.Column("paper_id", sa.Integer(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("prompts", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("source_language", sa.String(length=8), nullable=True),
        sa.Column("edited_by", sa.String(length=200), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["club_id"],
            ["clubs.id"],
            name=op.f("fk_club_paper_content_club_id_clubs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["paper_id"],
            ["papers.id"],
            name=op.f("fk_club_paper_content_paper_id_papers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_club_paper_content")),
        sa.UniqueConstraint(
            "club_id", "paper_id", name=op.f("uq_club_paper_content_club_id_paper_id")
        ),
    )


def downgrade() -> None:
    op.drop_table("club_paper_content")
    with op.batch_alter_table("papers") as batch:
        batch.drop_column("summary_language")
        batch.drop_column("summary_source")
        batch.drop_column("authors_cut")
