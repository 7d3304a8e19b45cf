"""Raising flags, grouping them into inspections, and closing them only with their end reason."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from casework.areas.selectors import subject_area_resolve
from casework.audit.services import audit_record, target_ref
from casework.inspections.models import Category, Flag, Inspection
from casework.inspections.services.teams import escalations_about_units_refusals
from casework.org.models import Role, Unit
from casework.org.selectors import unit_is_visible, user_has_role
from casework.search.services import search_index_flag
from core import clock
from core.errors import ApplicationError, PolicyMissing, TransitionNotAllowed, ValidationFailed
from notifications.services import notify
from workflows.calendar import WorkingCalendar
from workflows.models import Deadline, EndGround
from workflows.services.deadlines import EXTENDABLE, deadline_close_recorded, deadline_due_record, deadline_open
from workflows.services.escalations import escalation_open
from workflows.services.policy import policy_current, rule_get

FLAG_SUBJECT = "flag"
FLAG_STEP = "open_inspection"
# The policy row of the most days one leadership extension of that clock gives (a cap, no clock of its own).
FLAG_EXTENSION_STEP = "extend"
FLAG_TARGET = "inspections.flag"
FLAG_RAISERS = (Role.INSPECTOR, Role.COMMITTEE_CHAIR, Role.CASE_OFFICER, Role.BTV_MEMBER, Role.BCH_MEMBER)


def _flag_state(flag: Flag) -> dict:
    return {"status": flag.status, "inspection": flag.inspection_id, "escalation": flag.escalation_id}


@transaction.atomic
def flag_raise(
    *,
    unit: Unit,
    category: str,
    severity: str,
    evidence: str,
    source: str,
    actor: Any = None,
    source_target: Model | None = None,
    person: str = "",
    uploads: list | None = None,
    subject_area: Any = None,
) -> Flag:
    """Record a sign of violation and start its clock to open an inspection (policy flag/open_inspection).

    `actor` None means the system raised it (e.g. from a case conclusion inside the cases service).
    `uploads` (optional) are evidence files, stored by the files app on the flag.
    `subject_area` (a code or an area): the lĩnh vực, chosen by whoever raises the flag (required);
    a flag the system raises from a case takes the case's.
    `source`: one a person reports (Flag.REPORTED_SOURCES), or a linked one (Flag.SOURCE_RECORDS)
    given only with `source_target`, the record of that kind which raises it.
    """
    errors: dict[str, str] = {}
    if unit is None:
        errors["unit"] = _("Phải chọn đơn vị có dấu hiệu vi phạm.")
    if category not in Category.values:
        errors["category"] = _("Nội dung vi phạm không hợp lệ.")
    if severity not in Flag.Severity.values:
        errors["severity"] = _("Mức độ không hợp lệ.")
    if source not in Flag.Source.values:
        errors["source"] = _("Nguồn phát hiện không hợp lệ.")
    if not (evidence or "").strip():
        errors["evidence"] = _("Phải nêu căn cứ, chứng cứ của dấu hiệu vi phạm.")
    if (record := Flag.SOURCE_RECORDS.get(source)) is not None and (
        source_target is None or target_ref(source_target)[0] != record
    ):
        # A case's conclusion, a well-founded denunciation, an inspection's finding, a supervision's
        # report: each raises its flags from its own step, naming itself; never typed by hand.
        errors["source"] = _(
            "Nguồn “%(source)s” chỉ được ghi nhận từ chính hồ sơ đó; nhập tay chỉ chọn: %(reported)s."
        ) % {
            "source": Flag.Source(source).label,
            "reported": ", ".join(str(s.label) for s in Flag.REPORTED_SOURCES),
        }
    inherited = getattr(source_target, "subject_area", None)
    area = None
    try:
        if subject_area not in (None, "") or getattr(actor, "is_authenticated", False):
            area = subject_area_resolve(value=subject_area, current=None)
        else:
            area = inherited
    except ValidationFailed as exc:
        errors.update({k: v[0] for k, v in exc.fields.items()})
    if errors:
        raise ValidationFailed(errors)
    if actor is not None and getattr(actor, "is_authenticated", False):
        if not user_has_role(user=actor, roles=FLAG_RAISERS, unit=unit):
            raise ValidationFailed({"unit": _("Bạn không có quyền ghi nhận dấu hiệu vi phạm ở đơn vị này.")})
    source_type, source_id = target_ref(source_target) if source_target is not None else ("", "")
    flag = Flag.objects.create(
        unit=unit,
        category=category,
        severity=severity,
        evidence=evidence.strip(),
        source=source,
        source_type=source_type,
        source_id=source_id,
        person=(person or "").strip(),
        subject_area=area,
        raised_by=actor if getattr(actor, "is_authenticated", False) else None,
        raised_at=clock.now(),
    )
    deadline = deadline_open(target=flag, unit=unit, step=FLAG_STEP, subject=FLAG_SUBJECT)
    if uploads:
        from casework.files.services import attachment_store

        for upload in uploads:
            attachment_store(upload=upload, target=flag, unit=unit, actor=actor, kind="evidence")
    audit_record(
        actor=actor,
        action="flag.raise",
        target=flag,
        unit=unit,
        after={
            **_flag_state(flag),
            "category": category,
            "severity": severity,
            "source": source,
            "subject_area": area.code if area else None,
            "due": deadline_due_record(deadline),
        },
        reason=evidence.strip()[:500],
        meta={"source_type": source_type, "source_id": source_id},
    )
    search_index_flag(flag=flag)
    return flag


def _lock(flag: Flag) -> Flag:
    return Flag.objects.select_for_update(no_key=True).get(pk=flag.pk)


def flag_subject_area_may_change(*, flag: Flag, user: Any) -> bool:
    """Who may reclassify an open flag: those who may raise flags in its unit."""
    return not flag.is_closed and user_has_role(user=user, roles=FLAG_RAISERS, unit=flag.unit)


@transaction.atomic
def flag_subject_area_set(*, flag: Flag, actor: Any, subject_area: Any, reason: str = "") -> Flag:
    """Đổi lĩnh vực of an open flag (audited: from, to, why); a closed flag keeps the area it was reported under."""
    if subject_area in (None, ""):
        raise ValidationFailed({"subject_area": _("Phải chọn lĩnh vực.")})
    area = subject_area_resolve(value=subject_area)
    if not (reason or "").strip():
        raise ValidationFailed({"reason": _("Phải nêu lý do đổi lĩnh vực.")})
    flag = _lock(flag)
    if not flag_subject_area_may_change(flag=flag, user=actor):
        raise TransitionNotAllowed(
            gettext("Không thể đổi lĩnh vực của %(reference)s (%(status)s).")
            % {"reference": flag.reference, "status": flag.get_status_display()}
        )
    before = flag.subject_area.code if flag.subject_area else None
    if before == area.code:
        raise ValidationFailed({"subject_area": _("Dấu hiệu vi phạm đã thuộc lĩnh vực này.")})
    flag.subject_area = area
    flag.save(update_fields=["subject_area"])
    audit_record(
        actor=actor,
        action="flag.subject_area",
        target=flag,
        unit=flag.unit,
        before={"subject_area": before},
        after={"subject_area": area.code},
        reason=reason.strip(),
    )
    return flag


@transaction.atomic
def flags_assign(*, inspection: Inspection, flags: list[Flag], actor: Any) -> list[Flag]:
    """Group flags into an inspection (called inside the inspection service's transaction).

    Only until its fieldwork ends (`Inspection.accepts_flags`): a flag must be inspected, not merely
    carried into a conclusion reached without it. Each flag keeps the moment it joined
    (`joined_inspection_at`, recorded in its `flag.assign` event too): from then on its inspection's
    clocks cover it in the coverage figures, read at any instant."""
    if not inspection.accepts_flags:
        raise TransitionNotAllowed(
            gettext(
                "Cuộc kiểm tra %(reference)s đã kết thúc kiểm tra tại đơn vị (%(status)s): dấu hiệu vi phạm mới "
                "phải được kiểm tra trong một cuộc kiểm tra khác."
            )
            % {"reference": inspection.reference, "status": inspection.get_status_display()}
        )
    now = clock.now()
    assigned = []
    for given in flags:
        flag = _lock(given)
        if flag.status != Flag.Status.RAISED:
            raise TransitionNotAllowed(
                gettext("%(reference)s đã được xử lý (%(status)s).")
                % {"reference": flag.reference, "status": flag.get_status_display()}
            )
        if not flag.unit.is_within(inspection.subject_unit):
            raise ValidationFailed(
                {
                    "flags": gettext("%(reference)s thuộc đơn vị %(unit)s, không thuộc đơn vị được kiểm tra.")
                    % {"reference": flag.reference, "unit": flag.unit}
                }
            )
        if actor is not None and not unit_is_visible(user=actor, unit=flag.unit):
            raise ValidationFailed(
                {"flags": gettext("%(reference)s không thuộc phạm vi của bạn.") % {"reference": flag.reference}}
            )
        before = _flag_state(flag)
        flag.assign(inspection, at=now)
        flag.save()
        closed = deadline_close_recorded(target=flag, step=FLAG_STEP)
        audit_record(
            actor=actor,
            action="flag.assign",
            target=flag,
            unit=flag.unit,
            before=before,
            after={**_flag_state(flag), "joined_inspection_at": now, "closed": closed},
            reason=gettext("Đưa vào cuộc kiểm tra %(reference)s") % {"reference": inspection.reference},
        )
        assigned.append(flag)
    return assigned


@transaction.atomic
def flags_mark_inspected(*, inspection: Inspection, actor: Any) -> int:
    """Every flag of the inspection ends inspected when its conclusion is approved (inspection service's transaction)."""
    count = 0
    for flag in Flag.objects.select_for_update(no_key=True).filter(inspection=inspection, status=Flag.Status.ASSIGNED):
        before = _flag_state(flag)
        flag.mark_inspected(inspection.conclusion_approved_at)
        flag.save()
        audit_record(
            actor=actor,
            action="flag.inspected",
            target=flag,
            unit=flag.unit,
            before=before,
            after={**_flag_state(flag), "outcome": inspection.outcome},
            reason=gettext("Kết luận kiểm tra %(reference)s đã được duyệt") % {"reference": inspection.reference},
        )
        count += 1
    return count


def flag_end_ground_refusals(*, flag: Flag) -> dict[str, str]:
    """The end grounds not true of `flag` now, with why: "subject dissolved" while its unit is active
    (a unit is dissolved by making it inactive, org.services.unit_update)."""
    unit = flag.unit
    if unit.is_active:
        return {
            EndGround.SUBJECT_DISSOLVED: gettext(
                "%(unit)s vẫn đang hoạt động: không thể kết thúc dấu hiệu vi phạm với căn cứ đối tượng đã giải thể."
            )
            % {"unit": unit.name}
        }
    return {}


def flag_escalation_ground_refusals(escalation: Any) -> dict[str, str]:
    """The end grounds an escalation about a flag may not give now (workflows' decision form, API, service)."""
    flag = Flag.objects.select_related("unit").filter(pk=int(escalation.target_id)).first()
    return flag_end_ground_refusals(flag=flag) if flag is not None else {}


_FLAG_REFERENCE = re.compile(r"^DH-?0*(\d{1,12})$", re.IGNORECASE)
_INSPECTION_REFERENCE = re.compile(r"^KT-?0*(\d{1,12})$", re.IGNORECASE)


def _merge_target_find(*, reference: str, actor: Any) -> Flag | Inspection | None:
    """The flag (DH-00012) or inspection (its decision number, e.g. 12/QĐ-UBKT, or KT-00012) named by
    `reference`, among those `actor` may read (None: the system reads every one); None when there is
    none, or more than one inspection bears that number (the leader names it by KT-… then)."""
    from casework.inspections.selectors import flag_list, inspection_list

    readable = getattr(actor, "is_authenticated", False)
    if match := _FLAG_REFERENCE.match(reference):
        flags = flag_list(user=actor) if readable else Flag.objects.all()
        return flags.select_related("unit").filter(pk=int(match.group(1))).first()
    inspections = inspection_list(user=actor) if readable else Inspection.objects.all()
    if match := _INSPECTION_REFERENCE.match(reference):
        return inspections.filter(pk=int(match.group(1))).first()
    found = list(inspections.filter(decision_number__iexact=reference)[:2])
    return found[0] if len(found) == 1 else None


def _merge_target_refusal(*, flag: Flag, target: Flag | Inspection) -> str | None:
    """Why `flag` may not end merged into `target`, or None: a flag must stay traceable to one that is
    itself dealt with (open, or inspected), never to itself nor round a loop back to it; an inspection
    must inspect the flag's unit or a unit above it (the rule flags_assign applies)."""
    if isinstance(target, Inspection):
        if not flag.unit.is_within(target.subject_unit):
            return gettext(
                "Cuộc kiểm tra %(target)s kiểm tra đơn vị %(unit)s, không bao gồm đơn vị của %(reference)s."
            ) % {
                "target": target.reference,
                "unit": target.subject_unit.name,
                "reference": flag.reference,
            }
        return None
    if target.pk == flag.pk:
        return gettext("Không thể gộp %(reference)s vào chính nó.") % {"reference": flag.reference}
    if isinstance(target, Flag) and target.status == Flag.Status.DECIDED:
        if target.end_ground == EndGround.MERGED and target.merged_into_flag_id == flag.pk:
            return gettext("%(target)s đã được gộp vào %(reference)s: không thể gộp vòng tròn.") % {
                "target": target.reference,
                "reference": flag.reference,
            }
        return gettext(
            "%(target)s đã được lãnh đạo kết thúc không qua kiểm tra: chỉ gộp vào dấu hiệu vi phạm đang xử lý "
            "hoặc đã kiểm tra, hoặc vào một cuộc kiểm tra."
        ) % {"target": target.reference}
    return None


def flag_ending_errors(
    *, flag: Flag, ground: str, actor: Any, merged_into: str = "", referred_to: str = "", referral_ref: str = ""
) -> tuple[dict[str, str], Flag | Inspection | None]:
    """What a leadership ending on `ground` must name, checked: {field: why} and the merge target found.

    Merged: the flag or the inspection it was merged into (`merged_into`, its reference), one `actor`
    may read (another is answered as one that does not exist). Referred: the authority (`referred_to`)
    and the number of the referral paper (`referral_ref`). So no ending hides a flag nobody follows."""
    errors: dict[str, str] = {}
    target = None
    if ground == EndGround.MERGED:
        reference = (merged_into or "").strip()
        if not reference:
            errors["merged_into"] = _(
                "Gộp vào: phải ghi dấu hiệu vi phạm hoặc cuộc kiểm tra đã gộp vào (ví dụ DH-00012 hoặc 12/QĐ-UBKT)."
            )
        elif (target := _merge_target_find(reference=reference, actor=actor)) is None:
            errors["merged_into"] = gettext(
                "Gộp vào: không tìm thấy dấu hiệu vi phạm hoặc cuộc kiểm tra “%(reference)s”."
            ) % {"reference": reference[:64]}
        elif (refusal := _merge_target_refusal(flag=flag, target=target)) is not None:
            errors["merged_into"] = refusal
    elif ground == EndGround.REFERRED:
        if not (referred_to or "").strip():
            errors["referred_to"] = _("Cơ quan nhận: phải ghi tên cơ quan có thẩm quyền đã chuyển đến.")
        if not (referral_ref or "").strip():
            errors["referral_ref"] = _("Số văn bản chuyển: phải ghi số, ký hiệu văn bản chuyển cơ quan có thẩm quyền.")
    return errors, target


def flag_escalation_ending_errors(
    escalation: Any, *, ground: str, actor: Any, merged_into: str, referred_body: str, referral_ref: str
) -> dict[str, str]:
    """What an ending on `ground` of the flag an escalation is about must name and does not
    (flag_ending_errors), on the decision's own fields: the page and the API tell the leader before
    the confirmation, and flag_decide refuses it again under the flag's lock."""
    flag = Flag.objects.select_related("unit").filter(pk=int(escalation.target_id)).first()
    if flag is None:
        return {}
    errors, _target = flag_ending_errors(
        flag=flag,
        ground=ground,
        actor=actor,
        merged_into=merged_into,
        referred_to=referred_body,
        referral_ref=referral_ref,
    )
    if "referred_to" in errors:
        errors["referred_body"] = errors.pop("referred_to")
    return errors


@transaction.atomic
def flag_decide(
    *,
    flag: Flag,
    escalation_id: int,
    decision: str,
    ground: str,
    actor: Any,
    reason: str,
    merged_into: str = "",
    referred_to: str = "",
    referral_ref: str = "",
) -> Flag:
    """Leadership ends the flag without an inspection, on a ground the rules allow (EndGround), recorded
    with what the ground names (flag_ending_errors): the flag or inspection it was merged into, or the
    authority and the paper that referred it.

    Such an ending is never counted as inspected (coverage bucket "ended_by_leadership")."""
    if not (reason or "").strip():
        raise ValidationFailed({"reason": _("Phải nêu lý do quyết định.")})
    if ground not in EndGround.values:
        raise ValidationFailed(
            {"ground": _("Lãnh đạo chỉ được kết thúc dấu hiệu vi phạm không qua kiểm tra theo căn cứ được phép.")}
        )
    errors, target = flag_ending_errors(
        flag=flag,
        ground=ground,
        actor=actor,
        merged_into=merged_into,
        referred_to=referred_to,
        referral_ref=referral_ref,
    )
    if errors:
        raise ValidationFailed(errors)
    if isinstance(target, Flag):
        # Both flags locked in pk order: a decision merging the target back into this one, taken at the
        # same time, waits for this one (no deadlock), then finds the loop and is refused.
        locked = Flag.objects.select_for_update(no_key=True).filter(pk__in=[flag.pk, target.pk]).order_by("pk")
        rows = {row.pk: row for row in locked}
        flag, target = rows[flag.pk], rows[target.pk]
    else:
        flag = _lock(flag)
    if flag.is_closed:
        raise TransitionNotAllowed(
            gettext("%(reference)s đã kết thúc (%(status)s).")
            % {"reference": flag.reference, "status": flag.get_status_display()}
        )
    if ground in (refused := flag_end_ground_refusals(flag=flag)):
        raise ValidationFailed({"ground": refused[ground]})
    if isinstance(target, Flag) and (refusal := _merge_target_refusal(flag=flag, target=target)) is not None:
        raise ValidationFailed({"merged_into": refusal})
    referred = (referred_to or "").strip() if ground == EndGround.REFERRED else ""
    paper = (referral_ref or "").strip() if ground == EndGround.REFERRED else ""
    before = _flag_state(flag)
    flag.decide(
        escalation_id=escalation_id,
        decision=decision,
        ground=ground,
        reason=reason.strip(),
        at=clock.now(),
        merged_into=target,
        referred_to=referred[:255],
        referral_ref=paper[:64],
    )
    flag.save()
    closed = deadline_close_recorded(target=flag, step=FLAG_STEP)
    ending: dict[str, Any] = {}
    if target is not None:
        ending["merged_into"] = list(target_ref(target))
    if ground == EndGround.REFERRED:
        ending.update(referred_to=flag.referred_to, referral_ref=flag.referral_ref)
    audit_record(
        actor=actor,
        action="flag.decide",
        target=flag,
        unit=flag.unit,
        before=before,
        after={**_flag_state(flag), "decision": decision, "ground": ground, "closed": closed, **ending},
        reason=reason,
    )
    return flag


@transaction.atomic
def flag_return(*, flag: Flag, actor: Any, instructions: str) -> Flag:
    """Leadership sends the flag back to the committee with instructions: a fresh clock to open an inspection."""
    flag = _lock(flag)
    if flag.status != Flag.Status.RAISED:
        # Already in an inspection: the instructions are recorded, the inspection carries on.
        audit_record(actor=actor, action="flag.instructions", target=flag, unit=flag.unit, reason=instructions)
        return flag
    flag.return_with_instructions(instructions)
    flag.save()
    closed = deadline_close_recorded(target=flag, step=FLAG_STEP)
    deadline = deadline_open(target=flag, unit=flag.unit, step=FLAG_STEP, subject=FLAG_SUBJECT)
    audit_record(
        actor=actor,
        action="flag.return",
        target=flag,
        unit=flag.unit,
        before=_flag_state(flag),
        after={**_flag_state(flag), "due": deadline_due_record(deadline), "closed": closed},
        reason=instructions,
    )
    return flag


def flag_extension_due_refusal(*, flag: Flag, new_due_on: dt.date | None) -> ValidationFailed | None:
    """The error a leadership extension of the flag's clock to open an inspection (gia hạn, BTV/BCH: DESIGN
    "Who uses it") raises for `new_due_on`, or None: one extension gives at most the days of the rule
    "flag/extend" of the policy version the clock runs under (a committee value: QĐ 684/QĐ-TLĐ sets no
    figure; the way Luật Tố cáo 2018 Đ.30 caps each extension of a denunciation, case_extension_due_refusal),
    counted from its due day, or from today for a clock already run out (more time from the decision on,
    never a due day already gone by). None without a date (not chosen yet) or without a clock (the
    decision's own check refuses that: workflows.services.escalations.escalation_decision_refusals)."""
    if new_due_on is None:
        return None
    running = (
        Deadline.objects.filter(target_type=FLAG_TARGET, target_id=str(flag.pk), step=FLAG_STEP, status__in=EXTENDABLE)
        .select_related("rule__version")
        .order_by("-due_at")
        .first()
    )
    if running is None:
        return None
    try:
        # The version the clock counts under (one opened with no rule of its own: the one in force on its start).
        version = running.rule.version if running.rule is not None else policy_current(on=running.starts_on)
        rule = rule_get(version=version, subject=FLAG_SUBJECT, step=FLAG_EXTENSION_STEP)
    except PolicyMissing as exc:
        return ValidationFailed({"new_due_on": exc.message})
    start = max(running.due_on, clock.today())
    latest = WorkingCalendar.load().due_date(start, rule.days, rule.day_unit)
    if new_due_on <= latest:
        return None
    return ValidationFailed(
        {
            "new_due_on": gettext(
                "Hạn mới không được muộn hơn %(latest)s: mỗi lần gia hạn thời hạn mở cuộc kiểm tra tối đa %(days)s "
                "ngày (%(source)s)."
            )
            % {"latest": f"{latest:%d/%m/%Y}", "days": rule.days, "source": rule.source}
        }
    )


def flag_escalation_decider_refusals(escalation: Any, user: Any) -> dict[str, str]:
    """The decisions on an escalation about a flag refused to `user`: all of them to one conflicted
    with the flag's unit (a role held in it, a declared conflict)."""
    return flag_escalations_decider_refusals([escalation], [user]).get((escalation.pk, user.pk), {})


def flag_escalations_decider_refusals(
    escalations: list[Any], users: list[Any]
) -> dict[tuple[int, int], dict[str, str]]:
    """flag_escalation_decider_refusals for several escalations and deciders, the flags read at once."""
    flags = Flag.objects.select_related("unit").in_bulk([int(e.target_id) for e in escalations])
    return escalations_about_units_refusals(
        escalations,
        users,
        units={pk: flag.unit for pk, flag in flags.items()},
        action=gettext("quyết định về dấu hiệu vi phạm của"),
    )


def flag_escalation_refusal(
    escalation: Any,
    *,
    decision: str,
    actor: Any,
    new_due_on: Any = None,
    discipline: str | None = None,
    flag: Flag | None = None,
) -> ApplicationError | None:
    """The error flag_escalation_handle raises for `decision` as given on the flag now, or None: every
    decision to one conflicted with the flag's unit; a new due day past the most one extension may give
    (flag_extension_due_refusal); a discipline proposal on a flag ended without
    inspection (no violation established to discipline), a second one while one waits for the secret
    ballot, or one on a subject already disciplined on it (QĐ 5130/QĐ-TLĐ). escalation_decide_check reads
    it before the leader confirms."""
    from casework.cases.services.discipline import discipline_proceeding_refusal
    from casework.inspections.services.flag_discipline import flag_discipline_subject_name

    if flag is None:
        flag = Flag.objects.select_related("unit").filter(pk=int(escalation.target_id)).first()
        if flag is None:
            return None
    refusals = flag_escalation_decider_refusals(escalation, actor)
    if decision in refusals:
        return TransitionNotAllowed(refusals[decision])
    if decision == "extend":
        return flag_extension_due_refusal(flag=flag, new_due_on=new_due_on)
    if decision != "discipline":
        return None
    if flag.status == Flag.Status.DECIDED:
        return TransitionNotAllowed(
            gettext("%(reference)s đã kết thúc không qua kiểm tra: không có căn cứ đề nghị kỷ luật.")
            % {"reference": flag.reference}
        )
    # Whatever the form chosen (its absence is the decision's own field error, escalation_decide's check).
    return discipline_proceeding_refusal(subject_name=flag_discipline_subject_name(flag), flag=flag)


# The flag's events that repeat a leadership decision where its page shows it nowhere else: an extension, whose
# reason is the decision's (workflows.escalations.register_decision_echoes). The flag's own state that a decision
# sets (its instructions, its ending and their reason) is shown to every reader of the flag, on its page as in
# its events (flag.instructions, flag.decide).
FLAG_DECISION_ECHOES = ("flag.extend",)


def flag_escalation_handle(
    *, escalation: Any, decision: str, actor: Any, reason: str, new_due_on: Any = None, discipline: str | None = None
) -> None:
    """Leadership decided an escalation about a flag (workflows.escalations handler for "inspections.flag")."""
    flag = Flag.objects.select_related("unit").get(pk=int(escalation.target_id))
    if decision == "discipline":
        flag = _lock(flag)
    # Its refusals (flag_escalation_refusal, which escalation_decide_check asked before the leader
    # confirmed), read again as the flag is now; the flag's services apply theirs under its lock.
    refused = flag_escalation_refusal(
        escalation, decision=decision, actor=actor, new_due_on=new_due_on, discipline=discipline, flag=flag
    )
    if refused is not None:
        raise refused
    if decision == "return":
        flag_return(flag=flag, actor=actor, instructions=reason)
    elif decision == "extend":
        # workflows.escalation_decide has already moved the breached deadline; record it on the flag, naming
        # the escalation: its reason is the decision's, read only by the escalation's readers (FLAG_DECISION_ECHOES).
        audit_record(
            actor=actor,
            action="flag.extend",
            target=flag,
            unit=flag.unit,
            after={"due_on": new_due_on, "escalation": escalation.pk},
            reason=reason,
        )
    elif decision == "discipline" and discipline:
        # One leader's click is a proposal: the competent body decides by secret ballot (QĐ 5130/QĐ-TLĐ),
        # once the inspection has concluded on the flag; a flag not yet inspected goes back for it.
        from casework.inspections.services.flag_discipline import flag_discipline_from_escalation

        flag_discipline_from_escalation(
            flag=flag, escalation=escalation, actor=actor, form=discipline, reason=reason or ""
        )
        if not flag.is_closed:
            text = reason or _("Lãnh đạo chỉ đạo tiến hành kiểm tra.")
            flag_return(
                flag=flag,
                actor=actor,
                instructions=f"{text} (đề nghị kỷ luật {discipline}: cơ quan có thẩm quyền bỏ phiếu kín "
                "sau khi kiểm tra có kết luận)",
            )
    elif decision in ("approve", "refer"):
        if flag.is_closed or escalation.status == "pending":
            # Closed already; or referred to the superior union's leadership: still undecided, open and escalated.
            return
        ground = EndGround.REFERRED if decision == "refer" else escalation.ground
        if ground:
            text = reason or _("Lãnh đạo quyết định.")
            flag_decide(
                flag=flag,
                escalation_id=escalation.pk,
                decision=decision,
                ground=ground,
                actor=actor,
                reason=text,
                merged_into=escalation.merged_into,
                referred_to=escalation.referred_to,
                referral_ref=escalation.referral_ref,
            )
        else:
            # No ground to end it without inspection: the decision orders the inspection, on a fresh clock.
            text = reason or _("Lãnh đạo chỉ đạo tiến hành kiểm tra.")
            flag_return(flag=flag, actor=actor, instructions=text)
    users = [flag.raised_by] if flag.raised_by else []
    notify(
        users=users,
        title=lambda: gettext("Lãnh đạo đã quyết định về %(reference)s") % {"reference": flag.reference},
        body=reason,
        url=f"/inspections/flags/{flag.pk}/",
        unit=flag.unit,
        key=f"flag:{flag.pk}:escalation:{escalation.pk}:{decision}",
        reference=flag.reference,
    )


@transaction.atomic
def flag_escalate(*, flag: Flag, actor: Any, reason: str, proposal: str = "") -> Any:
    """Bring an open flag to the leadership by hand, before or after its clock runs out."""
    flag = _lock(flag)
    if flag.is_closed:
        raise TransitionNotAllowed(
            gettext("%(reference)s đã kết thúc (%(status)s).")
            % {"reference": flag.reference, "status": flag.get_status_display()}
        )
    return escalation_open(target=flag, unit=flag.unit, reason=reason, proposal=proposal, actor=actor)


def flag_inspection_open(*, flag: Flag, actor: Any, unit: Unit, title: str = "") -> Any:
    """Open an ad hoc inspection of the flag's unit, run by `unit`'s committee, with this flag in it."""
    from casework.inspections.services.inspections import inspection_open

    return inspection_open(unit=unit, subject_unit=flag.unit, actor=actor, title=title, flags=[flag])
