"""The data protection officer runs the subject-access export for a request of their units (Luật Bảo vệ dữ liệu cá
nhân 2025 Đ.4 khoản 1 điểm d): on the request's page and in the API, searching the units whose requests they carry
and nothing else, audited like the administrator's, behind the second factor; an officer of another unit and a
reader without the role get 404. The request's page lists its legal holds to whoever sees it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from casework.audit.models import AuditEvent
from casework.org.models import Role
from casework.privacy.selectors import subject_request_actions
from casework.privacy.services import legal_hold_place, legal_hold_release
from casework.privacy.subject_requests import subject_request_export, subject_request_record
from core import clock
from core.errors import TransitionNotAllowed
from tests import builders
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RECEIVED = dt.datetime(2026, 4, 29, 2, 0, tzinfo=dt.UTC)
# The sender of the builders' letter (builders.submitter): the requester.
NAME, PHONE = "Nguyễn Văn Gửi", "0912345678"


@pytest.fixture
def letter(cast, frozen_clock):
    """A letter of the sector's, sent by the requester."""
    clock.set_now(RECEIVED)
    return builders.make_case(cast)


def _officer(username, unit):
    return UserFactory(username=username, roles=[(Role.DATA_PROTECTION, unit)])


def _record(actor, unit):
    return subject_request_record(
        actor=actor, unit=unit, received_on=clock.today(), channel="post", right="access", full_name=NAME, phone=PHONE
    )


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_officer_exports_for_a_request_of_their_unit_audited(cast, letter, api_as):
    officer = _officer("dpo", cast.sector)
    request = _record(officer, cast.sector)
    assert "export" in subject_request_actions(user=officer, request=request)

    page = _client(officer).get(reverse("privacy:request_detail", args=[request.pk])).content.decode()
    assert f'action="/privacy/requests/{request.pk}/export/"' in page
    shown = _client(officer).post(reverse("privacy:request_act", args=[request.pk, "export"]), {"format": "html"})
    assert shown.status_code == 200 and letter.reference in shown.content.decode()
    data = api_as(officer).post(f"/api/subject-requests/{request.pk}/export/").json()
    assert [c["reference"] for c in data["cases"]] == [letter.reference]
    assert data["cases"][0]["as_sender"][0]["full_name"] == NAME

    events = AuditEvent.objects.filter(action="privacy.subject_access_export", actor=officer)
    assert events.count() == 2
    assert all(e.after["request"] == request.reference and e.after["cases"] == [letter.reference] for e in events)
    assert NAME not in events.last().canonical and PHONE not in events.last().canonical
    request.refresh_from_db()
    assert request.export_event == events.order_by("seq").last()


def test_the_export_searches_only_the_units_whose_requests_the_officer_carries(cast, letter):
    below = _officer("dpo_hospital", cast.hospital)  # below the sector, where the letter was received
    request = _record(below, cast.hospital)
    data = subject_request_export(actor=below, request=request)
    assert data["cases"] == [] and data["nothing_found"]
    event = AuditEvent.objects.get(action="privacy.subject_access_export", actor=below)
    assert event.after["cases"] == []


def test_an_officer_of_another_unit_and_a_reader_without_the_role_get_404(cast, letter, api_as):
    request = _record(cast.admin, cast.sector)
    elsewhere = _officer("dpo_other", cast.other_grassroots)
    for user in (elsewhere, cast.chair):  # the chair reads the sector's cases, not its requests
        client = _client(user)
        assert client.get(reverse("privacy:request_detail", args=[request.pk])).status_code == 404
        assert client.post(reverse("privacy:request_act", args=[request.pk, "export"])).status_code == 404
        assert api_as(user).post(f"/api/subject-requests/{request.pk}/export/").status_code == 404
        assert subject_request_actions(user=user, request=request) == []
        with pytest.raises(TransitionNotAllowed):
            subject_request_export(actor=user, request=request)
    assert not AuditEvent.objects.filter(action="privacy.subject_access_export").exists()
    # The search without a recorded request stays the administrators'.
    assert _client(_officer("dpo", cast.sector)).get(reverse("privacy:subject_access")).status_code == 403


def test_the_officer_s_export_asks_the_second_factor(cast, letter, settings, api_as):
    settings.OTP_ENFORCED = True
    officer = _officer("dpo", cast.sector)
    request = _record(officer, cast.sector)
    answer = _client(officer).post(reverse("privacy:request_act", args=[request.pk, "export"]), {"format": "json"})
    assert answer.status_code == 302 and answer.url.startswith(reverse("security:otp_setup"))
    assert api_as(officer).post(f"/api/subject-requests/{request.pk}/export/").status_code == 401
    assert not AuditEvent.objects.filter(action="privacy.subject_access_export").exists()


def test_the_request_s_page_lists_its_holds_to_whoever_sees_it(cast, letter):
    officer = _officer("dpo", cast.sector)
    request = _record(officer, cast.sector)
    released = legal_hold_place(actor=cast.admin, subject_request=request, reason="Tòa án yêu cầu cung cấp hồ sơ")
    legal_hold_release(actor=cast.admin, hold=released, reason="Vụ án đã xét xử xong")
    legal_hold_place(actor=cast.admin, subject_request=request, reason="Thanh tra đang xác minh")

    page = _client(officer).get(reverse("privacy:request_detail", args=[request.pk])).content.decode()
    holds = page[page.index('id="holds"') :]
    holds = holds[: holds.index("</table>")]
    assert holds.index("Thanh tra đang xác minh") < holds.index("Tòa án yêu cầu cung cấp hồ sơ")  # newest first
    assert holds.count("Đang tạm giữ") == 1 and holds.count("Đã gỡ") == 1
    admin_name = cast.admin.full_name or cast.admin.username
    assert holds.count(admin_name) == 3  # placed both, released one
    other = _officer("dpo_other", cast.other_grassroots)
    assert _client(other).get(reverse("privacy:request_detail", args=[request.pk])).status_code == 404
    bare = _record(officer, cast.sector)
    assert 'id="holds"' not in _client(officer).get(reverse("privacy:request_detail", args=[bare.pk])).content.decode()


def test_the_api_s_request_lists_its_holds_as_the_page_does(cast, letter, api_as):
    officer = _officer("dpo", cast.sector)
    request = _record(officer, cast.sector)
    released = legal_hold_place(actor=cast.admin, subject_request=request, reason="Tòa án yêu cầu cung cấp hồ sơ")
    legal_hold_release(actor=cast.admin, hold=released, reason="Vụ án đã xét xử xong")
    legal_hold_place(actor=cast.admin, subject_request=request, reason="Thanh tra đang xác minh")

    answer = api_as(officer).get(f"/api/subject-requests/{request.pk}/")
    assert answer.status_code == 200
    holds = answer.json()["holds"]
    assert [(h["reason"], h["in_force"], h["placed_by"], h["released_by"]) for h in holds] == [
        ("Thanh tra đang xác minh", True, cast.admin.username, None),
        ("Tòa án yêu cầu cung cấp hồ sơ", False, cast.admin.username, cast.admin.username),
    ]
    assert holds[0]["released_at"] is None and holds[1]["released_at"] is not None
    other = _officer("dpo_other", cast.other_grassroots)
    assert api_as(other).get(f"/api/subject-requests/{request.pk}/").status_code == 404


def test_the_export_never_lists_a_letter_or_visit_the_officer_is_recused_from(cast, letter):
    """The officer is the person a second letter of the same requester is about (a namesake holding a role in
    the unit concerned: casework.cases.recusal): for them that letter does not exist, so running the export
    does not tell them who complained about them; the letter they are not concerned by is still listed."""
    officer = UserFactory(username="dpo_named", full_name="Lê Văn Bảo Vệ", roles=[(Role.DATA_PROTECTION, cast.sector)])
    about_them = builders.make_case(
        cast, title="Khiếu nại về người phụ trách", subject_unit=cast.sector, subject_person=officer.full_name
    )
    request = _record(officer, cast.sector)
    data = subject_request_export(actor=officer, request=request)
    listed = [c["reference"] for c in data["cases"]]
    assert listed == [letter.reference] and about_them.reference not in str(data)
    # An administrator not concerned finds both.
    other = _record(cast.admin, cast.sector)
    found = [c["reference"] for c in subject_request_export(actor=cast.admin, request=other)["cases"]]
    assert found == [letter.reference, about_them.reference]
