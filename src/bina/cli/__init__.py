"""The `bina` command: serve, worker, generate, jobs, sites, migrate, cleanup."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TaskProgressColumn, TextColumn
from rich.table import Table

from bina.config import Settings, get_settings

if TYPE_CHECKING:
    from bina.generator import GenerationResult
    from bina.jobs import Job, JobStore

app = typer.Typer(
    name="bina",
    help="Bina turns a small business's description into a finished website, as durable jobs.",
    no_args_is_help=True,
    add_completion=False,
)


@app.command()
def generate(
    description: str = typer.Argument(
        ...,
        help="The business in a few sentences (Malay or English): what, where, hours, prices, "
        "contact. Use - to read it from standard input.",
    ),
    language: str = typer.Option("ms", "--language", "-l", help="Language of the site: ms or en."),
    out: str = typer.Option("site", "--out", "-o", help="Folder to write the pages into."),
) -> None:
    """Generate one site to files, with a progress bar; no server needed.

    Writes modern.html, minimal.html, bold.html and profile.json into the folder.
    """
    from bina.generator import GenerationError

    if language not in ("ms", "en"):
        raise typer.BadParameter("use ms or en", param_hint="--language")
    text = sys.stdin.read() if description == "-" else description
    console = Console(stderr=True)
    folder = Path(out)
    try:
        result = asyncio.run(_generate_site(text, language, console))
    except GenerationError as exc:
        console.print(f"[bold red]{exc.message}[/]")
        raise typer.Exit(2) from exc
    _write_site(folder, result, console)


async def _generate_site(text: str, language: str, console: Console) -> GenerationResult:
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

            return await pipeline.generate(text, language, on_progress)  # type: ignore[arg-type]
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
        str, typer.Option(envvar="BINA_HOST", help="address to listen on")
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option(envvar="BINA_PORT", min=0, max=65535, help="port to listen on")
    ] = 8000,
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

    run_server(
        host=host,
        port=port,
        processes=processes,
        embed_worker=not no_worker,
        concurrency=concurrency,
    )


jobs_app = typer.Typer(help="Look at and steer jobs (operators).", no_args_is_help=True)
app.add_typer(jobs_app, name="jobs")
console = Console()


def configure_logging(settings: Settings) -> None:
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


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
    asyncio.run(run_worker_process(settings, handler_factory_from_spec(handler)))


@app.command()
def migrate(
    sql: Annotated[bool, typer.Option("--sql", help="print the SQL instead of running it")] = False,
) -> None:
    """Create or upgrade the database schema (safe to run again)."""
    from bina.jobs import migrate as migrations

    settings = get_settings()
    if sql:
        typer.echo(migrations.upgrade_sql(settings.database_url), nl=False)
        return
    migrations.upgrade(settings.database_url)
    typer.echo("database is up to date")


@app.command()
def cleanup() -> None:
    """Purge finished jobs past the retention and fail jobs that ran out of attempts."""
    settings = get_settings()

    async def run() -> tuple[int, int]:
        async with _store(settings) as store:
            failed = await store.fail_exhausted()
            purged = await store.purge(
                timedelta(hours=settings.retention_hours), timedelta(hours=24)
            )
            return purged, len(failed)

    purged, failed = asyncio.run(run())
    typer.echo(f"purged {purged} finished jobs, failed {failed} abandoned jobs")


@jobs_app.command("list")
def jobs_list(
    status: Annotated[str | None, typer.Option(help="queued, processing, completed, …")] = None,
    user: Annotated[str | None, typer.Option(help="only this user's jobs")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 20,
) -> None:
    """The newest jobs, one line each."""
    from bina.api import site_jobs

    settings = get_settings()

    async def run() -> list[Job]:
        async with _store(settings) as store:
            return await store.list_jobs(status=status, user_id=user, limit=limit)

    table = Table("job_id", "status", "stage", "%", "tries", "created", "user", "description")
    for job in asyncio.run(run()):
        table.add_row(
            job.job_id,
            job.status.value,
            job.stage,
            str(job.progress),
            f"{job.attempts}/{job.max_attempts}",
            job.created_at.strftime("%Y-%m-%d %H:%M:%S"),
            (job.user_id or "")[:12],
            site_jobs.description_of(job)[:40],
        )
    console.print(table)


@jobs_app.command("show")
def jobs_show(job_id: str) -> None:
    """Everything about one job (without its HTML)."""
    from bina.api import site_jobs

    job = _one_job(job_id, lambda store: store.get_job(job_id))
    hidden = ("payload", "partial", "result")
    fields = {name: getattr(job, name) for name in job.__slots__ if name not in hidden}
    fields["description"] = site_jobs.description_of(job)
    fields["language"] = site_jobs.language_of(job)
    fields["business_type"] = site_jobs.business_type_of(job)
    fields["styles"] = [style.get("style") for style in site_jobs.styles_of(job)]
    fields["html_bytes"] = len(site_jobs.html_of(job) or "")
    typer.echo(json.dumps(fields, indent=2, default=str))


@jobs_app.command("cancel")
def jobs_cancel(job_id: str) -> None:
    """Cancel a queued or running job."""
    job = _one_job(job_id, lambda store: store.cancel(job_id))
    typer.echo(f"{job.job_id}: {job.status.value}")


@jobs_app.command("retry")
def jobs_retry(job_id: str) -> None:
    """Queue a failed or canceled job again, with fresh attempts."""
    job = _one_job(job_id, lambda store: store.retry(job_id))
    typer.echo(f"{job.job_id}: {job.status.value}")


def _store(settings: Settings) -> JobStore:
    from bina.app.workers import open_job_store

    return open_job_store(settings.model_copy(update={"listen": False}), pool_size=2)


def _one_job(job_id: str, action: Any) -> Any:
    from bina.jobs import JobNotFound

    settings = get_settings()

    async def run() -> Any:
        async with _store(settings) as store:
            return await action(store)

    try:
        job = asyncio.run(run())
    except JobNotFound:
        job = None
    if job is None:
        typer.echo(f"no job {job_id}", err=True)
        raise typer.Exit(1)
    return job


def _add_sites_commands() -> None:
    from bina.cli.sites import sites_app

    app.add_typer(sites_app, name="sites")


_add_sites_commands()


def main() -> None:
    """Entry point of the console script."""
    app()


if __name__ == "__main__":
    main()
