"""The platform-free club engine: it decides; adapters translate and storage remembers.

Nothing under bot.core may import a chat platform, database, scheduler or HTTP library
(tests/core/test_architecture.py enforces this).
"""
