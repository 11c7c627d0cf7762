"""A PgBouncer in transaction pooling mode (Supabase's pooler works this way), for the tests."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.conftest import skip_or_fail
from tests.faults.cluster import free_port


@contextmanager
def pgbouncer(database_url: str) -> Iterator[str]:
    """Yields `database_url` rewritten to go through a fresh PgBouncer (transaction mode)."""
    binary = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
    if not os.path.exists(binary):
        skip_or_fail(
            "pgbouncer is not installed (apt-get install pgbouncer)", "BINA_TEST_REQUIRE_POSTGRES"
        )
    url = make_url(database_url)
    port = free_port()
    folder = tempfile.mkdtemp(prefix="bina-pgbouncer-")
    os.chmod(folder, 0o777)  # PgBouncer refuses to run as root: it runs as `postgres` below
    config = os.path.join(folder, "pgbouncer.ini")
    with open(os.path.join(folder, "users.txt"), "w") as users:
        users.write(f'"{url.username}" ""\n')
    with open(config, "w") as ini:
        ini.write(
            f"""[databases]
* = host={url.host} port={url.port or 5432}
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir =
auth_type = trust
auth_file = {folder}/users.txt
pool_mode = transaction
default_pool_size = 20
max_client_conn = 1000
ignore_startup_parameters = extra_float_digits,options
logfile = {folder}/pgbouncer.log
pidfile = {folder}/pgbouncer.pid
"""
        )
    for name in os.listdir(folder):
        os.chmod(os.path.join(folder, name), 0o666)
    command = [binary, config]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if process.poll() is not None:
                log = Path(folder, "pgbouncer.log").read_text()[-2000:]
                pytest.fail(f"pgbouncer exited: {log}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.1)
        pooled = url.set(port=port, host="127.0.0.1").update_query_dict({"pgbouncer": "1"})
        yield pooled.render_as_string(hide_password=False)
    finally:
        process.terminate()
        process.wait(10)
        shutil.rmtree(folder, ignore_errors=True)
