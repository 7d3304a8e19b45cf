"""Leadership queue pages: thin views over workflows.selectors and workflows.services.escalations."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casework.web.actions import form_add_service_error, form_submit, message_service_error
from casework.web.paging import paginate
from core.errors import ApplicationError, TransitionNotAllowed
from workflows import selectors
from workflows.escalations import target_summary
from workflows.forms import DecisionForm, EscalationFilterForm, EscalationRaiseForm
from workflows.list_order import list_order
from workflows.services.escalations import (
    DECIDED_OR_MOVED_ALREADY,
    OVERTAKEN_ALREADY,
    escalation_decide,
    escalation_decide_check,
    escalation_decider_require,
    escalation_open,
)


@login_required
def escalation_list(request: HttpRequest) -> HttpResponse:
    form = EscalationFilterForm(request.GET or None, units=selectors.escalation_units_for(user=request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    escalations = selectors.escalation_list_pending(
        user=request.user,
        unit=filters.get("unit"),
        kind=filters.get("kind") or None,
        min_age_days=int(filters["age"]) if filters.get("age") else None,
        search=filters.get("q") or None,
        deadline=filters.get("deadline") or None,
    )
    escalations, order = list_order(
        escalations, sort=request.GET.get("sort"), columns=selectors.ESCALATION_SORTS, then=("created_at",)
    )
    page, query = paginate(request, escalations, 50)
    rows = selectors.escalation_rows(escalations=list(page.object_list), user=request.user, awaited=True)
    context = {
        "form": form,
        "page": page,
        "query": query,
        "rows": rows,
        "sort": order,
        "sort_columns": selectors.ESCALATION_SORTS,
    }
    return render(request, "workflows/escalation_list.html", context)


def _audit_timeline_url(target_type: str, target_id: str) -> str:
    try:
        return reverse("audit:timeline", args=[target_type, target_id])
    except NoReverseMatch:
        return ""


def _decision_values(d: dict[str, Any]) -> dict[str, Any]:
    return {
        "decision": d["decision"],
        "reason": d["reason"],
        "new_due_on": d.get("new_due_on"),
        "discipline": d.get("discipline") or None,
        "refer_to": d.get("refer_to") or None,
        "referred_body": d.get("referred_body", ""),
        "expected_version": d["version"],
        "ground": d.get("ground", ""),
        "merged_into": d.get("merged_into", ""),
        "referral_ref": d.get("referral_ref", ""),
    }


def _decision_checked(request: HttpRequest, escalation: Any, form: DecisionForm) -> bool:
    """True when the decision may be confirmed; otherwise its errors are on the form (the service's rules,
    asked without writing: escalation_decide_check)."""
    if not form.is_valid():
        return False
    try:
        escalation_decide_check(escalation=escalation, actor=request.user, **_decision_values(form.cleaned_data))
    except ApplicationError as exc:
        form_add_service_error(form, exc)
        return False
    return True


def _confirmation_rows(form: DecisionForm) -> list[tuple[str, str]]:
    """What the leader is about to confirm: each filled field's label and the value chosen (never a code)."""
    rows = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if name == "version" or value in (None, ""):
            continue
        if isinstance(field, forms.ChoiceField):
            value = dict(cast(list[tuple[Any, Any]], field.choices)).get(value, value)
        elif hasattr(value, "strftime"):
            value = value.strftime("%d/%m/%Y")
        rows.append((str(field.label), str(value)))
    return rows


@login_required
def escalation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    escalation = selectors.escalation_get_for_user(user=request.user, pk=pk)
    can_decide = "decide" in selectors.escalation_actions(user=request.user, escalation=escalation)
    form = DecisionForm(
        request.POST or None,
        initial={"version": escalation.version},
        refused=selectors.escalation_refused_decisions(escalation=escalation, user=request.user),
        return_due_on=selectors.escalation_return_due_on(escalation=escalation),
        grounds=selectors.escalation_grounds(escalation=escalation),
    )
    refused = False
    if request.method == "POST" and not can_decide:
        # Its state first, as the service reads it: decided or moved up since the page was read (a referral
        # to the superior union takes it out of this leader's hands) is a lost race, not a refusal.
        read_at = form["version"].value()
        moved = read_at not in (None, "") and str(read_at) != str(escalation.version)
        if escalation.status != escalation.Status.PENDING or moved:
            if escalation.status == escalation.Status.OVERTAKEN:
                messages.error(request, _(OVERTAKEN_ALREADY))
            elif escalation.status != escalation.Status.PENDING:
                messages.error(request, _("Đề xuất đã được quyết định, vui lòng tải lại trang."))
            else:
                messages.error(request, _(DECIDED_OR_MOVED_ALREADY))
            return redirect("workflows:detail", pk=escalation.pk)
        # Reads it but may not decide it (a chair or an auditor following it, a leader refused every
        # decision): told why, by the rule the service refuses them with (the API answers 409).
        try:
            escalation_decider_require(escalation=escalation, actor=request.user)
        except TransitionNotAllowed as exc:
            messages.error(request, exc.message)
            refused = True
    if request.method == "POST" and not refused:
        if request.POST.get("confirmed") != "1":
            # Irreversible: checked first, then confirmed, as a case's decisions are; nothing is
            # written until the leader confirms, and a refused decision is never asked about.
            if _decision_checked(request, escalation, form):
                carried = [(k, v) for k, values in request.POST.lists() for v in values if k != "csrfmiddlewaretoken"]
                return render(
                    request,
                    "workflows/escalation_confirm.html",
                    {
                        "escalation": escalation,
                        "summary": target_summary(escalation.target_type, escalation.target_id, reader=request.user),
                        "rows": _confirmation_rows(form),
                        "carried": carried,
                    },
                )
        elif form_submit(
            request,
            form,
            lambda d: escalation_decide(escalation=escalation, actor=request.user, **_decision_values(d)),
            success=_("Đã ghi nhận quyết định của lãnh đạo."),
        ):
            return redirect("workflows:list")
    context = {
        "escalation": escalation,
        "summary": target_summary(escalation.target_type, escalation.target_id, reader=request.user),
        "timeline": selectors.escalation_timeline(user=request.user, escalation=escalation),
        "timeline_url": _audit_timeline_url(escalation.target_type, escalation.target_id),
        "decide_deadline": selectors.escalation_decide_deadline(escalation=escalation),
        # While pending: whose decision it waits on (the body of the unit whose leaders decide it).
        "awaited": selectors.escalation_awaited(escalation=escalation, user=request.user),
        "form": form if can_decide else None,
    }
    return render(
        request, "workflows/escalation_detail.html", context, status=403 if refused else 400 if form.errors else 200
    )


@login_required
@require_POST
def escalation_raise(request: HttpRequest) -> HttpResponse:
    """Generic "chuyển lên lãnh đạo" endpoint that domain pages post their button to."""
    form = EscalationRaiseForm(request.POST)
    if not form.is_valid():
        raise Http404
    data = form.cleaned_data
    summary = target_summary(data["target_type"], data["target_id"])
    unit = summary.get("unit")
    if unit is None:
        raise Http404
    back = data["next"] if url_has_allowed_host_and_scheme(data["next"], allowed_hosts={request.get_host()}) else ""
    try:
        escalation_open(
            target=(data["target_type"], data["target_id"]),
            unit=unit,
            reason=data["reason"],
            proposal=data["proposal"],
            actor=request.user,
        )
    except ApplicationError as exc:
        message_service_error(request, exc)
    else:
        messages.success(request, _("Đã chuyển lên lãnh đạo."))
    return redirect(back or summary["url"] or "home")
