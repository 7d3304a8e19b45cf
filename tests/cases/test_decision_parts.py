"""A decision on a complaint and a conclusion on a denunciation carry each part the law requires, entered
apart and checked: Luật Tố cáo 2018 Đ.35 khoản 2 (kết quả xác minh; căn cứ pháp luật; kết luận và trách
nhiệm; biện pháp xử lý; kiến nghị), Luật Khiếu nại 2011 Đ.31 khoản 2, Đ.40 khoản 2 (kết quả xác minh; căn cứ
pháp luật; kết luận; giữ nguyên, sửa đổi, hủy bỏ; bồi thường nếu có). A missing part is refused on the
service, the page and the API alike, and nothing is written."""

from __future__ import annotations

import pytest

from casework.audit.models import AuditEvent
from casework.audit.timeline import changes_of
from casework.cases.decision_parts import COMPLAINT_PARTS, DENUNCIATION_PARTS
from casework.cases.models import Case, Kind, Outcome, Status
from casework.cases.services import (
    case_approve,
    case_conclude,
    case_decide,
    case_denounced_notice_sent,
    case_propose,
    case_start_verification,
)
from core.errors import ValidationFailed
from tests.builders import DECISION_PARTS, assigned, dialogued, explained

pytestmark = pytest.mark.django_db

CONCLUSION = {"outcome": Outcome.PARTLY, "decision_text": "Tố cáo đúng một phần; trách nhiệm của chủ tịch CĐCS."}
DECISION = {"outcome": Outcome.PARTLY, "decision_text": "Khiếu nại đúng một phần."}


def _approved(cast, kind):
    case = case_start_verification(case=assigned(cast, kind=kind), actor=cast.officer)
    if kind == Kind.COMPLAINT:
        case = dialogued(case, cast.officer)
    case = explained(case, cast.officer)
    case = case_propose(case=case, actor=cast.officer, proposal="Đúng một phần.", outcome=Outcome.PARTLY)
    case = case_approve(case=case, actor=cast.leader)
    if kind == Kind.DENUNCIATION:
        case = case_denounced_notice_sent(case=case, actor=cast.officer)
    return case


def _state(case):
    case.refresh_from_db()
    return case.status, case.version, case.decision_number, AuditEvent.objects.count()


REQUIRED = [(Kind.DENUNCIATION, part.field) for part in DENUNCIATION_PARTS if part.required] + [
    (Kind.COMPLAINT, part.field) for part in COMPLAINT_PARTS if part.required
]


@pytest.mark.parametrize(("kind", "field"), REQUIRED)
def test_each_required_part_is_refused_when_missing_and_nothing_is_written(cast, kind, field):
    case = _approved(cast, kind)
    before = _state(case)
    step = case_conclude if kind == Kind.DENUNCIATION else case_decide
    values = {**DECISION_PARTS, **(CONCLUSION if kind == Kind.DENUNCIATION else DECISION), field: "   "}
    with pytest.raises(ValidationFailed) as refused:
        step(case=case, actor=cast.officer, **values)
    assert set(refused.value.fields) == {field}
    assert "Phải nhập phần" in str(refused.value.fields[field])
    assert _state(case) == before


def test_the_parts_are_stored_apart_and_the_audit_event_records_each(cast):
    case = _approved(cast, Kind.DENUNCIATION)
    case = case_conclude(case=case, actor=cast.officer, **DECISION_PARTS, **CONCLUSION)
    assert case.status == Status.CONCLUDED
    stored = Case.objects.get(pk=case.pk)
    for field, text in DECISION_PARTS.items():
        assert getattr(stored, field) == text
    event = AuditEvent.objects.filter(action="case.conclude", target_id=str(case.pk)).get()
    after = {change.field: change.after for change in changes_of(event)}
    for field, text in DECISION_PARTS.items():
        assert after[field] == text
    assert after["decision_text"] == CONCLUSION["decision_text"]


def test_a_complaint_decision_keeps_no_denunciation_part_and_compensation_is_optional(cast):
    case = _approved(cast, Kind.COMPLAINT)
    case = case_decide(case=case, actor=cast.officer, **DECISION_PARTS, **DECISION)
    stored = Case.objects.get(pk=case.pk)
    assert stored.policy_recommendations == "" and stored.compensation == ""
    assert stored.verification_result == DECISION_PARTS["verification_result"]


def test_the_parts_never_carry_the_denouncers_name(cast):
    """The parts go to the person denounced: stored through the denunciation's masks, like its other texts."""
    from casework.cases.services.identity import case_masks_in_force

    case = _approved(cast, Kind.DENUNCIATION)
    name = case_masks_in_force(case)[0]
    parts = {field: f"{text} Theo lời {name}." for field, text in DECISION_PARTS.items()}
    case = case_conclude(case=case, actor=cast.officer, **parts, **CONCLUSION)
    stored = Case.objects.get(pk=case.pk)
    for field in DECISION_PARTS:
        assert name not in getattr(stored, field)
        assert DECISION_PARTS[field] in getattr(stored, field)


def test_api_round_trip_of_the_parts_and_a_missing_part_is_a_400(cast, api_as):
    case = _approved(cast, Kind.DENUNCIATION)
    api = api_as(cast.officer)
    body = {"version": case.version, **DECISION_PARTS, **CONCLUSION, "legal_basis": ""}
    response = api.post(f"/api/cases/{case.pk}/conclude/", body, format="json")
    assert response.status_code == 400, response.content
    assert "legal_basis" in response.json()["fields"]
    assert Case.objects.get(pk=case.pk).status == Status.APPROVED

    body["legal_basis"] = DECISION_PARTS["legal_basis"]
    response = api.post(f"/api/cases/{case.pk}/conclude/", body, format="json")
    assert response.status_code == 200, response.content
    shown = api.get(f"/api/cases/{case.pk}/").json()
    for field, text in DECISION_PARTS.items():
        assert shown[field] == text
    assert shown["decision_text"] == CONCLUSION["decision_text"]


def test_the_page_offers_a_field_per_part_and_refuses_a_missing_one(cast, client):
    case = _approved(cast, Kind.DENUNCIATION)
    client.force_login(cast.officer)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    form = page[page.index("/action/conclude/") :]
    form = form[: form.index("</form>")]
    for part in DENUNCIATION_PARTS:
        assert f'name="{part.field}"' in form
        assert str(part.label) in form
    data = {"version": case.version, **DECISION_PARTS, **CONCLUSION, "confirmed": "1", "resolution_measures": ""}
    response = client.post(f"/cases/{case.pk}/action/conclude/", data)
    assert response.status_code == 400
    assert Case.objects.get(pk=case.pk).status == Status.APPROVED

    data["resolution_measures"] = DECISION_PARTS["resolution_measures"]
    client.post(f"/cases/{case.pk}/action/conclude/", data)
    case.refresh_from_db()
    assert case.status == Status.CONCLUDED
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="decision-parts"' in page
    for text in DECISION_PARTS.values():
        assert text in page


@pytest.mark.parametrize("hostile", ["x" * 200_000, "<script>alert(1)</script><b>đậm</b>"])
def test_hostile_parts_get_an_answer_never_a_500(cast, api_as, client, hostile):
    case = _approved(cast, Kind.DENUNCIATION)
    api = api_as(cast.officer)
    body = {"version": case.version, **DECISION_PARTS, **CONCLUSION, "verification_result": hostile}
    response = api.post(f"/api/cases/{case.pk}/conclude/", body, format="json")
    if len(hostile) > 20000:
        assert response.status_code == 400, response.content
        assert "verification_result" in response.json()["fields"]
        assert Case.objects.get(pk=case.pk).status == Status.APPROVED
        return
    assert response.status_code == 200, response.content
    client.force_login(cast.officer)
    page = client.get(f"/cases/{case.pk}/")
    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in page.content.decode()
    assert "&lt;script&gt;" in page.content.decode()
