"""The demo has a supervision in each state, one of which raised a flag; a second run changes nothing."""

from __future__ import annotations

from casework.inspections.demo import load_demo_inspections
from casework.inspections.models import Flag
from casework.org.demo import load_demo_org
from casework.supervision.demo import load_demo_supervisions
from casework.supervision.models import Supervision


def test_demo_has_every_state_and_is_idempotent(db, frozen_clock):
    load_demo_org()
    load_demo_inspections()
    first = load_demo_supervisions()
    assert set(Supervision.objects.values_list("status", flat=True)) == set(Supervision.Status.values)
    assert Supervision.objects.filter(plan_item__isnull=False, status="planned").exists()
    flag = Flag.objects.get(source=Flag.Source.SUPERVISION)
    reported = Supervision.objects.get(status="reported")
    assert (flag.source_type, flag.source_id, flag.status) == ("supervision.supervision", str(reported.pk), "raised")
    assert load_demo_supervisions() == {"supervisions": 0}
    assert Supervision.objects.count() == first["supervisions"]
