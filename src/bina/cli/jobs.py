"""`bina jobs`: look at jobs and steer them (operators).

A job is named by its id or by the first characters of it (at least 6, as copied from a
listing); a prefix that names several jobs is refused with how many it names.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer
from rich import box
from rich.console import Console
from rich.table import Table

from bina.cli.database import with_job_store
from bina.cli.errors import CliError, ExitCode
from bina.cli.output import JsonOption, echo_json, plain, timestamp

if TYPE_CHECKING:
    from bina.jobs import Job, JobStore

jobs_app = typer.Typer(help="Look at and steer jobs (operators).", no_args_is_help=True)
console = Console()

#: The statuses a job can have (the job system's `JobStatus`, spelled out so that `--help`
#: needs no database driver loaded).
Status = Literal["queued", "processing", "completed", "failed", "canceled"]
MIN_PREFIX_LENGTH = 6
_ID_PREFIX = re.compile(rf"[0-9a-f-]{{{MIN_PREFIX_LENGTH},36}}")

JobIdArgument = Annotated[
    str,
    typer.Argument(
        help=f"the job's id, or its first {MIN_PREFIX_LENGTH} or more characters",
        show_default=False,
    ),
]


@jobs_app.command("list")
def jobs_list(
    status: Annotated[Status | None, typer.Option(help="only jobs with this status")] = None,
    user: Annotated[str | None, typer.Option(help="only this user's jobs")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 20,
    as_json: JsonOption = False,
) -> None:
    """The newest jobs, one line each."""
    jobs = with_job_store(lambda store: store.list_jobs(status=status, user_id=user, limit=limit))
    if as_json:
        echo_json([job_document(job) for job in jobs])
        return
    console.print(job_table(jobs))


@jobs_app.command("show")
def jobs_show(job_id: JobIdArgument, as_json: JsonOption = False) -> None:
    """Everything about one job (without its HTML)."""
    prefix = id_prefix(job_id)

    async def show(store: JobStore) -> Job | None:
        return await store.get_job(await resolve(store, prefix))

    job = with_job_store(show)
    if job is None:  # purged between the lookup and the read
        raise CliError(f"no job {job_id}", ExitCode.NOT_FOUND)
    document = job_document(job)
    if as_json:
        echo_json(document)
        return
    table = Table("field", "value", show_header=False)
    for name, value in plain(document).items():
        table.add_row(name, "" if value is None else str(value))
    console.print(table)


@jobs_app.command("cancel")
def jobs_cancel(job_id: JobIdArgument) -> None:
    """Cancel a queued or running job (a finished one is left as it is)."""
    prefix = id_prefix(job_id)

    async def cancel(store: JobStore) -> Job:
        return await store.cancel(await resolve(store, prefix))

    job = with_job_store(cancel)
    typer.echo(f"{job.job_id}: {job.status.value}")


@jobs_app.command("retry")
def jobs_retry(job_id: JobIdArgument) -> None:
    """Queue a failed or canceled job again, with fresh attempts."""
    prefix = id_prefix(job_id)

    async def retry(store: JobStore) -> Job:
        return await store.retry(await resolve(store, prefix))

    job = with_job_store(retry)
    typer.echo(f"{job.job_id}: {job.status.value}")


def job_table(jobs: list[Job]) -> Table:
    """One line per job; the whole id whatever the width, since the other commands take it."""
    from bina.api import site_jobs

    table = Table(box=box.SIMPLE_HEAD)
    table.add_column("job_id", no_wrap=True, min_width=36)
    table.add_column("status", no_wrap=True, min_width=10)
    table.add_column("created (UTC)", no_wrap=True, min_width=16)
    table.add_column("description", no_wrap=True, overflow="ellipsis", max_width=50)
    for job in jobs:
        running = job.status.value == "processing"
        status = f"{job.status.value} {job.progress}%" if running else job.status.value
        table.add_row(job.job_id, status, timestamp(job.created_at), site_jobs.description_of(job))
    return table


def id_prefix(given: str) -> str:
    """`given` as the start of a job id (checked before the database is opened)."""
    prefix = given.strip().lower()
    if not _ID_PREFIX.fullmatch(prefix):
        raise CliError(
            f"{given!r} is not a job id: give the id or at least its first "
            f"{MIN_PREFIX_LENGTH} characters",
            ExitCode.USAGE,
        )
    return prefix


async def resolve(store: JobStore, prefix: str) -> str:
    """The full id of the one job whose id is or starts with `prefix`."""
    match = await store.match_job_id(prefix)
    if match.job_id is not None:
        return match.job_id
    if match.count == 0:
        raise CliError(f"no job {prefix}", ExitCode.NOT_FOUND)
    raise CliError(
        f"{prefix} is the start of {match.count} jobs' ids: give more of it", ExitCode.AMBIGUOUS
    )


def job_document(job: Job) -> dict[str, Any]:
    """A job as `show` and `--json` give it: its fields and the site's, not the HTML."""
    from bina.api import site_jobs

    hidden = ("payload", "partial", "result")
    document = {
        field.name: getattr(job, field.name)
        for field in dataclasses.fields(job)
        if field.name not in hidden
    }
    document["description"] = site_jobs.description_of(job)
    document["language"] = site_jobs.language_of(job)
    document["business_type"] = site_jobs.business_type_of(job)
    document["styles"] = [style.get("style") for style in site_jobs.styles_of(job)]
    document["html_bytes"] = len((site_jobs.html_of(job) or "").encode())
    return document
