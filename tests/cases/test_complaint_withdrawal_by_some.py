"""Several complainants, some withdrawing (Nghị định 124/2020/NĐ-CP Đ.7a, bổ sung bởi Nghị định
155/2026/NĐ-CP Đ.5): "Trường hợp nhiều người cùng khiếu nại về một nội dung mà có một hoặc một số người
khiếu nại rút khiếu nại thì việc giải quyết khiếu nại vẫn được tiếp tục đối với những người khiếu nại còn
lại; người khiếu nại đã rút khiếu nại không được tiếp tục thực hiện quyền, nghĩa vụ của người khiếu nại"
(khoản 1); when all withdraw, the resolution is terminated (khoản 2); each withdraws by a letter bearing
their signature or fingerprint (khoản 3, Luật Khiếu nại 2011 Đ.10)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from casework.audit.selectors import audit_events_for
from casework.cases.models import Case, Status, TerminationGround, Withdrawal
from casework.cases.selectors import case_complainants
from casework.cases.services import case_start_verification, case_terminate, case_withdraw
from casework.cases.services.termination import termination_due
from casework.reports.documents import case_recipient
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed
from tests.builders import assigned, submitter, withdrawal_form

pytestmark = pytest.mark.django_db

NAMES = ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường")


def _group(cast) -> Case:
    people = [submitter(full_name=n, address=f"Số {i} phố Lê Lợi") for i, n in enumerate(NAMES, 1)]
    people[0].is_representative = True
    case = assigned(cast, submitters=people)
    case = case_start_verification(case=case, actor=cast.officer)
    assert case.is_group and case.submitters.count() == 3
    return case


def _pk(case: Case, name: str) -> int:
    return case.submitters.get(full_name=name).pk


def _letter(**more):
    return {"made_on": clock.today(), "signature": "signed", **more}


def test_one_of_three_withdraws_and_the_complaint_goes_on_for_the_others(cast, frozen_clock):
    case = _group(cast)
    an = _pk(case, NAMES[0])
    case = case_withdraw(case=case, actor=cast.officer, reason="Ông An có đơn xin rút", complainants=[an], **_letter())

    case = Case.objects.get(pk=case.pk)
    assert case.status == Status.VERIFYING and case.withdrawn_in_whole_on is None and not termination_due(case)
    assert "Một số người khiếu nại rút khiếu nại" in case.withdrawn_content
    row = Withdrawal.objects.get(case=case)
    assert [s.pk for s in row.complainants.all()] == [an] and (row.means, row.signature) == ("letter", "signed")
    assert [s.full_name for s in case_complainants(case=case)] == list(NAMES[1:])
    event = audit_events_for(target_type="cases.case", target_id=case.pk).get(action="case.withdraw_continue")
    assert event.after["complainants"] == [an] and event.after["all_complainants_withdrew"] is False
    assert "denouncers" not in event.after
    # Khoản 1: the one who withdrew is no longer the complaint's: the papers address the others.
    assert case_recipient(case) == f"{NAMES[1]}, {NAMES[2]}"
    # The complaint is not withdrawn in whole: no termination on that ground.
    with pytest.raises(ValidationFailed):
        case_terminate(case=case, actor=cast.leader, ground=TerminationGround.WITHDRAWN)
    assert Case.objects.get(pk=case.pk).status == Status.VERIFYING


def test_when_all_have_withdrawn_the_resolution_is_terminated(cast, frozen_clock):
    case = _group(cast)
    case = case_withdraw(
        case=case, actor=cast.officer, reason="Bà Bình rút", complainants=[_pk(case, NAMES[1])], **_letter()
    )
    # The others, the rest at once: all of the complainants have now withdrawn (khoản 2).
    case = case_withdraw(
        case=case, actor=cast.officer, reason="Hai người còn lại rút", all_complainants=True, **_letter()
    )
    case = Case.objects.get(pk=case.pk)
    assert case.withdrawn_in_whole_on == clock.today() and termination_due(case)
    second = Withdrawal.objects.filter(case=case).order_by("pk").last()
    assert {s.full_name for s in second.complainants.all()} == {NAMES[0], NAMES[2]}
    event = audit_events_for(target_type="cases.case", target_id=case.pk).get(action="case.withdraw_whole")
    assert event.after["all_complainants_withdrew"] is True
    # The termination decision goes to all of them (Luật Khiếu nại 2011 Đ.10).
    assert case_recipient(case) == ", ".join(NAMES)
    case = case_terminate(case=case, actor=cast.leader, ground=TerminationGround.WITHDRAWN)
    assert Case.objects.get(pk=case.pk).status == Status.TERMINATED


def test_a_withdrawal_by_some_needs_its_letter_and_who_withdraws_and_nobody_withdraws_twice(cast, frozen_clock):
    case = _group(cast)
    an = _pk(case, NAMES[0])
    with pytest.raises(ValidationFailed) as refused:
        case_withdraw(case=case, actor=cast.officer, reason="Rút")
    assert {"made_on", "signature", "complainants"} <= set(refused.value.fields)
    assert "Điều 7a" in str(refused.value.fields["complainants"])
    assert "Luật Khiếu nại 2011 Điều 10" in str(refused.value.fields["signature"])
    with pytest.raises(ValidationFailed) as stranger:
        case_withdraw(case=case, actor=cast.officer, reason="Rút", complainants=[an + 1000], **_letter())
    assert "complainants" in stranger.value.fields
    assert not Withdrawal.objects.filter(case=case).exists()

    case = case_withdraw(case=case, actor=cast.officer, reason="Ông An rút", complainants=[an], **_letter())
    with pytest.raises(ValidationFailed) as twice:
        case_withdraw(case=case, actor=cast.officer, reason="Ông An rút lại", complainants=[an], **_letter())
    assert "đã rút khiếu nại trước đó" in str(twice.value.fields["complainants"])
    assert Withdrawal.objects.filter(case=case).count() == 1


def test_a_complaint_of_one_withdraws_by_its_letter_too(cast, frozen_clock):
    case = case_start_verification(case=assigned(cast), actor=cast.officer)
    case = case_withdraw(case=case, actor=cast.officer, reason="Người khiếu nại có đơn xin rút", **_letter())
    row = Withdrawal.objects.get(case=case)
    assert termination_due(Case.objects.get(pk=case.pk))
    assert [s.pk for s in row.complainants.all()] == [case.submitters.get().pk]


def test_the_page_and_the_api_record_the_same_withdrawal_by_some_and_show_who_withdrew(cast, frozen_clock, client):
    by_page, by_api = _group(cast), _group(cast)
    client.force_login(cast.officer)
    page = client.get(f"/cases/{by_page.pk}/").content.decode()
    form = page.split('action/withdraw/"')[1].split("</form>")[0]
    assert 'name="complainants"' in form and NAMES[1] in form and 'name="means"' not in form
    url = f"/cases/{by_page.pk}/action/withdraw/"
    data = {
        "version": by_page.version,
        "reason": "Bà Bình có đơn xin rút",
        "scope": "whole",
        "complainants": [str(_pk(by_page, NAMES[1]))],
        **withdrawal_form(**_letter(signature="fingerprint")),
    }
    missing = client.post(url, {**data, "signature": "", "confirmed": "1"})
    assert missing.status_code == 400 and not Withdrawal.objects.filter(case=by_page).exists()
    done = client.post(url, {**data, "confirmed": "1"})
    assert done.status_code == 302, done.content.decode()[:2000]

    api = APIClient()
    api.force_authenticate(cast.officer)
    answer = api.post(
        f"/api/cases/{by_api.pk}/withdraw/",
        {
            "version": by_api.version,
            "reason": "Bà Bình có đơn xin rút",
            "complainants": [_pk(by_api, NAMES[1])],
            "made_on": clock.today().isoformat(),
            "signature": "fingerprint",
        },
        format="json",
    )
    assert answer.status_code == 200, answer.content

    for case in (by_page, by_api):
        case = Case.objects.get(pk=case.pk)
        assert case.status == Status.VERIFYING and not termination_due(case)
        assert [s.full_name for s in case_complainants(case=case)] == [NAMES[0], NAMES[2]]
    detail = api.get(f"/api/cases/{by_api.pk}/").json()
    assert {s["full_name"]: s["withdrawn"] for s in detail["submitters"]} == {
        NAMES[0]: False,
        NAMES[1]: True,
        NAMES[2]: False,
    }
    assert detail["withdrawals"][0]["complainants"] == [_pk(by_api, NAMES[1])]
    shown = client.get(f"/cases/{by_page.pk}/").content.decode()
    listed = shown.split('id="complaint-withdrawals"')[1].split("</ol>")[0]
    assert NAMES[1] in listed and "có điểm chỉ của người khiếu nại" in listed
    assert f"{NAMES[1]}" in shown.split('id="submitters"')[1].split("</ul>")[0]
    assert "đã rút khiếu nại" in shown.split('id="submitters"')[1].split("</ul>")[0]
    # The remaining complainants are offered; the one who withdrew is not.
    form = shown.split('action/withdraw/"')[1].split("</form>")[0]
    assert NAMES[0] in form and NAMES[1] not in form


def test_one_who_withdrew_may_not_be_recorded_after_termination_is_due(cast, frozen_clock):
    case = _group(cast)
    case = case_withdraw(case=case, actor=cast.officer, reason="Tất cả rút", all_complainants=True, **_letter())
    with pytest.raises(TransitionNotAllowed):
        case_withdraw(case=case, actor=cast.officer, reason="Lại rút", complainants=[_pk(case, NAMES[0])], **_letter())
