"""`paperclub export attendance|votes --club CLUB --format csv|json`: a club's records;
`paperclub export site --club CLUB -o DIR [--format html|md]`: its public page as files.

Anonymous polls are exported without voters and in an order that says nothing about who voted
when: ballots are sorted by their content.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
from collections.abc import AsyncIterator, Mapping
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

import typer

from bot.bootstrap import build_services
from bot.cli.common import fail, run, settings_or_exit
from bot.core.domain.clubs import Club
from bot.core.domain.errors import NotFound
from bot.core.domain.ids import ClubKey
from bot.core.domain.papers import Paper
from bot.core.domain.polls import Poll
from bot.core.planning.calendar import format_local
from bot.core.ports import UnitOfWork
from bot.core.usecases import club_page
from bot.core.usecases.club_page_view import ClubPage
from bot.core.views import BallotShape
from bot.core.voting.methods import method
from bot.webpage import render as webpage
from bot.webpage.markdown import render_markdown

Row = dict[str, str]


class ExportFormat(StrEnum):
    CSV = "csv"
    JSON = "json"


class SiteFormat(StrEnum):
    HTML = "html"
    MD = "md"


async def site_page(club_text: str) -> ClubPage:
    """The page the bot serves for the club, whether or not the club turned it on."""
    key = _club_key(club_text)
    settings = settings_or_exit()
    services = await build_services(settings, load_papers=False)
    try:
        page = await club_page.by_club(key, services.deps.store, settings.public_base_url)
    finally:
        await services.close()
    if page is None:
        raise NotFound(f"No club {club_text}.")
    return page


def write_site(page: ClubPage, out: Path, fmt: SiteFormat) -> list[Path]:
    """The page as static files in `out`: index.html with its stylesheet and script, or
    README.md."""
    out.mkdir(parents=True, exist_ok=True)
    if fmt == SiteFormat.MD:
        target = out / "README.md"
        target.write_text(render_markdown(page), encoding="utf-8")
        return [target]
    written = [out / "index.html"]
    written[0].write_text(webpage.render_page(page, ""), encoding="utf-8")
    for name in webpage.PUBLIC_ASSETS:
        (out / name).write_bytes(webpage.asset(name))
        written.append(out / name)
    return written


@contextlib.asynccontextmanager
async def _club_records(club_text: str) -> AsyncIterator[tuple[Club, UnitOfWork]]:
    """The club named on the command line, with a unit of work to read its records."""
    services = await build_services(settings_or_exit())
    try:
        async with services.deps.uow() as uow:
            club = await uow.clubs.get(_club_key(club_text))
            if club is None:
                raise NotFound(f"No club {club_text}.")
            yield club, uow
    finally:
        await services.close()


async def attendance_rows(club_text: str) -> list[Row]:
    async with _club_records(club_text) as (club, uow):
        sessions = await uow.sessions.between(club.id, datetime(1970, 1, 1, tzinfo=UTC))
        ids = [s.id for s in sessions]
        rsvps = {(r.session_id, r.member): r for r in await uow.attendance.rsvps_for(ids)}
        checks = {(c.session_id, c.member): c for c in await uow.attendance.check_ins_for(ids)}
        papers = await uow.papers.get_many([s.paper_id for s in sessions if s.paper_id])
        names = await uow.members.display_names([m for _, m in {*rsvps, *checks}])
        rows: list[Row] = []
        for session in sessions:
            members = {m for sid, m in {*rsvps, *checks} if sid == session.id}
            for member in sorted(members, key=lambda m: names.get(m, m.user_id)):
                rsvp = rsvps.get((session.id, member))
                check = checks.get((session.id, member))
                rows.append(
                    {
                        "session_id": str(session.id),
                        "starts_at_utc": session.starts_at.isoformat(),
                        "starts_local": format_local(session.starts_at, club.settings.timezone),
                        "paper": papers[session.paper_id].title
                        if session.paper_id in papers
                        else "",
                        "member": names.get(member, member.user_id),
                        "member_id": member.user_id,
                        "rsvp": rsvp.status.value if rsvp else "",
                        "checked_in_at_utc": check.checked_in_at.isoformat() if check else "",
                    }
                )
        return rows


async def vote_rows(club_text: str) -> list[Row]:
    async with _club_records(club_text) as (club, uow):
        polls = await uow.polls.for_club(club.id)
        ballots = await uow.polls.ballots_for([p.id for p in polls])
        papers = await uow.papers.get_many([pid for p in polls for pid in p.candidates])
        names = await uow.members.display_names([b.member for b in ballots])
        decided = {}
        for sid in {p.session_id for p in polls if p.session_id is not None}:
            if (found := await uow.sessions.get(sid)) is not None:
                decided[sid] = found
        rows: list[Row] = []
        for poll in polls:
            mine = [b for b in ballots if b.poll_id == poll.id]
            if poll.anonymous:
                mine.sort(key=lambda b: b.choices)
            session = decided.get(poll.session_id) if poll.session_id is not None else None
            for ballot in mine:
                rows.append(
                    {
                        "poll_id": str(poll.id),
                        "session": format_local(session.starts_at, club.settings.timezone)
                        if session is not None
                        else "",
                        "method": poll.method,
                        "status": poll.status.value,
                        "winner": papers[poll.winner_paper_id].title
                        if poll.winner_paper_id in papers
                        else "",
                        "member": "anonymous"
                        if poll.anonymous
                        else names.get(ballot.member, ballot.member.user_id),
                        "cast_at_utc": "" if poll.anonymous else ballot.cast_at.isoformat(),
                        "choices": ballot_text(poll, ballot.choices, papers),
                    }
                )
        return rows


def ballot_text(poll: Poll, choices: tuple[int, ...], papers: Mapping[int, Paper]) -> str:
    """A ranking in its order ("A > B"); an approval set as a set, in the poll's candidate
    order, never with a ">" that would read as a preference ("A; B")."""
    if method(poll.method).view().shape is BallotShape.SET:
        chosen = set(choices)
        return "; ".join(papers[p].title for p in poll.candidates if p in chosen and p in papers)
    return " > ".join(papers[p].title for p in choices if p in papers)


def _club_key(text: str) -> ClubKey:
    try:
        return ClubKey.parse(text)
    except ValueError as exc:
        fail(str(exc))


def _emit(rows: list[Row], fmt: ExportFormat) -> None:
    if fmt == ExportFormat.JSON:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        return
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    typer.echo(out.getvalue(), nl=False)


def register(app: typer.Typer) -> None:
    export = typer.Typer(help="Export a club's records.", no_args_is_help=True)
    app.add_typer(export, name="export")
    club_option = typer.Option(..., "--club", help="platform:workspace:channel")
    format_option = typer.Option(ExportFormat.CSV, "--format", "-f")

    @export.command("attendance")
    def attendance(club: str = club_option, fmt: ExportFormat = format_option) -> None:
        """Every RSVP and check-in, one row per member and session."""
        _emit(run(attendance_rows(club)), fmt)

    @export.command("site")
    def site(
        club: str = club_option,
        output: Path = typer.Option(..., "--output", "-o", help="The folder to write into."),
        fmt: SiteFormat = typer.Option(SiteFormat.HTML, "--format", "-f"),
    ) -> None:
        """The club's public page as static HTML (index.html) or Markdown (README.md)."""
        for path in write_site(run(site_page(club)), output, fmt):
            typer.echo(str(path))

    @export.command("votes")
    def votes(club: str = club_option, fmt: ExportFormat = format_option) -> None:
        """Every ballot; anonymous polls without voters or times."""
        _emit(run(vote_rows(club)), fmt)
