"""Trưng cầu giám định: the request for an expert assessment of a professional or technical matter the
conclusion rests on, its sending, and the conclusion received.

Denunciations (Nghị định 31/2019/NĐ-CP Đ.15 khoản 1, 2, sửa đổi bởi Nghị định 156/2026/NĐ-CP, in force
01/07/2026): the resolver (người giải quyết tố cáo: here whoever may take the competent body's decisions,
`can_decide`) decides the request, or authorises the body assigned to verify (the officer holding the
case, `can_work`) to decide it. The request is in writing (Mẫu số 09): the body asked to assess, what it
is to assess, the day by which its conclusion is asked for; it is sent to the resolver, the denouncer and
the bodies and persons concerned, the denouncer listed and never named.

Complaints (Luật Khiếu nại 2011 Đ.15 khoản 1 điểm d, Đ.29 khoản 3 điểm d, Đ.38; Thông tư 07/2013/TT-TTCP
Đ.15): the resolver decides it, and the person responsible for verification holds that right by law (no
authorisation is needed).

Each request runs its own clock ("expertise:<n>", timed by the policy's "expertise" rule) to the day it
names: reminded before, overdue on the case page after (never the case itself: it keeps the expert
body's pace; workflows.models.WATCH_ONLY_STEPS), stopped when its conclusion is recorded, cancelled with
the request when the case ends before it (`expertise_end_with_case`). The time of an assessment is not
counted in a denunciation's resolution time (Nghị định 31/2019/NĐ-CP Đ.15 khoản 4): from a request's
sending to its conclusion, the case's resolution clock stands still (`resolve_clock`); a complaint's
counts (Luật Khiếu nại 2011 has no such rule). A
suspension on the ground "await a supplementary or repeated assessment" (Luật Tố cáo 2018 Đ.34 khoản 1
điểm b) needs a request still awaiting its conclusion (`expertise_awaiting`, read by `case_suspend`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from casework.audit.services import audit_record
from casework.cases.models import Case, ExpertiseRequest, Kind, Status
from casework.cases.permissions import can_decide, can_work, case_deciders
from casework.cases.services.common import (
    case_lock,
    case_notify,
    case_save,
    deadline_start,
    decision_check,
    require_text,
)
from casework.cases.services.identity import case_text_masked
from casework.cases.services.resolve_clock import resolve_clock_sync
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed
from notifications.language import NoticeText
from workflows.models import step_numbered
from workflows.services.deadlines import deadline_close

EXPERTISE_STEP = "expertise"
EXPERTISE_PAPER = "case.expertise"
EXPERTISE_KINDS = (Kind.COMPLAINT, Kind.DENUNCIATION)
# A request is made while the facts are being established: from acceptance until the proposal is
# approved, a suspended case included (the repeated assessment it awaits is requested then).
EXPERTISE_OPEN = [
    Status.ACCEPTED,
    Status.ASSIGNED,
    Status.VERIFYING,
    Status.DIALOGUE,
    Status.PROPOSED,
    Status.SUSPENDED,
]
# Whom the written request is sent to (Nghị định 31/2019/NĐ-CP Đ.15 khoản 2, sửa đổi bởi Nghị định
# 156/2026/NĐ-CP): the denouncer is listed, never named. A complaint's request goes to the body asked to
# assess and those concerned (Thông tư 07/2013/TT-TTCP Đ.15). Records, not translated.
EXPERTISE_SENT_TO: dict[str, list[str]] = {
    Kind.DENUNCIATION: [
        "cơ quan, tổ chức được yêu cầu giám định",
        "người giải quyết tố cáo",
        "người tố cáo",
        "cơ quan, tổ chức, cá nhân có liên quan",
    ],
    Kind.COMPLAINT: [
        "cơ quan, tổ chức được yêu cầu giám định",
        "người giải quyết khiếu nại",
        "cơ quan, tổ chức, cá nhân có liên quan",
    ],
}


def expertise_step(request: ExpertiseRequest) -> str:
    """The clock of one request: "expertise:<its number on the case>"."""
    return step_numbered(EXPERTISE_STEP, request.number)


def expertise_requests(case: Case) -> QuerySet[ExpertiseRequest]:
    return ExpertiseRequest.objects.filter(case_id=case.pk).order_by("number")


def expertise_awaiting(case: Case) -> QuerySet[ExpertiseRequest]:
    """The requests of the case still awaiting their conclusion (none once the case has ended)."""
    return expertise_requests(case).filter(conclusion_on__isnull=True, ended_on__isnull=True)


def expertise_sent_to(request: ExpertiseRequest) -> list[str]:
    """Whom the request went to, as the sending's audit event records it."""
    recipients = list(EXPERTISE_SENT_TO.get(request.case.kind, []))
    if request.related:
        recipients.append(request.related)
    return recipients


# ---- who may do what: one rule for the page, the API and the services --------------------------


def _open_for_requests(case: Case) -> bool:
    return case.kind in EXPERTISE_KINDS and case.status in EXPERTISE_OPEN


def _verifier_may_decide(case: Case) -> bool:
    """The body assigned to verify decides a request: a complaint's by law (Luật Khiếu nại 2011 Đ.29
    khoản 3 điểm d, Đ.38), a denunciation's only under the resolver's authorisation (Nghị định
    31/2019/NĐ-CP Đ.15 khoản 1, sửa đổi bởi Nghị định 156/2026/NĐ-CP)."""
    return case.kind == Kind.COMPLAINT or case.expertise_authorised_on is not None


def expertise_request_refusal(case: Case, user: Any) -> str:
    """Why `user` may not request an expert assessment on the case now ("" when they may). A
    conflict of interest is refused apart (`decision_check`), like every decision on the case."""
    if not _open_for_requests(case):
        if case.kind not in EXPERTISE_KINDS:
            return gettext("Chỉ khiếu nại, tố cáo mới có trưng cầu giám định.")
        return gettext("Không thể trưng cầu giám định khi hồ sơ %(ref)s đang ở trạng thái “%(status)s”.") % {
            "ref": case.reference,
            "status": case.get_status_display(),
        }
    if can_decide(case, user):
        return ""
    if can_work(case, user):
        if _verifier_may_decide(case):
            return ""
        return gettext(
            "Người xác minh chỉ quyết định trưng cầu giám định khi được người giải quyết tố cáo ủy quyền "
            "(Nghị định 31/2019/NĐ-CP Điều 15 khoản 1, sửa đổi bởi Nghị định 156/2026/NĐ-CP)."
        )
    return gettext("Bạn không có quyền trưng cầu giám định đối với hồ sơ %(ref)s.") % {"ref": case.reference}


def expertise_authorise_refusal(case: Case, user: Any, *, revoke: bool = False) -> str:
    """Why `user` may not authorise (or withdraw the authorisation of) the body assigned to verify a
    denunciation to decide its requests ("" when they may)."""
    if case.kind != Kind.DENUNCIATION:
        return gettext(
            "Chỉ tố cáo mới cần ủy quyền: người xác minh khiếu nại có quyền trưng cầu giám định theo luật "
            "(Luật Khiếu nại 2011 Điều 29 khoản 3 điểm d)."
        )
    if not can_decide(case, user):
        return gettext(
            "Chỉ người giải quyết tố cáo (Ban Thường vụ / Ban Chấp hành, hoặc Chủ nhiệm UBKT khi được ủy quyền "
            "giải quyết) mới ủy quyền quyết định trưng cầu giám định."
        )
    if revoke:
        if case.expertise_authorised_on is None or case.is_final:
            return gettext("Hồ sơ %(ref)s không có ủy quyền quyết định trưng cầu giám định nào để thu hồi.") % {
                "ref": case.reference
            }
        return ""
    if not _open_for_requests(case):
        return gettext("Không thể ủy quyền trưng cầu giám định khi hồ sơ %(ref)s đang ở trạng thái “%(status)s”.") % {
            "ref": case.reference,
            "status": case.get_status_display(),
        }
    if case.assignee_id is None:
        return gettext("Hồ sơ %(ref)s chưa được phân công người xác minh để ủy quyền.") % {"ref": case.reference}
    if case.expertise_authorised_on is not None:
        return gettext("Người xác minh hồ sơ %(ref)s đã được ủy quyền quyết định trưng cầu giám định.") % {
            "ref": case.reference
        }
    return ""


def _may_record(case: Case, user: Any) -> bool:
    """Recording the sending and the conclusion received: whoever verifies or decides the open case."""
    return not case.is_final and (can_work(case, user) or can_decide(case, user))


def expertise_actions(case: Case, user: Any) -> list[str]:
    """The expert-assessment steps `user` may take on the case now (casework.cases.actions)."""
    if case.kind not in EXPERTISE_KINDS:
        return []
    names = []
    if not expertise_request_refusal(case, user):
        names.append("expertise_request")
    if not expertise_authorise_refusal(case, user):
        names.append("expertise_authorise")
    if not expertise_authorise_refusal(case, user, revoke=True):
        names.append("expertise_revoke")
    if _may_record(case, user):
        states = list(expertise_requests(case).values_list("sent_on", "conclusion_on"))
        if any(sent_on is None for sent_on, _conclusion in states):
            names.append("expertise_sent")
        if any(conclusion is None for _sent, conclusion in states):
            names.append("expertise_conclusion")
    return names


# ---- the rules of the inputs, checked before anything is written ------------------------------------


def _text(value: Any) -> str:
    return str(value or "").replace("\x00", "").strip()


def case_expertise_request_check(
    *,
    case: Case,
    body: str,
    content: str,
    due_on: dt.date | None,
    materials: str = "",
    related: str = "",
    **_ignored: Any,
) -> dict[str, Any]:
    """The rules of a written request (Nghị định 31/2019/NĐ-CP Đ.15 khoản 2, sửa đổi bởi Nghị định
    156/2026/NĐ-CP): the body asked, what to assess, and a day after today by which its conclusion is
    asked for. Returns the values the request stores."""
    errors = {}
    body, content, materials, related = _text(body), _text(content), _text(materials), _text(related)
    if not body:
        errors["body"] = _("Phải ghi tên cơ quan, tổ chức được yêu cầu giám định.")
    elif len(body) > 255:
        errors["body"] = _("Tên cơ quan, tổ chức được yêu cầu giám định: tối đa 255 ký tự.")
    if not content:
        errors["content"] = _("Phải ghi nội dung yêu cầu giám định.")
    if due_on is None:
        errors["due_on"] = _("Phải ghi thời hạn đề nghị gửi kết luận giám định.")
    elif due_on <= clock.today():
        errors["due_on"] = _("Thời hạn đề nghị gửi kết luận giám định phải sau ngày hôm nay.")
    if len(related) > 255:
        errors["related"] = _("Cơ quan, tổ chức, cá nhân có liên quan: tối đa 255 ký tự.")
    if errors:
        raise ValidationFailed(errors)
    return {"body": body, "content": content, "materials": materials, "related": related, "due_on": due_on}


def _id(value: Any) -> int | None:
    """An object's id, or an id given as a number or text; None for anything no row can have."""
    try:
        pk = int(getattr(value, "pk", value))
    except (TypeError, ValueError):
        return None
    return pk if 0 < pk < 2**63 else None


def _request_of(case: Case, request: Any) -> ExpertiseRequest:
    """The case's request named by `request` (an ExpertiseRequest, or its id as a number or text)."""
    pk = _id(request)
    found = ExpertiseRequest.objects.filter(case_id=case.pk, pk=pk).first() if pk else None
    if found is None:
        raise ValidationFailed({"request": _("Chọn một văn bản trưng cầu giám định của hồ sơ này.")})
    return found


def _day_check(field: str, day: dt.date | None, request: ExpertiseRequest, missing: str, early: str) -> dict:
    if day is None:
        return {field: missing}
    if day > clock.today():
        return {field: _("Ngày này không được sau ngày hôm nay.")}
    if day < request.requested_on:
        return {field: early % {"day": f"{request.requested_on:%d/%m/%Y}"}}
    return {}


def case_expertise_sent_check(
    *, case: Case, request: Any, sent_on: dt.date | None, **_ignored: Any
) -> ExpertiseRequest:
    found = _request_of(case, request)
    errors = _day_check(
        "sent_on",
        sent_on,
        found,
        _("Phải ghi ngày gửi văn bản trưng cầu giám định."),
        _("Ngày gửi không được trước ngày trưng cầu (%(day)s)."),
    )
    if not errors and found.conclusion_on is not None and sent_on is not None and sent_on > found.conclusion_on:
        errors["sent_on"] = gettext("Ngày gửi không được sau ngày nhận kết luận giám định (%(day)s).") % {
            "day": f"{found.conclusion_on:%d/%m/%Y}"
        }
    if errors:
        raise ValidationFailed(errors)
    return found


def case_expertise_conclusion_check(
    *, case: Case, request: Any, conclusion_on: dt.date | None, summary: str, attachment: Any = None, **_ignored: Any
) -> tuple[ExpertiseRequest, Any]:
    """The rules of a conclusion received: the request it answers, the day (from the request's day to
    today), what it concludes, and optionally the file of the case that carries it (never a file that
    identifies a denouncer). Returns the request and the attachment."""
    from casework.files.models import Attachment

    found = _request_of(case, request)
    errors = _day_check(
        "conclusion_on",
        conclusion_on,
        found,
        _("Phải ghi ngày nhận kết luận giám định."),
        _("Ngày nhận kết luận không được trước ngày trưng cầu (%(day)s)."),
    )
    if not errors and found.sent_on is not None and conclusion_on is not None and conclusion_on < found.sent_on:
        # The body concludes on the request it received (Nghị định 31/2019/NĐ-CP Đ.15): not before it was sent.
        errors["conclusion_on"] = gettext(
            "Ngày nhận kết luận không được trước ngày gửi văn bản trưng cầu (%(day)s)."
        ) % {"day": f"{found.sent_on:%d/%m/%Y}"}
    if not _text(summary):
        errors["summary"] = _("Phải ghi tóm tắt kết luận giám định.")
    file = None
    if attachment not in (None, ""):
        pk = _id(attachment)
        file = (
            Attachment.objects.filter(
                pk=pk, target_type="cases.case", target_id=str(case.pk), identifying=False
            ).first()
            if pk
            else None
        )
        if file is None:
            errors["attachment"] = _("Tệp kết luận: chọn một tệp đính kèm của hồ sơ này.")
    if errors:
        raise ValidationFailed(errors)
    return found, file


# ---- the steps --------------------------------------------------------------------------------------


def _tell(case: Case, title: NoticeText, event: str, body: NoticeText = "") -> None:
    """The officer holding the case and whoever decides it hear of the step."""
    users = [case.assignee, *case_deciders(case)]
    case_notify(case=case, users=users, title=title, body=body, event=event)


@transaction.atomic
def _authorisation_set(*, case: Case, actor: Any, reason: str, revoke: bool, expected_version: int | None) -> Case:
    reason = require_text(
        reason,
        "reason",
        _("Phải ghi nội dung, căn cứ thu hồi ủy quyền.") if revoke else _("Phải ghi nội dung, phạm vi ủy quyền."),
    )
    locked = case_lock(case=case, expected_version=expected_version)
    refusal = expertise_authorise_refusal(locked, actor, revoke=revoke)
    if refusal:
        raise TransitionNotAllowed(refusal)
    decision_check(case=locked, actor=actor, action=_("ủy quyền trưng cầu giám định đối với"))
    before = {"expertise_authorised_on": _iso(locked.expertise_authorised_on)}
    locked.expertise_authorised_by = None if revoke else actor
    locked.expertise_authorised_on = None if revoke else clock.today()
    case_save(locked)
    audit_record(
        actor=actor,
        action="case.expertise_revoke" if revoke else "case.expertise_authorise",
        target=locked,
        unit=locked.unit,
        before=before,
        after={"expertise_authorised_on": _iso(locked.expertise_authorised_on), "assignee": locked.assignee_id},
        reason=case_text_masked(locked, reason),
    )
    title = (
        gettext_lazy("Thu hồi ủy quyền quyết định trưng cầu giám định")
        if revoke
        else gettext_lazy("Bạn được ủy quyền quyết định trưng cầu giám định")
    )
    case_notify(
        case=locked, users=[locked.assignee], title=title, event="expertise-revoke" if revoke else "expertise-authorise"
    )
    return locked


def case_expertise_authorise(*, case: Case, actor: Any, reason: str, expected_version: int | None = None) -> Case:
    """The resolver authorises the body assigned to verify the denunciation (whoever holds the case) to
    decide requests for an expert assessment (Nghị định 31/2019/NĐ-CP Đ.15 khoản 1, sửa đổi bởi Nghị
    định 156/2026/NĐ-CP): who authorised, on which day, and its terms (the event's reason) are kept."""
    return _authorisation_set(case=case, actor=actor, reason=reason, revoke=False, expected_version=expected_version)


def case_expertise_revoke(*, case: Case, actor: Any, reason: str, expected_version: int | None = None) -> Case:
    """The resolver withdraws that authorisation; the requests already decided stand."""
    return _authorisation_set(case=case, actor=actor, reason=reason, revoke=True, expected_version=expected_version)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


@transaction.atomic
def case_expertise_request(
    *,
    case: Case,
    actor: Any,
    body: str,
    content: str,
    due_on: dt.date | None,
    materials: str = "",
    related: str = "",
    expected_version: int | None = None,
) -> Case:
    """Trưng cầu giám định (Nghị định 31/2019/NĐ-CP Đ.15 khoản 1, 2, sửa đổi bởi Nghị định 156/2026/NĐ-CP;
    for a complaint Luật Khiếu nại 2011 Đ.29 khoản 3 điểm d and Thông tư 07/2013/TT-TTCP Đ.15): the
    request is recorded, its paper (Mẫu số 09) issued with the next number of the outgoing register, and
    its clock started to the day asked for. A denunciation's texts go through its masks."""
    values = case_expertise_request_check(
        case=case, body=body, content=content, due_on=due_on, materials=materials, related=related
    )
    locked = case_lock(case=case, expected_version=expected_version)
    refusal = expertise_request_refusal(locked, actor)
    if refusal:
        raise TransitionNotAllowed(refusal)
    decision_check(case=locked, actor=actor, action=_("trưng cầu giám định đối với"))
    from casework.papers.services import paper_issue

    today = clock.today()
    number = expertise_requests(locked).count() + 1
    request = ExpertiseRequest.objects.create(
        case=locked,
        number=number,
        body=case_text_masked(locked, values["body"], naming=values["body"])[:255],
        content=case_text_masked(locked, values["content"]),
        materials=case_text_masked(locked, values["materials"]),
        related=case_text_masked(locked, values["related"])[:255],
        due_on=values["due_on"],
        requested_on=today,
        requested_by=actor,
        # Decided by the body assigned to verify a denunciation, on the resolver's authorisation.
        authorised=locked.kind == Kind.DENUNCIATION and not can_decide(locked, actor),
        # Decided by a complaint's verifier, by law (Luật Khiếu nại 2011 Đ.29 khoản 3 điểm d, Đ.38).
        verifier_by_law=locked.kind == Kind.COMPLAINT and not can_decide(locked, actor),
        created_at=clock.now(),
    )
    request.paper_symbol = paper_issue(target=locked, key=EXPERTISE_PAPER, actor=actor).symbol
    request.save(update_fields=["paper_symbol"])
    deadline_start(locked, expertise_step(request), start=today, due_on=request.due_on)
    case_save(locked)
    audit_record(
        actor=actor,
        action="case.expertise_request",
        target=locked,
        unit=locked.unit,
        after={
            "expertise": number,
            "expertise_body": request.body,
            "expertise_due_on": request.due_on.isoformat(),
            "decision_number": request.paper_symbol,
            "authorised": request.authorised,
            "verifier_by_law": request.verifier_by_law,
            "expertise_related": request.related,
        },
        reason=request.content,
    )
    _tell(
        locked,
        lambda: (
            gettext("Đã trưng cầu giám định (lần %(n)s), hạn gửi kết luận %(day)s")
            % {"n": number, "day": f"{request.due_on:%d/%m/%Y}"}
        ),
        f"expertise-{number}",
    )
    return locked


@transaction.atomic
def case_expertise_sent(
    *,
    case: Case,
    actor: Any,
    request: Any,
    sent_on: dt.date | None,
    note: str = "",
    expected_version: int | None = None,
) -> Case:
    """The written request was sent, on `sent_on`, to the body asked to assess and to whom the law names
    (Nghị định 31/2019/NĐ-CP Đ.15 khoản 2, sửa đổi bởi Nghị định 156/2026/NĐ-CP: the resolver, the
    denouncer, the bodies and persons concerned): the day and the recipients are recorded, the denouncer
    never named. From this record a denunciation's resolution clock stands still until the conclusion
    (`resolve_clock`): the pause is recorded when it happens, so a report of a day past never changes."""
    found = case_expertise_sent_check(case=case, request=request, sent_on=sent_on)
    locked = case_lock(case=case, expected_version=expected_version)
    if not _may_record(locked, actor):
        raise TransitionNotAllowed(
            gettext("Bạn không có quyền ghi nhận việc gửi văn bản trưng cầu giám định của hồ sơ %(ref)s.")
            % {"ref": locked.reference}
        )
    found = ExpertiseRequest.objects.select_for_update().get(pk=found.pk)
    if found.sent_on is not None:
        raise TransitionNotAllowed(
            gettext("Văn bản trưng cầu giám định lần %(n)s đã được ghi nhận gửi ngày %(day)s.")
            % {"n": found.number, "day": f"{found.sent_on:%d/%m/%Y}"}
        )
    found.sent_on = sent_on
    found.sent_by = actor
    found.save(update_fields=["sent_on", "sent_by"])
    # The expert body has the request: a denunciation's resolution clock stands still until its
    # conclusion (Nghị định 31/2019/NĐ-CP Đ.15 khoản 4).
    resolve_clock_sync(locked)
    case_save(locked)
    audit_record(
        actor=actor,
        action="case.expertise_sent",
        target=locked,
        unit=locked.unit,
        after={"expertise": found.number, "sent_on": _iso(sent_on), "sent_to": expertise_sent_to(found)},
        reason=case_text_masked(locked, _text(note)),
    )
    return locked


@transaction.atomic
def case_expertise_conclusion(
    *,
    case: Case,
    actor: Any,
    request: Any,
    conclusion_on: dt.date | None,
    summary: str,
    attachment: Any = None,
    expected_version: int | None = None,
) -> Case:
    """The expert conclusion was received: its day, what it concludes and, optionally, the file that
    carries it. The request's clock stops, also when it had run out. A suspension awaiting it goes on
    until the resolver resumes the case (`case_resume`)."""
    found, file = case_expertise_conclusion_check(
        case=case, request=request, conclusion_on=conclusion_on, summary=summary, attachment=attachment
    )
    locked = case_lock(case=case, expected_version=expected_version)
    if not _may_record(locked, actor):
        raise TransitionNotAllowed(
            gettext("Bạn không có quyền ghi nhận kết luận giám định của hồ sơ %(ref)s.") % {"ref": locked.reference}
        )
    found = ExpertiseRequest.objects.select_for_update().get(pk=found.pk)
    if not found.awaiting:
        raise TransitionNotAllowed(
            gettext("Kết luận giám định lần %(n)s đã được ghi nhận ngày %(day)s.")
            % {"n": found.number, "day": f"{found.conclusion_on:%d/%m/%Y}"}
        )
    found.conclusion_on = conclusion_on
    found.conclusion_summary = case_text_masked(locked, _text(summary))
    found.conclusion_attachment = file
    found.conclusion_by = actor
    found.save(update_fields=["conclusion_on", "conclusion_summary", "conclusion_attachment", "conclusion_by"])
    step = expertise_step(found)
    deadline_close(target=locked, step=step)
    # The last conclusion awaited restarts a denunciation's resolution clock, unless a suspension holds it.
    resolve_clock_sync(locked)
    case_save(locked)
    audit_record(
        actor=actor,
        action="case.expertise_conclusion",
        target=locked,
        unit=locked.unit,
        after={
            "expertise": found.number,
            "conclusion_on": _iso(conclusion_on),
            "attachment": file.pk if file else None,
        },
        reason=found.conclusion_summary,
    )
    _tell(
        locked,
        lambda: gettext("Đã nhận kết luận giám định (lần %(n)s)") % {"n": found.number},
        f"expertise-conclusion-{found.number}",
    )
    return locked


def expertise_end_with_case(*, case: Case, actor: Any) -> list[int]:
    """The case ends (closed, terminated, or withdrawn in whole) while conclusions are still awaited: each
    such request ends with it, unanswered (`ended_on`), and its clock is cancelled, never met, also one
    that had run out (its breach stays recorded). Called by the step that ends the case, in its
    transaction, on the locked case, before that step closes the case's clocks; returns the numbers of
    the requests ended."""
    ended = list(expertise_awaiting(case).select_for_update())
    if not ended:
        return []
    today = clock.today()
    ExpertiseRequest.objects.filter(pk__in=[r.pk for r in ended]).update(ended_on=today)
    for request in ended:
        deadline_close(target=case, step=expertise_step(request), cancelled=True)
    numbers = [r.number for r in ended]
    audit_record(
        actor=actor,
        action="case.expertise_end",
        target=case,
        unit=case.unit,
        after={"expertise_ended": numbers, "ended_on": today.isoformat()},
    )
    return numbers


def expertise_due_proposed(case: Case) -> dt.date:
    """The day a request's form proposes for the conclusion: the policy's "expertise" rule counted from
    today, under the case's own policy version."""
    from workflows.services.deadlines import deadline_due_on

    return deadline_due_on(subject=case.deadline_subject, step=EXPERTISE_STEP, version=case.policy_version)
