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
    expected_seq = 1
    prev = GENESIS_HASH
    checkpoint_seen = checkpoint is None or checkpoint.seq == 0
    for seq, stored_prev, stored_hash, db_hash in _links(chunk_size):
        if seq != expected_seq:
            result.first_break = ChainBreak(
                seq=expected_seq, kind="missing", expected=str(expected_seq), stored=str(seq)
            )
            break
        if stored_prev != prev:
            result.first_break = ChainBreak(seq=seq, kind="prev_hash", expected=prev, stored=stored_prev)
            break
        if db_hash != stored_hash:
            # The database's hash is only a fast path; Python's canonical JSON decides.
            recomputed = _python_hash(seq)
            if recomputed != stored_hash:
                result.first_break = ChainBreak(seq=seq, kind="hash", expected=recomputed, stored=stored_hash)
                break
        if checkpoint is not None and seq == checkpoint.seq:
            checkpoint_seen = True
            if stored_hash != checkpoint.hash:
                result.first_break = ChainBreak(
                    seq=seq, kind="checkpoint", expected=checkpoint.hash, stored=stored_hash
                )
                break
        result.checked += 1
        prev = stored_hash
        expected_seq += 1
    result.head_seq = expected_seq - 1
    result.head_hash = prev
    if checkpoint is not None:
        result.checkpoint_checked = True
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
