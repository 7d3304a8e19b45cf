"""A creation form posted twice creates one record (casework.web.form_tokens): a double click, a
browser retry, the back button and resend are sent to the record the first post created."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from casework.cases.models import Case, ConflictDeclaration, Kind
from casework.cases.services import (
    case_accept,
    case_approve,
    case_assign,
    case_decide,
    case_propose,
    case_start_verification,
)
from casework.inspections.models import Finding, Flag, Inspection, InspectionPlan, PlanItem, Recommendation
from casework.org.models import Absence, Role
from casework.reception.models import ReceptionEntry, ReceptionSession
from casework.web.models import SpentFormToken
from core import clock
from tests.builders import (
    DECISION_PARTS,
    SESSION_DAY,
    at,
    before_dialogue,
    conclude,
    dialogued,
    intake_form,
    later,
    make_session,
    open_ad_hoc,
    public_form,
    raise_flag,
    walk_to_reporting,
)
from tests.concurrency import at_once
from tests.factories import UserFactory

ALREADY_SAVED = "Biểu mẫu này đã được gửi và lưu trước đó; không tạo thêm bản ghi nào."
REFUSED = "Biểu mẫu đã hết hạn hoặc không hợp lệ nên chưa được lưu."
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _tokens_required(settings):
    settings.FORM_TOKENS_REQUIRED = True


def token_of(page: str, action: str = "") -> str:
    """The one-time token of the form on `page` that posts to `action` (the page's first form when none)."""
    start = page.index(f'action="{action}"') if action else 0
    found = re.search(r'name="form_token" value="([^"]+)"', page[start:])
    assert found, "the form carries no one-time token"
    return html.unescape(found.group(1))


@dataclasses.dataclass
class Creation:
    user: Any
    page: str  # where the form is shown
    post: str  # where it is posted
    data: dict[str, Any] | Callable[[], dict[str, Any]]  # a callable for files, read by each post
    records: Callable[[], Any]  # the records the form creates

    def fields(self) -> dict[str, Any]:
        return self.data() if callable(self.data) else dict(self.data)


def _second_complaint(cast, make_case) -> Creation:
    with before_dialogue():  # accepted five days ago: its dialogue may be held today
        case = case_accept(subject_area="khac", case=make_case(), actor=cast.intake, legal_ground="x")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    case = case_start_verification(case=case, actor=cast.officer)
    case = dialogued(case, cast.officer)
    case = case_propose(case=case, actor=cast.officer, proposal="p", outcome="unfounded")
    case = case_approve(case=case, actor=cast.chair)
    case = case_decide(case=case, actor=cast.officer, **DECISION_PARTS, decision_text="t", outcome="unfounded")
    return Creation(
        UserFactory(roles=[(Role.INTAKE_OFFICER, cast.province)]),
        f"/cases/{case.pk}/",
        f"/cases/{case.pk}/second/",
        {"received_on": "2026-03-02", "content": "Không đồng ý"},
        lambda: Case.objects.filter(round=2),
    )


def _inspection_act(cast, action: str, data: dict, records: Callable[[], Any], *, concluded: bool) -> Creation:
    inspection = open_ad_hoc(cast, [raise_flag(cast)])
    inspection = conclude(cast, inspection) if concluded else walk_to_reporting(cast, inspection)
    return Creation(
        cast.inspector,
        reverse("inspections:inspection_detail", args=[inspection.pk]),
        reverse("inspections:inspection_act", args=[inspection.pk, action]),
        data,
        records,
    )


def _plan_item(cast) -> Creation:
    from casework.inspections import services

    plan = services.plan_create(unit=cast.sector, period="annual", year=2026, actor=cast.inspector)
    return Creation(
        cast.inspector,
        reverse("inspections:plan_detail", args=[plan.pk]),
        reverse("inspections:plan_act", args=[plan.pk, "item"]),
        {
            "subject_unit": cast.clinic.pk,
            "topics": ["finance_books"],
            "starts_on": "2026-05-01",
            "ends_on": "2026-05-10",
            "team_lead": cast.inspector.pk,
        },
        PlanItem.objects.all,
    )


def _report(cast) -> Creation:
    from tests.builders import recommend

    rec = recommend(cast, conclude(cast, open_ad_hoc(cast, [raise_flag(cast)])))
    return Creation(
        cast.subject_rep,
        reverse("inspections:recommendation_detail", args=[rec.pk]),
        reverse("inspections:recommendation_act", args=[rec.pk, "report"]),
        {"text": "Đã thu hồi"},
        rec.reports.all,
    )


def _entry(cast) -> Creation:
    session = make_session(cast)
    clock.set_now(at(SESSION_DAY, 9))
    return Creation(
        cast.leader,
        reverse("reception:detail", args=[session.pk]),
        reverse("reception:entry_new", args=[session.pk]),
        {
            "time": "09:15",
            "full_name": "Nguyễn Văn An",
            "people_count": "1",
            "content": "Kiến nghị về chế độ ốm đau",
            "classification": "petition",
            "handling_route": "answered",
        },
        ReceptionEntry.objects.all,
    )


def _entry_case(cast) -> Creation:
    from tests.builders import make_visit

    entry = make_visit(cast, make_session(cast))
    url = reverse("reception:entry_case", args=[entry.pk])
    return Creation(cast.intake, url, url, {"title": "Tố cáo chi sai quỹ phúc lợi"}, Case.objects.all)


def _attachment(cast, make_case) -> Creation:
    from casework.files.models import Attachment

    case = make_case(kind=Kind.PETITION)
    return Creation(
        cast.intake,
        f"/cases/{case.pk}/",
        f"/cases/{case.pk}/attach/",
        lambda: {"file": SimpleUploadedFile("don.pdf", PDF, "application/pdf")},
        Attachment.objects.all,
    )


CREATIONS: dict[str, Callable[[Any, Any], Creation]] = {
    "case intake": lambda cast, make_case: Creation(
        cast.intake, "/cases/new/", "/cases/new/", intake_form(cast), Case.objects.all
    ),
    "second complaint": _second_complaint,
    "case conflict of interest": lambda cast, make_case: (
        lambda case: Creation(
            cast.officer,
            f"/cases/{case.pk}/",
            f"/cases/{case.pk}/conflict/",
            {"note": "Người khiếu nại là em họ tôi"},
            ConflictDeclaration.objects.all,
        )
    )(make_case()),
    "flag": lambda cast, make_case: Creation(
        cast.inspector,
        reverse("inspections:flag_raise"),
        reverse("inspections:flag_raise"),
        {
            "unit": cast.hospital.pk,
            "category": "finance_dues",
            "subject_area": "tai_chinh_cong_doan",
            "severity": "high",
            "source": "manual",
            "evidence": "Không nộp đoàn phí 6 tháng",
        },
        Flag.objects.all,
    ),
    "ad hoc inspection": lambda cast, make_case: (
        lambda flag: Creation(
            cast.inspector,
            reverse("inspections:inspection_open"),
            reverse("inspections:inspection_open"),
            {"unit": cast.sector.pk, "subject_unit": cast.hospital.pk, "flags": [flag.pk]},
            Inspection.objects.all,
        )
    )(raise_flag(cast)),
    "plan": lambda cast, make_case: Creation(
        cast.inspector,
        reverse("inspections:plan_create"),
        reverse("inspections:plan_create"),
        {"unit": cast.sector.pk, "period": "annual", "year": 2026},
        InspectionPlan.objects.all,
    ),
    "plan item": lambda cast, make_case: _plan_item(cast),
    "finding": lambda cast, make_case: _inspection_act(
        cast,
        "finding",
        {"topic": "finance_spending", "description": "Chi sai lần hai", "amount": "1.500.000"},
        lambda: Finding.objects.filter(description="Chi sai lần hai"),
        concluded=False,
    ),
    "recommendation": lambda cast, make_case: _inspection_act(
        cast,
        "recommend",
        {"text": "Thu hồi", "owner_unit": cast.hospital.pk, "due_on": later(15).isoformat()},
        Recommendation.objects.all,
        concluded=True,
    ),
    "follow-up report": lambda cast, make_case: _report(cast),
    "inspection conflict of interest": lambda cast, make_case: Creation(
        cast.inspector,
        reverse("inspections:conflict_declare"),
        reverse("inspections:conflict_declare"),
        {"unit": cast.hospital.pk, "reason": "Vợ tôi là kế toán của đơn vị"},
        cast.inspector.conflicts.all,
    ),
    "reception session": lambda cast, make_case: Creation(
        cast.chair,
        reverse("reception:new"),
        reverse("reception:new"),
        {
            "unit": cast.sector.pk,
            "day": "2026-03-12",
            "start": "08:00",
            "end": "11:00",
            "place": "Phòng tiếp dân",
            "receivers": [cast.chair.pk, cast.leader.pk],
        },
        ReceptionSession.objects.all,
    ),
    "reception visit": lambda cast, make_case: _entry(cast),
    "case from a visit": lambda cast, make_case: _entry_case(cast),
    "case attachment": _attachment,
    "absence": lambda cast, make_case: Creation(
        cast.officer,
        reverse("absences"),
        reverse("absences"),
        {"user": cast.officer.pk, "starts_on": "2026-03-03", "ends_on": "2026-03-04", "reason": "Ốm"},
        Absence.objects.all,
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(CREATIONS))
def test_a_creation_form_posted_twice_creates_one_record(name, cast, make_case, client):
    creation = CREATIONS[name](cast, make_case)
    before = set(creation.records().values_list("pk", flat=True))
    client.force_login(creation.user)
    token = token_of(
        client.get(creation.page).content.decode(), creation.post if creation.post != creation.page else ""
    )
    first = client.post(creation.post, {**creation.fields(), "form_token": token})
    assert first.status_code == 302, re.findall(r"<ul class=\"errorlist[^>]*>.*?</ul>", first.content.decode())
    created = set(creation.records().values_list("pk", flat=True)) - before
    assert len(created) == 1

    again = client.post(creation.post, {**creation.fields(), "form_token": token}, follow=True)
    assert set(creation.records().values_list("pk", flat=True)) - before == created
    assert again.redirect_chain[0] == (first["Location"], 302)
    assert ALREADY_SAVED in again.content.decode()


@pytest.mark.django_db
def test_the_form_shown_again_after_an_error_has_a_new_token_and_is_saved_once(cast, client, frozen_clock):
    client.force_login(cast.intake)
    token = token_of(client.get("/cases/new/").content.decode())
    refused = client.post("/cases/new/", {**intake_form(cast, title=""), "form_token": token})
    assert refused.status_code == 200 and not Case.objects.exists()
    fresh = token_of(refused.content.decode())
    assert fresh != token
    assert client.post("/cases/new/", {**intake_form(cast), "form_token": fresh}).status_code == 302
    assert client.post("/cases/new/", {**intake_form(cast), "form_token": fresh}).status_code == 302
    assert Case.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["another user's", "another form's", "expired", "forged", "missing"])
def test_a_token_not_issued_for_this_user_and_form_is_refused_and_the_input_kept(how, cast, client, frozen_clock):
    if how == "another user's":
        other = Client()
        other.force_login(cast.officer)  # who may register letters too
        token = token_of(other.get("/cases/new/").content.decode())
    client.force_login(cast.intake)
    if how == "another form's":
        token = token_of(client.get(reverse("absences")).content.decode())
    elif how == "expired":
        token = token_of(client.get("/cases/new/").content.decode())
        clock.advance(dt.timedelta(hours=25))
    elif how == "forged":
        token = token_of(client.get("/cases/new/").content.decode())[:-2] + "xx"
    data = intake_form(cast, title="Khiếu nại trợ cấp khó khăn")
    if how != "missing":
        data["form_token"] = token
    response = client.post("/cases/new/", data)
    page = response.content.decode()
    assert response.status_code == 200 and REFUSED in page
    assert "Khiếu nại trợ cấp khó khăn" in page  # the input is kept
    assert not Case.objects.exists() and not SpentFormToken.objects.exists()
    # The form shown again carries a new token that works.
    retry = client.post("/cases/new/", {**data, "form_token": token_of(page)})
    assert retry.status_code == 302 and Case.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a concurrent insert waits on the unique index")
@pytest.mark.django_db(transaction=True)
def test_two_posts_of_the_same_form_at_once_create_one_record(cast, frozen_clock):
    clients = [Client(), Client()]
    for c in clients:
        c.force_login(cast.intake)
    token = token_of(clients[0].get("/cases/new/").content.decode())
    data = {**intake_form(cast), "form_token": token}
    responses = at_once(*[lambda c=c: c.post("/cases/new/", data) for c in clients])
    assert [r.status_code for r in responses] == [302, 302], responses
    case = Case.objects.get()
    assert {r["Location"] for r in responses} == {f"/cases/{case.pk}/"}
    assert SpentFormToken.objects.count() == 1


RECEIPT_CODE = re.compile(r'id="receipt-code">([^<]+)<')
ALREADY_SENT = "Đơn này đã được gửi trước đó và chỉ được tiếp nhận một lần"


@pytest.fixture
def _public_unthrottled(settings):
    from django.core.cache import cache

    cache.clear()
    settings.CASES_PUBLIC_RATES = {"public_submit": (100, 3600)}


@pytest.mark.django_db
@pytest.mark.usefixtures("_public_unthrottled")
def test_the_public_form_sent_twice_registers_one_letter_and_shows_its_receipt_again(cast, client, frozen_clock):
    from casework.cases.receipts import receipt_code_hash

    url = reverse("cases:public_submit")
    data = {**public_form(cast, email="dan@example.vn"), "form_token": token_of(client.get(url).content.decode())}
    first = client.post(url, data)
    assert first.status_code == 200 and ALREADY_SENT not in first.content.decode()
    code = RECEIPT_CODE.search(first.content.decode()).group(1)
    case = Case.objects.get()

    again = client.post(url, data)  # a double click, or back and resend: no account to tell them apart
    page = again.content.decode()
    assert again.status_code == 200 and again["Cache-Control"] == "no-store"
    assert Case.objects.count() == 1
    assert ALREADY_SENT in page and RECEIPT_CODE.search(page).group(1) == code
    # The code is derived from the token, not kept: the spent token's row holds no trace of it.
    token = SpentFormToken.objects.get()
    assert token.user is None and code not in str(SpentFormToken.objects.values().get())
    assert case.receipt_code_hash == receipt_code_hash(code)

    # A new rendering of the form is a new letter, with its own code.
    fresh = {**data, "form_token": token_of(client.get(url).content.decode())}
    other = RECEIPT_CODE.search(client.post(url, fresh).content.decode()).group(1)
    assert other != code and Case.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.usefixtures("_public_unthrottled")
@pytest.mark.parametrize("how", ["missing", "a signed-in user's", "expired"])
def test_the_public_form_refuses_a_token_not_issued_to_this_visitor_and_keeps_the_input(
    how, cast, client, frozen_clock
):
    url = reverse("cases:public_submit")
    data = public_form(cast, title="Khiếu nại về nâng lương")
    if how == "a signed-in user's":
        officer = Client()
        officer.force_login(cast.intake)
        data["form_token"] = token_of(officer.get(url).content.decode())
    elif how == "expired":
        data["form_token"] = token_of(client.get(url).content.decode())
        clock.advance(dt.timedelta(hours=25))
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 400 and REFUSED in page and "Khiếu nại về nâng lương" in page
    assert not Case.objects.exists() and RECEIPT_CODE.search(page) is None
    retry = client.post(url, {**data, "form_token": token_of(page)})
    assert retry.status_code == 200 and Case.objects.count() == 1


@pytest.mark.django_db
def test_a_refused_attachment_leaves_its_token_for_the_file_chosen_again(cast, make_case, client):
    from casework.files.models import Attachment

    case = make_case(kind=Kind.PETITION)
    client.force_login(cast.intake)
    token = token_of(client.get(f"/cases/{case.pk}/").content.decode(), f"/cases/{case.pk}/attach/")
    bad = SimpleUploadedFile("virus.exe", b"MZ\x90\x00", "application/octet-stream")
    refused = client.post(f"/cases/{case.pk}/attach/", {"file": bad, "form_token": token}, follow=True)
    assert "Tệp đính kèm: " in refused.content.decode() and not Attachment.objects.exists()
    good = SimpleUploadedFile("don.pdf", PDF, "application/pdf")
    client.post(f"/cases/{case.pk}/attach/", {"file": good, "form_token": token})
    assert Attachment.objects.count() == 1

    missing = client.post(f"/cases/{case.pk}/attach/", {"file": SimpleUploadedFile("b.pdf", PDF)}, follow=True)
    assert REFUSED in missing.content.decode() and Attachment.objects.count() == 1


EVIDENCE = "/cases/public/evidence/"
EVIDENCE_ALREADY_SENT = "Các tệp này đã được gửi trước đó và chỉ được nhận một lần."


@pytest.fixture
def _letter_sent(cast, settings, tmp_path):
    """A letter sent on the public form, and its receipt code; adding evidence and looking up unthrottled."""
    from django.core.cache import cache

    from casework.cases.services import case_public_submit

    cache.clear()
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.CASES_PUBLIC_RATES = {"public_evidence": (100, 3600), "public_status": (100, 3600)}
    case, code = case_public_submit(
        kind=Kind.COMPLAINT, unit=cast.sector, title="Khiếu nại", content="Nội dung", full_name="A", phone="0900"
    )
    return case, code


def _evidence(code: str, token: str | None, name: str = "chung-cu.pdf") -> dict[str, Any]:
    data: dict[str, Any] = {"code": code, "evidence_files": [SimpleUploadedFile(name, PDF, "application/pdf")]}
    if token is not None:
        data["form_token"] = token
    return data


@pytest.mark.django_db
def test_evidence_sent_twice_on_the_status_page_is_stored_once(_letter_sent, client, frozen_clock):
    from casework.files.models import Attachment

    case, code = _letter_sent
    token = token_of(client.post("/cases/public/status/", {"code": code}).content.decode(), EVIDENCE)
    first = client.post(EVIDENCE, _evidence(code, token))
    assert first.status_code == 200 and "Đã nhận 1 tệp" in first.content.decode()
    assert Attachment.objects.filter(target_id=str(case.pk)).count() == 1

    again = client.post(EVIDENCE, _evidence(code, token))  # a double click, or back and resend
    page = again.content.decode()
    assert again.status_code == 200 and again["Cache-Control"] == "no-store"
    assert EVIDENCE_ALREADY_SENT in page and 'id="status"' in page and "Đã nhận 1 tệp" not in page
    assert Attachment.objects.filter(target_id=str(case.pk)).count() == 1
    spent = SpentFormToken.objects.get()
    assert spent.user is None and code not in str(SpentFormToken.objects.values().get())

    # The page shown after it carries a new token: more files later are a new addition.
    fresh = token_of(page, EVIDENCE)
    assert fresh != token
    assert "Đã nhận 1 tệp" in client.post(EVIDENCE, _evidence(code, fresh, "them.pdf")).content.decode()
    assert Attachment.objects.filter(target_id=str(case.pk)).count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["missing", "another form's", "expired"])
def test_evidence_with_a_token_not_issued_for_it_is_refused_and_nothing_stored(how, _letter_sent, client, frozen_clock):
    from casework.files.models import Attachment

    _case, code = _letter_sent
    token = None
    if how == "another form's":
        token = token_of(client.get(reverse("cases:public_submit")).content.decode())
    elif how == "expired":
        token = token_of(client.post("/cases/public/status/", {"code": code}).content.decode(), EVIDENCE)
        clock.advance(dt.timedelta(hours=25))
    refused = client.post(EVIDENCE, _evidence(code, token))
    page = refused.content.decode()
    assert refused.status_code == 400 and REFUSED in page
    assert not Attachment.objects.exists() and not SpentFormToken.objects.exists()
    assert client.post(EVIDENCE, _evidence(code, token_of(page, EVIDENCE))).status_code == 200
    assert Attachment.objects.count() == 1
