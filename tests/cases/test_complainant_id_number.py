"""The complainant's identity paper number (Mẫu số 01 "Đơn khiếu nại" of Nghị định 124/2020/NĐ-CP, thay
thế bởi Nghị định 155/2026/NĐ-CP Đ.20: "Số căn cước/định danh cá nhân/giấy chứng nhận căn cước/hộ chiếu"):
entered at intake (page, API, the reception book), kept sealed under the case's key like a denouncer's
identity, shown only to whom `can_reveal_identity` allows, carried to a second complaint, exported to the
person who asks for their data."""

from __future__ import annotations

import pytest

from casework.cases.models import Case, Submitter
from casework.privacy.services import personal_data_export
from tests.builders import assigned, intake_form, intake_payload, make_session, make_visit, submitter

pytestmark = pytest.mark.django_db

PAPER = "034190001234"


def _case(cast) -> Case:
    return assigned(cast, submitters=[submitter(id_number="0341 9000 1234")])


def test_the_number_is_sealed_and_never_in_a_plain_column_or_the_audit(cast, frozen_clock):
    from casework.audit.models import AuditEvent

    # The events this test writes: a worker's earlier transactional tests may leave a long trail behind.
    before = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    case = _case(cast)
    row = Submitter.objects.get(case=case)
    assert row.id_number_sealed.startswith("ck1:") and PAPER not in row.id_number_sealed
    events = AuditEvent.objects.filter(seq__gt=before)
    assert events.filter(action="case.intake", target_id=str(case.pk)).exists()
    assert not any(PAPER in str(e.after) or PAPER in e.reason for e in events)


def test_only_whom_the_identity_rule_allows_sees_it_on_the_page_and_the_api(cast, frozen_clock, client, api_as):
    case = _case(cast)
    for user, sees in ((cast.officer, True), (cast.chair, True), (cast.auditor, False), (cast.officer2, False)):
        client.force_login(user)
        page = client.get(f"/cases/{case.pk}/")
        detail = api_as(user).get(f"/api/cases/{case.pk}/")
        if page.status_code == 200:
            assert ("0341 9000 1234" in page.content.decode()) is sees, user.username
        if detail.status_code == 200:
            assert detail.json()["submitters"][0]["id_number"] == ("0341 9000 1234" if sees else ""), user.username
    # An outsider sees no case at all, so no number either.
    client.force_login(cast.outsider)
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    answer = api_as(cast.outsider).get(f"/api/cases/{case.pk}/")
    assert answer.status_code == 404 and "0341" not in answer.content.decode()


def test_the_page_and_the_api_take_it_at_intake_and_refuse_what_is_no_paper_number(cast, frozen_clock, client, api_as):
    client.force_login(cast.intake)
    refused = client.post("/cases/new/", intake_form(cast, id_number="<script>1</script>"))
    assert refused.status_code in (200, 400) and "chỉ gồm chữ và số" in refused.content.decode()
    done = client.post("/cases/new/", intake_form(cast, id_number="C1234567"))
    assert done.status_code == 302
    by_page = Case.objects.latest("pk")
    api = api_as(cast.intake)
    bad = api.post(
        "/api/cases/", intake_payload(cast, submitters=[{"full_name": "A", "id_number": "x" * 40}]), format="json"
    )
    assert bad.status_code == 400
    bad = api.post(
        "/api/cases/", intake_payload(cast, submitters=[{"full_name": "A", "id_number": "12;DROP"}]), format="json"
    )
    assert bad.status_code == 400 and "id_number" in bad.content.decode()
    count = Case.objects.count()
    ok = api.post(
        "/api/cases/", intake_payload(cast, submitters=[{"full_name": "A", "id_number": PAPER}]), format="json"
    )
    assert ok.status_code == 201, ok.content
    assert Case.objects.count() == count + 1
    by_api = Case.objects.latest("pk")
    from casework.cases.selectors import submitter_id_number

    assert submitter_id_number(by_page.submitters.get()) == "C1234567"
    assert submitter_id_number(by_api.submitters.get()) == PAPER


def test_a_visitor_turned_into_a_complaint_keeps_the_number_sealed(cast, frozen_clock):
    from casework.cases.selectors import submitter_id_number
    from casework.reception.models import ReceptionEntry
    from casework.reception.services import reception_entry_case_open

    entry = make_visit(cast, make_session(cast))
    ReceptionEntry.objects.filter(pk=entry.pk).update(classification="complaint")
    entry.refresh_from_db()
    case = reception_entry_case_open(entry=entry, actor=cast.intake, title="Khiếu nại về trợ cấp")
    assert submitter_id_number(case.submitters.get()) == PAPER


def test_the_subject_access_export_hands_the_complainant_their_number(cast, frozen_clock):
    case = _case(cast)
    data = personal_data_export(actor=cast.admin, full_name="Nguyễn Văn Gửi", phone="0912345678", reason="Đơn 1/YC")
    (found,) = [c for c in data["cases"] if c["reference"] == case.reference]
    assert found["as_sender"][0]["id_number"] == "0341 9000 1234"
