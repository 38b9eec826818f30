"""Discord adapter built on discord.py."""
