"""python manage.py prune_exports [--days 7]: delete old export files (they hold copies of case data)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from casework.reports.services import EXPORT_KEEP_DAYS, export_jobs_prune


class Command(BaseCommand):
    help = "Xóa các tệp xuất cũ hơn số ngày cho phép."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=EXPORT_KEEP_DAYS)

    def handle(self, *args, **opts) -> str:
        removed = export_jobs_prune(keep_days=opts["days"])
        return f"Đã xóa {removed} tệp xuất cũ hơn {opts['days']} ngày."
