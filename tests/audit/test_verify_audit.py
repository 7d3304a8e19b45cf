import datetime as dt
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from casework import clock
from casework.audit.chain import canonical_bytes, event_fields
from casework.audit.models import AuditEvent
from casework.audit.services import audit_record_standalone
from casework.audit.verification import ROW_FIELDS, audit_chain_verify, row_canonical_text, row_hash

pytestmark = pytest.mark.django_db


def run_verify(*args: str) -> tuple[str, CommandError | None]:
    from io import StringIO

    out = StringIO()
    try:
        call_command("verify_audit", *args, stdout=out)
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


@pytest.fixture
def chain(cast):
    for i in range(5):
        audit_record_standalone(
            actor=cast.officer,
            action="case.accept",
            target=("cases.case", i),
            unit=cast.hospital,
            before={"status": "received", "note": 'dấu "ngoặc"'},
            after={"status": "accepted", "due": dt.date(2026, 3, 12), "list": [1, 2.5, None, True]},
            reason=f"Thụ lý lần {i}",
        )
    return list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))


def test_an_intact_chain_verifies(chain):
    result = audit_chain_verify()
    assert result.ok
    assert result.checked == AuditEvent.objects.count() == chain[-1]
    assert result.head_hash == AuditEvent.objects.get(seq=chain[-1]).hash
    out, error = run_verify()
    assert error is None
    assert f"events checked: {len(chain)}" in out


def test_the_streamed_canonical_text_is_the_reference_one(chain):
    """The verifier's field-by-field JSON must be byte for byte chain.canonical_bytes, or nothing verifies."""
    for row in AuditEvent.objects.order_by("seq").values_list(*ROW_FIELDS):
        named = dict(zip(ROW_FIELDS, row, strict=True))
        named.pop("hash")
        assert row_canonical_text(row).encode() == canonical_bytes(event_fields(**named))


def test_a_changed_reason_is_found_at_its_seq(chain, tamper):
    victim = chain[2]
    tamper.set_field(seq=victim, column="reason", value="Lý do đã bị sửa")
    result = audit_chain_verify()
    assert not result.ok
    assert (result.first_break.seq, result.first_break.kind) == (victim, "hash")
    assert result.checked == victim - 1
    out, error = run_verify()
    assert error is not None
    assert f"seq={victim} kind=hash" in out


def test_a_deleted_row_is_found_as_a_missing_seq(chain, tamper):
    victim = chain[3]
    tamper.delete(seq=victim)
    result = audit_chain_verify()
    assert (result.first_break.seq, result.first_break.kind) == (victim, "missing")
    out, error = run_verify()
    assert error is not None
    assert f"seq={victim} kind=missing" in out


def test_a_rewritten_row_with_a_fresh_hash_breaks_the_next_link(chain, tamper):
    """Recomputing the changed row's own hash is not enough: the next row still points at the old one."""
    victim = chain[1]
    tamper.set_field(seq=victim, column="reason", value="khác")
    row = AuditEvent.objects.filter(seq=victim).values_list(*ROW_FIELDS).get()
    tamper.set_field(seq=victim, column="hash", value=row_hash(row))
    result = audit_chain_verify()
    assert (result.first_break.seq, result.first_break.kind) == (victim + 1, "prev_hash")
    assert result.first_break.expected == row_hash(row)


def test_a_gap_at_the_start_is_found(chain, tamper):
    tamper.delete(seq=1)
    result = audit_chain_verify()
    assert (result.first_break.seq, result.first_break.kind) == (1, "missing")


def test_events_written_at_different_clock_times_verify(cast):
    clock.set_now(dt.datetime(2026, 3, 2, 9, 0, 0, 123456, tzinfo=dt.timezone(dt.timedelta(hours=7))))
    audit_record_standalone(actor=None, action="sweep", target=("t", 1), meta={"z": 1, "a": {"y": 2, "b": 3}})
    clock.advance(dt.timedelta(days=200, microseconds=1))
    audit_record_standalone(actor=cast.admin, action="x", target=("t", "ô"), unit=cast.province)
    assert audit_chain_verify().ok


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the append-only trigger exists on PostgreSQL")
def test_tampering_needs_the_trigger_switched_off(chain):
    from django.db import DatabaseError, transaction

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cur:
        cur.execute("DELETE FROM audit_auditevent WHERE seq = %s", [chain[0]])
    assert audit_chain_verify().ok


def test_the_json_of_the_result_is_not_needed_for_a_summary(chain, tamper):
    tamper.set_field(seq=chain[0], column="action", value="case.reject")
    result = audit_chain_verify()
    assert f"seq {chain[0]}" in result.summary()
    assert json.dumps(result.first_break.state_key)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the in-database hash exists on PostgreSQL")
def test_postgresql_hashes_rows_exactly_as_python_does(cast):
    """The fast path must agree with chain.compute_hash, or every row would fall back to Python."""
    from casework.audit.verification import _links

    nasty = 'tab\there "quote" back\\slash\nnew\x01ctl\x1f ô ư 𝄞 \u2028 </script>'
    audit_record_standalone(
        actor=cast.officer,
        action="case.note",
        target=("cases.case", nasty[:20]),
        unit=cast.hospital,
        before={"z": nasty, "a": [1, -2, 3.25, None, False], "nested": {"b": {}, "a": []}},
        after={"n": 10**15, "f": 0.1},
        reason=nasty,
        meta={"ip": "::1", "user_agent": nasty},
    )
    links = list(_links(100))
    assert links
    for seq, _prev, stored, in_db in links:
        assert in_db == stored, f"seq {seq}"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the set-based checks run on PostgreSQL")
def test_rows_the_database_suspects_wrongly_are_cleared_by_python(chain, tamper, monkeypatch):
    """The database's hash only picks suspects: when it disagrees with Python on honest rows (here
    forced by hashing with md5), Python clears them, page after page, and still finds the real break."""
    from casework.audit import verification

    wrong = verification._PG_SUSPECT_HASHES.replace("encode(sha256(convert_to(", "md5(convert_to(").replace(
        "'UTF8')), 'hex')", "'UTF8'))"
    )
    monkeypatch.setattr(verification, "_PG_SUSPECT_HASHES", wrong)
    monkeypatch.setattr(verification, "SUSPECTS_PER_QUERY", 2)
    result = audit_chain_verify()
    assert result.ok and result.checked == len(chain)

    tamper.set_field(seq=chain[-1], column="reason", value="Lý do đã bị sửa")
    result = audit_chain_verify()
    assert (result.first_break.seq, result.first_break.kind) == (chain[-1], "hash")
    assert result.checked == chain[-1] - 1


def test_the_first_of_several_breaks_is_reported(chain, tamper):
    tamper.set_field(seq=chain[3], column="reason", value="sửa sau")
    tamper.delete(seq=chain[4])
    tamper.set_field(seq=chain[1], column="reason", value="sửa trước")
    result = audit_chain_verify()
    assert (result.first_break.seq, result.first_break.kind) == (chain[1], "hash")
    assert result.head_seq == chain[1] - 1
    assert result.head_hash == AuditEvent.objects.get(seq=chain[0]).hash
