"""A complaint's dialogue (Luật Khiếu nại 2011 Đ.30; Nghị định 124/2020/NĐ-CP Đ.28, sửa đổi bởi Nghị định
155/2026/NĐ-CP): its notice sent at least 05 days before it (khoản 1), who took part and whether the
complainant came (khoản 4), an unexcused absence stopping nothing (khoản 5)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from casework.audit.selectors import audit_events_for
from casework.cases.models import Case, DialogueAttendance, Outcome, Status
from casework.cases.services import case_propose, case_record_dialogue, case_start_verification
from core import clock
from core.errors import ValidationFailed
from tests.builders import assigned, dialogue, dialogue_form, verification_started

pytestmark = pytest.mark.django_db


@pytest.fixture
def verifying(cast, frozen_clock):
    """A complaint being verified by its officer, named in the decision giving the verification (Luật Khiếu nại
    2011 Đ.29 khoản 1 điểm b), so that only its dialogue stands before the proposal."""
    return verification_started(assigned(cast))


def _as_json(fields: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in fields.items()}


def _unchanged(case: Case) -> None:
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.status == Status.VERIFYING and fresh.version == case.version
    assert (fresh.dialogue_record, fresh.dialogue_on, fresh.dialogue_notice_on, fresh.complainant_absent) == (
        "",
        None,
        None,
        "",
    )
    assert (
        not audit_events_for(target_type="cases.case", target_id=case.pk).filter(action="case.record_dialogue").exists()
    )


def test_a_dialogue_noticed_five_days_before_is_recorded_with_its_dates_and_audited(cast, verifying):
    case = case_record_dialogue(case=verifying, actor=cast.officer, **dialogue(notice_days=5))

    case = Case.objects.get(pk=case.pk)
    assert case.status == Status.DIALOGUE
    assert case.dialogue_on == clock.today() and case.dialogue_notice_on == clock.today() - dt.timedelta(days=5)
    assert case.complainant_absent == DialogueAttendance.PRESENT and "Ông Bị" in case.dialogue_participants
    event = audit_events_for(target_type="cases.case", target_id=case.pk).get(action="case.record_dialogue")
    assert event.after["dialogue_on"] == clock.today().isoformat()
    assert event.after["dialogue_notice_on"] == (clock.today() - dt.timedelta(days=5)).isoformat()
    assert event.after["complainant_absent"] == "present"


def test_a_notice_sent_four_days_before_is_refused_citing_the_article_and_nothing_changes(cast, verifying):
    with pytest.raises(ValidationFailed) as refused:
        case_record_dialogue(case=verifying, actor=cast.officer, **dialogue(notice_days=4))

    message = str(refused.value.fields["dialogue_notice_on"])
    assert "Đ.28 khoản 1" in message and "Nghị định 124/2020/NĐ-CP" in message and "4 ngày" in message
    _unchanged(verifying)


def test_a_notice_dated_after_the_dialogue_is_refused(cast, verifying):
    fields = dialogue()
    fields["dialogue_on"] = clock.today() - dt.timedelta(days=1)
    fields["dialogue_notice_on"] = clock.today()
    with pytest.raises(ValidationFailed) as refused:
        case_record_dialogue(case=verifying, actor=cast.officer, **fields)

    assert set(refused.value.fields) == {"dialogue_notice_on"}
    assert "không được sau ngày đối thoại" in str(refused.value.fields["dialogue_notice_on"])
    _unchanged(verifying)


def test_a_dialogue_dated_in_the_future_is_refused(cast, verifying):
    fields = dialogue()
    fields["dialogue_on"] = clock.today() + dt.timedelta(days=1)
    fields["dialogue_notice_on"] = verifying.accepted_on
    with pytest.raises(ValidationFailed) as refused:
        case_record_dialogue(case=verifying, actor=cast.officer, **fields)

    assert set(refused.value.fields) == {"dialogue_on"}
    _unchanged(verifying)


# ---- Luật Khiếu nại 2011 Đ.30 khoản 1: the dialogue of an accepted complaint, its notice not before the acceptance


def test_a_notice_dated_the_day_before_the_acceptance_is_refused_by_the_service_the_page_and_the_api(
    cast, client, verifying
):
    fields = dialogue()
    fields["dialogue_notice_on"] = verifying.accepted_on - dt.timedelta(days=1)
    assert (fields["dialogue_on"] - fields["dialogue_notice_on"]).days > 5  # refused for its day alone
    with pytest.raises(ValidationFailed) as refused:
        case_record_dialogue(case=verifying, actor=cast.officer, **fields)

    assert set(refused.value.fields) == {"dialogue_notice_on"}
    message = str(refused.value.fields["dialogue_notice_on"])
    assert f"trước ngày thụ lý khiếu nại ({verifying.accepted_on:%d/%m/%Y})" in message
    assert "Luật Khiếu nại 2011 Đ.30 khoản 1" in message
    with translation.override("en"):
        with pytest.raises(ValidationFailed) as in_english:
            case_record_dialogue(case=verifying, actor=cast.officer, **fields)
    assert "before the day the complaint was accepted" in str(in_english.value.fields["dialogue_notice_on"])
    _unchanged(verifying)

    client.force_login(cast.officer)
    page = client.post(
        f"/cases/{verifying.pk}/action/record_dialogue/", {"version": verifying.version, **dialogue_form(fields)}
    )
    assert page.status_code == 400 and "trước ngày thụ lý khiếu nại" in page.content.decode()
    _unchanged(verifying)

    api = APIClient()
    api.force_authenticate(cast.officer)
    answer = api.post(
        f"/api/cases/{verifying.pk}/record_dialogue/",
        {"version": verifying.version, **_as_json(fields)},
        format="json",
    )
    assert answer.status_code == 400
    assert "trước ngày thụ lý khiếu nại" in str(answer.json()["fields"]["dialogue_notice_on"])
    _unchanged(verifying)


def test_a_notice_sent_on_the_day_of_the_acceptance_is_recorded(cast, verifying):
    fields = {**dialogue(), "dialogue_notice_on": verifying.accepted_on}
    case = Case.objects.get(pk=case_record_dialogue(case=verifying, actor=cast.officer, **fields).pk)

    assert case.status == Status.DIALOGUE
    assert (case.dialogue_notice_on, case.dialogue_on) == (verifying.accepted_on, clock.today())


@pytest.mark.parametrize(
    ("field", "value"),
    [("dialogue_on", None), ("dialogue_notice_on", None), ("participants", "  "), ("complainant_absent", "maybe")],
)
def test_a_missing_date_participants_or_attendance_is_refused_naming_the_field(cast, verifying, field, value):
    with pytest.raises(ValidationFailed) as refused:
        case_record_dialogue(case=verifying, actor=cast.officer, **{**dialogue(), field: value})

    assert set(refused.value.fields) == {field}
    _unchanged(verifying)


def test_a_complainant_absent_without_a_legitimate_reason_stops_nothing_and_the_page_says_so(cast, verifying, client):
    case = case_record_dialogue(
        case=verifying, actor=cast.officer, **dialogue(absent=DialogueAttendance.ABSENT_UNEXCUSED)
    )
    assert Case.objects.get(pk=case.pk).complainant_absent == "absent_unexcused"

    client.force_login(cast.officer)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "vắng mặt không có lý do chính đáng (vẫn tiếp tục giải quyết)" in page
    assert f"Đối thoại ngày {clock.today():%d/%m/%Y}" in page

    # Khoản 5: the resolution goes on.
    case = case_propose(case=case, actor=cast.officer, proposal="Đề xuất", outcome=Outcome.PARTLY)
    assert case.status == Status.PROPOSED


def test_the_page_and_the_api_record_the_same_dialogue_and_refuse_the_same_short_notice(cast, client, frozen_clock):
    by_page = case_start_verification(case=assigned(cast), actor=cast.officer)
    by_api = case_start_verification(case=assigned(cast), actor=cast.officer)
    client.force_login(cast.officer)
    api = APIClient()
    api.force_authenticate(cast.officer)

    short_page = client.post(
        f"/cases/{by_page.pk}/action/record_dialogue/", {"version": by_page.version, **dialogue_form(notice_days=4)}
    )
    short_api = api.post(
        f"/api/cases/{by_api.pk}/record_dialogue/",
        {"version": by_api.version, **_as_json(dialogue(notice_days=4))},
        format="json",
    )
    assert short_page.status_code != 302 and "Đ.28 khoản 1" in short_page.content.decode()
    assert short_api.status_code == 400
    assert "Đ.28 khoản 1" in str(short_api.json()["fields"]["dialogue_notice_on"])
    _unchanged(by_page)
    _unchanged(by_api)

    fields = dialogue(notice_days=5, absent=DialogueAttendance.ABSENT_EXCUSED)
    page = client.post(
        f"/cases/{by_page.pk}/action/record_dialogue/",
        {"version": by_page.version, **dialogue_form(notice_days=5, absent="absent_excused")},
    )
    answer = api.post(
        f"/api/cases/{by_api.pk}/record_dialogue/", {"version": by_api.version, **_as_json(fields)}, format="json"
    )
    assert page.status_code == 302 and answer.status_code == 200, answer.content

    recorded = [Case.objects.get(pk=c.pk) for c in (by_page, by_api)]
    assert {
        (c.status, c.dialogue_on, c.dialogue_notice_on, c.dialogue_participants, c.complainant_absent) for c in recorded
    } == {
        (Status.DIALOGUE, fields["dialogue_on"], fields["dialogue_notice_on"], fields["participants"], "absent_excused")
    }
    detail = api.get(f"/api/cases/{by_api.pk}/").json()
    assert detail["dialogue_on"] == fields["dialogue_on"].isoformat()
    assert detail["dialogue_notice_on"] == fields["dialogue_notice_on"].isoformat()
    assert detail["complainant_absent"] == "absent_excused"
    assert detail["dialogue_participants"] == fields["participants"]


# ---- Đ.28 khoản 1: to whom the notice was sent; khoản 4, Mẫu số 14: the record's content ----------------


def test_the_recipients_of_the_notice_are_kept_in_the_law_s_order_and_audited_with_the_record_s_content(
    cast, verifying
):
    fields = {**dialogue(), "notice_to": ["related_bodies", "complained_against", "complainant"]}
    case = Case.objects.get(pk=case_record_dialogue(case=verifying, actor=cast.officer, **fields).pk)

    assert case.dialogue_notice_to == ["complainant", "complained_against", "related_bodies"]
    assert case.dialogue_notice_related == "Phòng Tổ chức cán bộ bệnh viện"
    assert (case.dialogue_place, case.dialogue_chair) == (fields["place"], fields["chair"])
    assert (case.dialogue_opinions, case.dialogue_agreed, case.dialogue_disputed) == (
        fields["opinions"],
        fields["agreed"],
        fields["disputed"],
    )
    event = audit_events_for(target_type="cases.case", target_id=case.pk).get(action="case.record_dialogue")
    assert event.after["dialogue_notice_to"] == ["complainant", "complained_against", "related_bodies"]
    assert event.after["dialogue_place"] == fields["place"]
    # The texts that name people are kept in the chain only under the case's key.
    assert event.after["dialogue_opinions"] and event.after["dialogue_opinions"] != fields["opinions"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"notice_to": [], "notice_related": ""}, "notice_to"),
        ({"notice_to": ["complainant"], "notice_related": ""}, "notice_to"),  # the person complained about not told
        ({"notice_to": ["complained_against", "related_persons"]}, "notice_to"),
        ({"notice_to": ["complainant", "complained_against", "neighbours"], "notice_related": ""}, "notice_to"),
        ({"notice_related": "  "}, "notice_related"),  # related bodies chosen, none named
        ({"notice_to": ["complainant", "complained_against"]}, "notice_related"),  # named, not chosen
        ({"place": ""}, "place"),
        ({"chair": " "}, "chair"),
        ({"opinions": ""}, "opinions"),
        ({"agreed": "", "disputed": ""}, "agreed"),
        ({"record": " "}, "record"),
    ],
)
def test_a_notice_not_sent_to_whom_the_law_names_or_a_record_missing_a_part_is_refused(cast, verifying, changes, field):
    with pytest.raises(ValidationFailed) as refused:
        case_record_dialogue(case=verifying, actor=cast.officer, **{**dialogue(), **changes})

    assert set(refused.value.fields) == {field}
    if field == "notice_to" and changes["notice_to"] and "neighbours" not in changes["notice_to"]:
        assert "Đ.28 khoản 1" in str(refused.value.fields["notice_to"])
    _unchanged(verifying)


def test_an_outcome_with_nothing_agreed_is_recorded_when_the_disputes_are_written(cast, verifying):
    case = case_record_dialogue(case=verifying, actor=cast.officer, **{**dialogue(), "agreed": ""})
    assert Case.objects.get(pk=case.pk).dialogue_disputed == "Mức hỗ trợ tiền tàu xe."


def test_the_case_page_shows_to_whom_the_notice_went_and_the_outcome(cast, verifying, client):
    case = case_record_dialogue(case=verifying, actor=cast.officer, **dialogue())
    client.force_login(cast.officer)
    page = client.get(f"/cases/{case.pk}/").content.decode()

    recipients = page.split('id="dialogue-notice-to"')[1].split("</p>")[0]
    assert "Người khiếu nại" in recipients and "Người bị khiếu nại" in recipients
    assert "Cơ quan, tổ chức có liên quan" in recipients and "Phòng Tổ chức cán bộ bệnh viện" in recipients
    assert "related_bodies" not in page
    assert "Bệnh viện chi trả phần trợ cấp còn thiếu" in page.split('id="dialogue-agreed"')[1]
    assert "Mức hỗ trợ tiền tàu xe" in page.split('id="dialogue-disputed"')[1]


def test_the_api_records_the_recipients_and_refuses_a_notice_the_person_complained_about_never_got(
    cast, api_as, frozen_clock
):
    refused_case = case_start_verification(case=assigned(cast), actor=cast.officer)
    case = case_start_verification(case=assigned(cast), actor=cast.officer)
    api = api_as(cast.officer)

    refused = api.post(
        f"/api/cases/{refused_case.pk}/record_dialogue/",
        {
            "version": refused_case.version,
            **_as_json({**dialogue(), "notice_to": ["complainant"], "notice_related": ""}),
        },
        format="json",
    )
    assert refused.status_code == 400 and set(refused.json()["fields"]) == {"notice_to"}
    _unchanged(refused_case)

    answer = api.post(
        f"/api/cases/{case.pk}/record_dialogue/", {"version": case.version, **_as_json(dialogue())}, format="json"
    )
    assert answer.status_code == 200, answer.content
    detail = api.get(f"/api/cases/{case.pk}/").json()
    assert detail["dialogue_notice_to"] == ["complainant", "complained_against", "related_bodies"]
    assert detail["dialogue_notice_related"] == "Phòng Tổ chức cán bộ bệnh viện"
    assert (detail["dialogue_place"], detail["dialogue_agreed"], detail["dialogue_disputed"]) == (
        dialogue()["place"],
        dialogue()["agreed"],
        dialogue()["disputed"],
    )


# ---- the biên bản đối thoại (Mẫu số 14) as a paper of the case ------------------------------------------------


def fields_in(text: str, part: str) -> bool:
    return part in " ".join(text.split())


def test_the_dialogue_record_is_a_paper_of_the_case_filled_from_what_was_recorded(cast, verifying, client):
    from casework.papers.models import Paper
    from casework.papers.services import paper_issue, paper_keys_to_issue
    from tests.builders import registered
    from tests.papers.conftest import pdf_text

    with pytest.raises(ValidationFailed):  # no dialogue held yet: nothing to record
        paper_issue(target=verifying, key="case.dialogue_record", actor=cast.officer)
    case = case_record_dialogue(
        case=verifying, actor=cast.officer, **dialogue(absent=DialogueAttendance.ABSENT_EXCUSED)
    )
    assert "case.dialogue_record" in paper_keys_to_issue(case)
    client.force_login(cast.officer)
    url = reverse("reports:case_notice_pdf", args=[case.pk, "dialogue"])
    assert url in client.get(f"/cases/{case.pk}/").content.decode()
    draft = client.get(url)
    assert draft.status_code == 200 and fields_in(pdf_text(draft.content), dialogue()["opinions"])

    paper = paper_issue(target=case, key="case.dialogue_record", actor=cast.officer)
    text = " ".join(pdf_text(paper.pdf.read()).split())
    assert paper.symbol == registered(1, doc_kind="BB", suffix="UBKT") and paper.signer is None
    assert "BIÊN BẢN" in text and "Đối thoại với người khiếu nại" in text
    fields = dialogue()
    for part in (
        f"Vào hồi …… giờ ……, ngày {clock.today():%d/%m/%Y}, tại {fields['place']}",
        f"đã gửi ngày {fields['dialogue_notice_on']:%d/%m/%Y} đến: người khiếu nại, người bị khiếu nại, "
        "cơ quan, tổ chức có liên quan (Phòng Tổ chức cán bộ bệnh viện)",
        "I. THÀNH PHẦN THAM GIA ĐỐI THOẠI",
        f"chủ trì đối thoại: {fields['chair']}",
        "2. Người ghi biên bản:",
        "Số căn cước/định danh cá nhân/giấy chứng nhận căn cước/hộ chiếu",
        "4. Người bị khiếu nại (hoặc người đại diện, người được ủy quyền của người bị khiếu nại (nếu có)): Trần Thị Bị",
        "5. Người có quyền, nghĩa vụ liên quan (nếu có)",
        "6. Đại diện cơ quan, tổ chức, cá nhân có liên quan (nếu có)",
        "Người khiếu nại vắng mặt có lý do chính đáng",
        "Người bị khiếu nại: Trần Thị Bị",
        "II. NỘI DUNG ĐỐI THOẠI",
        fields["record"],
        fields["opinions"],
        "III. KẾT QUẢ ĐỐI THOẠI",
        f"Những nội dung đối thoại đã thống nhất: {fields['agreed']}",
        f"Những vấn đề còn ý kiến khác nhau: {fields['disputed']}",
        f"Buổi đối thoại kết thúc hồi …… giờ …… ngày {clock.today():%d/%m/%Y}",
        "lập thành ít nhất 03 bản, mỗi bên giữ 01 bản",
        "NGƯỜI KHIẾU NẠI",
        "NGƯỜI GHI BIÊN BẢN",
        "NGƯỜI GIẢI QUYẾT KHIẾU NẠI (HOẶC NGƯỜI ĐƯỢC PHÂN CÔNG CHỦ TRÌ ĐỐI THOẠI)",
        # No note-taker named: the line is written in by hand.
        "2. Người ghi biên bản: …… chức vụ: …… cơ quan",
    ):
        assert part in text, part
    assert "Căn cứ" not in text.split("III. KẾT QUẢ")[0]  # a record, not a decision: no Căn cứ lines
    assert Paper.objects.filter(target_id=str(case.pk)).count() == 1
    # Signed by hand by the chair and the parties: its scan is recorded, nobody signs it digitally.
    from casework.papers.selectors import paper_actions

    assert {"record_scan"} <= paper_actions(user=cast.officer, paper=paper)
    assert "sign" not in paper_actions(user=cast.chair, paper=paper) | paper_actions(user=cast.leader, paper=paper)


# ---- Mẫu số 14 mục I.2: the note-taker, a user of the committee, printed with their position ---------------


def test_the_note_taker_is_kept_audited_shown_and_printed_with_their_position(cast, verifying, client):
    from casework.papers.services import paper_issue
    from tests.papers.conftest import pdf_text

    cast.inspector.full_name, cast.inspector.position = "Phạm Văn Ghi", "Kiểm tra viên"
    cast.inspector.save(update_fields=["full_name", "position"])
    case = case_record_dialogue(case=verifying, actor=cast.officer, **dialogue(), note_taker=cast.inspector)

    assert Case.objects.get(pk=case.pk).dialogue_note_taker == cast.inspector
    event = audit_events_for(target_type="cases.case", target_id=case.pk).get(action="case.record_dialogue")
    assert event.after["dialogue_note_taker"] == cast.inspector.pk
    client.force_login(cast.officer)
    shown = client.get(f"/cases/{case.pk}/").content.decode().split('id="dialogue-note-taker"')[1].split("</p>")[0]
    assert "Phạm Văn Ghi, Kiểm tra viên" in shown
    text = " ".join(
        pdf_text(paper_issue(target=case, key="case.dialogue_record", actor=cast.officer).pdf.read()).split()
    )
    assert "2. Người ghi biên bản: Phạm Văn Ghi chức vụ: Kiểm tra viên cơ quan" in text


@pytest.mark.parametrize("who", ["leader", "other_officer", "outsider"])
def test_a_note_taker_outside_the_committee_is_refused_and_nothing_changes(cast, verifying, who):
    with pytest.raises(ValidationFailed) as refused:
        case_record_dialogue(case=verifying, actor=cast.officer, **dialogue(), note_taker=getattr(cast, who))

    assert set(refused.value.fields) == {"note_taker"}
    _unchanged(verifying)


def test_the_page_offers_the_committee_s_users_as_note_takers_and_records_the_one_chosen(cast, verifying, client):
    client.force_login(cast.officer)
    url = f"/cases/{verifying.pk}/action/record_dialogue/"
    form = client.get(f"/cases/{verifying.pk}/").content.decode().split('name="note_taker"')[1].split("</select>")[0]
    assert f'value="{cast.inspector.pk}"' in form and f'value="{cast.leader.pk}"' not in form

    refused = client.post(url, {"version": verifying.version, **dialogue_form(), "note_taker": cast.leader.pk})
    assert refused.status_code != 302
    _unchanged(verifying)
    page = client.post(url, {"version": verifying.version, **dialogue_form(), "note_taker": cast.chair.pk})
    assert page.status_code == 302
    assert Case.objects.get(pk=verifying.pk).dialogue_note_taker == cast.chair


def test_the_api_records_the_note_taker_and_refuses_one_outside_the_committee_or_out_of_sight(
    cast, api_as, frozen_clock
):
    case = case_start_verification(case=assigned(cast), actor=cast.officer)
    api = api_as(cast.officer)
    url = f"/api/cases/{case.pk}/record_dialogue/"

    outside = api.post(
        url, {"version": case.version, **_as_json(dialogue()), "note_taker": cast.leader.pk}, format="json"
    )
    assert outside.status_code == 400 and set(outside.json()["fields"]) == {"note_taker"}
    unseen = api.post(
        url, {"version": case.version, **_as_json(dialogue()), "note_taker": cast.other_officer.pk}, format="json"
    )
    assert unseen.status_code == 404
    junk = api.post(url, {"version": case.version, **_as_json(dialogue()), "note_taker": "x"}, format="json")
    assert junk.status_code == 400
    _unchanged(case)

    answer = api.post(
        url, {"version": case.version, **_as_json(dialogue()), "note_taker": cast.inspector.pk}, format="json"
    )
    assert answer.status_code == 200, answer.content
    assert api.get(f"/api/cases/{case.pk}/").json()["dialogue_note_taker"] == cast.inspector.pk
