"""Every withdrawal of a complaint is made by the complainant's letter, signed or fingerprinted (Luật
Khiếu nại 2011 Đ.10: "việc rút khiếu nại phải được thực hiện bằng đơn có chữ ký hoặc điểm chỉ của người
khiếu nại"): one complainant or several, in whole or in part, by the page or the API. Without the
letter's day and signature nothing is written."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.audit.models import AuditEvent
from casework.cases.models import Case, Kind, Status, Withdrawal
from casework.cases.services import case_accept, case_start_verification, case_withdraw
from casework.cases.services.termination import termination_due
from core import clock
from core.errors import ValidationFailed
from tests.builders import assigned, intake, withdrawal_form, withdrawal_letter

pytestmark = pytest.mark.django_db


def _verifying(cast) -> Case:
    return case_start_verification(case=assigned(cast), actor=cast.officer)


def _nothing_written(case: Case, events: int) -> None:
    after = Case.objects.get(pk=case.pk)
    assert (after.status, after.version, after.withdrawn_content) == (case.status, case.version, case.withdrawn_content)
    assert not Withdrawal.objects.filter(case=case).exists()
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    "letter, fields",
    [
        ({}, {"made_on", "signature"}),
        ({"made_on": dt.date(2026, 3, 3), "signature": "signed"}, {"made_on"}),  # after today
        ({"made_on": dt.date(2026, 1, 1), "signature": "signed"}, {"made_on"}),  # before the letter arrived
        ({"made_on": dt.date(2026, 3, 2), "signature": "<script>x</script>"}, {"signature"}),
    ],
)
def test_a_complaint_of_one_is_not_withdrawn_without_its_signed_letter(cast, frozen_clock, letter, fields):
    case = _verifying(cast)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as err:
        case_withdraw(case=case, actor=cast.officer, reason="Người khiếu nại gọi điện xin rút", **letter)
    assert set(err.value.fields) == fields
    _nothing_written(case, events)


def test_a_part_withdrawn_and_a_letter_not_yet_accepted_need_the_letter_too(cast, frozen_clock):
    case = _verifying(cast)
    with pytest.raises(ValidationFailed) as err:
        case_withdraw(case=case, actor=cast.officer, reason="Rút ý 2", scope="partial", withdrawn_content="Ý 2")
    assert set(err.value.fields) == {"made_on", "signature"}
    received = intake(cast.intake, cast.sector, title="Đơn khiếu nại chưa thụ lý")
    with pytest.raises(ValidationFailed):
        case_withdraw(case=received, actor=cast.intake, reason="Rút trước khi thụ lý")
    assert Case.objects.get(pk=received.pk).status == Status.RECEIVED

    case = case_withdraw(
        case=case,
        actor=cast.officer,
        reason="Rút ý 2",
        scope="partial",
        withdrawn_content="Ý 2",
        **withdrawal_letter(signature="fingerprint"),
    )
    row = Withdrawal.objects.get(case=case)
    assert (row.scope, row.signature, row.made_on, list(row.complainants.all())) == (
        "partial",
        "fingerprint",
        clock.today(),
        [],
    )
    assert case.status == Status.VERIFYING and not termination_due(case)


def test_the_letter_of_one_records_the_withdrawal_and_the_event_names_it(cast, frozen_clock):
    case = _verifying(cast)
    case = case_withdraw(case=case, actor=cast.officer, reason="Đơn xin rút", **withdrawal_letter())
    assert termination_due(Case.objects.get(pk=case.pk))
    row = Withdrawal.objects.get(case=case)
    assert [s.pk for s in row.complainants.all()] == [case.submitters.get().pk]
    event = AuditEvent.objects.filter(target_id=str(case.pk), action="case.withdraw_whole").get()
    assert (event.after["made_on"], event.after["signature"], event.after["all_complainants_withdrew"]) == (
        "2026-03-02",
        "signed",
        True,
    )
    assert "denouncers" not in event.after


def test_a_petition_is_withdrawn_as_before(cast, frozen_clock):
    petition = case_accept(
        subject_area="khac",
        case=intake(cast.intake, cast.sector, kind=Kind.PETITION, title="Kiến nghị"),
        actor=cast.intake,
        legal_ground="Căn cứ",
    )
    petition = case_withdraw(case=petition, actor=cast.intake, reason="Rút kiến nghị")
    assert petition.status == Status.WITHDRAWN and not Withdrawal.objects.filter(case=petition).exists()


def test_the_page_and_the_api_refuse_the_same_and_offer_the_letters_fields(cast, frozen_clock, client, api_as):
    by_page, by_api = _verifying(cast), _verifying(cast)
    client.force_login(cast.officer)
    form = client.get(f"/cases/{by_page.pk}/").content.decode().split('action/withdraw/"')[1].split("</form>")[0]
    assert 'name="made_on"' in form and 'name="signature"' in form and 'name="complainants"' not in form
    events = AuditEvent.objects.count()
    url = f"/cases/{by_page.pk}/action/withdraw/"
    refused = client.post(url, {"version": by_page.version, "reason": "Xin rút", "scope": "whole", "confirmed": "1"})
    assert refused.status_code == 400 and "Đơn xin rút khiếu nại phải có chữ ký" in refused.content.decode()
    api = api_as(cast.officer)
    answer = api.post(
        f"/api/cases/{by_api.pk}/withdraw/",
        {"version": by_api.version, "reason": "Xin rút", "made_on": "02/03/2026\x00", "signature": "x" * 5000},
        format="json",
    )
    assert answer.status_code == 400
    answer = api.post(
        f"/api/cases/{by_api.pk}/withdraw/", {"version": by_api.version, "reason": "Xin rút"}, format="json"
    )
    assert answer.status_code == 400 and {"made_on", "signature"} <= set(answer.json()["fields"])
    _nothing_written(by_page, events)
    _nothing_written(by_api, events)

    done = client.post(
        url,
        {
            "version": by_page.version,
            "reason": "Xin rút",
            "scope": "whole",
            "confirmed": "1",
            **withdrawal_form(made_on=clock.today(), signature="signed"),
        },
    )
    assert done.status_code == 302
    answer = api.post(
        f"/api/cases/{by_api.pk}/withdraw/",
        {"version": by_api.version, "reason": "Xin rút", "made_on": "2026-03-02", "signature": "fingerprint"},
        format="json",
    )
    assert answer.status_code == 200, answer.content
    for case in (by_page, by_api):
        assert termination_due(Case.objects.get(pk=case.pk)) and Withdrawal.objects.filter(case=case).count() == 1
