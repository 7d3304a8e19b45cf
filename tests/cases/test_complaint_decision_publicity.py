"""Công khai quyết định giải quyết khiếu nại lần hai: within 15 days of the decision the second-round resolver publishes
it by one or several forms (Luật Khiếu nại 2011 Đ.41 khoản 2, 3, as codified in Điều 18.1.NĐ.1.12: posting and web at
least 15 days from the day posted, radio, television and print at least 02 times). The clock (complaint_2/publish_decision) opens with the
decision, escalates once on breach, and the file is not closed while the publication is owed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from casework.audit.selectors import audit_events_for
from casework.cases.actions import case_actions
from casework.cases.models import ConclusionPublication, Kind, Outcome
from casework.cases.services import (
    case_accept,
    case_approve,
    case_assign,
    case_close,
    case_complaint_second,
    case_decide,
    case_decision_publish,
    case_notify_result,
    case_propose,
    case_start_verification,
)
from casework.org.models import Role
from core import clock
from core.errors import TransitionNotAllowed
from tests.builders import DECISION_PARTS, api_client, case_clock, clock_at, decided, dialogued, submitter
from tests.factories import UserFactory
from workflows.models import Deadline, DeadlineRule, Escalation
from workflows.policy_cache import reset as policy_reset
from workflows.sweep import sweep_deadlines

pytestmark = pytest.mark.django_db

STEP = "publish_decision"
DECIDED = dt.date(2026, 8, 25)
DUE = dt.date(2026, 9, 9)  # 15 days, the day of the decision not counted (Bộ luật Dân sự 2015 Đ.147)
COMPLAINANT = "Đoàn Thị Khiếu Nại"


def second_round(cast):
    clock_at(dt.date(2026, 8, 20))
    first = decided(cast, submitters=[submitter(full_name=COMPLAINANT)], title=f"Khiếu nại của {COMPLAINANT}")
    case_notify_result(case=first, actor=cast.officer)
    intake = UserFactory(roles=[(Role.INTAKE_OFFICER, cast.province)])
    chair = UserFactory(roles=[(Role.COMMITTEE_CHAIR, cast.province)])
    officer = UserFactory(roles=[(Role.CASE_OFFICER, cast.province)])
    second = case_complaint_second(first=first, actor=intake, received_on=clock.today(), content="Không đồng ý")
    second = case_accept(case=second, actor=intake, legal_ground="Luật Khiếu nại 2011 Đ.36", subject_area="khac")
    clock_at(DECIDED)
    second = case_assign(case=second, actor=chair, assignee=officer)
    second = case_start_verification(case=second, actor=officer)
    second = dialogued(second, officer)
    second = case_propose(case=second, actor=officer, proposal="Giữ nguyên.", outcome=Outcome.UNFOUNDED)
    second = case_approve(case=second, actor=cast.province_leader)
    text = f"Giữ nguyên quyết định; bà {COMPLAINANT} được hướng dẫn."
    second = case_decide(
        case=second, actor=officer, outcome=Outcome.UNFOUNDED, **{**DECISION_PARTS, "decision_text": text}
    )
    return first, second, officer


def test_art41_clock_escalates_once_close_refused_then_published_on_the_public_page_without_the_complainant(
    cast, client
):
    first, case, officer = second_round(cast)
    clock_ = case_clock(case, STEP)
    assert (clock_.starts_on, clock_.days, clock_.day_unit, clock_.due_on) == (DECIDED, 15, "calendar", DUE)
    assert "Đ.41" in clock_.rule.source
    assert STEP not in {d.step for d in Deadline.objects.filter(target_id=str(first.pk))}  # the first round: none
    assert "decision_publish" in case_actions(user=officer, case=case)
    assert "conclusion_publish" not in case_actions(user=officer, case=case)
    with pytest.raises(TransitionNotAllowed):
        case_close(case=case_notify_result(case=case, actor=officer), actor=officer)
    case.refresh_from_db()
    refused = api_client(officer).post(f"/api/cases/{case.pk}/close/", {"version": case.version}, format="json")
    assert refused.status_code == 409 and "Điều 41" in refused.content.decode()
    clock_at(DUE)
    sweep_deadlines()
    assert not Escalation.objects.filter(deadline__step=STEP).exists()
    clock_at(DUE + dt.timedelta(days=1))
    sweep_deadlines()
    sweep_deadlines()
    assert Escalation.objects.filter(target_id=str(case.pk), deadline__step=STEP).count() == 1

    api = api_client(officer)
    payload = {"version": case.version, "forms": ["posting", "portal"], "published_on": str(DUE)}
    payload |= {"posting_place": "Trụ sở LĐLĐ tỉnh", "posting_days": 15, "portal": "Cổng TTĐT", "portal_days": 15}
    bad = api.post(f"/api/cases/{case.pk}/decision_publish/", {**payload, "portal_days": 14}, format="json")
    assert bad.status_code == 400 and "Điều 41 khoản 3" in bad.content.decode()
    done = api.post(f"/api/cases/{case.pk}/decision_publish/", payload, format="json")
    assert done.status_code == 200, done.content
    assert done.json()["publication"]["published_on"] == str(DUE) and not done.json()["publication"]["owed"]
    late = case_clock(case, STEP)
    assert late.status == Deadline.Status.MET and late.breached_at is not None
    row = ConclusionPublication.objects.get(case=case)
    assert COMPLAINANT not in row.text and case.decision_number in row.text
    (event,) = audit_events_for(target_type="cases.case", target_id=case.pk).filter(action="case.decision_published")
    assert event.after["forms"] == ["posting", "portal"]
    with pytest.raises(TransitionNotAllowed, match="đã được công khai"):
        case_decision_publish(case=case, actor=officer, **payload)
    assert case_close(case=case, actor=officer).status == "closed"

    url = reverse("cases:public_conclusions")
    clock_at(DUE)
    page = client.get(url).content.decode()
    assert case.decision_number in page and "quyết định giải quyết khiếu nại lần hai" in page
    assert COMPLAINANT not in page and case.reference not in page
    # 15 days from the day posted, counted from the next day (Bộ luật Dân sự 2015 Đ.147 khoản 1).
    clock_at(DUE + dt.timedelta(days=15))
    assert case.decision_number in client.get(url).content.decode()
    clock_at(DUE + dt.timedelta(days=16))
    assert case.decision_number not in client.get(url).content.decode()

    client.force_login(officer)
    clock_at(DUE)
    detail = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="publication"' in detail
    notice = client.get(reverse("reports:case_notice_pdf", args=[case.pk, "decision_publication"]))
    assert notice.status_code == 200


def test_out_of_scope_readers_see_nothing_and_hostile_input_is_no_500(cast, client):
    _first, case, officer = second_round(cast)
    outsider = UserFactory(roles=[(Role.CASE_OFFICER, cast.hospital)])
    client.force_login(outsider)
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    hostile = {"forms": ["posting"], "published_on": "2026-08-25", "posting_place": "x", "posting_days": 15}
    assert (
        api_client(outsider).post(f"/api/cases/{case.pk}/decision_publish/", hostile, format="json").status_code == 404
    )
    for body in (
        {"forms": "posting\x00", "published_on": "'; drop table"},
        {"forms": [["nested"]], "posting_days": 10**9},
        {"forms": ["posting"], "published_on": "2026-08-25", "attachment": -1},
    ):
        response = api_client(officer).post(f"/api/cases/{case.pk}/decision_publish/", body, format="json")
        assert response.status_code in (400, 409), response.content
    assert not ConclusionPublication.objects.exists()


def test_a_case_whose_version_has_no_row_runs_no_clock_and_its_page_says_so(cast, client):
    DeadlineRule.objects.filter(step="publish_conclusion").delete()
    policy_reset()
    clock_at(dt.date(2026, 4, 24))
    case = decided(cast, kind=Kind.DENUNCIATION)
    assert "publish_conclusion" not in {d.step for d in Deadline.objects.filter(target_id=str(case.pk))}
    client.force_login(cast.officer)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="publication-untracked"' in page and "không được theo dõi thời hạn" in page
    detail = api_client(cast.officer).get(f"/api/cases/{case.pk}/").json()
    assert detail["publication"]["tracked"] is False and detail["publication"]["owed"] is False


def test_a_conclusion_issued_again_after_its_publication_keeps_the_record_and_says_which_was_published(cast, client):
    from casework.papers.models import Paper
    from casework.papers.services import paper_cancel, paper_issue
    from tests.builders import published

    clock_at(dt.date(2026, 4, 24))
    case = published(decided(cast, kind=Kind.DENUNCIATION), cast.officer)
    earlier = case.decision_number
    client.force_login(cast.officer)
    assert 'id="publication-reissued"' not in client.get(f"/cases/{case.pk}/").content.decode()
    paper = Paper.objects.get(target_id=str(case.pk), template_version__template__key="case.conclusion")
    paper_cancel(paper=paper, actor=cast.officer, reason="Sai sót số liệu, ban hành lại")
    paper_issue(target=case, key="case.conclusion", actor=cast.officer)
    case.refresh_from_db()
    assert case.decision_number != earlier
    row = ConclusionPublication.objects.get(case=case)
    assert earlier in row.text  # the record of what was published stays as it was
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="publication-reissued"' in page and case.decision_number in page
    assert api_client(cast.officer).get(f"/api/cases/{case.pk}/").json()["publication"]["reissued"] is True
