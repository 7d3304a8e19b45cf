"""`manage.py backup_db [--output FILE]`: a consistent copy of the database (pg_dump -Fc, or SQLite's backup API)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from casework.ops.backup import backup_default_name, backup_write
from core import clock
from core.errors import ApplicationError


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu ra một tệp (PostgreSQL: pg_dump -Fc; SQLite: sao chép an toàn)."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="Tệp đích; mặc định backups/casework-<thời điểm>.<dump|sqlite3>")
        parser.add_argument("--database", default="default")

    def handle(self, *args, **opts):
        vendor = connections[opts["database"]].vendor
        if opts["output"]:
            path = Path(opts["output"])
        else:
            stamp = clock.now().strftime("%Y%m%d-%H%M%S")
            path = Path(settings.BASE_DIR) / "backups" / backup_default_name(vendor=vendor, stamp=stamp)
        try:
            backup_write(path=path, alias=opts["database"])
        except ApplicationError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(path))
