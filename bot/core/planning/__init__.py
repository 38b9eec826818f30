"""Planning: the weekly calendar rule, sessions ahead, the posts and calendar entries they need."""
