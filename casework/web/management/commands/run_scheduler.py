"""The embedded scheduler: runs the periodic jobs in-process when there is no Celery beat.

`make run` starts it beside the development server. It stops cleanly on SIGTERM/SIGINT.
Each job is idempotent, so running it beside a real beat by mistake is safe.
"""

import signal
import threading

from django.core.management.base import BaseCommand

from casework.web.schedule import run_periodic_jobs, seconds_to_next_job


class Command(BaseCommand):
    help = "Chạy các tác vụ định kỳ (quét thời hạn, gửi thư) trong tiến trình, không cần Redis."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true")

    def handle(self, *args, **opts):
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        signal.signal(signal.SIGINT, lambda *_: stop.set())
        last_run: dict[str, float] = {}
        while not stop.is_set():
            # Each job keeps its own interval (PERIODIC_JOBS): the hourly audit check must not
            # run every minute beside the sweep.
            summary = run_periodic_jobs(last_run=last_run)
            if summary:
                self.stdout.write(f"scheduler: {summary}")
            if opts["once"]:
                break
            stop.wait(max(1.0, seconds_to_next_job(last_run)))
        self.stdout.write("scheduler: stopped")
