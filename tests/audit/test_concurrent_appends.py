import threading

import pytest
from django.db import connection, connections

from casework.audit.chain import GENESIS_HASH
from casework.audit.models import AuditEvent
from casework.audit.services import audit_record_standalone
from casework.audit.verification import audit_chain_verify

THREADS = 6
PER_THREAD = 15


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real parallel writers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_parallel_writers_keep_one_linear_chain(cast):
    start = AuditEvent.objects.count()
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            barrier.wait()
            for i in range(PER_THREAD):
                audit_record_standalone(
                    actor=cast.officer, action="test.parallel", target=("t", f"{n}-{i}"), unit=cast.hospital
                )
        except BaseException as exc:  # noqa: BLE001 - reported below, in the main thread
            errors.append(exc)
        finally:
            connections.close_all()  # each thread had its own connection

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    links = list(AuditEvent.objects.order_by("seq").values_list("seq", "prev_hash", "hash"))
    assert len(links) == start + THREADS * PER_THREAD
    assert [seq for seq, _, _ in links] == list(range(1, len(links) + 1)), "contiguous seqs"
    prev = GENESIS_HASH
    for seq, prev_hash, digest in links:
        assert prev_hash == prev, f"fork at seq {seq}"
        prev = digest
    assert (
        AuditEvent.objects.filter(action="test.parallel").values("target_id").distinct().count() == THREADS * PER_THREAD
    )
    assert audit_chain_verify().ok
