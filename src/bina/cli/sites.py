"""`bina sites`: look at owners' sites and take one down (operators)."""

from __future__ import annotations

import asyncio
import dataclasses
import json
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from bina.config import get_settings

T = TypeVar("T")

sites_app = typer.Typer(
    help="Look at owners' sites; take one down (operators).", no_args_is_help=True
)
console = Console()

JsonOption = Annotated[bool, typer.Option("--json", help="print JSON instead of a table")]


def _with_sites(action: Callable[[Any], Awaitable[T]]) -> T:
    """Run `action(site_store)` on the configured database."""
    from bina.jobs.connect import open_database
    from bina.sites import SiteStore

    async def run() -> T:
        database = open_database(get_settings().database_url, pool_size=2)
        try:
            return await action(SiteStore(database))
        finally:
            await database.close()

    return asyncio.run(run())


def _plain(value: Any) -> Any:
    """A dataclass or model as JSON-ready data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return value


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
    page = _with_sites(lambda sites: sites.list_all(limit, user_id=user, published=published))
    if as_json:
        typer.echo(json.dumps([_plain(item) for item in page.items], indent=2, default=str))
        return
    table = Table("site_id", "name", "slug", "published", "version", "updated")
    for item in page.items:
        table.add_row(
            item.site_id,
            item.name,
            item.slug or "",
            "yes" if item.published else "no",
            str(item.version),
            item.updated_at.strftime("%Y-%m-%d %H:%M"),
        )
    console.print(table)


@sites_app.command("show")
def sites_show(
    site: Annotated[str, typer.Argument(help="a site id or its slug")], as_json: JsonOption = False
) -> None:
    """Everything about one site: its facts, photos and address."""
    found = _with_sites(lambda sites: sites.find(site))
    if found is None:
        typer.echo(f"no site {site}", err=True)
        raise typer.Exit(1)
    data = _plain(found)
    if as_json:
        typer.echo(json.dumps(data, indent=2, default=str))
        return
    table = Table("field", "value", show_header=False)
    for name in ("site_id", "user_id", "job_id", "slug", "published", "version", "style"):
        table.add_row(name, str(data[name]))
    table.add_row("name", found.name)
    table.add_row("palette", str(found.palette))
    table.add_row("photos", ", ".join(f"{p.role}:{p.photo_id}" for p in found.photos) or "none")
    table.add_row("updated", found.updated_at.isoformat())
    console.print(table)


@sites_app.command("unpublish")
def sites_unpublish(site: Annotated[str, typer.Argument(help="a site id or its slug")]) -> None:
    """Take a site down: its address answers 410 Gone."""
    done = _with_sites(lambda sites: sites.unpublish_any(site))
    if done is None:
        typer.echo(f"no site {site}", err=True)
        raise typer.Exit(1)
    typer.echo(f"{done.site_id}: unpublished ({done.slug or 'no address'})")
