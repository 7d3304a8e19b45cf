"""Shared set-up for benchmarks: the demo organisation and cases made through the real services."""

from __future__ import annotations

import datetime as dt

from django.db import connection

from casework import clock
from casework.cases.models import Case, Channel, Kind
from casework.cases.services import SubmitterData, case_intake
from casework.org.demo import load_demo_org
from casework.org.models import Unit, User

BENCH_NOW = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)  # Monday 09:00 in Hà Nội


def org() -> tuple[Unit, Unit, dict[str, User]]:
    load_demo_org()
    sector = Unit.objects.get(code="CDN-YT-TB")
    hospital = Unit.objects.get(code="CDCS-BVDK")
    users = {u.username: u for u in User.objects.all()}
    return sector, hospital, users


def intake_cases(n: int, *, kind: str = Kind.COMPLAINT) -> list[Case]:
    sector, hospital, users = org()
    clock.set_now(BENCH_NOW)
    cases = []
    for i in range(n):
        cases.append(
            case_intake(
                actor=users["tiepnhan"],
                kind=kind,
                channel=Channel.LETTER,
                received_on=clock.today(),
                unit=sector,
                title=f"Đơn số {i}",
                content=f"Nội dung đơn thư số {i} về việc chi quỹ phúc lợi không đúng quy chế.",
                submitters=[SubmitterData(full_name=f"Người gửi {i}", email=f"nguoigui{i}@example.test")],
                subject_unit=hospital,
            )
        )
    return cases


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
