"""Two inspectors group the same flag at the same moment: exactly one inspection gets it (PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from casework.inspections import services
from casework.inspections.models import Flag, Inspection
from core.errors import TransitionNotAllowed
from tests.builders import raise_flag


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_one_flag_goes_to_one_inspection_when_two_open_at_once(cast, frozen_clock):
    flag = raise_flag(cast)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def open_inspection(actor):
        try:
            barrier.wait(timeout=10)
            services.inspection_open(unit=cast.sector, subject_unit=cast.hospital, actor=actor, flags=[flag])
            outcomes.append("opened")
        except TransitionNotAllowed:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=open_inspection, args=(u,)) for u in (cast.inspector, cast.inspector2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes) == ["opened", "refused"]
    flag.refresh_from_db()
    assert flag.status == Flag.Status.ASSIGNED
    # The refused opening rolled back entirely: no empty inspection is left behind.
    assert Inspection.objects.count() == 1
