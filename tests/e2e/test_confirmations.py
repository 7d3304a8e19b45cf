"""Nothing irreversible happens without a confirmation, and only a valid form is ever confirmed: an
invalid one comes back with its field errors and nothing changed; a valid one shows what will be
done and asks; only the confirmed request writes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from casework.audit.models import AuditEvent
from casework.cases import services as svc
from casework.cases.models import Case, Kind, Outcome, Status
from casework.inspections.models import Inspection
from tests.builders import DECISION_PARTS, accepted, dialogued, explained, make_case
from tests.e2e.test_audit_and_layout import _case

IRREVERSIBLE = ["refuse", "transfer", "guide", "merge", "withdraw"]
NOT_UNDONE = "không thể hoàn tác"


def _approved(cast, kind=Kind.COMPLAINT) -> Case:
    case = accepted(cast, kind=kind)
    case = svc.case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    case = svc.case_start_verification(case=case, actor=cast.officer)
    if kind == Kind.COMPLAINT:
        case = dialogued(case, cast.officer)
    case = explained(case, cast.officer)
    case = svc.case_propose(case=case, actor=cast.officer, proposal="Đúng một phần.", outcome=Outcome.PARTLY)
    return svc.case_approve(case=case, actor=cast.leader)


def _conclusion_due(cast) -> Case:
    case = _approved(cast, kind=Kind.DENUNCIATION)
    return svc.case_denounced_notice_sent(case=case, actor=cast.officer)  # Luật Tố cáo 2018 Đ.29 khoản 3


def _concluded(cast) -> Case:
    case = _conclusion_due(cast)
    return svc.case_conclude(
        case=case, actor=cast.officer, **DECISION_PARTS, decision_text="Đúng một phần.", outcome=Outcome.PARTLY
    )


def _petition(cast) -> Case:
    case = accepted(cast, kind=Kind.PETITION)
    return svc.case_assign(case=case, actor=cast.chair, assignee=cast.officer)


def _notified(cast) -> Case:
    case = _approved(cast)
    case = svc.case_decide(
        case=case, actor=cast.officer, **DECISION_PARTS, decision_text="Đúng một phần.", outcome=Outcome.PARTLY
    )
    return svc.case_notify_result(case=case, actor=cast.officer)


# action → (build the case, who acts, an invalid form, a valid form)
CASES: dict[str, tuple[Callable[[Any], Case], str, dict, dict]] = {
    "refuse": (
        lambda c: make_case(c),
        "intake",
        {"ground": "other", "note": "", "subject_area": "khac"},
        {"ground": "expired", "subject_area": "khac"},
    ),
    "transfer": (
        lambda c: make_case(c),
        "intake",
        {"reason": "Không thuộc thẩm quyền", "subject_area": "khac"},  # neither a union unit nor an outside body
        {"reason": "Không thuộc thẩm quyền", "outside_body": "Sở Y tế Thái Bình", "subject_area": "khac"},
    ),
    "guide": (
        lambda c: make_case(c),
        "intake",
        {"guidance": "", "subject_area": "khac"},
        {"guidance": "Gửi đơn đến Tòa án nhân dân.", "subject_area": "khac"},
    ),
    "merge": (lambda c: make_case(c), "intake", {"into": "TC-1999-99999"}, None),
    "withdraw": (
        lambda c: make_case(c),
        "intake",
        {"reason": "Người gửi xin rút", "scope": "partial", "withdrawn_content": ""},
        # Luật Khiếu nại 2011 Đ.10: the complainant's letter, its day and signature.
        {"reason": "Người gửi xin rút", "scope": "whole", "made_on": "02/03/2026", "signature": "signed"},
    ),
    "decide": (
        _approved,
        "officer",
        {
            "outcome": "founded",
            **DECISION_PARTS,
            "decision_text": "Khiếu nại đúng.",
        },  # departs from the proposal, no reason
        {"outcome": "partly", **DECISION_PARTS, "decision_text": "Khiếu nại đúng một phần."},
    ),
    "conclude": (
        _conclusion_due,
        "officer",
        {"outcome": "partly", **DECISION_PARTS, "decision_text": ""},
        {"outcome": "partly", **DECISION_PARTS, "decision_text": "Tố cáo đúng một phần."},
    ),
    "handle_conclusion": (_concluded, "leader", {"note": ""}, {"note": "Chuyển UBKT xem xét."}),
    "answer": (_petition, "officer", {"answer": ""}, {"answer": "Đơn vị đã điều chỉnh chế độ."}),
    "close": (_notified, "officer", {"version": "0"}, {"note": "Đã lưu hồ sơ."}),
    "terminate": (
        lambda c: accepted(c),
        "leader",
        {"ground": ""},
        {"ground": "court"},
    ),
}


def _post(client, case: Case, action: str, data: dict) -> Any:
    case.refresh_from_db()
    return client.post(reverse("cases:action", args=[case.pk, action]), {"version": case.version, **data})


def _state(case: Case) -> tuple:
    case.refresh_from_db()
    return case.status, case.version, AuditEvent.objects.count()


@pytest.mark.django_db
@pytest.mark.parametrize("action", list(CASES))
def test_an_invalid_irreversible_form_is_never_confirmed_and_changes_nothing(client, cast, frozen_clock, action):
    build, who, invalid, _valid = CASES[action]
    case = build(cast)
    client.force_login(getattr(cast, who))
    before = _state(case)
    response = _post(client, case, action, invalid)
    page = response.content.decode()
    assert response.status_code == 400, action
    assert "data-confirmation" not in page and 'class="errorlist' in page
    assert _state(case) == before


@pytest.mark.django_db
@pytest.mark.parametrize("action", [a for a, row in CASES.items() if row[3] is not None])
def test_a_valid_irreversible_form_asks_first_then_acts_on_the_confirmation(client, cast, frozen_clock, action):
    build, who, _invalid, valid = CASES[action]
    case = build(cast)
    client.force_login(getattr(cast, who))
    before = _state(case)
    asked = _post(client, case, action, valid)
    page = asked.content.decode()
    assert asked.status_code == 200 and "data-confirmation" in page and NOT_UNDONE in page
    assert _state(case) == before  # asking wrote nothing
    done = _post(client, case, action, {**valid, "confirmed": "1"})
    assert done.status_code == 302, done.content.decode()[:2000]
    assert _state(case)[0] != before[0] or action == "withdraw"


@pytest.mark.django_db
def test_the_confirmation_shows_labels_not_codes_and_carries_the_form(client, cast, frozen_clock):
    case = make_case(cast)
    client.force_login(cast.intake)
    page = _post(
        client, case, "refuse", {"ground": "expired", "note": "Quá 90 ngày", "subject_area": "khac"}
    ).content.decode()
    assert "Đã hết thời hiệu khiếu nại" in page and ">expired<" not in page
    assert 'name="ground" value="expired"' in page and 'name="confirmed" value="1"' in page


@pytest.mark.django_db
def test_a_stale_page_is_not_confirmed(client, cast, frozen_clock):
    case = make_case(cast)
    seen = case.version
    svc.case_accept(subject_area="khac", case=case, actor=cast.officer, legal_ground="Thụ lý bởi người khác")
    client.force_login(cast.intake)
    response = client.post(reverse("cases:action", args=[case.pk, "refuse"]), {"ground": "expired", "version": seen})
    assert response.status_code == 400 and "data-confirmation" not in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED


@pytest.mark.django_db
def test_irreversible_case_actions_say_they_ask_and_reversible_ones_do_not(client, cast, frozen_clock):
    case = _case(cast)
    client.force_login(cast.intake)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    for action in IRREVERSIBLE:
        url = reverse("cases:action", args=[case.pk, action])
        start = page.index(f'action="{url}"')
        assert "data-irreversible" in page[start : page.index(">", start)], action
    accept = reverse("cases:action", args=[case.pk, "accept"])
    start = page.index(f'action="{accept}"')
    assert "data-irreversible" not in page[start : page.index(">", start)]
    asked = client.post(
        reverse("cases:action", args=[case.pk, "accept"]), {"legal_ground": "Đ.27", "subject_area": "khac"}
    )
    assert asked.status_code == 302  # a reversible step does not ask


@pytest.mark.django_db
def test_inspection_decision_and_conclusion_need_a_ticked_confirmation(client, cast, frozen_clock):
    from casework.inspections import services
    from tests.builders import raise_flag

    inspection = services.inspection_open(
        unit=cast.sector, subject_unit=cast.hospital, actor=cast.inspector, flags=[raise_flag(cast)]
    )
    services.inspection_team_set(
        inspection=inspection, members=[cast.inspector2, cast.inspector3], lead=cast.inspector, actor=cast.inspector
    )
    client.force_login(cast.chair)
    url = reverse("inspections:inspection_act", args=[inspection.pk, "decide"])
    response = client.post(url, {})
    assert response.status_code == 400
    assert Inspection.objects.get().status != Inspection.Status.DECIDED


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_going_back_from_the_confirmation_changes_nothing(cast, open_session, frozen_clock):
    case = _case(cast)
    intake = open_session(cast.intake)
    page = intake.page
    with intake.step("refuse, see the confirmation, go back"):
        page.goto(f"/cases/{case.pk}/")
        panel = page.locator("details").filter(has=page.locator("summary", has_text="Không thụ lý")).first
        panel.locator("summary").click()
        form = panel.locator("form")
        form.locator("[name=ground]").select_option(index=1)
        form.locator("[name=subject_area]").select_option(index=1)
        with page.expect_navigation():
            form.get_by_role("button", name="Không thụ lý").click()
        assert NOT_UNDONE in page.locator("#confirmation").inner_text()
        with page.expect_navigation():
            page.get_by_role("link", name="Quay lại, không thực hiện").click()
        assert f"/cases/{case.pk}/" in page.url
    case.refresh_from_db()
    assert case.status == Status.RECEIVED
