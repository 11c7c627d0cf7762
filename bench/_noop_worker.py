"""One worker process for bench/queue.py: Bina's job core, or a peer from bench/peers/.

    _noop_worker.py SYSTEM URL --ready FILE [--concurrency 10] [--record FILE] [--done FILE]

SYSTEM is `bina` or a peer name (procrastinate, pgqueuer, huey). The handler does nothing;
with --record it first appends `seq enqueued_at started_at` (wall clock) to FILE, the same
way for every system. The worker writes its wall clock to the --ready file just before it
starts consuming, and stops on SIGTERM.
"""

from __future__ import annotations

import sys
from pathlib import Path

# This folder holds `queue.py`, which would shadow the standard library's `queue` module
# (imported by asyncio) for scripts run from here: take the folder off the import path first,
# and put the checkout's root at the end so `bench.peers` imports as a package.
sys.path[:] = [p for p in sys.path if not p.rstrip("/").endswith("bench")]
sys.path.append(str(Path(__file__).resolve().parent.parent))

import argparse
import asyncio
import signal

from bench.peers import PEERS, Recorder, load, signal_ready

from bina.api import site_jobs
from bina.app.job_columns import WEBSITE_COLUMNS
from bina.jobs import Job, JobHandlerBase, Payload, ProgressReporter, Worker, open_store
from bina.jobs.worker import WorkerSettings


async def run_bina(url: str, concurrency: int, recorder: Recorder | None, ready: Path) -> None:
    class Noop(JobHandlerBase):
        async def __call__(self, job: Job, reporter: ProgressReporter) -> Payload:
            if recorder is not None:  # the payload rides in the description
                recorder.started(site_jobs.description_of(job))
            return {}

    settings = WorkerSettings(concurrency=concurrency, lease_seconds=30, heartbeat_seconds=10)
    async with open_store(
        url, columns=WEBSITE_COLUMNS, pool_size=concurrency + 2, listen_job_changes=False
    ) as store:
        worker = Worker(store, Noop(), settings)
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, worker.stop)
        signal_ready(ready)
        await worker.run()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("system", choices=["bina", *PEERS])
    parser.add_argument("url")
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--ready", type=Path, required=True)
    parser.add_argument("--record", type=Path)
    parser.add_argument("--done", type=Path, default=Path("/dev/null"))
    args = parser.parse_args()
    recorder = Recorder(args.record) if args.record else None
    if args.system == "bina":
        asyncio.run(run_bina(args.url, args.concurrency, recorder, args.ready))
    else:
        load(args.system).run_worker(args.url, args.concurrency, recorder, args.done, args.ready)


if __name__ == "__main__":
    main()
