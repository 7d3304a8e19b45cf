"""Inspection pages: thin views over selectors (reads, scoped: 404 outside scope) and services (writes)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from casework.areas.forms import SubjectAreaChangeForm
from casework.audit.selectors import audit_timeline_for
from casework.cases.forms import DisciplineBallotForm, DisciplineProposeForm
from casework.cases.models import DISCIPLINE_SCALES, DisciplineSubject
from casework.cases.services.publicity import disciplines_publication_shown
from casework.files.selectors import attachments_for
from casework.inspections import actions, selectors, services
from casework.inspections import forms as f
from casework.inspections.filters import (
    FlagFilterForm,
    InspectionFilterForm,
    PlanFilterForm,
    RecommendationFilterForm,
)
from casework.inspections.models import ConflictDeclaration, Flag, Inspection, InspectionPlan
from casework.inspections.roles import INSPECTION_STAFF
from casework.inspections.services.flags import FLAG_RAISERS
from casework.inspections.services.teams import team_candidates
from casework.inspections.sources import flag_source_shown
from casework.org.models import Role, Unit
from casework.org.selectors import units_visible_to
from casework.web.actions import (
    action_for,
    form_create,
    form_repeat_redirected,
    form_submit,
    message_refused,
    message_service_error,
)
from casework.web.form_ids import action_forms_titled, form_own_ids
from casework.web.paging import paginate
from casework.web.params import id_param
from core import clock
from core.errors import ApplicationError, OutOfScope
from workflows.deadline_status import with_deadline_status
from workflows.list_order import list_order
from workflows.selectors import escalation_ids_readable


def _timeline(user, target) -> Any:
    """The audit events of `target` the user may read (none rather than a 404: the page itself is in scope)."""
    try:
        return audit_timeline_for(user=user, target=target)
    except OutOfScope:
        return []


# ---- flags -------------------------------------------------------------------------------------


@login_required
def flag_list(request: HttpRequest) -> HttpResponse:
    form = FlagFilterForm(request.GET or None, units=units_visible_to(user=request.user, roles=selectors.READERS))
    now = clock.now()
    flags, order = list_order(
        selectors.flag_list(user=request.user, filters=form.filters()),
        sort=request.GET.get("sort"),
        columns=selectors.FLAG_SORTS,
        then=("-raised_at",),
        now=now,
    )
    page, query = paginate(request, flags, 50)
    page.object_list = with_deadline_status(page.object_list, now)
    can_raise = units_visible_to(user=request.user, roles=FLAG_RAISERS).exists()
    return render(
        request,
        "inspections/flag_list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "can_raise": can_raise,
            "sort": order,
            "sort_columns": selectors.FLAG_SORTS,
        },
    )


@login_required
def flag_raise(request: HttpRequest) -> HttpResponse:
    units = units_visible_to(user=request.user, roles=FLAG_RAISERS)
    if not units.exists():
        raise Http404
    form = f.FlagRaiseForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and (
        done := form_create(
            request,
            form,
            lambda d: services.flag_raise(
                unit=d["unit"],
                category=d["category"],
                severity=d["severity"],
                evidence=d["evidence"],
                source=d["source"],
                person=d["person"],
                uploads=d["files"],
                actor=request.user,
                subject_area=d["subject_area"],
            ),
            success=_("Đã ghi nhận dấu hiệu vi phạm."),
            url=lambda flag: reverse("inspections:flag_detail", args=[flag.pk]),
        )
    ):
        return done
    return render(request, "inspections/form.html", {"form": form, "title": _("Ghi nhận dấu hiệu vi phạm")})


FLAG_ACTION_TITLES = {
    "discipline_propose": gettext_lazy("Đề nghị kỷ luật"),
    "discipline_ballot": gettext_lazy("Ghi kết quả bỏ phiếu kín kỷ luật (ký thay mặt cơ quan)"),
}


def _flag_forms(flag: Flag, allowed: list[str], data: Any = None) -> dict[str, forms.Form]:
    """The forms of the flag's discipline actions (the same forms as a case's, and the same rules)."""
    builders: dict[str, Callable[[], forms.Form]] = {
        "discipline_propose": lambda: DisciplineProposeForm(data, initial={"subject_name": flag.person}),
        "discipline_ballot": lambda: _ballot_form(flag.disciplines.filter(status="proposed").first(), data),
    }
    return {name: builders[name]() for name in allowed if name in builders}


def _render_flag(
    request: HttpRequest,
    flag: Flag,
    bound: tuple[str, forms.Form] | None = None,
    area_form: forms.Form | None = None,
) -> HttpResponse:
    allowed = actions.flag_actions(user=request.user, flag=flag)
    escalations = list(selectors.escalations_of(target=flag))
    disciplines = list(flag.disciplines.select_related("signed_by", "unit"))
    action_forms = _flag_forms(flag, allowed)
    if bound is not None:
        action_forms[bound[0]] = bound[1]
        message_refused(request, FLAG_ACTION_TITLES[bound[0]], f"action-{bound[0]}")
    area_shown = area_form
    if area_shown is None and "subject_area" in allowed:
        area_shown = SubjectAreaChangeForm(
            initial={"subject_area": flag.subject_area.code} if flag.subject_area else None
        )
    return render(
        request,
        "inspections/flag_detail.html",
        {
            "flag": flag,
            "source": flag_source_shown(user=request.user, flag=flag),
            "inspection_readable": flag.inspection_id
            in selectors.inspection_ids_readable(user=request.user, ids=[flag.inspection_id]),
            "bucket": selectors.BUCKET_LABELS[selectors.flag_bucket(flag=flag)],
            "ending": selectors.flag_endings([flag], reader=request.user).get(flag.pk),
            "deadlines": selectors.deadlines_of(target=flag),
            "escalations": escalations,
            "readable_escalations": escalation_ids_readable(user=request.user, ids=[e.pk for e in escalations]),
            "documents": attachments_for(target=flag),
            "events": _timeline(request.user, flag),
            "actions": allowed,
            "disciplines": disciplines,
            "discipline_publications": disciplines_publication_shown(disciplines, reader=request.user),
            "action_forms": action_forms_titled(action_forms, FLAG_ACTION_TITLES),
            "area_form": form_own_ids(area_shown, "subject_area") if area_shown is not None else None,
        },
        status=400 if bound or area_form is not None else 200,  # area_form comes back only when refused
    )


@login_required
def flag_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_flag(request, selectors.flag_get(user=request.user, pk=pk))


@login_required
@require_POST
@form_repeat_redirected
def flag_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    flag = selectors.flag_get(user=request.user, pk=pk)
    user = request.user
    calls: dict[str, Callable[[dict], Any]] = {
        "discipline_propose": lambda d: services.flag_discipline_propose(
            flag=flag, actor=user, **DisciplineProposeForm.service_kwargs(d)
        ),
        "discipline_ballot": lambda d: services.flag_discipline_ballot_record(
            flag=flag, actor=user, **DisciplineBallotForm.service_kwargs(d)
        ),
    }
    call = action_for(action, calls, offered=actions.flag_actions(user=user, flag=flag))
    form = _flag_forms(flag, [action], request.POST)[action]
    if done := form_create(
        request,
        form,
        call,
        success=_("Đã thực hiện: %(action)s.") % {"action": FLAG_ACTION_TITLES[action]},
        url=lambda _done: reverse("inspections:flag_detail", args=[pk]),
    ):
        return done
    flag.refresh_from_db()
    return _render_flag(request, flag, bound=(action, form))


@login_required
@require_POST
def flag_subject_area(request: HttpRequest, pk: int) -> HttpResponse:
    """Đổi lĩnh vực of an open flag (the service checks who may, and audits it)."""
    flag = selectors.flag_get(user=request.user, pk=pk)
    form = SubjectAreaChangeForm(request.POST)

    def call(d: dict) -> None:
        services.flag_subject_area_set(
            flag=flag, actor=request.user, subject_area=d["subject_area"], reason=d["reason"]
        )

    if form_submit(request, form, call, success=_("Đã đổi lĩnh vực.")):
        return redirect("inspections:flag_detail", pk=flag.pk)
    return _render_flag(request, flag, area_form=form)


# ---- inspections --------------------------------------------------------------------------------


@login_required
def inspection_list(request: HttpRequest) -> HttpResponse:
    form = InspectionFilterForm(request.GET or None, units=units_visible_to(user=request.user, roles=selectors.READERS))
    now = clock.now()
    qs, order = list_order(
        selectors.inspection_list(user=request.user, filters=form.filters()),
        sort=request.GET.get("sort"),
        columns=selectors.INSPECTION_SORTS,
        then=("-created_at",),
        now=now,
    )
    page, query = paginate(request, qs, 50)
    page.object_list = with_deadline_status(page.object_list, now)
    return render(
        request,
        "inspections/inspection_list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "can_open": selectors.committee_units(user=request.user).exists(),
            "sort": order,
            "sort_columns": selectors.INSPECTION_SORTS,
        },
    )


@login_required
def inspection_open(request: HttpRequest) -> HttpResponse:
    units = selectors.committee_units(user=request.user)
    if not units.exists():
        raise Http404
    flags = selectors.flag_list(user=request.user, status=Flag.Status.RAISED)
    # One committee: preselect it, so opening an ad hoc inspection from a flag is one click.
    initial: dict = {"unit": units.first().pk} if units.count() == 1 else {}
    if (flag_id := id_param(request.GET, "flag")) is not None:
        flag = selectors.flag_get(user=request.user, pk=flag_id)
        initial.update({"flags": [flag.pk], "subject_unit": flag.unit_id})
    form = f.InspectionOpenForm(
        request.POST or None,
        initial=initial,
        units=units,
        subject_units=units_visible_to(user=request.user, roles=INSPECTION_STAFF),
        flags=flags,
    )
    if request.method == "POST" and (
        done := form_create(
            request,
            form,
            lambda d: services.inspection_open(
                unit=d["unit"],
                subject_unit=d["subject_unit"],
                title=d["title"],
                topics=d["topics"],
                flags=list(d["flags"]),
                complex=d["complex"],
                actor=request.user,
            ),
            success=_("Đã mở cuộc kiểm tra."),
            url=lambda inspection: reverse("inspections:inspection_detail", args=[inspection.pk]),
        )
    ):
        return done
    return render(request, "inspections/form.html", {"form": form, "title": _("Mở cuộc kiểm tra đột xuất")})


def _inspection_forms(request: HttpRequest, inspection: Inspection, allowed: list[str]) -> dict[str, forms.Form]:
    builders: dict[str, Callable[[], forms.Form]] = {
        "add_flags": lambda: f.AddFlagsForm(
            flags=selectors.flags_open_for_unit(user=request.user, unit=inspection.subject_unit)
        ),
        "team": lambda: f.TeamForm(
            candidates=team_candidates(unit=inspection.unit),
            initial={
                "members": [m.user_id for m in inspection.team.all()],
                "lead": next((m.user_id for m in inspection.team.all() if m.role == "lead"), None),
            },
        ),
        "decide": lambda: f.DecideForm(),
        "notify": lambda: f.NoticeForm(),
        "acknowledge": lambda: f.AcknowledgeForm(),
        "deliver_notice": lambda: f.DeliveryForm(),
        "documents": lambda: f.FilesForm(),
        "finding": lambda: f.FindingForm(topics=selectors.inspection_finding_topics(inspection=inspection)),
        "report_draft": lambda: f.ReportDraftForm(),
        "explain": lambda: f.ExplainForm(),
        "explain_paper": lambda: f.PaperExplanationForm(),
        "conclude": lambda: f.ConcludeForm(inspection=inspection),
        "conclusion_notify": lambda: f.ConfirmForm(),
        "recommend": lambda: f.RecommendationForm(
            units=Unit.objects.filter(path__startswith=inspection.unit.path),
            initial={"owner_unit": inspection.subject_unit_id},
        ),
        "discipline": lambda: f.DisciplineForm(),
        "discipline_ballot": lambda: _ballot_form(inspection.disciplines.filter(status="proposed").first()),
    }
    return {name: builders[name]() for name in allowed if name in builders}


def _ballot_form(pending: Any, data: Any = None) -> forms.Form:
    """The secret-ballot form (the case's), with a vote field for each form of the subject's scale, and
    the confirmation an irreversible step asks for on these pages (a case's asks on a page of its own):
    the ballot is signed for the body, and a form adopted is issued with the register's next number."""
    scale = [str(x) for x in DISCIPLINE_SCALES[DisciplineSubject(pending.subject_kind)]] if pending else None
    form = DisciplineBallotForm(data, scale=scale)
    form.fields["confirm"] = f.ConfirmField(
        _("Tôi xác nhận ghi kết quả bỏ phiếu kín và ký thay mặt cơ quan (không thể hoàn tác)")
    )
    return form


ACTION_TITLES = {
    "add_flags": gettext_lazy("Gộp thêm dấu hiệu vi phạm"),
    "team": gettext_lazy("Lập đoàn kiểm tra"),
    "decide": gettext_lazy("Ký quyết định kiểm tra"),
    "notify": gettext_lazy("Gửi thông báo kiểm tra"),
    "acknowledge": gettext_lazy("Xác nhận thông báo, nộp tài liệu"),
    "deliver_notice": gettext_lazy("Ghi nhận đã giao thông báo (đơn vị chưa có tài khoản)"),
    "documents": gettext_lazy("Nộp thêm tài liệu"),
    "finding": gettext_lazy("Ghi nhận kết quả kiểm tra"),
    "report_draft": gettext_lazy("Lập dự thảo báo cáo"),
    "explain": gettext_lazy("Giải trình"),
    "explain_paper": gettext_lazy("Ghi nhận giải trình bằng văn bản (đơn vị chưa có tài khoản)"),
    "conclude": gettext_lazy("Duyệt kết luận"),
    "conclusion_notify": gettext_lazy("Thông báo kết luận"),
    "recommend": gettext_lazy("Thêm kiến nghị"),
    "discipline": gettext_lazy("Đề nghị kỷ luật"),
    "discipline_ballot": gettext_lazy("Ghi kết quả bỏ phiếu kín kỷ luật (ký thay mặt cơ quan)"),
}


def _render_inspection(
    request: HttpRequest, inspection: Inspection, bound: tuple[str, forms.Form] | None = None
) -> HttpResponse:
    allowed = actions.inspection_actions(user=request.user, inspection=inspection)
    action_forms = _inspection_forms(request, inspection, allowed)
    proposals = list(inspection.discipline_proposals.all())
    flags = list(inspection.flags.select_related("unit"))
    disciplines = list(inspection.disciplines.select_related("signed_by", "unit"))
    if bound is not None:
        action_forms[bound[0]] = bound[1]
        message_refused(request, ACTION_TITLES[bound[0]], f"action-{bound[0]}")
    context = {
        "inspection": inspection,
        "allowed": allowed,
        "action_forms": action_forms_titled(action_forms, ACTION_TITLES),
        "flags": flags,
        "readable_flags": selectors.flag_ids_readable(user=request.user, ids=[flag.pk for flag in flags]),
        "team": inspection.team.select_related("user"),
        "checklist": inspection.checklist.all(),
        "findings": inspection.findings.all(),
        "recommendations": inspection.recommendations.select_related("owner_unit"),
        "proposals": proposals,
        "readable_escalations": escalation_ids_readable(
            user=request.user, ids=[p.escalation_id for p in proposals if p.escalation_id]
        ),
        "disciplines": disciplines,
        "discipline_publications": disciplines_publication_shown(disciplines, reader=request.user),
        "deadlines": selectors.deadlines_of(target=inspection),
        "documents": attachments_for(target=inspection),
        "events": _timeline(request.user, inspection),
        "steps": Inspection.Status.choices,
    }
    return render(request, "inspections/inspection_detail.html", context, status=400 if bound else 200)


@login_required
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_inspection(request, selectors.inspection_get(user=request.user, pk=pk))


@login_required
@require_POST
@form_repeat_redirected
def inspection_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    inspection = selectors.inspection_get(user=request.user, pk=pk)
    allowed = actions.inspection_actions(user=request.user, inspection=inspection)
    user, files = request.user, request.FILES

    calls: dict[str, Callable[[dict], Any]] = {
        "check": lambda d: services.inspection_check(
            inspection=inspection, item=d["item"], actor=user, done=d["done"], note=d["note"]
        ),
        "add_flags": lambda d: services.inspection_flags_add(inspection=inspection, flags=list(d["flags"]), actor=user),
        "team": lambda d: services.inspection_team_set(
            inspection=inspection, members=list(d["members"]), lead=d["lead"], actor=user
        ),
        "decide": lambda d: services.inspection_decide(inspection=inspection, actor=user),
        "notify": lambda d: services.inspection_notify(inspection=inspection, text=d["text"], actor=user),
        "acknowledge": lambda d: services.inspection_acknowledge(inspection=inspection, actor=user, uploads=d["files"]),
        "deliver_notice": lambda d: services.inspection_notice_delivered(
            inspection=inspection, actor=user, delivered_on=d["delivered_on"], means=d["means"], uploads=d["files"]
        ),
        "documents": lambda d: services.inspection_documents_add(inspection=inspection, actor=user, uploads=d["files"]),
        "finding": lambda d: services.finding_add(
            inspection=inspection,
            topic=d["topic"],
            description=d["description"],
            evidence=d["evidence"],
            amount=d["amount"],
            uploads=d["files"],
            actor=user,
        ),
        "report_draft": lambda d: services.inspection_report_draft(
            inspection=inspection, text=d["text"], outcome=d["outcome"], actor=user
        ),
        "explain": lambda d: services.inspection_explain(
            inspection=inspection, text=d["text"], uploads=d["files"], actor=user
        ),
        "explain_paper": lambda d: services.inspection_explain(
            inspection=inspection,
            text=d["text"],
            uploads=d["files"],
            actor=user,
            received_on_paper=True,
            received_on=d["received_on"],
            paper_reference=d["paper_reference"],
        ),
        "conclude": lambda d: services.inspection_conclude(
            inspection=inspection,
            outcome=d["outcome"],
            text=d["text"],
            deviation_reason=d["deviation_reason"],
            actor=user,
        ),
        "conclusion_notify": lambda d: services.inspection_conclusion_notify(inspection=inspection, actor=user),
        "recommend": lambda d: services.recommendation_add(
            inspection=inspection, text=d["text"], owner_unit=d["owner_unit"], due_on=d["due_on"], actor=user
        ),
        "discipline": lambda d: services.discipline_propose(
            inspection=inspection,
            person=d["person"],
            proposal=d["proposal"],
            reason=d["reason"],
            subject_kind=d["subject_kind"],
            actor=user,
        ),
        "discipline_ballot": lambda d: services.inspection_discipline_ballot_record(
            inspection=inspection, actor=user, **DisciplineBallotForm.service_kwargs(d)
        ),
    }
    call = action_for(action, calls, offered=allowed)
    if action == "check":  # a row of the checklist, ticked on the page itself
        form: forms.Form = f.ChecklistForm(request.POST)
        if not form_submit(request, form, call, success=_("Đã cập nhật danh mục kiểm tra.")):
            messages.error(request, "; ".join(e for errs in form.errors.values() for e in errs))
        return redirect("inspections:inspection_detail", pk=pk)
    form = _inspection_forms(request, inspection, [action])[action]
    if action == "discipline_ballot":
        form = _ballot_form(inspection.disciplines.filter(status="proposed").first(), request.POST)
    else:
        kwargs = _form_kwargs(form)
        if action == "conclude":
            kwargs["inspection"] = inspection
        if action == "finding":
            kwargs["topics"] = selectors.inspection_finding_topics(inspection=inspection)
        form = form.__class__(request.POST, files, **kwargs)
    if done := form_create(
        request,
        form,
        call,
        success=_("Đã thực hiện: %(action)s.") % {"action": ACTION_TITLES[action]},
        url=lambda _done: reverse("inspections:inspection_detail", args=[pk]),
    ):
        return done
    inspection.refresh_from_db()
    return _render_inspection(request, inspection, bound=(action, form))


def _form_kwargs(form: forms.Form) -> dict:
    """Rebuild a form bound to the POST with the same querysets it was built with."""
    kwargs: dict = {}
    for name, field in form.fields.items():
        if isinstance(field, forms.ModelChoiceField):
            key = {
                "flags": "flags",
                "lead": "candidates",
                "members": "candidates",
                "owner_unit": "units",
            }.get(name)
            if key:
                kwargs[key] = field.queryset
    return kwargs


# ---- plans -------------------------------------------------------------------------------------


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    form = PlanFilterForm(request.GET or None, units=units_visible_to(user=request.user, roles=selectors.READERS))
    page, query = paginate(request, selectors.plan_list(user=request.user, filters=form.filters()), 50)
    return render(
        request,
        "inspections/plan_list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "can_create": selectors.committee_units(user=request.user).exists(),
        },
    )


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    units = selectors.committee_units(user=request.user)
    if not units.exists():
        raise Http404
    form = f.PlanCreateForm(request.POST or None, units=units)
    if request.method == "POST" and (
        done := form_create(
            request,
            form,
            lambda d: services.plan_create(
                unit=d["unit"],
                period=d["period"],
                year=d["year"],
                quarter=d["quarter"] or None,
                title=d["title"],
                actor=request.user,
            ),
            success=_("Đã tạo kế hoạch."),
            url=lambda plan: reverse("inspections:plan_detail", args=[plan.pk]),
        )
    ):
        return done
    return render(request, "inspections/form.html", {"form": form, "title": _("Lập kế hoạch kiểm tra")})


def _plan_forms(plan: InspectionPlan, allowed: list[str]) -> dict[str, forms.Form]:
    builders = {
        "item": lambda: f.PlanItemForm(
            units=Unit.objects.filter(path__startswith=plan.unit.path),
            leads=team_candidates(unit=plan.unit),
        ),
        "submit": lambda: f.ConfirmForm(),
        "approve": lambda: f.ConfirmForm(),
        "return": lambda: f.PlanReturnForm(),
        "activate": lambda: f.ConfirmForm(),
        "close": lambda: f.PlanCloseForm(),
    }
    return {name: builders[name]() for name in allowed if name in builders}


PLAN_ACTION_TITLES = {
    "item": gettext_lazy("Thêm nội dung kế hoạch"),
    "submit": gettext_lazy("Trình phê duyệt"),
    "approve": gettext_lazy("Phê duyệt kế hoạch"),
    "return": gettext_lazy("Trả lại để sửa"),
    "activate": gettext_lazy("Triển khai thực hiện"),
    "close": gettext_lazy("Tổng kết kế hoạch"),
}


def _render_plan(
    request: HttpRequest, plan: InspectionPlan, bound: tuple[str, forms.Form] | None = None
) -> HttpResponse:
    allowed = actions.plan_actions(user=request.user, plan=plan)
    plan_forms = _plan_forms(plan, allowed)
    if bound:
        plan_forms[bound[0]] = bound[1]
        message_refused(request, PLAN_ACTION_TITLES[bound[0]], f"action-{bound[0]}")
    return render(
        request,
        "inspections/plan_detail.html",
        {
            "plan": plan,
            "allowed": allowed,
            "items": selectors.plan_items_with_progress(plan=plan),
            "progress": selectors.plan_progress(plan=plan),
            # While submitted: whose approval it waits on (the body of the unit whose leaders approve it).
            "approval_awaited": selectors.plan_approval_awaited(plan=plan),
            "action_forms": action_forms_titled(plan_forms, PLAN_ACTION_TITLES),
            "events": _timeline(request.user, plan),
        },
        status=400 if bound else 200,
    )


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_plan(request, selectors.plan_get(user=request.user, pk=pk))


@login_required
@require_POST
@form_repeat_redirected
def plan_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)
    allowed = actions.plan_actions(user=request.user, plan=plan)
    user = request.user
    if action == "open_item" and action in allowed:
        item = plan.items.filter(pk=request.POST.get("item") or 0).first()
        if item is None:
            raise Http404
        try:
            inspection = services.inspection_open(unit=plan.unit, subject_unit=None, plan_item=item, actor=user)
        except ApplicationError as exc:
            message_service_error(request, exc)
            return redirect("inspections:plan_detail", pk=pk)
        messages.success(request, _("Đã mở cuộc kiểm tra theo kế hoạch."))
        return redirect("inspections:inspection_detail", pk=inspection.pk)
    calls: dict[str, Callable[[dict], Any]] = {
        "item": lambda d: services.plan_item_add(
            plan=plan,
            kind=d["kind"],
            subject_unit=d["subject_unit"],
            topics=d["topics"],
            starts_on=d["starts_on"],
            ends_on=d["ends_on"],
            team_lead=d["team_lead"],
            actor=user,
        ),
        "submit": lambda d: services.plan_submit(plan=plan, actor=user),
        "approve": lambda d: services.plan_approve(plan=plan, actor=user),
        "return": lambda d: services.plan_return(plan=plan, actor=user, comments=d["comments"]),
        "activate": lambda d: services.plan_activate(plan=plan, actor=user),
        "close": lambda d: services.plan_close(plan=plan, actor=user, summary=d["summary"]),
    }
    call = action_for(action, calls, offered=allowed)
    template = _plan_forms(plan, [action])[action]
    kwargs = {}
    if action == "item":
        kwargs = {"units": template.fields["subject_unit"].queryset, "leads": template.fields["team_lead"].queryset}
    form = template.__class__(request.POST, **kwargs)
    if done := form_create(
        request,
        form,
        call,
        success=_("Đã thực hiện: %(action)s.") % {"action": PLAN_ACTION_TITLES[action]},
        url=lambda _done: reverse("inspections:plan_detail", args=[pk]),
    ):
        return done
    plan.refresh_from_db()
    return _render_plan(request, plan, bound=(action, form))


# ---- recommendations and follow-ups --------------------------------------------------------------


@login_required
def recommendation_list(request: HttpRequest) -> HttpResponse:
    units = units_visible_to(user=request.user, roles=[*selectors.READERS, Role.SUBJECT_REP])
    form = RecommendationFilterForm(request.GET or None, units=units)
    now = clock.now()
    recs, order = list_order(
        selectors.recommendation_list(user=request.user, filters=form.filters()),
        sort=request.GET.get("sort"),
        columns=selectors.RECOMMENDATION_SORTS,
        then=("due_on",),
        now=now,
    )
    page, query = paginate(request, recs, 50)
    page.object_list = selectors.recommendations_with_source(
        recommendations=with_deadline_status(page.object_list, now), user=request.user
    )
    context = {
        "form": form,
        "page": page,
        "query": query,
        "sort": order,
        "sort_columns": selectors.RECOMMENDATION_SORTS,
    }
    return render(request, "inspections/recommendation_list.html", context)


def _render_recommendation(request: HttpRequest, rec: Any, bound: tuple[str, forms.Form] | None = None) -> HttpResponse:
    allowed = actions.recommendation_actions(user=request.user, recommendation=rec)
    rec_forms: dict[str, forms.Form] = {}
    if "report" in allowed:
        rec_forms["report"] = f.FollowupReportForm()
    if "report_paper" in allowed:
        rec_forms["report_paper"] = f.PaperReportForm()
    if "verify" in allowed:
        rec_forms["verify"] = f.VerifyForm(return_due_on=selectors.recommendation_return_due_on(recommendation=rec))
    titles = {
        "report": _("Báo cáo thực hiện kiến nghị"),
        "report_paper": _("Ghi nhận báo cáo thực hiện bằng văn bản của đơn vị"),
        "verify": _("Xác minh báo cáo"),
    }
    if bound:
        rec_forms[bound[0]] = bound[1]
        message_refused(request, titles[bound[0]], f"action-{bound[0]}")
    reports = list(rec.reports.select_related("reported_by", "recorded_by", "verified_by"))
    for report in reports:
        report.files = attachments_for(target=report)
    return render(
        request,
        "inspections/recommendation_detail.html",
        {
            "rec": rec,
            "source": selectors.recommendation_source_shown(recommendation=rec, user=request.user),
            "reports": reports,
            "action_forms": action_forms_titled(rec_forms, titles),
            "deadlines": selectors.deadlines_of(target=rec),
            "events": _timeline(request.user, rec),
        },
        status=400 if bound else 200,
    )


@login_required
def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_recommendation(request, selectors.recommendation_get(user=request.user, pk=pk))


@login_required
@require_POST
@form_repeat_redirected
def recommendation_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    rec = selectors.recommendation_get(user=request.user, pk=pk)
    user = request.user
    forms_and_calls: dict[str, tuple[Callable[[], forms.Form], Callable[[dict], Any]]] = {
        "report": (
            lambda: f.FollowupReportForm(request.POST, request.FILES),
            lambda d: services.followup_report(recommendation=rec, text=d["text"], uploads=d["files"], actor=user),
        ),
        "report_paper": (
            lambda: f.PaperReportForm(request.POST, request.FILES),
            lambda d: services.followup_report_paper(
                recommendation=rec,
                actor=user,
                received_on=d["received_on"],
                means=d["means"],
                text=d["text"],
                uploads=d["files"],
            ),
        ),
        "verify": (
            lambda: f.VerifyForm(
                request.POST, return_due_on=selectors.recommendation_return_due_on(recommendation=rec)
            ),
            lambda d: services.recommendation_verify(
                recommendation=rec, verdict=d["verdict"], reason=d["reason"], actor=user
            ),
        ),
    }
    offered = actions.recommendation_actions(user=user, recommendation=rec)
    make_form, call = action_for(action, forms_and_calls, offered=offered)
    form = make_form()
    if done := form_create(
        request,
        form,
        call,
        success=_("Đã ghi nhận."),
        url=lambda _done: reverse("inspections:recommendation_detail", args=[pk]),
    ):
        return done
    rec.refresh_from_db()
    return _render_recommendation(request, rec, bound=(action, form))


@login_required
def conflict_declare(request: HttpRequest) -> HttpResponse:
    """A committee member declares their own conflicts of interest."""
    units = units_visible_to(user=request.user, roles=INSPECTION_STAFF)
    if not units.exists():
        raise Http404
    form = f.ConflictForm(request.POST or None, units=units)
    if request.method == "POST" and (
        done := form_create(
            request,
            form,
            lambda d: services.conflict_declare(
                user=request.user, unit=d["unit"], reason=d["reason"], actor=request.user
            ),
            success=_("Đã ghi nhận kê khai xung đột lợi ích."),
            url=lambda _declaration: reverse("inspections:conflict_declare"),
        )
    ):
        return done
    declared = ConflictDeclaration.objects.filter(user=request.user).select_related("unit")
    return render(
        request,
        "inspections/conflicts.html",
        {"form": form, "declared": declared, "title": _("Kê khai xung đột lợi ích")},
    )


# ---- coverage ----------------------------------------------------------------------------------


def _coverage_query(request: HttpRequest) -> tuple[f.CoverageFilterForm, dict[str, Any]]:
    """The page's filters and drill-down, read the same for the page and its export: units only from
    the reader's scope (404 to who reads none)."""
    units = units_visible_to(user=request.user, roles=selectors.READERS)
    if not units.exists():
        raise Http404
    form = f.CoverageFilterForm(request.GET or None, units=units)
    filters = form.cleaned_data if form.is_valid() else {}
    bucket = request.GET.get("bucket") or None
    drill_unit_id = id_param(request.GET, "drill_unit") if bucket else None
    return form, {
        "unit": filters.get("unit"),
        "date_from": filters.get("date_from"),
        "date_to": filters.get("date_to"),
        "bucket": bucket,
        "drill_unit": units.filter(pk=drill_unit_id).first() if drill_unit_id is not None else None,
    }


@login_required
def coverage(request: HttpRequest) -> HttpResponse:
    form, query = _coverage_query(request)
    bucket = query["bucket"]
    if bucket:
        page = selectors.coverage_page(user=request.user, **query)
        report = page["report"]
        drill = [(flag, page["clocks"][flag.pk], page["endings"].get(flag.pk)) for flag in page["flags"][:500]]
    else:
        report = selectors.coverage_report(
            user=request.user, unit=query["unit"], date_from=query["date_from"], date_to=query["date_to"]
        )
        drill = None
    params = request.GET.copy()
    for key in ("bucket", "drill_unit"):
        params.pop(key, None)
    return render(
        request,
        "inspections/coverage.html",
        {
            "form": form,
            "report": report,
            "buckets": [(b, selectors.BUCKET_LABELS[b]) for b in selectors.BUCKETS],
            "bucket": bucket,
            "bucket_label": selectors.BUCKET_LABELS.get(bucket or "", ""),
            "drill": drill,
            "query": params.urlencode(),
            "export_query": request.GET.urlencode(),
        },
    )


@login_required
def coverage_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The coverage page as a file (xlsx: its figures and its flags with their buckets and clocks; json:
    the figures as the API answers them), for the same filters and scope, audited as every export."""
    from casework.reports.services import coverage_export as build

    if fmt not in ("xlsx", "json"):
        raise Http404
    _form, query = _coverage_query(request)
    file = build(user=request.user, fmt=fmt, **query)
    response = HttpResponse(file.data, content_type=file.content_type)
    response["Content-Disposition"] = content_disposition_header(True, file.name)
    return response
