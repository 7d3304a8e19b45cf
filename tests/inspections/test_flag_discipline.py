"""Discipline on a flag (QĐ 5130/QĐ-TLĐ): a leader's escalation decision is only a proposal; the
competent body decides by secret ballot (quorum, votes per form, more than half of its members),
signed on its behalf, with the forms of the subject's scale; the page and the API offer the same."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from casework.cases.models import DisciplineProceeding
from casework.inspections import services
from casework.inspections.actions import flag_actions
from casework.inspections.models import Flag
from casework.inspections.views import FLAG_ACTION_TITLES
from casework.org.models import Role
from casework.papers.models import Paper
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed
from tests.builders import conclude, open_ad_hoc, raise_flag
from tests.factories import UserFactory
from workflows.models import Deadline, Escalation
from workflows.services.escalations import escalation_decide
from workflows.sweep import sweep_run

pytestmark = pytest.mark.django_db


def _api(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def _escalated(flag) -> Escalation:
    clock.advance(dt.timedelta(days=35))
    sweep_run()
    return Escalation.objects.get(target_type="inspections.flag", target_id=str(flag.pk))


def _ballot(flag, actor, **overrides):
    values = {
        "meeting_on": clock.today(),
        "members_total": 9,
        "members_present": 8,
        "votes": {"canh_cao": 5, "khien_trach": 3},
    }
    return services.flag_discipline_ballot_record(flag=flag, actor=actor, **{**values, **overrides})


def test_qd5130_a_leaders_discipline_decision_on_a_flag_is_a_proposal_the_body_decides_by_secret_ballot(
    cast, frozen_clock
):
    flag = raise_flag(cast)
    escalation = _escalated(flag)
    escalation_decide(
        escalation=escalation,
        actor=cast.province_leader,
        decision="discipline",
        discipline="canh_cao",
        reason="Đề nghị kỷ luật Chủ tịch CĐCS",
    )
    flag.refresh_from_db()
    proceeding = DisciplineProceeding.objects.get(flag=flag)
    # One click decided nothing: a proposal waiting for the ballot, and the flag goes to its inspection.
    assert (proceeding.status, proceeding.outcome, proceeding.subject_kind) == ("proposed", "", "collective")
    assert (flag.status, flag.decision) == (Flag.Status.RAISED, "")
    assert Deadline.objects.filter(target_type="inspections.flag", target_id=str(flag.pk), status="open").exists()
    # The body votes once the inspection has concluded on the flag.
    assert "discipline_ballot" not in flag_actions(user=cast.leader, flag=flag)
    with pytest.raises(TransitionNotAllowed):
        _ballot(flag, cast.leader)
    conclude(cast, open_ad_hoc(cast, [flag]))
    flag.refresh_from_db()
    assert flag.status == Flag.Status.INSPECTED
    assert "discipline_ballot" in flag_actions(user=cast.leader, flag=flag)
    # Only a member of the competent body records it, none in conflict with the unit concerned.
    with pytest.raises(TransitionNotAllowed):
        _ballot(flag, cast.inspector)
    assert "discipline_ballot" in flag_actions(user=cast.province_leader, flag=flag)
    services.conflict_declare(
        user=cast.province_leader, unit=cast.hospital, reason="Vợ là kế toán CĐCS", actor=cast.province_leader
    )
    assert "discipline_ballot" not in flag_actions(user=cast.province_leader, flag=flag)
    with pytest.raises(TransitionNotAllowed):
        _ballot(flag, cast.province_leader)
    # An administrator votes only holding a seat in the body, like anyone else, and then not in conflict.
    assert "discipline_ballot" not in flag_actions(user=cast.admin, flag=flag)
    with pytest.raises(TransitionNotAllowed, match="BCH/BTV"):
        _ballot(flag, cast.admin)
    admin_leader = UserFactory(
        username="admin_leader", is_staff=True, is_superuser=True, roles=[(Role.BTV_MEMBER, cast.province)]
    )
    assert "discipline_ballot" in flag_actions(user=admin_leader, flag=flag)
    services.conflict_declare(user=admin_leader, unit=cast.sector, reason="Chồng là Chủ tịch", actor=admin_leader)
    assert "discipline_ballot" not in flag_actions(user=admin_leader, flag=flag)
    with pytest.raises(TransitionNotAllowed, match="xung đột lợi ích"):
        _ballot(flag, admin_leader)
    # The meeting must have its quorum.
    with pytest.raises(ValidationFailed) as err:
        _ballot(flag, cast.leader, members_present=5, votes={"canh_cao": 5})
    assert "members_present" in err.value.fields
    with pytest.raises(ValidationFailed) as err:  # giải tán is a form for a collective, khai trừ is not
        _ballot(flag, cast.leader, votes={"khai_tru": 8})
    assert "votes" in err.value.fields
    proceeding.refresh_from_db()
    assert proceeding.status == "proposed"
    # 5 of the body's 9 members for cảnh cáo: more than half of the members, adopted; signed by the leader.
    decided = _ballot(flag, cast.leader)
    assert (decided.status, decided.outcome, decided.signed_by) == (
        DisciplineProceeding.Status.DECIDED,
        "canh_cao",
        cast.leader,
    )
    # The discipline decision is issued at once: its number is the unit's outgoing register's, signed
    # by the member who recorded the ballot.
    paper = Paper.objects.get(target_type="cases.disciplineproceeding", target_id=str(decided.pk))
    assert decided.decision_number == paper.symbol and paper.symbol.endswith("/QĐ-BTV")
    assert (paper.unit, paper.signer) == (decided.unit, cast.leader)
    assert (decided.meeting_on, decided.members_total, decided.members_present, decided.votes) == (
        clock.today(),
        9,
        8,
        {"canh_cao": 5, "khien_trach": 3},
    )
    shown = _api(cast.inspector).get(f"/api/flags/{flag.pk}/").json()["disciplines"]
    assert [(d["status"], d["outcome"], d["votes"]) for d in shown] == [
        ("decided", "canh_cao", {"canh_cao": 5, "khien_trach": 3})
    ]


def test_qd5130_four_of_nine_members_is_not_more_than_half_of_the_body(cast, frozen_clock):
    flag = raise_flag(cast)
    services.flag_discipline_propose(
        flag=flag,
        actor=cast.inspector,
        subject_kind="member",
        subject_name="Trần Văn Thủ",
        violation_forms=["canh_cao"],
        reason="Chi sai quỹ",
    )
    conclude(cast, open_ad_hoc(cast, [flag]))
    flag.refresh_from_db()
    result = _ballot(flag, cast.leader, members_present=7, votes={"canh_cao": 4, "khien_trach": 3})
    assert (result.status, result.outcome) == (DisciplineProceeding.Status.NOT_ADOPTED, "")


def test_qd5130_the_forms_on_a_flag_follow_the_subject_on_the_page_and_in_the_api(cast, frozen_clock, client):
    flag = raise_flag(cast)
    api = _api(cast.inspector)
    refused = api.post(
        f"/api/flags/{flag.pk}/discipline_propose/",
        {"subject_kind": "member", "subject_name": "Lê Văn Kế", "violation_forms": ["cach_chuc"], "reason": "Sai"},
        format="json",
    )
    assert refused.status_code == 400 and "violation_forms" in refused.content.decode()
    assert not DisciplineProceeding.objects.filter(flag=flag).exists()
    client.force_login(cast.inspector)
    response = client.post(
        reverse("inspections:flag_act", args=[flag.pk, "discipline_propose"]),
        {
            "subject_kind": "full_time_cadre",
            "subject_name": "Lê Văn Kế",
            "violation_1": "canh_cao",
            "violation_2": "khien_trach",
            "reason": "Hai vi phạm về chi tiêu",
        },
    )
    assert response.status_code == 302
    proceeding = DisciplineProceeding.objects.get(flag=flag)
    assert proceeding.proposed_form == "ha_bac_luong"  # several violations: one level above the heaviest
    conclude(cast, open_ad_hoc(cast, [flag]))
    client.force_login(cast.leader)
    page = client.get(reverse("inspections:flag_detail", args=[flag.pk])).content.decode()
    assert 'name="votes_ha_bac_luong"' in page and 'name="votes_buoc_thoi_viec"' in page
    assert 'name="votes_khai_tru"' not in page and 'name="votes_giai_tan"' not in page
    decided = _api(cast.leader).post(
        f"/api/flags/{flag.pk}/discipline_ballot/",
        {
            "meeting_on": clock.today().isoformat(),
            "members_total": 7,
            "members_present": 6,
            "votes": {"ha_bac_luong": 4},
            "decision_number": "99/QĐ-TỰ-GÕ",
        },
        format="json",
    )
    assert decided.status_code == 200, decided.content
    # The number sent is not an input: the decision takes the register's.
    paper = Paper.objects.get(target_type="cases.disciplineproceeding", target_id=str(proceeding.pk))
    assert [(d["status"], d["outcome"], d["decision_number"]) for d in decided.json()["disciplines"]] == [
        ("decided", "ha_bac_luong", paper.symbol)
    ]


def _page_and_api(client, user, flag) -> set[str]:
    flag.refresh_from_db()
    client.force_login(user)
    page = client.get(reverse("inspections:flag_detail", args=[flag.pk]))
    if page.status_code == 404:
        assert _api(user).get(f"/api/flags/{flag.pk}/").status_code == 404
        return set()
    on_page = set(re.findall(r'id="action-(\w+)"', page.content.decode()))
    response = _api(user).get(f"/api/flags/{flag.pk}/")
    assert response.status_code == 200, response.content
    in_api = set(response.json()["allowed_actions"]) & set(FLAG_ACTION_TITLES)
    assert on_page == in_api, f"{user.username}: page {sorted(on_page)} vs API {sorted(in_api)}"
    assert in_api == set(flag_actions(user=user, flag=flag)) & set(FLAG_ACTION_TITLES)
    return in_api


def test_a_flag_offers_the_same_discipline_actions_on_the_page_and_in_the_api(cast, frozen_clock, client):
    flag = raise_flag(cast)
    people = [cast.inspector, cast.leader, cast.subject_rep, cast.auditor]
    seen = {user.username: _page_and_api(client, user, flag) for user in people}
    assert seen[cast.inspector.username] == {"discipline_propose"}
    assert seen[cast.auditor.username] == set()
    escalation_decide(
        escalation=_escalated(flag),
        actor=cast.province_leader,
        decision="discipline",
        discipline="khien_trach",
        reason="Đề nghị kỷ luật",
    )
    assert all(_page_and_api(client, user, flag) == set() for user in people)  # waits for the inspection
    conclude(cast, open_ad_hoc(cast, [flag]))
    seen = {user.username: _page_and_api(client, user, flag) for user in people}
    assert seen[cast.leader.username] == {"discipline_ballot"}
    assert seen[cast.inspector.username] == set()


def test_qd5130_no_leader_decides_discipline_on_a_late_inspection_step(cast, frozen_clock):
    from workflows.selectors import escalation_decisions

    inspection = open_ad_hoc(cast, [raise_flag(cast)])
    escalation = services.inspection_escalate(inspection=inspection, actor=cast.inspector, reason="Đơn vị chậm")
    assert "discipline" not in escalation_decisions(escalation=escalation)
    assert "discipline" not in _api(cast.leader).get(f"/api/escalations/{escalation.pk}/").json()["allowed_decisions"]
    with pytest.raises(ValidationFailed) as err:
        escalation_decide(
            escalation=escalation, actor=cast.leader, decision="discipline", discipline="canh_cao", reason="Kỷ luật"
        )
    assert "bỏ phiếu kín" in err.value.fields["decision"][0]
    escalation.refresh_from_db()
    assert escalation.status == "pending"
