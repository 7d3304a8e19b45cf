import pytest
from django.urls import reverse

from casework.audit.models import AuditEvent
from workflows.models import CalendarDay


@pytest.mark.django_db
def test_admin_pages_open_and_a_holiday_entered_there_is_audited(client, cast):
    client.force_login(cast.admin)
    for name in ["policyversion", "calendarday", "calendarnotice", "deadline", "escalation"]:
        assert client.get(reverse(f"admin:workflows_{name}_changelist")).status_code == 200
    assert client.get(reverse("admin:notifications_outboxmessage_changelist")).status_code == 200
    response = client.post(
        reverse("admin:workflows_calendarday_add"), {"date": "2026-09-03", "kind": "holiday", "name": "Nghỉ bù"}
    )
    assert response.status_code == 302
    day = CalendarDay.objects.get(date="2026-09-03")
    assert AuditEvent.objects.filter(action="calendar.change", target_id=str(day.pk)).exists()
    assert client.get(reverse("admin:workflows_deadline_add")).status_code == 403
