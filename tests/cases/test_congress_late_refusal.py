"""A letter about a union congress is handled only if received at least 25 working days (grassroots) or 30
(higher levels) before the congress opens (the union's rule, `congress_too_late`). Refusing it on that ground
("đơn liên quan đến đại hội gửi sau thời hạn quy định") reads the congress's opening day: the day recorded at
intake or the one given with the refusal, which is then recorded. Without a day the refusal is refused on
`congress_date`; a letter received in time is not refused on the ground. One rule for the service, the
page and the API; nothing is written when refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from casework.audit.selectors import audit_events_for
from casework.cases.models import Case, Kind, RefusalGround, Status
from casework.cases.services import case_refuse
from core.errors import ValidationFailed
from tests.builders import intake

pytestmark = pytest.mark.django_db

# The clock stands on Mon 02/03/2026; the letters concern the hospital's grassroots union (25 working days).
LATE = dt.date(2026, 3, 27)  # 18 working days after the receipt
IN_TIME = dt.date(2026, 6, 1)


def _petition(cast, **kw) -> Case:
    return intake(
        cast.intake, cast.sector, kind=Kind.PETITION, title="Kiến nghị về đại hội", subject_unit=cast.hospital, **kw
    )


def _untouched(case: Case) -> None:
    fresh = Case.objects.get(pk=case.pk)
    assert (fresh.status, fresh.version, fresh.refusal_ground, fresh.congress_date) == (
        Status.RECEIVED,
        case.version,
        "",
        case.congress_date,
    )
    assert not audit_events_for(target_type="cases.case", target_id=case.pk).filter(action="case.refuse").exists()


@pytest.mark.parametrize("kind", Kind.values)
def test_without_a_congress_day_the_ground_is_refused_on_the_day_and_nothing_is_written(cast, frozen_clock, kind):
    case = intake(cast.intake, cast.sector, kind=kind, title="Đơn về đại hội", subject_unit=cast.hospital)
    with pytest.raises(ValidationFailed) as refused:
        case_refuse(case=case, actor=cast.intake, ground=RefusalGround.CONGRESS_LATE, subject_area="khac")

    assert set(refused.value.fields) == {"congress_date"}
    assert "cần ngày khai mạc đại hội" in str(refused.value.fields["congress_date"])
    _untouched(case)


def test_the_day_given_with_the_refusal_is_read_and_recorded(cast, frozen_clock):
    case = case_refuse(
        case=_petition(cast),
        actor=cast.intake,
        ground=RefusalGround.CONGRESS_LATE,
        subject_area="khac",
        congress_date=LATE,
    )

    fresh = Case.objects.get(pk=case.pk)
    assert (fresh.status, fresh.refusal_ground, fresh.congress_date) == (Status.REFUSED, "congress_late", LATE)
    event = audit_events_for(target_type="cases.case", target_id=case.pk).get(action="case.refuse")
    assert event.after["congress_date"] == LATE.isoformat()


def test_the_day_recorded_at_intake_is_enough(cast, frozen_clock):
    case = case_refuse(
        case=_petition(cast, congress_date=LATE),
        actor=cast.intake,
        ground=RefusalGround.CONGRESS_LATE,
        subject_area="khac",
    )
    assert Case.objects.get(pk=case.pk).status == Status.REFUSED


def test_a_letter_received_in_time_is_not_refused_on_the_ground(cast, frozen_clock):
    case = _petition(cast, congress_date=IN_TIME)
    with pytest.raises(ValidationFailed) as refused:
        case_refuse(case=case, actor=cast.intake, ground=RefusalGround.CONGRESS_LATE, subject_area="khac")

    message = str(refused.value.fields["ground"])
    assert "Đơn nhận ngày 02/03/2026" in message and "01/06/2026" in message and "25 ngày làm việc" in message
    _untouched(case)


def test_the_page_asks_for_the_day_then_refuses_with_it(client, cast, frozen_clock):
    case = _petition(cast)
    client.force_login(cast.intake)
    url = reverse("cases:action", args=[case.pk, "refuse"])
    form = {"ground": "congress_late", "subject_area": "khac", "version": case.version}

    assert 'name="congress_date"' in client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    missing = client.post(url, form)
    assert missing.status_code == 400 and "cần ngày khai mạc đại hội" in missing.content.decode()
    hostile = client.post(url, {**form, "congress_date": "31/02/2026'--"})
    assert hostile.status_code == 400
    in_time = client.post(url, {**form, "congress_date": "01/06/2026"})
    assert (
        in_time.status_code == 400 and "không thể không thụ lý với căn cứ gửi sau thời hạn" in in_time.content.decode()
    )
    _untouched(case)
    asked = client.post(url, {**form, "congress_date": "27/03/2026"})
    assert asked.status_code == 200 and 'name="confirmed"' in asked.content.decode()
    done = client.post(url, {**form, "congress_date": "27/03/2026", "confirmed": "1"})
    assert done.status_code == 302
    assert Case.objects.get(pk=case.pk).congress_date == LATE


def test_the_api_answers_400_on_the_day_and_on_the_ground_then_refuses(cast, frozen_clock, api_as):
    case = _petition(cast)
    api = api_as(cast.intake)
    url = f"/api/cases/{case.pk}/refuse/"
    body = {"ground": "congress_late", "subject_area": "khac", "version": case.version}

    missing = api.post(url, body, format="json")
    assert missing.status_code == 400 and "cần ngày khai mạc đại hội" in str(missing.json()["fields"]["congress_date"])
    hostile = api.post(url, {**body, "congress_date": "not-a-day"}, format="json")
    assert hostile.status_code == 400 and "congress_date" in hostile.json()["fields"]
    in_time = api.post(url, {**body, "congress_date": IN_TIME.isoformat()}, format="json")
    assert in_time.status_code == 400 and "ground" in in_time.json()["fields"]
    _untouched(case)
    done = api.post(url, {**body, "congress_date": LATE.isoformat()}, format="json")
    assert done.status_code == 200, done.content
    assert (done.json()["status"], done.json()["refusal_ground"]) == ("refused", "congress_late")
    assert Case.objects.get(pk=case.pk).congress_date == LATE
