"""What the core reports about itself: metrics and the log context."""
