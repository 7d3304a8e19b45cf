import datetime as dt

import pytest
from django.urls import reverse

from casework.audit import labels
from casework.audit.labels import register_action_labels, register_field_labels
from casework.audit.selectors import audit_timeline
from casework.audit.services import audit_record_standalone
from core import clock
from core.errors import OutOfScope

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_events(cast, frozen_clock, monkeypatch):
    # The words these tests register are theirs alone: the process's registry is given back afterwards.
    monkeypatch.setattr(labels, "_actions", dict(labels._actions))
    monkeypatch.setattr(labels, "_fields", dict(labels._fields))
    register_action_labels({"case.receive": "Tiếp nhận đơn", "case.accept": "Thụ lý đơn"})
    register_field_labels({"status": "Trạng thái", "due_on": "Hạn giải quyết"})
    audit_record_standalone(
        actor=cast.intake, actor_role="intake_officer", action="case.receive", target=("cases.case", 7),
        unit=cast.hospital, after={"status": "received"},
    )  # fmt: skip
    clock.advance(dt.timedelta(hours=2, minutes=5))
    audit_record_standalone(
        actor=cast.officer, actor_role="case_officer", action="case.accept", target=("cases.case", 7),
        unit=cast.hospital, before={"status": "received"}, after={"status": "accepted", "due_on": "2026-04-13"},
        reason="Đơn đủ điều kiện thụ lý",
    )  # fmt: skip
    # Another case, another unit: must never show up.
    audit_record_standalone(
        actor=cast.other_officer, action="case.accept", target=("cases.case", 8), unit=cast.other_grassroots
    )
    return ("cases.case", "7")


def test_the_timeline_reads_in_vietnamese(cast, client, case_events):
    client.force_login(cast.officer2)
    response = client.get(reverse("audit:timeline", args=case_events))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Tiếp nhận đơn") < html.index("Thụ lý đơn"), "oldest first"
    assert "02/03/2026 09:00" in html and "02/03/2026 11:05" in html, "local time, dd/mm/yyyy HH:MM"
    assert "Đơn đủ điều kiện thụ lý" in html
    assert "Hạn giải quyết" in html and "13/04/2026" in html
    assert "Cán bộ giải quyết" in html, "the actor's role, in words"
    assert cast.officer.full_name in html


def test_an_officer_of_another_unit_gets_404(cast, client, case_events):
    client.force_login(cast.other_officer)
    assert client.get(reverse("audit:timeline", args=case_events)).status_code == 404
    with pytest.raises(OutOfScope):
        audit_timeline(user=cast.other_officer, target_type="cases.case", target_id=7)


def test_a_user_without_a_role_and_an_unknown_target_get_404(cast, client, case_events):
    client.force_login(cast.outsider)
    assert client.get(reverse("audit:timeline", args=case_events)).status_code == 404
    client.force_login(cast.officer)
    assert client.get(reverse("audit:timeline", args=("cases.case", "999"))).status_code == 404


def test_events_of_units_outside_scope_are_left_out(cast, case_events):
    """A case moved between units: each reader sees only the events of units they may see."""
    audit_record_standalone(actor=cast.admin, action="case.transfer", target=("cases.case", 7), unit=cast.other_sector)
    seen = [e.action for e in audit_timeline(user=cast.officer, target_type="cases.case", target_id="7")]
    assert seen == ["case.receive", "case.accept"]
    seen_by_other = [e.action for e in audit_timeline(user=cast.other_officer, target_type="cases.case", target_id="7")]
    assert seen_by_other == ["case.transfer"]


def test_other_apps_can_include_the_timeline(cast, case_events, rf):
    from django.template import Context, Template

    events = audit_timeline(user=cast.officer, target_type="cases.case", target_id="7")
    html = Template("{% load audit_tags %}{% audit_timeline events %}").render(Context({"events": events}))
    assert "Thụ lý đơn" in html and "Trạng thái" in html
    included = Template('{% include "audit/_timeline.html" with events=events %}').render(Context({"events": events}))
    assert "Tiếp nhận đơn" in included


def test_values_read_as_words_and_dates(settings):
    from casework.audit.labels import register_value_labels
    from casework.audit.models import AuditEvent
    from casework.audit.timeline import changes_of

    register_value_labels("status", {"accepted": "Đã thụ lý"})
    event = AuditEvent(
        before={"status": "received", "role": "auditor", "username": "admin", "urgent": False},
        after={
            "status": "accepted",
            "valid_to": "2026-12-31",
            "at": "2026-03-02T02:00:00Z",
            "urgent": True,
            "tags": ["a", "b"],
        },
    )
    changes = {c.field: (c.label, c.before, c.after) for c in changes_of(event)}
    assert changes["status"] == ("Trạng thái", "Mới tiếp nhận", "Đã thụ lý"), (
        "a code no app registered reads by its model label"
    )
    assert changes["role"][1] == "Giám sát", "a role code reads as the role's name"
    assert changes["username"][1] == "admin", "value labels belong to one field, never to a username"
    assert changes["urgent"][1:] == ("Không", "Có")
    assert changes["valid_to"] == ("Đến ngày", "—", "31/12/2026")
    assert changes["at"][2] == "02/03/2026 09:00", "instants read in local time"
    assert changes["tags"][2] == "a, b"


def test_the_timeline_names_its_objects_in_one_query_per_kind(cast, client, frozen_clock, django_user_model):
    """Each person, unit and object key the events name is read with the others of its kind before
    the lines are written: more events naming more objects cost no query more."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    people = [django_user_model.objects.create(username=f"nguoi{n}", full_name=f"Người Số {n}") for n in range(6)]
    units = [cast.hospital, cast.clinic, cast.sector, cast.province, cast.other_grassroots, cast.other_sector]

    def event(n: int) -> None:
        audit_record_standalone(
            actor=cast.officer, action="case.assign", target=("cases.case", 7), unit=cast.hospital,
            before={"assignee": people[n - 1].pk if n else None},
            after={"assignee": people[n].pk, "unit": units[n].pk, "previous": f"org.user:{people[n].pk}"},
        )  # fmt: skip

    def timeline_queries() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("audit:timeline", args=["cases.case", "7"]))
        assert response.status_code == 200
        return len(ctx.captured_queries), response.content.decode()

    client.force_login(cast.officer2)
    event(0)
    client.get(reverse("audit:timeline", args=["cases.case", "7"]))  # the session and the templates warm
    one, _page = timeline_queries()
    for n in range(1, 6):
        event(n)
    six, page = timeline_queries()
    assert all(f"Người Số {n}" in page for n in range(6))
    assert all(unit.name in page for unit in units)
    assert six == one
