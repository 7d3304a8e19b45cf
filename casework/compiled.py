"""Compile a query's SQL once per process and run it again with other values.

Building a QuerySet and compiling it costs more than running it on a hot path: locking a case
with its unit took 0.6 ms to compile and 0.27 ms to run (benchmarks, transition_vs_floor).
A `CompiledQuery` builds its query once from sentinel arguments, keeps the SQL and the compiler
Django made for it, and on each call swaps the sentinels in the parameters for the real values,
then builds the rows into models exactly as the QuerySet would (the compiler's converters and
`from_db`, select_related included).

Arguments are ids (integers Django passes unchanged into the parameters), or texts at the
positions named by `text_args` (compared with `=`, e.g. an API token). Anything else, and
anything that changes the SQL itself (a list that becomes IN (%s, %s, …), a role name, today's
date), is a `shape` keyword: one compilation per distinct shape, the newest MAX_PLANS kept.
Annotations are set on each model as QuerySet iteration sets them (e.g. a flag computed by an
EXISTS subquery, so one round trip answers what would take two); no known related objects.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators

MAX_PLANS = 32
_sentinels = itertools.count(1)


def _sentinel() -> int:
    """An id nothing real can equal: negative, far below any sequence."""
    return -(10**15) - next(_sentinels)


def _text_sentinel() -> str:
    """A text nothing real can equal: databases refuse NUL in text, so no stored value has one."""
    return f"\x00compiled-{next(_sentinels)}"


@dataclass(frozen=True)
class SelectedRows:
    """A compiled query's SQL with this call's values: a source for `rows.insert_selected`."""

    sql: str
    params: list[Any]


class _Plan:
    def __init__(self, queryset: QuerySet, sentinels: list[Any]) -> None:
        self.db = queryset.db
        self.compiler = queryset.query.get_compiler(using=self.db)
        sql, params = self.compiler.as_sql()
        self.sql = sql
        self.params = list(params)
        # Where each argument goes in the parameters.
        self.slots: list[tuple[int, int]] = []
        for position, value in enumerate(self.params):
            for index, sentinel in enumerate(sentinels):
                if value == sentinel:
                    self.slots.append((position, index))
        found = {index for _position, index in self.slots}
        if found != set(range(len(sentinels))):
            raise ValueError("CompiledQuery: an argument did not reach the SQL parameters unchanged")
        # How rows become models, as QuerySet iteration works it out on every run (results_iter's
        # converters, the select_related populators): the same for every run of the plan, and
        # working it out again was a quarter of an API token lookup.
        compiler = self.compiler
        if compiler.klass_info is not None:
            self.converters = compiler.get_converters([s[0] for s in compiler.select[0 : compiler.col_count]])
            klass_info, select = compiler.klass_info, compiler.select
            self.start, self.end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
            self.init_list = [f[0].target.attname for f in select[self.start : self.end]]
            self.populators = get_related_populators(klass_info, select, self.db)
            self.model = klass_info["model"]
            self.annotations = list(compiler.annotation_col_map.items())

    def bind(self, args: tuple) -> list[Any]:
        params = list(self.params)
        for position, index in self.slots:
            params[position] = args[index]
        return params


class CompiledQuery:
    """`build(*args, **shape)` returns the QuerySet; call `.first(*args, **shape)`, `.all(…)` or
    `.rows(…)` (the SQL itself, for INSERT … SELECT) with the real arguments."""

    def __init__(self, build: Callable[..., QuerySet], *, text_args: tuple[int, ...] = ()) -> None:
        self._build = build
        self._text_args = frozenset(text_args)
        self._plans: dict[Hashable, _Plan] = {}
        self._lock = threading.Lock()

    def _plan(self, nargs: int, shape: dict[str, Any], alias: str) -> _Plan:
        key = (alias, connections[alias].vendor, nargs, tuple(sorted(shape.items())))
        plan = self._plans.get(key)
        if plan is None:
            with self._lock:
                plan = self._plans.get(key)
                if plan is None:
                    sentinels = [_text_sentinel() if i in self._text_args else _sentinel() for i in range(nargs)]
                    plan = _Plan(self._build(*sentinels, **shape), sentinels)
                    if len(self._plans) >= MAX_PLANS:  # e.g. one shape per day: drop the oldest
                        self._plans.pop(next(iter(self._plans)))
                    self._plans[key] = plan
        return plan

    def rows(self, *args: Any, alias: str = "default", **shape: Any) -> SelectedRows:
        plan = self._plan(len(args), shape, alias)
        return SelectedRows(plan.sql, plan.bind(args))

    def all(self, *args: Any, alias: str = "default", **shape: Any) -> list[Model]:
        plan = self._plan(len(args), shape, alias)
        compiler = plan.compiler
        with connections[plan.db].cursor() as cursor:
            cursor.execute(plan.sql, plan.bind(args))
            rows = cursor.fetchall()
        if not rows:
            return []
        if plan.converters:
            rows = compiler.apply_converters(rows, plan.converters)
        start, end, init_list, model = plan.start, plan.end, plan.init_list, plan.model
        objs = []
        for row in rows:
            obj = model.from_db(plan.db, init_list, row[start:end])
            for populator in plan.populators:
                populator.populate(row, obj)
            for name, position in plan.annotations:
                setattr(obj, name, row[position])
            objs.append(obj)
        return objs

    def first(self, *args: Any, alias: str = "default", **shape: Any) -> Model | None:
        objs = self.all(*args, alias=alias, **shape)
        return objs[0] if objs else None
