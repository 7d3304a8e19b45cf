"""python manage.py quarterly_report --unit CODE --year YYYY --quarter N --format xlsx|pdf --output FILE"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from casework.org.models import Unit
from casework.reports.models import ExportJob
from casework.reports.services import export_now
from core.errors import ValidationFailed

FORMATS = {"xlsx": ExportJob.Kind.QUARTERLY_XLSX, "pdf": ExportJob.Kind.QUARTERLY_PDF}


class Command(BaseCommand):
    help = "Xuất báo cáo quý của một đơn vị (và các đơn vị trực thuộc) ra tệp Excel hoặc PDF."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--unit", required=True, help="Mã đơn vị")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--quarter", required=True, type=int, choices=[1, 2, 3, 4])
        parser.add_argument("--format", default="xlsx", choices=sorted(FORMATS))
        parser.add_argument("--output", required=True, help="Đường dẫn tệp kết quả")

    def handle(self, *args, **opts) -> str:
        unit = Unit.objects.filter(code=opts["unit"]).first()
        if unit is None:
            raise CommandError(f"Không có đơn vị mã {opts['unit']}.")
        params = {"year": opts["year"], "quarter": opts["quarter"]}
        try:
            # The command line runs as the system: the whole subtree, audited with no actor.
            file = export_now(kind=FORMATS[opts["format"]], unit=unit, params=params, user=None)
        except ValidationFailed as exc:
            raise CommandError("; ".join(str(m) for ms in exc.fields.values() for m in ms)) from exc
        Path(opts["output"]).write_bytes(file.data)
        return (
            f"Đã ghi {opts['output']} ({len(file.data)} byte): báo cáo quý {opts['quarter']}/{opts['year']} của {unit}."
        )
