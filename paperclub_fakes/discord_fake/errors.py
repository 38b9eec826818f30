"""Discord's error envelope: what a route handler raises to refuse a request as Discord does."""

from __future__ import annotations

from paperclub_fakes.discord_fake.objects import JSON


class DiscordHTTPError(Exception):
    """Raised by a route handler to answer with Discord's error envelope."""

    def __init__(
        self,
        status: int,
        code: int,
        message: str,
        errors: JSON | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.body: JSON = {"message": message, "code": code}
        self.headers = headers or {}
        if errors:
            self.body["errors"] = errors


def not_found(code: int, what: str) -> DiscordHTTPError:
    return DiscordHTTPError(404, code, f"Unknown {what}")


def invalid_form(field_name: str, message: str) -> DiscordHTTPError:
    errors = {field_name: {"_errors": [{"code": "BASE_TYPE_REQUIRED", "message": message}]}}
    return DiscordHTTPError(400, 50035, "Invalid Form Body", errors)


def refuse(problems: list[str]) -> None:
    """400 50035 naming what Discord would name, when `discord_rules` found anything."""
    if problems:
        errors = {p.split(":", 1)[0]: {"_errors": [{"message": p}]} for p in problems}
        raise DiscordHTTPError(400, 50035, "Invalid Form Body", errors)
