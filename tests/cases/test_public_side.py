"""The public side: links from the login page, a printable receipt sent to the e-mail given, evidence
from the citizen on the form and later with the receipt code (checked and, for a denunciation,
sealed), and a status page that names the step, its due date and the unit (never the person)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casework.cases.models import Case, Kind
from casework.cases.receipts import receipt_code_new
from casework.cases.selectors import case_next_due
from casework.cases.services import case_accept, case_assign, public_receipt_email
from casework.files.models import Attachment
from notifications.delivery import outbox_deliver_due
from notifications.models import OutboxMessage
from notifications.sealing import outbox_open
from tests.builders import public_form
from tests.files.conftest import EXE_BYTES, PDF_BYTES, PNG_BYTES

pytestmark = pytest.mark.django_db

NAME, PHONE, EMAIL, ADDRESS = "Đinh Thị Công Dân", "0900111222", "congdan@example.vn", "Thôn Đông, Thái Bình"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def _pdf(name="chung-cu.pdf", data=PDF_BYTES):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def _submit(client, cast, files=(), ip="10.0.0.1", HTTP_USER_AGENT="", **extra):
    data = public_form(cast, **{"full_name": NAME, "phone": PHONE, "email": EMAIL, "address": ADDRESS, **extra})
    if files:
        data["evidence_files"] = list(files)
    headers = {"HTTP_USER_AGENT": HTTP_USER_AGENT} if HTTP_USER_AGENT else {}
    return client.post("/cases/public/submit/", data, REMOTE_ADDR=ip, **headers)


def _code(response) -> str:
    return re.search(r'id="receipt-code">([^<]+)<', response.content.decode()).group(1)


def _files(case):
    return Attachment.objects.filter(target_type="cases.case", target_id=str(case.pk))


def test_the_login_page_links_to_the_public_form_and_the_status_lookup(client):
    page = client.get(reverse("login")).content.decode()
    assert 'href="/cases/public/submit/"' in page and 'href="/cases/public/status/"' in page


def test_the_receipt_prints_on_its_own(cast, client, frozen_clock):
    response = _submit(client, cast)
    page = response.content.decode()
    assert response.status_code == 200 and "data-print" in page and "cases/case.js" in page
    assert "cases/receipt.css" in page and 'id="receipt"' in page and _code(response) in page
    assert "02/03/2026" in page and cast.sector.name in page


def test_the_code_is_sent_once_to_the_email_given_with_nothing_else_personal(cast, client, frozen_clock):
    response = _submit(client, cast, kind=Kind.DENUNCIATION)
    code = _code(response)
    (message,) = OutboxMessage.objects.filter(user=None)  # officers get their own notices
    opened = outbox_open(message)
    assert (opened.recipient, opened.user) == (EMAIL, None) and code in opened.body
    case = Case.objects.get()
    for personal in (NAME, PHONE, ADDRESS, case.reference, "trợ cấp", cast.hospital.name):
        assert personal not in opened.body and personal not in message.subject and personal not in message.key
    assert public_receipt_email(case=case, code=code, email=EMAIL) is False  # idempotent: queued once
    assert OutboxMessage.objects.filter(user=None).count() == 1


def test_the_address_and_the_code_are_never_kept_in_clear_and_are_erased_once_sent(cast, client, frozen_clock):
    code = _code(_submit(client, cast, kind=Kind.DENUNCIATION))
    stored = OutboxMessage.objects.filter(user=None).values_list("recipient", "body", "subject", "key")
    assert not [v for row in stored for v in row if code in v or EMAIL in v]
    mail.outbox.clear()
    outbox_deliver_due()
    (sent,) = [m for m in mail.outbox if m.to == [EMAIL]]
    assert code in sent.body
    message = OutboxMessage.objects.get(user=None)
    assert (message.status, message.recipient, message.body) == ("sent", "", "")


def test_a_receipt_email_that_fails_for_good_is_erased_and_its_error_hides_the_address(
    cast, client, frozen_clock, monkeypatch
):
    from notifications.channels import DeliveryRefused
    from notifications.channels.email import EmailChannel

    def refuse(self, message):
        raise DeliveryRefused(f"550 5.1.1 <{message.recipient}>: user unknown")

    monkeypatch.setattr(EmailChannel, "send", refuse)
    _submit(client, cast)
    outbox_deliver_due()
    message = OutboxMessage.objects.get(user=None)
    assert (message.status, message.body) == ("failed", "")
    assert "user unknown" in message.last_error and EMAIL not in message.last_error


def test_no_email_given_means_no_message(cast, client, frozen_clock):
    _submit(client, cast, email="")
    assert Case.objects.count() == 1 and not OutboxMessage.objects.filter(user=None).exists()


def test_a_complaint_carries_the_citizens_files_as_they_are(cast, client, frozen_clock):
    response = _submit(client, cast, files=[_pdf(), SimpleUploadedFile("anh.png", PNG_BYTES)])
    assert response.status_code == 200
    files = _files(Case.objects.get())
    assert files.count() == 2 and not files.filter(identifying=True).exists()


def test_a_denunciations_evidence_is_sealed_under_the_case_key(cast, client, frozen_clock):
    from casework.cases.identity import identity_decrypt

    _submit(client, cast, kind=Kind.DENUNCIATION, files=[_pdf("don-cua-dinh-thi-cong-dan.pdf")])
    case = Case.objects.get()
    (stored,) = _files(case)
    assert stored.identifying and NAME not in stored.original_name and "cong-dan" not in stored.original_name
    with stored.file.open("rb") as handle:
        sealed = handle.read()
    assert PDF_BYTES not in sealed and identity_decrypt(sealed, case=case) == PDF_BYTES


@pytest.mark.parametrize(
    "upload",
    [
        pytest.param(lambda: SimpleUploadedFile("chung-cu.pdf", EXE_BYTES), id="program-named-pdf"),
        pytest.param(lambda: SimpleUploadedFile("anh.png", PDF_BYTES), id="name-lies-about-content"),
        pytest.param(lambda: SimpleUploadedFile("rong.pdf", b""), id="empty"),
        pytest.param(lambda: _pdf(data=PDF_BYTES + b" " * 2048), id="over-the-limit"),
    ],
)
def test_hostile_files_on_the_public_form_are_refused_and_nothing_is_created(
    cast, client, settings, frozen_clock, upload
):
    settings.FILES_MAX_BYTES = 1024
    response = _submit(client, cast, files=[upload()])
    assert response.status_code == 400 and "evidence_files" in response.context["form"].errors
    assert Case.objects.count() == 0 and Attachment.objects.count() == 0 and OutboxMessage.objects.count() == 0


def test_too_many_files_at_once_are_refused(cast, client, frozen_clock):
    response = _submit(client, cast, files=[_pdf(f"tep-{n}.pdf") for n in range(6)])
    assert response.status_code == 400 and "evidence_files" in response.context["form"].errors
    assert Case.objects.count() == 0 and Attachment.objects.count() == 0


def test_evidence_added_later_with_the_receipt_code(cast, client, frozen_clock):
    code = _code(_submit(client, cast, kind=Kind.DENUNCIATION))
    case = Case.objects.get()
    response = client.post(
        "/cases/public/evidence/", {"code": code, "evidence_files": [_pdf()]}, REMOTE_ADDR="10.0.0.2"
    )
    assert response.status_code == 200 and "Đã nhận 1 tệp" in response.content.decode()
    (stored,) = _files(case)
    assert stored.identifying and stored.kind == "public_evidence" and stored.uploaded_by is None


def test_where_the_citizen_wrote_from_enters_the_trail_only_sealed_under_the_case_key(cast, client, frozen_clock):
    from casework.audit.models import AuditEvent
    from casework.cases.identity import unseal

    agent = "Mozilla/5.0 (Android 14; Dien thoai cua Cong Dan)"
    code = _code(_submit(client, cast, kind=Kind.DENUNCIATION, ip="10.9.8.7", HTTP_USER_AGENT=agent))
    client.post("/cases/public/evidence/", {"code": code, "evidence_files": [_pdf()]}, REMOTE_ADDR="10.9.8.7")
    case = Case.objects.get()
    events = AuditEvent.objects.filter(target_type="cases.case", target_id=str(case.pk), actor=None)
    assert {"case.intake", "case.public_evidence"} <= set(events.values_list("action", flat=True))
    assert not AuditEvent.objects.filter(canonical__contains="10.9.8.7").exists()
    assert not AuditEvent.objects.filter(canonical__contains="Cong Dan").exists()
    intake = events.get(action="case.intake")
    assert (unseal(intake.meta["ip"], case=case), unseal(intake.meta["user_agent"], case=case)) == ("10.9.8.7", agent)


def test_a_wrong_code_gets_the_same_answer_as_a_malformed_one_and_stores_nothing(cast, client, frozen_clock):
    _submit(client, cast)
    answers = []
    for code in (receipt_code_new(), "ABC", "' OR 1=1 --"):
        response = client.post("/cases/public/evidence/", {"code": code, "evidence_files": [_pdf()]})
        assert response.status_code == 400
        answers.append(re.sub(r'value="[^"]*"', "", response.content.decode().split('name="csrfmiddlewaretoken"')[-1]))
        looked_up = client.post("/cases/public/status/", {"code": code})
        assert looked_up.status_code == 200 and "Không tìm thấy đơn với mã này" in looked_up.content.decode()
    assert "Không tìm thấy đơn với mã này" in answers[0]
    assert answers[0] == answers[1] == answers[2]
    assert Attachment.objects.count() == 0


def test_hostile_evidence_with_a_right_code_is_refused(cast, client, frozen_clock):
    code = _code(_submit(client, cast))
    response = client.post(
        "/cases/public/evidence/", {"code": code, "evidence_files": [SimpleUploadedFile("a.pdf", EXE_BYTES)]}
    )
    assert response.status_code == 400 and Attachment.objects.count() == 0


def test_adding_evidence_is_throttled_per_address(cast, client, settings, frozen_clock):
    settings.CASES_PUBLIC_RATES = {"public_evidence": (2, 3600)}
    for _ in range(2):
        client.post(
            "/cases/public/evidence/", {"code": receipt_code_new(), "evidence_files": [_pdf()]}, REMOTE_ADDR="10.7.7.7"
        )
    blocked = client.post(
        "/cases/public/evidence/", {"code": receipt_code_new(), "evidence_files": [_pdf()]}, REMOTE_ADDR="10.7.7.7"
    )
    assert blocked.status_code == 429 and Attachment.objects.count() == 0


def test_the_status_page_names_the_step_its_due_date_and_the_unit_not_the_person(cast, client, frozen_clock):
    code = _code(_submit(client, cast))
    case = Case.objects.get()
    case = case_accept(subject_area="khac", case=case, actor=cast.intake, legal_ground="Luật Khiếu nại 2011 Đ.27")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    page = client.post("/cases/public/status/", {"code": code}).content.decode()
    assert "Bước hiện tại" in page and "Giải quyết" in page
    assert "Đơn vị đang giải quyết" in page and cast.sector.name in page
    assert f"{case_next_due(case=case).due_on:%d/%m/%Y}" in page
    for person in (str(cast.officer), cast.officer.username, str(cast.chair)):
        assert person and person not in page
    assert 'action="/cases/public/evidence/"' in page  # the letter is open: evidence may be added


@pytest.mark.parametrize(
    ("language", "subject", "opening"),
    [
        ("en", "Your letter's receipt code", "Your letter was received by"),
        ("vi", "Mã tiếp nhận đơn của bạn", "Đơn của bạn đã được"),
    ],
)
def test_the_receipt_email_is_written_in_the_language_of_the_form_used(
    cast, client, frozen_clock, settings, language, subject, opening
):
    # Read by the citizen alone: the form's language, not the site's (notifications.language).
    settings.LANGUAGE_CODE = "vi" if language == "en" else "en"
    data = public_form(cast, full_name=NAME, phone=PHONE, email=EMAIL, address=ADDRESS)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language  # the form's language, chosen with the selector
    response = client.post("/cases/public/submit/", data)
    code = _code(response)
    (message,) = OutboxMessage.objects.filter(user=None)
    opened = outbox_open(message)
    assert message.subject == subject
    assert opened.body.startswith(opening) and code in opened.body
