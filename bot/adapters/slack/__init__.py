"""The Slack app: one `/paperclub` command, Block Kit, modals, App Home, Socket Mode or HTTP."""
