"""Follow-up of recommendations: the owner unit reports, an inspector verifies; lapses escalate."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from casework.audit.services import audit_record
from casework.cases.services.identity import case_text_masked
from casework.inspections.models import FollowupReport, Inspection, Recommendation
from casework.inspections.monitors import monitor_cover
from casework.inspections.recusal import RECOMMENDATION_TARGET
from casework.inspections.reporters import followup_may_report, followup_reporters
from casework.inspections.roles import FOLLOWUP_REPORT_STEP, FOLLOWUP_SUBJECT, INSPECTION_STAFF
from casework.inspections.selectors import followup_report_awaiting, recommendation_list
from casework.inspections.services.guards import uploads_store
from casework.inspections.services.teams import (
    escalation_decider_check,
    escalations_about_units_refusals,
    team_conflicts,
)
from casework.org.models import Role, User
from casework.org.selectors import stand_in_for, unit_is_visible, user_holds_role, users_with_role
from core import clock
from core.errors import OutOfScope, TransitionNotAllowed, ValidationFailed
from notifications.services import notify
from workflows.calendar import end_of_day
from workflows.escalations import target_audience
from workflows.flows.routing import process_advance
from workflows.models import Escalation
from workflows.services.deadlines import deadline_close, deadline_open
from workflows.services.escalations import escalation_open

# Returned this many times, a recommendation goes to the leadership.
RETURNS_BEFORE_ESCALATION = 2


def _lock(rec: Recommendation) -> Recommendation:
    return (
        Recommendation.objects.select_for_update(of=("self",), no_key=True)
        .select_related("inspection", "inspection__unit", "case", "case__unit", "owner_unit", "monitor")
        .get(pk=rec.pk)
    )


def _url(rec: Recommendation) -> str:
    return f"/inspections/recommendations/{rec.pk}/"


def recommendation_audience(rec: Recommendation, users: Any) -> tuple[list[User], set[int]]:
    """`users` less whoever is recused from the case the recommendation came from, and those people
    (for `notify`'s `never`)."""
    return target_audience(RECOMMENDATION_TARGET, rec.pk, users)


def followup_report_clock_unit(rec: Recommendation) -> Any:
    """The unit whose clock times the owner's report. An inspection's: the owner unit's, as its
    committee urges it. A case's: the resolver's unit, with the monitor as its holder: the resolver
    or whom they assign follows and urges the implementation and reports on it to the resolver, and
    a lapse goes to that unit's leadership (Nghị định 31/2019/NĐ-CP Đ.18 khoản 2, sửa đổi bởi Nghị
    định 156/2026/NĐ-CP Đ.3), never to the leaders of a unit denounced, who are recused from the case."""
    return rec.owner_unit if rec.case is None else rec.case.unit


def followup_report_clock_open(rec: Recommendation, *, due_on: Any = None) -> None:
    """Start the clock of the owner's report: to `due_on` (the due date set), else by the policy's
    rule (a report returned as insufficient)."""
    deadline_open(
        target=rec,
        unit=followup_report_clock_unit(rec),
        step=FOLLOWUP_REPORT_STEP,
        subject=FOLLOWUP_SUBJECT,
        due_on=due_on,
        assignee=rec.monitor,
    )


def followup_may_verify(*, user: User, recommendation: Recommendation) -> bool:
    """Whether `user` is one who verifies the recommendation's reports (their conflicts aside:
    followup_verifier_conflict). An inspection's: the inspecting unit's committee. A case's: whoever
    may see the case and monitors it: the monitor named (or whoever stands in for them today; should
    that substitute be recused from the case, the nearest committee chairs: monitors.monitor_cover),
    else the inspection committee of the case's unit (Nghị định 31/2019/NĐ-CP Đ.18 khoản 2, sửa đổi bởi
    Nghị định 156/2026/NĐ-CP Đ.3). Verifying is the committee's or the monitor's step: an
    administrator verifies only holding the role or named monitor, like anyone else (docs/roles.md)."""
    rec = recommendation
    case = rec.case
    if case is None:
        return user_holds_role(user=user, roles=INSPECTION_STAFF, unit=rec.source_unit)
    from casework.cases.selectors import case_visible

    if not case_visible(user=user).filter(pk=case.pk).exists():
        return False
    if rec.monitor is not None:
        if user.pk in (rec.monitor.pk, getattr(stand_in_for(rec.monitor), "pk", None)):
            return True
        # The monitor away and their substitute recused: the nearest committee chairs (monitors.py).
        if not user_holds_role(user=user, roles=[Role.COMMITTEE_CHAIR]):
            return False
        return user.pk in {chair.pk for chair in monitor_cover(rec)[1]}
    return user_holds_role(user=user, roles=INSPECTION_STAFF, unit=case.unit)


def followup_verifier_conflict(*, actor: User, recommendation: Recommendation, report: FollowupReport) -> str:
    """Why `actor` may not verify `report` ("" when they may): its author, or anyone conflicted with the
    unit that must act (a role held in it, a declared conflict; the team's rule, teams.team_conflicts).
    The unit never verifies its own compliance: that is the committee's check of it. A case's measure
    is also refused to one who may not decide on the case (a conflict declared in it, or with the
    unit denounced: casework.cases.selectors.case_conflict_reason). Being an administrator exempts
    nobody from them."""
    if report.reported_by_id == actor.pk:
        return gettext("bạn là người báo cáo")
    return followup_follower_conflict(actor=actor, recommendation=recommendation)


def followup_follower_conflict(*, actor: User, recommendation: Recommendation) -> str:
    """Why `actor`, one who follows `recommendation` (followup_may_verify), may not act on it as the
    committee ("" when they may): conflicted with the unit that must act, or, for a case's measure, one
    who may not decide on the case (followup_verifier_conflict, less the report's author)."""
    conflict = team_conflicts(users=[actor], subject_unit=recommendation.owner_unit).get(actor.pk, "")
    if conflict or recommendation.case is None:
        return conflict
    from casework.cases.selectors import case_conflict_reason

    return case_conflict_reason(case=recommendation.case, user=actor)


@transaction.atomic
def followup_report(
    *, recommendation: Recommendation, text: str, actor: User, uploads: list[UploadedFile] | None = None
) -> FollowupReport:
    """The owner unit reports what it did, with evidence (or, when none of its representatives may,
    whoever reports instead: casework.inspections.reporters); the verify clock starts."""
    rec = _lock(recommendation)
    if not followup_may_report(user=actor, recommendation=rec):
        # Not theirs, or recused from the case (for them it does not exist): the same answer.
        raise OutOfScope(_("Không tìm thấy kiến nghị."))
    _report_awaited(rec, gettext("Kiến nghị đang ở trạng thái “%(status)s”, không thể báo cáo."))
    if not (text or "").strip():
        raise ValidationFailed({"text": _("Phải nhập nội dung báo cáo thực hiện.")})
    return _report_in(
        rec,
        actor=actor,
        uploads=uploads,
        files_kind="followup",
        action="recommendation.report",
        fields={"text": text.strip(), "reported_by": actor},
    )


def _report_awaited(rec: Recommendation, refusal: str) -> None:
    """Refuse (`refusal`, given the status) a report on `rec` unless one is due: open, or returned."""
    if rec.status not in (Recommendation.Status.OPEN, Recommendation.Status.RETURNED):
        raise TransitionNotAllowed(refusal % {"status": rec.get_status_display()})


def _report_in(
    rec: Recommendation,
    *,
    actor: User,
    uploads: list[UploadedFile] | None,
    files_kind: str,
    action: str,
    fields: dict[str, Any],
    recorded: dict[str, Any] | None = None,
    received_on: dt.date | None = None,
) -> FollowupReport:
    """A report is in, in the system or on paper (`fields` of the report, `recorded` in the trail's
    event `action`), on the locked `rec` a report is due on: the recommendation goes to verification,
    the files are stored, the trail and whoever verifies are told. The report clock stops as of the
    day the report was received (`received_on`), else now (_verification_starts)."""
    before = rec.status
    rec.report()
    rec.save()
    process_advance(obj=rec)
    report = FollowupReport.objects.create(recommendation=rec, reported_at=clock.now(), **fields)
    stored = uploads_store(uploads, target=report, unit=rec.owner_unit, actor=actor, kind=files_kind)
    _verification_starts(rec, received_on=received_on)
    audit_record(
        actor=actor,
        action=action,
        target=rec,
        unit=rec.owner_unit,
        before={"status": before},
        after={"status": rec.status, "report": report.pk, **(recorded or {}), "files": stored},
    )
    _report_told(rec, report)
    return report


def _verification_starts(rec: Recommendation, *, received_on: dt.date | None = None) -> None:
    """A report is in, in the system or on paper: the report clock stops, the verify clock starts.

    A report on paper stops its clock as of the day it was received, not the day it is recorded: the
    unit's duty is to report by the due day, and a report that reached the committee by then was made
    in time however late the committee records it. So it reads met in time in the clocks, the reports
    and the coverage proof, even when the sweep, reading the clock still running meanwhile, had marked it
    breached (that breach is cleared; its escalation, raised when nothing was recorded yet, stays in the
    trail and the sweep records it overtaken: workflows.services.deadlines.late_stop_breached_at). The
    received day ends at its close, so a report received on the due day is in time (Bộ luật Dân sự 2015
    Đ.148 khoản 1: a time limit ends at the end of its last day). The committee's time to verify runs
    from the same day: the report was in its hands then, and a late recording does not lengthen it."""
    at = end_of_day(received_on) if received_on is not None else None
    deadline_close(target=rec, step="report", at=at)
    deadline_open(
        target=rec, unit=rec.source_unit, step="verify", subject="followup", assignee=rec.monitor, start=received_on
    )


def _report_told(rec: Recommendation, report: FollowupReport) -> None:
    """Whoever verifies is told that a report waits (the same notice for a report on paper)."""
    users, never = recommendation_audience(rec, _verifiers(rec))
    notify(
        users=users,
        never=never,
        title=gettext_lazy("Đơn vị đã báo cáo thực hiện kiến nghị"),
        body=Truncator(rec.text).chars(300),
        url=_url(rec),
        unit=rec.source_unit,
        key=f"recommendation:{rec.pk}:report:{report.pk}",
        reference=rec.reference,
    )


def followup_may_record_paper(*, user: User, recommendation: Recommendation) -> bool:
    """Whether `user` may record the unit's report received on paper (its state aside): one who
    follows the recommendation, that is who verifies its reports (followup_may_verify), with no
    conflict with the unit or the case (followup_follower_conflict). Whether the unit has anybody who
    may report in the system does not matter: a unit's signed letter reaches the committee either way."""
    return followup_may_verify(user=user, recommendation=recommendation) and not followup_follower_conflict(
        actor=user, recommendation=recommendation
    )


@transaction.atomic
def followup_report_paper(
    *,
    recommendation: Recommendation,
    actor: User,
    received_on: dt.date | None,
    means: str,
    text: str,
    uploads: list[UploadedFile] | None = None,
) -> FollowupReport:
    """Ghi nhận báo cáo thực hiện kiến nghị bằng văn bản giấy: one who follows the recommendation
    records the report the unit sent on paper (the day received, the means, what it says, the scan of
    the signed report), and the recommendation goes on as if the unit had reported in the system (its
    report clock stops, the verification starts). No recommendation then waits on a unit nobody may
    report for in the system (reporters.followup_may_report). Under the recommendation's lock, and only
    while no report waits for a verdict: a report in the system and one on paper never both stand."""
    rec = _lock(recommendation)
    if not recommendation_list(user=actor).filter(pk=rec.pk).exists():
        raise OutOfScope(_("Không tìm thấy kiến nghị."))
    if not followup_may_verify(user=actor, recommendation=rec):
        raise TransitionNotAllowed(
            _("Chỉ ủy viên Ủy ban kiểm tra theo dõi kiến nghị được ghi nhận báo cáo bằng văn bản của đơn vị.")
            if rec.monitor_id is None
            else _("Chỉ người được giao theo dõi, đôn đốc việc thực hiện kết luận được ghi nhận báo cáo của đơn vị.")
        )
    if why := followup_follower_conflict(actor=actor, recommendation=rec):
        raise TransitionNotAllowed(gettext("Bạn không thể ghi nhận báo cáo này: %(why)s.") % {"why": why})
    _report_awaited(rec, gettext("Kiến nghị đang ở trạng thái “%(status)s”, không thể ghi nhận báo cáo."))
    errors = _paper_report_errors(rec, received_on, means)
    if not (text or "").strip():
        errors["text"] = _("Phải nhập nội dung báo cáo của đơn vị.")
    if not uploads:
        errors["files"] = _("Phải tải lên bản quét báo cáo có chữ ký của đơn vị.")
    if errors:
        raise ValidationFailed(errors)
    text = text.strip()
    if rec.case is not None:
        # Typed by the committee, read by the unit that must act: through the denunciation's masks (Đ.47).
        text = case_text_masked(rec.case, text)
    return _report_in(
        rec,
        actor=actor,
        uploads=uploads,
        files_kind="followup_paper",
        action="recommendation.report_paper",
        fields={
            "text": text,
            "on_paper": True,
            "received_on": received_on,
            "received_means": means,
            "recorded_by": actor,
        },
        recorded={"received_on": received_on, "means": means},
        received_on=received_on,
    )


def _paper_report_errors(rec: Recommendation, received_on: Any, means: str) -> dict[str, str]:
    """The day the paper was received: not after today, not before the recommendation was issued (a
    report on a recommendation not yet made), and after a return not before the return (that paper
    was the report returned); the means as the notice's delivery offers them."""
    errors: dict[str, str] = {}
    issued_on = timezone.localdate(rec.created_at)  # the day it was issued where it was (Vietnam)
    last_return = (
        rec.reports.filter(verdict=FollowupReport.Verdict.RETURNED).order_by("-verified_at").first()
        if rec.status == Recommendation.Status.RETURNED
        else None
    )
    returned_on = timezone.localdate(last_return.verified_at) if last_return and last_return.verified_at else None
    if received_on is None:
        errors["received_on"] = _("Ngày nhận báo cáo: vui lòng nhập ngày.")
    elif received_on > clock.today():
        errors["received_on"] = _("Ngày nhận báo cáo không được sau ngày hôm nay.")
    elif received_on < issued_on:
        errors["received_on"] = gettext("Ngày nhận báo cáo không được trước ngày ra kiến nghị (%(day)s).") % {
            "day": f"{issued_on:%d/%m/%Y}"
        }
    elif returned_on is not None and received_on < returned_on:
        errors["received_on"] = gettext(
            "Ngày nhận báo cáo không được trước ngày trả lại báo cáo chưa đạt (%(day)s)."
        ) % {"day": f"{returned_on:%d/%m/%Y}"}
    if means not in Inspection.DeliveryMeans.values:
        errors["means"] = _("Hình thức nhận: chọn giao trực tiếp, bưu điện, thư điện tử hoặc hình thức khác.")
    return errors


def _verifiers(rec: Recommendation) -> list[User]:
    """Who is told that a report waits: the inspection's team; a case's monitor, else the committee
    of the case's unit."""
    if rec.inspection is not None:
        return [m.user for m in rec.inspection.team.select_related("user")]
    if rec.monitor is not None:
        return [rec.monitor]
    return list(users_with_role(unit=rec.source_unit, roles=INSPECTION_STAFF))


@transaction.atomic
def followup_verify(*, report: FollowupReport, verdict: str, actor: User, reason: str = "") -> FollowupReport:
    """An inspector accepts the report, or returns it as insufficient with a reason (twice → leadership)."""
    rec = _lock(report.recommendation)
    report = FollowupReport.objects.select_for_update().get(pk=report.pk)
    if rec.case is None and not unit_is_visible(user=actor, unit=rec.source_unit):
        raise OutOfScope(_("Không tìm thấy kiến nghị."))
    if not followup_may_verify(user=actor, recommendation=rec):
        if rec.case_id is not None and not recommendation_list(user=actor).filter(pk=rec.pk).exists():
            raise OutOfScope(_("Không tìm thấy kiến nghị."))
        raise TransitionNotAllowed(
            _("Chỉ ủy viên Ủy ban kiểm tra được xác minh báo cáo.")
            if rec.monitor_id is None
            else _("Chỉ người được giao theo dõi, đôn đốc việc thực hiện kết luận được xác minh báo cáo.")
        )
    if rec.status != Recommendation.Status.REPORTED or report.verdict:
        raise TransitionNotAllowed(_("Báo cáo này đã được xác minh."))
    if why := followup_verifier_conflict(actor=actor, recommendation=rec, report=report):
        raise TransitionNotAllowed(gettext("Bạn không thể xác minh báo cáo này: %(why)s.") % {"why": why})
    reason = (reason or "").strip()
    if verdict not in (FollowupReport.Verdict.ACCEPTED, FollowupReport.Verdict.RETURNED):
        raise ValidationFailed({"verdict": _("Chọn kết quả xác minh: đạt hoặc chưa đạt.")})
    if verdict == FollowupReport.Verdict.RETURNED and not reason:
        raise ValidationFailed({"reason": _("Phải nêu lý do khi trả lại báo cáo chưa đạt.")})
    if rec.case is not None:
        # Read outside the case by the unit that must act: through the denunciation's masks (Đ.47).
        reason = case_text_masked(rec.case, reason)
    report.verdict, report.verdict_reason = verdict, reason
    report.verified_by, report.verified_at = actor, clock.now()
    report.save()
    deadline_close(target=rec, step="verify")
    before = rec.status
    if verdict == FollowupReport.Verdict.ACCEPTED:
        rec.accept(clock.now())
        rec.save()
        process_advance(obj=rec)
    else:
        rec.send_back()
        rec.save()
        process_advance(obj=rec)
        # The due date the verification form announced (selectors.recommendation_return_due_on).
        followup_report_clock_open(rec)
    audit_record(
        actor=actor,
        action=f"recommendation.{'accept' if verdict == FollowupReport.Verdict.ACCEPTED else 'return'}",
        target=rec,
        unit=rec.owner_unit,
        before={"status": before},
        after={"status": rec.status, "report": report.pk, "times_returned": rec.times_returned},
        reason=reason,
    )
    told = followup_reporters(rec)
    if rec.case_id is not None and rec.created_by is not None:
        # The monitor reports the result of the implementation to the resolver (Nghị định 31/2019/NĐ-CP
        # Đ.18 khoản 2, sửa đổi bởi Nghị định 156/2026/NĐ-CP Đ.3).
        told.append(rec.created_by)
    users, never = recommendation_audience(rec, told)
    notify(
        users=users,
        never=never,
        title=lambda: (
            gettext("Kết quả xác minh thực hiện kiến nghị: %(verdict)s") % {"verdict": report.get_verdict_display()}
        ),
        body=reason,
        url=_url(rec),
        unit=rec.owner_unit,
        key=f"recommendation:{rec.pk}:verify:{report.pk}",
        reference=rec.reference,
    )
    if rec.times_returned >= RETURNS_BEFORE_ESCALATION and verdict == FollowupReport.Verdict.RETURNED:
        pending = Escalation.objects.filter(
            target_type="inspections.recommendation", target_id=str(rec.pk), status=Escalation.Status.PENDING
        ).exists()
        if not pending:
            escalation_open(
                target=rec,
                unit=rec.source_unit,
                reason=_("Kiến nghị bị trả lại %(times)s lần vì chưa đạt: %(reason)s")
                % {"times": rec.times_returned, "reason": reason},
                proposal=_("Đề nghị lãnh đạo chỉ đạo đơn vị thực hiện kiến nghị."),
                actor=actor,
            )
    return report


def recommendation_escalation_decider_refusals(escalation: Any, user: Any) -> dict[str, str]:
    """The decisions on an escalation about a recommendation refused to `user`: all of them to one
    conflicted with the unit that carries it out, or, for a case's measure, to one who may not decide
    on the case (casework.cases.selectors.case_conflict_reason)."""
    return recommendation_escalations_decider_refusals([escalation], [user]).get((escalation.pk, user.pk), {})


def recommendation_escalations_decider_refusals(
    escalations: list[Any], users: list[Any]
) -> dict[tuple[int, int], dict[str, str]]:
    """recommendation_escalation_decider_refusals for several escalations and deciders, the measures, their
    units' conflicts and their cases' read at once."""
    from casework.cases.selectors import cases_conflict_reasons
    from casework.cases.services.common import decision_refusal_text

    recs = Recommendation.objects.select_related("owner_unit", "case", "case__subject_unit").in_bulk(
        [int(e.target_id) for e in escalations]
    )
    found = escalations_about_units_refusals(
        escalations,
        users,
        units={pk: rec.owner_unit for pk, rec in recs.items()},
        action=gettext("chỉ đạo việc thực hiện kiến nghị của"),
    )
    conflicts = cases_conflict_reasons(cases=[rec.case for rec in recs.values() if rec.case is not None], users=users)
    for escalation in escalations:
        rec = recs.get(int(escalation.target_id))
        if rec is None or rec.case is None:
            continue
        for user in users:
            if found.get((escalation.pk, user.pk)):
                continue
            refusal = decision_refusal_text(
                case=rec.case,
                conflict=conflicts[rec.case.pk][user.pk],
                action=gettext("chỉ đạo việc thực hiện kết luận"),
            )
            found[(escalation.pk, user.pk)] = dict.fromkeys(Escalation.Decision.values, refusal) if refusal else {}
    return found


def recommendation_escalation_handle(
    *, escalation: Any, decision: str, actor: Any, reason: str, new_due_on: Any = None, discipline: str | None = None
) -> None:
    """Leadership decided on a lapsed recommendation; the follow-up continues (the deadline is extended by workflows)."""
    rec = Recommendation.objects.select_related("owner_unit").get(pk=int(escalation.target_id))
    escalation_decider_check(recommendation_escalation_decider_refusals(escalation, actor), decision)
    audit_record(
        actor=actor,
        action=f"recommendation.leadership_{decision}",
        target=rec,
        unit=rec.owner_unit,
        after={"escalation": escalation.pk, "discipline": discipline or ""},
        reason=reason,
    )
    users, never = recommendation_audience(rec, followup_reporters(rec))
    notify(
        users=users,
        never=never,
        title=gettext_lazy("Chỉ đạo của lãnh đạo về việc thực hiện kiến nghị"),
        body=reason,
        url=_url(rec),
        unit=rec.owner_unit,
        key=f"recommendation:{rec.pk}:escalation:{escalation.pk}",
        reference=rec.reference,
    )


@transaction.atomic
def recommendation_verify(
    *, recommendation: Recommendation, verdict: str, actor: User, reason: str = ""
) -> FollowupReport:
    """Verify the report of `recommendation` waiting for a verdict: the one the page and the API both mean."""
    rec = _lock(recommendation)
    report = followup_report_awaiting(recommendation=rec)
    if report is None:
        raise TransitionNotAllowed(_("Kiến nghị này không có báo cáo thực hiện nào đang chờ xác minh."))
    return followup_verify(report=report, verdict=verdict, actor=actor, reason=reason)
