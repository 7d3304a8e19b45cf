"""A denouncer's place is not masked where it is part of a unit's name: a denouncer living in "Thái
Bình" leaves "Công đoàn ngành Y tế Thái Bình" readable in the working copy, the title, the officers'
texts and the audit trail, while "Thái Bình" written as where they live is masked, and their name,
phone and street address are masked everywhere, within a unit's name too (Luật Tố cáo 2018 Đ.47
khoản 1)."""

from __future__ import annotations

import pytest

from casework.audit.selectors import audit_events_for
from casework.audit.services import audit_record
from casework.cases.identity import identity_decrypt, unseal
from casework.cases.models import Case, Kind
from casework.cases.redaction import MASK, masks_places, masks_propose, redact
from casework.cases.services import SubmitterData, case_redaction_masks, case_redaction_save
from casework.cases.services.identity import case_text_masked
from casework.cases.services.publicity import complainant_masked
from casework.search.models import SearchDocument
from casework.search.text import fold
from tests.factories import make_unit

pytestmark = pytest.mark.django_db

UNIT = "Công đoàn ngành Y tế Thái Bình"
NAME, PHONE, PLACE = "Nguyễn Văn Gửi", "0912345678", "Thái Bình"
LETTER = (
    f"Tôi là {NAME}, ở {PLACE}, điện thoại {PHONE}.\nTôi tố cáo Chủ tịch {UNIT} chi quỹ phúc lợi sai quy chế năm 2025."
)


@pytest.fixture
def sector(cast):
    cast.sector.name = UNIT
    cast.sector.save()
    return cast.sector


def _denunciation(make_case, *, name=NAME, address=PLACE, content=LETTER, title=f"Tố cáo Chủ tịch {UNIT}"):
    return make_case(
        kind=Kind.DENUNCIATION,
        title=title,
        content=content,
        submitters=[SubmitterData(full_name=name, phone=PHONE, address=address)],
    )


def test_a_place_stays_within_a_longer_unit_name_and_is_masked_elsewhere():
    people = [{"full_name": NAME, "phone": PHONE, "address": PLACE}]
    masks = masks_propose(people)
    text = redact(LETTER, masks, places=masks_places(masks, people), kept=[UNIT])
    assert UNIT in text and f"ở {MASK}," in text
    assert NAME not in text and PHONE not in text and text.count(MASK) == 3
    # Without the unit's name, or with a unit named only for the place, the place is masked there too.
    assert UNIT not in redact(LETTER, masks, places=masks_places(masks, people), kept=[PLACE])
    assert UNIT not in redact(LETTER, masks)


def test_only_a_place_yields_never_a_name_a_number_or_a_street_address():
    people = [
        {"full_name": "Nguyễn Thái Bình", "phone": PHONE, "address": "số 5 phố Lê Lợi, Thái Bình"},
        {"full_name": "Trần Hưng Đạo", "address": "Thôn Đông, Thái Bình"},
    ]
    masks = [*masks_propose(people), "Thái Bình", "Thôn Đông", "Hưng Đạo", "chị Hoa"]
    # The street address has a house number; "Thái Bình" is held in a denouncer's name; "Hưng Đạo" is
    # part of a name, not of an address; "chị Hoa" is the officer's own phrase: all masked everywhere.
    assert masks_places(masks, people) == {"Thôn Đông, Thái Bình", "Thôn Đông"}
    assert masks_places(["thon dong"], people) == {"thon dong"}


def test_the_working_copy_title_texts_and_audit_keep_the_unit_name(cast, sector, make_case):
    case = _denunciation(make_case)
    assert UNIT in case.content_redacted and f"ở {MASK}," in case.content_redacted
    assert NAME not in case.content_redacted and PHONE not in case.content_redacted
    assert case.title == f"Tố cáo Chủ tịch {UNIT}"
    indexed = SearchDocument.objects.get(kind=SearchDocument.Kind.CASE, object_id=case.pk, part="record")
    assert fold(UNIT) in indexed.title  # the index holds the title folded
    typed = case_text_masked(case, f"Đã làm việc với {UNIT}; người tố cáo {NAME} sống tại {PLACE}.")
    assert typed == f"Đã làm việc với {UNIT}; người tố cáo {MASK} sống tại {MASK}."
    # Bodies the case records keep their names too: the experts asked to assess, the investigating body.
    body = "Sở Y tế tỉnh Thái Bình"
    assert case_text_masked(case, body, naming=body) == body
    assert case_text_masked(case, f"{body}, ông {NAME}", naming=body) == f"{body}, ông {MASK}"
    # The audit trail: a reason typed with the place in a unit's name is sealed through the same masks.
    reason = f"Xác minh tại {UNIT}, nơi {NAME} ở {PLACE}"
    audit_record(actor=cast.officer, action="case.identity_reveal", target=case, unit=case.unit, reason=reason)
    event = audit_events_for(target_type="cases.case", target_id=case.pk).get(action="case.identity_reveal")
    assert identity_decrypt(event.reason, case=case) == f"Xác minh tại {UNIT}, nơi {MASK} ở {MASK}"


def test_a_name_held_in_a_unit_name_is_masked_there_too(cast, make_case):
    make_unit(parent=cast.sector, name="CĐCS Trường THCS Trần Hưng Đạo", code="TD")
    letter = "Tôi, Trần Hưng Đạo, giáo viên CĐCS Trường THCS Trần Hưng Đạo, ở Thái Bình, tố cáo hiệu trưởng."
    case = _denunciation(make_case, name="Trần Hưng Đạo", content=letter, title="Tố cáo hiệu trưởng")
    assert "Trần Hưng Đạo" not in case.content_redacted
    assert case.content_redacted.count(MASK) == 3
    # A denouncer whose name holds the place: the place is masked within every unit's name.
    named = _denunciation(make_case, name="Nguyễn Thái Bình", content=f"Tôi tố cáo Chủ tịch {UNIT}.")
    assert "Thái Bình" not in named.content_redacted


def test_the_officers_mask_edits_still_apply_and_keep_the_unit_name(cast, sector, make_case):
    case = _denunciation(
        make_case, address="Thôn Đông, Thái Bình", content=LETTER + "\nNhân chứng: chị Hoa, Thôn Đông."
    )
    assert "Thôn Đông" in case.content_redacted  # the whole address was never written: nothing matched
    masks = [m for m in case_redaction_masks(case=case) if m != PHONE]
    case_redaction_save(case=case, actor=cast.officer, masks=[*masks, PLACE, "Thôn Đông", "chị Hoa"])
    case = Case.objects.get(pk=case.pk)
    text = case.content_redacted
    assert UNIT in text and f"ở {MASK}," in text
    assert "Thôn Đông" not in text and "chị Hoa" not in text and NAME not in text
    assert PHONE in text  # the officer took the phone off the masks
    assert case_text_masked(case, f"{UNIT} trả lời {NAME} ở {PLACE}") == f"{UNIT} trả lời {MASK} ở {MASK}"


def test_a_complainants_place_stays_in_the_published_units_name(cast, sector, make_case):
    case = make_case(kind=Kind.COMPLAINT, submitters=[SubmitterData(full_name=NAME, phone=PHONE, address=PLACE)])
    text = complainant_masked(case, f"{UNIT} công khai quyết định. {NAME}, {PLACE}.")
    assert text == f"{UNIT} công khai quyết định. {MASK}, {MASK}."


def test_a_transfer_keeps_the_outside_body_it_names_in_its_reason(cast, sector, make_case):
    from casework.cases.services import case_transfer

    body = "Thanh tra tỉnh Thái Bình"
    case = _denunciation(make_case)
    reason = f"Thuộc thẩm quyền của {body}; người tố cáo {NAME} ở {PLACE}."
    case, _new = case_transfer(case=case, actor=cast.intake, reason=reason, outside_body=body, subject_area="khac")
    case = Case.objects.get(pk=case.pk)
    kept = f"Thuộc thẩm quyền của {body}; người tố cáo {MASK} ở {MASK}."
    assert case.transfer_body == body and case.triage_note == kept
    event = audit_events_for(target_type="cases.case", target_id=case.pk).get(action="case.transfer")
    assert unseal(event.after["triage_note"], case=case) == kept and event.after["transfer_body"] == body
    assert identity_decrypt(event.reason, case=case) == kept
