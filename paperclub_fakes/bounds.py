"""How long a fake or a harness waits for something before calling it a hang.

Only so that a hang fails with a message instead of stalling a run: it is far beyond what
anything takes on a loaded 2-core machine, so nothing fails for being slow.
"""

from __future__ import annotations

HANG = 60.0
