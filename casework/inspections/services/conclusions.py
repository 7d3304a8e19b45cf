"""After the conclusion: recommendations with their follow-up clock, and discipline proposals to leadership."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from casework.audit.services import audit_record
from casework.inspections.models import (
    DisciplineProposal,
    Inspection,
    Recommendation,
)
from casework.inspections.services.guards import (
    inspection_lock,
    require_staff,
    require_status,
)
from casework.org.models import Role, Unit, User
from casework.org.selectors import users_with_role
from core import clock
from core.errors import ValidationFailed
from notifications.services import notify
from workflows.flows.routing import process_advance
from workflows.services.deadlines import deadline_open
from workflows.services.escalations import escalation_open

DISCIPLINE_VALUES = ("khien_trach", "canh_cao", "cach_chuc", "khai_tru")


@transaction.atomic
def recommendation_add(
    *, inspection: Inspection, text: str, owner_unit: Unit, due_on: dt.date, actor: User
) -> Recommendation:
    """A recommendation of the conclusion; its report clock runs to the due date set here."""
    inspection = inspection_lock(inspection)
    require_staff(actor, inspection)
    require_status(inspection, Inspection.Status.CONCLUDED, Inspection.Status.CLOSED, action=_("thêm kiến nghị"))
    errors = {}
    if not (text or "").strip():
        errors["text"] = _("Phải nhập nội dung kiến nghị.")
    if owner_unit is None or not owner_unit.is_within(inspection.unit):
        errors["owner_unit"] = _("Đơn vị thực hiện phải thuộc phạm vi của đơn vị tiến hành kiểm tra.")
    if due_on is None or due_on <= clock.today():
        errors["due_on"] = _("Hạn thực hiện phải sau ngày hôm nay.")
    if errors:
        raise ValidationFailed(errors)
    rec = Recommendation.objects.create(
        inspection=inspection, text=text.strip(), owner_unit=owner_unit, due_on=due_on, created_at=clock.now()
    )
    process_advance(obj=rec)
    deadline_open(target=rec, unit=owner_unit, step="report", subject="followup", due_on=due_on)
    audit_record(
        actor=actor,
        action="recommendation.create",
        target=rec,
        unit=owner_unit,
        after={"status": rec.status, "inspection": inspection.pk, "due_on": due_on},
    )
    notify(
        users=users_with_role(unit=owner_unit, roles=[Role.SUBJECT_REP]),
        title=f"Kiến nghị cần thực hiện trước {due_on:%d/%m/%Y}",
        body=rec.text,
        url=f"/inspections/recommendations/{rec.pk}/",
        unit=owner_unit,
        key=f"recommendation:{rec.pk}:create",
    )
    return rec


@transaction.atomic
def discipline_propose(
    *, inspection: Inspection, person: str, proposal: str, reason: str, actor: User
) -> DisciplineProposal:
    """Propose discipline to the competent body: it goes to the leadership queue."""
    inspection = inspection_lock(inspection)
    require_staff(actor, inspection)
    require_status(inspection, Inspection.Status.CONCLUDED, Inspection.Status.CLOSED, action=_("đề nghị kỷ luật"))
    errors = {}
    if not (person or "").strip():
        errors["person"] = _("Phải nêu người bị đề nghị kỷ luật.")
    if proposal not in DISCIPLINE_VALUES:
        errors["proposal"] = _("Hình thức: khiển trách, cảnh cáo, cách chức hoặc khai trừ.")
    if not (reason or "").strip():
        errors["reason"] = _("Phải nêu lý do đề nghị.")
    if errors:
        raise ValidationFailed(errors)
    item = DisciplineProposal.objects.create(
        inspection=inspection, person=person.strip(), proposal=proposal, reason=reason.strip(), created_at=clock.now()
    )
    escalation = escalation_open(
        target=item,
        unit=inspection.unit,
        reason=f"Đề nghị kỷ luật {item.person} theo kết luận {inspection.reference}: {item.reason}",
        proposal=proposal,
        actor=actor,
    )
    item.escalation_id = escalation.pk
    item.save(update_fields=["escalation_id"])
    audit_record(
        actor=actor,
        action="inspection.discipline_propose",
        target=inspection,
        unit=inspection.unit,
        after={"proposal": item.pk, "escalation": escalation.pk, "discipline": proposal},
        reason=item.reason,
    )
    return item


def discipline_escalation_handle(
    *, escalation: Any, decision: str, actor: Any, reason: str, new_due_on: Any = None, discipline: str | None = None
) -> None:
    item = DisciplineProposal.objects.select_for_update().get(pk=int(escalation.target_id))
    item.decision = discipline or decision
    item.decision_reason = reason
    item.save(update_fields=["decision", "decision_reason"])
