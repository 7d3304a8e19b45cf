"""How a list is ordered: by urgency unless the reader asks for a column (`?sort=<column>` or
`?sort=-<column>` on a page, `?ordering=` in the API), always ending on the id so that pages
never overlap nor skip a row.

Each list names the columns it may be sorted by (a whitelist): anything else, however
malformed, gives the default order, never an error."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, F, QuerySet, Value, When
from django.db.models.expressions import Expression, OrderBy

from core import clock
from workflows.deadline_status import URGENCY_ORDER, with_urgency

# The "due" column of every list: the due moment of the deadline its chip reads.
DUE = ("urgency_due",)
URGENCY = "urgency"


@dataclass(frozen=True)
class ListOrder:
    column: str  # "" for the default (urgency) order
    descending: bool = False

    @property
    def param(self) -> str:
        """The value of `?sort=` that gives this order ("" for the default)."""
        if not self.column:
            return ""
        return f"-{self.column}" if self.descending else self.column


def parse_sort(value: Any, columns: Mapping[str, Sequence[Any]]) -> ListOrder:
    """The order a `?sort=` value asks for, if it names a whitelisted column; else the default."""
    if not isinstance(value, str):
        return ListOrder("")
    value = value.strip()
    descending = value.startswith("-")
    column = value[1:] if descending else value
    if column not in columns or column == URGENCY:
        return ListOrder("")
    return ListOrder(column, descending)


def choice_order(field: str, choices: Sequence[tuple[Any, Any]]) -> Case:
    """A choice field in the order its choices are declared (the steps of a procedure, low to
    high severity), not in the alphabetical order of its stored codes."""
    whens = [When(**{field: value}, then=Value(rank)) for rank, (value, _label) in enumerate(choices)]
    return Case(*whens, default=Value(len(choices)))


def _by(field: str | Expression, descending: bool) -> OrderBy:
    """One column's term: a field name ("-name": that field the other way round) or an expression."""
    if isinstance(field, str) and field.startswith("-"):
        field, descending = field[1:], not descending
    expression = F(field) if isinstance(field, str) else field
    return expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)


def by_column(qs: QuerySet, order: ListOrder, columns: Mapping[str, Sequence[Any]]) -> QuerySet:
    """`qs` ordered by the column `order` names (empty values last both ways), the id breaking ties."""
    fields = []
    for rank, name in enumerate(columns[order.column]):
        if not isinstance(name, str):
            # Sorted by its alias: a list read with DISTINCT must select what it orders by, and
            # PostgreSQL matches a repeated expression only when its parameters are the same ones.
            alias = f"sort_key_{rank}"
            qs = qs.annotate(**{alias: name})
            name = alias
        fields.append(_by(name, order.descending))
    return qs.order_by(*fields, "-pk" if order.descending else "pk")


def list_order(
    qs: QuerySet,
    *,
    sort: Any,
    columns: Mapping[str, Sequence[Any]],
    then: Sequence[str] = (),
    now: dt.datetime | None = None,
) -> tuple[QuerySet, ListOrder]:
    """`qs` annotated with its rows' urgency (workflows.deadline_status.with_urgency) and ordered
    by the column `sort` names (empty values last in both directions), or by urgency and then
    `then` (the list's own order for rows equally urgent); the id breaks every tie."""
    order = parse_sort(sort, columns)
    qs = with_urgency(qs, now or clock.now())
    if order.column:
        return by_column(qs, order, columns), order
    tail = [name for name in then if name.lstrip("-") != "pk"]
    return qs.order_by(*URGENCY_ORDER, *tail, "-pk"), order
