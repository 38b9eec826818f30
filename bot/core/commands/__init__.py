"""The command framework: specs, the command list, parsing, dispatch, context."""
