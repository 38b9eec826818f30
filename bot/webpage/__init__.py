"""The club's page on the web: Jinja2 templates (autoescaped), plain CSS, SVG charts.

The data is the core's (bot/core/usecases/club_page_view.py); this package only writes it as HTML
or Markdown. The same HTML is served by the bot (bot/httpserver.py) and written by
`paperclub export site`.
"""
