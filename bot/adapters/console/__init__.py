"""The console club: the same commands as Discord and Slack, typed in a terminal."""
