"""A second complaint's time limit at its triage (Luật Khiếu nại 2011 Đ.33 khoản 1): one lodged late is
registered and answered in writing, refused on the ground "hết thời hạn" with the window's dates (Đ.11
khoản 6, Đ.36 khoản 1; Nghị định 124/2020/NĐ-CP Đ.16 khoản 1), or accepted once the days of objective
obstacles recorded (Đ.9 khoản 2) bring it into time; the window counts from the day the complainant received
the first decision. The web page and the API read the same rule.

The first decision is sent Tue 31/03/2026: the 30th day is Thu 30/04 (holiday), then 01/05 and a weekend,
so the window ends Mon 04/05 (Bộ luật Dân sự 2015 Đ.147-148)."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from casework.audit.selectors import audit_events_for
from casework.audit.timeline import event_reason
from casework.cases.actions import case_actions
from casework.cases.complaint_limits import second_complaint_last_day, second_window
from casework.cases.identity import unseal
from casework.cases.models import Outcome, RefusalGround, Status
from casework.cases.services import (
    case_accept,
    case_approve,
    case_assign,
    case_complaint_second,
    case_decide,
    case_decision_receipt_record,
    case_notify_result,
    case_propose,
    case_refuse,
    case_second_obstacles_record,
    case_start_verification,
    case_transfer,
)
from casework.org.models import Role
from casework.papers.services import paper_issue
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed
from tests.builders import DECISION_PARTS, before_dialogue, dialogued
from tests.factories import UserFactory
from tests.papers.conftest import pdf_text

pytestmark = pytest.mark.django_db

TRIAGE_ONLY_IN_TIME = {"accept", "transfer", "guide", "merge"}


def on(day: dt.date, hour: int = 9) -> None:
    clock.set_now(dt.datetime.combine(day, dt.time(hour - 7, 0), tzinfo=dt.UTC))


@pytest.fixture
def province_intake(cast):
    return UserFactory(roles=[(Role.INTAKE_OFFICER, cast.province)])


@pytest.fixture
def first(cast, make_case):
    """A first complaint decided and sent to the complainant on Tue 31/03/2026."""
    with before_dialogue():
        case = case_accept(subject_area="khac", case=make_case(), actor=cast.intake, legal_ground="Đ.27")
    case = case_start_verification(
        case=case_assign(case=case, actor=cast.chair, assignee=cast.officer), actor=cast.officer
    )
    case = dialogued(case, cast.officer)
    case = case_propose(case=case, actor=cast.officer, proposal="Không có cơ sở", outcome=Outcome.UNFOUNDED)
    case = case_approve(case=case, actor=cast.leader)
    on(dt.date(2026, 3, 31))
    case = case_decide(
        case=case, actor=cast.officer, **DECISION_PARTS, decision_text="Giữ nguyên", outcome=Outcome.UNFOUNDED
    )
    return case_notify_result(case=case, actor=cast.officer)


def _late_second(first, province_intake):
    on(dt.date(2026, 5, 5))
    return case_complaint_second(first=first, actor=province_intake, received_on=clock.today(), content="Lần hai")


def _text(paper) -> str:
    return " ".join(pdf_text(paper.pdf.read()).split())


def test_art11_k6_a_late_second_complaint_is_registered_and_refused_only_on_the_expired_limit_in_writing(
    cast, first, province_intake
):
    second = _late_second(first, province_intake)
    assert (second.round, second.status, second.unit_id) == (2, Status.RECEIVED, cast.province.pk)
    window = second_window(second)
    assert (window.starts_on, window.last_day, window.late) == (dt.date(2026, 3, 31), dt.date(2026, 5, 4), True)
    actions = set(case_actions(user=province_intake, case=second))
    assert {"refuse", "second_obstacles"} <= actions and not actions & TRIAGE_ONLY_IN_TIME
    with pytest.raises(TransitionNotAllowed) as err:
        case_accept(subject_area="khac", case=second, actor=province_intake, legal_ground="Đ.36")
    assert "04/05/2026" in err.value.message and "Đ.11 khoản 6" in err.value.message
    with pytest.raises(TransitionNotAllowed):
        case_transfer(case=second, actor=province_intake, reason="Chuyển", outside_body="Sở Y tế")
    with pytest.raises(ValidationFailed) as err:
        case_refuse(subject_area="khac", case=second, actor=province_intake, ground=RefusalGround.OTHER, note="Khác")
    assert "ground" in err.value.fields
    second.refresh_from_db()
    assert second.status == Status.RECEIVED

    second = case_refuse(subject_area="khac", case=second, actor=province_intake, ground=RefusalGround.EXPIRED)
    assert (second.status, second.refusal_ground) == (Status.REFUSED, RefusalGround.EXPIRED)
    event = audit_events_for(target_type="cases.case", target_id=second.pk).get(action="case.refuse")
    assert "04/05/2026" in event_reason(event)
    # The written refusal (Mẫu số 04) states the ground and the window's dates.
    text = _text(paper_issue(target=second, key="case.refuse", actor=cast.chair))
    for part in (
        "Về việc không thụ lý giải quyết khiếu nại",
        str(RefusalGround.EXPIRED.label),
        "nhận được quyết định giải quyết khiếu nại lần đầu ngày 31/03/2026",
        "30 ngày",
        "hết ngày 04/05/2026",
        "nhận ngày 05/05/2026",
        "Điều 11 khoản 6",
    ):
        assert part in text, part


def test_art9_k2_obstacle_days_bring_a_late_second_complaint_into_time_by_the_working_calendar_and_are_audited(
    cast, first, province_intake
):
    second = _late_second(first, province_intake)
    version = second.version
    for days, note, field in (
        (-1, "Ốm", "obstacle_days"),
        (100_000, "Ốm", "obstacle_days"),
        ("5", "Ốm", "obstacle_days"),
        (5, "", "obstacle_note"),
    ):
        with pytest.raises(ValidationFailed) as err:
            case_second_obstacles_record(case=second, actor=province_intake, obstacle_days=days, obstacle_note=note)
        assert field in err.value.fields
    second.refresh_from_db()
    assert (second.version, second.obstacle_days) == (version, 0)
    assert not audit_events_for(target_type="cases.case", target_id=second.pk).filter(action="case.second_obstacles")

    # Three days: the 33rd day is Sun 03/05, carried to Mon 04/05: still late.
    second = case_second_obstacles_record(case=second, actor=province_intake, obstacle_days=3, obstacle_note="Nằm viện")
    assert (second_window(second).last_day, second_window(second).late) == (dt.date(2026, 5, 4), True)
    # Five days (the hospital's discharge paper): the 35th day is Tue 05/05, the day it was received.
    second = case_second_obstacles_record(
        case=second, actor=province_intake, obstacle_days=5, obstacle_note="Nằm viện 5 ngày (giấy ra viện)"
    )
    assert (second_window(second).last_day, second_window(second).late) == (dt.date(2026, 5, 5), False)
    events = audit_events_for(target_type="cases.case", target_id=second.pk).filter(action="case.second_obstacles")
    assert [(e.before["obstacle_days"], e.after["obstacle_days"], e.after["second_last_day"]) for e in events] == [
        (0, 3, "2026-05-04"),
        (3, 5, "2026-05-05"),
    ]
    assert unseal(events.last().after["obstacle_note"], case=second) == "Nằm viện 5 ngày (giấy ra viện)"
    assert {"accept", "refuse"} <= set(case_actions(user=province_intake, case=second))
    with pytest.raises(ValidationFailed) as err:  # now in time: not refused on the expired limit
        case_refuse(subject_area="khac", case=second, actor=province_intake, ground=RefusalGround.EXPIRED)
    assert "ground" in err.value.fields
    second = case_accept(subject_area="khac", case=second, actor=province_intake, legal_ground="Đ.36")
    assert second.status == Status.ACCEPTED
    # Recorded at triage only.
    with pytest.raises(TransitionNotAllowed):
        case_second_obstacles_record(case=second, actor=province_intake, obstacle_days=9, obstacle_note="Ốm")


def test_art33_k1_the_window_counts_from_the_day_the_complainant_received_the_first_decision(
    cast, first, province_intake
):
    assert second_complaint_last_day(first) == dt.date(2026, 5, 4)  # from the day it was sent, until corrected
    on(dt.date(2026, 4, 8))
    for received_on in (dt.date(2026, 3, 30), dt.date(2026, 4, 9), "06/04/2026"):  # before issue, future, not a date
        with pytest.raises(ValidationFailed) as err:
            case_decision_receipt_record(case=first, actor=cast.officer, received_on=received_on)
        assert "received_on" in err.value.fields
    with pytest.raises(TransitionNotAllowed):  # someone with no part in the first round nor the second
        case_decision_receipt_record(
            case=first, actor=UserFactory(roles=[(Role.INTAKE_OFFICER, cast.hospital)]), received_on=dt.date(2026, 4, 6)
        )
    first.refresh_from_db()
    assert first.decision_received_on is None
    # The postal return slip: received Mon 06/04; the 30th day is Wed 06/05.
    first = case_decision_receipt_record(
        case=first, actor=cast.officer, received_on=dt.date(2026, 4, 6), note="Phiếu báo phát"
    )
    assert second_complaint_last_day(first) == dt.date(2026, 5, 6)
    event = audit_events_for(target_type="cases.case", target_id=first.pk).get(action="case.decision_receipt")
    assert (event.before, event.after, event_reason(event)) == (
        {"decision_received_on": None, "notified_on": "2026-03-31"},
        {"decision_received_on": "2026-04-06"},
        "Phiếu báo phát",
    )
    second = _late_second(first, province_intake)  # received Tue 05/05: in time, counted from the receipt
    assert (second_window(second).starts_on, second_window(second).late) == (dt.date(2026, 4, 6), False)
    assert "accept" in case_actions(user=province_intake, case=second)
    assert case_accept(subject_area="khac", case=second, actor=province_intake, legal_ground="Đ.36").status == (
        Status.ACCEPTED
    )


def test_the_api_and_the_page_give_a_late_second_complaint_the_same_actions_and_refuse_hostile_obstacles(
    client, cast, first, province_intake
):
    on(dt.date(2026, 5, 5))
    api = APIClient()
    api.force_authenticate(province_intake)
    made = api.post(
        f"/api/cases/{first.pk}/second_complaint/",
        {"received_on": "2026-05-05", "content": "Không đồng ý"},
        format="json",
    )
    assert made.status_code == 200, made.content
    pk = made.json()["id"]
    body = api.get(f"/api/cases/{pk}/").json()
    assert body["second_window"] == {
        "starts_on": "2026-03-31",
        "from_decision": True,
        "days": 30,
        "obstacle_days": 0,
        "last_day": "2026-05-04",
        "received_on": "2026-05-05",
        "late": True,
    }
    client.force_login(province_intake)
    page = client.get(f"/cases/{pk}/")
    assert page.status_code == 200
    shown = {a["name"] for a in page.context["actions"]}
    assert set(body["allowed_actions"]) == shown and not shown & TRIAGE_ONLY_IN_TIME
    assert 'id="second-window" class="overdue"' in page.content.decode()
    refused = api.post(f"/api/cases/{pk}/accept/", {"subject_area": "khac", "legal_ground": "Đ.36"}, format="json")
    assert refused.status_code == 409 and "accept" not in refused.json().get("allowed_actions", [])

    version = body["version"]
    for days in (-3, 100_000, "mười"):
        answer = api.post(
            f"/api/cases/{pk}/second_obstacles/", {"obstacle_days": days, "obstacle_note": "Ốm"}, format="json"
        )
        assert answer.status_code == 400 and "obstacle_days" in answer.json()["fields"], answer.content
        posted = client.post(
            f"/cases/{pk}/action/second_obstacles/", {"obstacle_days": days, "obstacle_note": "Ốm", "version": version}
        )
        assert posted.status_code == 400
    no_note = api.post(f"/api/cases/{pk}/second_obstacles/", {"obstacle_days": 5}, format="json")
    assert no_note.status_code == 400 and "obstacle_note" in no_note.json()["fields"]
    assert api.get(f"/api/cases/{pk}/").json()["version"] == version

    posted = client.post(
        f"/cases/{pk}/action/second_obstacles/", {"obstacle_days": 5, "obstacle_note": "Nằm viện", "version": version}
    )
    assert posted.status_code == 302
    body = api.get(f"/api/cases/{pk}/").json()
    assert (body["second_window"]["last_day"], body["second_window"]["late"]) == ("2026-05-05", False)
    assert "accept" in body["allowed_actions"]
    accepted = api.post(f"/api/cases/{pk}/accept/", {"subject_area": "khac", "legal_ground": "Đ.36"}, format="json")
    assert accepted.status_code == 200 and accepted.json()["status"] == Status.ACCEPTED
