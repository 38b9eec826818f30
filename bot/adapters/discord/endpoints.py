"""Where discord.py sends its REST requests and opens its gateway websocket.

These are the settings a REST proxy (e.g. a shared rate-limit proxy) or a gateway
proxy uses, exposed as ``DISCORD_API_BASE_URL`` and ``DISCORD_GATEWAY_URL``. The
end-to-end tests use the same knob to point a real client at a local fake Discord.
"""

from __future__ import annotations

import discord.gateway
import discord.http
import yarl

_HTTP_SCHEMES = frozenset({"http", "https"})
_WS_SCHEMES = frozenset({"ws", "wss"})


def apply_endpoints(api_base_url: str | None, gateway_url: str | None) -> None:
    """Point discord.py's REST base and gateway at a proxy; ``None`` leaves each as it is.

    ``api_base_url`` includes the API version, e.g. ``http://proxy:8080/api/v10``; it also
    carries interaction callbacks and webhook follow-ups. ``gateway_url`` is the websocket
    URL without a query (discord.py adds ``v``, ``encoding`` and ``compress`` itself).

    Both are class attributes, so this affects every client in the process: call it once
    at start-up, before the first client logs in.
    """
    if api_base_url is not None:
        base = yarl.URL(api_base_url)
        if base.scheme not in _HTTP_SCHEMES or not base.host:
            raise ValueError(f"DISCORD_API_BASE_URL must be an http(s) URL, got {api_base_url!r}")
        # Route paths start with "/", so a trailing slash would double it.
        discord.http.Route.BASE = api_base_url.rstrip("/")
    if gateway_url is not None:
        gateway = yarl.URL(gateway_url)
        if gateway.scheme not in _WS_SCHEMES or not gateway.host:
            raise ValueError(f"DISCORD_GATEWAY_URL must be a ws(s) URL, got {gateway_url!r}")
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = gateway
