"""The demo loader covers every kind in every state and a second run changes nothing."""

from __future__ import annotations

import pytest

from casework.cases.demo import load_demo_cases
from casework.cases.models import Case, Kind
from casework.org.demo import load_demo_org

pytestmark = pytest.mark.django_db

EXPECTED = {
    Kind.COMPLAINT: {
        "received",
        "accepted",
        "assigned",
        "verifying",
        "dialogue",
        "proposed",
        "approved",
        "decided",
        "notified",
        "closed",
        "refused",
        "transferred",
        "guided",
        "withdrawn",
        "terminated",
        "merged",
        "suspended",
    },
    Kind.DENUNCIATION: {
        "received",
        "accepted",
        "assigned",
        "verifying",
        "proposed",
        "approved",
        "concluded",
        "handled",
        "notified",
        "closed",
        "refused",
        "transferred",
        "withdrawn",
        "terminated",
        "merged",
        "suspended",
        "not_processed",
    },
    Kind.PETITION: {
        "received",
        "accepted",
        "assigned",
        "answered",
        "closed",
        "refused",
        "transferred",
        "guided",
        "withdrawn",
    },
}


def test_demo_cases_cover_every_state_and_are_idempotent():
    load_demo_org()
    first = load_demo_cases()
    assert first["cases"] > 40
    for kind, states in EXPECTED.items():
        assert set(Case.objects.filter(kind=kind).values_list("status", flat=True)) == states
    assert Case.objects.filter(round=2).exists()
    assert Case.objects.filter(extensions__gt=0).exists()
    # titles name a topic and a number, never the internal state the case was brought to
    titles = " ".join(Case.objects.values_list("title", flat=True))
    assert not {status for states in EXPECTED.values() for status in states} & set(titles.replace(")", " ").split())
    count = Case.objects.count()
    assert load_demo_cases() == {"cases": 0}
    assert Case.objects.count() == count
