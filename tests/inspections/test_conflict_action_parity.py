"""One rule per question: for each person, the actions the selectors offer on a flag, an inspection
and an escalation about them are exactly those the services accept, and the pages render the forms
of those actions only. A person conflicted with the unit concerned (a role held in it, a declared
conflict) neither decides nor proposes discipline about it, and is not offered to. The objects are built
once for the module, each test rolling back what it writes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from casework.inspections import services
from casework.inspections.actions import flag_actions, inspection_actions
from casework.inspections.models import Flag, Inspection
from core import clock
from tests.builders import PEOPLE, accepted_by_services, conclude, later, open_ad_hoc, person, raise_flag
from tests.factories import Cast, build_cast
from tests.module_data import FROZEN_AT, built_for_module, fresh_cast
from workflows.models import Escalation
from workflows.selectors import escalation_actions, escalation_decisions
from workflows.services.escalations import escalation_decide
from workflows.sweep import sweep_run

pytestmark = pytest.mark.django_db

BALLOT = {"meeting_on": None, "members_total": 9, "members_present": 9, "votes": {"canh_cao": 9}}


def _ballot() -> dict:
    return {**BALLOT, "meeting_on": clock.today()}


def _on_page(client, user, url: str, names: set[str]) -> set[str] | None:
    """The action forms among `names` the page renders (None when the page does not exist for them)."""
    client.force_login(user)
    response = client.get(url)
    if response.status_code == 404:
        return None
    assert response.status_code == 200
    return set(re.findall(r'id="action-(\w+)"', response.content.decode())) & names


def _escalated(flag: Flag) -> Escalation:
    clock.advance(dt.timedelta(days=35))
    sweep_run()
    return Escalation.objects.get(target_type="inspections.flag", target_id=str(flag.pk))


@dataclasses.dataclass
class World:
    """The objects the tests read, built once for the module; each test rolls back what it writes, so
    every person meets them in the same state."""

    cast: Cast
    flag_escalation: int  # a flag escalated by the sweep
    escalated_at: dt.datetime  # the clock of its sweep
    flag: int  # a flag just raised
    opened: int  # an inspection with its team formed
    concluded: int
    voting: int  # concluded, a discipline proposed
    rec_escalation: int  # a recommendation escalated to the sector


def _build() -> World:
    cast = build_cast()
    # The sweep first, alone: it escalates whatever is late when it runs.
    flag_escalation = _escalated(raise_flag(cast))
    escalated_at = clock.now()
    clock.set_now(FROZEN_AT)
    flag = raise_flag(cast)
    opened = services.inspection_open(
        unit=cast.sector, subject_unit=cast.hospital, actor=cast.inspector, flags=[raise_flag(cast)]
    )
    services.inspection_team_set(
        inspection=opened, members=[cast.inspector2, cast.inspector3], lead=cast.inspector, actor=cast.inspector
    )
    concluded = conclude(cast, open_ad_hoc(cast, [raise_flag(cast, category="finance_revenue")]))
    voting = conclude(cast, open_ad_hoc(cast, [raise_flag(cast, category="finance_books")]))
    services.discipline_propose(
        inspection=voting, person="Nguyễn Văn Chi", proposal="canh_cao", reason="Chi sai", actor=cast.inspector
    )
    inspection = conclude(cast, open_ad_hoc(cast, [raise_flag(cast)]))
    rec = services.recommendation_add(
        inspection=inspection, text="Thu hồi", owner_unit=cast.hospital, due_on=later(30), actor=cast.inspector
    )
    from workflows.services.escalations import escalation_open

    rec_escalation = escalation_open(target=rec, unit=cast.sector, reason="Chậm thực hiện", actor=cast.chair)
    return World(cast, flag_escalation.pk, escalated_at, flag.pk, opened.pk, concluded.pk, voting.pk, rec_escalation.pk)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:
    with built_for_module(django_db_blocker, _build) as built:
        yield built


@pytest.fixture
def cast(world, db) -> Cast:
    return fresh_cast(world.cast)


@pytest.mark.parametrize("who", PEOPLE)
def test_a_flag_escalations_decide_form_is_shown_exactly_to_whom_the_service_lets_decide(
    world, cast, frozen_clock, client, who
):
    clock.set_now(world.escalated_at)
    escalation = Escalation.objects.get(pk=world.flag_escalation)
    user = person(cast, who)
    offered = set(escalation_actions(user=user, escalation=escalation))
    accepted = accepted_by_services(
        {
            "decide": lambda: escalation_decide(
                escalation=Escalation.objects.get(pk=escalation.pk), actor=user, decision="return", reason="Làm lại"
            )
        }
    )
    assert offered == accepted
    assert offered == ({"decide"} if who == "leader" else set())
    client.force_login(user)
    page = client.get(reverse("workflows:detail", args=[escalation.pk]))
    api = APIClient()
    api.force_authenticate(user)
    detail = api.get(f"/api/escalations/{escalation.pk}/")
    if page.status_code == 404:
        assert detail.status_code == 404 and not offered
        return
    assert ('name="decision"' in page.content.decode()) == ("decide" in offered)
    assert set(detail.json()["allowed_actions"]) == offered
    # A reader who may not decide (an administrator holding no leadership role) is offered no decision.
    decisions = escalation_decisions(escalation=escalation, user=user) if "decide" in offered else []
    assert detail.json()["allowed_decisions"] == decisions


@pytest.mark.parametrize("who", PEOPLE)
def test_discipline_on_a_flag_is_offered_exactly_to_whom_the_service_lets_propose(
    world, cast, frozen_clock, client, who
):
    flag = Flag.objects.get(pk=world.flag)
    user = person(cast, who)
    offered = set(flag_actions(user=user, flag=flag)) & {"discipline_propose"}
    accepted = accepted_by_services(
        {
            "discipline_propose": lambda: services.flag_discipline_propose(
                flag=Flag.objects.get(pk=flag.pk),
                actor=user,
                subject_kind="member",
                subject_name="Nguyễn Văn Chi",
                violation_forms=["canh_cao"],
                reason="Chi sai quy chế",
            )
        }
    )
    assert offered == accepted
    assert bool(offered) == (who in ("leader", "chair", "inspector", "admin"))
    on_page = _on_page(client, user, reverse("inspections:flag_detail", args=[flag.pk]), {"discipline_propose"})
    assert on_page in (None, offered) and (on_page is not None or not offered)


@pytest.mark.parametrize("who", [*PEOPLE, "conflicted_admin"])
def test_an_inspections_signing_and_discipline_are_offered_exactly_to_whom_the_services_accept(
    world, cast, frozen_clock, client, who
):
    """An administrator conflicted with the unit inspected signs, proposes and votes nothing about it,
    like anyone else conflicted."""
    opened, concluded, voting = (Inspection.objects.get(pk=pk) for pk in (world.opened, world.concluded, world.voting))
    if who == "conflicted_admin":
        user = cast.admin
        services.conflict_declare(user=user, unit=cast.hospital, reason="Vợ là kế toán CĐCS", actor=user)
    else:
        user = person(cast, who)

    def fresh(inspection: Inspection) -> Inspection:
        return Inspection.objects.get(pk=inspection.pk)

    cases = [
        (opened, {"decide": lambda: services.inspection_decide(inspection=fresh(opened), actor=user)}),
        (
            concluded,
            {
                "discipline": lambda: services.discipline_propose(
                    inspection=fresh(concluded),
                    person="Nguyễn Văn Chi",
                    proposal="canh_cao",
                    reason="Chi sai",
                    actor=user,
                )
            },
        ),
        (
            voting,
            {
                "discipline_ballot": lambda: services.inspection_discipline_ballot_record(
                    inspection=fresh(voting), actor=user, **_ballot()
                )
            },
        ),
    ]
    offered_everywhere = set()
    for inspection, calls in cases:
        offered = set(inspection_actions(user=user, inspection=fresh(inspection))) & set(calls)
        assert offered == accepted_by_services(calls), inspection.status
        url = reverse("inspections:inspection_detail", args=[inspection.pk])
        on_page = _on_page(client, user, url, set(calls))
        assert on_page in (None, offered) and (on_page is not None or not offered)
        offered_everywhere |= offered
    # An administrator does the committee's work (a proposal) but neither signs nor votes holding no role.
    expected = {
        "leader": {"discipline_ballot"},
        "chair": {"decide", "discipline"},
        "inspector": {"discipline"},
        "admin": {"discipline"},
    }
    assert offered_everywhere == expected.get(who, set())


@pytest.mark.parametrize("who", PEOPLE)
def test_a_recommendation_escalation_is_decided_only_by_whom_the_service_accepts(world, cast, frozen_clock, who):
    """A lapsed recommendation goes to leadership (the owner unit's, then above): its handler and the
    queue read the same conflict rule."""
    escalation = Escalation.objects.get(pk=world.rec_escalation)
    user = person(cast, who)
    offered = set(escalation_actions(user=user, escalation=escalation))
    accepted = accepted_by_services(
        {
            "decide": lambda: escalation_decide(
                escalation=Escalation.objects.get(pk=escalation.pk), actor=user, decision="return", reason="Đôn đốc"
            )
        }
    )
    assert offered == accepted == ({"decide"} if who == "leader" else set())
