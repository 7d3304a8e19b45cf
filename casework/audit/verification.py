"""Recomputing the audit chain: used by `verify_audit`, the periodic job and the auditors' page.

On PostgreSQL every event stores the text it was hashed from, and a CHECK constraint keeps that
text equal to the event's columns (see `canonical_sql`). When the catalog shows the constraint
in place, validated and unchanged, the verifier hashes the stored texts on parallel workers while
a second connection checks the links; only the seq numbers of suspect rows come back to Python,
which decides each one from the columns. When the constraint has been dropped or altered (itself
reported as tampering), or when asked to (`deep`), each row's text is rebuilt from its columns
instead. Elsewhere (SQLite) rows are streamed in seq order as plain tuples and hashed here with
`row_canonical_text`, the field-by-field twin of `chain.canonical_bytes` (a test proves both give
the same bytes).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.utils.translation import gettext

from casework.audit.canonical_sql import CONSTRAINT, PG_CANONICAL, TABLE, add_constraint_sql
from casework.audit.chain import GENESIS_HASH
from casework.audit.checkpoints import CheckpointData, checkpoint_signature_valid
from casework.audit.models import AuditEvent

logger = logging.getLogger(__name__)

CHUNK_SIZE = 5000

# values_list order; `row_canonical_text` depends on it.
ROW_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_label",
    "actor_role",
    "actor_unit_id",
    "action",
    "target_type",
    "target_id",
    "unit_id",
    "before",
    "after",
    "reason",
    "meta",
    "prev_hash",
    "hash",
)

_string = json.encoder.encode_basestring  # the escaping json.dumps(ensure_ascii=False) uses
_dump = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode


def _nullable_int(value: int | None) -> str:
    return "null" if value is None else str(int(value))


def _json(value: Any) -> str:
    # Most before/after values are {} and meta is small: skip the encoder for the empty case.
    if value == {}:
        return "{}"
    return _dump(value)


def row_canonical_text(row: tuple) -> str:
    """`chain.canonical_bytes(event_fields(...))` as text, built from a ROW_FIELDS tuple.

    The keys below are in sorted order, exactly as json.dumps(sort_keys=True) writes them.
    """
    (seq, at, actor_id, actor_label, actor_role, actor_unit_id, action, target_type, target_id, unit_id,
     before, after, reason, meta, prev_hash, _hash) = row  # fmt: skip
    if at.utcoffset():
        at = at.astimezone(dt.UTC)
    return (
        '{"action":' + _string(action)
        + ',"actor_id":' + _nullable_int(actor_id)
        + ',"actor_label":' + _string(actor_label)
        + ',"actor_role":' + _string(actor_role)
        + ',"actor_unit_id":' + _nullable_int(actor_unit_id)
        + ',"after":' + _json(after)
        + ',"at":"' + at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        + '","before":' + _json(before)
        + ',"meta":' + _json(meta)
        + ',"prev_hash":' + _string(prev_hash)
        + ',"reason":' + _string(reason)
        + ',"seq":' + str(seq)
        + ',"target_id":' + _string(str(target_id))
        + ',"target_type":' + _string(target_type)
        + ',"unit_id":' + _nullable_int(unit_id)
        + "}"
    )  # fmt: skip


def row_hash(row: tuple) -> str:
    return hashlib.sha256(row_canonical_text(row).encode()).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    """The first link that does not hold.

    kind: "hash" (the row's content no longer gives its stored hash: the row was changed),
    "prev_hash" (the row does not point at the previous row's hash), "missing" (a sequence
    number is absent: a row was deleted), "checkpoint" (the chain no longer holds a signed head).
    """

    seq: int
    kind: str
    expected: str
    stored: str

    def describe(self) -> str:
        if self.kind == "missing":
            return gettext("seq %(seq)s: thiếu sự kiện (dòng đã bị xoá); dòng tiếp theo có seq %(stored)s") % vars(self)
        if self.kind == "hash":
            return gettext(
                "seq %(seq)s: hash không khớp nội dung (dòng đã bị sửa); tính lại %(expected)s, lưu %(stored)s"
            ) % vars(self)
        if self.kind == "prev_hash":
            return gettext("seq %(seq)s: prev_hash không khớp dòng trước; cần %(expected)s, lưu %(stored)s") % vars(
                self
            )
        return gettext("seq %(seq)s: điểm kiểm tra không khớp; cần %(expected)s, chuỗi có %(stored)s") % vars(self)

    @property
    def state_key(self) -> str:
        """Identifies this broken state, so an alert is sent once per state, not once per run."""
        return f"{self.seq}:{self.kind}:{self.stored}"


@dataclass
class VerificationResult:
    checked: int = 0
    head_seq: int = 0
    head_hash: str = GENESIS_HASH
    first_break: ChainBreak | None = None
    checkpoint_checked: bool = False
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.first_break is None and not self.problems

    @property
    def rate(self) -> float:
        return self.checked / self.seconds if self.seconds > 0 else 0.0

    def summary(self) -> str:
        if self.ok:
            text = gettext("Đã kiểm tra %(checked)s sự kiện; chuỗi nguyên vẹn (đầu chuỗi seq %(head)s).") % {
                "checked": self.checked,
                "head": self.head_seq,
            }
            if self.checkpoint_checked:
                text += " " + gettext("Điểm kiểm tra khớp.")
            return text
        parts = [gettext("Đã kiểm tra %(checked)s sự kiện; CHUỖI BỊ PHÁ VỠ.") % {"checked": self.checked}]
        if self.first_break:
            parts.append(gettext("Liên kết hỏng đầu tiên: %(link)s") % {"link": self.first_break.describe()})
        parts.extend(self.problems)
        return " ".join(parts)


def audit_chain_verify(
    *, checkpoint: CheckpointData | None = None, chunk_size: int = CHUNK_SIZE, deep: bool = False
) -> VerificationResult:
    """Recompute every hash in seq order; stop at the first broken link.

    1. seq must run 1, 2, 3, ... with no gap (a gap is a deleted row);
    2. each prev_hash must equal the previous row's stored hash (genesis for seq 1);
    3. each stored hash must equal the hash recomputed from the row's content.
    With a checkpoint, its signature must be valid and the row at its seq must still carry its hash.
    On PostgreSQL the row's content is its stored text while the constraint binding it to the
    columns is intact; `deep` rebuilds the text from the columns anyway.
    """
    result = VerificationResult()
    started = time.perf_counter()
    if checkpoint is not None and not checkpoint_signature_valid(checkpoint):
        result.problems.append(gettext("Chữ ký của điểm kiểm tra không hợp lệ (HMAC sai hoặc dữ liệu bị sửa)."))
    if connection.vendor == "postgresql":
        bound = canonical_constraint_intact()
        if bound is False:
            result.problems.append(
                gettext(
                    "Ràng buộc %(name)s (giữ văn bản đã băm đúng bằng các cột) đã bị gỡ, bị sửa hoặc chưa được "
                    "kiểm chứng: có người đã can thiệp vào bảng nhật ký. Các hash đã được tính lại từ các cột."
                )
                % {"name": CONSTRAINT}
            )
        first_break, checked = _pg_first_break(checkpoint, stored_text=bool(bound) and not deep)
    else:
        first_break, checked = _streamed_first_break(checkpoint, chunk_size)
    result.first_break = first_break
    result.checked = checked
    result.head_seq = checked
    result.head_hash = (
        AuditEvent.objects.filter(seq=checked).values_list("hash", flat=True).first() if checked else GENESIS_HASH
    )
    if checkpoint is not None:
        result.checkpoint_checked = True
        checkpoint_seen = checkpoint.seq <= checked
        if not checkpoint_seen and result.first_break is None:
            result.problems.append(
                gettext(
                    "Chuỗi chỉ còn đến seq %(head)s, ngắn hơn điểm kiểm tra seq %(checkpoint)s "
                    "(các sự kiện cuối đã bị xoá)."
                )
                % {"head": result.head_seq, "checkpoint": checkpoint.seq}
            )
        elif checkpoint.seq == 0 and checkpoint.hash != GENESIS_HASH:
            result.problems.append(gettext("Điểm kiểm tra seq 0 phải mang hash khởi đầu."))
    result.seconds = time.perf_counter() - started
    return result


def _streamed_first_break(checkpoint: CheckpointData | None, chunk_size: int) -> tuple[ChainBreak | None, int]:
    """Walk the rows in seq order (SQLite); returns the first break and how many rows held before it."""
    expected_seq = 1
    prev = GENESIS_HASH
    for seq, stored_prev, stored_hash, computed in _links(chunk_size):
        if seq != expected_seq:
            return ChainBreak(seq=expected_seq, kind="missing", expected=str(expected_seq), stored=str(seq)), seq - 1
        if stored_prev != prev:
            return ChainBreak(seq=seq, kind="prev_hash", expected=prev, stored=stored_prev), seq - 1
        if computed != stored_hash:
            return ChainBreak(seq=seq, kind="hash", expected=computed, stored=stored_hash), seq - 1
        if checkpoint is not None and seq == checkpoint.seq and stored_hash != checkpoint.hash:
            return ChainBreak(seq=seq, kind="checkpoint", expected=checkpoint.hash, stored=stored_hash), seq - 1
        prev = stored_hash
        expected_seq += 1
    return None, expected_seq - 1


# Set-based checks for PostgreSQL: each is one statement over the rows up to the newest seq seen
# at the start (appends during the run are left for the next one), and the hash check runs on
# parallel workers. Only the seq numbers of suspect rows come back to Python.
_PG_LAST = "SELECT coalesce(max(seq), 0) FROM audit_auditevent"
# The first row that does not follow its predecessor: a seq that is not the previous one plus one
# (the rows between were deleted; for the first row, the previous is 0) or a prev_hash that is not
# the previous row's hash (genesis for seq 1). A gap is reported before the link it also breaks.
# The frame of one preceding row keeps the window from holding more than two rows.
_PG_FIRST_BAD_LINK = """
SELECT seq, prev_hash, previous, previous_seq FROM (
    SELECT seq, prev_hash, lag(hash) OVER w AS previous, coalesce(lag(seq) OVER w, 0) AS previous_seq
    FROM audit_auditevent WHERE seq <= %s
    WINDOW w AS (ORDER BY seq ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
) links
WHERE seq <> previous_seq + 1 OR prev_hash <> coalesce(previous, %s)
ORDER BY seq LIMIT 1
"""
# `seq + 0`: ordering by the bare column would walk the seq index one row at a time instead of
# scanning the table on parallel workers.
_PG_SUSPECTS = (
    "SELECT seq FROM audit_auditevent WHERE seq > %s AND seq <= %s AND hash <> encode(sha256(convert_to({text}, "
    "'UTF8')), 'hex') ORDER BY seq + 0 LIMIT %s"
)
_PG_SUSPECTS_STORED = _PG_SUSPECTS.format(text="canonical")  # the stored text, bound to the columns
_PG_SUSPECTS_REBUILT = _PG_SUSPECTS.format(text=PG_CANONICAL)  # the text rebuilt from the columns
_PG_CONSTRAINT = (
    "SELECT pg_get_constraintdef(oid), convalidated FROM pg_constraint "
    "WHERE conrelid = %s::regclass AND conname = %s AND contype = 'c'"
)
SUSPECTS_PER_QUERY = 100


def canonical_constraint_intact() -> bool | None:
    """Whether the CHECK constraint binding each stored text to its columns is there, validated,
    and reads exactly as `canonical_sql` writes it (compared with a twin added to an empty
    temporary copy of the table, so the text is PostgreSQL's own printing on this server).
    None when that cannot be told (a database role without the TEMP privilege)."""
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(_PG_CONSTRAINT, [TABLE, CONSTRAINT])
        found = cur.fetchone()
    if found is None or not found[1]:
        return False
    try:
        expected = _expected_definition()
    except DatabaseError:
        logger.warning("verify_audit: cannot build the constraint's twin (TEMP privilege?); hashing from the columns")
        return None
    return found[0] == expected


def _expected_definition() -> str:
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"CREATE TEMP TABLE audit_expected_check (LIKE {TABLE})")
        cur.execute(add_constraint_sql("audit_expected_check", CONSTRAINT))
        cur.execute(_PG_CONSTRAINT, ["audit_expected_check", CONSTRAINT])
        expected = cur.fetchone()[0]
        transaction.set_rollback(True)  # drops the temporary table
    return expected


def _pg_first_break(checkpoint: CheckpointData | None, *, stored_text: bool) -> tuple[ChainBreak | None, int]:
    """The first break in seq order, found with set-based queries; and how many rows held before it.

    A break at seq n means rows 1 … n-1 are contiguous and hold, so n-1 of them were checked.
    At one seq the kinds are ordered as the streamed walk meets them: link, hash, checkpoint.
    Outside a transaction the links are checked on a second connection while this one hashes
    (inside one, e.g. in tests, a second connection would not see the uncommitted rows).
    """
    found: list[tuple[int, int, ChainBreak]] = []  # (seq, order of the kind, break)
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(_PG_LAST)
        last = cur.fetchone()[0]
    side = ThreadPoolExecutor(1) if not connection.in_atomic_block else None
    try:
        links = side.submit(_first_bad_link_elsewhere, last) if side else None
        with transaction.atomic(), connection.cursor() as cur:
            if links:
                # One parallel worker fewer: the link walk, a single process, keeps a core of its own
                # and runs beside the hash scan, not after it.
                cur.execute(
                    "SELECT set_config('max_parallel_workers_per_gather', "
                    "greatest(current_setting('max_parallel_workers_per_gather')::int - 1, 0)::text, true)"
                )
            bad_hash = _pg_first_bad_hash(cur, last=last, stored_text=stored_text)
            bad_link = links.result() if links else _first_bad_link(cur, last)
            if bad_link:
                seq, stored_prev, previous, previous_seq = bad_link
                if seq != previous_seq + 1:
                    gap = previous_seq + 1
                    found.append((gap, 0, ChainBreak(seq=gap, kind="missing", expected=str(gap), stored=str(seq))))
                else:
                    expected = previous or GENESIS_HASH
                    found.append((seq, 1, ChainBreak(seq=seq, kind="prev_hash", expected=expected, stored=stored_prev)))
            if bad_hash:
                found.append((bad_hash.seq, 2, bad_hash))
            if checkpoint is not None and checkpoint.seq > 0:
                cur.execute("SELECT hash FROM audit_auditevent WHERE seq = %s", [checkpoint.seq])
                row = cur.fetchone()
                if row and row[0] != checkpoint.hash:
                    stored = row[0]
                    found.append(
                        (
                            checkpoint.seq,
                            3,
                            ChainBreak(seq=checkpoint.seq, kind="checkpoint", expected=checkpoint.hash, stored=stored),
                        )
                    )
    finally:
        if side:
            side.shutdown()
    if not found:
        return None, last
    seq, _order, first = min(found, key=lambda f: (f[0], f[1]))
    return first, seq - 1


def _first_bad_link(cur: Any, last: int) -> tuple[int, str, str | None, int] | None:
    cur.execute(_PG_FIRST_BAD_LINK, [last, GENESIS_HASH])
    return cur.fetchone()


def _first_bad_link_elsewhere(last: int) -> tuple[int, str, str | None, int] | None:
    """`_first_bad_link` on this thread's own connection, closed afterwards. Rows up to `last`
    are committed (seq is handed out under the chain head's lock, held until commit)."""
    try:
        with connection.cursor() as cur:
            return _first_bad_link(cur, last)
    finally:
        connection.close()


def _pg_first_bad_hash(cur: Any, *, last: int, stored_text: bool) -> ChainBreak | None:
    """The first row whose content no longer gives its hash. The database's hash only picks the
    suspects; Python's canonical JSON of the columns decides each one (they differ only on texts
    the two serializers write differently, which no event of ours has)."""
    query = _PG_SUSPECTS_STORED if stored_text else _PG_SUSPECTS_REBUILT
    after = 0
    while True:
        cur.execute(query, [after, last, SUSPECTS_PER_QUERY])
        suspects = [r[0] for r in cur.fetchall()]
        for seq in suspects:
            row = AuditEvent.objects.filter(seq=seq).values_list(*ROW_FIELDS).get()
            recomputed = row_hash(row)
            if recomputed != row[15]:
                return ChainBreak(seq=seq, kind="hash", expected=recomputed, stored=row[15])
        if len(suspects) < SUSPECTS_PER_QUERY:
            return None
        after = suspects[-1]


def _links(chunk_size: int) -> Iterator[tuple[int, str, str, str]]:
    """(seq, prev_hash, hash, hash recomputed from the columns) in seq order (SQLite)."""
    rows = AuditEvent.objects.order_by("seq").values_list(*ROW_FIELDS).iterator(chunk_size=chunk_size)
    for row in rows:
        yield row[0], row[14], row[15], row_hash(row)
