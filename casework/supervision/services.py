"""Supervisions step by step: create (with its team), start, report (raising flags for the signs of
violation found), close, and a change of the period's last day. Each write locks the row, checks scope,
role and step, and records its audit event and its notices (supervision.notices) in the same transaction.

The report runs on a clock (workflows' deadline engine): started with the supervision, due a policy
number of working days after the period's last day (REPORT_STEP of SUBJECT, seeded by
workflows/migrations/0020), met by the report, moved (an extension, in its history) when the last day
moves. The sweep reminds the lead and the committee's chair and, past it, brings it to the leadership."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from casework.audit.services import audit_record
from casework.inspections.models import Category, Flag, InspectionPlan, PlanItem
from casework.inspections.roles import CHAIR, INSPECTION_STAFF
from casework.inspections.services import committee_may_open, flag_raise
from casework.inspections.services.teams import (
    decider_conflict,
    escalation_decider_check,
    escalations_about_units_refusals,
    team_conflicts,
    team_may_join,
    unit_conflicted_user_ids,
)
from casework.org.models import Unit, User
from casework.org.selectors import unit_is_visible, user_holds_role
from casework.search.services import search_index_supervision
from casework.supervision.models import SUPERVISION_TARGET, Supervision, SupervisionMember
from casework.supervision.notices import (
    supervision_created_notify,
    supervision_reported_notify,
    supervision_started_notify,
)
from core import clock
from core.errors import OutOfScope, TransitionNotAllowed, ValidationFailed
from notifications.language import site_language
from notifications.services import notify
from workflows.models import Deadline
from workflows.services.deadlines import (
    STOPPABLE,
    deadline_close,
    deadline_close_recorded,
    deadline_due_on,
    deadline_due_record,
    deadline_extend,
    deadline_open,
)

# A report names each sign of violation it found; more than this is not one supervision's report.
MAX_SIGNS = 20

# The report's clock: the policy's rule for it (workflows.DeadlineRule), counted from the period's last day.
SUBJECT = "supervision"
REPORT_STEP = "supervision_report"


def supervision_may_work(*, user: User, supervision: Supervision) -> bool:
    """Who starts and reports a supervision: its team, or the committee's chair, of the committee's unit,
    never someone conflicted with the unit supervised (a role held there, a declared conflict; the
    inspection teams' rule, services.teams.team_conflicts). The team's work is its members': an
    administrator does it only holding the committee's role, like anyone else (docs/roles.md)."""
    if not user_holds_role(user=user, roles=INSPECTION_STAFF, unit=supervision.unit):
        return False
    if decider_conflict(actor=user, unit=supervision.subject_unit):
        return False
    return supervision.team.filter(user=user).exists() or user_holds_role(user=user, roles=CHAIR, unit=supervision.unit)


def supervision_may_start(*, user: User, supervision: Supervision, today: dt.date | None = None) -> bool:
    """Who starts a supervision: from its first day, whoever does its work (supervision_may_work); before
    that day, only the committee's chair who decided its period (supervision_may_close's rule), with a
    reason (supervision_start): the team does not go to the unit before the day the decision set."""
    if not supervision_may_work(user=user, supervision=supervision):
        return False
    if (today or clock.today()) >= supervision.starts_on:
        return True
    return supervision_may_close(user=user, supervision=supervision)


def supervision_may_close(*, user: User, supervision: Supervision) -> bool:
    """Who closes a reported supervision: the committee's chair holding the role (an administrator only like
    anyone else), not conflicted with the unit supervised."""
    return user_holds_role(user=user, roles=CHAIR, unit=supervision.unit) and not decider_conflict(
        actor=user, unit=supervision.subject_unit
    )


def supervision_may_reschedule(*, user: User, supervision: Supervision) -> bool:
    """Who moves the last day of a supervision not yet reported: the committee's chair who decided it
    (supervision_may_close's rule), never the team whose report it times."""
    return supervision_may_close(user=user, supervision=supervision)


def _lock(supervision: Supervision) -> Supervision:
    return (
        Supervision.objects.select_for_update(of=("self",), no_key=True)
        .select_related("unit", "subject_unit")
        .get(pk=supervision.pk)
    )


def _require(actor: User, supervision: Supervision, allowed: bool, message: str) -> None:
    if not unit_is_visible(user=actor, unit=supervision.unit):
        raise OutOfScope(_("Không tìm thấy cuộc giám sát."))
    if not allowed:
        raise TransitionNotAllowed(message)


def _require_status(supervision: Supervision, status: str, *, action: str) -> None:
    if supervision.status != status:
        raise TransitionNotAllowed(
            gettext("Không thể %(action)s khi cuộc giám sát đang ở bước “%(status)s”.")
            % {"action": action, "status": supervision.get_status_display()}
        )


def _team_errors(*, unit: Unit, subject_unit: Unit | None, lead: User | None, people: list[User]) -> list[str]:
    errors: list[str] = []
    if lead is None:
        errors.append(_("Phải chọn trưởng đoàn giám sát."))
    for user in people:
        if not team_may_join(user=user, unit=unit):
            errors.append(_("%(person)s không phải ủy viên Ủy ban kiểm tra của đơn vị.") % {"person": user})
    if subject_unit is not None:
        for user_id, why in team_conflicts(users=people, subject_unit=subject_unit).items():
            who = next(u for u in people if u.pk == user_id)
            errors.append(
                _("%(person)s không được tham gia đoàn vì %(why)s (xung đột lợi ích).") % {"person": who, "why": why}
            )
    return errors


@transaction.atomic
def supervision_create(
    *,
    unit: Unit,
    actor: User,
    kind: str,
    subject_unit: Unit | None = None,
    title: str = "",
    topics: Iterable[str] | None = None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    lead: User | None = None,
    members: Iterable[User] = (),
    plan_item: PlanItem | None = None,
) -> Supervision:
    """Lập cuộc giám sát by `unit`'s committee, of a unit within it, with its team (a lead and members of
    the committee, none conflicted with the unit). From a plan item (a supervision of an approved plan of
    `unit`), the unit, topics, period and lead default to the item's."""
    if not unit_is_visible(user=actor, unit=unit):
        raise OutOfScope(_("Không tìm thấy đơn vị."))
    if not committee_may_open(user=actor, unit=unit):
        raise TransitionNotAllowed(_("Chỉ Ủy ban kiểm tra của đơn vị được lập cuộc giám sát."))
    errors: dict[str, list[str]] = {}
    if plan_item is not None:
        plan_item = PlanItem.objects.select_related("plan", "subject_unit", "team_lead").get(pk=plan_item.pk)
        if plan_item.kind != PlanItem.Kind.SUPERVISION:
            errors["plan_item"] = [_("Nội dung này của kế hoạch là một cuộc kiểm tra, không phải cuộc giám sát.")]
        elif plan_item.plan.status not in (InspectionPlan.Status.APPROVED, InspectionPlan.Status.ACTIVE):
            errors["plan_item"] = [_("Kế hoạch chưa được phê duyệt.")]
        elif plan_item.plan.unit_id != unit.pk:
            errors["plan_item"] = [_("Nội dung này thuộc kế hoạch của đơn vị khác.")]
        subject_unit = plan_item.subject_unit
        topics = list(topics or []) or list(plan_item.topics)
        starts_on = starts_on or plan_item.starts_on
        ends_on = ends_on or plan_item.ends_on
        lead = lead or plan_item.team_lead
    topics = list(dict.fromkeys(topics or []))
    if kind not in Supervision.Kind.values:
        errors["kind"] = [_("Hình thức giám sát phải là thường xuyên hoặc chuyên đề.")]
    if subject_unit is None or not subject_unit.is_within(unit):
        errors["subject_unit"] = [_("Đơn vị được giám sát phải thuộc phạm vi của đơn vị tiến hành.")]
    if not topics or any(t not in Category.values for t in topics):
        errors["topics"] = [_("Phải chọn ít nhất một nội dung giám sát hợp lệ.")]
    if starts_on is None:
        errors["starts_on"] = [_("Phải nhập ngày bắt đầu giám sát.")]
    if ends_on is None:
        errors["ends_on"] = [_("Phải nhập ngày kết thúc giám sát.")]
    elif starts_on is not None and ends_on < starts_on:
        errors["ends_on"] = [_("Thời gian giám sát: ngày kết thúc phải sau hoặc bằng ngày bắt đầu.")]
    people = list({u.pk: u for u in [lead, *members] if u is not None}.values())
    if team := _team_errors(unit=unit, subject_unit=subject_unit, lead=lead, people=people):
        errors["members"] = team
    if errors:
        raise ValidationFailed(errors)
    assert subject_unit is not None and starts_on is not None and ends_on is not None and lead is not None
    # The record's own words are the site's, whatever language the request reads in.
    with site_language():
        default_title = gettext("%(kind)s tại %(unit)s") % {
            "kind": Supervision.Kind(kind).label,
            "unit": subject_unit.name,
        }
    supervision = Supervision.objects.create(
        unit=unit,
        subject_unit=subject_unit,
        kind=kind,
        plan_item=plan_item,
        title=((title or "").strip() or default_title)[:255],
        topics=topics,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=actor,
        created_at=clock.now(),
    )
    SupervisionMember.objects.bulk_create(
        SupervisionMember(
            supervision=supervision,
            user=user,
            role=SupervisionMember.Role.LEAD if user.pk == lead.pk else SupervisionMember.Role.MEMBER,
        )
        for user in people
    )
    audit_record(
        actor=actor,
        action="supervision.create",
        target=supervision,
        unit=unit,
        after={
            "status": supervision.status,
            "kind": kind,
            "subject_unit": subject_unit.pk,
            "topics": topics,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "lead": lead.pk,
            "team": [u.pk for u in people],
            "plan_item": plan_item.pk if plan_item else None,
        },
    )
    search_index_supervision(supervision=supervision)
    supervision_created_notify(supervision=supervision)
    return supervision


@transaction.atomic
def supervision_start(*, supervision: Supervision, actor: User, reason: str = "") -> Supervision:
    """Bắt đầu giám sát: the team starts following the unit's work, from the first day of the period the
    decision set; earlier only by the committee's chair, giving the reason, which the trail records
    (supervision_may_start)."""
    supervision = _lock(supervision)
    _require(
        actor,
        supervision,
        supervision_may_work(user=actor, supervision=supervision),
        _("Chỉ đoàn giám sát hoặc Chủ nhiệm Ủy ban kiểm tra được thực hiện bước này."),
    )
    _require_status(supervision, Supervision.Status.PLANNED, action=_("bắt đầu giám sát"))
    reason = (reason or "").strip()
    early = clock.today() < supervision.starts_on
    if early:
        _require(
            actor,
            supervision,
            supervision_may_start(user=actor, supervision=supervision),
            _("Cuộc giám sát bắt đầu từ ngày %(day)s: chỉ Chủ nhiệm Ủy ban kiểm tra được cho bắt đầu sớm hơn.")
            % {"day": f"{supervision.starts_on:%d/%m/%Y}"},
        )
        if not reason:
            raise ValidationFailed(
                {
                    "reason": _("Bắt đầu trước ngày %(day)s đã định: phải nêu lý do.")
                    % {"day": f"{supervision.starts_on:%d/%m/%Y}"}
                }
            )
    supervision.start(at=clock.now())
    supervision.save()
    report_clock = report_clock_open(supervision=supervision)
    audit_record(
        actor=actor,
        action="supervision.start",
        target=supervision,
        unit=supervision.unit,
        before={"status": Supervision.Status.PLANNED},
        after={
            "status": supervision.status,
            "due": deadline_due_record(report_clock),
            **({"starts_on": supervision.starts_on} if early else {}),
        },
        reason=reason,
    )
    supervision_started_notify(supervision=supervision)
    return supervision


def _sign_flag(supervision: Supervision, sign: Mapping[str, Any], number: int, actor: User) -> Flag:
    """Raise the flag of one sign through the flags' own service (its clock to open an inspection starts)."""
    try:
        return flag_raise(
            unit=supervision.subject_unit,
            category=str(sign.get("category") or ""),
            severity=str(sign.get("severity") or Flag.Severity.MEDIUM),
            evidence=str(sign.get("evidence") or ""),
            person=str(sign.get("person") or ""),
            subject_area=sign.get("subject_area"),
            source=Flag.Source.SUPERVISION,
            source_target=supervision,
            actor=actor,
        )
    except ValidationFailed as exc:
        raise ValidationFailed(
            {
                "signs": [
                    gettext("Dấu hiệu vi phạm thứ %(number)s: %(message)s") % {"number": number, "message": message}
                    for messages in exc.fields.values()
                    for message in messages
                ]
            }
        ) from exc


@transaction.atomic
def supervision_report(
    *,
    supervision: Supervision,
    actor: User,
    findings: str,
    assessment: str,
    recommendations: str = "",
    signs: Iterable[Mapping[str, Any]] = (),
) -> Supervision:
    """Báo cáo kết quả giám sát: what was found, the committee's assessment, its recommendations, and each
    sign of violation found (category, lĩnh vực, severity, evidence, person), raised as a flag of the unit
    supervised with source "supervision". From then on the flag must end inspected or decided like any
    other (plan §3.6: "kiểm tra 100% các trường hợp có dấu hiệu vi phạm"). A sign refused refuses the
    whole report: nothing is recorded."""
    signs = list(signs)
    errors: dict[str, str] = {}
    if not (findings or "").strip():
        errors["findings"] = _("Phải nêu kết quả giám sát.")
    if assessment not in Supervision.Assessment.values:
        errors["assessment"] = _("Phải chọn đánh giá của đoàn giám sát.")
    if len(signs) > MAX_SIGNS:
        errors["signs"] = _("Một báo cáo ghi nhận tối đa %(count)s dấu hiệu vi phạm.") % {"count": MAX_SIGNS}
    if errors:
        raise ValidationFailed(errors)
    supervision = _lock(supervision)
    _require(
        actor,
        supervision,
        supervision_may_work(user=actor, supervision=supervision),
        _("Chỉ đoàn giám sát hoặc Chủ nhiệm Ủy ban kiểm tra được báo cáo kết quả giám sát."),
    )
    _require_status(supervision, Supervision.Status.IN_PROGRESS, action=_("báo cáo kết quả giám sát"))
    supervision.report(
        findings=findings.strip(),
        assessment=assessment,
        recommendations=(recommendations or "").strip(),
        by=actor,
        at=clock.now(),
    )
    supervision.save()
    closed = deadline_close_recorded(target=supervision, step=REPORT_STEP)
    flags = [_sign_flag(supervision, sign, number, actor) for number, sign in enumerate(signs, start=1)]
    audit_record(
        actor=actor,
        action="supervision.report",
        target=supervision,
        unit=supervision.unit,
        before={"status": Supervision.Status.IN_PROGRESS},
        after={
            "status": supervision.status,
            "assessment": assessment,
            "flags": [f.pk for f in flags],
            "closed": closed,
        },
        reason=findings.strip()[:500],
    )
    supervision_reported_notify(supervision=supervision, flags=flags)
    return supervision


@transaction.atomic
def supervision_close(*, supervision: Supervision, actor: User) -> Supervision:
    """Kết thúc cuộc giám sát once its report is in; the flags it raised carry on on their own clocks."""
    supervision = _lock(supervision)
    _require(
        actor,
        supervision,
        supervision_may_close(user=actor, supervision=supervision),
        _("Chỉ Chủ nhiệm Ủy ban kiểm tra được kết thúc cuộc giám sát."),
    )
    _require_status(supervision, Supervision.Status.REPORTED, action=_("kết thúc cuộc giám sát"))
    supervision.close(at=clock.now())
    supervision.save()
    # The report met its clock; whatever else still runs on the supervision ends with it.
    stopped = deadline_close(target=supervision, cancelled=True)
    audit_record(
        actor=actor,
        action="supervision.close",
        target=supervision,
        unit=supervision.unit,
        before={"status": Supervision.Status.REPORTED},
        after={"status": supervision.status, **({"cancelled": stopped} if stopped else {})},
    )
    return supervision


def _report_clock_running(supervision: Supervision) -> Deadline | None:
    return (
        Deadline.objects.filter(
            target_type=SUPERVISION_TARGET, target_id=str(supervision.pk), step=REPORT_STEP, status__in=STOPPABLE
        )
        .select_related("rule__version")
        .order_by("-pk")
        .first()
    )


def report_clock_open(*, supervision: Supervision) -> Deadline:
    """Start the report's clock of a supervision in progress: due the rule's working days after the
    period's last day (the day itself not counted, Bộ luật Dân sự 2015 Đ.147), for its lead to keep."""
    lead = supervision.team.filter(role=SupervisionMember.Role.LEAD).select_related("user").first()
    return deadline_open(
        target=supervision,
        unit=supervision.unit,
        step=REPORT_STEP,
        subject=SUBJECT,
        start=supervision.ends_on,
        assignee=lead.user if lead else None,
    )


@transaction.atomic
def supervision_reschedule(*, supervision: Supervision, actor: User, ends_on: dt.date, reason: str) -> Supervision:
    """Dời ngày kết thúc giám sát of a supervision not yet reported, with the reason. A report's clock
    running moves with it, counted again from the new last day by its own rule: the engine's extension,
    recorded in the clock's history (its reminders and breach start over for the new day)."""
    supervision = _lock(supervision)
    _require(
        actor,
        supervision,
        supervision_may_reschedule(user=actor, supervision=supervision),
        _("Chỉ Chủ nhiệm Ủy ban kiểm tra được điều chỉnh thời gian giám sát."),
    )
    if supervision.status not in (Supervision.Status.PLANNED, Supervision.Status.IN_PROGRESS):
        raise TransitionNotAllowed(
            gettext("Không thể %(action)s khi cuộc giám sát đang ở bước “%(status)s”.")
            % {"action": _("điều chỉnh thời gian giám sát"), "status": supervision.get_status_display()}
        )
    errors: dict[str, str] = {}
    if ends_on is None:
        errors["ends_on"] = _("Phải nhập ngày kết thúc giám sát.")
    elif ends_on < supervision.starts_on:
        errors["ends_on"] = _("Thời gian giám sát: ngày kết thúc phải sau hoặc bằng ngày bắt đầu.")
    elif ends_on == supervision.ends_on:
        errors["ends_on"] = _("Ngày kết thúc giám sát không thay đổi.")
    if not (reason or "").strip():
        errors["reason"] = _("Phải nêu lý do điều chỉnh thời gian giám sát.")
    if errors:
        raise ValidationFailed(errors)
    before = supervision.ends_on
    supervision.ends_on = ends_on
    supervision.save(update_fields=["ends_on"])
    moved = []
    running = _report_clock_running(supervision)
    if running is not None:
        due = deadline_due_on(
            subject=SUBJECT,
            step=REPORT_STEP,
            version=running.rule.version if running.rule else None,
            start=ends_on,
            days=running.days,
        )
        if due != running.due_on:
            moved.append(deadline_extend(target=supervision, step=REPORT_STEP, new_due_on=due))
    audit_record(
        actor=actor,
        action="supervision.reschedule",
        target=supervision,
        unit=supervision.unit,
        before={"ends_on": before},
        after={"ends_on": ends_on, **({"due": deadline_due_record(*moved)} if moved else {})},
        reason=reason.strip(),
    )
    search_index_supervision(supervision=supervision)
    return supervision


def supervision_escalation_decider_refusals(escalation: Any, user: User) -> dict[str, str]:
    """The decisions on an escalation about a supervision refused to `user`: all of them to one
    conflicted with the unit supervised (the teams' rule, decider_conflict)."""
    return supervision_escalations_decider_refusals([escalation], [user]).get((escalation.pk, user.pk), {})


def supervision_escalations_decider_refusals(
    escalations: list[Any], users: list[Any]
) -> dict[tuple[int, int], dict[str, str]]:
    """supervision_escalation_decider_refusals for several escalations and deciders, read at once."""
    supervisions = Supervision.objects.select_related("subject_unit").in_bulk([int(e.target_id) for e in escalations])
    return escalations_about_units_refusals(
        escalations,
        users,
        units={pk: supervision.subject_unit for pk, supervision in supervisions.items()},
        action=gettext("chỉ đạo cuộc giám sát tại"),
    )


def supervision_escalation_decision_refusals(escalation: Any) -> dict[str, str]:
    """A late report is no ground for discipline: what the supervision found goes on as flags, which are
    inspected (plan §3.6), and discipline is decided from an inspection's conclusion by secret ballot."""
    return {
        "discipline": _(
            "Giám sát không đề nghị kỷ luật: dấu hiệu vi phạm phát hiện qua giám sát được ghi nhận để kiểm tra."
        )
    }


def supervision_escalation_handle(
    *, escalation: Any, decision: str, actor: User, reason: str, new_due_on: Any = None, discipline: Any = None
) -> None:
    """Leadership decided on a late supervision report: record it on the supervision and tell the team.
    An extension has already moved the report's clock (workflows); the other decisions are instructions."""
    supervision = Supervision.objects.select_related("unit", "subject_unit").get(pk=int(escalation.target_id))
    escalation_decider_check(supervision_escalation_decider_refusals(escalation, actor), decision)
    audit_record(
        actor=actor,
        action=f"supervision.leadership_{decision}",
        target=supervision,
        unit=supervision.unit,
        after={"escalation": escalation.pk, "new_due_on": new_due_on},
        reason=reason,
    )
    notify(
        users=[m.user for m in supervision.team.select_related("user")],
        never=unit_conflicted_user_ids(unit=supervision.subject_unit),
        title=lambda: (
            gettext("Chỉ đạo của lãnh đạo về cuộc giám sát %(reference)s") % {"reference": supervision.reference}
        ),
        body=reason,
        url=reverse("supervision:detail", args=[supervision.pk]),
        unit=supervision.unit,
        key=f"supervision:{supervision.pk}:escalation:{escalation.pk}:{decision}",
        reference=supervision.reference,
    )
