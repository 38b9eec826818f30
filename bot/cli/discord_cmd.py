"""`paperclub discord invite`: the link that adds the bot to a server, with its permissions."""

from __future__ import annotations

import base64
import binascii

import typer

from bot.cli.common import fail, settings_or_exit


def application_id_from_token(token: str) -> int | None:
    """A bot token's first part is its user id in base64, which is the application's id."""
    first = token.split(".", 1)[0]
    try:
        decoded = base64.b64decode(first + "=" * (-len(first) % 4), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    return int(decoded) if decoded.isdigit() else None


def register(app: typer.Typer) -> None:
    discord_app = typer.Typer(help="Discord set-up.", no_args_is_help=True)
    app.add_typer(discord_app, name="discord")

    @discord_app.command("invite")
    def invite(
        application_id: int | None = typer.Argument(
            None, help="The application id (developer portal, General Information)."
        ),
    ) -> None:
        """Print the invite URL with exactly the permissions the bot uses."""
        from bot.adapters.discord.permissions import (
            INVITE_PERMISSIONS,
            invite_url,
        )

        if application_id is None:
            token = settings_or_exit().discord_token
            application_id = application_id_from_token(token.get_secret_value()) if token else None
        if application_id is None:
            fail("give the application id, or set DISCORD_TOKEN to read it from the token")
        typer.echo(invite_url(application_id))
        names = [name for name, on in INVITE_PERMISSIONS if on]
        typer.echo(
            f"permissions ({INVITE_PERMISSIONS.value}): {', '.join(sorted(names))}", err=True
        )
