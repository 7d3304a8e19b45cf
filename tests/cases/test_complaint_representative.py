"""A complaint made through a representative or an authorised person (Luật Khiếu nại 2011 Đ.12 khoản 1
điểm a, b; Đ.16 khoản 2 điểm a; Nghị định 124/2020/NĐ-CP Đ.5 khoản 3, sửa đổi bởi Nghị định 155/2026/NĐ-CP
Đ.3): recorded at intake with its document, shown on the case, the papers addressed to the complainant
and the representative; without a valid document the complaint is not accepted (Đ.11 khoản 4)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from casework.audit.models import AuditEvent
from casework.cases.models import Case, ComplaintRepresentative, RefusalGround, Status
from casework.cases.services import RepresentativeData, case_accept, case_refuse, representation_defects
from casework.reports.documents import case_recipient
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed
from tests.builders import intake, intake_form, intake_payload

pytestmark = pytest.mark.django_db

LAWYER = "Luật sư Phạm Văn Luật"
PAPER = "001099012345"


def _pdf(name: str = "giay-uy-quyen.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf"
    )


def _represented(cast, *, document: bool = True, **data) -> Case:
    values = {
        "capacity": "lawyer",
        "full_name": LAWYER,
        "id_number": PAPER,
        "document_on": dt.date(2026, 2, 20),
        "scope": "Khiếu nại quyết định chi trợ cấp",
    }
    values.update(data)
    return intake(
        cast.intake,
        cast.sector,
        title="Khiếu nại qua luật sư",
        representative=RepresentativeData(**values),
        representative_document=_pdf() if document else None,
    )


def test_a_lawyer_with_the_authorisation_is_recorded_accepted_and_addressed(cast, frozen_clock):
    case = _represented(cast)
    row = ComplaintRepresentative.objects.get(case=case)
    assert row.id_number_sealed.startswith("ck1:") and PAPER not in row.id_number_sealed
    assert representation_defects(case) == []
    event = AuditEvent.objects.get(target_id=str(case.pk), action="case.representative")
    assert event.after["capacity"] == "lawyer" and LAWYER not in str(event.after) and PAPER not in str(event.after)
    case = case_accept(case=case, actor=cast.intake, legal_ground="Luật Khiếu nại 2011 Đ.27", subject_area="khac")
    assert case.status == Status.ACCEPTED
    # Nghị định 124/2020/NĐ-CP Đ.28 khoản 1, Đ.28b: the complainant and the representative receive the papers.
    assert case_recipient(case).endswith(f"Luật sư được ủy quyền khiếu nại: {LAWYER}")


@pytest.mark.parametrize(
    "change, defect",
    [
        ({"document": False}, "Không có văn bản ủy quyền"),
        ({"scope": ""}, "không ghi nội dung ủy quyền"),
        ({"capacity": "authorised", "certified": False}, "chưa được công chứng hoặc chứng thực"),
    ],
)
def test_without_a_valid_document_the_complaint_is_not_accepted_but_refused_on_its_ground(
    cast, frozen_clock, change, defect
):
    case = _represented(cast, **change)
    with pytest.raises(TransitionNotAllowed) as err:
        case_accept(case=case, actor=cast.intake, legal_ground="Đ.27", subject_area="khac")
    assert defect in err.value.message and "Điều 11 khoản 4" in err.value.message
    assert Case.objects.get(pk=case.pk).status == Status.RECEIVED
    case = case_refuse(case=case, actor=cast.intake, ground=RefusalGround.UNLAWFUL_REPRESENTATIVE, subject_area="khac")
    assert (case.status, case.refusal_ground) == (Status.REFUSED, "unlawful_representative")


def test_a_certified_individual_authorisation_is_lawful(cast, frozen_clock):
    case = _represented(cast, capacity="authorised", certified=True, full_name="Nguyễn Văn Con")
    assert representation_defects(case) == []


def test_hostile_or_misplaced_particulars_are_refused_and_nothing_is_stored(cast, frozen_clock):
    count = Case.objects.count()
    for data, field in (
        ({"capacity": "king"}, "representative_capacity"),
        ({"full_name": " \x00 "}, "representative_name"),
        ({"id_number": "1; DROP TABLE"}, "representative_id_number"),
        ({"document_on": dt.date(2026, 3, 3)}, "representative_document_on"),
    ):
        with pytest.raises(ValidationFailed) as err:
            _represented(cast, **data)
        assert field in err.value.fields
    with pytest.raises(ValidationFailed):
        intake(
            cast.intake,
            cast.sector,
            kind="petition",
            representative=RepresentativeData(capacity="lawyer", full_name=LAWYER),
        )
    assert Case.objects.count() == count and not ComplaintRepresentative.objects.exists()


def test_the_page_and_the_api_take_it_and_only_whom_may_see_the_identity_sees_the_number(
    cast, frozen_clock, client, api_as
):
    client.force_login(cast.intake)
    form = intake_form(
        cast,
        representative_capacity="lawyer",
        representative_name=LAWYER,
        representative_id_number=PAPER,
        representative_document_on="20/02/2026",
        representative_scope="Khiếu nại quyết định chi trợ cấp",
        representative_document=_pdf(),
    )
    assert client.post("/cases/new/", form).status_code == 302
    by_page = Case.objects.latest("pk")
    assert representation_defects(by_page) == []
    answer = api_as(cast.intake).post(
        "/api/cases/",
        intake_payload(cast, representative={"capacity": "lawyer", "full_name": LAWYER, "id_number": PAPER}),
        format="json",
    )
    assert answer.status_code == 201, answer.content
    shown = answer.json()["representative"]
    assert shown["full_name"] == LAWYER and shown["defects"]  # no document yet: not lawful
    bad = api_as(cast.intake).post(
        "/api/cases/", intake_payload(cast, representative={"capacity": "x" * 100, "full_name": ""}), format="json"
    )
    assert bad.status_code == 400

    page = client.get(f"/cases/{by_page.pk}/").content.decode()
    assert LAWYER in page and PAPER in page.split('id="representative"')[1]
    assert api_as(cast.intake).get(f"/api/cases/{by_page.pk}/").json()["representative"]["id_number"] == PAPER
    # In scope but not entitled to the identity: the name, never the number.
    assert api_as(cast.auditor).get(f"/api/cases/{by_page.pk}/").json()["representative"]["id_number"] == ""
    client.force_login(cast.auditor)
    assert PAPER not in client.get(f"/cases/{by_page.pk}/").content.decode()
    # An outsider does not see the case at all.
    answer = api_as(cast.outsider).get(f"/api/cases/{by_page.pk}/")
    assert answer.status_code == 404 and LAWYER not in answer.content.decode()


def test_the_representative_goes_with_the_case_at_the_end_of_its_retention(cast, frozen_clock, settings, tmp_path):
    from casework.privacy.services import retention_policy_set, retention_run

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    retention_policy_set(actor=cast.admin, kind="complaint", years=5, source="Quy định lưu trữ (thử nghiệm)")
    case = case_refuse(
        case=_represented(cast, document=False),
        actor=cast.intake,
        ground=RefusalGround.UNLAWFUL_REPRESENTATIVE,
        subject_area="khac",
    )
    assert [o.outcome for o in retention_run(now=clock.now() + dt.timedelta(days=5 * 365 + 2))] == ["destroyed"]
    row = ComplaintRepresentative.objects.get(case=case)
    assert LAWYER not in row.full_name and (row.scope, row.id_number_sealed) == ("", "")


@pytest.mark.parametrize("kind", ["denunciation", "petition"])
def test_only_a_complaint_is_refused_for_an_unlawful_representative(cast, frozen_clock, client, api_as, kind):
    case = intake(cast.intake, cast.sector, kind=kind, title="Đơn không phải khiếu nại")
    with pytest.raises(ValidationFailed) as err:
        case_refuse(case=case, actor=cast.intake, ground=RefusalGround.UNLAWFUL_REPRESENTATIVE, subject_area="khac")
    assert "chỉ áp dụng với đơn khiếu nại" in err.value.fields["ground"][0]
    answer = api_as(cast.intake).post(
        f"/api/cases/{case.pk}/refuse/", {"ground": "unlawful_representative", "subject_area": "khac"}, format="json"
    )
    assert answer.status_code == 400 and "ground" in answer.json()["fields"]
    client.force_login(cast.intake)
    page = client.post(
        f"/cases/{case.pk}/action/refuse/",
        {"ground": "unlawful_representative", "subject_area": "khac", "version": case.version},
        follow=True,
    )
    # Not offered on the page (the form's choices are the kind's grounds): the choice is refused on its field.
    assert page.status_code == 400 and 'value="unlawful_representative"' not in page.content.decode()
    case.refresh_from_db()
    assert (case.status, case.refusal_ground) == (Status.RECEIVED, "")
    assert not AuditEvent.objects.filter(target_id=str(case.pk), action__contains="refuse").exists()


def test_through_the_api_alone_the_representative_and_its_document_make_the_complaint_acceptable(
    cast, frozen_clock, client, api_as
):
    api = api_as(cast.intake)
    representative = {
        "capacity": "lawyer",
        "full_name": LAWYER,
        "document_on": "2026-02-20",
        "scope": "Khiếu nại quyết định chi trợ cấp",
    }
    created = api.post("/api/cases/", intake_payload(cast, representative=representative), format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["representative"]["defects"]
    refused = api.post(
        f"/api/cases/{pk}/accept/", {"legal_ground": "Luật Khiếu nại 2011 Đ.27", "subject_area": "khac"}, format="json"
    )
    assert refused.status_code == 409
    wrong = api.post(f"/api/cases/{pk}/attachments/", {"file": _pdf(), "kind": "letter_scan"}, format="multipart")
    assert wrong.status_code == 400 and "kind" in wrong.json()["fields"]
    attached = api.post(
        f"/api/cases/{pk}/attachments/", {"file": _pdf(), "kind": "representation_document"}, format="multipart"
    )
    assert attached.status_code == 200, attached.content
    assert attached.json()["representative"]["defects"] == []
    accepted = api.post(
        f"/api/cases/{pk}/accept/", {"legal_ground": "Luật Khiếu nại 2011 Đ.27", "subject_area": "khac"}, format="json"
    )
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    # In scope without a role that adds files: refused as the page refuses it.
    assert api_as(cast.auditor).post(f"/api/cases/{pk}/attachments/", {"file": _pdf()}).status_code == 404


def test_the_case_page_offers_the_representation_document_for_a_complaint_only(cast, frozen_clock, client):
    client.force_login(cast.intake)
    complaint = _represented(cast, document=False)
    page = client.get(f"/cases/{complaint.pk}/").content.decode()
    assert 'value="representation_document"' in page
    assert (
        client.post(f"/cases/{complaint.pk}/attach/", {"file": _pdf(), "kind": "representation_document"}).status_code
        == 302
    )
    assert representation_defects(complaint) == []
    petition = intake(cast.intake, cast.sector, kind="petition", title="Kiến nghị")
    assert 'value="representation_document"' not in client.get(f"/cases/{petition.pk}/").content.decode()


def test_the_same_representative_is_carried_into_the_second_complaint_with_its_document(cast, frozen_clock, api_as):
    from casework.cases.services import case_notify_result, representative_id_number
    from casework.org.models import Role
    from tests.builders import decided
    from tests.factories import UserFactory

    values = {
        "capacity": "lawyer",
        "full_name": LAWYER,
        "id_number": PAPER,
        "document_on": dt.date(2026, 2, 20),
        "scope": "Khiếu nại quyết định chi trợ cấp, lần đầu và lần hai",
    }
    first = decided(cast, representative=RepresentativeData(**values), representative_document=_pdf())
    case_notify_result(case=first, actor=cast.officer)
    province_intake = UserFactory(roles=[(Role.INTAKE_OFFICER, cast.province)])
    answer = api_as(province_intake).post(
        f"/api/cases/{first.pk}/second_complaint/",
        {"received_on": clock.today().isoformat(), "content": "Không đồng ý", "same_representative": True},
        format="json",
    )
    assert answer.status_code == 200, answer.content
    second = Case.objects.get(pk=answer.json()["id"])
    row = ComplaintRepresentative.objects.get(case=second)
    assert (row.capacity, row.full_name, row.scope, row.document_on) == (
        "lawyer",
        LAWYER,
        values["scope"],
        dt.date(2026, 2, 20),
    )
    assert representative_id_number(case=second, user=province_intake) == PAPER
    assert representation_defects(second) == []  # the document came along
    accepted = case_accept(case=second, actor=province_intake, legal_ground="Đ.36", subject_area="khac")
    assert accepted.status == Status.ACCEPTED


def test_a_second_complaint_without_the_same_representative_has_none(cast, frozen_clock):
    from casework.cases.services import case_complaint_second, case_notify_result
    from casework.org.models import Role
    from tests.builders import decided
    from tests.factories import UserFactory

    first = decided(
        cast,
        representative=RepresentativeData(
            capacity="lawyer", full_name=LAWYER, document_on=dt.date(2026, 2, 20), scope="Khiếu nại lần đầu"
        ),
        representative_document=_pdf(),
    )
    case_notify_result(case=first, actor=cast.officer)
    province_intake = UserFactory(roles=[(Role.INTAKE_OFFICER, cast.province)])
    second = case_complaint_second(first=first, actor=province_intake, received_on=clock.today(), content="Lần hai")
    assert not ComplaintRepresentative.objects.filter(case=second).exists()
