"""The `bina` command: serve, worker, generate, jobs, migrate, cleanup."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="bina",
    help="Bina turns a small business's description into a finished website, as durable jobs.",
    no_args_is_help=True,
    add_completion=False,
)


# --- generate (owned by the generator work) ------------------------------------------------
@app.command()
def generate() -> None:
    """Generate one site to files, with a progress bar; no server needed."""
    raise typer.Exit(1)


# --- end generate ---------------------------------------------------------------------------


# --- serve (owned by the API work) ------------------------------------------------------------
@app.command()
def serve() -> None:
    """Run the HTTP API (with workers inside unless --no-worker)."""
    raise typer.Exit(1)


# --- end serve ----------------------------------------------------------------------------------


def main() -> None:
    """Entry point of the console script."""
    app()
