"""Inspections step by step: open (planned or ad hoc), team, decision, notice, fieldwork, report, conclusion.

Each step starts or stops its clock from the policy table (subject "inspection": decision, notice,
fieldwork, conclusion, conclusion_notify) in the same transaction as the step itself, so from opening
to the notified conclusion some clock always runs; a breach at any step escalates (the sweep).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from casework.audit.services import audit_record
from casework.inspections.explanation import explanation_due_on_from, explanation_over, explanation_over_q
from casework.inspections.models import (
    PAPER_REFERENCE_LENGTH,
    Category,
    ChecklistItem,
    Finding,
    Flag,
    Inspection,
    InspectionPlan,
    PlanItem,
    TeamMember,
)
from casework.inspections.roles import (
    CHAIR,
    CHECKLIST,
    INSPECTION_STAFF,
    may_sign,
)
from casework.inspections.selectors import inspection_finding_topics, inspection_subject_has_account
from casework.inspections.services.flags import flags_assign, flags_mark_inspected
from casework.inspections.services.guards import (
    SUBJECT,
    inspection_lock,
    inspection_url,
    lead_or_chair,
    require_staff,
    require_status,
    require_subject_rep,
    require_team,
    step_audit,
    subject_reps,
    uploads_store,
)
from casework.inspections.services.teams import (
    decider_conflict_check,
    escalation_decider_check,
    escalations_about_units_refusals,
)
from casework.inspections.team_size import team_complete, team_minimum
from casework.org.models import Role, Unit, User
from casework.org.selectors import unit_is_visible, user_has_role, user_holds_role
from casework.org.services import role_assign
from casework.search.services import search_index_inspection
from core import clock
from core.errors import OutOfScope, TransitionNotAllowed, ValidationFailed
from notifications.services import notify
from workflows.flows.routing import process_advance
from workflows.services.deadlines import deadline_close_recorded, deadline_due_record, deadline_open
from workflows.services.escalations import escalation_open


def _checklist_build(inspection: Inspection) -> None:
    for topic in inspection.topics:
        for code, label in CHECKLIST.get(topic, []):
            ChecklistItem.objects.get_or_create(
                inspection=inspection, code=f"{topic}:{code}", defaults={"topic": topic, "label": label}
            )


def committee_may_open(*, user: User, unit: Unit) -> bool:
    """Whether `user` may open an inspection (planned, from a plan item, or ad hoc, from flags) or a
    supervision run by `unit`'s committee, or draft its plan (create it, add its items, submit it): a
    member of it, holding the inspector's or the chair's role today in the unit or above it. The
    committee's work is a step of that role, so an administrator takes it only holding the role like
    anyone else (docs/roles.md). The pages (the forms' committees, `selectors.committee_units`), the
    actions offered on a flag or a plan, the API and the services read this rule."""
    return user_holds_role(user=user, roles=INSPECTION_STAFF, unit=unit)


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
        raise OutOfScope(_("Không tìm thấy đơn vị."))
    if not committee_may_open(user=actor, unit=unit):
        raise TransitionNotAllowed(_("Chỉ Ủy ban kiểm tra của đơn vị được mở cuộc kiểm tra."))
    errors: dict[str, str] = {}
    if plan_item is not None:
        plan_item = PlanItem.objects.select_related("plan", "subject_unit").get(pk=plan_item.pk)
        if plan_item.kind != PlanItem.Kind.INSPECTION:
            errors["plan_item"] = _("Nội dung này của kế hoạch là một cuộc giám sát, không phải cuộc kiểm tra.")
        elif plan_item.plan.status not in (InspectionPlan.Status.APPROVED, InspectionPlan.Status.ACTIVE):
            errors["plan_item"] = _("Kế hoạch chưa được phê duyệt.")
        elif plan_item.plan.unit_id != unit.pk:
            errors["plan_item"] = _("Nội dung này thuộc kế hoạch của đơn vị khác.")
        subject_unit = plan_item.subject_unit
        topics = topics or list(plan_item.topics)
    # The content checked (nội dung kiểm tra, named in the decision: QĐ 684/QĐ-TLĐ) covers what each flag
    # in it is about: its conclusion ends those flags inspected, so a flag whose topic nobody checks
    # would count as inspected without having been (as inspection_flags_add does for flags added later).
    topics = list(dict.fromkeys([*(topics or []), *(f.category for f in flags)]))
    if subject_unit is None or not subject_unit.is_within(unit):
        errors["subject_unit"] = _("Đơn vị được kiểm tra phải thuộc phạm vi của đơn vị tiến hành.")
    if not topics or any(t not in Category.values for t in topics):
        errors["topics"] = _("Phải chọn ít nhất một nội dung kiểm tra hợp lệ.")
    if plan_item is None and not flags and not (title or "").strip():
        errors["flags"] = _("Cuộc kiểm tra đột xuất phải có dấu hiệu vi phạm hoặc tên cuộc kiểm tra.")
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
    clock_opened = deadline_open(target=inspection, unit=unit, step="decision", subject=SUBJECT)
    if plan_item is not None and plan_item.team_lead_id:
        TeamMember.objects.create(inspection=inspection, user_id=plan_item.team_lead_id, role=TeamMember.Role.LEAD)
    process_advance(obj=inspection)
    audit_record(
        actor=actor,
        action="inspection.open",
        target=inspection,
        unit=unit,
        after={
            "status": inspection.status,
            "kind": kind,
            "subject_unit": subject_unit.pk,
            "topics": topics,
            "due": deadline_due_record(clock_opened),
        },
    )
    if flags:
        flags_assign(inspection=inspection, flags=flags, actor=actor)
    search_index_inspection(inspection=inspection)
    return inspection


@transaction.atomic
def inspection_flags_add(*, inspection: Inspection, flags: list[Flag], actor: User) -> Inspection:
    """Group more flags about the same unit into an inspection whose fieldwork has not ended (flags_assign)."""
    inspection = inspection_lock(inspection)
    require_staff(actor, inspection)
    if not flags:
        raise ValidationFailed({"flags": _("Chọn ít nhất một dấu hiệu vi phạm.")})
    flags_assign(inspection=inspection, flags=flags, actor=actor)
    new_topics = [f.category for f in flags if f.category not in inspection.topics]
    if new_topics:
        inspection.topics = list(dict.fromkeys([*inspection.topics, *new_topics]))
        inspection.save(update_fields=["topics"])
        _checklist_build(inspection)
    return inspection


@transaction.atomic
def inspection_decide(*, inspection: Inspection, actor: User) -> Inspection:
    """Quyết định kiểm tra: the committee chair signs (a complex matter: the union chair, i.e. BTV).

    The decision is issued in the same transaction and takes its number from the unit's outgoing
    register (sổ văn bản đi): one number, gapless and unique however many sign at once."""
    from casework.papers.services import paper_issue

    inspection = inspection_lock(inspection)
    if not unit_is_visible(user=actor, unit=inspection.unit):
        raise OutOfScope(_("Không tìm thấy cuộc kiểm tra."))
    if not may_sign(user=actor, inspection=inspection):
        raise TransitionNotAllowed(
            _("Chỉ Chủ nhiệm UBKT (hoặc Chủ tịch, Phó Chủ tịch khi phức tạp) được ký quyết định kiểm tra.")
        )
    decider_conflict_check(actor=actor, unit=inspection.subject_unit, action=gettext("ký quyết định kiểm tra tại"))
    require_status(inspection, Inspection.Status.OPENED, action=_("ra quyết định"))
    if not team_complete(inspection):
        raise ValidationFailed(
            {
                "team": gettext("Phải lập đoàn kiểm tra đủ %(minimum)s thành viên, có trưởng đoàn.")
                % {"minimum": team_minimum(inspection)}
            }
        )
    inspection.decide(by=actor, at=clock.now())
    inspection.save()
    number = paper_issue(target=inspection, key="inspection.decision", actor=actor).symbol
    inspection.decision_number = number
    closed = deadline_close_recorded(target=inspection, step="decision")
    process_advance(obj=inspection)
    lead = inspection.team.filter(role=TeamMember.Role.LEAD).first()
    clock_opened = deadline_open(
        target=inspection, unit=inspection.unit, step="notice", subject=SUBJECT, assignee=lead.user if lead else None
    )
    step_audit(
        inspection,
        actor,
        "decide",
        Inspection.Status.OPENED,
        number=number,
        due=deadline_due_record(clock_opened),
        closed=closed,
    )
    notify(
        users=[m.user for m in inspection.team.select_related("user")],
        title=lambda: (
            gettext("Quyết định kiểm tra %(number)s: %(title)s") % {"number": number, "title": inspection.title}
        ),
        url=inspection_url(inspection),
        unit=inspection.unit,
        key=f"inspection:{inspection.pk}:decide",
        reference=inspection.reference,
    )
    search_index_inspection(inspection=inspection)  # the decision number is now its reference
    return inspection


def _paper_sent(inspection: Inspection, key: str, actor: User) -> str:
    """The number of the paper a step sends: the one issued already from the papers page, or one issued
    now in the step's transaction, numbered in the outgoing register and dated the day it is sent (the
    unit receives the numbered paper, never a draft dated the day it is printed)."""
    from casework.papers.selectors import paper_issued_for
    from casework.papers.services import paper_issue

    issued = paper_issued_for(target=inspection, key=key)
    return (issued or paper_issue(target=inspection, key=key, actor=actor)).symbol


@transaction.atomic
def inspection_notify(*, inspection: Inspection, text: str, actor: User) -> Inspection:
    """Thông báo to the subject unit, listing the documents it must provide: the notice paper is issued
    with it (`_paper_sent`)."""
    inspection = inspection_lock(inspection)
    require_team(actor, inspection)
    require_status(inspection, Inspection.Status.DECIDED, action=_("gửi thông báo"))
    if not (text or "").strip():
        raise ValidationFailed({"text": _("Phải nhập nội dung thông báo và tài liệu yêu cầu.")})
    inspection.notify_subject(text.strip())
    inspection.save()
    number = _paper_sent(inspection, "inspection.notice", actor)
    process_advance(obj=inspection)
    closed = deadline_close_recorded(target=inspection, step="notice")
    lead = inspection.team.filter(role=TeamMember.Role.LEAD).first()
    clock_opened = deadline_open(
        target=inspection, unit=inspection.unit, step="fieldwork", subject=SUBJECT, assignee=lead.user if lead else None
    )
    step_audit(
        inspection,
        actor,
        "notify",
        Inspection.Status.DECIDED,
        number=number,
        due=deadline_due_record(clock_opened),
        closed=closed,
    )
    notify(
        users=subject_reps(inspection),
        title=lambda: gettext("Thông báo kiểm tra %(reference)s") % {"reference": inspection.reference},
        body=text,
        url=inspection_url(inspection),
        unit=inspection.subject_unit,
        key=f"inspection:{inspection.pk}:notify",
        reference=inspection.reference,
    )
    return inspection


@transaction.atomic
def inspection_acknowledge(
    *, inspection: Inspection, actor: User, uploads: list[UploadedFile] | None = None
) -> Inspection:
    """The subject unit's representative acknowledges the notice and uploads the documents requested."""
    inspection = inspection_lock(inspection)
    require_subject_rep(actor, inspection)
    require_status(inspection, Inspection.Status.NOTIFIED, action=_("xác nhận thông báo"))
    inspection.acknowledge(by=actor, at=clock.now())
    inspection.save()
    process_advance(obj=inspection)
    stored = uploads_store(uploads, target=inspection, unit=inspection.subject_unit, actor=actor, kind="documents")
    step_audit(inspection, actor, "acknowledge", Inspection.Status.NOTIFIED, documents=stored)
    notify(
        users=[m.user for m in inspection.team.select_related("user")],
        title=lambda: (
            gettext("Đơn vị đã xác nhận thông báo kiểm tra %(reference)s") % {"reference": inspection.reference}
        ),
        url=inspection_url(inspection),
        unit=inspection.unit,
        key=f"inspection:{inspection.pk}:acknowledge",
        reference=inspection.reference,
    )
    return inspection


@transaction.atomic
def inspection_notice_delivered(
    *,
    inspection: Inspection,
    actor: User,
    delivered_on: Any,
    means: str,
    uploads: list[UploadedFile] | None = None,
) -> Inspection:
    """Ghi nhận đã giao thông báo kiểm tra cho đơn vị chưa có tài khoản: the chair or the team lead records the
    date, the means and the scan of the signed receipt, and fieldwork starts, so no inspection waits on a unit
    that cannot sign in."""
    inspection = inspection_lock(inspection)
    require_staff(actor, inspection)
    if not lead_or_chair(actor, inspection):
        raise TransitionNotAllowed(_("Chỉ Chủ nhiệm UBKT hoặc trưởng đoàn được ghi nhận việc giao thông báo."))
    require_status(inspection, Inspection.Status.NOTIFIED, action=_("ghi nhận giao thông báo"))
    if inspection_subject_has_account(inspection=inspection):
        raise TransitionNotAllowed(
            _("Đơn vị được kiểm tra có tài khoản: đại diện đơn vị tự xác nhận đã nhận thông báo.")
        )
    errors: dict[str, str] = {}
    if delivered_on is None:
        errors["delivered_on"] = _("Ngày giao thông báo: vui lòng nhập ngày.")
    elif delivered_on > clock.today():
        errors["delivered_on"] = _("Ngày giao thông báo không được sau ngày hôm nay.")
    elif inspection.decided_at is not None and delivered_on < timezone.localdate(inspection.decided_at):
        # The decision's day where it was made (a decision at 06:30 in Vietnam is the day before in UTC).
        errors["delivered_on"] = _("Ngày giao thông báo không được trước ngày ra quyết định kiểm tra.")
    if means not in Inspection.DeliveryMeans.values:
        errors["means"] = _("Hình thức giao: chọn giao trực tiếp, bưu điện, thư điện tử hoặc hình thức khác.")
    if not uploads:
        errors["files"] = _("Phải tải lên bản quét giấy ký nhận thông báo.")
    if errors:
        raise ValidationFailed(errors)
    inspection.record_delivery(on=delivered_on, means=means, by=actor)
    inspection.save()
    process_advance(obj=inspection)
    stored = uploads_store(uploads, target=inspection, unit=inspection.subject_unit, actor=actor, kind="notice_receipt")
    step_audit(
        inspection,
        actor,
        "notice_delivered",
        Inspection.Status.NOTIFIED,
        delivered_on=delivered_on,
        means=means,
        documents=stored,
    )
    return inspection


@transaction.atomic
def inspection_documents_add(*, inspection: Inspection, actor: User, uploads: list[UploadedFile]) -> int:
    inspection = inspection_lock(inspection)
    require_subject_rep(actor, inspection)
    if not inspection.is_open:
        raise TransitionNotAllowed(_("Cuộc kiểm tra đã kết luận."))
    if not uploads:
        raise ValidationFailed({"file": _("Chọn ít nhất một tệp.")})
    stored = uploads_store(uploads, target=inspection, unit=inspection.subject_unit, actor=actor, kind="documents")
    step_audit(inspection, actor, "documents", inspection.status, documents=stored)
    return stored


@transaction.atomic
def inspection_check(
    *, inspection: Inspection, item: Any, actor: User, done: bool = True, note: str = ""
) -> ChecklistItem:
    """Tick one row of this inspection's checklist, named by its id (web form and API alike)."""
    found = ChecklistItem.objects.filter(inspection=inspection, pk=getattr(item, "pk", item)).first()
    if found is None:
        raise ValidationFailed({"item": _("Không có mục kiểm tra này trong cuộc kiểm tra.")})
    return checklist_mark(item=found, actor=actor, done=done, note=note)


@transaction.atomic
def inspection_escalate(*, inspection: Inspection, actor: User, reason: str, proposal: str = "") -> Any:
    """Bring a running inspection to the leadership by hand (báo cáo, đề xuất lên BTV/BCH)."""
    inspection = inspection_lock(inspection)
    require_staff(actor, inspection)
    if not inspection.is_open:
        raise TransitionNotAllowed(_("Cuộc kiểm tra đã có kết luận, không cần chuyển lãnh đạo."))
    return escalation_open(target=inspection, unit=inspection.unit, reason=reason, proposal=proposal, actor=actor)


@transaction.atomic
def inspection_subject_rep_assign(*, inspection: Inspection, actor: User, user: User) -> Inspection:
    """The chair designates the subject unit's representative (đại diện đơn vị được kiểm tra), who then
    acknowledges the notice, uploads documents and explains in the system."""
    inspection = inspection_lock(inspection)
    if not unit_is_visible(user=actor, unit=inspection.unit):
        raise OutOfScope(_("Không tìm thấy cuộc kiểm tra."))
    # Giving a role in a unit is administration: an administrator designates the representative too.
    if not user_has_role(user=actor, roles=CHAIR, unit=inspection.unit):
        raise TransitionNotAllowed(_("Chỉ Chủ nhiệm UBKT được chỉ định đại diện đơn vị được kiểm tra."))
    if not inspection.is_open:
        raise TransitionNotAllowed(_("Cuộc kiểm tra đã có kết luận."))
    if user is None or not user.is_active:
        raise ValidationFailed({"user": _("Người được chỉ định: tài khoản không tồn tại hoặc đã khóa.")})
    if inspection.team.filter(user=user).exists():
        raise ValidationFailed({"user": _("Thành viên đoàn kiểm tra không thể làm đại diện đơn vị được kiểm tra.")})
    role_assign(user=user, unit=inspection.subject_unit, role=Role.SUBJECT_REP, valid_from=clock.today(), actor=actor)
    step_audit(inspection, actor, "subject_rep", inspection.status, representative=user.username)
    return inspection


@transaction.atomic
def checklist_mark(*, item: ChecklistItem, actor: User, done: bool = True, note: str = "") -> ChecklistItem:
    inspection = inspection_lock(item.inspection)
    require_team(actor, inspection)
    require_status(inspection, Inspection.Status.FIELDWORK, action=_("cập nhật danh mục kiểm tra"))
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
        raise ValidationFailed({"amount": _("Số tiền phải là số (đồng).")}) from exc
    if amount < 0:
        raise ValidationFailed({"amount": _("Số tiền không được âm.")})
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
    inspection = inspection_lock(inspection)
    require_team(actor, inspection)
    require_status(inspection, Inspection.Status.FIELDWORK, Inspection.Status.REPORTING, action=_("ghi nhận kết quả"))
    errors = {}
    if topic not in Category.values:
        errors["topic"] = _("Nội dung không hợp lệ.")
    elif topic not in inspection_finding_topics(inspection=inspection):
        # What the team establishes is checked under the inspection's own topics (its decision's nội dung
        # kiểm tra); the page offers these, and the API is held to the same list.
        errors["topic"] = _("Nội dung phát hiện phải thuộc nội dung kiểm tra của cuộc kiểm tra này.")
    if not (description or "").strip():
        errors["description"] = _("Phải mô tả nội dung phát hiện.")
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
    uploads_store(uploads, target=finding, unit=inspection.subject_unit, actor=actor, kind="evidence")
    audit_record(
        actor=actor,
        action="inspection.finding",
        target=inspection,
        unit=inspection.unit,
        after={"finding": finding.pk, "topic": topic, "amount": finding.amount},
    )
    return finding


@transaction.atomic
def inspection_report_draft(*, inspection: Inspection, text: str, actor: User, outcome: str = "") -> Inspection:
    """End of fieldwork: every check done, the draft report (with the conclusion the team proposes,
    if it says one) goes to the subject for explanation."""
    inspection = inspection_lock(inspection)
    require_team(actor, inspection)
    require_status(inspection, Inspection.Status.FIELDWORK, action=_("lập dự thảo báo cáo"))
    errors = {}
    if not (text or "").strip():
        errors["text"] = _("Phải nhập dự thảo báo cáo.")
    if outcome and outcome not in Inspection.Outcome.values:
        errors["outcome"] = _("Chọn kết luận: có vi phạm, vi phạm một phần hoặc không vi phạm.")
    pending = list(inspection.checklist.filter(done=False).values_list("label", flat=True))
    if pending:
        errors["checklist"] = _("Chưa kiểm tra xong: ") + "; ".join(pending)
    if errors:
        raise ValidationFailed(errors)
    # The unit explains within the committee's time (casework.inspections.explanation, QĐ 684/QĐ-TLĐ).
    explanation_due_on = explanation_due_on_from(clock.today())
    inspection.report_draft(text.strip(), outcome or "", explanation_due_on, sent_on=clock.today())
    inspection.save()
    process_advance(obj=inspection)
    closed = deadline_close_recorded(target=inspection, step="fieldwork")
    clock_opened = deadline_open(target=inspection, unit=inspection.unit, step="conclusion", subject=SUBJECT)
    step_audit(
        inspection,
        actor,
        "report_draft",
        Inspection.Status.FIELDWORK,
        due=deadline_due_record(clock_opened),
        closed=closed,
        explanation_due_on=explanation_due_on.isoformat(),
    )
    notify(
        users=subject_reps(inspection),
        title=lambda: (
            gettext("Dự thảo báo cáo kiểm tra %(reference)s: đề nghị giải trình") % {"reference": inspection.reference}
        ),
        body=lambda: explanation_time_message(inspection),
        url=inspection_url(inspection),
        unit=inspection.subject_unit,
        key=f"inspection:{inspection.pk}:report_draft",
        reference=inspection.reference,
    )
    return inspection


@transaction.atomic
def inspection_explain(
    *,
    inspection: Inspection,
    text: str,
    actor: User,
    uploads: list[UploadedFile] | None = None,
    received_on_paper: bool = False,
    received_on: dt.date | None = None,
    paper_reference: str = "",
) -> Inspection:
    """The unit inspected explains the draft report (giải trình): its representative in the system, or,
    for a unit with no account, the chair or the team lead records the explanation it sent on paper
    (`received_on_paper`: the day the paper was received, its number, the text and the scan if any),
    which counts as the unit's all the same. Taken while the conclusion is not made, after the unit's
    last day too, then read as late (casework.inspections.explanation)."""
    inspection = inspection_lock(inspection)
    if received_on_paper:
        require_staff(actor, inspection)
        if not lead_or_chair(actor, inspection):
            raise TransitionNotAllowed(_("Chỉ Chủ nhiệm UBKT hoặc trưởng đoàn được ghi nhận giải trình bằng văn bản."))
    else:
        require_subject_rep(actor, inspection)
    require_status(inspection, Inspection.Status.REPORTING, action=_("giải trình"))
    if received_on_paper and inspection_subject_has_account(inspection=inspection):
        raise TransitionNotAllowed(_("Đơn vị được kiểm tra có tài khoản: đại diện đơn vị tự giải trình."))
    errors: dict[str, str] = {}
    if not (text or "").strip():
        errors["text"] = _("Phải nhập nội dung giải trình.")
    if received_on_paper:
        errors.update(_paper_explanation_errors(inspection, received_on, paper_reference))
    if errors:
        raise ValidationFailed(errors)
    if received_on_paper:
        inspection.explain(
            text.strip(),
            received_on=received_on,
            paper_reference=(paper_reference or "").strip(),
            recorded_by=actor,
        )
    else:
        inspection.explain(text.strip(), received_on=clock.today())
    inspection.save()
    process_advance(obj=inspection)
    stored = uploads_store(uploads, target=inspection, unit=inspection.subject_unit, actor=actor, kind="explanation")
    received: dict[str, Any] = {"explanation_received_on": inspection.explanation_received_on}
    if received_on_paper:
        received |= {
            "explanation_on_paper": True,
            "explanation_paper_reference": inspection.explanation_paper_reference,
            "documents": stored,
        }
    if inspection.explanation_received_late:
        received["explanation_due_on"] = inspection.explanation_due_on
    step_audit(inspection, actor, "explain", Inspection.Status.REPORTING, **received)
    return inspection


def _paper_explanation_errors(inspection: Inspection, received_on: Any, paper_reference: str) -> dict[str, str]:
    """The paper's receipt day and number: a day the paper could have been received (not after today,
    not before the draft report it answers went out) and the number it bears."""
    errors: dict[str, str] = {}
    sent_on = inspection.draft_report_sent_on
    if received_on is None:
        errors["received_on"] = _("Ngày nhận văn bản giải trình: vui lòng nhập ngày.")
    elif received_on > clock.today():
        errors["received_on"] = _("Ngày nhận văn bản giải trình không được sau ngày hôm nay.")
    elif sent_on is not None and received_on < sent_on:
        errors["received_on"] = gettext(
            "Ngày nhận văn bản giải trình không được trước ngày gửi dự thảo báo cáo (%(sent_on)s)."
        ) % {"sent_on": f"{sent_on:%d/%m/%Y}"}
    reference = (paper_reference or "").strip()
    if not reference:
        errors["paper_reference"] = _("Số, ký hiệu văn bản giải trình: vui lòng nhập số văn bản đơn vị gửi.")
    elif len(reference) > PAPER_REFERENCE_LENGTH:
        errors["paper_reference"] = gettext("Số, ký hiệu văn bản giải trình: tối đa %(n)s ký tự.") % {
            "n": PAPER_REFERENCE_LENGTH
        }
    return errors


@transaction.atomic
def inspection_conclusion_check(*, inspection: Inspection, outcome: str, text: str, deviation_reason: str = "") -> None:
    """The rules of a conclusion: an outcome, a text, and a stated reason when the outcome departs
    from the one the team proposed in its draft report."""
    errors = {}
    if outcome not in Inspection.Outcome.values:
        errors["outcome"] = _("Chọn kết luận: có vi phạm, vi phạm một phần hoặc không vi phạm.")
    elif (
        inspection.proposed_outcome and outcome != inspection.proposed_outcome and not (deviation_reason or "").strip()
    ):
        errors["deviation_reason"] = gettext(
            "Kết luận khác với đề xuất trong dự thảo báo cáo (%(proposed)s): phải nêu lý do."
        ) % {"proposed": Inspection.Outcome(inspection.proposed_outcome).label}
    if not (text or "").strip():
        errors["text"] = _("Phải nhập nội dung kết luận.")
    if errors:
        raise ValidationFailed(errors)


@transaction.atomic
def inspection_conclude(
    *, inspection: Inspection, outcome: str, text: str, actor: User, deviation_reason: str = ""
) -> Inspection:
    """The chair approves the conclusion: every flag of the inspection ends inspected, in this transaction.
    Only once the unit has explained the draft report or its time to explain has run out
    (casework.inspections.explanation, QĐ 684/QĐ-TLĐ)."""
    inspection = inspection_lock(inspection)
    if not unit_is_visible(user=actor, unit=inspection.unit):
        raise OutOfScope(_("Không tìm thấy cuộc kiểm tra."))
    if not may_sign(user=actor, inspection=inspection):
        raise TransitionNotAllowed(
            _("Chỉ Chủ nhiệm UBKT (hoặc Chủ tịch, Phó Chủ tịch khi phức tạp) được duyệt kết luận kiểm tra.")
        )
    decider_conflict_check(actor=actor, unit=inspection.subject_unit, action=gettext("duyệt kết luận kiểm tra tại"))
    require_status(inspection, Inspection.Status.REPORTING, Inspection.Status.EXPLAINED, action=_("duyệt kết luận"))
    if not explanation_over(inspection):
        raise TransitionNotAllowed(explanation_pending_message(inspection))
    inspection_conclusion_check(inspection=inspection, outcome=outcome, text=text, deviation_reason=deviation_reason)
    departs = bool(inspection.proposed_outcome) and outcome != inspection.proposed_outcome
    before = inspection.status
    inspection.conclude(outcome=outcome, text=text.strip(), by=actor, at=clock.now())
    inspection.save()
    process_advance(obj=inspection)
    stopped = deadline_close_recorded(target=inspection, step="conclusion")
    clock_opened = deadline_open(target=inspection, unit=inspection.unit, step="conclusion_notify", subject=SUBJECT)
    closed = flags_mark_inspected(inspection=inspection, actor=actor)
    # A departure from the team's proposal keeps its stated reason in the trail.
    reason = (deviation_reason or "").strip() if departs else ""
    step_audit(
        inspection,
        actor,
        "conclude",
        before,
        reason,
        outcome=outcome,
        flags_inspected=closed,
        due=deadline_due_record(clock_opened),
        closed=stopped,
    )
    return inspection


@transaction.atomic
def inspection_conclusion_notify(*, inspection: Inspection, actor: User) -> Inspection:
    """Thông báo kết luận kiểm tra to the subject unit: the notice paper is issued with it (`_paper_sent`)."""
    inspection = inspection_lock(inspection)
    require_staff(actor, inspection)
    require_status(inspection, Inspection.Status.CONCLUDED, action=_("thông báo kết luận"))
    inspection.notify_conclusion(clock.now())
    inspection.save()
    number = _paper_sent(inspection, "inspection.conclusion", actor)
    closed = deadline_close_recorded(target=inspection, step="conclusion_notify")
    process_advance(obj=inspection)
    step_audit(inspection, actor, "conclusion_notify", Inspection.Status.CONCLUDED, number=number, closed=closed)
    notify(
        users=subject_reps(inspection),
        title=lambda: gettext("Thông báo kết luận kiểm tra %(reference)s") % {"reference": inspection.reference},
        body=inspection.conclusion_text[:500],
        url=inspection_url(inspection),
        unit=inspection.subject_unit,
        key=f"inspection:{inspection.pk}:conclusion_notify",
        reference=inspection.reference,
    )
    return inspection


def explanation_pending_message(inspection: Inspection) -> str:
    """Why the conclusion waits: the unit inspected may still explain the draft report."""
    return gettext(
        "Đơn vị được kiểm tra được giải trình dự thảo báo cáo đến hết ngày %(due_on)s: chỉ duyệt kết luận "
        "khi đơn vị đã giải trình hoặc đã hết thời hạn giải trình."
    ) % {"due_on": f"{inspection.explanation_due_on:%d/%m/%Y}"}


def explanation_time_message(inspection: Inspection) -> str:
    """What the unit inspected is told of its time to explain the draft report."""
    return gettext("Đơn vị giải trình dự thảo báo cáo đến hết ngày %(due_on)s.") % {
        "due_on": f"{inspection.explanation_due_on:%d/%m/%Y}"
    }


def explanation_last_day_title(inspection: Inspection) -> str:
    return gettext("Hôm nay là ngày cuối giải trình dự thảo báo cáo kiểm tra %(reference)s") % {
        "reference": inspection.reference
    }


def inspection_explanation_reminders() -> str:
    """Periodic: on the last day of its time to explain, in office hours, the representatives of a unit
    that has not explained the draft report yet are reminded once (the notice's key names the day, so
    a time given again is reminded again). A unit with no account is reached on paper by the team."""
    from workflows.calendar import WorkingCalendar
    from workflows.sweep import in_office_hours

    if not in_office_hours(clock.now(), WorkingCalendar.load()):
        return "nhắc giải trình: 0 (ngoài giờ hành chính)"
    reminded = 0
    due_today = Inspection.objects.filter(
        status=Inspection.Status.REPORTING, explanation_received_on__isnull=True, explanation_due_on=clock.today()
    ).select_related("subject_unit")
    for inspection in due_today:
        reps = subject_reps(inspection)
        if not reps:
            continue
        notify(
            users=reps,
            title=partial(explanation_last_day_title, inspection),
            body=partial(explanation_time_message, inspection),
            url=inspection_url(inspection),
            unit=inspection.subject_unit,
            key=f"inspection:{inspection.pk}:explanation_due:{inspection.explanation_due_on:%Y%m%d}",
            reference=inspection.reference,
        )
        reminded += 1
    return f"nhắc giải trình: {reminded}"


def inspection_explanation_lapses() -> str:
    """Periodic: each inspection whose unit's time to explain the draft report has run out without an
    explanation goes on to its signers: its flow closes the explanation's task and opens the
    conclusion's (Inspection.route_state), and the trail records the lapse. Safe to run again or on two
    workers at once: each inspection is routed under its row lock, once."""
    from viewflow.workflow.models import Task

    from workflows.flows.inspections import InspectionFlow
    from workflows.flows.routing import OPEN_TASK_STATUSES

    waiting = Task.objects.filter(
        status__in=OPEN_TASK_STATUSES,
        flow_task=InspectionFlow.explain,
        process__artifact_object_id__in=Inspection.objects.filter(
            explanation_over_q(), status=Inspection.Status.REPORTING
        ).values("pk"),
    ).values_list("process__artifact_object_id", flat=True)
    routed = 0
    for pk in sorted(set(waiting)):
        with transaction.atomic():
            inspection = inspection_lock(Inspection(pk=pk))
            if (
                inspection.route_state == inspection.status
                or not Task.objects.filter(
                    status__in=OPEN_TASK_STATUSES, flow_task=InspectionFlow.explain, process__artifact_object_id=pk
                ).exists()
            ):
                continue  # explained, concluded or routed by another worker meanwhile
            process_advance(obj=inspection)
            due = inspection.explanation_due_on
            audit_record(
                actor=None,
                action="inspection.explanation_lapsed",
                target=inspection,
                unit=inspection.unit,
                before={"status": inspection.status},
                after={"status": inspection.status, "explanation_due_on": due.isoformat() if due else ""},
            )
            routed += 1
    return f"hết thời hạn giải trình: {routed}"


def inspection_escalation_decider_refusals(escalation: Any, user: Any) -> dict[str, str]:
    """The decisions on an escalation about an inspection refused to `user`: all of them to one
    conflicted with the unit inspected."""
    return inspection_escalations_decider_refusals([escalation], [user]).get((escalation.pk, user.pk), {})


def inspection_escalations_decider_refusals(
    escalations: list[Any], users: list[Any]
) -> dict[tuple[int, int], dict[str, str]]:
    """inspection_escalation_decider_refusals for several escalations and deciders, read at once."""
    inspections = Inspection.objects.select_related("subject_unit").in_bulk([int(e.target_id) for e in escalations])
    return escalations_about_units_refusals(
        escalations,
        users,
        units={pk: inspection.subject_unit for pk, inspection in inspections.items()},
        action=gettext("chỉ đạo cuộc kiểm tra tại"),
    )


def inspection_escalation_handle(
    *, escalation: Any, decision: str, actor: Any, reason: str, new_due_on: Any = None, discipline: str | None = None
) -> None:
    """Leadership decided on a late inspection step: record it on the inspection and tell the team.

    An extension has already moved the step's deadline (workflows); other decisions are instructions.
    """
    inspection = Inspection.objects.select_related("unit", "subject_unit").get(pk=int(escalation.target_id))
    escalation_decider_check(inspection_escalation_decider_refusals(escalation, actor), decision)
    audit_record(
        actor=actor,
        action=f"inspection.leadership_{decision}",
        target=inspection,
        unit=inspection.unit,
        after={"escalation": escalation.pk, "new_due_on": new_due_on, "discipline": discipline or ""},
        reason=reason,
    )
    notify(
        users=[m.user for m in inspection.team.select_related("user")],
        title=lambda: (
            gettext("Chỉ đạo của lãnh đạo về cuộc kiểm tra %(reference)s") % {"reference": inspection.reference}
        ),
        body=reason,
        url=inspection_url(inspection),
        unit=inspection.unit,
        key=f"inspection:{inspection.pk}:escalation:{escalation.pk}:{decision}",
        reference=inspection.reference,
    )
