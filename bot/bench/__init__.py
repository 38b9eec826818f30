"""`paperclub bench`: measure the bot's hot paths on a scratch copy of the configured database.

One module per measurement; `runner.run_all` runs them in order and `report` prints the result.
Nothing here runs at import time.
"""
