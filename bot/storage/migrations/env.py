"""Alembic environment. Run through bot.storage.migrate, which hands us a live connection."""

from __future__ import annotations

from alembic import context

from bot.storage.tables import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations with `paperclub db upgrade`, not the alembic CLI")

# render_as_batch lets ALTER TABLE work on SQLite by copying the table.
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
