"""Public form and status page: receipt codes, nothing but stage and dates, throttling, bad input."""

from __future__ import annotations

import re

import pytest

from casework.cases.models import Case, Kind, Status
from casework.cases.receipts import ALPHABET, CODE_BITS, receipt_code_hash, receipt_code_new
from casework.cases.services import case_accept
from tests.builders import public_form

pytestmark = pytest.mark.django_db

CODE_RE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$")


def test_receipt_codes_carry_80_bits_in_a_read_aloud_alphabet():
    assert len(ALPHABET) == 32 and not set("ILOU") & set(ALPHABET)
    codes = {receipt_code_new() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(CODE_RE.match(c) for c in codes)
    assert CODE_BITS >= 80 and len(next(iter(codes)).replace("-", "")) * 5 >= 80
    # Every symbol is used: the generator is not stuck on part of the alphabet.
    assert set("".join(codes).replace("-", "")) == set(ALPHABET)


def _submit(client, cast, ip="10.0.0.1", **extra):
    return client.post("/cases/public/submit/", public_form(cast, **extra), REMOTE_ADDR=ip)


def test_public_submission_returns_a_code_and_stores_only_its_hash(cast, client, frozen_clock):
    response = _submit(client, cast)
    assert response.status_code == 200
    code = re.search(r'id="receipt-code">([^<]+)<', response.content.decode()).group(1)
    assert CODE_RE.match(code)
    case = Case.objects.get()
    assert case.channel == "online" and case.status == Status.RECEIVED and case.created_by is None
    assert case.receipt_code_hash == receipt_code_hash(code) and code not in str(Case.objects.values().get())


def test_status_page_shows_stage_and_dates_and_nothing_else(cast, client, frozen_clock):
    response = _submit(client, cast)
    code = re.search(r'id="receipt-code">([^<]+)<', response.content.decode()).group(1)
    case = Case.objects.get()
    case_accept(subject_area="khac", case=case, actor=cast.intake, legal_ground="Luật Khiếu nại 2011 Đ.27")
    page = client.post("/cases/public/status/", {"code": code.lower().replace("-", " ")}).content.decode()
    assert "Đã thụ lý" in page and "02/03/2026" in page
    for secret in [
        "Đinh Thị Công Dân",
        "0900111222",
        "trợ cấp khó khăn",
        case.reference,
        "Luật Khiếu nại",
        str(cast.hospital),
        "Khiếu nại về trợ cấp",
    ]:
        assert secret not in page
    wrong = client.post("/cases/public/status/", {"code": receipt_code_new()}).content.decode()
    assert "Không tìm thấy" in wrong and "Đã thụ lý" not in wrong


def test_guessing_codes_is_throttled_per_address(cast, client, settings):
    settings.CASES_PUBLIC_RATES = {"public_status": (3, 3600), "public_submit": (5, 3600)}
    for _ in range(3):
        assert (
            client.post("/cases/public/status/", {"code": receipt_code_new()}, REMOTE_ADDR="10.9.9.9").status_code
            == 200
        )
    blocked = client.post("/cases/public/status/", {"code": receipt_code_new()}, REMOTE_ADDR="10.9.9.9")
    assert blocked.status_code == 429 and "quá nhiều yêu cầu" in blocked.content.decode()
    # Another address keeps its own budget.
    assert client.post("/cases/public/status/", {"code": receipt_code_new()}, REMOTE_ADDR="10.9.9.8").status_code == 200


def test_public_submissions_are_throttled(cast, client, settings, frozen_clock):
    settings.CASES_PUBLIC_RATES = {"public_status": (3, 3600), "public_submit": (2, 3600)}
    assert _submit(client, cast).status_code == 200
    assert _submit(client, cast, content="Nội dung khác số hai").status_code == 200
    response = _submit(client, cast, content="Nội dung khác số ba")
    assert response.status_code == 429
    assert Case.objects.count() == 2


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": ""}, "title"),
        ({"content": ""}, "content"),
        ({"kind": "lawsuit"}, "kind"),
        ({"unit": "999999"}, "unit"),
        ({"phone": "", "email": "", "address": ""}, "phone"),
        ({"email": "not-an-email"}, "email"),
        ({"kind": Kind.COMPLAINT, "full_name": ""}, "full_name"),
    ],
)
def test_bad_public_input_names_the_field_and_creates_nothing(cast, client, frozen_clock, data, field):
    response = _submit(client, cast, **data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert Case.objects.count() == 0


def test_anonymous_public_denunciation_is_not_processed_but_evidence_becomes_a_flag(cast, client, frozen_clock):
    from casework.inspections.models import Flag

    response = _submit(
        client,
        cast,
        kind=Kind.DENUNCIATION,
        full_name="",
        phone="",
        evidence="Ảnh chụp sổ quỹ trang 12–14 ghi chi khống 20 triệu đồng.",
    )
    assert response.status_code == 200
    case = Case.objects.get()
    assert case.status == Status.NOT_PROCESSED and case.is_anonymous
    assert Flag.objects.filter(unit=cast.hospital).count() == 1


def test_forged_forwarded_for_does_not_reset_the_budget(cast, client, settings):
    settings.CASES_PUBLIC_RATES = {"public_status": (2, 3600), "public_submit": (5, 3600)}
    settings.AXES_IPWARE_PROXY_COUNT = 1
    codes = []
    for forged in ["1.1.1.1", "2.2.2.2", "3.3.3.3"]:
        response = client.post(
            "/cases/public/status/",
            {"code": receipt_code_new()},
            REMOTE_ADDR="10.0.0.254",
            HTTP_X_FORWARDED_FOR=f"{forged}, 203.0.113.7",
        )
        codes.append(response.status_code)
    assert codes == [200, 200, 429]
