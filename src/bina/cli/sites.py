"""`bina sites`: look at owners' sites and take one down (operators)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich import box
from rich.console import Console
from rich.table import Table

from bina.cli.database import with_site_store
from bina.cli.errors import CliError, ExitCode
from bina.cli.output import JsonOption, echo_json, plain, timestamp

sites_app = typer.Typer(
    help="Look at owners' sites; take one down (operators).", no_args_is_help=True
)
console = Console()

SiteArgument = Annotated[str, typer.Argument(help="a site id or its slug", show_default=False)]


@sites_app.command("list")
def sites_list(
    user: Annotated[str | None, typer.Option(help="only this owner's sites")] = None,
    published: Annotated[
        bool | None, typer.Option("--published/--unpublished", help="only (un)published ones")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 50,
    as_json: JsonOption = False,
) -> None:
    """The newest sites, one line each."""
    page = with_site_store(lambda sites: sites.list_all(limit, user_id=user, published=published))
    if as_json:
        echo_json(page.items)
        return
    table = Table(box=box.SIMPLE_HEAD)
    table.add_column("site_id", no_wrap=True, min_width=36)  # whole: what `show` takes
    table.add_column("name", no_wrap=True, overflow="ellipsis", max_width=30)
    table.add_column("slug", no_wrap=True, overflow="ellipsis")
    table.add_column("published", no_wrap=True)
    table.add_column("version", no_wrap=True, justify="right")
    table.add_column("updated (UTC)", no_wrap=True, min_width=16)
    for item in page.items:
        table.add_row(
            item.site_id,
            item.name,
            item.slug or "",
            "yes" if item.published else "no",
            str(item.version),
            timestamp(item.updated_at),
        )
    console.print(table)


@sites_app.command("show")
def sites_show(site: SiteArgument, as_json: JsonOption = False) -> None:
    """Everything about one site: its facts, photos and address."""
    found = with_site_store(lambda sites: sites.find(site))
    if found is None:
        raise CliError(f"no site {site}", ExitCode.NOT_FOUND)
    if as_json:
        echo_json(found)
        return
    data = plain(found)
    table = Table("field", "value", show_header=False)
    for name in ("site_id", "user_id", "job_id", "slug", "published", "version", "style"):
        table.add_row(name, str(data[name]))
    table.add_row("name", found.name)
    table.add_row("palette", str(found.palette))
    table.add_row("photos", ", ".join(f"{p.role}:{p.photo_id}" for p in found.photos) or "none")
    table.add_row("updated", found.updated_at.isoformat())
    console.print(table)


@sites_app.command("unpublish")
def sites_unpublish(site: SiteArgument) -> None:
    """Take a site down: its address answers 410 Gone."""
    done = with_site_store(lambda sites: sites.unpublish_any(site))
    if done is None:
        raise CliError(f"no site {site}", ExitCode.NOT_FOUND)
    typer.echo(f"{done.site_id}: unpublished ({done.slug or 'no address'})")
