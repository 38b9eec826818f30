"""Fake Discord and Slack servers on 127.0.0.1, and harnesses that drive the real discord.py and
slack-bolt code against them.

They are used by the tests and by `paperclub bench`, never by the running bot: nothing under
`bot/` outside `bot/bench` imports this package (tests/core/test_architecture.py checks it). It is a
package of its own, beside `bot`, so that the bench needs no `sys.path` trick and no import of
the test suite.
"""
