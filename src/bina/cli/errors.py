"""How `bina` fails: one line on stderr per problem, and an exit code that names its kind.

An operator whose database is down needs the reason and what to do, not fifty lines of
traceback; a script needs to tell "fix the configuration" from "try again later" by the exit
code alone. `--debug` (or BINA_LOG_LEVEL=debug) prints the traceback as well. Tracebacks never
show local variables: those hold the database URL with its password.
"""

from __future__ import annotations

import enum
import os
import socket
import sys
import traceback
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperGroup

if TYPE_CHECKING:
    from sqlalchemy.engine import URL


class ExitCode(enum.IntEnum):
    """What a non-zero exit of `bina` means (the same list is in `bina --help`)."""

    FAILURE = 1  # anything unforeseen: a bug, shown in full with --debug
    USAGE = 2  # a bad option, argument or input (Click's own code for usage errors)
    CONFIGURATION = 3  # a setting (environment or .env) is invalid
    DATABASE_UNAVAILABLE = 4  # the database cannot be reached or refuses the connection
    NOT_FOUND = 5  # no such job or site
    AMBIGUOUS = 6  # an id prefix that names more than one job
    MIGRATIONS_PENDING = 7  # the database's schema is not the one this version needs


EXIT_CODES_HELP = (
    "Exit codes: 0 done; 1 unexpected failure (see --debug); 2 bad usage or input; "
    "3 invalid configuration; 4 database unavailable; 5 job or site not found; "
    "6 ambiguous job id prefix; 7 database schema not current (run `bina migrate`)."
)


class CliError(Exception):
    """A failure explained for the operator: its lines (without the `bina: error:` prefix)."""

    def __init__(self, message: str | list[str], code: ExitCode) -> None:
        self.lines = [message] if isinstance(message, str) else message
        self.code = code
        super().__init__("; ".join(self.lines))


class BinaGroup(TyperGroup):
    """The `bina` command group: every subcommand's failure becomes one line and an exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise  # usage errors, --help, explicit exits: Click reports them itself
        except Exception as exc:
            error = explain(exc)
            if ctx.params.get("debug") or _debug_logging():
                traceback.print_exception(exc, file=sys.stderr)
            for line in error.lines:
                typer.echo(f"bina: error: {line}", err=True)
            raise typer.Exit(int(error.code)) from None


def _debug_logging() -> bool:
    """BINA_LOG_LEVEL=debug, from the environment or .env (even when other settings are bad)."""
    from bina.config import get_settings

    if os.environ.get("BINA_LOG_LEVEL", "").strip().lower() == "debug":
        return True
    try:
        return get_settings().log_level == "debug"
    except Exception:  # invalid settings: that is the error being reported
        return False


def explain(exc: BaseException) -> CliError:
    """`exc` as the operator should read it."""
    from pydantic import ValidationError

    if isinstance(exc, CliError):
        return exc
    if isinstance(exc, ValidationError) and exc.title == "Settings":
        return CliError(settings_problems(exc), ExitCode.CONFIGURATION)
    if is_database_trouble(exc):
        return CliError(database_unavailable(exc), ExitCode.DATABASE_UNAVAILABLE)
    return CliError(
        f"unexpected {type(exc).__name__}: {redacted(one_line(exc))} "
        "(run with --debug for the traceback)",
        ExitCode.FAILURE,
    )


def settings_problems(exc: Any) -> list[str]:
    """One line per invalid setting, named by the variable that sets it; never its value,
    which may be a secret."""
    lines = []
    for error in exc.errors(include_url=False, include_input=False):
        name = env_name(str(error["loc"][0])) if error["loc"] else "settings"
        message = str(error["msg"]).removeprefix("Value error, ")
        lines.append(f"{name}: {message}")
    return lines


def env_name(location: str) -> str:
    """The environment variable behind a Settings error's location: a field name, or one of
    the field's aliases (pydantic names the first alias even when another one was set)."""
    from bina.config import Settings

    for name, field in Settings.model_fields.items():
        choices = getattr(field.validation_alias, "choices", None) or []
        aliases = [str(choice) for choice in choices]
        if location != name and location not in aliases:
            continue
        if not aliases:
            return f"BINA_{name.upper()}"
        given = [alias for alias in aliases if alias in os.environ]
        return given[0] if given else aliases[0]
    return location


def is_database_trouble(exc: BaseException) -> bool:
    """Whether `exc` says the database (or the way to it) is away, rather than a bug."""
    from bina.jobs import StoreUnavailable
    from bina.jobs.driver_errors import is_unavailable
    from bina.sites.errors import SitesUnavailable

    if isinstance(exc, StoreUnavailable | SitesUnavailable):
        return True
    # Raised as they are by the migrations, which run outside the stores.
    if isinstance(exc, ConnectionError | socket.gaierror | TimeoutError):
        return True
    from sqlalchemy import exc as sa_exc

    return isinstance(exc, sa_exc.DBAPIError) and is_unavailable(exc)


def database_unavailable(exc: BaseException) -> str:
    """`database unavailable at <URL without password>: <the driver's reason>`."""
    return f"database unavailable at {shown_database_url()}: {redacted(root_cause(exc))}"


def shown_database_url() -> str:
    """The configured database URL with its password hidden."""
    url = _database_url()
    return url.render_as_string(hide_password=True) if url is not None else "the database"


def root_cause(exc: BaseException) -> str:
    """The innermost reason: the driver's or the operating system's own words."""
    seen = {id(exc)}
    while True:
        inner = exc.__cause__ or exc.__context__
        if inner is None or id(inner) in seen:
            break
        seen.add(id(inner))
        exc = inner
    return one_line(exc)


def one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def redacted(message: str) -> str:
    """`message` without the database password, should a driver ever quote it."""
    url = _database_url()
    password = url.password if url is not None else None
    return message.replace(password, "***") if password else message


def _database_url() -> URL | None:
    """The configured database URL, parsed; None when the settings cannot be read."""
    from sqlalchemy.engine import make_url

    from bina.config import get_settings

    try:
        return make_url(get_settings().database_url)
    except Exception:  # an error message must not fail in turn
        return None
