"""search_vs_sql: one search in the box at 200,000 cases (the index filtered by the words, then the
reader's scoped case list in rank order) versus the same answer from one hand-written SQL query over
the same index. Target ≤ 1.5×.

The cases are those of quarterly_report_vs_sql (built here if that benchmark has not run), each with
its own title so that a search narrows to a handful; the index is rebuilt with `search_reindex`.
"""

from __future__ import annotations

import os

from django.db import connection

from benchmarks.bench_report import build
from benchmarks.fixtures import BENCH_NOW, org
from benchmarks.harness import ratio_result, side_by_side
from casework.cases.selectors import case_visible
from casework.search.models import SearchDocument
from casework.search.selectors import search_scoped
from casework.search.services import search_reindex
from casework.search.text import fold
from core import clock

CASES = int(os.environ.get("BENCH_REPORT_CASES", "200000"))
REPEAT = int(os.environ.get("BENCH_SEARCH_REPEAT", "7"))
LIMIT = 20
WORD = "Nguyễn Văn Tâm"


def _titles() -> None:
    """Give every case a title of its own: every 10,000th names the person the search looks for."""
    with connection.cursor() as cur:
        cur.execute(
            "UPDATE cases_case SET title = CASE WHEN id %% 10000 = 0 THEN %s || ' (đơn ' || id || ')' "
            "ELSE 'Đơn số ' || id END",
            [f"Khiếu nại của {WORD}"],
        )


def raw_sql() -> str:
    """The same rows: matching documents of visible cases, best first (title match, then record, then newest)."""
    return (
        "SELECT c.id FROM cases_case c JOIN org_unit u ON u.id = c.unit_id "
        "JOIN (SELECT s.object_id, MAX(CASE WHEN s.reference = %(phrase)s THEN 100 "
        "WHEN s.title LIKE %(like)s THEN 50 WHEN s.text LIKE %(like)s THEN 30 ELSE 10 END "
        "+ CASE WHEN s.part = 'record' THEN 5 ELSE 0 END) AS score "
        "FROM search_searchdocument s WHERE s.kind = 'case' AND s.text LIKE %(like)s GROUP BY s.object_id) m "
        "ON m.object_id = c.id WHERE u.path LIKE %(path)s ORDER BY m.score DESC, c.id DESC LIMIT %(limit)s"
    )


def run():  # noqa: ANN201
    clock.set_now(BENCH_NOW)
    province = build(CASES)
    _titles()
    search_reindex()
    with connection.cursor() as cur:
        cur.execute("ANALYZE search_searchdocument")
    _s, _h, users = org()
    leader = users["btvtinh"]
    phrase = fold(WORD)
    params = {"phrase": phrase, "like": f"%{phrase}%", "path": province.path + "%", "limit": LIMIT}
    sql = raw_sql()
    out = {}

    def ours() -> None:
        out["ours"] = [
            c.pk for c in search_scoped(q=WORD, kind="case", queryset=case_visible(user=leader), limit=LIMIT)
        ]

    def raw() -> None:
        with connection.cursor() as cur:
            cur.execute(sql, params)
            out["raw"] = [row[0] for row in cur.fetchall()]

    ours()
    raw()
    assert out["ours"] == out["raw"], f"the reference must find what the search finds: {out}"
    ours_t, raw_t, spread = side_by_side(ours, raw, repeat=REPEAT)
    return ratio_result(
        "search_vs_sql",
        f"search box over {SearchDocument.objects.filter(kind='case').count():,} indexed cases vs hand-written SQL",
        ours_t,
        raw_t,
        spread,
        target=1.5,
        detail={"found": len(out["raw"])},
    )
