"""Domain objects: plain dataclasses with no I/O."""
