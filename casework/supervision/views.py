"""Supervision pages: thin views over the selectors (scoped reads: 404 outside scope) and the services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from casework.audit.selectors import audit_timeline_for
from casework.inspections.roles import INSPECTION_STAFF, READERS
from casework.inspections.selectors import committee_units
from casework.org.selectors import units_visible_to
from casework.supervision import forms as f
from casework.supervision import selectors, services
from casework.supervision.actions import supervision_actions
from casework.supervision.models import Supervision
from casework.web.actions import action_for, form_create, form_repeat_redirected, message_refused
from casework.web.form_ids import action_forms_titled
from casework.web.paging import paginate
from casework.web.params import id_param
from core import clock
from core.errors import OutOfScope
from workflows.deadline_status import status_of, with_deadline_status

ACTION_TITLES = {
    "start": gettext_lazy("Bắt đầu giám sát"),
    "report": gettext_lazy("Báo cáo kết quả giám sát"),
    "close": gettext_lazy("Kết thúc cuộc giám sát"),
    "reschedule": gettext_lazy("Điều chỉnh thời gian giám sát"),
}
FORMS: dict[str, Callable[..., forms.Form]] = {
    "start": f.StartForm,
    "report": f.ReportForm,
    "close": f.CloseForm,
    "reschedule": f.RescheduleForm,
}


@login_required
def supervision_list(request: HttpRequest) -> HttpResponse:
    form = f.SupervisionFilterForm(request.GET or None, units=units_visible_to(user=request.user, roles=READERS))
    page, query = paginate(request, selectors.supervision_list(user=request.user, filters=form.filters()), 50)
    page.object_list = with_deadline_status(page.object_list, clock.now())
    return render(
        request,
        "supervision/list.html",
        {"form": form, "page": page, "query": query, "can_create": committee_units(user=request.user).exists()},
    )


@login_required
def supervision_create(request: HttpRequest) -> HttpResponse:
    units = committee_units(user=request.user)
    if not units.exists():
        raise Http404
    plan_items = selectors.supervision_plan_items(user=request.user)
    initial: dict[str, Any] = {"unit": units.first().pk} if units.count() == 1 else {}
    if (item_id := id_param(request.GET, "plan_item")) is not None:
        item = plan_items.filter(pk=item_id).first()
        if item is None:
            raise Http404
        initial.update({"unit": item.plan.unit_id, "plan_item": item.pk, "kind": Supervision.Kind.THEMATIC})
    form = f.SupervisionCreateForm(
        request.POST or None,
        initial=initial,
        units=units,
        subject_units=units_visible_to(user=request.user, roles=INSPECTION_STAFF),
        plan_items=plan_items,
        candidates=selectors.supervision_team_candidates(user=request.user),
    )
    if request.method == "POST" and (
        done := form_create(
            request,
            form,
            lambda d: services.supervision_create(actor=request.user, **d),
            success=_("Đã lập cuộc giám sát."),
            url=lambda supervision: reverse("supervision:detail", args=[supervision.pk]),
        )
    ):
        return done
    return render(request, "inspections/form.html", {"form": form, "title": _("Lập cuộc giám sát")})


def _render(
    request: HttpRequest, supervision: Supervision, bound: tuple[str, forms.Form] | None = None
) -> HttpResponse:
    allowed = supervision_actions(user=request.user, supervision=supervision)
    action_forms = {name: FORMS[name]() for name in allowed}
    if bound is not None:
        action_forms[bound[0]] = bound[1]
        message_refused(request, ACTION_TITLES[bound[0]], f"action-{bound[0]}")
    try:
        events: Any = audit_timeline_for(user=request.user, target=supervision)
    except OutOfScope:
        events = []  # the page is in scope; its trail belongs to the supervising unit's readers
    return render(
        request,
        "supervision/detail.html",
        {
            "supervision": supervision,
            "team": supervision.team.select_related("user"),
            "flags": selectors.supervision_flags(user=request.user, supervision=supervision),
            "steps": Supervision.Status.choices,
            "allowed": allowed,
            "action_forms": action_forms_titled(action_forms, ACTION_TITLES),
            "events": events,
            # The report's clock, by the rule every page reads (workflows.deadline_status).
            "deadline_status": status_of(supervision, clock.now()),
            "deadlines": selectors.supervision_deadlines(supervision=supervision),
        },
        status=400 if bound else 200,
    )


@login_required
def supervision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(request, selectors.supervision_get(user=request.user, pk=pk))


@login_required
@require_POST
@form_repeat_redirected
def supervision_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    supervision = selectors.supervision_get(user=request.user, pk=pk)
    user = request.user
    calls: dict[str, Callable[[dict], Any]] = {
        "start": lambda d: services.supervision_start(supervision=supervision, actor=user, reason=d.get("reason", "")),
        "report": lambda d: services.supervision_report(
            supervision=supervision, actor=user, **f.ReportForm.service_kwargs(d)
        ),
        "close": lambda d: services.supervision_close(supervision=supervision, actor=user),
        "reschedule": lambda d: services.supervision_reschedule(
            supervision=supervision, actor=user, ends_on=d["ends_on"], reason=d["reason"]
        ),
    }
    call = action_for(action, calls, offered=supervision_actions(user=user, supervision=supervision))
    form = FORMS[action](request.POST)
    if done := form_create(
        request,
        form,
        call,
        success=_("Đã thực hiện: %(action)s.") % {"action": ACTION_TITLES[action]},
        url=lambda _done: reverse("supervision:detail", args=[pk]),
    ):
        return done
    supervision.refresh_from_db()
    return _render(request, supervision, bound=(action, form))
