"""A worker process for the multi-process tests: a tiny handler, completions logged to a file.

Usage: python worker_process.py URL LOG_FILE --concurrency C --job-seconds S --lease L
    [--grace G] [--takeover-check T]

A line `completed <job_id>` is written only after the store accepted the completion, i.e. the
fence let it through, so the log counts completions at the fence.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
from datetime import timedelta

from bina.app.job_columns import WEBSITE_COLUMNS
from bina.jobs import Job, JobHandlerBase, Payload, ProgressReporter, Worker, open_store
from bina.jobs.worker import WorkerSettings


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("log")
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--job-seconds", type=float, default=0.0)
    parser.add_argument("--lease", type=float, default=2.0)
    parser.add_argument("--grace", type=float, default=0.0)
    parser.add_argument("--takeover-check", type=float, default=0.5)
    args = parser.parse_args()

    class Handler(JobHandlerBase):
        async def __call__(self, job: Job, reporter: ProgressReporter) -> Payload:
            steps = 4
            for step in range(1, steps + 1):
                await asyncio.sleep(args.job_seconds / steps)
                await reporter.progress("working", step * 20, f"step {step}")
            return {"html": f"<p>{job.job_id}</p>", "styles": [{"pid": os.getpid()}]}

    log = open(args.log, "a", buffering=1)  # noqa: SIM115 - kept open for the process's life

    def on_finished(job: Job, outcome: str, _seconds: float) -> None:
        log.write(f"{outcome} {job.job_id}\n")

    settings = WorkerSettings(
        concurrency=args.concurrency,
        lease_seconds=args.lease,
        heartbeat_seconds=args.lease / 4,
        poll_seconds=0.1,
        retention=timedelta(hours=1),
        shutdown_grace_seconds=args.grace,
        retry_backoff_seconds=0.1,
        takeover_check_seconds=args.takeover_check,
    )
    async with open_store(
        args.url, columns=WEBSITE_COLUMNS, poll_seconds=0.1, pool_size=args.concurrency + 2
    ) as store:
        worker = Worker(store, Handler(), settings, on_finished=on_finished)
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGTERM, worker.stop)
        print("ready", flush=True)
        await worker.run()


if __name__ == "__main__":
    asyncio.run(main())
