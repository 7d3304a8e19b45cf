"""The verification of a complaint, first round and second, as the statute runs it: the person competent to
resolve it verifies personally or assigns the person responsible for verifying it (Luật Khiếu nại 2011 Đ.29
khoản 1 điểm b; the second round, Đ.38), who reports the result in writing (khoản 3 điểm e, khoản 4): the
proposal waits for that decision and is made by one it names; the decision's paper is titled as Thông tư
07/2013/TT-TTCP Đ.7 names its forms (Mẫu số 03-KN; a team, Mẫu số 04-KN)."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from casework.audit.selectors import audit_events_for
from casework.cases.actions import case_actions
from casework.cases.models import Case, Kind, Outcome, Status, VerificationAssignment
from casework.cases.services import (
    case_accept,
    case_assign,
    case_complaint_second,
    case_notify_result,
    case_propose,
    case_record_dialogue,
    case_start_verification,
    case_verification_assign,
    verification_refusal,
)
from casework.org.models import Role
from core.errors import TransitionNotAllowed, ValidationFailed
from tests import builders
from tests.builders import accepted, clock_at, decided, dialogue, intake
from tests.factories import UserFactory
from workflows.services.absences import absence_record

pytestmark = pytest.mark.django_db

RECEIVED_ON = dt.date(2026, 3, 2)
TODAY = dt.date(2026, 3, 4)
CONTENT = "Việc xét trợ cấp ốm đau năm 2025 theo quy chế."
PROPOSAL = {"proposal": "Khiếu nại đúng một phần.", "outcome": Outcome.FOUNDED}


def verifying(cast, **values):
    """A first-round complaint accepted on 02/03/2026, assigned to the sector's officer and being verified,
    with no decision on its verification yet."""
    clock_at(RECEIVED_ON)
    case = builders.verifying(cast, received_on=RECEIVED_ON, title="Đơn thư", **values)
    clock_at(TODAY)
    return Case.objects.get(pk=case.pk)


def assign(case, cast, **overrides):
    values = {
        "case": case,
        "actor": cast.chair,
        "on": TODAY,
        "members": [cast.officer],
        "leader": None,
        "content": CONTENT,
        "starts_on": TODAY,
        "ends_on": dt.date(2026, 3, 20),
        **overrides,
    }
    return case_verification_assign(**values)


def propose(case, user):
    return case_propose(case=case, actor=user, **PROPOSAL)


def test_the_proposal_waits_for_the_decision_on_the_verification_then_goes_through(cast, client):
    """Đ.29 khoản 1 điểm b, khoản 3, 4: refused by the service, left out of `case_actions`, told on the page,
    409 on the API; once the chair records the decision naming the officer, the proposal goes through, and
    the trail labels the event."""
    case = verifying(cast)
    assert "propose" not in case_actions(user=cast.officer, case=case)
    assert "verification_assign" in case_actions(user=cast.chair, case=case)
    assert "verification_assign" not in case_actions(user=cast.officer, case=case)
    with pytest.raises(TransitionNotAllowed, match="Luật Khiếu nại 2011 Điều 29") as refused:
        propose(case, cast.officer)
    assert Case.objects.get(pk=case.pk).status == Status.VERIFYING
    api = APIClient()
    api.force_authenticate(cast.officer)
    response = api.post(f"/api/cases/{case.pk}/propose/", {"version": case.version, **PROPOSAL}, format="json")
    assert response.status_code == 409 and refused.value.message in str(response.json())
    client.force_login(cast.officer)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="verification-refusal"' in page and refused.value.message in page

    case = assign(case, cast)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="verification-refusal"' not in page and "Giao nhiệm vụ xác minh nội dung khiếu nại" in page
    assert CONTENT in page
    rows = api.get(f"/api/cases/{case.pk}/").json()["verification_assignments"]
    assert [(r["leader"], r["members"], r["personally"]) for r in rows] == [(cast.officer.pk, [cast.officer.pk], False)]
    assert "propose" in case_actions(user=cast.officer, case=case)
    assert propose(case, cast.officer).status == Status.PROPOSED
    event = next(
        e
        for e in audit_events_for(target_type="cases.case", target_id=case.pk)
        if e.action == "case.complaint_verification_assign"
    )
    assert event.after["members"] == [cast.officer.pk] and event.after["personally"] is False
    from django.utils import translation

    from casework.audit.labels import action_label

    with translation.override("vi"):
        assert str(action_label(event.action)) == "Giao nhiệm vụ xác minh nội dung khiếu nại"


def test_the_dialogue_does_not_open_a_way_round_the_gate(cast):
    """A complaint is proposed from its dialogue too (Đ.30 khoản 3: the dialogue states the verification's
    results): without the decision the proposal is refused there as well, and the decision may be recorded in
    that state."""
    case = case_assign(case=accepted(cast), actor=cast.chair, assignee=cast.officer)
    case = case_start_verification(case=case, actor=cast.officer)
    case = case_record_dialogue(case=case, actor=cast.officer, **dialogue())
    assert case.status == Status.DIALOGUE
    with pytest.raises(TransitionNotAllowed, match="Điều 29"):
        case_propose(case=case, actor=cast.officer, proposal="Đúng một phần.", outcome=Outcome.PARTLY)
    assert "verification_assign" in case_actions(user=cast.chair, case=case)
    day = case.accepted_on
    case = assign(case, cast, on=day, starts_on=day, ends_on=day + dt.timedelta(days=5))
    done = case_propose(case=case, actor=cast.officer, proposal="Đúng một phần.", outcome=Outcome.PARTLY)
    assert done.status == Status.PROPOSED


def test_a_complaint_already_under_verification_is_not_stuck(cast, client):
    """A complaint under verification with no decision recorded (as one was before the record existed): the
    officer is told who must act and what to record; the chair is offered the step in that state, dates it back
    to the day the paper was issued (not before the acceptance), and the officer proposes."""
    case = verifying(cast)
    refusal = verification_refusal(case, cast.officer)
    assert "Lãnh đạo đơn vị giải quyết ghi nhận quyết định giao nhiệm vụ xác minh" in refusal
    client.force_login(cast.chair)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "/action/verification_assign/" in page and "Ngày quyết định giao nhiệm vụ xác minh" in page
    posted = client.post(
        f"/cases/{case.pk}/action/verification_assign/",
        {
            "on": "02/03/2026",
            "members": [str(cast.officer.pk)],
            "leader": "",
            "content": CONTENT,
            "starts_on": "02/03/2026",
            "ends_on": "20/03/2026",
            "version": case.version,
        },
    )
    assert posted.status_code == 302, posted.content.decode()[:500]
    assert VerificationAssignment.objects.get(case=case).on == RECEIVED_ON
    assert propose(Case.objects.get(pk=case.pk), cast.officer).status == Status.PROPOSED


def test_only_those_named_propose_and_a_stand_in_is_told_what_to_do(cast):
    """Đ.29 khoản 3 điểm e: the person responsible for the verification reports it. The officer holding the case
    but not named, and one standing in for the named officer, are refused and told a new decision naming them
    is needed; a team member reports, the chair (not on it) does not."""
    case = verifying(cast)
    case = assign(case, cast, members=[cast.officer2], leader=None)
    with pytest.raises(TransitionNotAllowed, match="không có trong số người được giao xác minh") as refused:
        propose(case, cast.officer)
    assert f"quyết định giao nhiệm vụ xác minh mới có tên {cast.officer}" in refused.value.message
    assert "propose" not in case_actions(user=cast.officer, case=case)
    absence_record(
        actor=cast.chair,
        user=cast.officer2,
        starts_on=TODAY,
        ends_on=dt.date(2026, 4, 4),
        reason="Nghỉ phép năm",
        substitute=cast.officer,
    )
    refusal = verification_refusal(case, cast.officer)
    assert "kể cả với người thay người vắng mặt" in refusal and f"mới có tên {cast.officer}" in refusal
    assert Case.objects.get(pk=case.pk).status == Status.VERIFYING

    case = assign(case, cast, members=[cast.officer, cast.inspector], leader=cast.inspector)
    assert "propose" not in case_actions(user=cast.chair, case=case)
    with pytest.raises(TransitionNotAllowed):
        propose(case, cast.chair)
    assert propose(case, cast.officer).status == Status.PROPOSED


def test_nobody_in_conflict_with_the_complaint_is_assigned(cast, client):
    """Đ.29 khoản 2 (objective verification) and the case's conflict rule: the person complained about, an
    inspector of the committee, is recused; assigning them is refused, named in the message, and nothing is
    written; the recused person and an outsider see neither the case nor its step (404)."""
    case = verifying(cast, subject_user=cast.inspector)
    with pytest.raises(ValidationFailed) as err:
        assign(case, cast, members=[cast.officer, cast.inspector], leader=cast.officer)
    assert str(cast.inspector) in str(err.value.fields["members"])
    assert not VerificationAssignment.objects.filter(case=case).exists()
    body = {
        "version": case.version,
        "on": "2026-03-04",
        "members": [cast.officer.pk],
        "content": CONTENT,
        "starts_on": "2026-03-04",
        "ends_on": "2026-03-20",
    }
    for stranger in (cast.inspector, cast.outsider):
        api = APIClient()
        api.force_authenticate(stranger)
        assert api.post(f"/api/cases/{case.pk}/verification_assign/", body, format="json").status_code == 404
        assert api.get(f"/api/cases/{case.pk}/").status_code == 404
        client.force_login(stranger)
        assert client.get(f"/cases/{case.pk}/").status_code == 404
        posted = client.post(f"/cases/{case.pk}/action/verification_assign/", {**body, "on": "04/03/2026"})
        assert posted.status_code == 404
    assert not VerificationAssignment.objects.filter(case=case).exists()


def test_the_resolver_verifies_personally_and_alone_proposes(cast):
    """Đ.29 khoản 1 điểm b "tự mình tiến hành xác minh": the chair is the one verifier; the officer may not
    propose; the paper says the resolver verifies personally, and Điều 1 says so."""
    from casework.papers.services import paper_draft
    from tests.papers.conftest import pdf_text

    case = assign(verifying(cast), cast, members=[], personally=True)
    row = VerificationAssignment.objects.get(case=case)
    assert row.personally and list(row.members.all()) == [cast.chair]
    with pytest.raises(TransitionNotAllowed, match="người giải quyết khiếu nại tự mình tiến hành xác minh"):
        propose(case, cast.officer)
    draft = " ".join(pdf_text(paper_draft(target=case, key="case.complaint_verification_assignment")).split())
    assert "Về việc người giải quyết khiếu nại tự mình tiến hành xác minh nội dung khiếu nại" in draft
    assert "Điều 1. Người giải quyết khiếu nại tự mình tiến hành xác minh nội dung khiếu nại" in draft
    assert "Giao nhiệm vụ xác minh" not in draft
    assert propose(case, cast.chair).status == Status.PROPOSED


def test_the_paper_is_titled_as_its_form_and_lists_the_statute_contents(cast, client):
    """One assigned: "Quyết định về việc giao nhiệm vụ xác minh nội dung khiếu nại" (Mẫu số 03-KN); a team:
    "Quyết định về việc xác minh nội dung khiếu nại" (Mẫu số 04-KN); the rights and duties of Đ.29 khoản 3
    and the report's contents of khoản 4."""
    from casework.papers.services import paper_draft
    from tests.papers.conftest import pdf_text

    case = assign(verifying(cast, subject_person="Ông Trần Văn Bịkhiếunại"), cast)
    draft = " ".join(pdf_text(paper_draft(target=case, key="case.complaint_verification_assignment")).split())
    for part in (
        "Về việc giao nhiệm vụ xác minh nội dung khiếu nại",
        "Căn cứ Điều 29 Luật Khiếu nại",
        "Điều 1. Giao nhiệm vụ xác minh nội dung khiếu nại, ngày 04/03/2026",
        f"Người có trách nhiệm xác minh: {cast.officer}",
        "Người bị khiếu nại: Ông Trần Văn Bịkhiếunại",
        CONTENT,
        "từ ngày 04/03/2026 đến ngày 20/03/2026",
        "khoản 3 Điều 29 Luật Khiếu nại",
        "kết luận và kiến nghị nội dung giải quyết khiếu nại (khoản 4 Điều 29)",
    ):
        assert part in draft, part
    assert "tố cáo" not in draft
    case = assign(case, cast, members=[cast.officer, cast.inspector], leader=cast.inspector)
    draft = " ".join(pdf_text(paper_draft(target=case, key="case.complaint_verification_assignment")).split())
    assert "Về việc xác minh nội dung khiếu nại" in draft and f"{cast.inspector} (Tổ trưởng)" in draft
    client.force_login(cast.chair)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Quyết định giao nhiệm vụ xác minh nội dung khiếu nại" in page
    assert client.get(f"/reports/documents/case/{case.pk}/verification_assignment.pdf").status_code == 200


def test_the_second_round_is_verified_the_same_way_under_article_38(cast):
    """Đ.38: the second-round resolver (the province) verifies personally or assigns; the refusal and the
    paper cite Điều 38; the period ends within the second round's limit (Đ.37)."""
    from casework.papers.services import paper_draft
    from tests.papers.conftest import pdf_text

    first = decided(cast)
    case_notify_result(case=first, actor=cast.officer)
    intake_officer = UserFactory(roles=[(Role.INTAKE_OFFICER, cast.province)])
    chair = UserFactory(roles=[(Role.COMMITTEE_CHAIR, cast.province)])
    officer = UserFactory(roles=[(Role.CASE_OFFICER, cast.province)])
    from core import clock

    second = case_complaint_second(first=first, actor=intake_officer, received_on=clock.today(), content="Lần hai")
    second = case_accept(
        case=second, actor=intake_officer, legal_ground="Luật Khiếu nại 2011 Đ.36", subject_area="khac"
    )
    second = case_assign(case=second, actor=chair, assignee=officer)
    second = case_start_verification(case=second, actor=officer)
    assert second.round == 2
    assert "Luật Khiếu nại 2011 Điều 38" in verification_refusal(second, officer)
    assert "propose" not in case_actions(user=officer, case=second)
    today = clock.today()
    with pytest.raises(ValidationFailed) as err:
        case_verification_assign(
            case=second,
            actor=chair,
            on=today,
            members=[officer],
            content=CONTENT,
            starts_on=today,
            ends_on=today + dt.timedelta(days=200),
        )
    assert "Điều 37" in str(err.value.fields["ends_on"])
    assert "verification_assign" not in case_actions(user=cast.chair, case=second)  # not the second resolver
    second = case_verification_assign(
        case=second, actor=chair, on=today, members=[officer], content=CONTENT, starts_on=today, ends_on=today
    )
    draft = " ".join(pdf_text(paper_draft(target=second, key="case.complaint_verification_assignment")).split())
    assert "Căn cứ Điều 38 Luật Khiếu nại" in draft
    assert verification_refusal(second, officer) == ""


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"members": []}, "members"),
        ({"members": ["abc"]}, "members"),
        ({"members": [2**70]}, "members"),
        ({"members": "cast.officer,cast.inspector", "leader": None}, "leader"),
        ({"content": " \x00 "}, "content"),
        ({"on": dt.date(2026, 3, 1)}, "on"),  # before the acceptance
        ({"on": dt.date(2026, 3, 5)}, "on"),  # after today
        ({"ends_on": dt.date(2026, 3, 3)}, "ends_on"),  # before it starts
        ({"ends_on": dt.date(2026, 6, 30)}, "ends_on"),  # past the resolution limit (Đ.28)
        ({"personally": "yes", "members": []}, "personally"),
        ({"personally": True, "members": [], "actor": "cast.leader"}, "personally"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(cast, overrides, field):
    case = verifying(cast)
    if overrides.get("members") == "cast.officer,cast.inspector":
        overrides["members"] = [cast.officer, cast.inspector]
    if overrides.get("actor") == "cast.leader":
        overrides["actor"] = cast.leader
    with pytest.raises(ValidationFailed) as err:
        assign(case, cast, **overrides)
    assert field in err.value.fields
    assert not VerificationAssignment.objects.filter(case=case).exists()


def test_the_api_refuses_hostile_input_with_400_never_500(cast):
    case = verifying(cast)
    api = APIClient()
    api.force_authenticate(cast.chair)
    url = f"/api/cases/{case.pk}/verification_assign/"
    good = {
        "version": case.version,
        "on": "2026-03-04",
        "members": [cast.officer.pk],
        "content": CONTENT,
        "starts_on": "2026-03-04",
        "ends_on": "2026-03-20",
    }
    for bad in (
        {"members": ["x"]},
        {"members": [10**30]},
        {"members": "1"},
        {"leader": -3},
        {"on": "not a day"},
        {"ends_on": "2026-12-31"},
        {"content": ["a"]},
        {"personally": "perhaps"},
        {"personally": True, "members": [cast.officer.pk]},
        {"members": [cast.outsider.pk]},
    ):
        response = api.post(url, {**good, **bad}, format="json")
        assert response.status_code == 400, (bad, response.content)
    assert not VerificationAssignment.objects.filter(case=case).exists()
    response = api.post(url, good, format="json")
    assert response.status_code == 200, response.content
    assert verification_refusal(Case.objects.get(pk=case.pk), cast.officer) == ""


def test_a_grassroots_complaint_is_verified_by_the_sectors_officer_holding_it(cast):
    """A grassroots union's complaint given to an officer of its sector (as `case_assign` allows): the chair names
    that officer in the decision and the officer reports; another officer of the sector, not holding the case, is
    not among those who may be named."""
    clock_at(RECEIVED_ON)
    case = intake(cast.intake, cast.hospital, kind=Kind.COMPLAINT, received_on=RECEIVED_ON)
    case = case_accept(case=case, actor=cast.intake, legal_ground="Luật Khiếu nại 2011 Đ.27", subject_area="khac")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    case = case_start_verification(case=case, actor=cast.officer)
    clock_at(TODAY)
    case = Case.objects.get(pk=case.pk)
    with pytest.raises(ValidationFailed) as err:
        assign(case, cast, members=[cast.officer2])
    assert "members" in err.value.fields
    assert not VerificationAssignment.objects.filter(case=case).exists()
    case = assign(case, cast)
    assert list(VerificationAssignment.objects.get(case=case).members.all()) == [cast.officer]
    assert propose(case, cast.officer).status == Status.PROPOSED


def test_a_complaint_past_its_resolution_limit_is_still_given_its_verification(cast):
    """Thông tư 07/2013/TT-TTCP Đ.7 khoản 3 keeps the verification within the limit while it runs; once it has run
    out the complaint is still verified and resolved (its clock records the breach), not left unresolvable."""
    from casework.cases.services.verification import verification_ends_by

    case = verifying(cast)
    due = verification_ends_by(case)
    late = due + dt.timedelta(days=10)
    clock_at(late)
    case = assign(case, cast, on=late, starts_on=late, ends_on=late + dt.timedelta(days=7))
    assert VerificationAssignment.objects.get(case=case).ends_on == late + dt.timedelta(days=7)
    assert propose(case, cast.officer).status == Status.PROPOSED
