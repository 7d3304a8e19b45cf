"""inbox_queries and inbox_vs_sql: the inbox is the home page "/" of a user with tasks.

inbox_queries counts the page's queries for a user owning 10 tasks and one owning 1,000 (target:
equal, and ≤ 13). inbox_vs_sql times the page of a case officer whose pool holds every open task
of 100,000 cases against the one raw SQL query that fetches the same rows (target ≤ 3×).
Cases are copied in SQL from one made by the services, each with its process, task and deadline.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from benchmarks.data import clone_cases
from benchmarks.fixtures import BENCH_NOW, intake_cases, org
from benchmarks.harness import Result, ratio_result, side_by_side
from casework.cases.models import Case
from casework.org.models import Role, RoleAssignment, User
from core import clock

FEW = int(os.environ.get("BENCH_INBOX_FEW", "10"))
MANY = int(os.environ.get("BENCH_INBOX_MANY", "1000"))
CASES = int(os.environ.get("BENCH_INBOX_CASES", "100000"))
REPEAT = int(os.environ.get("BENCH_INBOX_REPEAT", "5"))
QUERY_LIMIT = 13  # the home page and the menu's task badge (one count)
PAGE_ROWS = 30  # what the inbox section shows (workflows/flows/inbox.py)

# The same rows as the inbox section: open tasks owned by the user or offered to a role they hold
# on the task's unit subtree, with the case and its earliest open deadline, overdue first.
INBOX_SQL = """
SELECT t.id, t.flow_task, c.id, c.reference, c.title, d.due_at
FROM viewflow_task t
JOIN viewflow_process p ON p.id = t.process_id AND p.artifact_content_type_id = %(ct)s
JOIN cases_case c ON c.id = p.artifact_object_id
LEFT JOIN LATERAL (
    SELECT due_at FROM workflows_deadline
    WHERE target_type = 'cases.case' AND target_id = c.id::text AND status = 'open'
    ORDER BY due_at LIMIT 1
) d ON true
WHERE t.status IN ('NEW', 'ASSIGNED', 'STARTED')
  AND (t.owner_id = %(user)s OR (t.owner_id IS NULL AND t.owner_permission LIKE %(role)s
       AND t.data ->> 'unit_path' LIKE %(path)s))
ORDER BY d.due_at NULLS LAST, t.created
LIMIT %(limit)s
"""


def _owner(username: str, unit) -> User:
    """An inspector of the cases' unit: owned tasks count within the reach of a role held today, and
    no pool of a received case is offered to an inspector, so their inbox is exactly the tasks they own."""
    user = User.objects.create(username=username, full_name=f"Kiểm tra viên {username}")
    RoleAssignment.objects.create(user=user, unit=unit, role=Role.INSPECTOR, valid_from=dt.date(2025, 1, 1))
    return user


def _page(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200, response.status_code


def page_queries(user: User) -> tuple[int, int]:
    """(queries for "/", task rows shown) for this user, after one warm-up request."""
    client = Client()
    client.force_login(user)
    _page(client)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/")
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode().count("/cases/")


def build(*, few: int, many: int, cases: int) -> dict:
    sector, hospital, users = org()
    template = intake_cases(1)[0]
    tag = uuid.uuid4().hex[:6]
    few_user = _owner(f"inbox{few}-{tag}", sector)
    many_user = _owner(f"inbox{many}-{tag}", sector)
    clone_cases(template.pk, few, tag=f"F{tag}", owner_id=few_user.pk)
    clone_cases(template.pk, many, tag=f"M{tag}", owner_id=many_user.pk)
    pool = max(0, cases - few - many - 1)
    step = 20000
    for start in range(0, pool, step):  # in slices: one huge statement holds too much in memory
        clone_cases(template.pk, min(step, pool - start), tag=f"P{tag}-{start}")
    with connection.cursor() as cur:
        for table in ("cases_case", "viewflow_process", "viewflow_task", "workflows_deadline"):
            cur.execute(f"ANALYZE {table}")
    return {"few_user": few_user, "many_user": many_user, "pool_user": users["giaiquyet"], "sector": sector}


def run():
    clock.set_now(BENCH_NOW)
    built = build(few=FEW, many=MANY, cases=CASES)
    few_q, few_rows = page_queries(built["few_user"])
    many_q, many_rows = page_queries(built["many_user"])
    assert many_rows >= PAGE_ROWS, f"the inbox must show a page of the owner's tasks, not {many_rows} links"
    queries = Result(
        name="inbox_queries",
        what=f'queries for the inbox page "/" with {FEW} vs {MANY:,} tasks',
        ratio=None,
        target=f"equal, and ≤ {QUERY_LIMIT}",
        met=few_q == many_q and many_q <= QUERY_LIMIT,
        detail={f"queries_{FEW}": few_q, f"queries_{MANY}": many_q, "rows_shown": many_rows},
    )

    pool_user = built["pool_user"]
    client = Client()
    client.force_login(pool_user)
    _page(client)
    params = {
        "ct": ContentType.objects.get_for_model(Case).pk,
        "user": pool_user.pk,
        "role": f"%,{Role.CASE_OFFICER},%",
        "path": built["sector"].path + "%",
        "limit": PAGE_ROWS,
    }
    fetched = {}

    def raw() -> None:
        with connection.cursor() as cur:
            cur.execute(INBOX_SQL, params)
            fetched["rows"] = cur.fetchall()

    ours_t, raw_t, spread = side_by_side(lambda: _page(client), raw, repeat=REPEAT)
    assert len(fetched["rows"]) == PAGE_ROWS, len(fetched["rows"])
    with CaptureQueriesContext(connection) as ctx:
        _page(client)
    timing = ratio_result(
        "inbox_vs_sql",
        f"inbox page of a case officer whose pool holds {CASES:,} cases vs one raw SQL query for the same rows",
        ours_t,
        raw_t,
        spread,
        target=3.0,
        detail={"cases": CASES, "page_queries": len(ctx.captured_queries)},
    )
    return [queries, timing]
