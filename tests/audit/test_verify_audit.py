import datetime as dt
import json
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from casework.audit.canonical_sql import CONSTRAINT
from casework.audit.chain import canonical_bytes, event_fields
from casework.audit.models import AuditEvent
from casework.audit.services import audit_record_standalone
from casework.audit.verification import (
    ROW_FIELDS,
    audit_chain_verify,
    canonical_constraint_intact,
    row_canonical_text,
    row_hash,
)
from core import clock

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
    """The database's text of the columns, its hash of the stored text and Python's must all agree,
    or every insert would be refused (the constraint) or every row would fall back to Python."""
    from casework.audit import verification

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
    row = AuditEvent.objects.values_list(*ROW_FIELDS, "canonical").get(action="case.note")
    assert row[16] == row_canonical_text(row[:16])
    with connection.cursor() as cur:
        for query in (verification._PG_SUSPECTS_STORED, verification._PG_SUSPECTS_REBUILT):
            cur.execute(query, [0, row[0], 100])
            assert cur.fetchall() == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the set-based checks run on PostgreSQL")
def test_rows_the_database_suspects_wrongly_are_cleared_by_python(chain, tamper, monkeypatch):
    """The database's hash only picks suspects: when it disagrees with Python on honest rows (here
    forced by hashing with md5), Python clears them, page after page, and still finds the real break."""
    from casework.audit import verification

    wrong = verification._PG_SUSPECTS_STORED.replace("encode(sha256(convert_to(", "md5(convert_to(").replace(
        "'UTF8')), 'hex')", "'UTF8'))"
    )
    monkeypatch.setattr(verification, "_PG_SUSPECTS_STORED", wrong)
    monkeypatch.setattr(verification, "SUSPECTS_PER_QUERY", 2)
    result = audit_chain_verify()
    assert result.ok and result.checked == len(chain)

    tamper.set_field(seq=chain[-1], column="reason", value="Lý do đã bị sửa")
    result = audit_chain_verify()
    assert (result.first_break.seq, result.first_break.kind) == (chain[-1], "hash")
    assert result.checked == chain[-1] - 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the constraint exists on PostgreSQL")
def test_the_database_refuses_a_column_changed_without_its_text(chain):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError, match=CONSTRAINT), transaction.atomic(), connection.cursor() as cur:
        cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cur.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        cur.execute("UPDATE audit_auditevent SET reason = 'sửa' WHERE seq = %s", [chain[2]])
    assert audit_chain_verify().ok


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the constraint exists on PostgreSQL")
def test_a_dropped_constraint_is_reported_and_the_columns_are_hashed_instead(chain, tamper):
    tamper.set_field_leaving_constraint_off(seq=chain[2], column="reason", value="Lý do đã bị sửa")
    result = audit_chain_verify()
    assert not canonical_constraint_intact()
    assert (result.first_break.seq, result.first_break.kind) == (chain[2], "hash")
    assert CONSTRAINT in result.summary()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the constraint exists on PostgreSQL")
def test_a_stored_text_changed_alone_leaves_the_columns_right_but_the_result_not_ok(chain, tamper):
    tamper.set_field_leaving_constraint_off(seq=chain[1], column="canonical", value="{}")
    result = audit_chain_verify()
    assert result.first_break is None  # the columns, which people read, still give their hashes
    assert not result.ok and CONSTRAINT in result.summary()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the constraint exists on PostgreSQL")
@pytest.mark.parametrize(
    "replacement",
    ["CHECK (true)", "CHECK (canonical = canonical)", "CHECK (canonical IS NOT NULL) NOT VALID"],
)
def test_a_constraint_replaced_under_the_same_name_is_not_trusted(chain, replacement):
    with connection.cursor() as cur:
        cur.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the chain's pending FK checks block ALTER TABLE
        cur.execute(f"ALTER TABLE audit_auditevent DROP CONSTRAINT {CONSTRAINT}")
        cur.execute(f"ALTER TABLE audit_auditevent ADD CONSTRAINT {CONSTRAINT} {replacement}")
    assert not canonical_constraint_intact()
    result = audit_chain_verify()
    assert result.first_break is None and not result.ok


def test_deep_verification_finds_the_same_first_break(chain, tamper):
    tamper.set_field(seq=chain[3], column="action", value="case.reject")
    quick, deep = audit_chain_verify(), audit_chain_verify(deep=True)
    assert (quick.first_break, quick.checked) == (deep.first_break, deep.checked)
    assert (deep.first_break.seq, deep.first_break.kind) == (chain[3], "hash")
    output, error = run_verify("--deep")
    assert error is not None and f"seq={chain[3]} kind=hash" in output


def test_the_migration_fills_the_stored_text_of_existing_rows(chain, tamper):
    """Events written before the column existed get the text of their columns (and, on PostgreSQL,
    the constraint), so they verify on the fast path."""
    from importlib import import_module

    from django.apps import apps

    backfill = import_module("casework.audit.migrations.0007_stored_canonical_text").backfill
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cur.execute(f"ALTER TABLE audit_auditevent DROP CONSTRAINT {CONSTRAINT}")
            cur.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        cur.execute("UPDATE audit_auditevent SET canonical = ''")
        if connection.vendor == "postgresql":
            cur.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")
        # What the migration uses of its schema editor (SQLite refuses a real one inside a test's transaction).
        backfill(apps, SimpleNamespace(connection=connection, execute=lambda sql, params=None: cur.execute(sql)))
    for row in AuditEvent.objects.values_list(*ROW_FIELDS, "canonical"):
        assert row[16] == row_canonical_text(row[:16])
    if connection.vendor == "postgresql":
        assert canonical_constraint_intact()
    assert audit_chain_verify().ok


def test_the_first_of_several_breaks_is_reported(chain, tamper):
    tamper.set_field(seq=chain[3], column="reason", value="sửa sau")
    tamper.delete(seq=chain[4])
    tamper.set_field(seq=chain[1], column="reason", value="sửa trước")
    result = audit_chain_verify()
    assert (result.first_break.seq, result.first_break.kind) == (chain[1], "hash")
    assert result.head_seq == chain[1] - 1
    assert result.head_hash == AuditEvent.objects.get(seq=chain[0]).hash


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the set-based checks run on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_links_are_checked_on_a_second_connection(cast, tamper, monkeypatch):
    import threading

    from casework.audit import verification

    events = [audit_record_standalone(actor=None, action="sweep", target=("t", i)) for i in range(4)]
    threads = []
    checked_elsewhere = verification._first_bad_link_elsewhere

    def spy(last: int):
        threads.append(threading.get_ident())
        return checked_elsewhere(last)

    monkeypatch.setattr(verification, "_first_bad_link_elsewhere", spy)
    assert audit_chain_verify().ok
    assert threads and threads[0] != threading.get_ident()

    tamper.set_field(seq=events[2].seq, column="prev_hash", value="f" * 64)
    result = audit_chain_verify()
    assert (result.first_break.seq, result.first_break.kind) == (events[2].seq, "prev_hash")
    assert len(threads) == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the constraint exists on PostgreSQL")
def test_a_role_that_cannot_build_the_twin_hashes_from_the_columns_without_crying_tampering(chain, tamper, monkeypatch):
    from django.db import ProgrammingError

    from casework.audit import verification

    def refused() -> str:
        raise ProgrammingError("permission denied to create temporary tables")

    monkeypatch.setattr(verification, "_expected_definition", refused)
    assert canonical_constraint_intact() is None
    assert audit_chain_verify().ok
    tamper.set_field(seq=chain[2], column="reason", value="sửa")
    result = audit_chain_verify()
    assert (result.first_break.seq, result.first_break.kind) == (chain[2], "hash")
    assert CONSTRAINT not in result.summary()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the constraint exists on PostgreSQL")
def test_every_character_python_can_write_passes_the_constraint(cast):
    """If PostgreSQL's text of a row ever differed from Python's, the constraint would refuse the
    audit event and with it the step that wrote it. Every code point of the Basic Multilingual
    Plane (surrogates aside; NUL is refused by PostgreSQL text anyway) and some beyond it, in the
    free-text columns."""
    everything = "".join(chr(c) for c in range(1, 0x10000) if not 0xD800 <= c <= 0xDFFF)
    astral = "".join(chr(c) for c in (0x1F600, 0x1D11E, 0x10FFFF, 0x20000))
    controls = "".join(chr(c) for c in range(1, 0x21)) + '"\\\x7f\u2028\u2029\ufeff'
    audit_record_standalone(
        actor=None,
        actor_label=controls + "Nguyễn Thị Ánh",
        action="x" + controls,
        target=("t" + controls, controls),
        reason=everything + astral,
        before={controls: everything[:500]},
        meta={"ua": astral + controls},
    )
    row = AuditEvent.objects.values_list(*ROW_FIELDS, "canonical").get(action="x" + controls)
    assert row[16] == row_canonical_text(row[:16])
    assert audit_chain_verify().ok
