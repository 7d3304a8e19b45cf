"""A change line whose value is empty before and after says nothing: the timeline leaves it out,
whatever the object, and keeps every value that changed."""

from __future__ import annotations

import pytest

from casework.audit.models import AuditEvent
from casework.audit.timeline import changes_of, timeline_entries
from tests import builders

pytestmark = pytest.mark.django_db


def test_a_new_flags_creation_lists_only_the_fields_it_was_given(cast, frozen_clock):
    flag = builders.raise_flag(cast)
    created = AuditEvent.objects.filter(target_type="inspections.flag", target_id=str(flag.pk)).earliest("seq")
    stored_empty = [k for k, v in created.after.items() if v in (None, "", [], {})]
    assert stored_empty, "the creation event stores fields a new flag has no value for"
    (entry,) = timeline_entries([created])
    shown = {c.field: c for c in entry.changes}
    assert not set(stored_empty) & set(shown)
    assert all(not (c.before == "—" and c.after == "—") for c in entry.changes)
    # What the flag was given is still there.
    assert set(stored_empty) == {"escalation", "inspection"}
    assert shown["severity"].after == "Nghiêm trọng"
    assert shown["status"].after == "Mới phát hiện"
    assert shown["category"].after == "Tài chính: chi tiêu"


def test_a_value_emptied_or_filled_is_kept(cast, frozen_clock):
    event = AuditEvent(
        target_type="inspections.flag",
        target_id="1",
        action="flag.update",
        before={"person": "Nguyễn Văn A", "evidence": "", "note": None},
        after={"person": "", "evidence": "Có chứng từ", "note": []},
    )
    assert {c.field: (c.before, c.after) for c in changes_of(event)} == {
        "person": ("Nguyễn Văn A", "—"),
        "evidence": ("—", "Có chứng từ"),
    }
