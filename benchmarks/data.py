"""Fast data builders for benchmarks (COPY, bulk_create): benchmarks need 10^5–10^6 rows."""

from __future__ import annotations

import datetime as dt

from django.db import connection

from casework.audit.chain import GENESIS_HASH, canonical_bytes, compute_hash, event_fields


def audit_chain_rows(n: int, *, start_seq: int = 1, prev_hash: str = GENESIS_HASH):
    """Yield (row tuple for COPY, canonical bytes) for n chained events."""
    base = dt.datetime(2026, 1, 5, 1, 0, tzinfo=dt.UTC)
    for i in range(n):
        seq = start_seq + i
        at = base + dt.timedelta(seconds=i)
        fields = event_fields(
            seq=seq,
            at=at,
            actor_id=None,
            actor_label="Hệ thống",
            actor_role="",
            actor_unit_id=None,
            action="bench.step",
            target_type="bench.item",
            target_id=str(i % 1000),
            unit_id=None,
            before={"status": "a"},
            after={"status": "b"},
            reason="",
            meta={},
            prev_hash=prev_hash,
        )
        digest = compute_hash(fields)
        yield (
            (
                seq,
                at,
                None,
                "Hệ thống",
                "",
                None,
                "bench.step",
                "bench.item",
                str(i % 1000),
                None,
                '{"status":"a"}',
                '{"status":"b"}',
                "",
                "{}",
                prev_hash,
                digest,
                canonical_bytes(fields).decode(),
            ),
            canonical_bytes(fields),
        )
        prev_hash = digest


def copy_audit_events(n: int) -> list[bytes]:
    """COPY n chained events into the audit table; return their canonical bytes (for the floor)."""
    payloads = []
    columns = (
        "seq, at, actor_id, actor_label, actor_role, actor_unit_id, action, target_type, target_id, "
        "unit_id, before, after, reason, meta, prev_hash, hash, canonical"
    )
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY audit_auditevent ({columns}) FROM STDIN") as copy:
            for row, payload in audit_chain_rows(n):
                copy.write_row(row)
                payloads.append(payload)
    return payloads


def _clone_columns(table: str, overrides: dict[str, str], alias: str) -> tuple[str, str]:
    """(column list, select list) copying every column of `alias` except id, some replaced."""
    from benchmarks.fixtures import columns

    cols = [c for c in columns(table) if c != "id"]
    return ", ".join(f'"{c}"' for c in cols), ", ".join(overrides.get(c, f'{alias}."{c}"') for c in cols)


def clone_deadlines(template_pk: int, n: int, *, prefix: str) -> None:
    """n copies of one deadline, target ids `prefix`1..n, in one INSERT ... SELECT statement.

    Copying a row the ORM wrote keeps every column (and any column the table grows) as the
    application would fill it, without building n model instances in Python.
    """
    cols, sel = _clone_columns("workflows_deadline", {"target_id": "%(prefix)s || g"}, "d")
    with connection.cursor() as cur:
        cur.execute(
            f"INSERT INTO workflows_deadline ({cols}) SELECT {sel} FROM workflows_deadline d, "
            "generate_series(1, %(n)s::int) g WHERE d.id = %(template)s",
            {"prefix": prefix, "n": n, "template": template_pk},
        )


def clone_cases(
    template_pk: int,
    n: int,
    *,
    tag: str,
    owner_id: int | None = None,
    with_submitters: bool = False,
    spread_days: int = 60,
) -> None:
    """n copies of a case made by the services, each with its own key, viewflow process, open task and
    open deadlines (due dates spread over `spread_days` days; 0: the template's), in one SQL statement.

    With `owner_id` the copies' open tasks are assigned to that user; otherwise they stay in the
    pool the template's task was offered to. With `with_submitters` each copy also gets the
    template's submitters, as a case registered by `case_intake` has.
    """
    from django.contrib.contenttypes.models import ContentType
    from viewflow.workflow.models import Process, Task
    from viewflow.workflow.status import STATUS

    from casework.cases.models import Case

    ct = ContentType.objects.get_for_model(Case)
    process = Process.objects.get(artifact_content_type=ct, artifact_object_id=template_pk)
    task = Task.objects.get(process=process, status__in=[STATUS.NEW, STATUS.ASSIGNED])
    case_cols, case_sel = _clone_columns(
        "cases_case",
        {
            "reference": f"'{tag}-' || g",
            "title": "c.title || ' ' || g",
            "receipt_code_hash": "NULL",
            "submitter_fingerprint": "md5(g::text)",
        },
        "c",
    )
    proc_cols, proc_sel = _clone_columns("viewflow_process", {"artifact_object_id": "nc.id"}, "p")
    task_cols, task_sel = _clone_columns(
        "viewflow_task",
        {
            "process_id": "np.id",
            "owner_id": "%(owner)s",
            "status": f"CASE WHEN %(owner)s::bigint IS NULL THEN '{STATUS.NEW}' ELSE '{STATUS.ASSIGNED}' END",
            "assigned": "CASE WHEN %(owner)s::bigint IS NULL THEN NULL ELSE now() END",
        },
        "t",
    )
    spread = (
        {
            "due_at": f"d.due_at + ((nc.id %% {int(spread_days)}) || ' days')::interval",
            "due_on": f"d.due_on + (nc.id %% {int(spread_days)})::int",
        }
        if spread_days
        else {}
    )
    dl_cols, dl_sel = _clone_columns("workflows_deadline", {"target_id": "nc.id::text", **spread}, "d")
    # The case's key, made at intake (casework.cases.identity.case_key_create): shared by the
    # copies, which are never destroyed one by one.
    keys = """nk AS (
            INSERT INTO privacy_casekey (case_id, wrapped, created_at, destroyed_at)
            SELECT nc.id, k.wrapped, k.created_at, k.destroyed_at FROM privacy_casekey k, nc WHERE k.case_id = %(case)s
        ), """
    submitters = ""
    if with_submitters:
        sub_cols, sub_sel = _clone_columns("cases_submitter", {"case_id": "nc.id"}, "s")
        submitters = f"""ns AS (
            INSERT INTO cases_submitter ({sub_cols})
            SELECT {sub_sel} FROM cases_submitter s, nc WHERE s.case_id = %(case)s
        ), """
    sql = f"""
        WITH nc AS (
            INSERT INTO cases_case ({case_cols})
            SELECT {case_sel} FROM cases_case c, generate_series(1, %(n)s::int) g WHERE c.id = %(case)s
            RETURNING id
        ), {keys}{submitters}np AS (
            INSERT INTO viewflow_process ({proc_cols})
            SELECT {proc_sel} FROM viewflow_process p, nc WHERE p.id = %(process)s
            RETURNING id, artifact_object_id
        ), nt AS (
            INSERT INTO viewflow_task ({task_cols})
            SELECT {task_sel} FROM viewflow_task t, np WHERE t.id = %(task)s
            RETURNING id
        )
        INSERT INTO workflows_deadline ({dl_cols})
        SELECT {dl_sel} FROM workflows_deadline d, nc
        WHERE d.target_type = 'cases.case' AND d.target_id = %(case_text)s AND d.status = 'open'
    """
    with connection.cursor() as cur:
        cur.execute(
            sql,
            {
                "n": n,
                "case": template_pk,
                "case_text": str(template_pk),
                "process": process.pk,
                "task": task.pk,
                "owner": owner_id,
            },
        )
