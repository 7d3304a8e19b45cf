"""One rule per question on a case: for each person, the discipline actions the case page and
`case_actions` offer, and the decisions an escalation about the case offers, are exactly those the
services accept. Whoever is recused from the case, declared a conflict in it, or is conflicted with
the unit concerned (a role held in it, a declared conflict) takes no leadership decision on it:
complexity, extension, approval, sending back, discipline, an escalation's decisions. The cases are built
once for the module, each test rolling back what it writes."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

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
    case_denounced_notice_sent,
    case_extend,
    case_propose,
    case_send_back,
    case_start_verification,
    discipline_ballot_record,
    discipline_propose,
)
from casework.inspections.services import conflict_declare
from casework.org.models import Role
from core import clock
from tests import builders
from tests.builders import DECISION_PARTS, PEOPLE, accepted_by_services, explained, person
from tests.factories import Cast, UserFactory, build_cast
from tests.module_data import built_for_module, fresh_cast
from workflows.models import Escalation
from workflows.selectors import escalation_actions, escalation_decisions
from workflows.services.escalations import escalation_decide, escalation_open

pytestmark = pytest.mark.django_db

DISCIPLINE = {"discipline_propose", "discipline_ballot"}


def _concluded_denunciation(cast) -> Case:
    """A founded denunciation about the hospital, concluded by the sector's committee."""
    case = case_accept(
        subject_area="khac",
        case=builders.make_case(cast, kind=Kind.DENUNCIATION),
        actor=cast.intake,
        legal_ground="Đ.29",
    )
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    case = case_start_verification(case=case, actor=cast.officer)
    case = explained(case, cast.officer)
    case = case_propose(case=case, actor=cast.officer, proposal="Đúng", outcome=Outcome.FOUNDED)
    case = case_approve(case=case, actor=cast.leader)
    case = case_denounced_notice_sent(case=case, actor=cast.officer)  # Luật Tố cáo 2018 Đ.29 khoản 3
    return case_conclude(case=case, actor=cast.officer, **DECISION_PARTS, decision_text="Đúng", outcome="founded")


@dataclasses.dataclass
class World:
    """The cases the parametrised tests read, built once for the module; each test rolls back what it
    writes, so every person meets them in the same state."""

    cast: Cast
    concluded: int  # a concluded denunciation, for the discipline
    escalated: int  # another, with an escalation about it
    escalation: int
    accepted: int  # a denunciation just accepted, for the leadership's decisions


def _build() -> World:
    cast = build_cast()
    concluded = _concluded_denunciation(cast)
    escalated = _concluded_denunciation(cast)
    escalation = escalation_open(target=escalated, unit=escalated.unit, reason="Đề nghị kỷ luật", actor=cast.officer)
    accepted = case_accept(
        subject_area="khac",
        case=builders.make_case(cast, kind=Kind.DENUNCIATION),
        actor=cast.intake,
        legal_ground="Đ.29",
    )
    return World(cast, concluded.pk, escalated.pk, escalation.pk, accepted.pk)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:
    with built_for_module(django_db_blocker, _build) as built:
        yield built


@pytest.fixture
def cast(world, db) -> Cast:
    return fresh_cast(world.cast)


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
def test_discipline_on_a_case_is_offered_exactly_to_whom_the_services_accept(world, cast, frozen_clock, client, who):
    case = Case.objects.get(pk=world.concluded)
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
    # An administrator does the committee's work (a proposal) but has no vote in the body's ballot.
    expected = {
        "leader": {"discipline_propose", "discipline_ballot"},
        "chair": {"discipline_propose"},
        "admin": {"discipline_propose"},
    }
    assert proposing | offered == expected.get(who, set())


@pytest.mark.parametrize("who", PEOPLE)
def test_an_escalation_about_a_case_offers_exactly_the_decisions_the_service_accepts(
    world, cast, frozen_clock, client, who
):
    escalation = Escalation.objects.get(pk=world.escalation)
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
    # A leader conflicted with the hospital decides nothing about a case about it (its case_approve refuses them too);
    # an administrator holding no leadership role decides nothing either.
    expected = {"leader": {"approve", "discipline"}}
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


# The leadership's decisions on a case, each refused to whoever is recused from it, declared a conflict
# in it or is conflicted with the unit concerned (services.common.decision_check).
LEADERSHIP_DECISIONS = {"complexity", "extend", "approve", "send_back"}


def _offered_and_shown(client, user, case: Case, names: set[str]) -> set[str]:
    """The actions among `names` that case_actions offers; the page and the API's allowed_actions
    offer exactly those (the page and the API do not exist for one recused from the case)."""
    offered = set(case_actions(user=user, case=Case.objects.get(pk=case.pk))) & names
    client.force_login(user)
    response = client.get(reverse("cases:detail", args=[case.pk]))
    api = APIClient()
    api.force_authenticate(user)
    detail = api.get(f"/api/cases/{case.pk}/")
    if response.status_code == 404:
        assert detail.status_code == 404 and not offered
        return offered
    page = response.content.decode()
    assert {n for n in names if reverse("cases:action", args=[case.pk, n]) in page} == offered
    assert set(detail.json()["allowed_actions"]) & names == offered
    return offered


@pytest.mark.parametrize("who", [*PEOPLE, "declared_on_the_case", "holds_a_role_in_the_unit"])
def test_the_leaderships_decisions_on_a_case_are_offered_exactly_to_whom_the_services_accept(
    world, cast, frozen_clock, client, who
):
    """The complexity decision and the extension (Luật Tố cáo 2018 Đ.30), the approval and the
    sending back of a proposal: the competent leadership's, never one recused from the case, who
    declared a conflict of interest in it, or conflicted with the unit denounced (a conflict
    declared with the hospital, a role held there)."""
    case = Case.objects.get(pk=world.accepted)
    if who == "declared_on_the_case":
        case_conflict_declare(case=case, actor=cast.leader, note="Người thân của người bị tố cáo")
        user = cast.leader
    elif who == "holds_a_role_in_the_unit":
        user = UserFactory(
            username="unit_officer", roles=[(Role.BTV_MEMBER, cast.sector), (Role.CASE_OFFICER, cast.hospital)]
        )
    else:
        user = person(cast, who)

    def fresh() -> Case:
        return Case.objects.get(pk=case.pk)

    offered = _offered_and_shown(client, user, case, LEADERSHIP_DECISIONS)
    assert offered == accepted_by_services(
        {
            "complexity": lambda: case_complexity_decide(
                case=fresh(), actor=user, complexity="complex", reason="Nhiều nội dung", criteria=["places"]
            )
        }
    )
    deciding = offered
    case_complexity_decide(
        case=fresh(), actor=cast.province_leader, complexity="complex", reason="Nhiều nội dung", criteria=["places"]
    )
    offered = _offered_and_shown(client, user, case, {"extend"})
    assert offered == accepted_by_services(
        {"extend": lambda: case_extend(case=fresh(), actor=user, reason="Cần xác minh thêm")}
    )
    deciding |= offered
    case_assign(case=fresh(), actor=cast.chair, assignee=cast.officer)
    case_start_verification(case=fresh(), actor=cast.officer)
    explained(fresh(), cast.officer)
    case_propose(case=fresh(), actor=cast.officer, proposal="Đúng", outcome=Outcome.FOUNDED)
    offered = _offered_and_shown(client, user, case, {"approve", "send_back"})
    assert offered == accepted_by_services(
        {
            "approve": lambda: case_approve(case=fresh(), actor=user),
            "send_back": lambda: case_send_back(case=fresh(), actor=user, reason="Xác minh thêm"),
        }
    )
    deciding |= offered
    # The chair decides under the delegation in force (complexity, approval), the sector's leader everything.
    expected = {"leader": LEADERSHIP_DECISIONS, "chair": {"complexity", "approve", "send_back"}}
    assert deciding == expected.get(who, set())


def test_when_the_units_deciders_are_all_conflicted_the_leadership_above_decides_and_the_page_says_so(
    cast, make_case, client
):
    """A conflict with the unit concerned does not stall the case: the leaders of the unit above,
    who hold the role there too, decide; the page names the conflicted and who decides instead,
    the proposal is sent to them, and none of the conflicted signs the case's papers."""
    from casework.cases.permissions import case_deciders
    from casework.cases.selectors import case_decision_excluded_user_ids
    from notifications.models import Notification

    conflicted = {person(cast, "conflicted_leader").pk, person(cast, "conflicted_chair").pk}
    case = case_accept(subject_area="khac", case=make_case(), actor=cast.intake, legal_ground="Đ.27")
    assert conflicted <= case_decision_excluded_user_ids(case=case)
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    case = builders.verification_started(case)
    case = case_propose(case=case, actor=cast.officer, proposal="Đúng", outcome=Outcome.FOUNDED)
    assert case_deciders(case) == [cast.province_leader]
    assert Notification.objects.filter(user=cast.province_leader, key__startswith=f"case:{case.pk}:propose").exists()
    client.force_login(cast.chair)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'id="deciders"' in page and "Vợ là kế toán CĐCS" in page
    assert reverse("cases:action", args=[case.pk, "approve"]) not in page
    assert str(cast.province_leader) in page.split('id="deciders"')[1].split("</section>")[0]
    assert "approve" in case_actions(user=cast.province_leader, case=case)
    case_approve(case=case, actor=cast.province_leader)
    assert Case.objects.get(pk=case.pk).status == "approved"


def test_when_nobody_able_to_decide_is_free_of_the_conflict_the_page_says_who_must(cast, make_case, client):
    person(cast, "conflicted_leader")
    person(cast, "conflicted_chair")
    conflict_declare(user=cast.province_leader, unit=cast.sector, reason="Em ruột", actor=cast.province_leader)
    case = case_accept(subject_area="khac", case=make_case(), actor=cast.intake, legal_ground="Đ.27")
    client.force_login(cast.chair)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "đề nghị công đoàn cấp trên hoặc cơ quan có thẩm quyền giải quyết" in page
    assert reverse("cases:action", args=[case.pk, "complexity"]) not in page


def test_the_deciders_card_reads_each_deciders_conflict_once(cast, make_case, monkeypatch):
    """The case page's card of conflicted deciders and who decides instead is one pass over the
    deciders (case_deciders_read): it costs the queries of finding who decides, and no more, and
    reads each person's conflict once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from casework.cases import selectors
    from casework.cases.permissions import case_deciders
    from casework.cases.views import _deciders_context
    from casework.org import role_cache
    from casework.org.selectors import active_assignments

    conflicted = {person(cast, "conflicted_leader").pk, person(cast, "conflicted_chair").pk}
    case = case_accept(subject_area="khac", case=make_case(), actor=cast.intake, legal_ground="Đ.27")

    def fresh() -> Case:
        return Case.objects.select_related("unit").get(pk=case.pk)

    # On the page the reader's roles are read before the card (the case is found by them): both
    # counts start from there.
    with role_cache.remembering():
        active_assignments(user=cast.chair)
        with CaptureQueriesContext(connection) as alone:
            deciders = case_deciders(fresh())
    reads: list[int] = []
    counted = selectors.case_conflict_reasons

    def counting(*, case, users):
        users = list(users)
        reads.extend(user.pk for user in users)
        return counted(case=case, users=users)

    monkeypatch.setattr(selectors, "case_conflict_reasons", counting)
    with role_cache.remembering():
        active_assignments(user=cast.chair)
        with CaptureQueriesContext(connection) as card:
            context = _deciders_context(fresh(), cast.chair)
    assert deciders == context["deciders"] == [cast.province_leader]
    assert {u.pk for u, _why in context["conflicted_deciders"]} == conflicted
    assert sorted(reads) == sorted(set(reads)) and conflicted <= set(reads)
    assert len(card) <= len(alone), [q["sql"] for q in card.captured_queries]
