"""search_vs_sql: one search in the box at 200,000 cases (the index filtered by the words, then the
reader's scoped case list in rank order, with the columns the results page shows) versus the same
question asked in one hand-written SQL statement over the same tables. Target ≤ 1.5×.

The reference asks exactly what the search asks: every word of the query in the folded text (one
`LIKE` per word, as the search does), the reader's scope and recusal computed from their role
assignments of the day, the same rank, and the page's columns.

The cases are those of quarterly_report_vs_sql (built here if that benchmark has not run), each with
its own title so that a search narrows to a handful; the index is rebuilt with `search_reindex`.
"""

from __future__ import annotations

import os

from django.db import connection
from django.test.utils import CaptureQueriesContext

from benchmarks.bench_report import build
from benchmarks.fixtures import BENCH_NOW, org
from benchmarks.harness import ratio_result, side_by_side
from casework.cases.permissions import READ_ROLES
from casework.cases.recusal import RECUSED_LEADERSHIP_ROLES, person_key
from casework.search.models import SearchDocument
from casework.search.selectors import search_cases, search_terms
from casework.search.services import search_reindex
from core import clock

CASES = int(os.environ.get("BENCH_REPORT_CASES", "200000"))
# One search takes milliseconds: many rounds, so that the medians and not one pause of the machine decide.
REPEAT = int(os.environ.get("BENCH_SEARCH_REPEAT", "51"))
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


def raw_sql(words: int) -> str:
    """The same rows: cases the reader sees (their units' subtrees by today's roles, less the cases they
    are recused from) with a document holding every word, best first (reference, title,
    text, the record before its files; newest among equals), with the columns the results page shows."""
    every_word = " AND ".join(f"s.text LIKE %(w{i})s" for i in range(words))
    return f"""
SELECT c.id, c.reference, c.title, c.status, c.received_on, u.name
FROM (SELECT s.object_id, MAX(CASE WHEN s.reference = %(phrase)s THEN 100 WHEN s.title LIKE %(like)s THEN 50
        WHEN s.text LIKE %(like)s THEN 30 ELSE 10 END + CASE WHEN s.part = 'record' THEN 5 ELSE 0 END) AS score
      FROM search_searchdocument s WHERE s.kind = 'case' AND {every_word} GROUP BY s.object_id) m
JOIN cases_case c ON c.id = m.object_id JOIN org_unit u ON u.id = c.unit_id
WHERE EXISTS (
        SELECT 1 FROM org_roleassignment r JOIN org_unit ru ON ru.id = r.unit_id
        WHERE r.user_id = %(user)s AND r.role = ANY(%(read)s) AND r.valid_from <= %(day)s
          AND (r.valid_to IS NULL OR r.valid_to >= %(day)s) AND u.path LIKE ru.path || '%%')
  AND (c.subject_user_id IS NULL OR c.subject_user_id <> %(user)s)
  AND NOT EXISTS (
        SELECT 1 FROM org_roleassignment r
        WHERE r.user_id = %(user)s AND r.unit_id = c.subject_unit_id AND r.valid_from <= %(day)s
          AND (r.valid_to IS NULL OR r.valid_to >= %(day)s)
          AND (r.role = ANY(%(lead)s) OR c.subject_person_keys LIKE '%%|' || %(key)s || '|%%'))
ORDER BY m.score DESC, c.id DESC LIMIT %(limit)s"""


def run():
    clock.set_now(BENCH_NOW)
    build(CASES)
    _titles()
    search_reindex()
    with connection.cursor() as cur:
        cur.execute("ANALYZE search_searchdocument")
    _s, _h, users = org()
    leader = users["btvtinh"]
    phrase, words = search_terms(WORD)
    params = {
        "phrase": phrase,
        "like": f"%{phrase}%",
        **{f"w{i}": f"%{word}%" for i, word in enumerate(words)},
        "user": leader.pk,
        "day": clock.today(),
        "read": list(READ_ROLES),
        "lead": list(RECUSED_LEADERSHIP_ROLES),
        "key": person_key(leader.full_name),
        "limit": LIMIT,
    }
    sql = raw_sql(len(words))
    out = {}

    def ours() -> None:
        out["ours"] = search_cases(user=leader, q=WORD, limit=LIMIT)

    def raw() -> None:
        with connection.cursor() as cur:
            cur.execute(sql, params)
            out["raw"] = cur.fetchall()

    ours()
    raw()
    with CaptureQueriesContext(connection) as late:  # the page's columns came with the search
        shown = [(c.pk, c.reference, c.title, c.status, c.received_on, c.unit.name) for c in out["ours"]]
    assert not late.captured_queries, late.captured_queries
    assert out["raw"], "the search must find something"
    assert shown == [tuple(row) for row in out["raw"]], f"the reference must find what the search finds: {out}"
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
