"""The committee chair proposes to the leadership (BTV/BCH) and follows its answer: they read the escalations
about the units of their scope (a case, a flag, an inspection), on the page, in the API and through the links
of other pages, and decide none of them (told why when they post one); never one outside their scope, nor one about a case they are recused
from (workflows.selectors.escalation_list_for_user, the one rule)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.cases.models import Kind
from casework.inspections import services as inspections
from casework.org.models import Role
from core.errors import OutOfScope, TransitionNotAllowed
from tests.builders import accepted, api_client, open_ad_hoc, raise_flag
from tests.factories import UserFactory
from workflows.models import Escalation
from workflows.selectors import escalation_actions, escalation_ids_readable, escalation_list_for_user
from workflows.services.escalations import escalation_decide, escalation_open

pytestmark = pytest.mark.django_db

REASON = "Cần lãnh đạo cho ý kiến."


def _escalated(cast, what: str) -> Escalation:
    if what == "case":
        case = accepted(cast)
        return escalation_open(target=case, unit=case.unit, reason=REASON, actor=cast.chair)
    if what == "flag":
        return inspections.flag_escalate(flag=raise_flag(cast), actor=cast.chair, reason=REASON)
    inspection = open_ad_hoc(cast, [raise_flag(cast)])
    return inspections.inspection_escalate(inspection=inspection, actor=cast.inspector, reason=REASON)


def _reads(client, user, escalation: Escalation) -> bool:
    """Whether every edge lets `user` open it, after checking that they all answer the same."""
    listed = escalation_list_for_user(user=user).filter(pk=escalation.pk).exists()
    linked = escalation.pk in escalation_ids_readable(user=user, ids=[escalation.pk])
    client.force_login(user)
    page = client.get(reverse("workflows:detail", args=[escalation.pk])).status_code
    api = api_client(user).get(f"/api/escalations/{escalation.pk}/").status_code
    rows = api_client(user).get("/api/escalations/").json()
    in_api_list = escalation.pk in {row["id"] for row in (rows["results"] if isinstance(rows, dict) else rows)}
    answers = {listed, linked, page == 200, api == 200, in_api_list}
    assert len(answers) == 1, f"{user.username}: list {listed}, link {linked}, page {page}, API {api}/{in_api_list}"
    assert page in (200, 404) and api in (200, 404)
    return listed


@pytest.mark.parametrize("what", ["case", "flag", "inspection"])
def test_the_chair_reads_the_escalations_of_their_scope_and_decides_none(client, cast, frozen_clock, what):
    escalation = _escalated(cast, what)
    assert _reads(client, cast.chair, escalation)
    assert _reads(client, cast.leader, escalation)
    assert not _reads(client, cast.inspector, escalation)  # the committee's members read the object, not this
    assert escalation_actions(user=cast.chair, escalation=escalation) == []
    client.force_login(cast.chair)
    page = client.get(reverse("workflows:detail", args=[escalation.pk]))
    assert page.context["form"] is None
    # They read it, so a decision posted is refused saying why, never answered as if it did not exist.
    why = "Chỉ Ban Thường vụ hoặc Ban Chấp hành"
    refused = client.post(reverse("workflows:detail", args=[escalation.pk]), {"decision": "return", "reason": "x"})
    assert refused.status_code == 403
    assert why in refused.content.decode()
    assert refused.context["form"] is None
    api = api_client(cast.chair)
    assert api.get(f"/api/escalations/{escalation.pk}/").json()["allowed_actions"] == []
    refused = api.post(
        f"/api/escalations/{escalation.pk}/decide/", {"decision": "return", "reason": "x"}, format="json"
    )
    assert refused.status_code == 409, refused.content
    assert why in refused.json()["detail"]
    # Who may not read it is answered as for anything outside their scope, on both edges.
    client.force_login(cast.inspector)
    assert (
        client.post(
            reverse("workflows:detail", args=[escalation.pk]), {"decision": "return", "reason": "x"}
        ).status_code
        == 404
    )
    refused = api_client(cast.inspector).post(
        f"/api/escalations/{escalation.pk}/decide/", {"decision": "return", "reason": "x"}, format="json"
    )
    assert refused.status_code == 404, refused.content
    assert Escalation.objects.get(pk=escalation.pk).status == Escalation.Status.PENDING


def test_the_service_tells_a_reader_why_and_hides_the_escalation_from_whom_may_not_read_it(cast, frozen_clock):
    escalation = _escalated(cast, "case")
    with pytest.raises(TransitionNotAllowed):
        escalation_decide(escalation=escalation, actor=cast.auditor, decision="return", reason="x")
    with pytest.raises(OutOfScope):
        escalation_decide(escalation=escalation, actor=cast.inspector, decision="return", reason="x")


def test_a_chair_reads_nothing_outside_their_committees_scope(client, cast, frozen_clock):
    about_the_sector = _escalated(cast, "case")  # the sector's case: above the hospital's committee
    about_the_hospital = _escalated(cast, "flag")
    hospital_chair = UserFactory(username="h_chair", roles=[(Role.COMMITTEE_CHAIR, cast.hospital)])
    other_chair = UserFactory(username="e_chair", roles=[(Role.COMMITTEE_CHAIR, cast.other_sector)])
    assert _reads(client, hospital_chair, about_the_hospital)
    assert not _reads(client, hospital_chair, about_the_sector)
    assert not _reads(client, other_chair, about_the_hospital)
    assert not _reads(client, other_chair, about_the_sector)


def test_a_chair_recused_from_the_case_never_reads_its_escalation(client, cast, frozen_clock):
    """A chair of the sector who sits in the executive committee of the hospital denounced is recused from the
    denunciation (docs/domain.md, Luật Tố cáo 2018 Đ.47): its escalation does not exist for them."""
    recused_chair = UserFactory(
        username="r_chair", roles=[(Role.COMMITTEE_CHAIR, cast.sector), (Role.BCH_MEMBER, cast.hospital)]
    )
    denunciation = accepted(cast, kind=Kind.DENUNCIATION, title="Tố cáo chi sai quỹ", subject_unit=cast.hospital)
    escalation = escalation_open(target=denunciation, unit=denunciation.unit, reason=REASON, actor=cast.officer)
    assert _reads(client, cast.chair, escalation)
    assert not _reads(client, recused_chair, escalation)
    complaint = _escalated(cast, "case")  # about the sector, not the hospital: no recusal
    assert _reads(client, recused_chair, complaint)
