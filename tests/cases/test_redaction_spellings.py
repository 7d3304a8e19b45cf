"""The masks reach the denouncer's particulars however the letter spells them (Luật Tố cáo 2018 Đ.47
khoản 1): a phone number in its international form (+84, 0084, 84) as well as its national one, and a
name whose Vietnamese letters are typed decomposed (a tone mark as its own character), as text pasted
from another program often is."""

from __future__ import annotations

import unicodedata

import pytest

from casework.cases.models import Kind
from casework.cases.redaction import MASK, masks_propose, redact
from casework.cases.services import SubmitterData

pytestmark = pytest.mark.django_db

NAME = "Nguyễn Văn Gửi"
PHONE = "0912345678"
ID_NUMBER = "034090001234"


@pytest.mark.parametrize(
    ("known", "written"),
    [
        (PHONE, "+84 912 345 678"),
        (PHONE, "(+84) 912.345.678"),
        (PHONE, "0084912345678"),
        (PHONE, "84-912-345-678"),
        ("+84 912 345 678", "0912 345 678"),
        ("84912345678", "0912.345.678"),
    ],
)
def test_a_phone_is_masked_in_its_national_and_international_forms(known, written):
    text = redact(f"Liên hệ tôi qua số {written} để xác minh.", masks_propose([{"phone": known}]))
    assert text == f"Liên hệ tôi qua số {MASK} để xác minh."


def test_a_name_typed_decomposed_is_masked_and_a_text_without_a_mask_is_kept_as_typed():
    decomposed = unicodedata.normalize("NFD", f"Tôi là {NAME}, tố cáo Chủ tịch CĐCS.")
    assert decomposed != unicodedata.normalize("NFC", decomposed)
    assert redact(decomposed, [NAME]) == f"Tôi là {MASK}, tố cáo Chủ tịch CĐCS."
    assert redact(decomposed, [unicodedata.normalize("NFD", NAME)]) == f"Tôi là {MASK}, tố cáo Chủ tịch CĐCS."
    untouched = unicodedata.normalize("NFD", "Tố cáo Chủ tịch CĐCS.")
    assert redact(untouched, [NAME]) == untouched


def test_an_identity_paper_number_is_not_taken_for_a_phone():
    # A CCCD has twelve digits: masked as written, its digits never read as a national phone number.
    assert redact("CCCD 034 090 001 234", masks_propose([{"id_number": ID_NUMBER}])) == f"CCCD {MASK}"
    assert redact("số 8434090001234", masks_propose([{"id_number": ID_NUMBER}])) == "số 8434090001234"


def test_the_working_copy_everyone_reads_holds_neither_spelling(cast, make_case, client):
    letter = unicodedata.normalize(
        "NFD", f"Tôi là {NAME}, điện thoại +84 912 345 678.\nTôi tố cáo Chủ tịch CĐCS chi sai quỹ phúc lợi."
    )
    case = make_case(
        kind=Kind.DENUNCIATION,
        content=letter,
        title=unicodedata.normalize("NFD", f"Đơn của ông {NAME} (+84 912 345 678)"),
        submitters=[SubmitterData(full_name=NAME, phone=PHONE)],
    )
    client.force_login(cast.leader)
    data = client.get(f"/api/cases/{case.pk}/").json()
    for shown in (data["content"], data["title"]):
        folded = unicodedata.normalize("NFC", shown)
        assert NAME not in folded and "912 345 678" not in folded
        assert MASK in folded
    assert "chi sai quỹ phúc lợi" in unicodedata.normalize("NFC", data["content"])
