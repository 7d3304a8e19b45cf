"""One name, one meaning: a key of an audit event reads under a label meant for the action that wrote it.

The demo's events hold every action in every state (load_demo). For each key each of them stores, the
label shown is the action's own (casework.audit.labels.register_event_labels) or the target model's own
field's, or else the key has a single meaning wherever it is labelled (field_label_meanings): a key
labelled by two meanings ("means": how a denunciation was withdrawn, how the person denounced was asked to
explain) must be labelled by each action. An integer a key stores is an object's id shown as that object
(reference_model), or one of the counts and numbers below, never an id read as a number."""

from __future__ import annotations

import pytest

from casework.audit.labels import (
    event_label_actions,
    field_label_is_own,
    field_label_meanings,
    labelled_action_codes,
    reference_model,
)
from casework.audit.models import AuditEvent
from casework.audit.timeline import REASON_CODE, REASON_PARAMS

pytestmark = pytest.mark.django_db

# Keys whose integers are counts, numbers in a series, or a year or quarter: shown as the number they are.
NUMBERS = {
    "documents",
    "files",
    "extensions",
    "flags_inspected",
    "times_returned",
    "members_total",
    "members_present",
    "people_count",
    "posting_days",
    "media_days",
    "media_times",
    "portal_days",
    "size",
    "offset",  # days before a deadline its reminder is sent
    "round",  # the round of a complaint (Luật Khiếu nại 2011: lần đầu, lần hai)
    "expertise",  # the expertise request's number in the case
    "denouncers",  # a denouncer's place in the sealed identity, never an id
    "template_version",  # the template's version number (papers: register_reference_fields)
    "year",
    "quarter",
}


@pytest.fixture
def demo(demo_data, db, frozen_clock):
    return None


def _written(values):
    return values.items() if isinstance(values, dict) else ()


def test_every_key_of_every_event_reads_under_a_label_of_its_own_meaning(demo):
    written = AuditEvent.objects.values_list("action", "target_type", "before", "after")
    shared, raw_ids, actions = set(), set(), set()
    for action, target_type, before, after in written:
        actions.add(action)
        for key, value in [*_written(before), *_written(after)]:
            if key in (REASON_CODE, REASON_PARAMS):
                continue
            if not field_label_is_own(key, target_type, action) and len(field_label_meanings(key)) > 1:
                shared.add((action, key, tuple(sorted(field_label_meanings(key)))))
            items = value if isinstance(value, list) else [value]
            ids = [v for v in items if isinstance(v, int) and not isinstance(v, bool)]
            if ids and key not in NUMBERS and reference_model(key, target_type, action) is None:
                raw_ids.add((action, key))
    # The steps of the verification whose keys collided are among what was walked.
    assert {"case.explanation_request", "case.explanation_received", "case.verification_assign"} <= actions
    assert not sorted(shared), "a key labelled by more than one meaning, with no label for this action"
    assert not sorted(raw_ids), "an id that would be shown as a number"


def test_every_action_labelled_per_key_is_an_action_with_a_label():
    """A key labelled for an action nobody labelled is a misspelt action code: its events would read the
    shared label after all."""
    assert set(event_label_actions()) - set(labelled_action_codes()) == set()
