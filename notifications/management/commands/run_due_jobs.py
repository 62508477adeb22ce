import time

from django.core.management.base import BaseCommand

from notifications import jobs


class Command(BaseCommand):
    help = (
        "Run every periodic job that is due, once (for cron). With --loop, keep doing so every few "
        "seconds until stopped: the embedded default's stand-in for Celery beat."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop",
            type=float,
            metavar="SECONDS",
            help="run the due jobs again every SECONDS until interrupted",
        )

    def handle(self, *args, loop=None, **options):
        while True:
            for name in jobs.run_due_jobs():
                self.stdout.write(f"ran {name}")
            if loop is None:
                return
            try:
                time.sleep(loop)
            except KeyboardInterrupt:
                return
