"""No stalls: when the inspected unit has no account, the chair or the team lead records the notice's delivery
(date, means, scan of the signed receipt) and the inspection goes on to its conclusion."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from casework.audit.models import AuditEvent
from casework.files.models import Attachment
from casework.inspections import selectors, services
from casework.inspections.actions import inspection_actions
from casework.inspections.models import Flag, Inspection
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed
from tests.builders import explanation_time_over, open_ad_hoc, raise_flag
from tests.factories import make_unit


def receipt() -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "ky-nhan.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n", "application/pdf"
    )


def _notified(cast, unit):
    flag = raise_flag(cast, unit=unit)
    inspection = services.inspection_open(unit=cast.sector, subject_unit=unit, actor=cast.inspector, flags=[flag])
    services.inspection_team_set(
        inspection=inspection, members=[cast.inspector2, cast.inspector3], lead=cast.inspector, actor=cast.inspector
    )
    inspection = services.inspection_decide(inspection=inspection, actor=cast.chair)
    inspection = services.inspection_notify(
        inspection=inspection, text="Đề nghị chuẩn bị sổ sách", actor=cast.inspector
    )
    return flag, inspection


def test_a_unit_without_an_account_still_reaches_the_conclusion(cast, frozen_clock):
    no_account = make_unit(parent=cast.sector, name="CĐCS Trạm y tế xã", code="TYT")
    flag, inspection = _notified(cast, no_account)
    assert "acknowledge" not in inspection_actions(user=cast.subject_rep, inspection=inspection)
    assert "deliver_notice" in inspection_actions(user=cast.chair, inspection=inspection)
    assert "deliver_notice" in inspection_actions(user=cast.inspector, inspection=inspection)  # the team lead
    assert "deliver_notice" not in inspection_actions(user=cast.inspector2, inspection=inspection)
    with pytest.raises(TransitionNotAllowed):
        services.inspection_notice_delivered(
            inspection=inspection, actor=cast.inspector2, delivered_on=clock.today(), means="hand", uploads=[receipt()]
        )
    clock.advance(dt.timedelta(days=2))
    delivered_on = clock.today() - dt.timedelta(days=1)
    inspection = services.inspection_notice_delivered(
        inspection=inspection, actor=cast.inspector, delivered_on=delivered_on, means="post", uploads=[receipt()]
    )
    assert (inspection.status, inspection.notice_delivered_on, inspection.notice_delivery_means) == (
        Inspection.Status.FIELDWORK,
        delivered_on,
        "post",
    )
    assert Attachment.objects.filter(kind="notice_receipt", target_id=str(inspection.pk)).count() == 1
    event = AuditEvent.objects.get(action="inspection.notice_delivered", target_id=str(inspection.pk))
    assert event.after["means"] == "post"
    for item in inspection.checklist.all():
        services.checklist_mark(item=item, actor=cast.inspector2)
    inspection = services.inspection_report_draft(inspection=inspection, text="Dự thảo", actor=cast.inspector)
    # Nobody can explain for it in the system: the conclusion waits for the unit's time to run out.
    assert "conclude" not in inspection_actions(user=cast.chair, inspection=inspection)
    explanation_time_over(inspection)
    services.inspection_conclude(inspection=inspection, outcome="founded", text="Có vi phạm", actor=cast.chair)
    flag.refresh_from_db()
    assert flag.status == Flag.Status.INSPECTED
    assert selectors.flag_bucket(flag=flag) == "inspected"


@pytest.mark.parametrize(
    "values,field",
    [
        ({"delivered_on": None}, "delivered_on"),
        ({"delivered_on": "tomorrow"}, "delivered_on"),
        ({"means": "pigeon"}, "means"),
        ({"uploads": []}, "files"),
    ],
)
def test_bad_delivery_input_names_the_field_and_changes_nothing(cast, frozen_clock, values, field):
    no_account = make_unit(parent=cast.sector, name="CĐCS Trạm y tế xã", code="TYT")
    _flag, inspection = _notified(cast, no_account)
    given = {"delivered_on": clock.today(), "means": "hand", "uploads": [receipt()], **values}
    if given["delivered_on"] == "tomorrow":
        given["delivered_on"] = clock.today() + dt.timedelta(days=1)
    with pytest.raises(ValidationFailed) as err:
        services.inspection_notice_delivered(inspection=inspection, actor=cast.chair, **given)
    assert field in err.value.fields
    inspection.refresh_from_db()
    assert (inspection.status, inspection.notice_delivered_on) == (Inspection.Status.NOTIFIED, None)


def test_a_unit_with_an_account_acknowledges_itself(cast, frozen_clock):
    inspection = services.inspection_notify(
        inspection=open_ad_hoc(cast, [raise_flag(cast)]), text="Thông báo", actor=cast.inspector
    )
    assert "deliver_notice" not in inspection_actions(user=cast.chair, inspection=inspection)
    with pytest.raises(TransitionNotAllowed):
        services.inspection_notice_delivered(
            inspection=inspection, actor=cast.chair, delivered_on=clock.today(), means="hand", uploads=[receipt()]
        )


def test_the_notice_is_not_delivered_before_the_decision_on_the_decisions_own_day(cast, frozen_clock):
    """A decision made at 06:30 in Vietnam falls on the day before in UTC: a delivery dated that day before
    is still before the decision, and refused; the decision's own day is accepted."""
    no_account = make_unit(parent=cast.sector, name="CĐCS Trạm y tế xã", code="TYT")
    clock.set_now(dt.datetime(2026, 3, 2, 23, 30, tzinfo=dt.UTC))  # Tue 03/03/2026 06:30 in Vietnam
    _flag, inspection = _notified(cast, no_account)
    decided_on = dt.date(2026, 3, 3)
    clock.set_now(dt.datetime(2026, 3, 4, 2, 0, tzinfo=dt.UTC))
    with pytest.raises(ValidationFailed) as refused:
        services.inspection_notice_delivered(
            inspection=inspection,
            actor=cast.inspector,
            delivered_on=decided_on - dt.timedelta(days=1),
            means="hand",
            uploads=[receipt()],
        )
    assert "delivered_on" in refused.value.fields
    inspection = services.inspection_notice_delivered(
        inspection=inspection, actor=cast.inspector, delivered_on=decided_on, means="hand", uploads=[receipt()]
    )
    assert inspection.notice_delivered_on == decided_on


def test_the_trail_of_a_delivery_reads_in_words(cast, frozen_clock):
    """The log of the inspection says what was done, on which day and how, in the reader's words: no
    "inspection.notice_delivered", no "delivered_on", and the means read as the form offered it."""
    from django.utils import translation

    from casework.audit.selectors import audit_events_for
    from casework.audit.timeline import timeline_entries

    no_account = make_unit(parent=cast.sector, name="CĐCS Trạm y tế xã", code="TYT")
    _flag, inspection = _notified(cast, no_account)
    services.inspection_notice_delivered(
        inspection=inspection, actor=cast.inspector, delivered_on=clock.today(), means="hand", uploads=[receipt()]
    )
    with translation.override("vi"):
        events = audit_events_for(target_type="inspections.inspection", target_id=inspection.pk)
        (entry,) = [e for e in timeline_entries(events) if e.action == "inspection.notice_delivered"]
        changes = {c.field: c for c in entry.changes}
        assert entry.what == "Ghi nhận đã giao thông báo kiểm tra"
        assert changes["delivered_on"].label == "Ngày giao thông báo"
        assert changes["means"].label == "Hình thức giao"
        assert changes["means"].after == str(Inspection.DeliveryMeans.HAND.label)


def test_the_delivery_form_marks_the_scan_of_the_signed_receipt_required(cast, frozen_clock, client):
    """The service refuses a delivery without the scan: the form says so before it is sent."""
    import re

    from django.urls import reverse

    no_account = make_unit(parent=cast.sector, name="CĐCS Trạm y tế xã", code="TYT")
    _flag, inspection = _notified(cast, no_account)
    client.force_login(cast.chair)
    page = client.get(reverse("inspections:inspection_detail", args=[inspection.pk])).content.decode()
    section = page.split('id="action-deliver_notice"', 1)[1].split("</section>", 1)[0]
    (files,) = re.findall(r"<input[^>]*name=\"files\"[^>]*>", section)
    assert " required" in files
    assert re.search(r"<input[^>]*name=\"delivered_on\"[^>]*required", section)


def test_the_page_says_what_a_notified_inspection_waits_for_until_the_notice_is_received(cast, frozen_clock, client):
    from django.urls import reverse

    _flag, inspection = _notified(cast, cast.hospital)
    client.force_login(cast.inspector)
    url = reverse("inspections:inspection_detail", args=[inspection.pk])
    page = client.get(url).content.decode()
    assert 'id="awaiting-receipt"' in page
    assert "xác nhận đã nhận thông báo" in page
    services.inspection_acknowledge(inspection=inspection, actor=cast.subject_rep)
    assert 'id="awaiting-receipt"' not in client.get(url).content.decode()
