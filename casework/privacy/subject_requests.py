"""Requests of data subjects to exercise their rights (Luật Bảo vệ dữ liệu cá nhân 2025 Đ.4 khoản 1; khoản 5
detailed by Nghị định 356/2025/NĐ-CP, in force 01/01/2026): recorded, acknowledged, answered or refused, on
two clocks of the deadline engine.

- The acknowledgement (phản hồi): within 02 working days of the day the request is received, the controller
  answers that it has it and how it will be carried out (Nghị định 356/2025/NĐ-CP Điều 5; policy step
  `sar_acknowledge`).
- The answer (thực hiện yêu cầu): within the days Điều 5 sets for the right asked (policy steps
  `sar_answer_access`, `sar_answer_delete`, `sar_answer_stop`), longer when a processor or a third party
  must act too (their `third_party` variant), chosen when the request is recorded or before it is answered.
  The figures are policy rows seeded by workflows migrations 0027 and 0029 with their source;
  administrators correct them there (docs/retention.md).
- The extension (gia hạn): once, by at most the days Điều 5 gives for the right asked (the policy's
  `sar_extend_*` rows, workflows migration 0030, in the version the request started under), on a reason
  the requester is told; it moves the answer's clock.

Who carries the requests of the unit that received the request records and acts on it: an administrator, or
who holds the data protection duty (Role.DATA_PROTECTION) in it or above (SUBJECT_REQUEST_ROLES); the
subject-access export run for a request is theirs too, within the units whose requests they carry. The requester's name and identifiers are sealed on the
row; the audit events name the request by its reference, never the person.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from casework.audit.services import audit_record
from casework.cases.identity import identity_encrypt, subject_fingerprint
from casework.org.selectors import user_has_role
from casework.privacy.models import (
    RequestChannel,
    RequestOutcome,
    RequestStatus,
    SubjectAccessRequest,
    SubjectRight,
)
from casework.privacy.selectors import (
    ACKNOWLEDGE,
    ANSWER_STEPS,
    SUBJECT_REQUEST_ROLES,
    SUBJECT_REQUEST_SUBJECT,
    SUBJECT_REQUEST_TARGET,
    subject_request_actions,
    subject_request_extension_rule,
    subject_request_requester,
)
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed

# The deadline policy's subject and steps of a request (workflows migrations 0027, 0029, 0030).
SUBJECT = SUBJECT_REQUEST_SUBJECT
# Nghị định 356/2025/NĐ-CP is in force from 01/01/2026; a request received earlier fell under Nghị định
# 13/2023/NĐ-CP (72 hours), which this register does not time.
DECREE_356_IN_FORCE = dt.date(2026, 1, 1)

MAX_NAME = 255
MAX_IDENTIFIER = 64
MAX_TEXT = 5000


def _lock(request: SubjectAccessRequest) -> SubjectAccessRequest:
    # For no key update: the audit events and clocks written meanwhile that name the request do not wait.
    return SubjectAccessRequest.objects.select_for_update(no_key=True).get(pk=request.pk)


def _refused() -> str:
    return _(
        "Chỉ quản trị hệ thống hoặc người phụ trách bảo vệ dữ liệu cá nhân của đơn vị tiếp nhận yêu cầu được thực "
        "hiện thao tác này."
    )


def _require(actor: Any, request: SubjectAccessRequest, action: str) -> None:
    allowed = subject_request_actions(user=actor, request=request)
    if action in allowed:
        return
    if not allowed and request.status in (RequestStatus.RECEIVED, RequestStatus.ACKNOWLEDGED):
        raise TransitionNotAllowed(_refused())
    raise TransitionNotAllowed(
        _("Yêu cầu %(ref)s đang ở trạng thái “%(status)s”: không thực hiện được thao tác này.")
        % {"ref": request.reference, "status": request.get_status_display()},
        allowed=allowed,
    )


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


@transaction.atomic
def subject_request_record(
    *,
    actor: Any,
    unit: Any,
    received_on: dt.date,
    channel: str,
    right: str,
    full_name: str,
    phone: str = "",
    email: str = "",
    id_number: str = "",
    content: str = "",
    third_party: bool = False,
) -> SubjectAccessRequest:
    """Ghi nhận yêu cầu: the request, its requester sealed, and its two clocks from the day it was received;
    the answer's on the longer limit when a processor or a third party must act too (`third_party`).

    The requester is named as the subject-access export finds a person (`SubjectIdentifiers`): the name and
    at least one identifier (a phone, an e-mail, an identity paper's number)."""
    from casework.privacy.services import SubjectIdentifiers
    from workflows.models import DeadlineRule
    from workflows.services.deadlines import deadline_due_record, deadline_open

    if not (
        getattr(actor, "is_authenticated", False)
        and unit is not None
        and user_has_role(user=actor, roles=SUBJECT_REQUEST_ROLES, unit=unit)
    ):
        raise TransitionNotAllowed(_refused())
    who = SubjectIdentifiers(
        full_name=_text(full_name),
        phone=_text(phone),
        email=_text(email),
        id_number=_text(id_number),
    )
    content = _text(content)
    errors: dict[str, str] = {}
    if not who.full_name:
        errors["full_name"] = _("Phải nhập họ tên người yêu cầu.")
    elif len(who.full_name) > MAX_NAME:
        errors["full_name"] = _("Họ tên dài quá %(max)s ký tự.") % {"max": MAX_NAME}
    if not who.has_identifier:
        errors["phone"] = _("Phải nhập số điện thoại, e-mail hoặc số CCCD/CMND để xác định đúng người.")
    for field in ("phone", "email", "id_number"):
        if len(getattr(who, field)) > MAX_IDENTIFIER:
            errors[field] = _("Dài quá %(max)s ký tự.") % {"max": MAX_IDENTIFIER}
    if len(content) > MAX_TEXT:
        errors["content"] = _("Nội dung yêu cầu dài quá %(max)s ký tự.") % {"max": MAX_TEXT}
    if channel not in RequestChannel.values:
        errors["channel"] = _("Phải chọn hình thức gửi yêu cầu.")
    if right not in SubjectRight.values:
        errors["right"] = _("Phải chọn quyền mà chủ thể dữ liệu yêu cầu thực hiện.")
    if not isinstance(received_on, dt.date):
        errors["received_on"] = _("Phải nhập ngày nhận yêu cầu.")
    elif received_on > clock.today():
        errors["received_on"] = _("Ngày nhận yêu cầu không được sau hôm nay.")
    elif received_on < DECREE_356_IN_FORCE:
        errors["received_on"] = _(
            "Ngày nhận yêu cầu không được trước ngày 01/01/2026 (ngày Nghị định 356/2025/NĐ-CP có hiệu lực)."
        )
    if errors:
        raise ValidationFailed(errors)
    requester = {
        "full_name": who.full_name,
        "phone": who.phone,
        "email": who.email,
        "id_number": who.id_number,
        "content": content,
    }
    request = SubjectAccessRequest.objects.create(
        unit=unit,
        received_on=received_on,
        channel=channel,
        right=right,
        requester_ciphertext=identity_encrypt(requester, case=None),
        requester_fingerprint=subject_fingerprint(
            full_name=who.full_name, phone=who.phone, email=who.email, id_number=who.id_number
        ),
        third_party=bool(third_party),
        recorded_by=actor,
        recorded_at=clock.now(),
    )
    answer_variant = DeadlineRule.Variant.THIRD_PARTY if third_party else DeadlineRule.Variant.NORMAL
    clocks = [
        deadline_open(
            target=request,
            unit=unit,
            step=step,
            subject=SUBJECT,
            start=received_on,
            assignee=actor,
            variant=answer_variant if step != ACKNOWLEDGE else DeadlineRule.Variant.NORMAL,
        )
        for step in (ACKNOWLEDGE, ANSWER_STEPS[SubjectRight(right)])
    ]
    audit_record(
        actor=actor,
        action="privacy.subject_request_record",
        target=request,
        unit=unit,
        after={
            "reference": request.reference,
            "right": right,
            "channel": channel,
            "received_on": received_on.isoformat(),
            "third_party": bool(third_party),
            "due": deadline_due_record(*clocks),
        },
    )
    return request


@transaction.atomic
def subject_request_acknowledge(*, actor: Any, request: SubjectAccessRequest) -> SubjectAccessRequest:
    """Phản hồi: the requester is told the request is received and how it will be carried out; the
    acknowledgement's clock stops (met, or late past its 02 working days)."""
    from workflows.services.deadlines import deadline_close_recorded

    request = _lock(request)
    _require(actor, request, "acknowledge")
    request.status, request.acknowledged_at = RequestStatus.ACKNOWLEDGED, clock.now()
    request.save(update_fields=["status", "acknowledged_at"])
    closed = deadline_close_recorded(target=request, step=ACKNOWLEDGE)
    audit_record(
        actor=actor,
        action="privacy.subject_request_acknowledge",
        target=request,
        unit=request.unit_id,
        before={"status": RequestStatus.RECEIVED},
        after={"status": request.status, "closed": closed},
    )
    return request


def _answer_clock(request: SubjectAccessRequest) -> Any:
    """The answer's clock while it runs (open or paused), locked; None once it ran out or stopped."""
    from workflows.models import Deadline

    return (
        Deadline.objects.select_for_update(no_key=True)
        .filter(
            target_type=SUBJECT_REQUEST_TARGET,
            target_id=str(request.pk),
            step=ANSWER_STEPS[SubjectRight(request.right)],
            status__in=[Deadline.Status.OPEN, Deadline.Status.PAUSED],
        )
        .first()
    )


@transaction.atomic
def subject_request_third_party(*, actor: Any, request: SubjectAccessRequest) -> SubjectAccessRequest:
    """A processor or a third party must act on the request too (Nghị định 356/2025/NĐ-CP Điều 5): the
    answer's clock takes the longer limit (the policy's `third_party` variant of its step), counted from
    the day received. Chosen before the answer and before the extension, while the clock still runs."""
    from workflows.models import DeadlineRule
    from workflows.services.deadlines import deadline_relimit
    from workflows.services.policy import rule_get

    request = _lock(request)
    _require(actor, request, "third_party")
    step = ANSWER_STEPS[SubjectRight(request.right)]
    running = _answer_clock(request)
    if running is None:
        raise TransitionNotAllowed(
            _("Thời hạn thực hiện yêu cầu %(ref)s đã hết: không còn chuyển sang thời hạn dài hơn được.")
            % {"ref": request.reference}
        )
    # The longer limit of the version the clock was opened under (a request keeps the version it started
    # under); the clock is counted by that row from now on, and names it.
    rule = rule_get(version=running.rule.version, subject=SUBJECT, step=step, variant=DeadlineRule.Variant.THIRD_PARTY)
    due_before = running.due_on
    deadline = deadline_relimit(target=request, step=step, rule=rule)
    request.third_party = True
    request.save(update_fields=["third_party"])
    audit_record(
        actor=actor,
        action="privacy.subject_request_third_party",
        target=request,
        unit=request.unit_id,
        before={"third_party": False, "due": {step: due_before.isoformat()}},
        after={
            "third_party": True,
            "days": rule.days,
            "due": {step: deadline.due_on.isoformat()},
            "source": rule.source,
        },
    )
    return request


@transaction.atomic
def subject_request_extend(
    *, actor: Any, request: SubjectAccessRequest, days: Any, reason: str
) -> SubjectAccessRequest:
    """Gia hạn (Nghị định 356/2025/NĐ-CP Điều 5): the controller extends the answer once, by at most the
    days the decree gives for the right asked (the policy's `sar_extend_*` row in the version the request
    started under, `subject_request_extension_rule`), telling the requester why; decided while the answer's
    clock still runs. The reason stays on the request, never in the append-only trail."""
    from workflows.services.deadlines import deadline_extend

    request = _lock(request)
    _require(actor, request, "extend")
    step = ANSWER_STEPS[SubjectRight(request.right)]
    cap = subject_request_extension_rule(request)
    if cap is None:
        raise TransitionNotAllowed(
            _("Thời hạn thực hiện yêu cầu %(ref)s đã hết: không gia hạn được.") % {"ref": request.reference}
        )
    most = cap.days
    reason = _text(reason)
    errors: dict[str, str] = {}
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= most:
        errors["days"] = _(
            "Số ngày gia hạn từ 1 đến %(most)s ngày (Nghị định 356/2025/NĐ-CP Điều 5, quyền được yêu cầu)."
        ) % {"most": most}
    if not reason:
        errors["reason"] = _("Phải ghi lý do gia hạn (được thông báo cho người yêu cầu).")
    elif len(reason) > MAX_TEXT:
        errors["reason"] = _("Lý do dài quá %(max)s ký tự.") % {"max": MAX_TEXT}
    if errors:
        raise ValidationFailed(errors)
    running = _answer_clock(request)
    if running is None:
        raise TransitionNotAllowed(
            _("Thời hạn thực hiện yêu cầu %(ref)s đã hết: không gia hạn được.") % {"ref": request.reference}
        )
    due_before = running.due_on
    deadline = deadline_extend(target=request, step=step, days=days)
    request.extension_days, request.extension_reason = days, reason
    request.save(update_fields=["extension_days", "extension_reason"])
    audit_record(
        actor=actor,
        action="privacy.subject_request_extend",
        target=request,
        unit=request.unit_id,
        before={"due": {step: due_before.isoformat()}},
        after={"days": days, "most": most, "due": {step: deadline.due_on.isoformat()}, "source": cap.source},
    )
    return request


def _close(
    *, actor: Any, request: SubjectAccessRequest, action: str, status: str, outcome: str, text: str, cancel: bool
) -> SubjectAccessRequest:
    from workflows.services.deadlines import deadline_close_recorded

    before = request.status
    request.status, request.outcome, request.outcome_text = status, outcome, text
    request.closed_at, request.closed_by = clock.now(), actor
    request.save(update_fields=["status", "outcome", "outcome_text", "closed_at", "closed_by"])
    # Answering also answers the acknowledgement that was still owed (the answer reaches the requester).
    closed = deadline_close_recorded(target=request, step=ACKNOWLEDGE, cancelled=cancel)
    closed += deadline_close_recorded(target=request, step=ANSWER_STEPS[SubjectRight(request.right)], cancelled=cancel)
    # The answer's text may name people: it stays on the request, never in the append-only trail.
    audit_record(
        actor=actor,
        action=action,
        target=request,
        unit=request.unit_id,
        before={"status": before},
        after={"status": status, "outcome": outcome, "closed": closed},
    )
    return request


@transaction.atomic
def subject_request_answer(
    *, actor: Any, request: SubjectAccessRequest, outcome: str, text: str = ""
) -> SubjectAccessRequest:
    """Thực hiện yêu cầu: in full, or in part with what was not done and why; both clocks stop."""
    request = _lock(request)
    _require(actor, request, "answer")
    text = _text(text)
    errors: dict[str, str] = {}
    if outcome not in (RequestOutcome.FULFILLED, RequestOutcome.PARTLY):
        errors["outcome"] = _("Phải chọn kết quả: thực hiện đầy đủ hoặc một phần.")
    elif outcome == RequestOutcome.PARTLY and not text:
        errors["text"] = _("Thực hiện một phần: phải ghi phần không thực hiện và lý do.")
    if len(text) > MAX_TEXT:
        errors["text"] = _("Nội dung trả lời dài quá %(max)s ký tự.") % {"max": MAX_TEXT}
    if errors:
        raise ValidationFailed(errors)
    return _close(
        actor=actor,
        request=request,
        action="privacy.subject_request_answer",
        status=RequestStatus.ANSWERED,
        outcome=outcome,
        text=text,
        cancel=False,
    )


@transaction.atomic
def subject_request_refuse(*, actor: Any, request: SubjectAccessRequest, reason: str) -> SubjectAccessRequest:
    """Từ chối: the request is not carried out, on a reason the requester is given (the law that allows it)."""
    request = _lock(request)
    _require(actor, request, "refuse")
    reason = _text(reason)
    if not reason:
        raise ValidationFailed({"reason": _("Phải ghi lý do từ chối (căn cứ pháp luật).")})
    if len(reason) > MAX_TEXT:
        raise ValidationFailed({"reason": _("Lý do dài quá %(max)s ký tự.") % {"max": MAX_TEXT}})
    return _close(
        actor=actor,
        request=request,
        action="privacy.subject_request_refuse",
        status=RequestStatus.REFUSED,
        outcome=RequestOutcome.REFUSED,
        text=reason,
        cancel=False,
    )


@transaction.atomic
def subject_request_withdraw(*, actor: Any, request: SubjectAccessRequest) -> SubjectAccessRequest:
    """The requester withdrew the request: nothing more is owed, its clocks are cancelled."""
    request = _lock(request)
    _require(actor, request, "withdraw")
    return _close(
        actor=actor,
        request=request,
        action="privacy.subject_request_withdraw",
        status=RequestStatus.WITHDRAWN,
        outcome="",
        text="",
        cancel=True,
    )


@transaction.atomic
def subject_request_export(*, actor: Any, request: SubjectAccessRequest) -> dict:
    """The subject-access export (`personal_data_export`) of the request's requester, its ground the
    request's reference; its audit event is linked to the request (the latest export)."""
    from casework.privacy.services import personal_data_export

    request = _lock(request)
    _require(actor, request, "export")
    who = subject_request_requester(request)
    return personal_data_export(
        actor=actor,
        full_name=who["full_name"],
        phone=who["phone"],
        email=who["email"],
        id_number=who["id_number"],
        reason=request.reference,
        subject_request=request,
    )
