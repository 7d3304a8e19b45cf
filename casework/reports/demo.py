"""Demo data for reports: the sector union has sent last quarter's report to the province (idempotent)."""

from __future__ import annotations

from casework.org.models import Unit, User
from casework.reports.models import QuarterlyReport
from casework.reports.periods import quarter_current
from casework.reports.services import quarterly_report_submit

SECTOR_CODE = "CDN-YT-TB"
SUBMITTER = "btv"


def load_demo_reports() -> dict[str, int]:
    unit = Unit.objects.filter(code=SECTOR_CODE).first()
    user = User.objects.filter(username=SUBMITTER).first()
    if unit is None or user is None:
        return {"reports": 0}
    period = quarter_current().previous()
    if QuarterlyReport.objects.filter(unit=unit, year=period.year, quarter=period.quarter).exists():
        return {"reports": 0}
    quarterly_report_submit(
        unit=unit, year=period.year, quarter=period.quarter, actor=user, note="Báo cáo mẫu (dữ liệu demo)"
    )
    return {"reports": 1}
