"""A data subject's access request (Luật Bảo vệ dữ liệu cá nhân 2025 Đ.4 khoản 1) does not entitle the administrator
who answers it to learn who denounced (Luật Tố cáo 2018 Đ.47 khoản 1, Đ.48 khoản 1): the export
carries a denunciation, or a denunciation told in person, only where its operator may reveal that
identity, each such reading audited as a reveal; for anyone else the export of a person who denounced
reads exactly as that of one who never did, on the page, the workbook, the JSON and the audit trail."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.test import Client
from openpyxl import load_workbook

from casework.audit.models import AuditEvent
from casework.cases.models import Kind
from casework.org.models import Role
from casework.privacy.services import DENUNCIATIONS_NOTICE, NOTHING_FOUND, personal_data_export
from casework.reception.models import ReceptionEntry
from tests.builders import make_case, make_session, make_visit, submitter
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NAME, PHONE = "Đỗ Thị Tố Giác", "0987654321"
NOBODY, NOBODY_PHONE = "Lý Văn Không", "0911000111"
VISITOR, CARD = "Trần Thị Bình", "034190001234"  # make_visit's visitor


@pytest.fixture
def denounced(cast, frozen_clock):
    return make_case(cast, Kind.DENUNCIATION, submitters=[submitter(full_name=NAME, phone=PHONE)])


@pytest.fixture
def intake_admin(cast):
    """An administrator of the sector who also holds its intake role: the letter is theirs to check."""
    return UserFactory(username="intake_admin", roles=[(Role.ADMIN, cast.sector), (Role.INTAKE_OFFICER, cast.sector)])


def _export(actor, name: str, phone: str, reason: str = "Đơn yêu cầu 21/YC") -> dict:
    data = personal_data_export(actor=actor, full_name=name, phone=phone, reason=reason)
    return {k: v for k, v in data.items() if k != "generated_at"}


def _page(actor, fmt: str, name: str, phone: str) -> bytes:
    client = Client()
    client.force_login(actor)
    form = {"full_name": name, "phone": phone, "reason": "Đơn yêu cầu 22/YC", "confirm": "on", "format": fmt}
    response = client.post("/privacy/subject-access/", form)
    assert response.status_code == 200
    return response.content


def test_an_administrator_learns_nothing_of_who_denounced(cast, denounced):
    someone = _export(cast.admin, NAME, PHONE)
    nobody = _export(cast.admin, NOBODY, NOBODY_PHONE)
    assert (
        someone
        == nobody
        == {
            "denunciations": str(DENUNCIATIONS_NOTICE),
            "nothing_found": str(NOTHING_FOUND),
            "cases": [],
            "visits": [],
            "accounts": [],
        }
    )
    after = [e.after for e in AuditEvent.objects.filter(action="privacy.subject_access_export").order_by("seq")]
    assert after[0] == after[1] == {"cases": [], "visits": [], "accounts": []}
    assert not AuditEvent.objects.filter(action="case.identity_reveal").exists()
    for fmt in ("html", "json", "xlsx"):
        shown = _page(cast.admin, fmt, NAME, PHONE)
        blank = _page(cast.admin, fmt, NOBODY, NOBODY_PHONE)
        if fmt == "xlsx":
            cells = [
                [c.value for r in load_workbook(io.BytesIO(b)).active.iter_rows() for c in r] for b in (shown, blank)
            ]
            assert cells[0] == cells[1]
            text = json.dumps(cells[0], ensure_ascii=False)
        elif fmt == "json":
            found, empty = ({k: v for k, v in json.loads(b).items() if k != "generated_at"} for b in (shown, blank))
            assert found == empty
            text = json.dumps(found, ensure_ascii=False)
        else:  # the page echoes the form as typed and a fresh CSRF token; the rest reads the same
            text = shown.decode()

            def plain(page: str, *typed: str) -> str:
                for value in typed:
                    page = page.replace(value, "")
                return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)

            assert plain(text, NAME, PHONE) == plain(blank.decode(), NOBODY, NOBODY_PHONE)
        assert denounced.reference not in text and "cơ quan, người giải quyết tố cáo trả lời" in text
        if fmt != "html":
            assert NAME not in text and PHONE not in text


def test_an_administrator_who_may_reveal_the_identity_answers_for_it_and_the_reading_is_a_reveal(
    cast, denounced, intake_admin
):
    data = personal_data_export(actor=intake_admin, full_name=NAME, phone=PHONE, reason="Đơn yêu cầu 23/YC")
    [case] = data["cases"]
    assert case["reference"] == denounced.reference and case["as_sender"][0]["full_name"] == NAME
    assert data["denunciations"] == str(DENUNCIATIONS_NOTICE)
    [reveal] = AuditEvent.objects.filter(action="case.identity_reveal")
    assert (reveal.actor, reveal.target_id) == (intake_admin, str(denounced.pk))


def test_a_denounced_visit_is_answered_by_those_who_heard_it(cast, intake_admin, frozen_clock):
    visit = make_visit(cast, make_session(cast))
    petition = make_visit(cast, visit.session)
    ReceptionEntry.objects.filter(pk=petition.pk).update(classification="petition")

    def visits(actor) -> list[str]:
        data = personal_data_export(actor=actor, full_name=VISITOR, id_number=CARD, reason="Đơn yêu cầu 24/YC")
        return [v["as_visitor"][0]["full_name"] + ":" + v["classification"] for v in data["visits"]]

    assert visits(cast.admin) == [f"{VISITOR}:petition"]
    assert not AuditEvent.objects.filter(action="reception.visitor_reveal").exists()
    assert visits(intake_admin) == [f"{VISITOR}:denunciation", f"{VISITOR}:petition"]
    [reveal] = AuditEvent.objects.filter(action="reception.visitor_reveal")
    assert (reveal.actor, reveal.target_id) == (intake_admin, str(visit.pk))


ACCUSED, ACCUSED_PHONE, ACCUSED_CARD = "Nguyễn Văn Bị Tố", "0977000222", "034080002222"
TOLD = f"Ông {ACCUSED} (số điện thoại {ACCUSED_PHONE}), chủ tịch CĐCS Bệnh viện, chi sai quỹ phúc lợi năm 2025."


def test_a_denounced_persons_request_never_reveals_who_denounced_them(cast, intake_admin, frozen_clock):
    """The export matches the requester as a letter's sender or a visit's visitor, never as the person a
    letter or a visit is about: the person denounced, even asking an administrator who may reveal the
    denouncer and giving every identifier the denunciation holds of them, gets nothing of it."""
    case = make_case(
        cast,
        Kind.DENUNCIATION,
        submitters=[submitter(full_name=NAME, phone=PHONE)],
        subject_person=ACCUSED,
        content=TOLD,
    )
    visit = make_visit(cast, make_session(cast))
    ReceptionEntry.objects.filter(pk=visit.pk).update(content=TOLD)
    data = personal_data_export(
        actor=intake_admin,
        full_name=ACCUSED,
        phone=ACCUSED_PHONE,
        id_number=ACCUSED_CARD,
        reason="Đơn yêu cầu 24/YC",
    )
    assert (data["cases"], data["visits"]) == ([], [])
    text = json.dumps(data, ensure_ascii=False, default=str)
    for secret in (NAME, PHONE, VISITOR, CARD, case.reference, TOLD):
        assert secret not in text
    assert not AuditEvent.objects.filter(action__in=["case.identity_reveal", "reception.visitor_reveal"]).exists()
    event = AuditEvent.objects.filter(action="privacy.subject_access_export").order_by("seq").last()
    assert event.after["cases"] == [] and event.after["visits"] == []
    page = Client()
    page.force_login(intake_admin)
    form = {"full_name": ACCUSED, "phone": ACCUSED_PHONE, "id_number": ACCUSED_CARD, "reason": "25/YC", "confirm": "on"}
    for fmt in ("html", "json"):
        body = page.post("/privacy/subject-access/", {**form, "format": fmt}).content.decode()
        assert NAME not in body and VISITOR not in body and CARD not in body and case.reference not in body


def test_who_denounced_in_person_gets_their_own_words(cast, intake_admin, frozen_clock):
    """A person asking for their own data gets what they told as they told it: the export goes to them,
    and the book's masks keep the denouncer from others, not from themselves."""
    visit = make_visit(cast, make_session(cast))
    ReceptionEntry.objects.filter(pk=visit.pk).update(content=TOLD)
    data = personal_data_export(actor=intake_admin, full_name=VISITOR, id_number=CARD, reason="Đơn yêu cầu 26/YC")
    [mine] = data["visits"]
    assert mine["content"] == TOLD and mine["id_number"] == CARD
