"""Inspection plans: drafted by the committee, approved or returned by BTV/BCH, run, closed with results."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from casework.audit.services import audit_record
from casework.inspections.models import Category, InspectionPlan, PlanItem
from casework.inspections.roles import CHAIR, LEADERSHIP
from casework.inspections.services.inspections import committee_may_open
from casework.inspections.services.teams import team_may_join
from casework.org.models import Unit, User
from casework.org.selectors import unit_is_visible, user_holds_role, users_with_role
from casework.search.services import search_index_plan
from core import clock
from core.errors import OutOfScope, TransitionNotAllowed, ValidationFailed
from notifications.services import notify


def _require_committee(user: Any, unit: Unit, message: str) -> None:
    """Drafting a plan (creating it, adding its items, submitting it) is the committee's work: taken by
    who sits on `unit`'s committee (`committee_may_open`), an administrator only holding the role like
    anyone else. The plan page's committees (`selectors.committee_units`), the actions offered
    (`actions.plan_actions`), the API and these services read that one rule."""
    if not unit_is_visible(user=user, unit=unit):
        raise OutOfScope(_("Không tìm thấy kế hoạch."))
    if not committee_may_open(user=user, unit=unit):
        raise TransitionNotAllowed(message)


# Who puts an approved plan into effect and closes it with its results: the committee's chair, who
# directs the committee's work and reports its results to the union's executive, or that executive
# (BTV/BCH), which approved the plan (DESIGN.md: the chair approves plan drafts, BTV/BCH approve plans).
PLAN_RUNNERS = (*CHAIR, *LEADERSHIP)


def plan_may_run(*, user: Any, plan: InspectionPlan) -> bool:
    """Whether `user` may put the approved plan into effect (triển khai) or close it with its results
    (tổng kết): holding, today, the committee chair's role or a seat on the executive (BTV/BCH) of the
    plan's unit or above it. A decision of the chair or of the body, not the committee's everyday work
    nor an administrator's: an administrator takes it only holding one of those roles like anyone else
    (docs/roles.md). The plan page, the API's `allowed_actions` (`actions.plan_actions`) and the
    services read this one rule."""
    return user_holds_role(user=user, roles=PLAN_RUNNERS, unit=plan.unit)


def _require_runner(actor: Any, plan: InspectionPlan, message: str) -> None:
    if not unit_is_visible(user=actor, unit=plan.unit):
        raise OutOfScope(_("Không tìm thấy kế hoạch."))
    if not plan_may_run(user=actor, plan=plan):
        raise TransitionNotAllowed(message)


def _lock(plan: InspectionPlan) -> InspectionPlan:
    return InspectionPlan.objects.select_for_update(no_key=True).get(pk=plan.pk)


def _plan_url(plan: InspectionPlan) -> str:
    return f"/inspections/plans/{plan.pk}/"


@transaction.atomic
def plan_create(
    *, unit: Unit, period: str, year: int, quarter: int | None = None, title: str = "", actor: User
) -> InspectionPlan:
    _require_committee(actor, unit, _("Chỉ Ủy ban kiểm tra của đơn vị được lập kế hoạch kiểm tra."))
    errors = {}
    if period not in InspectionPlan.Period.values:
        errors["period"] = _("Loại kế hoạch phải là năm hoặc quý.")
    if period == InspectionPlan.Period.QUARTERLY and quarter not in (1, 2, 3, 4):
        errors["quarter"] = _("Quý phải từ 1 đến 4.")
    if not (2000 <= int(year or 0) <= 2100):
        errors["year"] = _("Năm không hợp lệ.")
    if errors:
        raise ValidationFailed(errors)
    if period == InspectionPlan.Period.ANNUAL:
        quarter = None
    title = (title or "").strip() or (
        f"Kế hoạch kiểm tra năm {year}" if quarter is None else f"Kế hoạch kiểm tra quý {quarter}/{year}"
    )
    plan = InspectionPlan.objects.create(
        unit=unit, period=period, year=year, quarter=quarter, title=title, created_by=actor, created_at=clock.now()
    )
    audit_record(actor=actor, action="plan.create", target=plan, unit=unit, after={"status": plan.status})
    search_index_plan(plan=plan)
    return plan


@transaction.atomic
def plan_item_add(
    *,
    plan: InspectionPlan,
    subject_unit: Unit,
    topics: list[str],
    starts_on: dt.date,
    ends_on: dt.date,
    team_lead: User | None,
    actor: User,
    kind: str = PlanItem.Kind.INSPECTION,
) -> PlanItem:
    """An inspection (kiểm tra) or a supervision (giám sát) of a unit within the plan's, in the plan's year."""
    plan = _lock(plan)
    _require_committee(actor, plan.unit, _("Chỉ Ủy ban kiểm tra của đơn vị được sửa kế hoạch."))
    if plan.status not in (InspectionPlan.Status.DRAFT, InspectionPlan.Status.RETURNED):
        raise TransitionNotAllowed(_("Chỉ sửa được kế hoạch đang dự thảo hoặc bị trả lại."))
    errors = {}
    if kind not in PlanItem.Kind.values:
        errors["kind"] = _("Hình thức phải là kiểm tra hoặc giám sát.")
    if subject_unit is None or not subject_unit.is_within(plan.unit):
        errors["subject_unit"] = _("Đơn vị được kiểm tra phải thuộc đơn vị lập kế hoạch.")
    if not topics or any(t not in Category.values for t in topics):
        errors["topics"] = _("Phải chọn ít nhất một nội dung kiểm tra hợp lệ.")
    if starts_on is None or ends_on is None or ends_on < starts_on:
        errors["ends_on"] = _("Thời gian kiểm tra: ngày kết thúc phải sau ngày bắt đầu.")
    elif starts_on.year != plan.year:
        errors["starts_on"] = _("Thời gian kiểm tra phải nằm trong năm của kế hoạch.")
    if team_lead is not None and not team_may_join(user=team_lead, unit=plan.unit):
        errors["team_lead"] = _("Trưởng đoàn phải là ủy viên Ủy ban kiểm tra.")
    if errors:
        raise ValidationFailed(errors)
    item = PlanItem.objects.create(
        plan=plan,
        kind=kind,
        subject_unit=subject_unit,
        topics=list(topics),
        starts_on=starts_on,
        ends_on=ends_on,
        team_lead=team_lead,
    )
    audit_record(
        actor=actor,
        action="plan.item_add",
        target=plan,
        unit=plan.unit,
        after={"item": item.pk, "kind": kind, "subject_unit": subject_unit.pk, "topics": list(topics)},
    )
    return item


@transaction.atomic
def plan_submit(*, plan: InspectionPlan, actor: User) -> InspectionPlan:
    plan = _lock(plan)
    _require_committee(actor, plan.unit, _("Chỉ Ủy ban kiểm tra của đơn vị được trình kế hoạch."))
    if plan.status not in (InspectionPlan.Status.DRAFT, InspectionPlan.Status.RETURNED):
        raise TransitionNotAllowed(_("Kế hoạch không ở trạng thái có thể trình duyệt."), allowed=[])
    if not plan.items.exists():
        raise ValidationFailed({"items": _("Kế hoạch phải có ít nhất một nội dung kiểm tra.")})
    before = plan.status
    plan.submit()
    plan.save()
    audit_record(
        actor=actor,
        action="plan.submit",
        target=plan,
        unit=plan.unit,
        before={"status": before},
        after={"status": plan.status},
    )
    notify(
        users=users_with_role(unit=plan.unit, roles=LEADERSHIP),
        title=lambda: _("Kế hoạch kiểm tra chờ phê duyệt: %(title)s") % {"title": plan.title},
        url=_plan_url(plan),
        unit=plan.unit,
        key=f"plan:{plan.pk}:submit:{clock.now().isoformat()}",
        reference=plan.reference,
    )
    return plan


def plan_may_approve(*, user: Any, plan: InspectionPlan) -> bool:
    """Whether `user` may approve or return the plan: holding, today, a seat on the executive (BTV/BCH) of
    the plan's unit or above it. The body's decision (DESIGN.md: BTV/BCH approve plans), an
    administrator's only when they hold the role like anyone else. The services, the actions offered
    (`actions.plan_actions`) and whom the plan's page says it waits on (`plan_approvers_read`) read this
    one rule."""
    return user_holds_role(user=user, roles=LEADERSHIP, unit=plan.unit)


def plan_approvers_read(plan: InspectionPlan) -> tuple[Unit | None, list[Any]]:
    """(unit, its leaders) who may approve the plan (plan_may_approve): those of the plan's unit, or of the
    nearest unit above with some (a grassroots union whose executive holds no role here); (None, []) when
    nobody holds the role there or above."""
    for level in [plan.unit, *reversed(list(plan.unit.ancestors()))]:
        approvers = [u for u in users_with_role(unit=level, roles=LEADERSHIP) if plan_may_approve(user=u, plan=plan)]
        if approvers:
            return level, approvers
    return None, []


def _require_approver(actor: User, plan: InspectionPlan) -> None:
    """Approving or returning a plan is the body's (plan_may_approve)."""
    if not unit_is_visible(user=actor, unit=plan.unit):
        raise OutOfScope(_("Không tìm thấy kế hoạch."))
    if not plan_may_approve(user=actor, plan=plan):
        raise TransitionNotAllowed(_("Chỉ Ban Thường vụ hoặc Ban Chấp hành của đơn vị được phê duyệt kế hoạch."))


@transaction.atomic
def plan_approve(*, plan: InspectionPlan, actor: User) -> InspectionPlan:
    plan = _lock(plan)
    _require_approver(actor, plan)
    if plan.status != InspectionPlan.Status.SUBMITTED:
        raise TransitionNotAllowed(_("Chỉ phê duyệt được kế hoạch đang chờ phê duyệt."))
    plan.approve(by=actor, at=clock.now())
    plan.save()
    audit_record(
        actor=actor,
        action="plan.approve",
        target=plan,
        unit=plan.unit,
        before={"status": InspectionPlan.Status.SUBMITTED},
        after={"status": plan.status},
    )
    notify(
        users=[plan.created_by],
        title=lambda: _("Kế hoạch đã được phê duyệt: %(title)s") % {"title": plan.title},
        url=_plan_url(plan),
        unit=plan.unit,
        key=f"plan:{plan.pk}:approve",
        reference=plan.reference,
    )
    return plan


@transaction.atomic
def plan_return(*, plan: InspectionPlan, actor: User, comments: str) -> InspectionPlan:
    plan = _lock(plan)
    _require_approver(actor, plan)
    if not (comments or "").strip():
        raise ValidationFailed({"comments": _("Phải ghi ý kiến khi trả lại kế hoạch.")})
    if plan.status != InspectionPlan.Status.SUBMITTED:
        raise TransitionNotAllowed(_("Chỉ trả lại được kế hoạch đang chờ phê duyệt."))
    plan.send_back(comments.strip())
    plan.save()
    audit_record(
        actor=actor,
        action="plan.return",
        target=plan,
        unit=plan.unit,
        before={"status": InspectionPlan.Status.SUBMITTED},
        after={"status": plan.status},
        reason=comments,
    )
    notify(
        users=[plan.created_by],
        title=lambda: _("Kế hoạch bị trả lại: %(title)s") % {"title": plan.title},
        body=comments,
        url=_plan_url(plan),
        unit=plan.unit,
        key=f"plan:{plan.pk}:return:{clock.now().isoformat()}",
        reference=plan.reference,
    )
    return plan


@transaction.atomic
def plan_activate(*, plan: InspectionPlan, actor: User) -> InspectionPlan:
    plan = _lock(plan)
    _require_runner(
        actor, plan, _("Chỉ Chủ nhiệm Ủy ban kiểm tra, Ban Thường vụ hoặc Ban Chấp hành được triển khai kế hoạch.")
    )
    if plan.status != InspectionPlan.Status.APPROVED:
        raise TransitionNotAllowed(_("Chỉ triển khai được kế hoạch đã phê duyệt."))
    plan.activate()
    plan.save()
    audit_record(
        actor=actor,
        action="plan.activate",
        target=plan,
        unit=plan.unit,
        before={"status": "approved"},
        after={"status": plan.status},
    )
    return plan


@transaction.atomic
def plan_close(*, plan: InspectionPlan, actor: User, summary: str) -> InspectionPlan:
    plan = _lock(plan)
    _require_runner(
        actor, plan, _("Chỉ Chủ nhiệm Ủy ban kiểm tra, Ban Thường vụ hoặc Ban Chấp hành được tổng kết kế hoạch.")
    )
    if not (summary or "").strip():
        raise ValidationFailed({"summary": _("Phải nhập kết quả thực hiện kế hoạch.")})
    if plan.status != InspectionPlan.Status.ACTIVE:
        raise TransitionNotAllowed(_("Chỉ tổng kết được kế hoạch đang thực hiện."))
    plan.close(summary.strip())
    plan.save()
    audit_record(
        actor=actor,
        action="plan.close",
        target=plan,
        unit=plan.unit,
        before={"status": "active"},
        after={"status": plan.status},
        reason=summary,
    )
    return plan
