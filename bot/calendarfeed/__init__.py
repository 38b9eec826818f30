"""Calendar feeds (iCalendar) for a club's sessions, built with the `icalendar` library."""
