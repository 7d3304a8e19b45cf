"""Requests of data subjects read their limits from the deadline policy (Nghị định 356/2025/NĐ-CP Điều 5): the
answer's clock, once a processor or a third party must act too, is counted by the policy's `third_party` row of
its step and names it; the one extension's cap is the policy's `sar_extend_*` row (workflows 0030). A request
keeps the policy version it started under when an administrator's newer version changes the figures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from casework.audit.models import AuditEvent
from casework.privacy.subject_requests import (
    subject_request_extend,
    subject_request_third_party,
)
from core import clock
from core.errors import ValidationFailed
from tests.builders import subject_request, subject_request_answer_clock
from workflows.models import DeadlineRule
from workflows.services.policy import policy_current, policy_version_copy

pytestmark = pytest.mark.django_db

RECEIVED = dt.datetime(2026, 4, 29, 2, 0, tzinfo=dt.UTC)  # Wednesday 29/04/2026, 09:00 ICT
REASON = "Cần bên xử lý dữ liệu cung cấp bản sao dữ liệu lưu trên hệ thống của họ."


@pytest.fixture
def at_received():
    clock.set_now(RECEIVED)
    return clock


def _row(version, step, variant="normal") -> DeadlineRule:
    return DeadlineRule.objects.get(version=version, subject="subject_request", step=step, variant=variant)


def test_the_seeded_policy_caps_each_right_s_extension(cast, at_received):
    version = policy_current()
    caps = {step: _row(version, step).days for step in ("sar_extend_access", "sar_extend_stop", "sar_extend_delete")}
    assert caps == {"sar_extend_access": 10, "sar_extend_stop": 15, "sar_extend_delete": 20}
    assert all("Nghị định 356/2025/NĐ-CP Điều 5" in _row(version, step).source for step in caps)


def test_a_third_party_points_the_answer_s_clock_at_the_third_party_row_and_page_and_api_say_so(
    cast, sector_admin, at_received, api_as
):
    request = subject_request(sector_admin, cast.hospital)
    version = policy_current()
    assert subject_request_answer_clock(request).rule == _row(version, "sar_answer_access")

    subject_request_third_party(actor=sector_admin, request=request)

    running = subject_request_answer_clock(request)
    third = _row(version, "sar_answer_access", "third_party")
    assert (running.rule, running.days, running.day_unit) == (third, third.days, third.day_unit)
    assert running.due_on == dt.date(2026, 5, 14)  # 15 days from Wed 29/04
    body = api_as(sector_admin).get(f"/api/subject-requests/{request.pk}/").json()
    answer = next(c for c in body["clocks"] if c["step"] == "sar_answer_access")
    assert (answer["variant"], answer["days"], answer["source"]) == ("third_party", 15, third.source)
    assert answer["due_on"] == body["answer_due_on"] == "2026-05-14"
    client = Client()
    client.force_login(sector_admin)
    page = client.get(reverse("privacy:request_detail", args=[request.pk])).content.decode()
    assert "14/05/2026" in page and third.source in page and "third_party" not in page.split('id="clocks"')[1]


def test_a_request_keeps_the_policy_version_it_started_under_when_a_new_one_changes_the_figures(
    cast, sector_admin, at_received
):
    old_version = policy_current()
    before = subject_request(sector_admin, cast.hospital)
    new_version = policy_version_copy(source=old_version, actor=cast.admin)  # in force from tomorrow
    for step, variant, days in (("sar_answer_access", "third_party", 25), ("sar_extend_access", "normal", 12)):
        row = _row(new_version, step, variant)
        row.days = days
        row.save()
    clock.advance(dt.timedelta(days=1))
    after = subject_request(sector_admin, cast.hospital)

    subject_request_third_party(actor=sector_admin, request=before)
    subject_request_third_party(actor=sector_admin, request=after)

    assert subject_request_answer_clock(before).rule == _row(old_version, "sar_answer_access", "third_party")
    assert subject_request_answer_clock(before).due_on == dt.date(2026, 5, 14)  # 15 days from 29/04, not 25
    assert subject_request_answer_clock(after).rule == _row(new_version, "sar_answer_access", "third_party")
    assert subject_request_answer_clock(after).due_on == dt.date(2026, 5, 25)  # 25 days from Thu 30/04
    with pytest.raises(ValidationFailed) as refused:
        subject_request_extend(actor=sector_admin, request=before, days=12, reason=REASON)
    assert "đến 10 ngày" in refused.value.fields["days"][0]
    subject_request_extend(actor=sector_admin, request=after, days=12, reason=REASON)
    event = AuditEvent.objects.get(action="privacy.subject_request_extend", target_id=str(after.pk))
    assert event.after["days"] == 12 and event.after["most"] == 12
    assert subject_request_answer_clock(after).due_on == dt.date(
        2026, 6, 8
    )  # 25/05 + 12 days: Sat 06/06 runs to Mon 08/06


def test_an_administrator_s_cap_in_the_policy_is_the_one_the_page_api_and_service_apply(
    cast, sector_admin, at_received, api_as
):
    row = _row(policy_current(), "sar_extend_delete")
    row.days = 5
    row.save()
    request = subject_request(sector_admin, cast.hospital, right="delete")
    api = api_as(sector_admin)
    assert api.get(f"/api/subject-requests/{request.pk}/").json()["extension_most_days"] == 5
    client = Client()
    client.force_login(sector_admin)
    page = client.get(reverse("privacy:request_detail", args=[request.pk])).content.decode()
    assert "tối đa 5 ngày" in page

    refused = api.post(f"/api/subject-requests/{request.pk}/extend/", {"days": 6, "reason": REASON}, format="json")

    assert refused.status_code == 400 and "5" in str(refused.json())
    assert subject_request_answer_clock(request).extensions == 0
    done = api.post(f"/api/subject-requests/{request.pk}/extend/", {"days": 5, "reason": REASON}, format="json")
    assert done.status_code == 200 and done.json()["extension_days"] == 5
