"""Presentation helpers every adapter uses."""
