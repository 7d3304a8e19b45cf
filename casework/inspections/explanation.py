"""The subject unit's time to explain the draft report, and when the committee may approve the conclusion.

Source: QĐ 684/QĐ-TLĐ (08/06/2020) of the Presidium of the Vietnam General Confederation of Labour
issues the union's procedures for inspection, supervision, discipline and complaints and denunciations,
seven of them; the second is "Kiểm tra khi tổ chức, cá nhân có dấu hiệu vi phạm" (DESIGN.md cites the
decision for inspection procedures). What follows is that procedure's end as this project models it
(the text of its steps was not at hand to quote): the team sends its draft report to the unit inspected,
which explains within the time the committee gives it; the committee approves the conclusion once the
unit has explained or that time has run out without an explanation. No rule we found fixes the number
of days (DESIGN.md, docs/domain.md): a policy row ("inspection", "explanation"; 5 working days as
seeded), read when the draft report goes out, which records that day (`draft_report_sent_on`) and the
last day (`explanation_due_on`) on the inspection. The time has run out once that day has ended (Bộ luật
Dân sự 2015 Đ.148: a period ends at the close of its last day), by the injected clock.

The explanation is taken while the conclusion is not made, within the time or after it (the service
inspection_explain, online and on paper alike); one received after the last day reads as late
(`explanation_received_late`). Its day is the day it reached the committee: the day the representative
sends it in the system, or, for a unit with no account, the day its paper was received, which the chair
or the team lead records with the paper's number: not after today, not before the draft went out.

The time to explain is the unit's, not a step the committee owes: it has no clock on the deadline
engine. A clock run out counts, in the coverage proof, every flag of its inspection overdue (escalated
to the leadership, or unaccounted), while a unit's silence is the ordinary way to the conclusion, whose
own clock runs from the draft (workflows, "conclusion"). An hourly job (inspection_explanation_lapses)
routes an inspection whose time has run out to its signers instead.

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


def explanation_received_late(inspection: Any) -> bool:
    """The explanation reached the committee after the unit's last day to explain: taken all the same
    (the conclusion was not made), read as late."""
    received, due = inspection.explanation_received_on, inspection.explanation_due_on
    return received is not None and due is not None and received > due
