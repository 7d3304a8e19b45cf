"""The masks reach the denouncer's particulars however the letter spells them (Luật Tố cáo 2018 Đ.47
khoản 1): a phone number in its international form (+84, 0084, 84) as well as its national one; a
name whose Vietnamese letters are typed decomposed (a tone mark as its own character), as text pasted
from another program often is; a name or an address typed without its diacritics, as many e-mails and
messages are, and one whose words a file's name joins with underscores, dots or dashes."""

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


def test_a_name_or_address_typed_without_diacritics_is_masked():
    masks = masks_propose([{"full_name": NAME, "address": "số 5 phố Lê Lợi, Thái Bình"}])
    text = redact("Toi la NGUYEN VAN GUI, o so 5 pho Le Loi, Thai Binh. Nguyễn Văn Gửi ky ten.", masks)
    assert text == f"Toi la {MASK}, o {MASK}. {MASK} ky ten."
    # The diacritics the phrase has are not required; a word with other diacritics is another word.
    assert redact("ông Nguyễn Văn Gụi", masks) == "ông Nguyễn Văn Gụi"


@pytest.mark.parametrize("name", ["don_Nguyen_Van_Gui.pdf", "Nguyễn-Văn-Gửi.pdf", "nguyen.van.gui.pdf"])
def test_a_name_joined_by_underscores_dots_or_dashes_is_masked(name):
    assert NAME.casefold() not in redact(name, [NAME]).casefold()
    assert MASK in redact(name, [NAME])


def test_an_ordinary_files_name_naming_the_denouncer_without_diacritics_is_masked(cast, make_case):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from casework.cases.integrations import attachment_store_for_case, attachments_for_case

    case = make_case(kind=Kind.DENUNCIATION, submitters=[SubmitterData(full_name=NAME, phone=PHONE)])
    attachment_store_for_case(
        case=case,
        actor=cast.intake,
        upload=SimpleUploadedFile("bang-chung-nguyen_van_gui-0912.345.678.txt", b"Phieu chi 2025", "text/plain"),
    )
    (attachment,) = attachments_for_case(case)
    assert not attachment.identifying
    assert "nguyen" not in attachment.original_name.casefold() and "345" not in attachment.original_name
    assert attachment.original_name.startswith("bang-chung-")
