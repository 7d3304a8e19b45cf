"""Recomputing the audit chain: used by `verify_audit`, the periodic job and the auditors' page.

Rows are streamed in seq order as plain tuples, never as model instances. On PostgreSQL the
database builds each row's canonical JSON and hashes it (the JSON columns already hold canonical
text, see `fields.CanonicalJSONField`), so Python only compares three strings per row; a row whose
in-database hash disagrees is re-hashed in Python, which decides. Elsewhere (SQLite) each row is
hashed here from its values with `row_canonical_text`, the field-by-field twin of
`chain.canonical_bytes` (a test proves both give the same bytes).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.utils.translation import gettext

from casework.audit.chain import GENESIS_HASH
from casework.audit.checkpoints import CheckpointData, checkpoint_signature_valid
from casework.audit.models import AuditEvent

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


def audit_chain_verify(*, checkpoint: CheckpointData | None = None, chunk_size: int = CHUNK_SIZE) -> VerificationResult:
    """Recompute every hash in seq order; stop at the first broken link.

    1. seq must run 1, 2, 3, ... with no gap (a gap is a deleted row);
    2. each prev_hash must equal the previous row's stored hash (genesis for seq 1);
    3. each stored hash must equal the hash recomputed from the row's content.
    With a checkpoint, its signature must be valid and the row at its seq must still carry its hash.
    """
    result = VerificationResult()
    started = time.perf_counter()
    if checkpoint is not None and not checkpoint_signature_valid(checkpoint):
        result.problems.append(gettext("Chữ ký của điểm kiểm tra không hợp lệ (HMAC sai hoặc dữ liệu bị sửa)."))
    if connection.vendor == "postgresql":
        first_break, checked = _pg_first_break(checkpoint)
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
            recomputed = _python_hash(seq)
            if recomputed != stored_hash:
                return ChainBreak(seq=seq, kind="hash", expected=recomputed, stored=stored_hash), seq - 1
        if checkpoint is not None and seq == checkpoint.seq and stored_hash != checkpoint.hash:
            return ChainBreak(seq=seq, kind="checkpoint", expected=checkpoint.hash, stored=stored_hash), seq - 1
        prev = stored_hash
        expected_seq += 1
    return None, expected_seq - 1


# The canonical text of `row_canonical_text`, built by PostgreSQL: the JSON columns already hold
# canonical text (CanonicalJSONField), to_json() escapes strings as json.dumps does, and
# numbers and nulls print the same. Any row where this disagrees is re-checked in Python.
# prev_hash needs no escaping: it is compared with the previous row's hash (hex) before this
# hash is trusted. Every other string keeps to_json(): unescaped text could be crafted to
# shift a forged row's bytes onto an honest row's canonical text.
_PG_CANONICAL = """
'{"action":' || to_json(action)::text
|| ',"actor_id":' || coalesce(actor_id::text, 'null')
|| ',"actor_label":' || to_json(actor_label)::text
|| ',"actor_role":' || to_json(actor_role)::text
|| ',"actor_unit_id":' || coalesce(actor_unit_id::text, 'null')
|| ',"after":' || after
|| ',"at":"' || to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
|| '","before":' || before
|| ',"meta":' || meta
|| ',"prev_hash":"' || prev_hash || '"'
|| ',"reason":' || to_json(reason)::text
|| ',"seq":' || seq::text
|| ',"target_id":' || to_json(target_id)::text
|| ',"target_type":' || to_json(target_type)::text
|| ',"unit_id":' || coalesce(unit_id::text, 'null') || '}'
"""

_PG_LINKS = (
    "SELECT seq, prev_hash, hash, encode(sha256(convert_to(" + _PG_CANONICAL + ", 'UTF8')), 'hex') "
    "FROM audit_auditevent ORDER BY seq"
)


# Set-based checks for PostgreSQL: each is one statement over the whole table, and the hash check
# runs on parallel workers. Only the seq numbers of suspect rows come back to Python.
_PG_COUNT = "SELECT count(*), coalesce(max(seq), 0) FROM audit_auditevent"
_PG_FIRST_GAP = """
SELECT min(missing) FROM (
    SELECT 1 AS missing WHERE NOT EXISTS (SELECT 1 FROM audit_auditevent WHERE seq = 1)
    UNION ALL
    SELECT a.seq + 1 FROM audit_auditevent a
    WHERE a.seq < %s AND NOT EXISTS (SELECT 1 FROM audit_auditevent b WHERE b.seq = a.seq + 1)
) gaps
"""
# After a gap the next row's link fails too, but the gap has the lower seq and is reported first.
_PG_FIRST_BAD_LINK = """
SELECT seq, prev_hash, previous FROM (
    SELECT seq, prev_hash, lag(hash) OVER (ORDER BY seq) AS previous FROM audit_auditevent
) links
WHERE prev_hash <> coalesce(previous, %s)
ORDER BY seq LIMIT 1
"""
# `seq + 0`: ordering by the bare column would walk the seq index one row at a time instead of
# scanning the table on parallel workers.
_PG_SUSPECT_HASHES = (
    "SELECT seq FROM audit_auditevent WHERE seq > %s AND hash <> encode(sha256(convert_to("
    + _PG_CANONICAL
    + ", 'UTF8')), 'hex') ORDER BY seq + 0 LIMIT %s"
)
SUSPECTS_PER_QUERY = 100


def _pg_first_break(checkpoint: CheckpointData | None) -> tuple[ChainBreak | None, int]:
    """The first break in seq order, found with set-based queries; and how many rows held before it.

    A break at seq n means rows 1 … n-1 are contiguous and hold, so n-1 of them were checked.
    At one seq the kinds are ordered as the streamed walk meets them: link, hash, checkpoint.
    """
    found: list[tuple[int, int, ChainBreak]] = []  # (seq, order of the kind, break)
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(_PG_COUNT)
        count, last = cur.fetchone()
        if count != last:  # seq is unique and positive: a missing number leaves count below max
            cur.execute(_PG_FIRST_GAP, [last])
            gap = cur.fetchone()[0]
            cur.execute("SELECT min(seq) FROM audit_auditevent WHERE seq > %s", [gap])
            after = cur.fetchone()[0]
            found.append((gap, 0, ChainBreak(seq=gap, kind="missing", expected=str(gap), stored=str(after))))
        cur.execute(_PG_FIRST_BAD_LINK, [GENESIS_HASH])
        if row := cur.fetchone():
            seq, stored_prev, previous = row
            expected = previous or GENESIS_HASH
            found.append((seq, 1, ChainBreak(seq=seq, kind="prev_hash", expected=expected, stored=stored_prev)))
        if bad := _pg_first_bad_hash(cur, before=min((f[0] for f in found), default=None)):
            found.append((bad.seq, 2, bad))
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
    if not found:
        return None, count
    seq, _order, first = min(found, key=lambda f: (f[0], f[1]))
    return first, seq - 1


def _pg_first_bad_hash(cur: Any, *, before: int | None) -> ChainBreak | None:
    """The first row whose content no longer gives its hash. The database's hash only picks the
    suspects; Python's canonical JSON decides each one (they differ only on texts the two
    serializers write differently, which no event of ours has)."""
    after = 0
    while True:
        cur.execute(_PG_SUSPECT_HASHES, [after, SUSPECTS_PER_QUERY])
        suspects = [r[0] for r in cur.fetchall()]
        for seq in suspects:
            if before is not None and seq > before:
                return None
            row = AuditEvent.objects.filter(seq=seq).values_list(*ROW_FIELDS).get()
            recomputed = row_hash(row)
            if recomputed != row[15]:
                return ChainBreak(seq=seq, kind="hash", expected=recomputed, stored=row[15])
        if len(suspects) < SUSPECTS_PER_QUERY:
            return None
        after = suspects[-1]


def _links(chunk_size: int) -> Iterator[tuple[int, str, str, str]]:
    """(seq, prev_hash, hash, recomputed hash) in seq order.

    PostgreSQL hashes the rows itself, streamed through a server-side cursor; elsewhere each
    row is hashed here from its values.
    """
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.chunked_cursor() as cur:
            cur.execute(_PG_LINKS)
            while rows := cur.fetchmany(chunk_size):
                yield from rows
        return
    rows = AuditEvent.objects.order_by("seq").values_list(*ROW_FIELDS).iterator(chunk_size=chunk_size)
    for row in rows:
        yield row[0], row[14], row[15], row_hash(row)


def _python_hash(seq: int) -> str:
    return row_hash(AuditEvent.objects.filter(seq=seq).values_list(*ROW_FIELDS).get())
