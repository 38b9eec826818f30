"""an index for finding a workspace's clubs by their voice channel (every voice-state event)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 12:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_clubs_voice_channel", "clubs", ["platform", "workspace_id", "voice_channel_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_clubs_voice_channel", table_name="clubs")
