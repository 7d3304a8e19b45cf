"""Absence pages: record one's absence (or a member's, for the chair), choose who stands in, end it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from casework.org.models import Unit, User
from casework.org.selectors import (
    absence_list,
    absence_managed_people,
    absence_people,
    acting_appointment_list,
    units_visible_to,
)
from casework.web.actions import form_create, message_service_error
from casework.web.form_ids import form_own_ids
from casework.web.widgets import DayInput
from core import clock
from core.errors import ApplicationError
from workflows.services import absences as svc

DATE = DayInput()


class AbsenceForm(forms.Form):
    user = forms.ModelChoiceField(label=gettext_lazy("Người vắng"), queryset=User.objects.none())
    starts_on = forms.DateField(label=gettext_lazy("Từ ngày"), widget=DATE)
    ends_on = forms.DateField(label=gettext_lazy("Đến ngày"), widget=DATE)
    reason = forms.CharField(label=gettext_lazy("Lý do"), max_length=255)
    substitute = forms.ModelChoiceField(
        label=gettext_lazy("Người thay (để trống: Chủ nhiệm UBKT chọn)"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args, people, away, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = away
        self.fields["substitute"].queryset = people


class SubstituteForm(forms.Form):
    substitute = forms.ModelChoiceField(label=gettext_lazy("Người thay"), queryset=User.objects.none())

    def __init__(self, *args, people, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["substitute"].queryset = people


class ActingForm(forms.Form):
    """Giao quyền Chủ nhiệm UBKT: to whom, in which unit, for which period, under which document."""

    unit = forms.ModelChoiceField(label=gettext_lazy("Đơn vị"), queryset=Unit.objects.none())
    user = forms.ModelChoiceField(label=gettext_lazy("Người được giao quyền"), queryset=User.objects.none())
    valid_from = forms.DateField(label=gettext_lazy("Từ ngày"), widget=DATE)
    valid_to = forms.DateField(label=gettext_lazy("Đến ngày"), widget=DATE)
    document = forms.CharField(label=gettext_lazy("Văn bản giao quyền (số, ngày)"), max_length=255)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_visible_to(user=user).order_by("path")
        # Those the service accepts in one of the units where `user` may appoint (the unit is chosen in
        # the same form: the service says which unit's members and officers may be appointed).
        self.fields["user"].queryset = svc.acting_chair_candidates(actor=user)


class ActingEndForm(forms.Form):
    on = forms.DateField(label=gettext_lazy("Còn hiệu lực đến hết ngày"), widget=DATE)


@login_required
def absence_list_view(request: HttpRequest) -> HttpResponse:
    people = absence_people(user=request.user)
    form = _absence_form(request, people, request.POST or None)
    if request.method == "POST" and (
        done := form_create(
            request,
            form,
            lambda d: svc.absence_record(actor=request.user, **d),
            success=_("Đã ghi nhận vắng mặt."),
            url=lambda _absence: reverse("absences"),
        )
    ):
        return done
    absences = _absence_rows(request)
    return render(request, "workflows/absences.html", {"form": form, "absences": absences, **_acting_context(request)})


def _absence_form(request: HttpRequest, people, data=None) -> AbsenceForm:
    """The person away is one whose absence the reader may record (themselves, or for a chair or
    leadership the people of their units); the one who stands in, anyone they may name."""
    away = absence_managed_people(user=request.user)
    form = AbsenceForm(data, people=people, away=away, initial={"user": request.user.pk})
    return form_own_ids(form, "absence")


def _absence_rows(request: HttpRequest) -> list[tuple]:
    """The absences the reader sees, each with whether they may end it and the form choosing who stands
    in, offering exactly the people the service accepts for that absence (`absence_substitutes`)."""
    return [
        (
            a,
            svc.absence_can_end(actor=request.user, absence=a),
            svc.absence_can_choose(actor=request.user, absence=a)
            and form_own_ids(
                SubstituteForm(
                    people=svc.absence_substitutes(
                        actor=request.user, user=a.user, starts_on=a.starts_on, ends_on=a.ends_on
                    )
                ),
                f"substitute_{a.pk}",
            ),
        )
        for a in absence_list(user=request.user)[:100]
    ]


def _acting_context(request: HttpRequest, acting_form: ActingForm | None = None) -> dict:
    """The acting appointments the reader sees, each with the form that ends it when they may, and
    the form that gives one to those who may (`acting_chair_units`: the chair or leadership of a unit
    in their own right, never an acting chair)."""
    today = clock.today()
    acting = [
        (
            a,
            svc.acting_chair_can_end(actor=request.user, assignment=a)
            and form_own_ids(ActingEndForm(initial={"on": today}), f"acting_end_{a.pk}"),
        )
        for a in acting_appointment_list(user=request.user)[:100]
    ]
    if acting_form is None and svc.acting_chair_units(user=request.user).exists():
        acting_form = ActingForm(user=request.user)
    return {"acting": acting, "acting_form": acting_form and form_own_ids(acting_form, "acting_appoint")}


@login_required
@require_POST
def acting_appoint_view(request: HttpRequest) -> HttpResponse:
    form = ActingForm(request.POST, user=request.user)
    if done := form_create(
        request,
        form,
        lambda d: svc.acting_chair_appoint(actor=request.user, **d),
        success=_("Đã giao quyền chủ nhiệm."),
        url=lambda _assignment: reverse("absences"),
    ):
        return done
    if not svc.acting_chair_units(user=request.user).exists():
        # One who may give no acting appointment (an acting chair among them) is not offered the form:
        # the refusal is said on the page instead: the service's for the unit chosen, when it is one they see.
        unit = form.cleaned_data.get("unit")
        refusal = unit is not None and svc.acting_chair_refusal(actor=request.user, unit=unit)
        messages.error(request, refusal or " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("absences")
    people = absence_people(user=request.user)
    absences = _absence_rows(request)
    return render(
        request,
        "workflows/absences.html",
        {
            "form": _absence_form(request, people),
            "absences": absences,
            **_acting_context(request, form),
        },
    )


@login_required
@require_POST
def acting_end_view(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = acting_appointment_list(user=request.user).filter(pk=pk).first()
    if assignment is None:
        raise Http404
    form = ActingEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for es in form.errors.values() for e in es))
        return redirect("absences")
    try:
        ended = svc.acting_chair_end(actor=request.user, assignment=assignment, on=form.cleaned_data["on"])
    except ApplicationError as exc:
        message_service_error(request, exc)
    else:
        if ended is None:
            messages.success(request, _("Đã hủy quyền chủ nhiệm chưa bắt đầu."))
        else:
            messages.success(
                request,
                _("Quyền chủ nhiệm của %(name)s kết thúc hết ngày %(day)s.")
                % {"name": ended.user, "day": f"{ended.valid_to:%d/%m/%Y}"},
            )
    return redirect("absences")


def _absence(request: HttpRequest, pk: int):
    absence = absence_list(user=request.user).filter(pk=pk).first()
    if absence is None:
        raise Http404
    return absence


@login_required
@require_POST
def absence_substitute_view(request: HttpRequest, pk: int) -> HttpResponse:
    absence = _absence(request, pk)
    form = SubstituteForm(request.POST, people=absence_people(user=request.user))
    try:
        if not form.is_valid():
            raise Http404
        svc.absence_substitute_choose(actor=request.user, absence=absence, substitute=form.cleaned_data["substitute"])
    except ApplicationError as exc:
        message_service_error(request, exc)
    else:
        messages.success(request, _("Đã chọn người làm thay."))
    return redirect("absences")


@login_required
@require_POST
def absence_end_view(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        svc.absence_end(actor=request.user, absence=_absence(request, pk))
    except ApplicationError as exc:
        message_service_error(request, exc)
    else:
        messages.success(request, _("Đã kết thúc kỳ vắng; công việc đã chuyển lại."))
    return redirect("absences")
