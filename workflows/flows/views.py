"""The full list of a user's workflow tasks: the inbox with search, filters and pages."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from casework.web.list_filters import all_choices
from casework.web.paging import paginate
from workflows.flows.inbox import TASK_SORTS, task_list_filtered, task_rows
from workflows.forms import deadline_filter_field
from workflows.list_order import parse_sort


class TaskFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Loại việc"),
        required=False,
        choices=all_choices(
            [
                ("case", _("Hồ sơ đơn thư")),
                ("inspection", _("Cuộc kiểm tra")),
                ("recommendation", _("Kiến nghị")),
            ]
        ),
    )
    mine = forms.BooleanField(label=_("Chỉ việc giao cho tôi"), required=False)
    overdue = forms.BooleanField(label=_("Chỉ việc quá hạn"), required=False)
    deadline = deadline_filter_field()


@login_required
def task_list(request: HttpRequest) -> HttpResponse:
    form = TaskFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    sort = request.GET.get("sort")
    page, query = paginate(request, task_list_filtered(user=request.user, filters=filters, sort=sort), 30)
    rows = task_rows(list(page.object_list), user=request.user)
    context = {
        "form": form,
        "page": page,
        "query": query,
        "rows": rows,
        "sort": parse_sort(sort, TASK_SORTS),
        "sort_columns": TASK_SORTS,
    }
    return render(request, "workflows/task_list.html", context)
