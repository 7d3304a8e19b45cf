"""A complaint's dialogue (Luật Khiếu nại 2011 Đ.30; Nghị định 124/2020/NĐ-CP Đ.28, sửa đổi bởi Nghị định
155/2026/NĐ-CP): its notice sent at least 05 days before it (khoản 1), who took part and whether the
complainant came (khoản 4), an unexcused absence stopping nothing (khoản 5)."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from casework.audit.selectors import audit_events_for
from casework.cases.models import Case, DialogueAttendance, Outcome, Status
from casework.cases.services import case_propose, case_record_dialogue, case_start_verification
from core import clock
from core.errors import ValidationFailed
from tests.builders import assigned, dialogue, dialogue_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def verifying(cast, frozen_clock):
    return case_start_verification(case=assigned(cast), actor=cast.officer)


def _as_json(fields: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in fields.items()}


def _unchanged(case: Case) -> None:
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.status == Status.VERIFYING and fresh.version == case.version
    assert (fresh.dialogue_record, fresh.dialogue_on, fresh.dialogue_notice_on, fresh.complainant_absent) == (
        "",
        None,
        None,
        "",
    )
    assert (
        not audit_events_for(target_type="cases.case", target_id=case.pk).filter(action="case.record_dialogue").exists()
    )


def test_a_dialogue_noticed_five_days_before_is_recorded_with_its_dates_and_audited(cast, verifying):
    case = case_record_dialogue(case=verifying, actor=cast.officer, **dialogue(notice_days=5))

    case = Case.objects.get(pk=case.pk)
    assert case.status == Status.DIALOGUE
    assert case.dialogue_on == clock.today() and case.dialogue_notice_on == clock.today() - dt.timedelta(days=5)
    assert case.complainant_absent == DialogueAttendance.PRESENT and "Ông Bị" in case.dialogue_participants
    event = audit_events_for(target_type="cases.case", target_id=case.pk).get(action="case.record_dialogue")
    assert event.after["dialogue_on"] == clock.today().isoformat()
    assert event.after["dialogue_notice_on"] == (clock.today() - dt.timedelta(days=5)).isoformat()
    assert event.after["complainant_absent"] == "present"


def test_a_notice_sent_four_days_before_is_refused_citing_the_article_and_nothing_changes(cast, verifying):
    with pytest.raises(ValidationFailed) as refused:
        case_record_dialogue(case=verifying, actor=cast.officer, **dialogue(notice_days=4))

    message = str(refused.value.fields["dialogue_notice_on"])
    assert "Đ.28 khoản 1" in message and "Nghị định 124/2020/NĐ-CP" in message and "4 ngày" in message
    _unchanged(verifying)


def test_a_notice_dated_after_the_dialogue_is_refused(cast, verifying):
    fields = dialogue()
    fields["dialogue_on"] = clock.today() - dt.timedelta(days=10)
    fields["dialogue_notice_on"] = clock.today() - dt.timedelta(days=9)
    with pytest.raises(ValidationFailed) as refused:
        case_record_dialogue(case=verifying, actor=cast.officer, **fields)

    assert set(refused.value.fields) == {"dialogue_notice_on"}
    _unchanged(verifying)


def test_a_dialogue_dated_in_the_future_is_refused(cast, verifying):
    fields = dialogue()
    fields["dialogue_on"] = clock.today() + dt.timedelta(days=1)
    fields["dialogue_notice_on"] = clock.today() - dt.timedelta(days=10)
    with pytest.raises(ValidationFailed) as refused:
        case_record_dialogue(case=verifying, actor=cast.officer, **fields)

    assert set(refused.value.fields) == {"dialogue_on"}
    _unchanged(verifying)


@pytest.mark.parametrize(
    ("field", "value"),
    [("dialogue_on", None), ("dialogue_notice_on", None), ("participants", "  "), ("complainant_absent", "maybe")],
)
def test_a_missing_date_participants_or_attendance_is_refused_naming_the_field(cast, verifying, field, value):
    with pytest.raises(ValidationFailed) as refused:
        case_record_dialogue(case=verifying, actor=cast.officer, **{**dialogue(), field: value})

    assert set(refused.value.fields) == {field}
    _unchanged(verifying)


def test_a_complainant_absent_without_a_legitimate_reason_stops_nothing_and_the_page_says_so(cast, verifying, client):
    case = case_record_dialogue(
        case=verifying, actor=cast.officer, **dialogue(absent=DialogueAttendance.ABSENT_UNEXCUSED)
    )
    assert Case.objects.get(pk=case.pk).complainant_absent == "absent_unexcused"

    client.force_login(cast.officer)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "vắng mặt không có lý do chính đáng (vẫn tiếp tục giải quyết)" in page
    assert f"Đối thoại ngày {clock.today():%d/%m/%Y}" in page

    # Khoản 5: the resolution goes on.
    case = case_propose(case=case, actor=cast.officer, proposal="Đề xuất", outcome=Outcome.PARTLY)
    assert case.status == Status.PROPOSED


def test_the_page_and_the_api_record_the_same_dialogue_and_refuse_the_same_short_notice(cast, client, frozen_clock):
    by_page = case_start_verification(case=assigned(cast), actor=cast.officer)
    by_api = case_start_verification(case=assigned(cast), actor=cast.officer)
    client.force_login(cast.officer)
    api = APIClient()
    api.force_authenticate(cast.officer)

    short_page = client.post(
        f"/cases/{by_page.pk}/action/record_dialogue/", {"version": by_page.version, **dialogue_form(notice_days=4)}
    )
    short_api = api.post(
        f"/api/cases/{by_api.pk}/record_dialogue/",
        {"version": by_api.version, **_as_json(dialogue(notice_days=4))},
        format="json",
    )
    assert short_page.status_code != 302 and "Đ.28 khoản 1" in short_page.content.decode()
    assert short_api.status_code == 400
    assert "Đ.28 khoản 1" in str(short_api.json()["fields"]["dialogue_notice_on"])
    _unchanged(by_page)
    _unchanged(by_api)

    fields = dialogue(notice_days=6, absent=DialogueAttendance.ABSENT_EXCUSED)
    page = client.post(
        f"/cases/{by_page.pk}/action/record_dialogue/",
        {"version": by_page.version, **dialogue_form(notice_days=6, absent="absent_excused")},
    )
    answer = api.post(
        f"/api/cases/{by_api.pk}/record_dialogue/", {"version": by_api.version, **_as_json(fields)}, format="json"
    )
    assert page.status_code == 302 and answer.status_code == 200, answer.content

    recorded = [Case.objects.get(pk=c.pk) for c in (by_page, by_api)]
    assert {
        (c.status, c.dialogue_on, c.dialogue_notice_on, c.dialogue_participants, c.complainant_absent) for c in recorded
    } == {
        (Status.DIALOGUE, fields["dialogue_on"], fields["dialogue_notice_on"], fields["participants"], "absent_excused")
    }
    detail = api.get(f"/api/cases/{by_api.pk}/").json()
    assert detail["dialogue_on"] == fields["dialogue_on"].isoformat()
    assert detail["dialogue_notice_on"] == fields["dialogue_notice_on"].isoformat()
    assert detail["complainant_absent"] == "absent_excused"
    assert detail["dialogue_participants"] == fields["participants"]
