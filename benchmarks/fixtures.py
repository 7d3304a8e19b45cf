"""Shared set-up for benchmarks: the demo organisation and cases made through the real services."""

from __future__ import annotations

import datetime as dt

from django.db import connection

from casework.cases.models import Case, Channel, Kind
from casework.cases.services import SubmitterData, case_intake
from casework.org.demo import load_demo_org
from casework.org.models import Unit, User
from core import clock

BENCH_NOW = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)  # Monday 09:00 in Hà Nội


def org() -> tuple[Unit, Unit, dict[str, User]]:
    load_demo_org()
    sector = Unit.objects.get(code="CDN-YT-TB")
    hospital = Unit.objects.get(code="CDCS-BVDK")
    users = {u.username: u for u in User.objects.all()}
    return sector, hospital, users


def intake_cases(n: int, *, kind: str = Kind.COMPLAINT) -> list[Case]:
    """n received cases: the first registered by `case_intake`, the others SQL copies of it.

    A copy has the original's rows (case, key, submitter, process, open task, acceptance clock) and
    the services take it exactly as the original (tests/benchmarks checks `case_accept`); what
    is measured is the transition on them, not their registration, which one by one cost more
    than a minute of every `make bench`.
    """
    if n <= 0:
        return []
    from benchmarks.data import clone_cases

    sector, hospital, users = org()
    clock.set_now(BENCH_NOW)
    first = case_intake(
        actor=users["tiepnhan"],
        kind=kind,
        channel=Channel.LETTER,
        received_on=clock.today(),
        unit=sector,
        title="Đơn số 0",
        content="Nội dung đơn thư số 0 về việc chi quỹ phúc lợi không đúng quy chế.",
        submitters=[SubmitterData(full_name="Người gửi 0", email="nguoigui0@example.test")],
        subject_unit=hospital,
    )
    if n == 1:
        return [first]
    tag = f"IC{first.pk}"
    clone_cases(first.pk, n - 1, tag=tag, with_submitters=True, spread_days=0)
    return [first, *Case.objects.filter(reference__startswith=f"{tag}-").order_by("pk")]


def columns(table: str) -> list[str]:
    with connection.cursor() as cur:
        return [c.name for c in connection.introspection.get_table_description(cur, table)]


def copy_row_sql(table: str, overrides: dict[str, str]) -> str:
    """INSERT INTO t SELECT <columns, some replaced by placeholders> FROM t WHERE id = %s.

    The floor writes the same rows as the service, whatever columns the tables grow: it copies a
    row the service wrote, replacing the values that must be unique.
    """
    cols = [c for c in columns(table) if c != "id"]
    select = [overrides.get(c, f'"{c}"') for c in cols]
    quoted = ", ".join(f'"{c}"' for c in cols)
    return f'INSERT INTO "{table}" ({quoted}) SELECT {", ".join(select)} FROM "{table}" WHERE id = %s'
