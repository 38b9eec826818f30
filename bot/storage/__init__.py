"""SQLAlchemy 2 storage: tables, repositories returning domain objects, the unit of work."""
