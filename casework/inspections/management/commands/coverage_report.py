"""Print the 100% coverage table of flags per unit; exit non-zero if any flag is unaccounted for."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser

from casework.inspections import selectors
from casework.org.models import Unit


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Ngày không hợp lệ: {value} (định dạng YYYY-MM-DD).") from exc


class Command(BaseCommand):
    help = "Báo cáo bao phủ: mỗi dấu hiệu vi phạm đã kiểm tra, đang trong hạn, quá hạn đã chuyển lãnh đạo, hoặc lãnh đạo đã quyết định."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", help="mã đơn vị (gồm cả các đơn vị trực thuộc)")
        parser.add_argument("--from", dest="date_from", help="từ ngày phát hiện, YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", help="đến ngày phát hiện, YYYY-MM-DD")

    def handle(self, *args, **options) -> None:  # noqa: ANN002, ANN003
        unit = None
        if options["unit"]:
            unit = Unit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(f"Không có đơn vị mã {options['unit']}.")
        date_from = _date(options["date_from"]) if options["date_from"] else None
        date_to = _date(options["date_to"]) if options["date_to"] else None
        report = selectors.coverage_by_unit(user=None, unit=unit, date_from=date_from, date_to=date_to)
        headers = ["Đơn vị", "Phát hiện", *[str(selectors.BUCKET_LABELS[b]) for b in selectors.BUCKETS], "%"]
        lines = [
            [f"{r['unit__code']} {r['unit__name']}", r["raised"], *[r[b] for b in selectors.BUCKETS], r["percent"]]
            for r in report["rows"]
        ]
        totals = report["totals"]
        lines.append(["TỔNG CỘNG", totals["raised"], *[totals[b] for b in selectors.BUCKETS], totals["percent"]])
        widths = [max(len(str(row[i])) for row in [headers, *lines]) for i in range(len(headers))]
        for row in [headers, *lines]:
            self.stdout.write("  ".join(str(cell).ljust(widths[i]) for i, cell in enumerate(row)))
        if not report["complete"]:
            missing = selectors.coverage_drilldown(
                user=None, bucket="unaccounted", unit=unit, date_from=date_from, date_to=date_to
            )
            for flag in missing[:50]:
                self.stderr.write(f"  {flag.reference} {flag.unit.code} {flag.get_status_display()}")
            raise CommandError(f"{totals['unaccounted']} dấu hiệu vi phạm chưa được xử lý theo quy định.")
        self.stdout.write(f"Đủ 100%: {totals['raised']} dấu hiệu vi phạm đều đã được xử lý theo quy định.")
