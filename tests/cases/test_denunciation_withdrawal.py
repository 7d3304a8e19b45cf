"""A denunciation's withdrawal as Nghị định 31/2019/NĐ-CP Đ.4 (sửa đổi bởi Nghị định 156/2026/NĐ-CP Đ.1)
asks it, with Luật Tố cáo 2018 Đ.33:

- khoản 1: the denouncer's letter (Mẫu số 02): its day, the denouncer's name, address and contact,
  the content withdrawn, signed or fingerprinted;
- khoản 2: or the record (Mẫu số 03) made by the resolver, the checker of the denouncer and the
  conditions of acceptance, the verifier or whoever receives the withdrawal, signed or fingerprinted
  by the denouncer;
- khoản 3: one, some or all of several denouncers;
- khoản 4: the case goes on when (a) the act shows signs of a violation, (b) the withdrawal was
  threatened, forced or bought, (c) the denouncer abused the denunciation;
- khoản 5: on (b) or (c), the measures applied or proposed.

The denouncer's particulars stay with the sealed identity: never in clear on the case, the
withdrawal, the trail or what a reader without access to the identity gets."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from casework.audit.models import AuditEvent
from casework.audit.selectors import audit_events_for
from casework.audit.timeline import changes_of
from casework.cases.models import Case, Kind, Status, Withdrawal
from casework.cases.services import (
    SubmitterData,
    case_accept,
    case_assign,
    case_start_verification,
    case_terminate,
    case_withdraw,
)
from casework.papers.models import Paper
from casework.papers.services import paper_issue
from core import clock
from core.errors import ValidationFailed
from notifications.models import Notification
from tests.builders import make_case, withdrawal_form, withdrawal_letter, withdrawal_record
from tests.papers.conftest import pdf_text

pytestmark = pytest.mark.django_db

NAME, ADDRESS, PHONE = "Hoàng Thị Tốcáo", "Số 12 ngõ Hòa Bình", "0987654321"
NEW_ADDRESS = "Thôn Đông Hưng xã Vũ Lạc"
MEASURES = "Đề nghị Công an huyện áp dụng biện pháp bảo vệ người tố cáo."


def _verifying(cast, **kwargs) -> Case:
    kwargs.setdefault("submitters", [SubmitterData(full_name=NAME, address=ADDRESS, phone=PHONE)])
    case = make_case(cast, kind=Kind.DENUNCIATION, **kwargs)
    case = case_accept(subject_area="khac", case=case, actor=cast.intake, legal_ground="Đ.29")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    return case_start_verification(case=case, actor=cast.officer)


def _group(cast) -> Case:
    return _verifying(
        cast,
        submitters=[
            SubmitterData(full_name=NAME, address=ADDRESS, phone=PHONE, is_representative=True),
            SubmitterData(full_name="Đỗ Văn Hai", address="Vũ Thư", email="hai@example.vn"),
            SubmitterData(full_name="Lý Thị Ba", address="Kiến Xương", phone="0911000333"),
        ],
    )


def _refused(case: Case, cast, **kwargs) -> dict[str, str]:
    """The field errors of a refused withdrawal; nothing of the case changed."""
    before = Case.objects.get(pk=case.pk)
    with pytest.raises(ValidationFailed) as err:
        case_withdraw(case=case, actor=cast.officer, reason="Đơn rút tố cáo", **kwargs)
    after = Case.objects.get(pk=case.pk)
    assert (after.status, after.version, after.withdrawn_content) == (
        before.status,
        before.version,
        before.withdrawn_content,
    )
    assert not Withdrawal.objects.filter(case=case).exists()
    return err.value.fields


def _event(case: Case, action: str) -> AuditEvent:
    return audit_events_for(target_type="cases.case", target_id=case.pk).filter(action=action).latest("seq")


def _changes(event: AuditEvent) -> dict:
    return {c.field: c.after for c in changes_of(event)}


# ---- khoản 1, 2: the letter or the record ------------------------------------------------------------


def test_k1_a_withdrawal_by_letter_needs_its_day_and_the_denouncers_signature(cast, frozen_clock):
    case = _verifying(cast)
    whole = {"assessment": "Không có căn cứ a, b, c"}
    assert {"means", "made_on", "signature"} <= set(_refused(case, cast, **whole))
    letter = withdrawal_letter()
    for missing in ("means", "made_on", "signature"):
        assert missing in _refused(case, cast, **whole, **{**letter, missing: "" if missing != "made_on" else None})
    future = withdrawal_letter(made_on=clock.today() + dt.timedelta(days=1))
    assert "made_on" in _refused(case, cast, **whole, **future)
    before_receipt = withdrawal_letter(made_on=case.received_on - dt.timedelta(days=1))
    assert "made_on" in _refused(case, cast, **whole, **before_receipt)
    assert "signature" in _refused(case, cast, **whole, **withdrawal_letter(signature="verbal"))
    assert "means" in _refused(case, cast, **whole, **withdrawal_letter(means="phone"))

    case = case_withdraw(case=case, actor=cast.officer, reason="Đơn rút tố cáo", **whole, **letter)
    row = case.withdrawals.get()
    assert (row.means, row.made_on, row.signature, row.recorder, row.recorder_role) == (
        "letter",
        clock.today(),
        "signed",
        None,
        "",
    )
    assert (row.denouncers, row.all_denouncers, row.particulars_sealed) == ([1], True, "")
    event = _event(case, "case.withdraw_whole")
    assert (event.after["means"], event.after["made_on"], event.after["signature"]) == (
        "letter",
        clock.today().isoformat(),
        "signed",
    )
    assert "recorder" not in event.after and "particulars_sealed" not in event.after


def test_k2_a_record_names_who_made_it_and_in_which_capacity(cast, frozen_clock):
    case = _verifying(cast)
    partial = {"scope": "partial", "withdrawn_content": "Nội dung thứ hai"}
    fields = _refused(case, cast, **partial, **withdrawal_letter(means="record"))
    assert {"recorder", "recorder_role"} <= set(fields)
    assert "recorder_role" in _refused(case, cast, **partial, **withdrawal_record(cast.officer, role="chair"))
    # Only someone who works on the case makes its record: not an outsider, not someone recused.
    assert "recorder" in _refused(case, cast, **partial, **withdrawal_record(cast.outsider))
    assert "recorder" in _refused(case, cast, **partial, **withdrawal_record(cast.other_officer))

    case = case_withdraw(
        case=case,
        actor=cast.officer,
        reason="Làm việc với người tố cáo",
        **partial,
        **withdrawal_record(cast.inspector, role="verifier"),
    )
    row = case.withdrawals.get()
    assert (row.means, row.recorder, row.recorder_role, row.signature) == (
        "record",
        cast.inspector,
        "verifier",
        "fingerprint",
    )
    event = _event(case, "case.withdraw_part")
    assert (event.after["recorder"], event.after["recorder_role"]) == (cast.inspector.pk, "verifier")
    words = _changes(event)
    assert "Người xác minh nội dung tố cáo" in str(words.values())
    assert "Có điểm chỉ của người rút tố cáo" in str(words.values())


def test_before_acceptance_the_person_checking_the_conditions_makes_the_record(cast, frozen_clock):
    case = make_case(cast, kind=Kind.DENUNCIATION)
    case = case_withdraw(
        case=case,
        actor=cast.intake,
        reason="Người tố cáo đến rút đơn",
        assessment="Không có căn cứ tiếp tục giải quyết",
        **withdrawal_record(cast.intake, role="checker"),
    )
    assert case.status == Status.WITHDRAWN
    assert case.withdrawals.get().recorder_role == "checker"
    event = _event(case, "case.withdraw")
    assert (event.after["means"], event.after["recorder_role"]) == ("record", "checker")


def test_a_complaint_keeps_its_own_withdrawal_rules(cast, frozen_clock):
    case = make_case(cast)
    case = case_withdraw(case=case, actor=cast.intake, reason="Người khiếu nại xin rút đơn", **withdrawal_letter())
    # Luật Khiếu nại 2011 Đ.10: the complainant's signed letter, no record and no denouncer's grounds.
    row = Withdrawal.objects.get(case=case)
    assert case.status == Status.WITHDRAWN and (row.means, row.recorder, row.continue_grounds) == ("letter", None, [])
    assert "denouncers" not in _event(case, "case.withdraw").after


# ---- khoản 1: the particulars are the sealed identity's --------------------------------------------


def test_k1_the_particulars_the_identity_lacks_are_typed_and_sealed_never_kept_in_clear(cast, frozen_clock):
    case = _verifying(cast, submitters=[SubmitterData(full_name=NAME, phone=PHONE)])  # no address kept
    whole = {"assessment": "Không có căn cứ a, b, c", **withdrawal_letter()}
    fields = _refused(case, cast, **whole)
    assert set(fields) & {"withdrawer_name", "withdrawer_address", "withdrawer_contact"} == {"withdrawer_address"}
    case = case_withdraw(
        case=case, actor=cast.officer, reason="Đơn rút tố cáo", withdrawer_address=NEW_ADDRESS, **whole
    )
    row = case.withdrawals.get()
    assert row.particulars_sealed.startswith("ck1:")
    # Nowhere in clear: not the case row, not the withdrawal's other columns, not the trail.
    for value in Case.objects.filter(pk=case.pk).values().get().values():
        assert NEW_ADDRESS not in str(value) and NAME not in str(value)
    for column, value in Withdrawal.objects.filter(pk=row.pk).values().get().items():
        assert NEW_ADDRESS not in str(value), column
    assert not AuditEvent.objects.filter(canonical__contains=NEW_ADDRESS).exists()
    assert not AuditEvent.objects.filter(canonical__contains=NAME).exists()
    assert _event(case, "case.withdraw_whole").after["particulars_sealed"] is True


def test_k1_particulars_typed_for_several_denouncers_at_once_are_refused(cast, frozen_clock):
    case = _group(cast)
    fields = _refused(case, cast, denouncers=[1, 2], withdrawer_address=NEW_ADDRESS, **withdrawal_letter())
    assert "withdrawer_address" in fields


# ---- khoản 3: one, some or all of several denouncers -----------------------------------------------


def test_k3_some_of_a_group_withdraw_and_the_denunciation_goes_on_until_all_have(cast, frozen_clock):
    case = _group(cast)
    assert "denouncers" in _refused(case, cast, **withdrawal_letter())  # whom? neither chosen nor all
    assert "denouncers" in _refused(case, cast, denouncers=[4], **withdrawal_letter())
    case = case_withdraw(
        case=case, actor=cast.officer, reason="Hai người rút", denouncers=[2, 3], **withdrawal_letter()
    )
    assert (case.status, case.withdrawn_in_whole_on) == (Status.VERIFYING, None)
    row = case.withdrawals.get()
    assert (row.denouncers, row.all_denouncers) == ([2, 3], False)
    event = _event(case, "case.withdraw_continue")
    assert (event.after["group"], event.after["denouncers"]) == (True, [2, 3])
    assert "Một số người trong nhóm tố cáo rút" in str(_changes(event))
    # The last one withdraws too: together they are all of them, the assessment is required and the
    # termination decision is due (Luật Tố cáo 2018 Đ.33 khoản 2, Đ.34 khoản 3 điểm a).
    assert "assessment" in {
        **_refused_later(case, cast, denouncers=[1], **withdrawal_record(cast.officer)),
    }
    case = case_withdraw(
        case=case,
        actor=cast.officer,
        reason="Người đại diện rút",
        denouncers=[1],
        assessment="Không có căn cứ tiếp tục giải quyết",
        **withdrawal_record(cast.officer),
    )
    assert case.withdrawn_in_whole_on == clock.today()
    assert list(case.withdrawals.values_list("all_denouncers", flat=True)) == [False, True]
    case = case_terminate(case=case, actor=cast.leader, ground="withdrawn")
    assert case.status == Status.TERMINATED


def _refused_later(case: Case, cast, **kwargs) -> dict[str, str]:
    """The field errors of a refused withdrawal on a case that has some already."""
    rows = Withdrawal.objects.filter(case=case).count()
    with pytest.raises(ValidationFailed) as err:
        case_withdraw(case=case, actor=cast.officer, reason="Đơn rút tố cáo", **kwargs)
    assert Withdrawal.objects.filter(case=case).count() == rows
    return err.value.fields


# ---- khoản 4, 5: the grounds on which it goes on, and the measures ---------------------------------


def test_k4_a_signs_of_violation_keep_the_case_going_without_measures(cast, frozen_clock):
    case = _verifying(cast)
    assert "continue_grounds" in _refused(
        case, cast, assessment="x", continue_grounds=["pressure"], **withdrawal_letter()
    )
    case = case_withdraw(
        case=case,
        actor=cast.officer,
        reason="Đơn rút tố cáo",
        assessment="Chứng từ chi có dấu hiệu vi phạm",
        continue_grounds=["violation"],
        **withdrawal_letter(),
    )
    assert (case.status, case.withdrawn_in_whole_on) == (Status.VERIFYING, None)
    assert case.withdrawals.get().continue_grounds == ["violation"]
    event = _event(case, "case.withdraw_continue")
    assert (event.after["continue_case"], event.after["continue_grounds"]) == (True, ["violation"])
    assert "a) Hành vi bị tố cáo có dấu hiệu vi phạm pháp luật" in str(_changes(event)["continue_grounds"])
    assert not Notification.objects.filter(key__contains=":withdraw-measures:").exists()
    with pytest.raises(ValidationFailed):
        case_terminate(case=case, actor=cast.leader, ground="withdrawn")


@pytest.mark.parametrize("ground", ["coerced", "abuse"])
def test_k5_on_ground_b_or_c_the_measures_are_required_recorded_and_told_to_the_deciders(cast, frozen_clock, ground):
    case = _verifying(cast)
    kwargs = {"assessment": "Có căn cứ", "continue_grounds": [ground], **withdrawal_letter()}
    assert "measures" in _refused(case, cast, **kwargs)
    case = case_withdraw(case=case, actor=cast.officer, reason="Đơn rút tố cáo", measures=MEASURES, **kwargs)
    row = case.withdrawals.get()
    assert (row.continue_grounds, row.measures) == ([ground], MEASURES)
    event = _event(case, "case.withdraw_continue")
    assert _changes(event)["measures"] == MEASURES  # sealed in the chain, read back by whoever may read it
    assert MEASURES not in event.canonical
    told = Notification.objects.filter(key__startswith=f"case:{case.pk}:withdraw-measures:")
    assert {cast.leader, cast.officer} <= {n.user for n in told}
    assert all(MEASURES in n.body for n in told)


def test_k4_a_whole_withdrawal_awaiting_termination_may_still_be_found_to_go_on(cast, frozen_clock):
    case = _verifying(cast)
    case = case_withdraw(
        case=case, actor=cast.officer, reason="Đơn rút tố cáo", assessment="Không có căn cứ", **withdrawal_letter()
    )
    assert case.withdrawn_in_whole_on == clock.today()
    # The letter is on the case: what is decided now is the ground and the measures.
    with pytest.raises(ValidationFailed) as err:
        case_withdraw(case=case, actor=cast.officer, reason="Xem xét lại", continue_grounds=["abuse"])
    assert set(err.value.fields) == {"assessment", "measures"}
    case = case_withdraw(
        case=case,
        actor=cast.officer,
        reason="Xem xét lại",
        assessment="Người tố cáo đã vu khống",
        continue_grounds=["abuse"],
        measures="Đề nghị xử lý người tố cáo theo quy định",
    )
    assert case.withdrawn_in_whole_on is None
    row = case.withdrawals.get()
    assert (row.continue_grounds, row.means) == (["abuse"], "letter")
    assert _event(case, "case.withdraw_continue").after["means"] == "letter"
    # Going on, it is no longer awaiting its termination: a further withdrawal is one of its own.
    with pytest.raises(ValidationFailed) as err:
        case_withdraw(case=case, actor=cast.officer, reason="x", scope="partial", withdrawn_content="y")
    assert {"means", "made_on", "signature"} <= set(err.value.fields)


# ---- the API and readers without access to the identity --------------------------------------------


def test_the_api_takes_the_withdrawal_and_shows_it_without_the_denouncer(cast, frozen_clock, api_as):
    case = _verifying(cast, submitters=[SubmitterData(full_name=NAME, phone=PHONE)])
    url = f"/api/cases/{case.pk}/withdraw/"
    refused = api_as(cast.officer).post(url, {"reason": "Đơn rút", "assessment": "x"}, format="json")
    assert refused.status_code == 400
    assert {"means", "made_on", "signature", "withdrawer_address"} <= set(refused.json()["fields"])
    legacy = api_as(cast.officer).post(
        url, {"reason": "Đơn rút", "assessment": "x", "continue_case": True}, format="json"
    )
    assert legacy.status_code == 400 and "continue_case" in legacy.content.decode()
    payload = {
        "reason": "Người tố cáo đến làm việc",
        "assessment": "Có căn cứ người tố cáo bị mua chuộc",
        "means": "record",
        "made_on": clock.today().isoformat(),
        "recorder": cast.officer.pk,
        "recorder_role": "receiver",
        "signature": "signed",
        "withdrawer_address": NEW_ADDRESS,
        "continue_grounds": ["coerced"],
        "measures": MEASURES,
        "version": case.version,
    }
    response = api_as(cast.officer).post(url, payload, format="json")
    assert response.status_code == 200, response.content
    [withdrawal] = response.json()["withdrawals"]
    assert {k: withdrawal[k] for k in ("means", "recorder", "recorder_role", "continue_grounds", "measures")} == {
        "means": "record",
        "recorder": cast.officer.pk,
        "recorder_role": "receiver",
        "continue_grounds": ["coerced"],
        "measures": MEASURES,
    }
    # Someone who reads the case but may not see who denounced: the detail, the trail.
    for reader in (cast.officer2, cast.auditor):
        for path in (f"/api/cases/{case.pk}/", f"/api/cases/{case.pk}/timeline/"):
            body = api_as(reader).get(path)
            assert body.status_code == 200, (reader, path)
            text = body.content.decode()
            assert NAME not in text and NEW_ADDRESS not in text and PHONE not in text, (reader, path)


# ---- Mẫu số 03 as a paper ---------------------------------------------------------------------------


def test_the_record_is_a_paper_blank_for_the_register_filled_only_for_whom_may_see_the_identity(
    cast, frozen_clock, client
):
    cast.officer.full_name = "Trương Văn Lập"
    cast.officer.save(update_fields=["full_name"])
    case = _verifying(cast)
    case = case_withdraw(
        case=case,
        actor=cast.officer,
        reason="Người tố cáo đến rút một phần",
        scope="partial",
        withdrawn_content="Nội dung về quỹ khen thưởng",
        **withdrawal_record(cast.officer),
    )
    paper = paper_issue(target=case, key="case.withdrawal_record", actor=cast.chair)
    assert paper.symbol == "01/BB-UBKT" and paper.signer == cast.officer
    text = " ".join(pdf_text(paper.pdf.read()).split())
    for part in (
        "BIÊN BẢN",
        "Ghi nhận việc rút tố cáo",
        "Người lập biên bản: Trương Văn Lập, người giải quyết tố cáo",
        "Nội dung tố cáo được rút: Nội dung về quỹ khen thưởng",
        "NGƯỜI RÚT TỐ CÁO",
        "(Ký, ghi rõ họ tên hoặc điểm chỉ)",
        "NGƯỜI LẬP BIÊN BẢN",
        "(Ký, ghi rõ họ tên)",
    ):
        assert part in text, part
    assert NAME not in text and ADDRESS not in text and "……" in text and "Nơi nhận" not in text

    url = reverse("reports:case_notice_pdf", args=[case.pk, "withdrawal_record"])
    client.force_login(cast.officer2)  # reads the case, may not see the identity
    assert NAME not in pdf_text(client.get(url).content)
    assert client.get(url + "?to=denouncer").status_code == 404
    assert client.get(url + "?to=denounced").status_code == 404
    client.force_login(cast.officer)
    filled = " ".join(pdf_text(client.get(url + "?to=denouncer").content).split())
    assert f"{NAME}, {ADDRESS}, {PHONE}" in filled and paper.symbol in filled
    event = _event(case, "case.paper_to_denouncer")
    assert event.after == {"notice": "withdrawal_record"} and event.actor == cast.officer
    assert Paper.objects.filter(target_id=str(case.pk)).count() == 1  # the filled copy is not registered
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Biên bản ghi nhận việc rút tố cáo (Mẫu số 03)" in page
    assert "withdrawal_record.pdf?to=denounced" not in page and "withdrawal_record.pdf?to=denouncer" in page


# ---- the case page -----------------------------------------------------------------------------------


def test_the_page_form_records_a_group_withdrawal_by_some_and_the_case_shows_it(cast, frozen_clock, client):
    case = _group(cast)
    client.force_login(cast.officer)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'name="means"' in page and 'name="continue_grounds"' in page and 'name="denouncers"' in page
    assert "Người tố cáo thứ 3" in page and NAME not in page.split('id="actions"')[1]
    url = f"/cases/{case.pk}/action/withdraw/"
    data = {
        "version": case.version,
        "reason": "Hai người đến rút tố cáo",
        "scope": "whole",
        "denouncers": ["1", "3"],
        "continue_grounds": ["violation", "coerced"],
        "measures": MEASURES,
        **withdrawal_form(**withdrawal_record(cast.inspector, role="verifier")),
    }
    invalid = client.post(url, {**data, "measures": ""})
    assert invalid.status_code == 400 and "data-confirmation" not in invalid.content.decode()
    asked = client.post(url, data)
    confirmation = asked.content.decode()
    assert "data-confirmation" in confirmation
    assert "b) Có căn cứ xác định việc rút tố cáo được thực hiện do người tố cáo bị đe dọa" in confirmation
    done = client.post(url, {**data, "confirmed": "1"})
    assert done.status_code == 302, done.content.decode()[:2000]
    row = Withdrawal.objects.get(case=case)
    assert (row.denouncers, row.all_denouncers, row.continue_grounds) == ([1, 3], False, ["violation", "coerced"])
    page = client.get(f"/cases/{case.pk}/").content.decode()
    shown = page.split('id="withdrawals"')[1].split("</ol>")[0]
    assert "Biên bản ghi nhận việc rút tố cáo (Mẫu số 03) ngày 02/03/2026" in shown
    assert "người thứ 1, người thứ 3" in shown and MEASURES in shown
    assert "a) Hành vi bị tố cáo có dấu hiệu vi phạm pháp luật" in shown


def test_a_complaints_page_form_has_none_of_a_denunciations_fields(cast, frozen_clock, client):
    case = make_case(cast)
    client.force_login(cast.intake)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    withdraw = page.split('action/withdraw/"')[1].split("</form>")[0]
    assert 'name="reason"' in withdraw and 'name="means"' not in withdraw and 'name="continue_grounds"' not in withdraw


def test_the_texts_of_a_withdrawal_go_through_the_denunciations_masks(cast, frozen_clock):
    from casework.cases.services import case_redaction_save

    case = _verifying(cast)
    case = case_withdraw(
        case=case,
        actor=cast.officer,
        reason="Đơn rút tố cáo",
        assessment=f"Bà {NAME} bị Giám đốc ép rút đơn",
        continue_grounds=["coerced"],
        measures=f"Đề nghị bảo vệ bà {NAME} tại nơi làm việc",
        **withdrawal_letter(),
    )
    row = case.withdrawals.get()
    assert NAME not in row.assessment and NAME not in row.measures and "nơi làm việc" in row.measures
    assert not Notification.objects.filter(body__contains=NAME).exists()
    # A mask the officer adds later reaches the withdrawal's texts too.
    case_redaction_save(case=case, actor=cast.officer, masks=[NAME, "Giám đốc"])
    row.refresh_from_db()
    assert "Giám đốc" not in row.assessment
