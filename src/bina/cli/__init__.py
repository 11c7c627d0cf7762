"""The `bina` command: serve, worker, generate, jobs, sites, migrate, cleanup."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
from datetime import timedelta
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TaskProgressColumn, TextColumn

from bina.cli.database import with_job_store
from bina.cli.errors import EXIT_CODES_HELP, BinaGroup, CliError, ExitCode
from bina.cli.jobs import jobs_app
from bina.cli.listen import listen_address
from bina.cli.sites import sites_app
from bina.config import Settings, get_settings

if TYPE_CHECKING:
    from bina.generator import GenerationResult
    from bina.jobs import JobStore

app = typer.Typer(
    name="bina",
    help="Bina turns a small business's description into a finished website, as durable jobs.",
    epilog=EXIT_CODES_HELP,
    no_args_is_help=True,
    add_completion=False,
    cls=BinaGroup,
    # Errors are one line (errors.py); a traceback, with --debug only, never shows locals,
    # which hold the database URL and its password.
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
)
app.add_typer(jobs_app, name="jobs")
app.add_typer(sites_app, name="sites")

#: The languages a site can be written in (the generator's `Language`).
Language = Literal["ms", "en"]


def _print_version(wanted: bool) -> None:
    if wanted:
        try:
            version = metadata.version("bina")
        except metadata.PackageNotFoundError:  # run from a checkout that was never installed
            version = "unknown"
        typer.echo(f"bina {version}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="print the version and exit"
        ),
    ] = False,
    debug: Annotated[
        bool,
        typer.Option("--debug", help="on an error, print its traceback too [BINA_LOG_LEVEL=debug]"),
    ] = False,
) -> None:
    """Options that apply to every command (the app's help text stands for it)."""


@app.command()
def generate(
    description: str = typer.Argument(
        ...,
        help="The business in a few sentences (Malay or English): what, where, hours, prices, "
        "contact. Use - to read it from standard input.",
    ),
    language: Language = typer.Option("ms", "--language", "-l", help="Language of the site."),
    out: str = typer.Option("site", "--out", "-o", help="Folder to write the pages into."),
) -> None:
    """Generate one site to files, with a progress bar; no server needed.

    Writes modern.html, minimal.html, bold.html and profile.json into the folder.
    """
    from bina.generator import GenerationError, check_description

    text = sys.stdin.read() if description == "-" else description
    console = Console(stderr=True)
    folder = Path(out)
    try:
        check_description(text, language)  # before the bar: bad input is just its one line
        result = asyncio.run(_generate_site(text, language, console))
    except GenerationError as exc:
        code = ExitCode.USAGE if exc.user_error else ExitCode.FAILURE
        raise CliError(exc.message, code) from exc
    _write_site(folder, result, console)


async def _generate_site(text: str, language: Language, console: Console) -> GenerationResult:
    """Run the pipeline in this process, with its progress as a bar on `console`."""
    from bina.app.handler import generator_options
    from bina.generator import ProgressUpdate, SitePipeline

    pipeline = SitePipeline(generator_options(get_settings()))
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
    )
    try:
        with Progress(*columns, console=console, transient=False) as progress:
            task = progress.add_task("…", total=100)

            async def on_progress(update: ProgressUpdate) -> None:
                progress.update(task, completed=update.progress, description=update.message)

            return await pipeline.generate(text, language, on_progress)
    finally:
        await pipeline.aclose()


def _write_site(folder: Path, result: GenerationResult, console: Console) -> None:
    """One HTML file per style and profile.json (everything else) in `folder`, then a summary."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for style in result.styles:
        path = folder / f"{style.style}.html"
        path.write_text(style.html, encoding="utf-8")
        written.append((style.name, path, len(style.html.encode())))
    summary = result.model_dump(mode="json", exclude={"styles"})
    summary["styles"] = [
        {"style": s.style, "name": s.name, "description": s.description, "file": f"{s.style}.html"}
        for s in result.styles
    ]
    (folder / "profile.json").write_text(
        json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    for name, path, size in written:
        console.print(f"[green]✓[/] {name:<10} {path}  ({size / 1024:.1f} KB)")
    console.print(f"  profile    {folder / 'profile.json'}  (copy: {result.copy_source})")
    for warning in result.warnings:
        console.print(f"[yellow]! {warning}[/]")


@app.command()
def serve(
    host: Annotated[
        str | None,
        typer.Option(
            help="address to listen on [BINA_HOST; default 127.0.0.1, or 0.0.0.0 when the "
            "platform sets PORT]",
            show_default=False,
        ),
    ] = None,
    port: Annotated[
        int | None,
        typer.Option(min=0, max=65535, help="port to listen on [BINA_PORT, else PORT, else 8000]"),
    ] = None,
    processes: Annotated[
        int,
        typer.Option(min=1, help="server processes on this port, all sharing the database"),
    ] = 1,
    no_worker: Annotated[
        bool, typer.Option("--no-worker", help="serve only; jobs run in `bina worker`")
    ] = False,
    concurrency: Annotated[
        int | None,
        typer.Option(min=1, help="jobs at once per process's worker [BINA_CONCURRENCY]"),
    ] = None,
) -> None:
    """Run the HTTP API (with workers inside unless --no-worker); migrates the database first."""
    from bina.app.serving import run_server

    host, port = listen_address(host, port, get_settings(), os.environ)
    run_server(
        host=host,
        port=port,
        processes=processes,
        embed_worker=not no_worker,
        concurrency=concurrency,
    )


def configure_logging(settings: Settings) -> None:
    """This process's log: BINA_LOG_LEVEL, and BINA_LOG_FORMAT (text, or one JSON per line)."""
    from bina.app.logs import configure_logging as configure

    configure(settings.log_level, settings.log_format)


@app.command()
def worker(
    concurrency: Annotated[
        int | None, typer.Option(min=1, help="jobs at once in this process [BINA_CONCURRENCY]")
    ] = None,
    handler: Annotated[
        str, typer.Option(help="module:callable building the job handler from Settings")
    ] = "bina.app.workers:generation_handler",
) -> None:
    """Run workers only (scale-out): claim jobs from the database until SIGTERM."""
    from bina.app.workers import handler_factory_from_spec, run_worker_process

    settings = get_settings()
    if concurrency is not None:
        settings = settings.model_copy(update={"concurrency": concurrency})
    configure_logging(settings)
    try:
        factory = handler_factory_from_spec(handler)
    except (ImportError, AttributeError, ValueError) as exc:
        raise CliError(f"--handler {handler}: {exc}", ExitCode.USAGE) from exc
    asyncio.run(run_worker_process(settings, factory))


@app.command()
def migrate(
    sql: Annotated[bool, typer.Option("--sql", help="print the SQL instead of running it")] = False,
) -> None:
    """Create or upgrade the database schema (safe to run again)."""
    from bina.jobs import migrate as migrations

    settings = get_settings()
    configure_logging(settings)
    if sql:
        from sqlalchemy.engine import make_url

        url = settings.database_url
        if not make_url(url).get_backend_name().startswith("postgres"):
            # SQL by hand is for PostgreSQL (Supabase's SQL editor, a DBA's review); SQLite's
            # migrations rebuild tables by reading them, which only `bina migrate` can do.
            typer.echo("-- PostgreSQL's SQL (the configured database is not PostgreSQL)", err=True)
            url = "postgresql://localhost/bina"
        typer.echo(migrations.upgrade_sql(url), nl=False)
        return
    migrations.upgrade(settings.database_url)
    # A log line like Alembic's own before it (one JSON object with BINA_LOG_FORMAT=json).
    logging.getLogger("bina.cli").info("database is up to date")


@app.command()
def cleanup() -> None:
    """Purge finished jobs past the retention and fail jobs that ran out of attempts."""
    settings = get_settings()

    async def run(store: JobStore) -> tuple[int, int]:
        failed = await store.fail_exhausted()
        purged = await store.purge(timedelta(hours=settings.retention_hours), timedelta(hours=24))
        return purged, len(failed)

    purged, failed = with_job_store(run)
    typer.echo(f"purged {purged} finished jobs, failed {failed} abandoned jobs")


def main() -> None:
    """Entry point of the console script."""
    app()


if __name__ == "__main__":
    main()
