"""One rule per question on a case: for each person, the discipline actions the case page and
`case_actions` offer, and the decisions an escalation about the case offers, are exactly those the
services accept. Whoever is recused from the case, declared a conflict in it, or is conflicted with
the unit concerned (a role held in it, a declared conflict) neither proposes nor decides discipline."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from casework.cases.actions import case_actions
from casework.cases.models import Case, Kind, Outcome
from casework.cases.services import (
    case_accept,
    case_approve,
    case_assign,
    case_complexity_decide,
    case_conclude,
    case_conflict_declare,
    case_propose,
    case_start_verification,
    discipline_ballot_record,
    discipline_propose,
)
from core import clock
from tests.builders import PEOPLE, accepted_by_services, person
from workflows.models import Escalation
from workflows.selectors import escalation_actions, escalation_decisions
from workflows.services.escalations import escalation_decide, escalation_open

pytestmark = pytest.mark.django_db

DISCIPLINE = {"discipline_propose", "discipline_ballot"}


def _concluded_denunciation(cast, make_case) -> Case:
    """A founded denunciation about the hospital, concluded by the sector's committee."""
    case = case_accept(
        subject_area="khac", case=make_case(kind=Kind.DENUNCIATION), actor=cast.intake, legal_ground="Đ.29"
    )
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    case = case_start_verification(case=case, actor=cast.officer)
    case = case_propose(case=case, actor=cast.officer, proposal="Đúng", outcome=Outcome.FOUNDED)
    case = case_approve(case=case, actor=cast.leader)
    return case_conclude(case=case, actor=cast.officer, decision_text="Đúng", outcome="founded")


def _propose(case: Case, actor) -> None:
    discipline_propose(
        case=Case.objects.get(pk=case.pk),
        actor=actor,
        subject_kind="member",
        subject_name="Trần Thị Bị",
        violation_forms=["canh_cao"],
        reason="Kết luận tố cáo",
    )


def _on_page(client, user, case: Case) -> set[str] | None:
    client.force_login(user)
    response = client.get(reverse("cases:detail", args=[case.pk]))
    if response.status_code == 404:
        return None
    page = response.content.decode()
    return {name for name in DISCIPLINE if f'action="{reverse("cases:action", args=[case.pk, name])}"' in page}


@pytest.mark.parametrize("who", PEOPLE)
def test_discipline_on_a_case_is_offered_exactly_to_whom_the_services_accept(cast, make_case, client, who):
    case = _concluded_denunciation(cast, make_case)
    user = person(cast, who)
    offered = set(case_actions(user=user, case=Case.objects.get(pk=case.pk))) & DISCIPLINE
    assert offered == accepted_by_services({"discipline_propose": lambda: _propose(case, user)})
    on_page = _on_page(client, user, case)
    assert on_page in (None, offered) and (on_page is not None or not offered)
    proposing = offered
    _propose(case, cast.officer)
    offered = set(case_actions(user=user, case=Case.objects.get(pk=case.pk))) & DISCIPLINE
    accepted = accepted_by_services(
        {
            "discipline_ballot": lambda: discipline_ballot_record(
                case=Case.objects.get(pk=case.pk),
                actor=user,
                meeting_on=clock.today(),
                members_total=9,
                members_present=9,
                votes={"canh_cao": 9},
            )
        }
    )
    assert offered == accepted
    on_page = _on_page(client, user, case)
    assert on_page in (None, offered) and (on_page is not None or not offered)
    expected = {"leader": {"discipline_propose", "discipline_ballot"}, "chair": {"discipline_propose"}}
    assert proposing | offered == expected.get(who, set())


@pytest.mark.parametrize("who", PEOPLE)
def test_an_escalation_about_a_case_offers_exactly_the_decisions_the_service_accepts(cast, make_case, client, who):
    case = _concluded_denunciation(cast, make_case)
    escalation = escalation_open(target=case, unit=case.unit, reason="Đề nghị kỷ luật", actor=cast.officer)
    user = person(cast, who)

    def decide(decision: str, **values) -> None:
        escalation_decide(
            escalation=Escalation.objects.get(pk=escalation.pk),
            actor=user,
            decision=decision,
            reason="Ý kiến",
            **values,
        )

    accepted = accepted_by_services(
        {"approve": lambda: decide("approve"), "discipline": lambda: decide("discipline", discipline="canh_cao")}
    )
    offered = set()
    if "decide" in escalation_actions(user=user, escalation=escalation):
        offered = set(escalation_decisions(escalation=escalation, user=user)) & {"approve", "discipline"}
    assert offered == accepted
    # A leader conflicted with the hospital still decides about the case, but proposes no discipline about it.
    expected = {"leader": {"approve", "discipline"}, "conflicted_leader": {"approve"}}
    assert offered == expected.get(who, set())
    client.force_login(user)
    page = client.get(reverse("workflows:detail", args=[escalation.pk]))
    api = APIClient()
    api.force_authenticate(user)
    detail = api.get(f"/api/escalations/{escalation.pk}/")
    if page.status_code == 404:  # recused: the escalation does not exist for them
        assert detail.status_code == 404 and not offered
        return
    content = page.content.decode()
    assert ('name="decision"' in content) == bool(offered)
    assert {d for d in ("approve", "discipline") if f'value="{d}"' in content} == offered
    assert set(detail.json()["allowed_decisions"]) & {"approve", "discipline"} == offered


@pytest.mark.parametrize("who", [*PEOPLE, "declared_on_the_case"])
def test_the_complexity_decision_is_offered_exactly_to_whom_the_service_accepts(cast, make_case, client, who):
    """Luật Tố cáo 2018 Đ.30: the competent leadership decides whether a denunciation is complex,
    never one recused from it or who declared a conflict of interest in it."""
    case = case_accept(
        subject_area="khac", case=make_case(kind=Kind.DENUNCIATION), actor=cast.intake, legal_ground="Đ.29"
    )
    if who == "declared_on_the_case":
        case_conflict_declare(case=case, actor=cast.leader, note="Người thân của người bị tố cáo")
        user = cast.leader
    else:
        user = person(cast, who)
    fresh = Case.objects.get(pk=case.pk)
    offered = set(case_actions(user=user, case=fresh)) & {"complexity"}
    accepted = accepted_by_services(
        {
            "complexity": lambda: case_complexity_decide(
                case=Case.objects.get(pk=case.pk), actor=user, complexity="complex", reason="Nhiều nội dung"
            )
        }
    )
    assert offered == accepted
    assert bool(offered) == (who in ("leader", "conflicted_leader", "chair", "conflicted_chair"))
    client.force_login(user)
    response = client.get(reverse("cases:detail", args=[case.pk]))
    shown = response.status_code == 200 and reverse("cases:action", args=[case.pk, "complexity"]) in (
        response.content.decode()
    )
    assert shown == bool(offered)
