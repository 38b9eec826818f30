"""Chat-platform adapters: each turns a platform's events into club actions."""
