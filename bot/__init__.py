"""paperclub: a bot that runs research paper clubs on Discord, Slack and the terminal."""

__version__ = "0.1.0"
