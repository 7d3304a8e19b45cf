"""Requests of data subjects (Nghị định 356/2025/NĐ-CP Điều 5): the answer's longer limit when a processor or a
third party must act too (15, 20, 30 days instead of 10, 15, 20), chosen when recording or before answering, and
the controller's one extension of at most 10, 15 or 20 days, on a reason the requester is told."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from casework.audit.models import AuditEvent
from casework.org.models import Role
from casework.privacy.models import SubjectAccessRequest
from casework.privacy.selectors import subject_request_actions
from casework.privacy.subject_requests import (
    subject_request_extend,
    subject_request_third_party,
)
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed
from tests.builders import subject_request, subject_request_answer_clock
from tests.factories import UserFactory
from workflows.models import Deadline

pytestmark = pytest.mark.django_db

# Wednesday 29/04/2026, 09:00 ICT: 30/04 and 01/05 are holidays, 02-03/05 a weekend.
RECEIVED = dt.datetime(2026, 4, 29, 2, 0, tzinfo=dt.UTC)
REASON = "Cần bên xử lý dữ liệu cung cấp bản sao dữ liệu lưu trên hệ thống của họ."


@pytest.fixture
def at_received():
    clock.set_now(RECEIVED)
    return clock


def _events(request, action):
    return AuditEvent.objects.filter(action=action, target_id=str(request.pk))


@pytest.mark.parametrize(
    ("right", "due"),
    [
        ("access", dt.date(2026, 5, 14)),  # 15 days, not 10
        ("withdraw_consent", dt.date(2026, 5, 19)),  # 20, not 15 (Thu 14/05)
        ("delete", dt.date(2026, 5, 29)),  # 30, not 20 (Tue 19/05)
    ],
)
def test_a_request_recorded_with_a_third_party_runs_on_the_longer_limit(cast, sector_admin, at_received, right, due):
    request = subject_request(sector_admin, cast.hospital, right=right, third_party=True)

    assert request.third_party and subject_request_answer_clock(request).due_on == due
    event = _events(request, "privacy.subject_request_record").get()
    assert event.after["third_party"] is True and due.isoformat() in event.after["due"].values()
    assert "third_party" not in subject_request_actions(user=sector_admin, request=request)


def test_a_third_party_chosen_before_answering_moves_the_answer_to_the_longer_limit_once(
    cast, sector_admin, at_received
):
    request = subject_request(sector_admin, cast.hospital)
    assert subject_request_answer_clock(request).due_on == dt.date(2026, 5, 11)  # 10 days: Sat 09/05 runs to Mon 11/05
    clock.advance(dt.timedelta(days=3))

    request = subject_request_third_party(actor=sector_admin, request=request)

    assert request.third_party and subject_request_answer_clock(request).due_on == dt.date(
        2026, 5, 14
    )  # counted from 29/04
    event = _events(request, "privacy.subject_request_third_party").get()
    assert event.after["days"] == 15 and event.after["due"] == {"sar_answer_access": "2026-05-14"}
    assert "Nghị định 356/2025/NĐ-CP Điều 5" in event.after["source"]
    with pytest.raises(TransitionNotAllowed):
        subject_request_third_party(actor=sector_admin, request=request)
    assert _events(request, "privacy.subject_request_third_party").count() == 1


@pytest.mark.parametrize(
    ("right", "days", "due"),
    [
        ("access", 10, dt.date(2026, 5, 21)),  # from Mon 11/05
        ("object", 15, dt.date(2026, 5, 29)),  # from Thu 14/05
        ("delete", 20, dt.date(2026, 6, 8)),  # from Tue 19/05: Mon 08/06
    ],
)
def test_the_answer_is_extended_once_by_at_most_the_decree_s_days_and_audited(
    cast, sector_admin, at_received, right, days, due
):
    request = subject_request(sector_admin, cast.hospital, right=right)

    request = subject_request_extend(actor=sector_admin, request=request, days=days, reason=f"  {REASON} ")

    fresh = SubjectAccessRequest.objects.get(pk=request.pk)
    assert (fresh.extension_days, fresh.extension_reason) == (days, REASON)
    clock_ = subject_request_answer_clock(request)
    assert (clock_.due_on, clock_.extensions) == (due, 1)
    event = _events(request, "privacy.subject_request_extend").get()
    assert event.after["days"] == days and due.isoformat() in event.after["due"].values()
    assert REASON not in json.dumps(event.after) + event.reason  # the reason stays on the request
    assert not {"extend", "third_party"} & set(subject_request_actions(user=sector_admin, request=fresh))


@pytest.mark.parametrize(
    ("right", "days", "reason", "field"),
    [
        ("access", 11, REASON, "days"),
        ("withdraw_consent", 16, REASON, "days"),
        ("delete", 21, REASON, "days"),
        ("access", 0, REASON, "days"),
        ("access", -3, REASON, "days"),
        ("access", True, REASON, "days"),
        ("access", "5", REASON, "days"),
        ("access", 5, "   ", "reason"),
        ("access", 5, "x" * 5001, "reason"),
    ],
)
def test_an_extension_too_long_or_without_its_reason_is_refused_and_nothing_is_written(
    cast, sector_admin, at_received, right, days, reason, field
):
    request = subject_request(sector_admin, cast.hospital, right=right)
    due = subject_request_answer_clock(request).due_on

    with pytest.raises(ValidationFailed) as refused:
        subject_request_extend(actor=sector_admin, request=request, days=days, reason=reason)

    assert set(refused.value.fields) == {field}
    if field == "days" and days in (11, 16, 21):
        assert f"{days - 1} ngày" in str(refused.value.fields["days"])
    fresh = SubjectAccessRequest.objects.get(pk=request.pk)
    assert (fresh.extension_days, fresh.extension_reason) == (None, "")
    assert (subject_request_answer_clock(request).due_on, subject_request_answer_clock(request).extensions) == (due, 0)
    assert not _events(request, "privacy.subject_request_extend").exists()


def test_a_second_extension_is_refused_and_the_first_stands(cast, sector_admin, at_received):
    request = subject_request_extend(
        actor=sector_admin, request=subject_request(sector_admin, cast.hospital), days=5, reason=REASON
    )
    due = subject_request_answer_clock(request).due_on

    with pytest.raises(TransitionNotAllowed):
        subject_request_extend(actor=sector_admin, request=request, days=5, reason="Thêm lần nữa")

    fresh = SubjectAccessRequest.objects.get(pk=request.pk)
    assert (fresh.extension_days, fresh.extension_reason) == (5, REASON)
    assert (subject_request_answer_clock(request).due_on, subject_request_answer_clock(request).extensions) == (due, 1)
    assert _events(request, "privacy.subject_request_extend").count() == 1


def test_a_limit_already_run_out_is_neither_extended_nor_lengthened(cast, sector_admin, at_received):
    from workflows.sweep import sweep_run

    request = subject_request(sector_admin, cast.hospital)
    clock.set_now(dt.datetime(2026, 5, 12, 2, 0, tzinfo=dt.UTC))  # past Mon 11/05
    sweep_run()
    assert subject_request_answer_clock(request).status == Deadline.Status.BREACHED

    with pytest.raises(TransitionNotAllowed):
        subject_request_extend(actor=sector_admin, request=request, days=5, reason=REASON)
    with pytest.raises(TransitionNotAllowed):
        subject_request_third_party(actor=sector_admin, request=request)
    fresh = SubjectAccessRequest.objects.get(pk=request.pk)
    assert (fresh.extension_days, fresh.third_party) == (None, False)
    assert subject_request_answer_clock(request).status == Deadline.Status.BREACHED


def test_the_api_records_a_third_party_and_extends_refusing_hostile_input(cast, sector_admin, at_received, api_as):
    other_admin = UserFactory(username="other_admin", roles=[(Role.ADMIN, cast.other_sector)])
    api = api_as(sector_admin)
    created = api.post(
        "/api/subject-requests/",
        {"unit": cast.sector.pk, "received_on": "2026-04-29", "channel": "electronic", "right": "delete",
         "full_name": "Phạm Thị Yêu Cầu", "email": "yeucau@example.vn"},
        format="json",
    )  # fmt: skip
    pk = created.json()["id"]
    assert created.json()["answer_due_on"] == "2026-05-19" and {"third_party", "extend"} <= set(
        created.json()["allowed_actions"]
    )
    assert api_as(other_admin).post(f"/api/subject-requests/{pk}/third_party/").status_code == 404
    assert (
        api_as(other_admin).post(f"/api/subject-requests/{pk}/extend/", {"days": 5, "reason": REASON}).status_code
        == 404
    )

    moved = api.post(f"/api/subject-requests/{pk}/third_party/")
    assert moved.status_code == 200 and moved.json()["answer_due_on"] == "2026-05-29" and moved.json()["third_party"]

    for hostile in (
        {"days": "abc", "reason": REASON},
        {"days": 21, "reason": REASON},
        {"days": 5},
        {"days": 5, "reason": " "},
    ):
        refused = api.post(f"/api/subject-requests/{pk}/extend/", hostile, format="json")
        assert refused.status_code == 400, (hostile, refused.content)
    assert "20" in json.dumps(
        api.post(f"/api/subject-requests/{pk}/extend/", {"days": 21, "reason": REASON}, format="json").json()
    )
    assert SubjectAccessRequest.objects.get(pk=pk).extension_days is None

    extended = api.post(f"/api/subject-requests/{pk}/extend/", {"days": 20, "reason": REASON}, format="json")
    assert extended.status_code == 200
    body = extended.json()
    assert (body["answer_due_on"], body["extension_days"], body["extension_reason"]) == ("2026-06-18", 20, REASON)
    again = api.post(f"/api/subject-requests/{pk}/extend/", {"days": 1, "reason": REASON}, format="json")
    assert again.status_code in (400, 409) and SubjectAccessRequest.objects.get(pk=pk).extension_days == 20


def test_the_page_offers_both_refuses_too_many_days_and_shows_the_extension(cast, sector_admin, at_received):
    request = subject_request(sector_admin, cast.hospital)
    client = Client()
    client.force_login(sector_admin)
    page = client.get(reverse("privacy:request_detail", args=[request.pk])).content.decode()
    assert 'id="third_party"' in page and 'id="extend"' in page

    too_long = client.post(
        reverse("privacy:request_act", args=[request.pk, "extend"]), {"days": "11", "reason": REASON}
    )
    assert too_long.status_code == 400 and "10 ngày" in too_long.content.decode()
    assert SubjectAccessRequest.objects.get(pk=request.pk).extension_days is None

    assert client.post(reverse("privacy:request_act", args=[request.pk, "third_party"])).status_code == 302
    done = client.post(reverse("privacy:request_act", args=[request.pk, "extend"]), {"days": "10", "reason": REASON})
    assert done.status_code == 302
    shown = client.get(reverse("privacy:request_detail", args=[request.pk])).content.decode()
    assert REASON in shown.split('id="extension"')[1] and 'id="third-party"' in shown
    assert 'id="extend"' not in shown and 'id="third_party"' not in shown

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("privacy:request_detail", args=[request.pk])).content.decode()
    assert "A processor or a third party acts too (longer limit)" in english
    assert "Extension" in english and "10 days" in english


def test_the_page_records_a_request_a_third_party_acts_on_with_the_longer_limit(cast, sector_admin, at_received):
    client = Client()
    client.force_login(sector_admin)
    created = client.post(
        reverse("privacy:requests"),
        {"unit": str(cast.sector.pk), "received_on": "2026-04-29", "channel": "post", "right": "delete",
         "full_name": "Phạm Thị Yêu Cầu", "phone": "0912 345 678", "third_party": "on"},
    )  # fmt: skip
    assert created.status_code == 302
    request = SubjectAccessRequest.objects.get()
    assert request.third_party and subject_request_answer_clock(request).due_on == dt.date(2026, 5, 29)
