"""One INSERT of several rows without building model instances, for the hot paths of transitions.

`bulk_create` instantiates models, runs pre_save on each field and compiles a query; on a case
step that was about a third of the time of each insert (benchmarks, transition_vs_floor). Here
each field's own `get_db_prep_save` prepares the value, so the stored row is the one
`bulk_create` would store; fields not given take their model default. No signals are sent: use
it only for rows nobody listens to. PostgreSQL and SQLite (3.35+) both take the SQL.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core import checks
from django.db import connection, connections
from django.db.models import Field, Model, QuerySet

from casework.compiled import SelectedRows


@functools.cache
def _insert_fields(model: type[Model]) -> tuple[Field, ...]:
    return tuple(f for f in model._meta.concrete_fields if not f.primary_key)


def _prepared(f: Field, given: dict[str, Any]) -> Any:
    """The field's value from `given` (by name or attname; its default when absent), as stored."""
    if f.name in given:
        value = given[f.name]
    elif f.attname in given:
        value = given[f.attname]
    else:
        value = f.get_default()
    if value is None:  # NULL for every field (tests/test_rows.py checks the models written here)
        return None
    if f.is_relation and isinstance(value, Model):
        value = value.pk
    return f.get_db_prep_save(value, connection)


def insert_rows(
    model: type[Model],
    rows: Sequence[dict[str, Any]],
    *,
    returning: Sequence[str] = ("id",),
    skip_conflicts_on: Sequence[str] = (),
) -> list[tuple]:
    """Insert `rows` (field name or attname → value) in one statement; returns the `returning`
    columns of the rows written. With `skip_conflicts_on`, a row that would break that unique
    constraint is left out (ON CONFLICT DO NOTHING) and not returned."""
    if not rows:
        return []
    return run(rows_insert(model, rows, returning=returning, skip_conflicts_on=skip_conflicts_on))


def rows_insert(
    model: type[Model],
    rows: Sequence[dict[str, Any]],
    *,
    returning: Sequence[str] = ("id",),
    skip_conflicts_on: Sequence[str] = (),
) -> Statement:
    """The statement `insert_rows` runs, not run: to be joined with others (PostgreSQL's WITH)."""
    fields = _insert_fields(model)
    params = [_prepared(f, row) for row in rows for f in fields]
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    return _insert(model, f"VALUES {', '.join([one] * len(rows))}", params, returning, skip_conflicts_on)


@dataclass(frozen=True)
class Statement:
    """SQL with its parameters, and whether it returns rows."""

    sql: str
    params: list[Any]
    returns: bool


def run(statement: Statement) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, statement.params)
        return cursor.fetchall() if statement.returns else []


def _insert(
    model: type[Model], rows_sql: str, params: list[Any], returning: Sequence[str], skip_conflicts_on: Sequence[str]
) -> Statement:
    """INSERT INTO the model's table (every field but the primary key) `rows_sql` … [ON CONFLICT] [RETURNING]."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in _insert_fields(model))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) {rows_sql}"
    if skip_conflicts_on:
        sql += f" ON CONFLICT ({', '.join(quote(c) for c in skip_conflicts_on)}) DO NOTHING"
    if returning:
        sql += f" RETURNING {', '.join(quote(c) for c in returning)}"
    return Statement(sql, params, bool(returning))


def insert_selected(model: type[Model], source: QuerySet | SelectedRows, **options: Any) -> list[tuple]:
    """Run `selected_insert` (below, same arguments); returns the `returning` columns of the rows written."""
    return run(selected_insert(model, source, **options))


def selected_insert(
    model: type[Model],
    source: QuerySet | SelectedRows,
    *,
    columns: dict[str, str | tuple[str, list]],
    values: dict[str, Any],
    returning: Sequence[str] = ("id",),
    skip_conflicts_on: Sequence[str] = (),
) -> Statement:
    """INSERT INTO model … SELECT … FROM (source): one row per row of the `source` query, the
    database choosing the rows (e.g. a role's holders) instead of Python reading them first.

    `columns`: field name or attname → a column of the source's `values()` that fills it, or an
    SQL expression over the source row `s` with its parameters; `values`: field → one value for
    every row (prepared as in insert_rows); other fields take their default.
    The statement is returned, not run: `insert_selected` runs it; a caller may join it with
    others in one round trip (PostgreSQL's WITH).
    """
    select: list[str] = []
    params: list[Any] = []
    quote = connection.ops.quote_name
    fields = _insert_fields(model)
    for f in fields:
        column = columns.get(f.name, columns.get(f.attname))
        if isinstance(column, tuple):
            select.append(column[0])
            params.extend(column[1])
            continue
        if column is not None:
            select.append(f"s.{quote(column)}")
            continue
        select.append("%s")
        params.append(_prepared(f, values))
    if isinstance(source, SelectedRows):
        source_sql, source_params = source.sql, source.params
    else:
        source_sql, source_params = source.query.get_compiler(connection=connection).as_sql()
    # "WHERE true": SQLite needs it to parse INSERT … SELECT … ON CONFLICT.
    rows_sql = f"SELECT {', '.join(select)} FROM ({source_sql}) s WHERE true"
    return _insert(model, rows_sql, [*params, *source_params], returning, skip_conflicts_on)


def insert_instance(obj: Model) -> Model:
    """`obj.save()` for a new row that nobody listens to: one INSERT, the id set on `obj`, no
    signals. Each field's pre_save runs as in save() (auto_now_add stamps included)."""
    row = {f.attname: f.pre_save(obj, True) for f in _insert_fields(type(obj))}
    ((pk,),) = insert_rows(type(obj), [row])
    obj.pk = pk
    obj._state.adding = False
    obj._state.db = connection.alias
    return obj


@checks.register(checks.Tags.database)
def check_returning(app_configs: Any = None, databases: Iterable[str] | None = None, **kwargs: Any) -> list:
    """`migrate` refuses, with the reason, a SQLite too old for INSERT … RETURNING (3.35)."""
    return [
        checks.Error(
            "SQLite 3.35 or newer is required (INSERT … RETURNING); this Python uses an older SQLite.",
            hint="Use a Python built against SQLite ≥ 3.35, or set DATABASE_URL to PostgreSQL.",
            id="casework.E001",
        )
        for alias in databases or ()
        if connections[alias].vendor == "sqlite" and not connections[alias].features.can_return_columns_from_insert
    ]
