"""The verification of a denunciation as the statute runs it: the written assignment of the verification
(Luật Tố cáo 2018 Đ.31 khoản 1, 2; Nghị định 31/2019/NĐ-CP Đ.10) before the report of the one assigned
(khoản 6), the record of a working session with the person denounced (Nghị định 31/2019/NĐ-CP Đ.12 khoản 2),
the file sent to the investigating body or procuracy after the conclusion (Đ.36 khoản 2), and discipline
only after the conclusion (Đ.36 khoản 1)."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from casework.audit.selectors import audit_events_for
from casework.cases.actions import case_actions
from casework.cases.models import Case, CriminalReferral, Kind, Outcome, Status, VerificationAssignment
from casework.cases.services import (
    case_accept,
    case_assign,
    case_complexity_decide,
    case_criminal_referral,
    case_explanation_received,
    case_extend,
    case_propose,
    case_start_verification,
    case_verification_assign,
    discipline_propose,
    verification_refusal,
)
from casework.cases.services.verification import verification_assignments, verification_ends_by
from casework.org.models import Role
from core.errors import TransitionNotAllowed, ValidationFailed
from tests.builders import case_clock, clock_at, decided, make_case, submitter
from tests.factories import UserFactory, grant
from workflows.services.absences import absence_record

pytestmark = pytest.mark.django_db

ACCEPTED_ON = dt.date(2026, 3, 2)
DENOUNCER = "Hoàng Thị Tốcáoriêng"
DENOUNCER_ADDRESS = "Số 9 phố Riêng"
SUBJECT = "Ông Trần Văn Bịtốcáo"


def verifying(cast, **overrides):
    """A denunciation under verification whose person denounced explained in writing: only the written
    assignment of the verification is missing before the proposal."""
    clock_at(ACCEPTED_ON)
    values = {"subject_person": SUBJECT, **overrides}
    case = make_case(
        cast,
        kind=Kind.DENUNCIATION,
        received_on=ACCEPTED_ON,
        submitters=[submitter(full_name=DENOUNCER, address=DENOUNCER_ADDRESS)],
        **values,
    )
    case = case_accept(case=case, actor=cast.intake, legal_ground="Luật Tố cáo 2018 Đ.29", subject_area="khac")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    case = case_start_verification(case=case, actor=cast.officer)
    clock_at(dt.date(2026, 3, 4))
    return case_explanation_received(
        case=case,
        actor=cast.officer,
        on=dt.date(2026, 3, 4),
        form="session",
        place="Phòng họp Công đoàn ngành",
        content="Các khoản chi đã được ban chấp hành thông qua.",
    )


def assign(case, cast, **overrides):
    values = {
        "case": case,
        "actor": cast.chair,
        "on": dt.date(2026, 3, 4),
        "members": [cast.officer, cast.inspector],
        "leader": cast.officer,
        "content": "Việc chi quỹ phúc lợi năm 2025 ngoài quy chế.",
        "starts_on": dt.date(2026, 3, 5),
        "ends_on": dt.date(2026, 3, 25),
        **overrides,
    }
    return case_verification_assign(**values)


def propose(case, cast):
    return case_propose(case=case, actor=cast.officer, proposal="Tố cáo đúng một phần.", outcome=Outcome.PARTLY)


# ---- the written assignment and the gate before the report -------------------------------------------


def test_the_proposal_waits_for_the_written_assignment_then_goes_through(cast, client):
    """Đ.31 khoản 1, 6: refused by the service, left out of `case_actions` (page and API), explained on the
    page, 409 on the API; once the chair assigns the verification in writing, the proposal goes through."""
    case = verifying(cast)
    assert "propose" not in case_actions(user=cast.officer, case=case)
    assert "verification_assign" in case_actions(user=cast.chair, case=case)
    assert "verification_assign" not in case_actions(user=cast.officer, case=case)  # the resolver assigns
    with pytest.raises(TransitionNotAllowed, match="Điều 31 khoản 1") as refused:
        propose(case, cast)
    assert Case.objects.get(pk=case.pk).status == Status.VERIFYING
    api = APIClient()
    api.force_authenticate(cast.officer)
    body = {"version": case.version, "proposal": "Tố cáo đúng một phần.", "outcome": Outcome.PARTLY}
    response = api.post(f"/api/cases/{case.pk}/propose/", body, format="json")
    assert response.status_code == 409 and refused.value.message in str(response.json())
    client.force_login(cast.officer)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="verification-refusal"' in page and refused.value.message in page

    case = assign(case, cast)
    assert verification_refusal(case) == ""
    row = VerificationAssignment.objects.get(case=case)
    assert row.leader == cast.officer and set(row.members.all()) == {cast.officer, cast.inspector}
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="verification-refusal"' not in page and 'id="verification-assignments"' in page
    assert "Việc chi quỹ phúc lợi năm 2025 ngoài quy chế." in page
    assert "propose" in case_actions(user=cast.officer, case=case)
    assert propose(case, cast).status == Status.PROPOSED
    events = {e.action: e for e in audit_events_for(target_type="cases.case", target_id=case.pk)}
    assert events["case.verification_assign"].after["members"] == sorted([cast.officer.pk, cast.inspector.pk])


def test_nobody_recused_or_outside_the_committee_is_assigned(cast):
    """Nghị định 31/2019/NĐ-CP Đ.10 khoản 3; the case's conflict rule: a leader of the unit denounced who is
    also an officer of the sector is recused; a person of another unit is not among those who may be."""
    hospital_chair = UserFactory(username="hchair", full_name="Lý Văn Viện", roles=[(Role.BCH_MEMBER, cast.hospital)])
    grant(hospital_chair, Role.CASE_OFFICER, cast.sector)
    case = verifying(cast, subject_unit=cast.hospital)
    with pytest.raises(ValidationFailed) as err:
        assign(case, cast, members=[cast.officer, hospital_chair])
    assert "members" in err.value.fields and "Lý Văn Viện" in str(err.value.fields["members"])
    with pytest.raises(ValidationFailed) as err:
        assign(case, cast, members=[cast.other_officer], leader=cast.other_officer)
    assert "members" in err.value.fields
    assert not VerificationAssignment.objects.filter(case=case).exists()


def test_a_recused_leader_may_not_assign_and_an_officer_may_not(cast):
    deputy = UserFactory(username="deputy", full_name="Đỗ Văn Phóchủ", roles=[(Role.COMMITTEE_CHAIR, cast.sector)])
    case = verifying(cast, subject_user=deputy)
    assert "verification_assign" not in case_actions(user=deputy, case=case)
    with pytest.raises(TransitionNotAllowed):
        assign(case, cast, actor=deputy)
    with pytest.raises(TransitionNotAllowed):
        assign(case, cast, actor=cast.officer)
    assert not VerificationAssignment.objects.filter(case=case).exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"members": []}, "members"),
        ({"members": ["abc"]}, "members"),
        ({"members": [-1]}, "members"),
        ({"members": [2**70]}, "members"),
        ({"members": [None]}, "members"),
        ({"leader": None}, "leader"),  # two or more: a team needs its leader
        ({"leader": "cast.chair"}, "leader"),  # the leader is one of those assigned
        ({"content": "  \x00 "}, "content"),
        ({"on": dt.date(2026, 3, 1)}, "on"),  # before the acceptance
        ({"on": dt.date(2026, 3, 9)}, "on"),  # after today
        ({"on": "04/03/2026"}, "on"),
        ({"starts_on": dt.date(2026, 3, 3)}, "starts_on"),  # before the assignment
        ({"ends_on": dt.date(2026, 3, 4)}, "ends_on"),  # before it starts
        ({"ends_on": None}, "ends_on"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(cast, overrides, field):
    case = verifying(cast)
    if overrides.get("leader") == "cast.chair":
        overrides["leader"] = cast.chair
    with pytest.raises(ValidationFailed) as err:
        assign(case, cast, **overrides)
    assert field in err.value.fields
    assert not VerificationAssignment.objects.filter(case=case).exists()


def test_one_officer_alone_leads_without_naming_a_leader(cast):
    case = assign(verifying(cast), cast, members=[cast.officer], leader=None)
    assert VerificationAssignment.objects.get(case=case).leader == cast.officer


def test_the_api_assigns_lists_and_refuses_hostile_input(cast):
    case = verifying(cast)
    api = APIClient()
    api.force_authenticate(cast.chair)
    url = f"/api/cases/{case.pk}/verification_assign/"
    good = {
        "version": case.version,
        "on": "2026-03-04",
        "members": [cast.officer.pk],
        "content": "Nội dung cần xác minh",
        "starts_on": "2026-03-04",
        "ends_on": "2026-03-20",
    }
    for bad in (
        {"members": ["x"]},
        {"members": [10**30]},
        {"members": "1"},
        {"leader": -3},
        {"on": "not a day"},
        {"ends_on": "2026-03-01"},
        {"content": ["a"]},
    ):
        response = api.post(url, {**good, **bad}, format="json")
        assert response.status_code == 400, (bad, response.content)
    assert not VerificationAssignment.objects.filter(case=case).exists()
    response = api.post(url, good, format="json")
    assert response.status_code == 200, response.content
    rows = response.json()["verification_assignments"]
    assert [(r["leader"], r["members"], r["ends_on"]) for r in rows] == [
        (cast.officer.pk, [cast.officer.pk], "2026-03-20")
    ]
    assert verification_refusal(Case.objects.get(pk=case.pk)) == ""


def test_the_page_form_records_the_assignment(cast, client):
    case = verifying(cast)
    client.force_login(cast.chair)
    form = {
        "on": "04/03/2026",
        "members": [str(cast.officer.pk), str(cast.inspector.pk)],
        "leader": "",
        "content": "Nội dung",
        "starts_on": "04/03/2026",
        "ends_on": "20/03/2026",
        "version": case.version,
    }
    posted = client.post(f"/cases/{case.pk}/action/verification_assign/", form)
    assert posted.status_code == 400 and "Tổ trưởng" in posted.content.decode()
    posted = client.post(f"/cases/{case.pk}/action/verification_assign/", {**form, "leader": str(cast.inspector.pk)})
    assert posted.status_code == 302
    assert VerificationAssignment.objects.get(case=case).leader == cast.inspector
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f"/documents/case/{case.pk}/verification_assignment.pdf" in page
    assert "verification_assignment.pdf?to=" not in page  # a paper for those assigned, to neither party


# ---- the time to verify ends within the resolution limit (Luật Tố cáo 2018 Đ.28, Đ.30, Đ.31 khoản 2 điểm đ) --


def test_the_verification_ends_within_the_resolution_limit(cast, client):
    """The limit runs 30 days from the acceptance (Đ.30 khoản 1): a verification to end the day after is refused
    by the service, the page and the API (400), nothing written; one ending on its last day is recorded."""
    case = verifying(cast)
    due = verification_ends_by(case)
    assert due == case_clock(case, "resolve").due_on and due > dt.date(2026, 3, 25)
    late = due + dt.timedelta(days=1)
    with pytest.raises(ValidationFailed) as err:
        assign(case, cast, ends_on=late)
    message = str(err.value.fields["ends_on"])
    assert f"{due:%d/%m/%Y}" in message and "Luật Tố cáo 2018 Điều 30" in message
    assert "gia hạn trước" not in message  # a case not decided complex has no extension to ask for
    api = APIClient()
    api.force_authenticate(cast.chair)
    body = {
        "version": case.version,
        "on": "2026-03-04",
        "members": [cast.officer.pk],
        "content": "Nội dung",
        "starts_on": "2026-03-04",
        "ends_on": late.isoformat(),
    }
    response = api.post(f"/api/cases/{case.pk}/verification_assign/", body, format="json")
    assert response.status_code == 400 and "Điều 30" in str(response.json())
    client.force_login(cast.chair)
    form = {
        "on": "04/03/2026",
        "members": [str(cast.officer.pk)],
        "leader": "",
        "content": "Nội dung",
        "starts_on": "04/03/2026",
        "ends_on": f"{late:%d/%m/%Y}",
        "version": case.version,
    }
    posted = client.post(f"/cases/{case.pk}/action/verification_assign/", form)
    assert posted.status_code == 400 and f"{due:%d/%m/%Y}" in posted.content.decode()
    assert not VerificationAssignment.objects.filter(case=case).exists()
    assert Case.objects.get(pk=case.pk).version == case.version
    case = assign(case, cast, ends_on=due)
    assert VerificationAssignment.objects.get(case=case).ends_on == due


def test_the_extensions_decided_give_the_verification_their_time(cast):
    """An especially complex case may be extended twice, 30 days each, by the resolver's written decision (Đ.30
    khoản 3, 4): until one is decided the verification ends by the first limit and the refusal says how to have
    more; each extension decided moves the day the verification may end by."""
    case = verifying(cast)
    first = verification_ends_by(case)
    case = case_complexity_decide(
        case=case,
        actor=cast.leader,
        complexity="especially_complex",
        reason="Nhiều nơi",
        criteria=["places", "contents"],
    )
    with pytest.raises(ValidationFailed) as err:
        assign(case, cast, ends_on=first + dt.timedelta(days=20))
    assert "gia hạn trước" in str(err.value.fields["ends_on"])
    case = case_extend(case=case, actor=cast.leader, reason="Quyết định gia hạn lần 1")
    second = verification_ends_by(case)
    # 30 days on, to the close of the next working day when the last falls on a holiday (01/05) or a weekend.
    assert second == case_clock(case, "resolve").due_on and second >= first + dt.timedelta(days=30)
    with pytest.raises(ValidationFailed):
        assign(case, cast, ends_on=second + dt.timedelta(days=1))
    case = assign(case, cast, ends_on=first + dt.timedelta(days=20))
    case = case_extend(case=case, actor=cast.leader, reason="Quyết định gia hạn lần 2")
    third = verification_ends_by(case)
    assert third == case_clock(case, "resolve").due_on and third >= second + dt.timedelta(days=30)
    with pytest.raises(ValidationFailed) as err:
        assign(case, cast, ends_on=third + dt.timedelta(days=1))
    # Both extensions the law allows are used: nothing more to ask for.
    assert "gia hạn trước" not in str(err.value.fields["ends_on"])
    case = assign(case, cast, ends_on=third)
    assert [a.ends_on for a in verification_assignments(case)] == [first + dt.timedelta(days=20), third]


def test_the_limit_counts_from_the_clock_as_time_moves(cast):
    """The check reads the clock: a day before the last day a verification still ends by it; once the limit has
    run out the denunciation is still verified and resolved (its clock records the breach), not left stuck."""
    case = verifying(cast)
    due = verification_ends_by(case)
    clock_at(due - dt.timedelta(days=1))
    case = Case.objects.get(pk=case.pk)
    with pytest.raises(ValidationFailed):
        assign(case, cast, on=due - dt.timedelta(days=1), starts_on=due, ends_on=due + dt.timedelta(days=1))
    late = due + dt.timedelta(days=5)
    clock_at(late)
    case = Case.objects.get(pk=case.pk)
    case = assign(case, cast, on=late, starts_on=late, ends_on=late + dt.timedelta(days=7))
    assert VerificationAssignment.objects.get(case=case).ends_on == late + dt.timedelta(days=7)
    assert propose(case, cast).status == Status.PROPOSED


# ---- the resolver verifies personally (Đ.31 khoản 1; Nghị định 31/2019/NĐ-CP Đ.10 khoản 1) -------------


def test_the_resolver_verifies_personally_and_alone_proposes(cast, client):
    """Recorded in writing like an assignment (day, content, time) with the resolver as its one verifier; the
    gate accepts it; the resolver proposes, the case's officer (not verifying) may not."""
    case = assign(verifying(cast), cast, members=[], leader=None, personally=True)
    row = VerificationAssignment.objects.get(case=case)
    assert row.personally and row.leader == cast.chair and list(row.members.all()) == [cast.chair]
    assert (row.content, row.starts_on, row.ends_on) == (
        "Việc chi quỹ phúc lợi năm 2025 ngoài quy chế.",
        dt.date(2026, 3, 5),
        dt.date(2026, 3, 25),
    )
    assert verification_refusal(case) == "" and verification_refusal(case, cast.chair) == ""
    assert "propose" in case_actions(user=cast.chair, case=case)
    assert "propose" not in case_actions(user=cast.officer, case=case)
    with pytest.raises(TransitionNotAllowed, match="tự mình tiến hành xác minh"):
        propose(case, cast)
    event = next(
        e
        for e in audit_events_for(target_type="cases.case", target_id=case.pk)
        if e.action == "case.verification_assign"
    )
    assert event.after["personally"] is True and event.after["members"] == [cast.chair.pk]
    client.force_login(cast.chair)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Người giải quyết tố cáo tự mình xác minh:" in page
    api = APIClient()
    api.force_authenticate(cast.chair)
    rows = api.get(f"/api/cases/{case.pk}/").json()["verification_assignments"]
    assert [(r["personally"], r["members"]) for r in rows] == [(True, [cast.chair.pk])]
    done = case_propose(case=case, actor=cast.chair, proposal="Tố cáo đúng một phần.", outcome=Outcome.PARTLY)
    assert done.status == Status.PROPOSED


def test_the_paper_of_a_personal_verification_says_so(cast):
    from casework.papers.services import paper_draft
    from tests.papers.conftest import pdf_text

    case = assign(verifying(cast), cast, members=[], leader=None, personally=True)
    draft = " ".join(pdf_text(paper_draft(target=case, key="case.verification_assignment")).split())
    for part in (
        "Về việc người giải quyết tố cáo tự mình tiến hành xác minh nội dung tố cáo",
        f"Người giải quyết tố cáo tự mình tiến hành xác minh: {cast.chair}",
        "Việc chi quỹ phúc lợi năm 2025 ngoài quy chế.",
        "từ ngày 05/03/2026 đến ngày 25/03/2026",
    ):
        assert part in draft, part
    assert "Tổ xác minh" not in draft and "Tổ trưởng" not in draft
    # Điều 1 says what the paper records, and Điều 3 puts the resolver under nobody's direction.
    assert "Điều 1. Người giải quyết tố cáo tự mình tiến hành xác minh nội dung tố cáo, ngày 04/03/2026" in draft
    assert "Giao xác minh nội dung tố cáo" not in draft and "theo phân công của người giải quyết" not in draft


def test_a_stored_template_version_is_brought_to_the_personal_wording_without_touching_papers_issued(cast):
    """Migration papers 0016: the shipped body of an installation gets a new version once a paper was issued
    from it (that paper keeps its version); a body an administrator rewrote is left alone."""
    from importlib import import_module

    from django.apps import apps

    from casework.papers.models import PaperTemplateVersion
    from casework.papers.services import paper_issue, template_current

    fix = import_module("casework.papers.migrations.0016_personal_verification_says_so")
    old = template_current(key="case.verification_assignment")
    shipped = old.body
    for before, after in fix.REPLACED:
        shipped = shipped.replace(after, before)
    PaperTemplateVersion.objects.filter(pk=old.pk).update(body=shipped)
    case = assign(verifying(cast), cast, members=[], leader=None, personally=True)
    paper = paper_issue(target=case, key="case.verification_assignment", actor=cast.chair)
    assert paper.template_version_id == old.pk

    fix.forwards(apps, None)
    versions = list(
        PaperTemplateVersion.objects.filter(template__key="case.verification_assignment").order_by("number")
    )
    assert [v.body for v in versions] == [shipped, template_current(key="case.verification_assignment").body]
    assert "Điều 1. {{ verification_act }}" in versions[-1].body and "{{ verification_mandate }}" in versions[-1].body
    fix.forwards(apps, None)  # once only
    assert PaperTemplateVersion.objects.filter(template__key="case.verification_assignment").count() == 2


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"personally": True, "members": ["cast.officer"]}, "members"),  # no one else is assigned
        ({"personally": True, "members": [], "leader": "cast.officer"}, "leader_or_members"),
        ({"personally": "yes", "members": []}, "personally"),
        ({"personally": True, "members": [], "actor": "cast.leader"}, "personally"),  # may not report the result
        ({"personally": True, "members": [], "content": " "}, "content"),
        ({"personally": True, "members": [], "ends_on": dt.date(2026, 3, 1)}, "ends_on"),
    ],
)
def test_a_bad_personal_verification_is_refused_and_changes_nothing(cast, overrides, field):
    case = verifying(cast)
    values = {
        k: getattr(cast, v[5:]) if isinstance(v, str) and v.startswith("cast.") else v for k, v in overrides.items()
    }
    if "members" in values:
        values["members"] = [getattr(cast, m[5:]) if isinstance(m, str) else m for m in values["members"]]
    with pytest.raises(ValidationFailed) as err:
        assign(case, cast, leader=values.pop("leader", None), **values)
    assert (field in err.value.fields) or (field == "leader_or_members" and "members" in err.value.fields)
    assert all(str(m).strip() for m in err.value.fields.values())
    assert not VerificationAssignment.objects.filter(case=case).exists()


def test_the_page_and_the_api_record_a_personal_verification(cast, client):
    case = verifying(cast)
    api = APIClient()
    api.force_authenticate(cast.chair)
    url = f"/api/cases/{case.pk}/verification_assign/"
    body = {"version": case.version, "on": "2026-03-04", "content": "Nội dung", "starts_on": "2026-03-04"}
    for bad in ({"personally": "perhaps"}, {"personally": True, "members": [cast.officer.pk]}):
        response = api.post(url, {**body, "ends_on": "2026-03-20", **bad}, format="json")
        assert response.status_code == 400, (bad, response.content)
    assert not VerificationAssignment.objects.filter(case=case).exists()
    client.force_login(cast.chair)
    form = {
        "on": "04/03/2026",
        "personally": "on",
        "leader": "",
        "content": "Nội dung",
        "starts_on": "04/03/2026",
        "ends_on": "20/03/2026",
        "version": case.version,
    }
    posted = client.post(f"/cases/{case.pk}/action/verification_assign/", {**form, "members": [str(cast.officer.pk)]})
    assert posted.status_code == 400 and "không chọn người được giao xác minh" in posted.content.decode()
    assert not VerificationAssignment.objects.filter(case=case).exists()
    posted = client.post(f"/cases/{case.pk}/action/verification_assign/", form)
    assert posted.status_code == 302
    row = VerificationAssignment.objects.get(case=case)
    assert row.personally and list(row.members.all()) == [cast.chair]


# ---- the one who proposes is among those assigned (Đ.31 khoản 6) ----------------------------------------


def test_an_officer_not_assigned_to_verify_may_not_propose_until_an_assignment_names_them(cast, client):
    """The case's officer is officer2; the written assignment names the other officer: officer2's proposal is
    not offered, the service refuses it, the page says why, the API answers 409 with the reason; a later
    assignment naming officer2 replaces it and the proposal goes through."""
    case = verifying(cast)
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer2)
    case = assign(case, cast, members=[cast.officer], leader=None)
    assert "propose" not in case_actions(user=cast.officer2, case=case)
    assert "propose" not in case_actions(user=cast.chair, case=case)  # the chair verifies neither
    with pytest.raises(TransitionNotAllowed, match="không có trong số người được giao xác minh") as refused:
        case_propose(case=case, actor=cast.officer2, proposal="Tố cáo đúng một phần.", outcome=Outcome.PARTLY)
    assert str(cast.officer) in refused.value.message and str(cast.officer2) in refused.value.message
    assert f"văn bản giao xác minh mới có tên {cast.officer2}" in refused.value.message  # what to do
    case = Case.objects.get(pk=case.pk)
    assert (case.status, case.proposal) == (Status.VERIFYING, "")
    api = APIClient()
    api.force_authenticate(cast.officer2)
    body = {"version": case.version, "proposal": "Tố cáo đúng một phần.", "outcome": Outcome.PARTLY}
    response = api.post(f"/api/cases/{case.pk}/propose/", body, format="json")
    assert response.status_code == 409 and refused.value.message in str(response.json())
    assert Case.objects.get(pk=case.pk).status == Status.VERIFYING
    client.force_login(cast.officer2)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="verification-refusal"' in page and "không có trong số người được giao xác minh" in page
    client.force_login(cast.auditor)  # a reader who may not propose is told nothing about it
    assert 'id="verification-refusal"' not in client.get(f"/cases/{case.pk}/").content.decode()

    clock_at(dt.date(2026, 3, 6))
    case = assign(
        case, cast, on=dt.date(2026, 3, 6), members=[cast.officer2], leader=None, starts_on=dt.date(2026, 3, 6)
    )
    assert "propose" in case_actions(user=cast.officer2, case=case)
    done = case_propose(case=case, actor=cast.officer2, proposal="Tố cáo đúng một phần.", outcome=Outcome.PARTLY)
    assert done.status == Status.PROPOSED


def test_one_standing_in_for_an_absent_verifier_is_told_to_have_an_assignment_name_them(cast):
    """Standing in for the absent officer hands over the officer's tasks, not the written assignment (Luật Tố
    cáo 2018 Đ.31 khoản 1): the substitute may not report the verification, is told the resolver records a
    new assignment naming them, and reports once it does."""
    case = assign(verifying(cast), cast)
    absence_record(
        actor=cast.chair,
        user=cast.officer,
        starts_on=dt.date(2026, 3, 4),
        ends_on=dt.date(2026, 4, 4),
        reason="Nghỉ phép năm",
        substitute=cast.officer2,
    )
    refusal = verification_refusal(case, cast.officer2)
    assert "không có trong số người được giao xác minh" in refusal
    assert "kể cả với người thay người vắng mặt" in refusal
    assert f"văn bản giao xác minh mới có tên {cast.officer2}" in refusal
    with pytest.raises(TransitionNotAllowed) as refused:
        case_propose(case=case, actor=cast.officer2, proposal="Tố cáo đúng một phần.", outcome=Outcome.PARTLY)
    assert refused.value.message == refusal
    assert Case.objects.get(pk=case.pk).status == Status.VERIFYING

    clock_at(dt.date(2026, 3, 6))
    case = assign(
        case, cast, on=dt.date(2026, 3, 6), members=[cast.officer2], leader=None, starts_on=dt.date(2026, 3, 6)
    )
    assert verification_refusal(case, cast.officer2) == ""
    done = case_propose(case=case, actor=cast.officer2, proposal="Tố cáo đúng một phần.", outcome=Outcome.PARTLY)
    assert done.status == Status.PROPOSED


def test_a_team_member_proposes_and_a_stranger_to_the_team_does_not(cast):
    """Two or more assigned: any of them may report (here the case's officer, a member); the chair, not on the
    team, may not, though the chair may otherwise propose."""
    case = assign(verifying(cast), cast)  # officer (leader) and inspector
    assert "propose" in case_actions(user=cast.officer, case=case)
    assert "propose" not in case_actions(user=cast.chair, case=case)
    with pytest.raises(TransitionNotAllowed):
        case_propose(case=case, actor=cast.chair, proposal="x", outcome=Outcome.PARTLY)
    assert propose(case, cast).status == Status.PROPOSED


# ---- the papers: neither names the denouncer -----------------------------------------------------------


def test_the_assignment_paper_has_the_statutory_contents_and_never_names_the_denouncer(cast, client):
    """Luật Tố cáo 2018 Đ.31 khoản 2 (day, who, the person denounced, content, time, rights and duties); Đ.47."""
    from casework.papers.models import Paper
    from casework.papers.services import paper_draft, paper_issue
    from tests.papers.conftest import pdf_text

    case = assign(verifying(cast), cast)
    draft = " ".join(pdf_text(paper_draft(target=case, key="case.verification_assignment")).split())
    for part in (
        "Tổ xác minh nội dung tố cáo",
        "04/03/2026",
        f"{cast.officer} (Tổ trưởng)",
        str(cast.inspector),
        SUBJECT,
        "Việc chi quỹ phúc lợi năm 2025 ngoài quy chế.",
        "từ ngày 05/03/2026 đến ngày 25/03/2026",
        "Điều 11 Luật Tố cáo",
    ):
        assert part in draft, part
    assert DENOUNCER not in draft and DENOUNCER_ADDRESS not in draft
    paper = paper_issue(target=case, key="case.verification_assignment", actor=cast.chair)
    assert DENOUNCER not in pdf_text(paper.pdf.read()) and DENOUNCER not in str(Paper.objects.get(pk=paper.pk).values)
    client.force_login(cast.chair)
    base = f"/reports/documents/case/{case.pk}/verification_assignment.pdf"
    assert client.get(base).status_code == 200
    assert client.get(base + "?to=denounced").status_code == 404
    assert client.get(base + "?to=denouncer").status_code == 404


def test_the_working_session_has_its_record_for_the_person_denounced_only(cast, client):
    """Nghị định 31/2019/NĐ-CP Đ.12 khoản 2, Mẫu số 08: the record of the session, signed by hand, a copy for
    the person denounced; nothing of the denouncer, and no copy for them."""
    from casework.papers.services import paper_draft
    from casework.reports.documents import notices_available
    from tests.papers.conftest import pdf_text

    case = verifying(cast)
    assert "explanation_session" in notices_available(case)
    text = " ".join(pdf_text(paper_draft(target=case, key="case.explanation_session")).split())
    for part in ("BIÊN BẢN", "Phòng họp Công đoàn ngành", "04/03/2026", SUBJECT, "ban chấp hành thông qua"):
        assert part in text, part
    assert DENOUNCER not in text and DENOUNCER_ADDRESS not in text
    client.force_login(cast.chair)
    base = f"/reports/documents/case/{case.pk}/explanation_session.pdf"
    assert client.get(base + "?to=denounced").status_code == 200
    assert client.get(base + "?to=denouncer").status_code == 404
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "explanation_session.pdf?to=denounced" in page and "explanation_session.pdf?to=denouncer" not in page


def test_a_written_explanation_has_no_session_record(cast):
    from casework.reports.documents import notices_available
    from tests.builders import explained

    clock_at(ACCEPTED_ON)
    case = make_case(cast, kind=Kind.DENUNCIATION, received_on=ACCEPTED_ON)
    case = case_accept(case=case, actor=cast.intake, legal_ground="Luật Tố cáo 2018 Đ.29", subject_area="khac")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    case = explained(case_start_verification(case=case, actor=cast.officer), cast.officer)
    assert "explanation_session" not in notices_available(case)
    assert "verification_assignment" in notices_available(case)


# ---- the file sent on after the conclusion (Đ.36 khoản 2) ---------------------------------------------


REFERRAL = {
    "body_kind": "investigation",
    "body_name": "Cơ quan Cảnh sát điều tra Công an tỉnh",
    "reference": "15/CV-UBKT",
    "note": "Có dấu hiệu tội tham ô tài sản.",
}


def test_the_criminal_referral_comes_after_the_conclusion_only(cast):
    case = verifying(cast)
    assert "criminal_referral" not in case_actions(user=cast.officer, case=case)
    with pytest.raises(TransitionNotAllowed, match="Điều 36 khoản 2"):
        case_criminal_referral(case=case, actor=cast.officer, on=dt.date(2026, 3, 4), **REFERRAL)
    assert not CriminalReferral.objects.exists()


def test_the_criminal_referral_is_recorded_shown_and_audited(cast, client, frozen_clock):
    from core import clock

    case = decided(cast, kind=Kind.DENUNCIATION)
    assert case.status == Status.CONCLUDED
    assert "criminal_referral" in case_actions(user=cast.officer, case=case)
    today = clock.today()
    with pytest.raises(ValidationFailed) as err:
        case_criminal_referral(case=case, actor=cast.officer, on=today, body_kind="police", body_name=" ", reference="")
    assert {"body_kind", "body_name", "reference"} <= set(err.value.fields)
    with pytest.raises(ValidationFailed) as err:
        case_criminal_referral(case=case, actor=cast.officer, on=today - dt.timedelta(days=400), **REFERRAL)
    assert "on" in err.value.fields  # before the conclusion
    case = case_criminal_referral(case=case, actor=cast.officer, on=today, **REFERRAL)
    row = CriminalReferral.objects.get(case=case)
    assert (row.body_kind, row.reference) == ("investigation", "15/CV-UBKT")
    event = next(
        e for e in audit_events_for(target_type="cases.case", target_id=case.pk) if e.action == "case.criminal_referral"
    )
    assert event.after["reference"] == "15/CV-UBKT"
    client.force_login(cast.officer)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="criminal-referrals"' in page and "Cơ quan Cảnh sát điều tra Công an tỉnh" in page
    api = APIClient()
    api.force_authenticate(cast.officer)
    body = api.get(f"/api/cases/{case.pk}/").json()
    assert [(r["body_kind"], r["reference"]) for r in body["criminal_referrals"]] == [("investigation", "15/CV-UBKT")]


def test_the_api_refuses_hostile_referrals(cast, frozen_clock):
    case = decided(cast, kind=Kind.DENUNCIATION)
    api = APIClient()
    api.force_authenticate(cast.officer)
    url = f"/api/cases/{case.pk}/criminal_referral/"
    for bad in (
        {"on": "x"},
        {"body_kind": "x" * 100},
        {"reference": "x" * 65},
        {"body_name": {"a": 1}},
        {"on": "9999-12-31"},
    ):
        response = api.post(url, {"version": case.version, "on": "2026-03-02", **REFERRAL, **bad}, format="json")
        assert response.status_code == 400, (bad, response.content)
    assert not CriminalReferral.objects.exists()
    outsider = APIClient()
    outsider.force_authenticate(cast.outsider)
    assert outsider.post(url, {"version": case.version, **REFERRAL}, format="json").status_code == 404


# ---- discipline waits for the conclusion (Đ.36 khoản 1) -----------------------------------------------


def test_discipline_is_refused_before_the_conclusion(cast, client):
    case = verifying(cast)
    for who in (cast.officer, cast.leader, cast.chair):
        assert "discipline_propose" not in case_actions(user=who, case=case)
    with pytest.raises(TransitionNotAllowed, match="Điều 36 khoản 1") as refused:
        discipline_propose(
            case=case,
            actor=cast.leader,
            subject_kind="member",
            subject_name="Trần Thị Bị",
            violation_forms=["canh_cao"],
            reason="Đang xác minh",
        )
    assert not case.disciplines.exists()
    body = {
        "version": case.version,
        "subject_kind": "member",
        "subject_name": "Trần Thị Bị",
        "violation_forms": ["canh_cao"],
        "reason": "Đang xác minh",
    }
    api = APIClient()
    api.force_authenticate(cast.leader)
    response = api.post(f"/api/cases/{case.pk}/discipline_propose/", body, format="json")
    assert response.status_code == 409 and refused.value.message in str(response.json())
    client.force_login(cast.leader)
    page_body = {**body, "violation_1": "canh_cao"}
    posted = client.post(f"/cases/{case.pk}/action/discipline_propose/", page_body)
    assert posted.status_code in (400, 409) and refused.value.message in posted.content.decode()
    assert not case.disciplines.exists()


def test_discipline_is_offered_once_concluded(cast, frozen_clock):
    case = decided(cast, kind=Kind.DENUNCIATION)
    assert "discipline_propose" in case_actions(user=cast.leader, case=case)
    proceeding = discipline_propose(
        case=case,
        actor=cast.leader,
        subject_kind="member",
        subject_name="Trần Thị Bị",
        violation_forms=["canh_cao"],
        reason="Kết luận tố cáo",
    )
    assert proceeding.pk
