import pytest
from django.db import connection, transaction

from casework.audit.chain import GENESIS_HASH, compute_hash, event_fields
from casework.audit.models import AppendOnlyError, AuditEvent
from casework.audit.services import audit_record, audit_record_standalone

pytestmark = pytest.mark.django_db


def recompute(event: AuditEvent) -> str:
    return compute_hash(
        event_fields(
            seq=event.seq,
            at=event.at,
            actor_id=event.actor_id,
            actor_label=event.actor_label,
            actor_role=event.actor_role,
            actor_unit_id=event.actor_unit_id,
            action=event.action,
            target_type=event.target_type,
            target_id=event.target_id,
            unit_id=event.unit_id,
            before=event.before,
            after=event.after,
            reason=event.reason,
            meta=event.meta,
            prev_hash=event.prev_hash,
        )
    )


def test_events_form_a_chain(cast):
    start = AuditEvent.objects.count()
    for i in range(3):
        audit_record_standalone(
            actor=cast.officer,
            action="test.step",
            target=("test", i),
            unit=cast.sector,
            before={"n": i},
            after={"n": i + 1},
            reason="lý do",
        )
    events = list(AuditEvent.objects.order_by("seq"))
    assert len(events) == start + 3
    assert events[0].prev_hash == GENESIS_HASH
    for prev, event in zip(events, events[1:], strict=False):
        assert event.prev_hash == prev.hash
        assert event.seq == prev.seq + 1
    for event in events:
        assert recompute(event) == event.hash, "the stored hash must be reproducible from the stored row"


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_run_outside_a_transaction():
    with pytest.raises(RuntimeError):
        audit_record(actor=None, action="x", target=("t", 1))


def test_a_rolled_back_service_leaves_no_event(cast):
    before = AuditEvent.objects.count()
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        audit_record(actor=cast.officer, action="test.fail", target=("t", 1))
        1 / 0  # noqa: B018
    assert AuditEvent.objects.count() == before


def test_the_model_refuses_updates_and_deletes(cast):
    event = audit_record_standalone(actor=None, action="test", target=("t", 1))
    event.reason = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL")
def test_postgresql_refuses_raw_update(cast):
    from django.db import DatabaseError

    event = audit_record_standalone(actor=None, action="test", target=("t", 1))
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cur:
        cur.execute("UPDATE audit_auditevent SET reason = 'x' WHERE id = %s", [event.pk])


def test_system_actor_is_labelled(cast):
    event = audit_record_standalone(actor=None, action="sweep", target=("t", 1))
    assert event.actor_id is None
    assert event.actor_label == "Hệ thống"


def test_the_chain_head_follows_every_append(cast):
    from casework.audit.models import AuditChainHead

    event = audit_record_standalone(actor=cast.officer, action="test", target=("t", 1), unit=cast.sector)
    head = AuditChainHead.objects.get()
    assert (head.seq, head.hash) == (event.seq, event.hash)
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.seq, stored.hash, stored.before, stored.meta) == (event.seq, event.hash, event.before, event.meta)


def test_a_missing_head_is_rebuilt_from_the_newest_event(cast):
    from casework.audit.models import AuditChainHead

    newest = AuditEvent.objects.order_by("-seq").first()
    AuditChainHead.objects.all().delete()
    event = audit_record_standalone(actor=None, action="test", target=("t", 1))
    assert (event.seq, event.prev_hash) == (newest.seq + 1, newest.hash)


def test_an_event_appended_after_a_deleted_tail_leaves_the_gap_visible(cast, tamper):
    """The head remembers the deleted event: the next append cannot silently reuse its seq."""
    from casework.audit.verification import audit_chain_verify

    gone = audit_record_standalone(actor=None, action="test", target=("t", 1))
    tamper.delete(seq=gone.seq)
    audit_record_standalone(actor=None, action="test", target=("t", 2))
    result = audit_chain_verify()
    assert (result.first_break.seq, result.first_break.kind) == (gone.seq, "missing")


def test_a_client_request_id_is_cleaned_before_it_enters_the_chain(client, cast):
    client.force_login(cast.officer)
    client.get("/", HTTP_X_REQUEST_ID="abc\n" + "x" * 500 + '"}{')
    from casework.audit.context import clean_request_id

    assert clean_request_id('abc\n"}{def') == "abcdef"
    assert len(clean_request_id("y" * 500)) == 64
