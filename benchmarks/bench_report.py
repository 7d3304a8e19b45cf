"""quarterly_report_vs_sql: the quarterly report of the province (its whole subtree) over 200,000
cases, through the selector the report page uses, versus one hand-written aggregate SQL query
computing the same case figures. Target ≤ 1.5×.

Cases are copied in SQL from one made by the services, spread over the subtree's units, a year of
receipt dates and the outcomes the figures count, each with a resolve deadline. Cases earlier
benchmarks left in the subtree (inbox_vs_sql's 100,000) count towards the 200,000: the report
reads them as it reads any case, and only the rest is built.
"""

from __future__ import annotations

import os
import uuid

from django.conf import settings
from django.db import connection

from benchmarks.data import _clone_columns
from benchmarks.fixtures import BENCH_NOW, intake_cases, org
from benchmarks.harness import ratio_result, side_by_side
from casework.cases.models import Case, Channel, Kind
from casework.org.models import Unit
from casework.reports.periods import quarter_of
from casework.reports.selectors import quarterly_report
from core import clock
from workflows.calendar import end_of_day

CASES = int(os.environ.get("BENCH_REPORT_CASES", "200000"))
REPEAT = int(os.environ.get("BENCH_REPORT_REPEAT", "5"))
YEAR, QUARTER = 2025, 4

# Outcome by g % 10: open at several steps, decided (on time or late), refused, transferred,
# withdrawn, closed after a decision, terminated (on the sender's withdrawal or another ground).
STATUS_SQL = (
    "(ARRAY['received','accepted','assigned','verifying','decided','refused','transferred',"
    "'withdrawn','closed','terminated'])[1 + g %% 10]"
)
RECEIVED_SQL = "DATE '2025-01-01' + (g %% 365)"
CASE_OVERRIDES = {
    "reference": "%(tag)s || '-' || g",
    "receipt_code_hash": "NULL",
    "submitter_fingerprint": "md5(g::text)",
    "kind": "(ARRAY['complaint','denunciation','petition'])[1 + g %% 3]",
    "channel": "(ARRAY['letter','in_person','phone','email','online','transferred'])[1 + g %% 6]",
    "unit_id": "(%(units)s::bigint[])[1 + g %% cardinality(%(units)s::bigint[])]",
    "status": STATUS_SQL,
    "received_on": RECEIVED_SQL,
    "accepted_on": f"CASE WHEN g %% 10 IN (1,2,3,4,8,9) THEN {RECEIVED_SQL} + 5 END",
    "decided_on": f"CASE WHEN g %% 10 IN (4,8,9) THEN {RECEIVED_SQL} + 20 + (g %% 60) END",
    "closed_on": (
        f"CASE WHEN g %% 10 IN (5,6,7) THEN {RECEIVED_SQL} + 3 WHEN g %% 10 = 8 THEN {RECEIVED_SQL} + 90 "
        f"WHEN g %% 10 = 9 THEN {RECEIVED_SQL} + 20 + (g %% 60) END"
    ),
    "termination_ground": "CASE WHEN g %% 20 = 9 THEN 'withdrawn' WHEN g %% 20 = 19 THEN 'court' ELSE '' END",
}


def _subtree_cases(province: Unit) -> int:
    return Case.objects.filter(unit__path__startswith=province.path).count()


def build(n: int) -> Unit:
    """Make the province's subtree hold `n` cases (at least the template made by the services)."""
    _sector, _hospital, _users = org()
    province = Unit.objects.get(parent__isnull=True)
    template = intake_cases(1)[0]
    n = max(0, n - _subtree_cases(province))
    units = list(Unit.objects.filter(path__startswith=province.path).values_list("pk", flat=True))
    case_cols, case_sel = _clone_columns("cases_case", CASE_OVERRIDES, "c")
    dl_cols, dl_sel = _clone_columns(
        "workflows_deadline",
        {
            "target_id": "nc.id::text",
            "step": "'resolve'",
            "unit_id": "nc.unit_id",
            "starts_on": "nc.accepted_on",
            "due_on": "nc.accepted_on + 45",
            # The due moment as workflows.calendar.end_of_day gives it: the due day's last microsecond in the
            # project's time zone (Bộ luật Dân sự 2015 Đ.148).
            "due_at": f"((nc.accepted_on + 46)::timestamp - interval '1 microsecond') AT TIME ZONE '{settings.TIME_ZONE}'",
            "status": (
                "CASE WHEN nc.status = 'terminated' THEN 'cancelled' "
                "WHEN nc.decided_on IS NULL AND nc.closed_on IS NULL THEN 'open' ELSE 'met' END"
            ),
            # A clock stops when the letter is decided or closed: some after the quarter's last day,
            # still running (and past due) on it.
            "closed_at": "COALESCE(nc.decided_on, nc.closed_on)::timestamptz",
        },
        "d",
    )
    tag = uuid.uuid4().hex[:6]
    step = 50000
    with connection.cursor() as cur:
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM workflows_deadline")
        (last_before,) = cur.fetchone()
        for start in range(0, n, step):
            cur.execute(
                f"""
                WITH nc AS (
                    INSERT INTO cases_case ({case_cols})
                    SELECT {case_sel} FROM cases_case c, generate_series(%(lo)s::int, %(hi)s::int) g WHERE c.id = %(case)s
                    RETURNING id, unit_id, status, accepted_on, decided_on, closed_on
                )
                INSERT INTO workflows_deadline ({dl_cols})
                SELECT {dl_sel} FROM (SELECT * FROM workflows_deadline WHERE target_type = 'cases.case'
                    AND target_id = %(case_text)s ORDER BY id LIMIT 1) d, nc
                WHERE nc.accepted_on IS NOT NULL
                """,
                {
                    "tag": f"R{tag}",
                    "units": units,
                    "lo": start + 1,
                    "hi": min(n, start + step),
                    "case": template.pk,
                    "case_text": str(template.pk),
                },
            )
        # Some clocks were moved after the quarter's last day, as the deadline services record it
        # (DeadlineChange): extended by 30 days in January, or paused over the quarter's end and
        # resumed in January 20 days later. The report reads them as they stood on its last day.
        cur.execute(
            """
            INSERT INTO workflows_deadlinechange
                (deadline_id, at, kind, due_on_before, due_on_after, paused_from, paused_until, rearmed)
            SELECT d.id, ch.at, ch.kind, d.due_on - ch.moved, d.due_on, ch.paused_from, ch.at, ch.kind = 'extend'
            FROM workflows_deadline d,
                LATERAL (
                    SELECT TIMESTAMPTZ '2026-01-15 02:00+00' AS at, 'extend' AS kind, 30 AS moved,
                        NULL::timestamptz AS paused_from
                    WHERE d.id %% 7 = 0
                    UNION ALL
                    SELECT TIMESTAMPTZ '2026-01-09 02:00+00', 'resume', 20, TIMESTAMPTZ '2025-12-20 02:00+00'
                    WHERE d.id %% 7 = 3
                ) ch
            WHERE d.id > %(last)s AND d.target_type = 'cases.case' AND COALESCE(d.closed_at, 'infinity') > ch.at
            """,
            {"last": last_before},
        )
        cur.execute("ANALYZE cases_case")
        cur.execute("ANALYZE workflows_deadline")
        cur.execute("ANALYZE workflows_deadlinechange")
    return province


def _count(name: str, cond: str) -> str:
    return f"COUNT(*) FILTER (WHERE {cond}) AS {name}"


def report_sql() -> str:
    """The case figures of compute_figures, as one aggregate query over the subtree."""
    received = "c.received_on BETWEEN %(start)s AND %(end)s AND c.merged_into_id IS NULL"
    within = "c.{0} BETWEEN %(start)s AND %(end)s"
    open_q = (
        "c.received_on <= %(as_of)s AND (c.decided_on IS NULL OR c.decided_on > %(as_of)s) "
        "AND (c.closed_on IS NULL OR c.closed_on > %(as_of)s)"
    )
    resolve_due = (
        "(SELECT d.due_on FROM workflows_deadline d WHERE d.target_type = 'cases.case' "
        "AND d.target_id = c.id::text AND d.step = 'resolve' AND d.status <> 'cancelled' "
        "ORDER BY d.created_at DESC, d.id DESC LIMIT 1)"
    )
    # The two forms the report itself uses (casework/reports/figures.py), so the
    # reference stays the best hand-written query: the overdue cases as one hashed set rather than
    # an EXISTS per letter, and IS NOT NULL before the due-day subquery so that PostgreSQL's AND
    # stops on undecided letters (a NULL comparison does not stop it). A clock overdue on `as_of`
    # started by then, was due before then by the due day in force at its close (the first change
    # after that instant says what it was), still ran then (ended or paused only after) and was not
    # paused then (no pause still on from before, none begun before and resumed after).
    due_then = (
        "COALESCE((SELECT ch.due_on_before FROM workflows_deadlinechange ch WHERE ch.deadline_id = d.id "
        "AND ch.at > %(instant)s ORDER BY ch.at, ch.id LIMIT 1), d.due_on)"
    )
    overdue = (
        "c.id IN (SELECT d.target_id::bigint FROM workflows_deadline d WHERE d.target_type = 'cases.case' "
        f"AND d.starts_on <= %(as_of)s AND {due_then} < %(as_of)s "
        "AND (d.status IN ('open', 'breached', 'paused') OR d.closed_at > %(instant)s) "
        "AND (d.paused_at IS NULL OR d.paused_at > %(instant)s) "
        "AND NOT EXISTS (SELECT 1 FROM workflows_deadlinechange ch WHERE ch.deadline_id = d.id "
        "AND ch.kind = 'resume' AND ch.paused_from <= %(instant)s AND ch.paused_until > %(instant)s))"
    )
    merits = "c.termination_ground = ''"
    parts = [
        _count("received_total", received),
        *[_count(f"received_{k.value}", f"{received} AND c.kind = '{k.value}'") for k in Kind],
        *[_count(f"channel_{ch.value}", f"{received} AND c.channel = '{ch.value}'") for ch in Channel],
        _count("accepted", within.format("accepted_on")),
        _count("refused", f"c.status = 'refused' AND {within.format('closed_on')}"),
        _count("transferred", f"c.status = 'transferred' AND {within.format('closed_on')}"),
        _count("withdrawn", f"c.status = 'withdrawn' AND {within.format('closed_on')}"),
        _count("resolved", f"{within.format('decided_on')} AND {merits}"),
        _count(
            "resolved_late",
            f"c.decided_on IS NOT NULL AND {within.format('decided_on')} AND {merits} AND c.decided_on > {resolve_due}",
        ),
        _count("terminated", f"{within.format('decided_on')} AND NOT {merits}"),
        _count(
            "terminated_withdrawn",
            f"{within.format('decided_on')} AND NOT {merits} AND c.termination_ground = 'withdrawn'",
        ),
        _count("open_overdue", f"{open_q} AND {overdue}"),
        _count("open_le30", f"{open_q} AND c.received_on >= %(as_of)s - 30"),
        _count("open_31_60", f"{open_q} AND c.received_on < %(as_of)s - 30 AND c.received_on >= %(as_of)s - 60"),
        _count("open_61_90", f"{open_q} AND c.received_on < %(as_of)s - 60 AND c.received_on >= %(as_of)s - 90"),
        _count("open_gt90", f"{open_q} AND c.received_on < %(as_of)s - 90"),
    ]
    return f"SELECT {', '.join(parts)} FROM cases_case c JOIN org_unit u ON u.id = c.unit_id WHERE u.path LIKE %(path)s"


def report_params(province: Unit) -> dict:
    """The reference query's parameters for the benchmark's quarter."""
    period = quarter_of(year=YEAR, quarter=QUARTER)
    return {
        "start": period.start,
        "end": period.end,
        "as_of": period.as_of,
        "instant": end_of_day(period.as_of),  # a day past is read at its close
        "path": province.path + "%",
    }


def run():
    clock.set_now(BENCH_NOW)
    province = build(CASES)
    cases = _subtree_cases(province)
    _s, _h, users = org()
    leader = users["btvtinh"]  # BTV of the province: reads the whole subtree
    params = report_params(province)
    sql = report_sql()
    out = {}

    def ours() -> None:
        out["ours"] = quarterly_report(unit=province, year=YEAR, quarter=QUARTER, user=leader).figures

    def raw() -> None:
        with connection.cursor() as cur:
            cur.execute(sql, params)
            out["raw"] = dict(zip([c.name for c in cur.description], cur.fetchone(), strict=True))

    ours()
    raw()  # warm both, and check they count the same thing
    mismatched = {k: (out["ours"][k], v) for k, v in out["raw"].items() if out["ours"][k] != v}
    assert not mismatched, f"the reference SQL must count what the report counts: {mismatched}"
    ours_t, raw_t, spread = side_by_side(ours, raw, repeat=REPEAT)
    return ratio_result(
        "quarterly_report_vs_sql",
        f"quarterly report of the province over {cases:,} cases vs one hand-written aggregate SQL",
        ours_t,
        raw_t,
        spread,
        target=1.5,
        detail={"cases": cases, "received_total": out["raw"]["received_total"]},
    )
