"""One module per use case: a command dataclass and `async def execute(cmd, ctx, deps)`."""
