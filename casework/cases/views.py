"""Case pages. Thin: parse the form, call one service, show the result or the error."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms as djforms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from casework.areas.forms import SubjectAreaChangeForm
from casework.areas.selectors import subject_area_label
from casework.cases import explanation_forms as ef
from casework.cases import forms as f
from casework.cases import services as svc
from casework.cases import verification_forms as vf
from casework.cases.actions import case_actions
from casework.cases.complaint_limits import (
    first_decision_final,
    limitation_expired,
    limitation_last_day,
    second_complaint_last_day,
    second_complaint_late,
    second_complaint_may_lodge,
    second_complaint_open,
    second_window,
)
from casework.cases.decision_parts import decision_parts_shown, proposal_parts_shown
from casework.cases.first_round import first_round_result_for
from casework.cases.integrations import (
    IDENTIFYING_KINDS,
    IDENTIFYING_LABEL,
    attachments_for_case,
)
from casework.cases.models import REDACTED, Case, DenouncerIdentity, Kind, RefusalGround, Status, TerminationGround
from casework.cases.permissions import (
    INTAKE_ROLES,
    READ_ROLES,
    can_assign,
    can_reveal_identity,
    case_deciders_read,
    is_decider,
)
from casework.cases.publicity_forms import ConclusionPublishForm, DisciplinePublishForm, PublicationEndForm
from casework.cases.receipts import receipt_code_from
from casework.cases.recusal import case_recused_people
from casework.cases.redaction import mask_shown
from casework.cases.selectors import (
    CASE_SORTS,
    case_approval_awaited,
    case_by_receipt_code,
    case_content_for,
    case_deadlines,
    case_duplicates,
    case_expertise,
    case_get_for_user,
    case_get_in_user_trees,
    case_ids_readable,
    case_list,
    case_status_by_code,
    case_withdrawals,
    complainants_withdrawn_ids,
    intake_defaults,
    intake_subject_units,
    officers_for_assignment,
    submitter_id_numbers,
    tree_root_path,
    withdrawal_recorders,
)
from casework.cases.services.criminal_referral import criminal_referral_open, criminal_referrals
from casework.cases.services.dialogue import dialogue_check_before_decision, dialogue_decision_refusal
from casework.cases.services.explanation import explanations
from casework.cases.services.publicity import discipline_publication_state, publication_state
from casework.cases.services.resolve_clock import RESOLVE_STEP, resolve_pause_reasons
from casework.cases.services.verification import (
    complaint_found_right,
    verification_assignments,
    verification_candidates,
)
from casework.cases.throttle import throttle_allow
from casework.inspections.selectors import recommendations_of_case
from casework.org.models import User
from casework.org.selectors import units_visible_to, user_has_role
from casework.papers.selectors import case_reception_receipt, paper_may_issue
from casework.reception.selectors import reception_documents_of_case
from casework.reports.documents import notice_label, notices_available, notices_erased
from casework.web import form_tokens
from casework.web.actions import (
    action_for,
    already_saved,
    form_add_service_error,
    form_create,
    form_create_once,
    form_errors_text,
    form_submit,
    message_refused,
    message_service_error,
)
from casework.web.form_ids import form_own_ids
from core import clock
from core.errors import ApplicationError, ConcurrentChange, ValidationFailed
from core.reading import page_reading
from workflows.deadline_status import clock_state, status_of, with_deadline_status
from workflows.list_order import list_order
from workflows.models import Deadline

PAGE_SIZE = 25
THROTTLED = _("Bạn đã gửi quá nhiều yêu cầu từ địa chỉ này. Vui lòng thử lại sau ít phút.")


def _version(request: HttpRequest) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


# Service fields that a form shows under another name.
FIELD_ALIASES = {"submitters": "full_name", "new_due_on": "new_due_on"}


def _apply_errors(form: djforms.Form, exc: ApplicationError) -> None:
    form_add_service_error(form, exc, aliases=FIELD_ALIASES)


# ---- list and intake -------------------------------------------------------------


@login_required
def case_list_view(request: HttpRequest) -> HttpResponse:
    units = units_visible_to(user=request.user, roles=READ_ROLES)
    officers = User.objects.filter(assigned_cases__unit__in=units).distinct().order_by("username")
    form = f.CaseFilterForm(request.GET or None, units=units, officers=officers)
    filters: dict[str, Any] = {}
    if form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v}
    now = clock.now()
    cases, order = list_order(
        case_list(user=request.user, filters=filters),
        sort=request.GET.get("sort"),
        columns=CASE_SORTS,
        then=("-received_on",),
        now=now,
    )
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = with_deadline_status(page.object_list, now)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_intake": user_has_role(user=request.user, roles=INTAKE_ROLES),
            "sort": order,
            "sort_columns": CASE_SORTS,
        },
    )


def _split_co_submitters(text: str) -> list[svc.SubmitterData]:
    people = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        name, _sep, phone = line.partition(";")
        people.append(svc.SubmitterData(full_name=name.strip(), phone=phone.strip()))
    return people


def _intake_kwargs(d: dict[str, Any]) -> dict[str, Any]:
    submitters = []
    if d["full_name"]:
        co = _split_co_submitters(d["co_submitters"])
        submitters = [
            svc.SubmitterData(
                full_name=d["full_name"],
                phone=d["phone"],
                email=d["email"],
                address=d["address"],
                is_representative=True,
                id_number=d["id_number"],
            ),
            *co,
        ]
    return {
        "kind": d["kind"],
        "channel": d["channel"],
        "received_on": d["received_on"],
        "unit": d["unit"],
        "title": d["title"],
        "content": d["content"],
        "submitters": submitters,
        "subject_unit": d["subject_unit"],
        "subject_person": d["subject_person"],
        "congress_date": d["congress_date"],
        "anonymous": d["anonymous"],
        "evidence": d["evidence"],
        "attachments": [d["attachment"]] if d["attachment"] else [],
        "knew_on": d["knew_on"],
        "obstacle_days": d["obstacle_days"] or 0,
        "obstacle_note": d["obstacle_note"],
        **_representative_kwargs(d),
    }


def _representative_kwargs(d: dict[str, Any]) -> dict[str, Any]:
    """The representative the intake form names, with its document (none when left empty)."""
    if not (d["representative_capacity"] or d["representative_name"]):
        return {}
    return {
        "representative": svc.RepresentativeData(
            capacity=d["representative_capacity"],
            full_name=d["representative_name"],
            address=d["representative_address"],
            id_number=d["representative_id_number"],
            document_on=d["representative_document_on"],
            scope=d["representative_scope"],
            certified=d["representative_certified"],
        ),
        "representative_document": d["representative_document"],
    }


def _case_url(case: Case) -> str:
    return reverse("cases:detail", args=[case.pk])


@login_required
def case_intake_view(request: HttpRequest) -> HttpResponse:
    units = units_visible_to(user=request.user, roles=INTAKE_ROLES)
    if not units.exists():
        raise Http404
    subject_units = intake_subject_units(user=request.user)
    form = f.IntakeForm(
        request.POST or None,
        request.FILES or None,
        units=units,
        subject_units=subject_units,
        initial=intake_defaults(user=request.user),
    )
    if request.method == "POST" and (
        done := form_create(
            request,
            form,
            lambda d: svc.case_intake(actor=request.user, **_intake_kwargs(d)),
            success=lambda case: _("Đã tiếp nhận đơn, số hồ sơ %(ref)s.") % {"ref": case.reference},
            url=_case_url,
            aliases=FIELD_ALIASES,
        )
    ):
        return done
    return render(request, "cases/intake.html", {"form": form})


# ---- detail and actions ------------------------------------------------------------


def _assign_form(case: Case, data: Any = None) -> f.AssignForm:
    return f.AssignForm(data, officers=officers_for_assignment(case=case))


def _withdraw_form(case: Case, data: Any = None) -> f.WithdrawForm:
    if case.kind != Kind.DENUNCIATION:
        # A complaint of several: those still complaining may withdraw (Nghị định 124/2020/NĐ-CP Đ.7a).
        several = svc.several_complainants(case)
        withdrawn = complainants_withdrawn_ids(case=case) if several else set()
        still = [s for s in case.submitters.all() if s.pk not in withdrawn] if several else None
        return f.WithdrawForm(data, case=case, complainants=still)
    return f.WithdrawForm(
        data, case=case, recorders=withdrawal_recorders(case=case), denouncers=svc.denouncer_count(case)
    )


def _call_assign(case: Case, user: Any, d: dict, version: int | None) -> Case:
    assignee = User.objects.filter(pk=d["assignee"]).first()
    return svc.case_assign(case=case, actor=user, assignee=assignee, expected_version=version)


def _call_transfer(case: Case, user: Any, d: dict, version: int | None) -> Case:
    old, new = svc.case_transfer(
        case=case,
        actor=user,
        reason=d["reason"],
        target_unit=d["target_unit"],
        outside_body=d["outside_body"],
        expected_version=version,
        subject_area=d["subject_area"],
    )
    return old


def _merge_target(case: Case, user: Any, reference: str) -> Case:
    try:
        into = case_get_in_user_trees(user=user, reference=reference)
    except Http404:
        into = None
    if into is None or not into.unit.path.startswith(tree_root_path(case.unit)):
        raise ValidationFailed(
            {"into": _("Không tìm thấy hồ sơ %(ref)s trong hệ thống công đoàn.") % {"ref": reference}}
        )
    return into


def _call_merge(case: Case, user: Any, d: dict, version: int | None) -> Case:
    into = _merge_target(case, user, d["into"])
    return svc.case_merge(case=case, into=into, actor=user, reason=d["reason"], expected_version=version)


def _call_extend(case: Case, user: Any, d: dict, version: int | None) -> Case:
    return svc.case_extend(
        case=case,
        actor=user,
        reason=d["reason"],
        new_due_on=d["new_due_on"],
        expected_version=version,
    )


Caller = Callable[[Case, Any, dict, "int | None"], Case]


def _area_initial(case: Case) -> dict[str, str]:
    """Triage forms start from the area the case has (a letter transferred in keeps the sender unit's choice)."""
    return {"subject_area": case.subject_area.code} if case.subject_area_id else {}


def _verification_context(case: Case, user: Any) -> dict[str, Any]:
    """A denunciation's written assignments of its verification, why its proposal waits for one, and the
    file sent on after the conclusion (Luật Tố cáo 2018 Đ.31 khoản 1, 2; Đ.36 khoản 2)."""
    if case.kind == Kind.COMPLAINT:
        # Luật Khiếu nại 2011 Đ.29 khoản 1 điểm b, khoản 3, 4; Đ.38: the same record and gate; no criminal referral.
        # Đ.29 khoản 1 điểm a: a first complaint found right on re-examination, decided with no verification.
        return {
            "verification_refusal": svc.verification_refusal(case, user),
            "verification_assignments": list(
                verification_assignments(case).select_related("leader", "recorded_by").prefetch_related("members")
            ),
            "complaint_found_right": complaint_found_right(case),
            "criminal_referrals": [],
        }
    if case.kind != Kind.DENUNCIATION:
        return {"verification_refusal": "", "verification_assignments": [], "criminal_referrals": []}
    return {
        "verification_refusal": svc.verification_refusal(case, user),
        "verification_assignments": list(
            verification_assignments(case).select_related("leader", "recorded_by").prefetch_related("members")
        ),
        # Sent on only after the conclusion (Đ.36 khoản 2): not read before.
        "criminal_referrals": list(criminal_referrals(case).select_related("recorded_by"))
        if criminal_referral_open(case)
        else [],
    }


# action name → (title, form factory, service call, irreversible?)
ACTIONS: dict[str, tuple[str, Callable[..., djforms.Form], Caller, bool]] = {
    "accept": (
        _("Thụ lý"),
        lambda case, data=None: f.AcceptForm(data, initial=_area_initial(case)),
        lambda c, u, d, v: svc.case_accept(
            case=c,
            actor=u,
            legal_ground=d["legal_ground"],
            expected_version=v,
            subject_area=d["subject_area"],
        ),
        False,
    ),
    "refuse": (
        _("Không thụ lý"),
        # Past the limitation (Luật Khiếu nại Đ.9) the ground is proposed; the officer decides. A second
        # complaint past its window is refused on that ground only (Đ.11 khoản 6, Đ.33 khoản 1).
        lambda case, data=None: f.RefuseForm(
            data,
            kind=case.kind,
            initial={
                **_area_initial(case),
                **(
                    {"ground": RefusalGround.EXPIRED} if limitation_expired(case) or second_complaint_late(case) else {}
                ),
            },
            expired_only=second_complaint_late(case),
        ),
        lambda c, u, d, v: svc.case_refuse(
            case=c,
            actor=u,
            ground=d["ground"],
            note=d["note"],
            expected_version=v,
            subject_area=d["subject_area"],
            congress_date=d["congress_date"],
        ),
        True,
    ),
    # Luật Khiếu nại 2011 Đ.9 khoản 2, Đ.33 khoản 1: days of a second complaint's window not counted.
    "second_obstacles": (
        _("Ghi nhận trở ngại khách quan (khiếu nại lần hai)"),
        lambda case, data=None: f.SecondObstaclesForm(
            data, initial={"obstacle_days": case.obstacle_days, "obstacle_note": case.obstacle_note}
        ),
        lambda c, u, d, v: svc.case_second_obstacles_record(
            case=c, actor=u, obstacle_days=d["obstacle_days"], obstacle_note=d["obstacle_note"], expected_version=v
        ),
        False,
    ),
    # Đ.33 khoản 1: the second complaint's window counts from the day the first decision was received.
    "decision_receipt": (
        _("Ghi nhận ngày người khiếu nại nhận được quyết định"),
        lambda case, data=None: f.DecisionReceiptForm(
            data, initial={"received_on": case.decision_received_on or case.notified_on}
        ),
        lambda c, u, d, v: svc.case_decision_receipt_record(
            case=c, actor=u, received_on=d["received_on"], note=d["note"], expected_version=v
        ),
        False,
    ),
    "transfer": (
        _("Chuyển đơn"),
        lambda case, data=None: f.TransferForm(data, initial=_area_initial(case)),
        _call_transfer,
        True,
    ),
    "guide": (
        _("Hướng dẫn người gửi"),
        lambda case, data=None: f.GuideForm(data, initial=_area_initial(case)),
        lambda c, u, d, v: svc.case_guide(
            case=c, actor=u, guidance=d["guidance"], expected_version=v, subject_area=d["subject_area"]
        ),
        True,
    ),
    "subject_area": (
        _("Đổi lĩnh vực"),
        lambda case, data=None: SubjectAreaChangeForm(data, initial=_area_initial(case)),
        lambda c, u, d, v: svc.case_subject_area_set(
            case=c, actor=u, subject_area=d["subject_area"], reason=d["reason"], expected_version=v
        ),
        False,
    ),
    "merge": (_("Gộp vào hồ sơ trùng"), lambda case, data=None: f.MergeForm(data), _call_merge, True),
    "withdraw": (
        _("Ghi nhận rút đơn"),
        _withdraw_form,
        lambda c, u, d, v: svc.case_withdraw(case=c, actor=u, expected_version=v, **d),
        True,
    ),
    "assign": (_("Phân công"), _assign_form, _call_assign, False),
    "start_verification": (
        _("Bắt đầu xác minh"),
        lambda case, data=None: f.NoteForm(data),
        lambda c, u, d, v: svc.case_start_verification(case=c, actor=u, plan=d["note"], expected_version=v),
        False,
    ),
    "record_dialogue": (
        _("Ghi biên bản đối thoại"),
        lambda case, data=None: f.DialogueForm(data, case=case),
        lambda c, u, d, v: svc.case_record_dialogue(case=c, actor=u, expected_version=v, **d),
        False,
    ),
    "propose": (
        _("Đề xuất kết quả"),
        lambda case, data=None: f.ProposeForm(data, case=case),
        lambda c, u, d, v: svc.case_propose(case=c, actor=u, expected_version=v, **d),
        False,
    ),
    "approve": (
        _("Phê duyệt"),
        lambda case, data=None: f.NoteForm(data),
        lambda c, u, d, v: svc.case_approve(case=c, actor=u, note=d["note"], expected_version=v),
        False,
    ),
    "send_back": (
        _("Trả lại để xác minh thêm"),
        lambda case, data=None: f.ReasonForm(data),
        lambda c, u, d, v: svc.case_send_back(case=c, actor=u, reason=d["reason"], expected_version=v),
        False,
    ),
    "reopen_verification": (
        _("Thu hồi phê duyệt, trả lại để xác minh thêm"),
        lambda case, data=None: f.ReasonForm(data),
        lambda c, u, d, v: svc.case_reopen_verification(case=c, actor=u, reason=d["reason"], expected_version=v),
        False,
    ),
    "decide": (
        _("Ban hành quyết định giải quyết"),
        lambda case, data=None: f.DecisionForm(data, case=case),
        lambda c, u, d, v: svc.case_decide(case=c, actor=u, expected_version=v, **d),
        True,
    ),
    "conclude": (
        _("Ban hành kết luận nội dung tố cáo"),
        lambda case, data=None: f.DecisionForm(data, case=case),
        lambda c, u, d, v: svc.case_conclude(case=c, actor=u, expected_version=v, **d),
        True,
    ),
    "handle_conclusion": (
        _("Xử lý kết luận"),
        lambda case, data=None: f.HandleForm(data),
        lambda c, u, d, v: svc.case_handle_conclusion(case=c, actor=u, expected_version=v, **d),
        True,
    ),
    "conclusion_measure": (
        _("Ghi biện pháp thực hiện kết luận, người theo dõi"),
        lambda case, data=None: f.ConclusionMeasureForm(data, case=case),
        lambda c, u, d, v: svc.case_conclusion_measure_add(case=c, actor=u, expected_version=v, **d),
        True,
    ),
    "answer": (
        _("Trả lời kiến nghị"),
        lambda case, data=None: f.AnswerForm(data),
        lambda c, u, d, v: svc.case_answer(case=c, actor=u, answer=d["answer"], expected_version=v),
        True,
    ),
    "notify_result": (
        _("Ghi nhận đã thông báo kết quả"),
        lambda case, data=None: f.NoteForm(data),
        lambda c, u, d, v: svc.case_notify_result(case=c, actor=u, note=d["note"], expected_version=v),
        False,
    ),
    "close": (
        _("Đóng hồ sơ"),
        lambda case, data=None: f.NoteForm(data),
        lambda c, u, d, v: svc.case_close(case=c, actor=u, note=d["note"], expected_version=v),
        True,
    ),
    "suspend": (
        pgettext_lazy("case action", "Tạm đình chỉ"),  # the status of the same name reads "Suspended"
        lambda case, data=None: f.SuspendForm(data, kind=case.kind),
        lambda c, u, d, v: svc.case_suspend(
            case=c, actor=u, ground=d["ground"], reason=d["reason"], expected_version=v
        ),
        False,
    ),
    "terminate": (
        _("Đình chỉ giải quyết"),
        # A whole withdrawal recorded: the decision it awaits is proposed on its ground.
        lambda case, data=None: f.TerminateForm(
            data,
            kind=case.kind,
            initial={"ground": TerminationGround.WITHDRAWN} if svc.termination_due(case) else None,
        ),
        lambda c, u, d, v: svc.case_terminate(case=c, actor=u, expected_version=v, **d),
        True,
    ),
    "complexity": (
        _("Quyết định tính chất phức tạp"),
        lambda case, data=None: f.ComplexityForm(data, kind=case.kind),
        lambda c, u, d, v: svc.case_complexity_decide(case=c, actor=u, expected_version=v, **d),
        False,
    ),
    "processing_extend": (
        _("Kéo dài xử lý ban đầu đến 10 ngày làm việc"),
        lambda case, data=None: f.ReasonForm(data),
        lambda c, u, d, v: svc.case_processing_extend(case=c, actor=u, reason=d["reason"], expected_version=v),
        False,
    ),
    "outside_competence": (
        _("Xác định tố cáo không thuộc thẩm quyền (chuyển trong 5 ngày làm việc)"),
        lambda case, data=None: f.ReasonForm(data),
        lambda c, u, d, v: svc.case_outside_competence(case=c, actor=u, reason=d["reason"], expected_version=v),
        False,
    ),
    "discipline_propose": (
        _("Đề nghị kỷ luật"),
        lambda case, data=None: f.DisciplineProposeForm(data),
        lambda c, u, d, v: svc.discipline_propose(
            case=c, actor=u, expected_version=v, **f.DisciplineProposeForm.service_kwargs(d)
        ),
        False,
    ),
    "discipline_ballot": (
        _("Ghi kết quả bỏ phiếu kín kỷ luật (ký thay mặt cơ quan)"),
        lambda case, data=None: f.DisciplineBallotForm(data),
        lambda c, u, d, v: svc.discipline_ballot_record(
            case=c, actor=u, expected_version=v, **f.DisciplineBallotForm.service_kwargs(d)
        ),
        True,
    ),
    "denounced_notice": (
        _("Ghi nhận đã thông báo thụ lý cho người bị tố cáo"),
        lambda case, data=None: f.NoteForm(data),
        lambda c, u, d, v: svc.case_denounced_notice_sent(case=c, actor=u, note=d["note"], expected_version=v),
        False,
    ),
    # Luật Tố cáo 2018 Đ.26 khoản 2: the notice of acceptance or refusal issued stops the clock by itself; this
    # records the written notice of any other result (transferred onward, merged, withdrawn).
    "transferrer_notice": (
        _("Ghi nhận đã thông báo bằng văn bản kết quả xử lý cho cơ quan đã chuyển tố cáo"),
        lambda case, data=None: f.NoteForm(data),
        lambda c, u, d, v: svc.case_transferrer_notified(case=c, actor=u, note=d["note"], expected_version=v),
        False,
    ),
    # Luật Tố cáo 2018 Đ.40; Nghị định 31/2019/NĐ-CP Đ.6: the forms, the day, where and how long.
    "conclusion_publish": (
        _("Ghi nhận đã công khai kết luận nội dung tố cáo (trong 7 ngày làm việc)"),
        lambda case, data=None: ConclusionPublishForm(data, case=case),
        lambda c, u, d, v: svc.case_conclusion_publish(case=c, actor=u, expected_version=v, **d),
        False,
    ),
    # Luật Khiếu nại 2011 Đ.41 khoản 2, 3: the same record, for the second round.
    "decision_publish": (
        _("Ghi nhận đã công khai quyết định giải quyết khiếu nại lần hai (trong 15 ngày)"),
        lambda case, data=None: ConclusionPublishForm(data, case=case),
        lambda c, u, d, v: svc.case_decision_publish(case=c, actor=u, expected_version=v, **d),
        False,
    ),
    # Luật Tố cáo 2018 Đ.40 khoản 1: the body that issued the discipline decision publishes it, the same way.
    "discipline_publish": (
        _("Ghi nhận đã công khai quyết định xử lý kỷ luật người bị tố cáo (trong 7 ngày làm việc)"),
        lambda case, data=None, user=None: DisciplinePublishForm(data, case=case, user=user),
        lambda c, u, d, v: svc.case_discipline_publish(case=c, actor=u, expected_version=v, **d),
        False,
    ),
    # Nghị định 31/2019/NĐ-CP Đ.6 khoản 2 điểm b, c; Luật Khiếu nại 2011 Đ.41 khoản 3: a posting recorded with no
    # end known gets its last day once it is, at least 15 consecutive days.
    "publication_end": (
        _("Ghi nhận ngày kết thúc niêm yết, đăng tải công khai"),
        lambda case, data=None, user=None: PublicationEndForm(data, case=case, user=user),
        lambda c, u, d, v: svc.publication_end_record(case=c, actor=u, expected_version=v, **d),
        False,
    ),
    "conclusion_sent": (
        _("Ghi nhận đã gửi kết luận nội dung tố cáo (trong 5 ngày làm việc)"),
        lambda case, data=None: f.NoteForm(data),
        lambda c, u, d, v: svc.case_conclusion_sent(case=c, actor=u, note=d["note"], expected_version=v),
        False,
    ),
    # Within 05 working days for a denunciation (Luật Tố cáo 2018 Đ.34 khoản 4), 03 for a complaint
    # (Nghị định 124/2020/NĐ-CP Đ.28b): the clock on the page shows its limit.
    "suspension_sent": (
        _("Ghi nhận đã gửi quyết định tạm đình chỉ"),
        lambda case, data=None: f.NoteForm(data),
        lambda c, u, d, v: svc.case_suspension_sent(case=c, actor=u, note=d["note"], expected_version=v),
        False,
    ),
    "termination_sent": (
        _("Ghi nhận đã gửi quyết định đình chỉ"),
        lambda case, data=None: f.NoteForm(data),
        lambda c, u, d, v: svc.case_termination_sent(case=c, actor=u, note=d["note"], expected_version=v),
        False,
    ),
    "resumption_sent": (
        _("Ghi nhận đã gửi quyết định tiếp tục giải quyết khiếu nại (trong 3 ngày làm việc)"),
        lambda case, data=None: f.NoteForm(data),
        lambda c, u, d, v: svc.case_resumption_sent(case=c, actor=u, note=d["note"], expected_version=v),
        False,
    ),
    "resume": (
        _("Tiếp tục giải quyết"),
        lambda case, data=None: f.ReasonForm(data),
        lambda c, u, d, v: svc.case_resume(case=c, actor=u, reason=d["reason"], expected_version=v),
        False,
    ),
    "extend": (_("Gia hạn giải quyết"), lambda case, data=None: f.ExtendForm(data), _call_extend, False),
    "accept_notice": (
        _("Ghi nhận đã thông báo thụ lý cho người tố cáo"),
        lambda case, data=None: f.NoteForm(data),
        lambda c, u, d, v: svc.case_accept_notice_sent(case=c, actor=u, note=d["note"], expected_version=v),
        False,
    ),
    # Trưng cầu giám định (Nghị định 31/2019/NĐ-CP Đ.15, sửa đổi bởi Nghị định 156/2026/NĐ-CP; Luật Khiếu
    # nại 2011 Đ.29 khoản 3 điểm d): the request issues a numbered paper, hence confirmed first.
    "expertise_request": (
        _("Trưng cầu giám định"),
        lambda case, data=None: f.ExpertiseRequestForm(data, case=case),
        lambda c, u, d, v: svc.case_expertise_request(case=c, actor=u, expected_version=v, **d),
        True,
    ),
    "expertise_authorise": (
        _("Ủy quyền người xác minh quyết định trưng cầu giám định"),
        lambda case, data=None: f.ReasonForm(data),
        lambda c, u, d, v: svc.case_expertise_authorise(case=c, actor=u, reason=d["reason"], expected_version=v),
        False,
    ),
    "expertise_revoke": (
        _("Thu hồi ủy quyền quyết định trưng cầu giám định"),
        lambda case, data=None: f.ReasonForm(data),
        lambda c, u, d, v: svc.case_expertise_revoke(case=c, actor=u, reason=d["reason"], expected_version=v),
        False,
    ),
    "expertise_sent": (
        _("Ghi nhận đã gửi văn bản trưng cầu giám định"),
        lambda case, data=None: f.ExpertiseSentForm(data, case=case),
        lambda c, u, d, v: svc.case_expertise_sent(case=c, actor=u, expected_version=v, **d),
        False,
    ),
    "expertise_conclusion": (
        _("Ghi nhận kết luận giám định"),
        lambda case, data=None: f.ExpertiseConclusionForm(data, case=case),
        lambda c, u, d, v: svc.case_expertise_conclusion(case=c, actor=u, expected_version=v, **d),
        True,
    ),
    # Giải trình của người bị tố cáo (Luật Tố cáo 2018 Đ.31 khoản 3, 4; Nghị định 31/2019/NĐ-CP Đ.12).
    "explanation_request": (
        _("Ghi nhận yêu cầu người bị tố cáo giải trình"),
        lambda case, data=None: ef.ExplanationRequestForm(data),
        lambda c, u, d, v: svc.case_explanation_request(case=c, actor=u, expected_version=v, **d),
        False,
    ),
    "explanation_received": (
        _("Ghi nhận giải trình của người bị tố cáo"),
        lambda case, data=None: ef.ExplanationReceivedForm(data, case=case),
        lambda c, u, d, v: svc.case_explanation_received(case=c, actor=u, expected_version=v, **d),
        False,
    ),
    "explanation_missed": (
        _("Ghi nhận người bị tố cáo không giải trình, từ chối giải trình"),
        lambda case, data=None: ef.ExplanationMissedForm(data),
        lambda c, u, d, v: svc.case_explanation_missed(case=c, actor=u, expected_version=v, **d),
        False,
    ),
    # Giao xác minh bằng văn bản (Luật Tố cáo 2018 Đ.31 khoản 1, 2; Nghị định 31/2019/NĐ-CP Đ.10).
    "verification_assign": (
        _("Giao xác minh nội dung tố cáo"),
        lambda case, data=None: vf.VerificationAssignForm(
            data, candidates=verification_candidates(case), kind=case.kind
        ),
        lambda c, u, d, v: svc.case_verification_assign(case=c, actor=u, expected_version=v, **d),
        False,
    ),
    # Kiểm tra lại: khiếu nại đúng thì ra quyết định giải quyết ngay (Luật Khiếu nại 2011 Đ.29 khoản 1 điểm a).
    "complaint_found_right": (
        _("Ghi nhận khiếu nại đúng khi kiểm tra lại"),
        lambda case, data=None: vf.ComplaintFoundRightForm(data),
        lambda c, u, d, v: svc.case_complaint_found_right(case=c, actor=u, expected_version=v, **d),
        False,
    ),
    # Chuyển hồ sơ có dấu hiệu tội phạm sau kết luận (Luật Tố cáo 2018 Đ.36 khoản 2).
    "criminal_referral": (
        _("Ghi nhận chuyển hồ sơ đến Cơ quan điều tra, Viện kiểm sát"),
        lambda case, data=None: vf.CriminalReferralForm(data),
        lambda c, u, d, v: svc.case_criminal_referral(case=c, actor=u, expected_version=v, **d),
        True,
    ),
}


# The actions whose form offers what its user may record (the rule of the service): built for the user.
USER_FORMS = frozenset({"discipline_publish", "publication_end"})


def _action_form(name: str, case: Case, user: Any, data: Any = None) -> djforms.Form:
    """The form of the case action `name`, for `user` when its choices are theirs (`USER_FORMS`)."""
    make = ACTIONS[name][1]
    return make(case, data, user=user) if name in USER_FORMS else make(case, data)


# An action whose title names the kind of letter: a complaint's verification is assigned by a decision giving the
# task (Luật Khiếu nại 2011 Đ.29 khoản 1 điểm b, Đ.38).
KIND_TITLES: dict[tuple[str, str], str] = {
    ("verification_assign", Kind.COMPLAINT): _("Giao nhiệm vụ xác minh nội dung khiếu nại"),
}


def _submitters_display(case: Case, revealed: list[dict] | None, user: Any) -> list[dict]:
    if case.kind != Kind.DENUNCIATION:
        # One of several complainants who withdrew: no longer a complainant (Nghị định 124/2020/NĐ-CP Đ.7a).
        withdrawn = complainants_withdrawn_ids(case=case) if case.kind == Kind.COMPLAINT else set()
        papers = submitter_id_numbers(case=case, user=user)
        senders = list(case.submitters.all())
        # Intake marks a sole sender as the representative (the one the letter's fingerprint reads);
        # "đại diện" is said of the one who speaks for several senders only.
        group = len(senders) > 1
        return [
            {
                "full_name": s.full_name,
                "phone": s.phone,
                "email": s.email,
                "address": s.address,
                "is_representative": s.is_representative and group,
                "withdrawn": s.pk in withdrawn,
                "id_number": papers.get(s.pk, ""),
            }
            for s in senders
        ]
    if revealed is not None:
        return revealed
    if case.is_anonymous:
        return []
    people = DenouncerIdentity.objects.filter(case=case).values_list("people", flat=True).first() or 1
    hidden = gettext(REDACTED)
    return [{"full_name": hidden, "phone": hidden, "email": "", "address": hidden}] * max(people, 1)


def _representative_context(case: Case, user: Any) -> dict:
    """Who makes the complaint for the complainant, and why it is not lawful (Luật Khiếu nại 2011 Đ.11 khoản 4)."""
    row = svc.case_representative(case) if case.kind == Kind.COMPLAINT else None
    if row is None:
        return {}
    return {
        "representative": row,
        "representative_id_number": svc.representative_id_number(case=case, user=user),
        "representative_defects": svc.representation_defects(case),
    }


def _detail_context(
    request: HttpRequest, case: Case, *, forms_override: dict | None = None, revealed: list[dict] | None = None
) -> dict:
    """What the case page shows; the detail, a failed step and a reveal read and render it in one
    `page_reading()` (core.reading): each answer about the case and a person (a conflict, the
    deciders, the case's key) is read once per page."""
    user = request.user
    names = case_actions(user=user, case=case)
    forms_override = forms_override or {}
    action_forms = [
        {
            "name": n,
            "title": KIND_TITLES.get((n, case.kind), ACTIONS[n][0]),
            "form": form_own_ids(forms_override.get(n) or _action_form(n, case, user), n),
            "confirm": ACTIONS[n][3],
        }
        for n in names
        if n in ACTIONS
    ]
    deadlines = []
    now = clock.now()
    for d in case_deadlines(case=case):
        # Why the resolution clock stands still (a suspension, a denunciation's assessment): the rule that stops it.
        paused = d.step == RESOLVE_STEP and d.status == Deadline.Status.PAUSED
        deadlines.append(
            {"d": d, "state": clock_state(d, now), "paused_for": resolve_pause_reasons(case) if paused else []}
        )
    attachments = attachments_for_case(case)
    can_see_identity = case.kind == Kind.DENUNCIATION and can_reveal_identity(case, user)
    reception_documents = reception_documents_of_case(case=case, user=user)
    return {
        "case": case,
        "decision_parts": decision_parts_shown(case),
        "proposal_parts": proposal_parts_shown(case),
        "subject_area_name": subject_area_label(case.subject_area if case.subject_area_id else None),
        "actions": action_forms,
        "deadlines": deadlines,
        "deadline_status": status_of(case, now),
        "attachments": attachments,
        # What the visitor handed over at the reception the case came from (Nghị định 154/2026/NĐ-CP Đ.15 k4).
        "reception_documents": reception_documents,
        # Their receipt, opened through the case's own access rule (the visit's pages are the book's).
        "reception_receipt": case_reception_receipt(case=case) if reception_documents else None,
        "submitters": _submitters_display(case, revealed, user),
        **_representative_context(case, user),
        "revealed": revealed is not None,
        "can_reveal": can_see_identity and not case.is_anonymous,
        "can_see_identity": can_see_identity,
        "content": case_content_for(case=case, user=user, revealed=revealed is not None),
        **_redaction_context(case, can_see_identity and revealed is not None, forms_override.get("redaction")),
        "identifying_label": IDENTIFYING_LABEL,
        "identifying_kinds": IDENTIFYING_KINDS,
        "reveal_form": form_own_ids(forms_override.get("reveal") or f.RevealForm(), "reveal"),
        "conflict_form": form_own_ids(forms_override.get("conflict") or f.ConflictForm(), "conflict"),
        "grant_form": (
            form_own_ids(forms_override.get("identity_grant") or f.IdentityGrantForm(case), "identity_grant")
            if case.kind == Kind.DENUNCIATION and not case.is_anonymous and is_decider(case, user)
            else None
        ),
        # The chair who assigns and approves sees who may not take part, and why.
        "recused": case_recused_people(case=case) if can_assign(case, user) else [],
        **_deciders_context(case, user),
        # Once a result is proposed: who decides next (the body, or the chair under its delegation).
        "approval_awaited": case_approval_awaited(case=case, user=user),
        "duplicates": case_duplicates(case=case, user=user) if case.status == Status.RECEIVED else [],
        "can_second": (
            case.unit.parent is not None
            and second_complaint_may_lodge(case)
            and user_has_role(user=user, roles=INTAKE_ROLES, unit=case.unit.parent)
        ),
        "second_last_day": second_complaint_last_day(case) if case.kind == Kind.COMPLAINT else None,
        "first_decision_final": case.kind == Kind.COMPLAINT and first_decision_final(case),
        "second_window": second_window(case),
        "second_window_open": second_complaint_open(case) if case.kind == Kind.COMPLAINT else False,
        "limitation_last_day": limitation_last_day(case),
        "limitation_expired": limitation_expired(case),
        "termination_due": svc.termination_due(case),
        # An approved complaint the law wants a dialogue before: why it is not decided, and the way back.
        "decision_refusal": dialogue_decision_refusal(case),
        # A denunciation whose notice to the person denounced is still owed: why it is not closed.
        "close_refusal": svc.close_refusal(case),
        # ... and why it is not concluded.
        "conclude_refusal": svc.conclude_refusal(case),
        # A denunciation under verification whose person denounced has not had the chance to explain.
        "explanation_refusal": svc.explanation_refusal(case),
        # The publication a denunciation's conclusion or a second-round complaint's decision owes (Luật Tố cáo 2018
        # Đ.40; Luật Khiếu nại 2011 Đ.41), or why it is not tracked.
        "publication": publication_state(case),
        # Each discipline decision on a denunciation: its publication owed by the body that issued it (Đ.40 khoản 1).
        "discipline_publications": discipline_publication_state(case),
        "explanations": list(explanations(case).select_related("recorded_by").prefetch_related("evidence"))
        if case.kind == Kind.DENUNCIATION
        else [],
        **_verification_context(case, user),
        **_expertise_context(case),
        "disciplines": list(case.disciplines.select_related("signed_by").order_by("-proposed_at", "-pk"))
        if case.kind == Kind.DENUNCIATION
        else [],
        # Followed until accepted, also once the case is closed (casework.cases.services.followup).
        "conclusion_measures": with_deadline_status(list(recommendations_of_case(case=case)), clock.now())
        if case.kind == Kind.DENUNCIATION
        else [],
        "linked_readable": case_ids_readable(user=user, ids=[case.previous_id, case.origin_id, case.merged_into_id]),
        "first_round": first_round_result_for(user=user, case=case),
        "withdrawals": list(case_withdrawals(case=case)),
        "second_form": form_own_ids(forms_override.get("second") or f.SecondComplaintForm(), "second"),
        "attach_form": form_own_ids(f.AttachForm(), "attach"),
        "can_attach": svc.case_may_attach(user=user, case=case),
        "attach_kinds": svc.case_attachment_kinds(case),
        "timeline": _timeline(case, user),
        "redacted": gettext(REDACTED),
        "notices": _notices(case),
        "may_issue_papers": paper_may_issue(user=user, unit=case.unit),
    }


def _expertise_context(case: Case) -> dict[str, Any]:
    """The case's requests for an expert assessment, each with its clock's chip, and the authorisation
    of the body assigned to verify (casework.cases.selectors.case_expertise)."""
    if case.kind not in (Kind.COMPLAINT, Kind.DENUNCIATION):
        return {"expertise": []}
    return {"expertise": case_expertise(case=case, now=clock.now())}


def _deciders_context(case: Case, user: Any) -> dict[str, Any]:
    """For the chair and the leaders of an open case: the deciders conflicted with it and who
    decides instead, so that no decision waits on people the services refuse."""
    if case.is_final or not can_assign(case, user):
        return {"conflicted_deciders": []}
    read = case_deciders_read(case)
    return {"conflicted_deciders": read.conflicted, "deciders": read.deciders if read.conflicted else []}


def _redaction_context(case: Case, can_see_identity: bool, form: Any) -> dict[str, Any]:
    """For whoever holds the identity of a denunciation: the working copy and its masks to adjust."""
    if case.kind != Kind.DENUNCIATION or not can_see_identity:
        return {"redaction_form": None}
    masks = svc.case_redaction_masks(case=case)
    proposed = svc.case_redaction_proposed(case=case)
    return {
        "redaction_form": form_own_ids(
            form or f.RedactionForm(initial={"masks": "\n".join(masks or proposed)}), "redaction"
        ),
        "redaction_proposed": proposed,
        "redacted_copy": mask_shown(case.content_redacted),
    }


def _timeline(case: Case, user: Any) -> list[Any]:
    from casework.audit.selectors import audit_timeline_for

    try:
        return list(audit_timeline_for(user=user, target=case))
    except ApplicationError:  # OutOfScope: nothing of this case's trail is visible to the user
        return []


def _notices(case: Case) -> list[tuple[str, object, bool]]:
    """The case's notices: key, label, and whether its issued paper was destroyed (named, not linked)."""
    erased = notices_erased(case)
    return [(notice, notice_label(case, notice), notice in erased) for notice in notices_available(case)]


@login_required
def case_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_get_for_user(user=request.user, pk=pk)
    with page_reading():
        return render(request, "cases/detail.html", _detail_context(request, case))


def _merge_check(case: Case, user: Any, d: dict) -> None:
    into = _merge_target(case, user, d["into"])
    if into.pk == case.pk:
        raise ValidationFailed({"into": _("Không thể gộp hồ sơ vào chính nó.")})


# The rules an irreversible action's service checks, asked before the confirmation is shown, so that
# only a valid form is ever confirmed (the service checks them again when it writes).
PRECHECKS: dict[str, Callable[[Case, Any, dict], Any]] = {
    "refuse": lambda c, u, d: svc.case_refuse_check(
        case=c, ground=d["ground"], note=d["note"], congress_date=d["congress_date"]
    ),
    "transfer": lambda c, u, d: svc.case_transfer_check(
        case=c, target_unit=d["target_unit"], outside_body=d["outside_body"]
    ),
    "merge": _merge_check,
    "withdraw": lambda c, u, d: svc.case_withdraw_check(case=c, **d),
    "decide": lambda c, u, d: (
        dialogue_check_before_decision(case=c, outcome=d["outcome"], actor=u),
        svc.case_decision_check(case=c, **d),
    ),
    "conclude": lambda c, u, d: svc.case_decision_check(case=c, **d),
    "terminate": lambda c, u, d: svc.case_terminate_check(case=c, **d),
    "conclusion_measure": lambda c, u, d: svc.case_conclusion_measure_check(case=c, **d),
    "expertise_request": lambda c, u, d: svc.case_expertise_request_check(case=c, **d),
    "expertise_conclusion": lambda c, u, d: svc.case_expertise_conclusion_check(case=c, **d),
}


def _confirmation_summary(form: djforms.Form) -> list[tuple[str, str]]:
    """What the user is about to confirm, as labels and the values they chose (never raw codes)."""
    rows = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if value in (None, "", [], False):
            continue
        if isinstance(field, djforms.MultipleChoiceField):
            labels = dict(field.choices)
            value = "; ".join(str(labels.get(v, v)) for v in value)
        elif isinstance(field, djforms.ChoiceField) and not isinstance(field, djforms.ModelChoiceField):
            value = dict(field.choices).get(value, value)
        elif value is True:
            value = _("Có")
        elif hasattr(value, "strftime"):
            value = value.strftime("%d/%m/%Y")
        rows.append((str(field.label), str(value)))
    return rows


# The steps a rule of the law withholds, with why (the same rule `case_actions` reads).
STEP_REFUSALS: dict[str, Callable[[Case], str]] = {"conclude": svc.conclude_refusal, "close": svc.close_refusal}


def _confirmation_refusal(request: HttpRequest, case: Case, action: str, form: djforms.Form) -> bool:
    """True when the unconfirmed form may be confirmed; otherwise its errors are on the form."""
    version = _version(request)
    if version is not None and version != case.version:
        form.add_error(None, ConcurrentChange().message)
        return False
    if action not in case_actions(user=request.user, case=case):
        # A decision withheld for want of the dialogue the law requires says so, as the service does.
        # So do a conclusion and a closing withheld while the notice to the person denounced is owed.
        if action == "decide":
            refusal = dialogue_decision_refusal(case, str(request.POST.get("outcome", "")))
        else:
            refusal = STEP_REFUSALS[action](case) if action in STEP_REFUSALS else ""
        form.add_error(None, refusal or _("Thao tác này không còn thực hiện được ở bước hiện tại của hồ sơ."))
        return False
    if not form.is_valid():
        return False
    check = PRECHECKS.get(action)
    if check is not None:
        try:
            check(case, request.user, form.cleaned_data)
        except ApplicationError as exc:
            _apply_errors(form, exc)
            return False
    return True


@login_required
@require_POST
def case_action_view(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    case = case_get_for_user(user=request.user, pk=pk)
    title, _make_form, call, irreversible = action_for(action, ACTIONS)
    form = _action_form(action, case, request.user, request.POST)
    version = _version(request)
    if irreversible and request.POST.get("confirmed") != "1":
        # Irreversible: validate first, then ask; nothing is written until the user confirms.
        if _confirmation_refusal(request, case, action, form):
            carried = [(k, v) for k, values in request.POST.lists() for v in values if k != "csrfmiddlewaretoken"]
            return render(
                request,
                "cases/confirm.html",
                {
                    "case": case,
                    "action": action,
                    "title": title,
                    "summary": _confirmation_summary(form),
                    "carried": carried,
                },
            )
        done = False
    else:
        done = form_submit(
            request,
            form,
            lambda d: call(case, request.user, d, version),
            success=_("Đã thực hiện: %(action)s.") % {"action": title},
            aliases=FIELD_ALIASES,
        )
    if done:
        if svc.case_typed_texts_masked(case=case, texts=form.cleaned_data.values()):
            messages.info(
                request,
                _(
                    "Nội dung vừa ghi có thông tin về người tố cáo: hồ sơ lưu nội dung đã che ([đã che]), "
                    "như mọi người đọc hồ sơ thấy."
                ),
            )
        return redirect("cases:detail", pk=case.pk)
    case.refresh_from_db()
    with page_reading():
        context = _detail_context(request, case, forms_override={action: form})
        context["failed_action"] = action
        # The step may no longer be offered (state changed, no right): show the reason at the top.
        if action not in {a["name"] for a in context["actions"]}:
            context["action_errors"] = form.non_field_errors()
            message_refused(request, title, "actions")
        else:
            message_refused(request, title, f"action-{action}")
        return render(request, "cases/detail.html", context, status=400)


@login_required
@require_POST
def case_reveal_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_get_for_user(user=request.user, pk=pk)
    form = f.RevealForm(request.POST)
    revealed = None
    status = 200
    if form.is_valid():
        try:
            revealed = svc.case_identity_reveal(case=case, actor=request.user, reason=form.cleaned_data["reason"])
        except ApplicationError as exc:
            _apply_errors(form, exc)
    if revealed is None:
        status = 403 if form.is_bound and not form.errors.get("reason") else 400
    with page_reading():
        response = render(
            request,
            "cases/detail.html",
            _detail_context(request, case, forms_override={"reveal": form}, revealed=revealed),
            status=status,
        )
    # The identity must not linger in a shared browser's cache.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def case_conflict_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_get_for_user(user=request.user, pk=pk)
    form = f.ConflictForm(request.POST)
    if done := form_create(
        request,
        form,
        lambda d: svc.case_conflict_declare(case=case, actor=request.user, note=d["note"]),
        success=_("Đã ghi nhận khai báo xung đột lợi ích."),
        url=lambda _declaration: _case_url(case),
    ):
        return done
    return render(
        request, "cases/detail.html", _detail_context(request, case, forms_override={"conflict": form}), status=400
    )


@login_required
@require_POST
def case_identity_file_view(request: HttpRequest, pk: int, attachment: int) -> HttpResponse:
    """Open an identity-bearing file: a reason is asked on the case page, the opening is audited."""
    case = case_get_for_user(user=request.user, pk=pk)
    try:
        found, data = svc.case_identity_file_open(
            case=case, actor=request.user, attachment_pk=attachment, reason=request.POST.get("reason", "")
        )
    except ValidationFailed as exc:
        message_service_error(request, exc)
        return redirect("cases:detail", pk=case.pk)
    except ApplicationError as exc:
        raise Http404(exc.message) from exc
    response = HttpResponse(data, content_type=found.content_type)
    response["Content-Disposition"] = content_disposition_header(True, found.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_POST
def case_redaction_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The officer who holds the identity adjusts the masks of the working copy."""
    case = case_get_for_user(user=request.user, pk=pk)
    form = f.RedactionForm(request.POST)
    if form.is_valid():
        try:
            svc.case_redaction_save(
                case=case,
                actor=request.user,
                masks=form.cleaned_data["masks"].splitlines(),
                expected_version=_version(request),
            )
        except ConcurrentChange as exc:
            messages.error(request, exc.message)
        except ApplicationError as exc:
            raise Http404(exc.message) from exc
        else:
            messages.success(request, _("Đã lưu bản che thông tin người tố cáo."))
    else:
        messages.error(request, _("Bản che: danh sách đoạn cần che quá dài."))
    return redirect("cases:detail", pk=case.pk)


@login_required
@require_POST
def case_identity_grant_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_get_for_user(user=request.user, pk=pk)
    form = f.IdentityGrantForm(case, request.POST)
    if form.is_valid():
        try:
            svc.case_identity_grant(
                case=case, actor=request.user, grantee=form.cleaned_data["user"], reason=form.cleaned_data["reason"]
            )
        except ValidationFailed as exc:
            _apply_errors(form, exc)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã cho phép xem danh tính người tố cáo; việc này đã được ghi nhật ký."))
            return redirect("cases:detail", pk=case.pk)
    context = _detail_context(request, case, forms_override={"identity_grant": form})
    return render(request, "cases/detail.html", context, status=400)


@login_required
@require_POST
def case_second_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_get_for_user(user=request.user, pk=pk)
    form = f.SecondComplaintForm(request.POST)
    done = form_create(
        request,
        form,
        lambda d: svc.case_complaint_second(
            first=case,
            actor=request.user,
            received_on=d["received_on"],
            content=d["content"],
            same_representative=d["same_representative"],
        ),
        success=lambda second: _("Đã tiếp nhận khiếu nại lần hai, số hồ sơ %(ref)s.") % {"ref": second.reference},
        url=_case_url,
        aliases=FIELD_ALIASES,
    )
    if done:
        return done
    return render(
        request, "cases/detail.html", _detail_context(request, case, forms_override={"second": form}), status=400
    )


@login_required
@require_POST
def case_attach_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_get_for_user(user=request.user, pk=pk)
    if not svc.case_may_attach(user=request.user, case=case):
        raise Http404
    if request.FILES.get("file") is None:
        messages.error(request, _("Tệp đính kèm: phải chọn một tệp."))
        return redirect("cases:detail", pk=case.pk)
    form = f.AttachForm(request.POST, request.FILES)
    if done := form_create(
        request,
        form,
        lambda d: svc.case_attachment_add(
            case=case, actor=request.user, file=d["file"], kind=d["kind"], identifying=d["identifying"]
        ),
        success=_("Đã lưu tệp đính kèm."),
        url=lambda _attachment: _case_url(case),
    ):
        return done
    messages.error(request, _("Tệp đính kèm: %(error)s") % {"error": form_errors_text(form)})
    return redirect("cases:detail", pk=case.pk)


# ---- public pages ------------------------------------------------------------------


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "cases/public_throttled.html", {"message": THROTTLED}, status=429)


def public_submit_view(request: HttpRequest) -> HttpResponse:
    """The letter sent without an account, once per rendering of the form (casework.web.form_tokens):
    a resend of the same form (double click, retry, back and resend) shows the receipt again, with the
    same code (derived from the token, as only the code's hash is kept), and creates nothing."""
    form = f.PublicSubmitForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not throttle_allow(request, "public_submit"):
            return _too_many(request)
        secret = form_tokens.token_secret(request=request, form=form)
        code = receipt_code_from(secret) if secret else None
        sent, page = form_create_once(
            request,
            form,
            lambda d: svc.case_public_submit(
                kind=d["kind"],
                unit=d["unit"],
                title=d["title"],
                content=d["content"],
                full_name=d["full_name"],
                phone=d["phone"],
                email=d["email"],
                address=d["address"],
                subject_unit=d["subject_unit"],
                subject_person=d["subject_person"],
                evidence=d["evidence"],
                attachments=d["evidence_files"],
                code=code,
            ),
            # The citizen's own page of the letter is the status lookup: a repeat without its code goes there.
            url=lambda _sent: reverse("cases:public_status"),
            aliases=FIELD_ALIASES,
        )
        if sent is not None:
            case, code = sent
            return _public_receipt(request, case=case, code=code)
        if page:
            case = case_by_receipt_code(code=code) if code else None
            if case is None:
                return already_saved(request, page)
            messages.info(request, ALREADY_SENT)
            return _public_receipt(request, case=case, code=code or "")
    return render(request, "cases/public_submit.html", {"form": form}, status=400 if form.errors else 200)


ALREADY_SENT = _("Đơn này đã được gửi trước đó và chỉ được tiếp nhận một lần; dưới đây là phiếu tiếp nhận của đơn.")


def _public_receipt(request: HttpRequest, *, case: Case, code: str) -> HttpResponse:
    """The receipt of a letter sent on the public form: its code is shown here and nowhere else."""
    response = render(
        request,
        "cases/public_done.html",
        {
            "code": code,
            "case": case,
            "emailed": bool(request.POST.get("email", "").strip()),
            "files": len([u for u in request.FILES.getlist("evidence_files") if u]),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


def _public_status_page(
    request: HttpRequest, *, form: Any, result: dict | None, not_found: bool, evidence_form: Any, status: int = 200
) -> HttpResponse:
    response = render(
        request,
        "cases/public_status.html",
        {
            "form": form,
            "result": result,
            "not_found": not_found,
            "evidence_form": evidence_form,
            "files_max": svc.PUBLIC_FILES_MAX,
        },
        status=status,
    )
    response["Cache-Control"] = "no-store"
    return response


def public_status_view(request: HttpRequest) -> HttpResponse:
    form = f.StatusLookupForm(request.POST or None)
    result = None
    not_found = False
    if request.method == "POST":
        if not throttle_allow(request, "public_status"):
            return _too_many(request)
        if form.is_valid():
            result = case_status_by_code(code=form.cleaned_data["code"])
            not_found = result is None
    evidence_form = f.PublicEvidenceForm(initial={"code": form.cleaned_data["code"]}) if result else None
    return _public_status_page(request, form=form, result=result, not_found=not_found, evidence_form=evidence_form)


EVIDENCE_ALREADY_SENT = _("Các tệp này đã được gửi trước đó và chỉ được nhận một lần.")


@require_POST
def public_evidence_view(request: HttpRequest) -> HttpResponse:
    """A citizen adds evidence to their letter with its receipt code; throttled like the public form, and
    once per rendering of the form (casework.web.form_tokens): a resend of the same form (double click,
    retry, back and resend) stores nothing and shows the letter's status again, with the files counted once."""
    if not throttle_allow(request, "public_evidence"):
        return _too_many(request)
    evidence_form = f.PublicEvidenceForm(request.POST, request.FILES)
    lookup = f.StatusLookupForm(initial={"code": request.POST.get("code", "")})
    added, page = form_create_once(
        request,
        evidence_form,
        lambda d: svc.case_public_evidence_add(code=d["code"], uploads=d["evidence_files"]),
        # The page of the status lookup, which asks for the code: the code never goes into a stored address.
        url=lambda _case: reverse("cases:public_status"),
        aliases=FIELD_ALIASES,
    )
    if added is None and not page:
        # An unknown code and a refused file both come back on the form; the letter is not shown.
        return _public_status_page(
            request, form=lookup, result=None, not_found=False, evidence_form=evidence_form, status=400
        )
    code = evidence_form.cleaned_data["code"] if added is not None else request.POST.get("code", "")
    result = case_status_by_code(code=code)
    if added is not None:
        n = len(evidence_form.cleaned_data["evidence_files"])
        messages.success(request, _("Đã nhận %(n)s tệp bổ sung cho đơn của bạn.") % {"n": n})
    elif result is None:  # a resend whose code finds no letter: the blank lookup, as for any repeat
        return already_saved(request, page)
    else:
        messages.info(request, EVIDENCE_ALREADY_SENT)
    return _public_status_page(
        request,
        form=lookup,
        result=result,
        not_found=False,
        evidence_form=f.PublicEvidenceForm(initial={"code": code}),
    )
