"""`make bench`: run every benchmark and collect what they print into bench/results.md.

Each script prints its own table with a reference measured in the same run; this one adds
the date, the machine and the versions, so a results file can be read on its own later.
"""

from __future__ import annotations

import sys

sys.path[:] = [p for p in sys.path if not p.rstrip("/").endswith("bench")]  # see queue.py

import os
import platform
import sqlite3
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

BENCHMARKS = [
    ("Job core vs peers (bench/queue.py)", ["queue.py"]),
    ("SQLite: one statement through each layer (bench/sqlite_layer.py)", ["sqlite_layer.py"]),
    ("A SIGKILLed worker's jobs taken over (bench/takeover.py)", ["takeover.py"]),
    ("Generation (bench/generate.py)", ["generate.py"]),
    ("Facts read right (bench/facts.py)", ["facts.py"]),
    ("HTTP API (bench/api.py)", ["api.py"]),
    ("Phone networks (bench/mobile.py)", ["mobile.py"]),
    (
        "A killed server on phone networks (bench/mobile.py --compare-kill)",
        ["mobile.py", "--compare-kill"],
    ),
    ("Sites: edit, serve /s/{slug}, upload photos (bench/sites.py)", ["sites.py"]),
    ("Status polls vs the original design (bench/polls.py)", ["polls.py"]),
]


def _command_output(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return "not found"


def machine() -> list[str]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    commit = _command_output(["git", "-C", str(ROOT), "rev-parse", "--short=8", "HEAD"])
    return [
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M UTC}",
        f"- machine: {os.cpu_count()} cores ({cpu}), {memory_kb / 1024 / 1024:.0f} GiB, "
        f"{platform.system()} {platform.release()}",
        f"- load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}",
        f"- Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"{_command_output(['psql', '--version']) or 'psql not found'}",
        f"- Bina commit: {commit}",
    ]


def _kept_sections(results: Path, rerun: set[str]) -> dict[str, str]:
    """The sections of an earlier results file, by title, except those run again now."""
    if not results.exists():
        return {}
    kept: dict[str, str] = {}
    for part in results.read_text().split("\n## ")[1:]:
        title = part.split("\n", 1)[0]
        if title not in rerun:
            kept[title] = "## " + part.rstrip() + "\n"
    return kept


def main() -> None:
    """`run_all.py` runs everything; `run_all.py sites.py polls.py` runs those and keeps the
    other sections of bench/results.md (each section says when and on what it was measured).
    A script with arguments is named with them, as one word: `run_all.py "mobile.py
    --compare-kill"`; its name alone runs it without."""
    only = set(sys.argv[1:])
    results = HERE / "results.md"
    rerun = {title for title, script in BENCHMARKS if not only or " ".join(script) in only}
    kept = _kept_sections(results, rerun) if only else {}
    sections = ["# Benchmark results", "", *machine(), ""]
    for title, script in BENCHMARKS:
        if only and " ".join(script) not in only:
            continue
        print(f"== {title}", flush=True)
        started = time.monotonic()
        run = subprocess.run(
            [sys.executable, str(HERE / script[0]), *script[1:]],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )
        print(run.stdout, flush=True)
        if run.returncode != 0:
            print(run.stderr[-3000:], file=sys.stderr)
        kept[title] = "\n".join(
            [
                f"## {title}",
                "",
                f"({time.monotonic() - started:.0f} s, exit code {run.returncode}, "
                f"{datetime.now(UTC):%Y-%m-%d %H:%M UTC}, commit {machine()[-1].split(': ')[-1]})",
                "",
                "```",
                run.stdout.rstrip() or run.stderr[-2000:].rstrip(),
                "```",
                "",
            ]
        )
    # In the order of BENCHMARKS; sections of scripts no longer listed are dropped.
    for title, _script in BENCHMARKS:
        if title in kept:
            sections.append(kept[title].rstrip() + "\n")
    results.write_text("\n".join(sections))
    print(f"wrote {HERE / 'results.md'}")


if __name__ == "__main__":
    main()
