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

from casework.org.models import User
from casework.org.selectors import absence_list, absence_people
from casework.web.actions import form_create, message_service_error
from casework.web.widgets import DayInput
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

    def __init__(self, *args, people, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people
        self.fields["substitute"].queryset = people


class SubstituteForm(forms.Form):
    substitute = forms.ModelChoiceField(label=gettext_lazy("Người thay"), queryset=User.objects.none())

    def __init__(self, *args, people, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["substitute"].queryset = people


@login_required
def absence_list_view(request: HttpRequest) -> HttpResponse:
    people = absence_people(user=request.user)
    form = AbsenceForm(request.POST or None, people=people, initial={"user": request.user.pk})
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
    absences = [
        (
            a,
            svc.absence_can_end(actor=request.user, absence=a),
            svc.absence_can_choose(actor=request.user, absence=a) and SubstituteForm(people=people),
        )
        for a in absence_list(user=request.user)[:100]
    ]
    return render(request, "workflows/absences.html", {"form": form, "absences": absences})


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
