"""Inspections step by step: open (planned or ad hoc), team, decision, notice, fieldwork, report, conclusion.

Each step starts or stops its clock from the policy table (subject "inspection": notice,
fieldwork, conclusion) in the same transaction as the step itself.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from casework import clock
from casework.audit.services import audit_record
from casework.errors import OutOfScope, TransitionNotAllowed, ValidationFailed
from casework.inspections.models import (
    Category,
    ChecklistItem,
    ConflictDeclaration,
    DisciplineProposal,
    Finding,
    Flag,
    Inspection,
    InspectionPlan,
    PlanItem,
    Recommendation,
    TeamMember,
)
from casework.inspections.roles import (
    CHAIR,
    CHECKLIST,
    COMMITTEE_ROLES,
    INSPECTION_STAFF,
    LEADERSHIP,
    SMALL_UNION_MEMBERS,
    TEAM_MINIMUM,
)
from casework.inspections.services.flags import flags_assign, flags_mark_inspected
from casework.org.models import Role, RoleAssignment, Unit, User
from casework.org.selectors import unit_is_visible, user_has_role, users_with_role
from notifications.services import notify
from workflows.services import deadline_close, deadline_open, escalation_open

SUBJECT = "inspection"
DISCIPLINE_VALUES = ("khien_trach", "canh_cao", "cach_chuc", "khai_tru")


def _url(inspection: Inspection) -> str:
    return f"/inspections/{inspection.pk}/"


def _lock(inspection: Inspection) -> Inspection:
    return Inspection.objects.select_for_update().select_related("unit", "subject_unit").get(pk=inspection.pk)


def _require_staff(actor: User, inspection: Inspection, message: str = "") -> None:
    if not unit_is_visible(user=actor, unit=inspection.unit):
        raise OutOfScope("Không tìm thấy cuộc kiểm tra.")
    if not user_has_role(user=actor, roles=INSPECTION_STAFF, unit=inspection.unit):
        raise TransitionNotAllowed(message or "Chỉ Ủy ban kiểm tra của đơn vị được thực hiện bước này.")


def _require_team(actor: User, inspection: Inspection) -> None:
    _require_staff(actor, inspection)
    if not actor.is_superuser and not inspection.team.filter(user=actor).exists():
        if not user_has_role(user=actor, roles=CHAIR, unit=inspection.unit):
            raise TransitionNotAllowed("Chỉ thành viên đoàn kiểm tra được thực hiện bước này.")


def _require_subject_rep(actor: User, inspection: Inspection) -> None:
    if not user_has_role(user=actor, roles=(Role.SUBJECT_REP,), unit=inspection.subject_unit):
        raise OutOfScope("Không tìm thấy cuộc kiểm tra.")


def _require_status(inspection: Inspection, *statuses: str, action: str) -> None:
    if inspection.status not in statuses:
        raise TransitionNotAllowed(
            f"Không thể {action} khi cuộc kiểm tra đang ở bước “{inspection.get_status_display()}”."
        )


def _step(inspection: Inspection, actor: User, action: str, before: str, reason: str = "", **after: Any) -> None:
    audit_record(
        actor=actor,
        action=f"inspection.{action}",
        target=inspection,
        unit=inspection.unit,
        before={"status": before},
        after={"status": inspection.status, **after},
        reason=reason,
    )


def _subject_reps(inspection: Inspection) -> list[User]:
    return list(users_with_role(unit=inspection.subject_unit, roles=[Role.SUBJECT_REP]))


def _store_uploads(uploads: list[UploadedFile] | None, *, target: Any, unit: Unit, actor: User, kind: str) -> int:
    if not uploads:
        return 0
    from casework.files.services import attachment_store

    for upload in uploads:
        attachment_store(upload=upload, target=target, unit=unit, actor=actor, kind=kind)
    return len(uploads)


def _checklist_build(inspection: Inspection) -> None:
    for topic in inspection.topics:
        for code, label in CHECKLIST.get(topic, []):
            ChecklistItem.objects.get_or_create(
                inspection=inspection, code=f"{topic}:{code}", defaults={"topic": topic, "label": label}
            )


@transaction.atomic
def inspection_open(
    *,
    unit: Unit,
    subject_unit: Unit,
    actor: User,
    title: str = "",
    topics: list[str] | None = None,
    plan_item: PlanItem | None = None,
    flags: list[Flag] | None = None,
    complex: bool = False,
) -> Inspection:
    """Open a planned inspection (from a plan item) or an ad hoc one (from flags: topics default to theirs)."""
    flags = list(flags or [])
    if not unit_is_visible(user=actor, unit=unit):
        raise OutOfScope("Không tìm thấy đơn vị.")
    if not user_has_role(user=actor, roles=INSPECTION_STAFF, unit=unit):
        raise TransitionNotAllowed("Chỉ Ủy ban kiểm tra của đơn vị được mở cuộc kiểm tra.")
    errors: dict[str, str] = {}
    if plan_item is not None:
        plan_item = PlanItem.objects.select_related("plan", "subject_unit").get(pk=plan_item.pk)
        if plan_item.plan.status not in (InspectionPlan.Status.APPROVED, InspectionPlan.Status.ACTIVE):
            errors["plan_item"] = "Kế hoạch chưa được phê duyệt."
        subject_unit = plan_item.subject_unit
        topics = topics or list(plan_item.topics)
    topics = list(dict.fromkeys(topics or [f.category for f in flags]))
    if subject_unit is None or not subject_unit.is_within(unit):
        errors["subject_unit"] = "Đơn vị được kiểm tra phải thuộc phạm vi của đơn vị tiến hành."
    if not topics or any(t not in Category.values for t in topics):
        errors["topics"] = "Phải chọn ít nhất một nội dung kiểm tra hợp lệ."
    if plan_item is None and not flags and not (title or "").strip():
        errors["flags"] = "Cuộc kiểm tra đột xuất phải có dấu hiệu vi phạm hoặc tên cuộc kiểm tra."
    if errors:
        raise ValidationFailed(errors)
    kind = Inspection.Kind.PLANNED if plan_item else Inspection.Kind.AD_HOC
    title = (title or "").strip() or (
        f"Kiểm tra {'theo kế hoạch' if plan_item else 'khi có dấu hiệu vi phạm'} tại {subject_unit.name}"
    )
    inspection = Inspection.objects.create(
        unit=unit,
        subject_unit=subject_unit,
        kind=kind,
        plan_item=plan_item,
        title=title[:255],
        topics=topics,
        complex=complex,
        created_by=actor,
        created_at=clock.now(),
    )
    _checklist_build(inspection)
    if plan_item is not None and plan_item.team_lead_id:
        TeamMember.objects.create(inspection=inspection, user=plan_item.team_lead, role=TeamMember.Role.LEAD)
    audit_record(
        actor=actor,
        action="inspection.open",
        target=inspection,
        unit=unit,
        after={"status": inspection.status, "kind": kind, "subject_unit": subject_unit.pk, "topics": topics},
    )
    if flags:
        flags_assign(inspection=inspection, flags=flags, actor=actor)
    return inspection


@transaction.atomic
def inspection_flags_add(*, inspection: Inspection, flags: list[Flag], actor: User) -> Inspection:
    """Group more flags about the same unit into an inspection that has not concluded yet."""
    inspection = _lock(inspection)
    _require_staff(actor, inspection)
    if not inspection.is_open:
        raise TransitionNotAllowed("Cuộc kiểm tra đã có kết luận, không thể thêm dấu hiệu vi phạm.")
    if not flags:
        raise ValidationFailed({"flags": "Chọn ít nhất một dấu hiệu vi phạm."})
    flags_assign(inspection=inspection, flags=flags, actor=actor)
    new_topics = [f.category for f in flags if f.category not in inspection.topics]
    if new_topics:
        inspection.topics = list(dict.fromkeys([*inspection.topics, *new_topics]))
        inspection.save(update_fields=["topics"])
        _checklist_build(inspection)
    return inspection


def team_minimum(inspection: Inspection) -> int:
    unit = inspection.unit
    if unit.kind == Unit.Kind.GRASSROOTS and unit.member_count < SMALL_UNION_MEMBERS:
        return 1
    return TEAM_MINIMUM


def team_conflicts(*, users: list[User], subject_unit: Unit) -> dict[int, str]:
    """Members who may not inspect the subject unit, with the reason shown to the chair."""
    today = clock.today()
    conflicts: dict[int, str] = {}
    held = (
        RoleAssignment.objects.active_on(today)
        .filter(user__in=users, unit__path__startswith=subject_unit.path)
        .exclude(role__in=COMMITTEE_ROLES)
        .select_related("unit")
    )
    for ra in held:
        conflicts.setdefault(ra.user_id, f"giữ vai trò “{ra.get_role_display()}” tại {ra.unit.name}")
    declared = ConflictDeclaration.objects.filter(
        user__in=users, unit__in=[subject_unit, *subject_unit.ancestors()]
    ).select_related("unit")
    for d in declared:
        conflicts.setdefault(d.user_id, f"đã kê khai xung đột lợi ích với {d.unit.name} ({d.reason})")
    return conflicts


@transaction.atomic
def inspection_team_set(*, inspection: Inspection, members: list[User], lead: User, actor: User) -> Inspection:
    """Form the team: at least 3 (1 for a small grassroots union), no one conflicted with the subject."""
    inspection = _lock(inspection)
    _require_staff(actor, inspection)
    _require_status(inspection, Inspection.Status.OPENED, action="thay đổi đoàn kiểm tra")
    people = list({u.pk: u for u in [lead, *members] if u is not None}.values())
    errors: dict[str, list[str]] = {}
    minimum = team_minimum(inspection)
    if lead is None:
        errors.setdefault("lead", []).append("Phải chọn trưởng đoàn.")
    if len(people) < minimum:
        errors.setdefault("members", []).append(
            f"Đoàn kiểm tra phải có ít nhất {minimum} thành viên (hiện có {len(people)})."
        )
    outside = [u for u in people if not user_has_role(user=u, roles=INSPECTION_STAFF, unit=inspection.unit)]
    for u in outside:
        errors.setdefault("members", []).append(f"{u} không phải ủy viên Ủy ban kiểm tra của đơn vị.")
    for user_id, why in team_conflicts(users=people, subject_unit=inspection.subject_unit).items():
        who = next(u for u in people if u.pk == user_id)
        errors.setdefault("members", []).append(f"{who} không được tham gia đoàn vì {why} (xung đột lợi ích).")
    if errors:
        raise ValidationFailed(errors)
    inspection.team.all().delete()
    for user in people:
        role = TeamMember.Role.LEAD if user.pk == lead.pk else TeamMember.Role.MEMBER
        TeamMember.objects.create(inspection=inspection, user=user, role=role)
    _step(
        inspection,
        actor,
        "team_set",
        inspection.status,
        team=[u.pk for u in people],
        lead=lead.pk,
    )
    return inspection


@transaction.atomic
def inspection_decide(*, inspection: Inspection, number: str, actor: User) -> Inspection:
    """Quyết định kiểm tra: the committee chair signs (a complex matter: the union chair, i.e. BTV)."""
    inspection = _lock(inspection)
    if not unit_is_visible(user=actor, unit=inspection.unit):
        raise OutOfScope("Không tìm thấy cuộc kiểm tra.")
    signers = (*CHAIR, *LEADERSHIP) if inspection.complex else CHAIR
    if not user_has_role(user=actor, roles=signers, unit=inspection.unit):
        raise TransitionNotAllowed(
            "Chỉ Chủ nhiệm UBKT (hoặc Chủ tịch, Phó Chủ tịch khi phức tạp) được ký quyết định kiểm tra."
        )
    _require_status(inspection, Inspection.Status.OPENED, action="ra quyết định")
    number = (number or "").strip()
    errors = {}
    if not number:
        errors["number"] = "Phải nhập số quyết định (ví dụ 05/QĐ-UBKT)."
    elif Inspection.objects.filter(unit=inspection.unit, decision_number=number).exclude(pk=inspection.pk).exists():
        errors["number"] = f"Số quyết định {number} đã được dùng."
    count = inspection.team.count()
    if count < team_minimum(inspection) or not inspection.team.filter(role=TeamMember.Role.LEAD).exists():
        errors["team"] = f"Phải lập đoàn kiểm tra đủ {team_minimum(inspection)} thành viên, có trưởng đoàn."
    if errors:
        raise ValidationFailed(errors)
    inspection.decide(number=number, by=actor, at=clock.now())
    inspection.save()
    lead = inspection.team.filter(role=TeamMember.Role.LEAD).first()
    deadline_open(target=inspection, unit=inspection.unit, step="notice", subject=SUBJECT, assignee=lead.user)
    _step(inspection, actor, "decide", Inspection.Status.OPENED, number=number)
    notify(
        users=[m.user for m in inspection.team.select_related("user")],
        title=f"Quyết định kiểm tra {number}: {inspection.title}",
        url=_url(inspection),
        unit=inspection.unit,
        key=f"inspection:{inspection.pk}:decide",
    )
    return inspection


@transaction.atomic
def inspection_notify(*, inspection: Inspection, text: str, actor: User) -> Inspection:
    """Thông báo to the subject unit, listing the documents it must provide."""
    inspection = _lock(inspection)
    _require_team(actor, inspection)
    _require_status(inspection, Inspection.Status.DECIDED, action="gửi thông báo")
    if not (text or "").strip():
        raise ValidationFailed({"text": "Phải nhập nội dung thông báo và tài liệu yêu cầu."})
    inspection.notify_subject(text.strip())
    inspection.save()
    deadline_close(target=inspection, step="notice")
    lead = inspection.team.filter(role=TeamMember.Role.LEAD).first()
    deadline_open(
        target=inspection, unit=inspection.unit, step="fieldwork", subject=SUBJECT, assignee=lead.user if lead else None
    )
    _step(inspection, actor, "notify", Inspection.Status.DECIDED)
    notify(
        users=_subject_reps(inspection),
        title=f"Thông báo kiểm tra {inspection.reference}",
        body=text,
        url=_url(inspection),
        unit=inspection.subject_unit,
        key=f"inspection:{inspection.pk}:notify",
    )
    return inspection


@transaction.atomic
def inspection_acknowledge(
    *, inspection: Inspection, actor: User, uploads: list[UploadedFile] | None = None
) -> Inspection:
    """The subject unit's representative acknowledges the notice and uploads the documents requested."""
    inspection = _lock(inspection)
    _require_subject_rep(actor, inspection)
    _require_status(inspection, Inspection.Status.NOTIFIED, action="xác nhận thông báo")
    inspection.acknowledge(by=actor, at=clock.now())
    inspection.save()
    stored = _store_uploads(uploads, target=inspection, unit=inspection.subject_unit, actor=actor, kind="documents")
    _step(inspection, actor, "acknowledge", Inspection.Status.NOTIFIED, documents=stored)
    notify(
        users=[m.user for m in inspection.team.select_related("user")],
        title=f"Đơn vị đã xác nhận thông báo kiểm tra {inspection.reference}",
        url=_url(inspection),
        unit=inspection.unit,
        key=f"inspection:{inspection.pk}:acknowledge",
    )
    return inspection


@transaction.atomic
def inspection_documents_add(*, inspection: Inspection, actor: User, uploads: list[UploadedFile]) -> int:
    inspection = _lock(inspection)
    _require_subject_rep(actor, inspection)
    if not inspection.is_open:
        raise TransitionNotAllowed("Cuộc kiểm tra đã kết luận.")
    if not uploads:
        raise ValidationFailed({"file": "Chọn ít nhất một tệp."})
    stored = _store_uploads(uploads, target=inspection, unit=inspection.subject_unit, actor=actor, kind="documents")
    _step(inspection, actor, "documents", inspection.status, documents=stored)
    return stored


@transaction.atomic
def checklist_mark(*, item: ChecklistItem, actor: User, done: bool = True, note: str = "") -> ChecklistItem:
    inspection = _lock(item.inspection)
    _require_team(actor, inspection)
    _require_status(inspection, Inspection.Status.FIELDWORK, action="cập nhật danh mục kiểm tra")
    item = ChecklistItem.objects.select_for_update().get(pk=item.pk)
    item.done, item.note, item.checked_by = done, (note or "").strip(), actor
    item.save()
    audit_record(
        actor=actor,
        action="inspection.check",
        target=inspection,
        unit=inspection.unit,
        after={"item": item.code, "done": done},
        reason=item.note,
    )
    return item


def _amount(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value).replace(".", "").replace(",", "").replace(" ", ""))
    except InvalidOperation as exc:
        raise ValidationFailed({"amount": "Số tiền phải là số (đồng)."}) from exc
    if amount < 0:
        raise ValidationFailed({"amount": "Số tiền không được âm."})
    return amount


@transaction.atomic
def finding_add(
    *,
    inspection: Inspection,
    topic: str,
    description: str,
    actor: User,
    evidence: str = "",
    amount: Any = None,
    uploads: list[UploadedFile] | None = None,
) -> Finding:
    inspection = _lock(inspection)
    _require_team(actor, inspection)
    _require_status(inspection, Inspection.Status.FIELDWORK, Inspection.Status.REPORTING, action="ghi nhận kết quả")
    errors = {}
    if topic not in Category.values:
        errors["topic"] = "Nội dung không hợp lệ."
    if not (description or "").strip():
        errors["description"] = "Phải mô tả nội dung phát hiện."
    if errors:
        raise ValidationFailed(errors)
    finding = Finding.objects.create(
        inspection=inspection,
        topic=topic,
        description=description.strip(),
        evidence=(evidence or "").strip(),
        amount=_amount(amount),
        created_by=actor,
        created_at=clock.now(),
    )
    _store_uploads(uploads, target=finding, unit=inspection.subject_unit, actor=actor, kind="evidence")
    audit_record(
        actor=actor,
        action="inspection.finding",
        target=inspection,
        unit=inspection.unit,
        after={"finding": finding.pk, "topic": topic, "amount": finding.amount},
    )
    return finding


@transaction.atomic
def inspection_report_draft(*, inspection: Inspection, text: str, actor: User) -> Inspection:
    """End of fieldwork: every check done, the draft report goes to the subject for explanation."""
    inspection = _lock(inspection)
    _require_team(actor, inspection)
    _require_status(inspection, Inspection.Status.FIELDWORK, action="lập dự thảo báo cáo")
    errors = {}
    if not (text or "").strip():
        errors["text"] = "Phải nhập dự thảo báo cáo."
    pending = list(inspection.checklist.filter(done=False).values_list("label", flat=True))
    if pending:
        errors["checklist"] = "Chưa kiểm tra xong: " + "; ".join(pending)
    if errors:
        raise ValidationFailed(errors)
    inspection.report_draft(text.strip())
    inspection.save()
    deadline_close(target=inspection, step="fieldwork")
    deadline_open(target=inspection, unit=inspection.unit, step="conclusion", subject=SUBJECT)
    _step(inspection, actor, "report_draft", Inspection.Status.FIELDWORK)
    notify(
        users=_subject_reps(inspection),
        title=f"Dự thảo báo cáo kiểm tra {inspection.reference}: đề nghị giải trình",
        url=_url(inspection),
        unit=inspection.subject_unit,
        key=f"inspection:{inspection.pk}:report_draft",
    )
    return inspection


@transaction.atomic
def inspection_explain(
    *, inspection: Inspection, text: str, actor: User, uploads: list[UploadedFile] | None = None
) -> Inspection:
    inspection = _lock(inspection)
    _require_subject_rep(actor, inspection)
    _require_status(inspection, Inspection.Status.REPORTING, action="giải trình")
    if not (text or "").strip():
        raise ValidationFailed({"text": "Phải nhập nội dung giải trình."})
    inspection.explain(text.strip())
    inspection.save()
    _store_uploads(uploads, target=inspection, unit=inspection.subject_unit, actor=actor, kind="explanation")
    _step(inspection, actor, "explain", Inspection.Status.REPORTING)
    return inspection


@transaction.atomic
def inspection_conclude(*, inspection: Inspection, outcome: str, text: str, actor: User) -> Inspection:
    """The chair approves the conclusion: every flag of the inspection ends inspected, in this transaction."""
    inspection = _lock(inspection)
    if not unit_is_visible(user=actor, unit=inspection.unit):
        raise OutOfScope("Không tìm thấy cuộc kiểm tra.")
    signers = (*CHAIR, *LEADERSHIP) if inspection.complex else CHAIR
    if not user_has_role(user=actor, roles=signers, unit=inspection.unit):
        raise TransitionNotAllowed("Chỉ Chủ nhiệm UBKT được duyệt kết luận kiểm tra.")
    _require_status(inspection, Inspection.Status.REPORTING, Inspection.Status.EXPLAINED, action="duyệt kết luận")
    errors = {}
    if outcome not in Inspection.Outcome.values:
        errors["outcome"] = "Chọn kết luận: có vi phạm, vi phạm một phần hoặc không vi phạm."
    if not (text or "").strip():
        errors["text"] = "Phải nhập nội dung kết luận."
    if errors:
        raise ValidationFailed(errors)
    before = inspection.status
    inspection.conclude(outcome=outcome, text=text.strip(), by=actor, at=clock.now())
    inspection.save()
    deadline_close(target=inspection, step="conclusion")
    closed = flags_mark_inspected(inspection=inspection, actor=actor)
    _step(inspection, actor, "conclude", before, outcome=outcome, flags_inspected=closed)
    return inspection


@transaction.atomic
def inspection_conclusion_notify(*, inspection: Inspection, actor: User) -> Inspection:
    inspection = _lock(inspection)
    _require_staff(actor, inspection)
    _require_status(inspection, Inspection.Status.CONCLUDED, action="thông báo kết luận")
    inspection.notify_conclusion(clock.now())
    inspection.save()
    _step(inspection, actor, "conclusion_notify", Inspection.Status.CONCLUDED)
    notify(
        users=_subject_reps(inspection),
        title=f"Thông báo kết luận kiểm tra {inspection.reference}",
        body=inspection.conclusion_text[:500],
        url=_url(inspection),
        unit=inspection.subject_unit,
        key=f"inspection:{inspection.pk}:conclusion_notify",
    )
    return inspection


@transaction.atomic
def recommendation_add(
    *, inspection: Inspection, text: str, owner_unit: Unit, due_on: dt.date, actor: User
) -> Recommendation:
    """A recommendation of the conclusion; its report clock runs to the due date set here."""
    inspection = _lock(inspection)
    _require_staff(actor, inspection)
    _require_status(inspection, Inspection.Status.CONCLUDED, Inspection.Status.CLOSED, action="thêm kiến nghị")
    errors = {}
    if not (text or "").strip():
        errors["text"] = "Phải nhập nội dung kiến nghị."
    if owner_unit is None or not owner_unit.is_within(inspection.unit):
        errors["owner_unit"] = "Đơn vị thực hiện phải thuộc phạm vi của đơn vị tiến hành kiểm tra."
    if due_on is None or due_on <= clock.today():
        errors["due_on"] = "Hạn thực hiện phải sau ngày hôm nay."
    if errors:
        raise ValidationFailed(errors)
    rec = Recommendation.objects.create(
        inspection=inspection, text=text.strip(), owner_unit=owner_unit, due_on=due_on, created_at=clock.now()
    )
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
    inspection = _lock(inspection)
    _require_staff(actor, inspection)
    _require_status(inspection, Inspection.Status.CONCLUDED, Inspection.Status.CLOSED, action="đề nghị kỷ luật")
    errors = {}
    if not (person or "").strip():
        errors["person"] = "Phải nêu người bị đề nghị kỷ luật."
    if proposal not in DISCIPLINE_VALUES:
        errors["proposal"] = "Hình thức: khiển trách, cảnh cáo, cách chức hoặc khai trừ."
    if not (reason or "").strip():
        errors["reason"] = "Phải nêu lý do đề nghị."
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


@transaction.atomic
def conflict_declare(*, user: User, unit: Unit, reason: str, actor: User) -> ConflictDeclaration:
    """A committee member declares a conflict of interest with a unit; teams for that unit then refuse them."""
    if actor.pk != user.pk and not user_has_role(user=actor, roles=CHAIR, unit=unit):
        raise TransitionNotAllowed("Chỉ người kê khai hoặc Chủ nhiệm UBKT được ghi nhận xung đột lợi ích.")
    if not unit_is_visible(user=actor, unit=unit):
        raise OutOfScope("Không tìm thấy đơn vị.")
    if not (reason or "").strip():
        raise ValidationFailed({"reason": "Phải nêu lý do xung đột lợi ích."})
    declaration = ConflictDeclaration.objects.create(
        user=user, unit=unit, reason=reason.strip()[:255], declared_at=clock.now()
    )
    audit_record(
        actor=actor,
        action="inspection.conflict_declare",
        target=declaration,
        unit=unit,
        after={"user": user.pk, "unit": unit.pk},
        reason=declaration.reason,
    )
    return declaration
