"""Print the 100% coverage of flags per unit; exit non-zero if any flag is unaccounted for.

`--now` evaluates the clocks as of that instant (as `sweep_deadlines --now` does); `--format json`
prints `{"total": {...}, "units": [{"unit": CODE, ...}]}` with the counts of every bucket (the last
five add up to `raised`) and `flags`: the flag ids of each bucket.

The figures are read from the flags table; the command also checks that table against the audit trail
(`selectors.coverage_trail_disagreements`: a flag deleted, moved or closed by hand) and fails when they
disagree. Run `verify_audit` beside it: together they prove the figures.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from casework.inspections import selectors
from casework.org.models import Unit
from core import clock


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Ngày không hợp lệ: {value} (định dạng YYYY-MM-DD).") from exc


def _instant(value: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--now: không đọc được thời điểm {value!r} (dùng ISO 8601).") from exc
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _empty() -> dict[str, Any]:
    return {"raised": 0, **{b: 0 for b in selectors.BUCKETS}, "flags": {b: [] for b in selectors.BUCKETS}}


def coverage_json(rows: list[tuple[int, str, str]]) -> dict[str, Any]:
    """The JSON document from (flag id, unit code, bucket) rows."""
    total = _empty()
    units: dict[str, dict[str, Any]] = {}
    for flag_id, code, bucket in rows:
        unit = units.setdefault(code, {"unit": code, **_empty()})
        for entry in (total, unit):
            entry["raised"] += 1
            entry[bucket] += 1
            entry["flags"][bucket].append(flag_id)
    return {"total": total, "units": list(units.values())}


class Command(BaseCommand):
    help = (
        "Báo cáo bao phủ: mỗi dấu hiệu vi phạm đã kiểm tra, đang xử lý trong mọi thời hạn, quá hạn đã chuyển "
        "lãnh đạo, lãnh đạo quyết định kết thúc, hoặc chưa được xử lý (lệnh trả mã lỗi)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", help="mã đơn vị (gồm cả các đơn vị trực thuộc)")
        parser.add_argument("--from", dest="date_from", help="từ ngày phát hiện, YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", help="đến ngày phát hiện, YYYY-MM-DD")
        parser.add_argument(
            "--now", help="đánh giá tại thời điểm này (ISO 8601, ví dụ 2027-03-09T08:05); mặc định: bây giờ"
        )
        parser.add_argument("--format", choices=["table", "json"], default="table", help="table (mặc định) hoặc json")

    def handle(self, *args, **options) -> None:
        unit = None
        if options["unit"]:
            unit = Unit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(f"Không có đơn vị mã {options['unit']}.")
        filters: dict[str, Any] = {
            "unit": unit,
            "date_from": _date(options["date_from"]) if options["date_from"] else None,
            "date_to": _date(options["date_to"]) if options["date_to"] else None,
        }
        now = _instant(options["now"]) if options["now"] else clock.now()
        disagreements = selectors.coverage_trail_disagreements(**filters)
        with clock.frozen(now):
            if options["format"] == "json":
                unaccounted = self._json(filters)
            else:
                unaccounted = self._table(filters, proven=not disagreements)
        for reference, problem in disagreements[:50]:
            self.stderr.write(f"  {reference}: {problem}")
        if disagreements:
            raise CommandError(
                f"{len(disagreements)} dấu hiệu vi phạm trong dữ liệu không khớp nhật ký kiểm toán: "
                "số liệu bao phủ không được nhật ký chứng minh."
            )
        if unaccounted:
            raise CommandError(f"{unaccounted} dấu hiệu vi phạm chưa được xử lý theo quy định.")

    def _json(self, filters: dict[str, Any]) -> int:
        document = coverage_json(selectors.coverage_flag_buckets(user=None, **filters))
        self.stdout.write(json.dumps(document, ensure_ascii=False))
        return document["total"]["unaccounted"]

    def _table(self, filters: dict[str, Any], *, proven: bool) -> int:
        report = selectors.coverage_by_unit(user=None, **filters)
        headers = ["Đơn vị", "Phát hiện", *[str(selectors.BUCKET_LABELS[b]) for b in selectors.BUCKETS]]
        lines = [
            [f"{r['unit__code']} {r['unit__name']}", r["raised"], *[r[b] for b in selectors.BUCKETS]]
            for r in report["rows"]
        ]
        totals = report["totals"]
        lines.append(["TỔNG CỘNG", totals["raised"], *[totals[b] for b in selectors.BUCKETS]])
        widths = [max(len(str(row[i])) for row in [headers, *lines]) for i in range(len(headers))]
        for row in [headers, *lines]:
            self.stdout.write("  ".join(str(cell).ljust(widths[i]) for i, cell in enumerate(row)))
        self.stdout.write(
            f"Đã kiểm tra {totals['inspected']}/{totals['raised']}; trong mọi thời hạn {totals['in_progress']}/"
            f"{totals['raised']}; quá hạn đã chuyển lãnh đạo {totals['overdue_escalated']}/{totals['raised']}; "
            f"lãnh đạo kết thúc {totals['ended_by_leadership']}/{totals['raised']}; "
            f"chưa được xử lý {totals['unaccounted']}/{totals['raised']}."
        )
        if not report["complete"]:
            missing = selectors.coverage_drilldown(user=None, bucket="unaccounted", **filters)
            for flag in missing[:50]:
                self.stderr.write(f"  {flag.reference} {flag.unit.code} {flag.get_status_display()}")
            return totals["unaccounted"]
        if proven and totals["raised"]:
            # 100% of nothing is no fact: an empty period says so instead (selectors.share: 0/0 is "—").
            self.stdout.write(f"Đủ 100%: {totals['raised']} dấu hiệu vi phạm đều đã được xử lý theo quy định.")
        elif proven:
            self.stdout.write("Không có dấu hiệu vi phạm nào trong kỳ.")
        return 0
