"""The API lists' order and deadline filter, by the pages' rules (workflows.deadline_status).

`?ordering=urgency` sorts as the pages do by default: overdue and escalated rows first, the
latest first, then the nearest due, then the rows with no running deadline; `?ordering=due`
by the due moment of the deadline each row's chip reads. Any ordering ends on the id, so that a
cursor never skips nor repeats a row; a value that is not in the view's `ordering_fields` is
ignored (the view's default order), never an error.

Cursor pagination keeps its position on the first ordering term, read from each row: the
urgency and due keys are therefore one non-null moment per row (rows with no running deadline
get the last possible moment)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django.db.models import Case, DateTimeField, F, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.filters import OrderingFilter

from core import clock
from workflows.deadline_status import FILTER_CODES, deadline_status_q, with_urgency

URGENCY_FIELDS = ("urgency", "due")
LAST = dt.datetime(9999, 12, 31, tzinfo=dt.UTC)


def with_urgency_keys(qs: QuerySet, now: dt.datetime) -> QuerySet:
    """`qs` with `urgency` and `due`, the two keys above, for one reading of the clock."""
    never = Value(LAST, output_field=DateTimeField())
    return with_urgency(qs, now).annotate(
        # Late rows keep their (past) due moment, the latest first; a running clock paused past
        # its due moment counts as due now, after every late row and before the others.
        urgency=Coalesce(
            Case(
                When(urgency_late=True, then=F("urgency_due")),
                When(urgency_due__lt=now, then=Value(now, output_field=DateTimeField())),
                default=F("urgency_due"),
                output_field=DateTimeField(),
            ),
            never,
        ),
        due=Coalesce(F("urgency_due"), never),
    )


class ListOrderingFilter(OrderingFilter):
    """DRF's ordering filter, with the urgency keys and the id as the last term."""

    def get_ordering(self, request: Any, queryset: QuerySet, view: Any) -> list[str]:
        ordering = list(super().get_ordering(request, queryset, view) or [])
        if ordering and not any(term.lstrip("-") == "pk" for term in ordering):
            ordering.append("-pk" if ordering[0].startswith("-") else "pk")
        return ordering

    def filter_queryset(self, request: Any, queryset: QuerySet, view: Any) -> QuerySet:
        ordering = self.get_ordering(request, queryset, view)
        if any(term.lstrip("-") in URGENCY_FIELDS for term in ordering):
            queryset = with_urgency_keys(queryset, clock.now())
        return queryset.order_by(*ordering) if ordering else queryset


# The filter backends of the lists that have deadlines.
LIST_FILTERS = [DjangoFilterBackend, ListOrderingFilter]


def filter_by_deadline(queryset: QuerySet, name: str, value: str) -> QuerySet:
    if not value:
        return queryset
    return queryset.filter(deadline_status_q(queryset.model, value, clock.now()))


def deadline_filter() -> django_filters.ChoiceFilter:
    """`?deadline=overdue|escalated|due_soon|on_time|paused`: the rows whose deadline chip says so
    ("overdue" keeps the escalated ones too; "paused", a suspended case's stopped clock), as the pages' filter."""
    return django_filters.ChoiceFilter(
        choices=[(code, code) for code in FILTER_CODES],
        method=filter_by_deadline,
        label=_("Tình trạng hạn: overdue (cả đã chuyển lãnh đạo), escalated, due_soon, on_time, paused (tạm dừng)"),
    )
