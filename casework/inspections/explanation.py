"""The subject unit's time to explain the draft report, and when the committee may approve the conclusion.

QĐ 684/QĐ-TLĐ (quy trình kiểm tra khi tổ chức, cá nhân có dấu hiệu vi phạm, bước kết thúc kiểm tra):
the team sends its draft report to the unit inspected, which explains within the time the committee
gives it; the committee approves the conclusion once the unit has explained or that time has run out
without an explanation. The number of days is the committee's (no rule fixes it, docs/domain.md): a
policy row ("inspection", "explanation"), read when the draft report goes out, which records the last
day on the inspection (`explanation_due_on`). The time has run out once that day has ended (Bộ luật
Dân sự 2015 Đ.148: a period ends at the close of its last day), by the injected clock.

One rule for the service (inspection_conclude), the actions offered (page and API), the list of what
waits on a signature and the flow, which opens the conclusion's task then (Inspection.route_state).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q

from core import clock

EXPLANATION_STEP = "explanation"
# Routing state of an inspection in "reporting" whose unit's time to explain has run out.
REPORTING_LAPSED = "reporting:lapsed"


def explanation_due_on_from(start: dt.date | None = None) -> dt.date:
    """The last day for the unit's explanation of a draft report sent on `start` (today by default),
    by the policy in force and the working-day calendar."""
    from casework.inspections.services.guards import SUBJECT
    from workflows.services.deadlines import deadline_due_on

    return deadline_due_on(subject=SUBJECT, step=EXPLANATION_STEP, start=start)


def explanation_lapsed(inspection: Any, *, today: dt.date | None = None) -> bool:
    """In "reporting", the unit's time to explain has run out (its last day has ended). A draft sent
    with no last day recorded sets none: nothing holds the conclusion back."""
    if inspection.status != "reporting":
        return False
    due = inspection.explanation_due_on
    return due is None or (today or clock.today()) > due


def explanation_over(inspection: Any, *, today: dt.date | None = None) -> bool:
    """Whether the conclusion may be approved as far as the explanation goes: the unit has explained,
    or its time to explain has run out."""
    return inspection.status == "explained" or explanation_lapsed(inspection, today=today)


def explanation_over_q(*, today: dt.date | None = None, prefix: str = "") -> Q:
    """`explanation_over` as a filter over inspections (through `prefix`)."""
    today = today or clock.today()
    lapsed = Q(**{f"{prefix}explanation_due_on__isnull": True}) | Q(**{f"{prefix}explanation_due_on__lt": today})
    return Q(**{f"{prefix}status": "explained"}) | (Q(**{f"{prefix}status": "reporting"}) & lapsed)
