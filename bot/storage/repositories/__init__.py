"""SQL repositories: each takes an AsyncSession and speaks in domain objects."""
