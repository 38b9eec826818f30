"""`paperclub papers list|export`: the papers the bot knows."""

from __future__ import annotations

import json
from enum import StrEnum

import typer
import yaml

from bot.bootstrap import build_services
from bot.cli.common import run, settings_or_exit
from bot.core.domain.papers import Paper
from bot.readinglist.shipped import to_entry


class ExportFormat(StrEnum):
    JSON = "json"
    YAML = "yaml"


async def _papers() -> list[Paper]:
    services = await build_services(settings_or_exit())
    try:
        async with services.deps.uow() as uow:
            shipped = await uow.papers.shipped()
            others = [p for p in await uow.papers.all() if p.id not in {s.id for s in shipped}]
        return shipped + others
    finally:
        await services.close()


def export_record(paper: Paper) -> dict[str, object]:
    record = to_entry(paper).model_dump(mode="json")
    record["summaries"] = {"en": paper.summary, **dict(paper.summaries)}
    return record


def register(app: typer.Typer) -> None:
    papers = typer.Typer(help="The reading list.", no_args_is_help=True)
    app.add_typer(papers, name="papers")
    from bot.cli import papers_import_cmd

    papers_import_cmd.register(papers)

    @papers.command("list")
    def list_papers() -> None:
        """List every paper, the shipped reading list first, in reading order."""
        for number, paper in enumerate(run(_papers), start=1):
            year = f" ({paper.year})" if paper.year else ""
            ident = f"arXiv:{paper.arxiv_id}" if paper.arxiv_id else paper.url
            typer.echo(f"{number:>3}. {paper.title}{year} — {ident}")

    @papers.command("export")
    def export(
        fmt: ExportFormat = typer.Option(ExportFormat.JSON, "--format", "-f"),
    ) -> None:
        """Print every paper with its summaries and prompts, as JSON (an array) or YAML."""
        records = [export_record(p) for p in run(_papers)]
        if fmt == ExportFormat.JSON:
            typer.echo(json.dumps(records, ensure_ascii=False, indent=2))
        else:
            typer.echo(
                yaml.safe_dump(
                    {"version": 1, "papers": records}, allow_unicode=True, sort_keys=False
                )
            )
