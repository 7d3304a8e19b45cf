"""A leader deciding an escalation is offered only the decisions the check accepts: the page's form and the
API's `allowed_decisions` come from one selector (escalation_decisions) that asks the same refusals the
decision applies (the target's handler: a discipline proposal while one waits for the secret ballot, QĐ
5130/QĐ-TLĐ; approving a complaint's proposal made without the dialogue, Luật Khiếu nại 2011 Đ.30 khoản 1,
Đ.39; an extension with no clock left to move). Each refused decision is named with its reason, in
Vietnamese, on the page and in `refused_decisions`; a decision posted all the same (the target changed
between the page and the post) is refused with that reason before any confirmation, nothing written."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.audit.models import AuditEvent
from casework.cases.models import Case, Kind, Outcome
from casework.cases.services import case_accept, case_assign, case_propose, case_start_verification
from casework.inspections import services as inspections
from casework.inspections.selectors import flag_escalation_decision_refusals
from core import clock
from core.errors import ValidationFailed
from tests.builders import api_client, before_dialogue, explained, raise_flag
from tests.workflows.conftest import at
from workflows.models import Deadline, Escalation
from workflows.selectors import escalation_decisions, escalation_refused_decisions
from workflows.services.deadlines import deadline_close, deadline_open
from workflows.services.escalations import escalation_decide, escalation_decide_check, escalation_open
from workflows.sweep import sweep_run

pytestmark = pytest.mark.django_db

REASON = "Cần lãnh đạo cho ý kiến."
WAITING = "Đã có đề nghị kỷ luật đang chờ bỏ phiếu kín."
NO_CLOCK = "Hạn mới: đối tượng không còn thời hạn nào để gia hạn."


def _page(client, user, escalation: Escalation) -> tuple[set[str], str]:
    client.force_login(user)
    page = client.get(reverse("workflows:detail", args=[escalation.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    return set(re.findall(r'name="decision" value="(\w+)"', text)), text


def _api(user, escalation: Escalation) -> dict:
    answer = api_client(user).get(f"/api/escalations/{escalation.pk}/")
    assert answer.status_code == 200, answer.content
    return answer.json()


def _post_refused(client, user, escalation: Escalation, values: dict, *, message: str) -> None:
    """The check refuses `values` with `message`: no confirmation asked, nothing written."""
    client.force_login(user)
    events = AuditEvent.objects.count()
    response = client.post(reverse("workflows:detail", args=[escalation.pk]), {**values, "version": escalation.version})
    text = response.content.decode()
    assert response.status_code == 400
    assert message in text
    assert 'name="confirmed"' not in text
    assert AuditEvent.objects.count() == events
    escalation.refresh_from_db()
    assert escalation.status == Escalation.Status.PENDING and not escalation.decision


def test_discipline_waiting_for_the_ballot_is_not_offered_and_a_post_made_meanwhile_is_refused(
    client, cast, frozen_clock
):
    flag = raise_flag(cast)
    escalation = inspections.flag_escalate(flag=flag, actor=cast.chair, reason=REASON)
    offered, _text = _page(client, cast.leader, escalation)
    assert "discipline" in offered  # nothing waits for the ballot yet
    # Meanwhile an inspector proposes discipline on the flag: the leader's page still shows the old form.
    inspections.flag_discipline_propose(
        flag=flag,
        actor=cast.inspector,
        subject_kind="member",
        subject_name="Trần Văn Thủ",
        violation_forms=["canh_cao"],
        reason="Chi sai quỹ",
    )
    _post_refused(
        client,
        cast.leader,
        escalation,
        {"decision": "discipline", "discipline": "khien_trach", "reason": "Đề nghị kỷ luật"},
        message=WAITING,
    )
    # Reloaded: not offered, the reason said; the API says the same by the same rule.
    offered, text = _page(client, cast.leader, escalation)
    assert "discipline" not in offered and WAITING in text
    assert 'name="discipline"' not in text
    detail = _api(cast.leader, escalation)
    assert set(detail["allowed_decisions"]) == offered
    assert detail["refused_decisions"] == {"discipline": WAITING}
    answer = api_client(cast.leader).post(
        f"/api/escalations/{escalation.pk}/decide/",
        {"decision": "discipline", "discipline": "khien_trach", "reason": "Đề nghị kỷ luật"},
        format="json",
    )
    assert answer.status_code == 400 and WAITING in str(answer.json())
    assert flag.disciplines.count() == 1


def test_approving_a_complaint_proposal_without_the_dialogue_is_not_offered(client, cast, make_case, frozen_clock):
    with before_dialogue():
        case = case_accept(
            subject_area="khac", case=make_case(kind=Kind.COMPLAINT), actor=cast.intake, legal_ground="x"
        )
        case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    case = case_start_verification(case=case, actor=cast.officer)
    case = explained(case, cast.officer)
    case = case_propose(case=case, actor=cast.officer, proposal="Đề xuất", outcome=Outcome.FOUNDED)
    Case.objects.filter(pk=case.pk).update(outcome=Outcome.PARTLY)  # as an imported case stands: no dialogue
    escalation = escalation_open(target=case, unit=case.unit, reason=REASON, actor=cast.chair)
    offered, text = _page(client, cast.leader, escalation)
    assert "approve" not in offered and {"return", "refer"} <= offered
    assert "Chưa thể phê duyệt đề xuất" in text
    detail = _api(cast.leader, escalation)
    assert set(detail["allowed_decisions"]) == offered
    assert "Chưa thể phê duyệt đề xuất" in detail["refused_decisions"]["approve"]
    _post_refused(
        client, cast.leader, escalation, {"decision": "approve", "reason": "Đồng ý"}, message="Chưa thể phê duyệt"
    )
    # One who may not decide is offered nothing, and told no reasons either.
    assert _api(cast.auditor, escalation)["refused_decisions"] == {}


@pytest.fixture
def stopped_clock(cast, fake_target):
    """The sweep's escalation of the fake target's breached accept clock, the step then done late and the
    clock met, before any pass of the sweep closes the escalation as overtaken: no clock left to extend."""
    clock.set_now(at(2))
    deadline_open(target=("tests.fake", "1"), unit=cast.sector, step="accept", subject="petition")
    clock.set_now(at(13))
    sweep_run()
    deadline_close(target=("tests.fake", "1"), step="accept")
    escalation = Escalation.objects.get()
    assert escalation.status == Escalation.Status.PENDING
    return escalation


def test_no_clock_left_to_extend_is_refused_before_the_confirmation(client, cast, fake_target, stopped_clock):
    escalation = stopped_clock
    assert "extend" not in escalation_decisions(escalation=escalation, user=cast.leader)
    assert escalation_refused_decisions(escalation=escalation, user=cast.leader)["extend"] == NO_CLOCK
    with pytest.raises(ValidationFailed) as refused:
        escalation_decide_check(
            escalation=escalation, actor=cast.leader, decision="extend", reason="Gia hạn", new_due_on=at(27).date()
        )
    assert refused.value.fields == {"new_due_on": [NO_CLOCK]}
    _post_refused(
        client,
        cast.leader,
        escalation,
        {"decision": "extend", "reason": "Gia hạn", "new_due_on": "2026-03-27"},
        message=NO_CLOCK,
    )
    with pytest.raises(ValidationFailed):
        escalation_decide(
            escalation=escalation, actor=cast.leader, decision="extend", reason="Gia hạn", new_due_on=at(27).date()
        )
    assert fake_target.decisions == []
    assert Deadline.objects.get(target_type="tests.fake", step="accept").status == Deadline.Status.MET


def test_the_offered_decisions_are_read_without_a_transaction_or_a_lock(cast, frozen_clock):
    flag = raise_flag(cast)
    escalation = inspections.flag_escalate(flag=flag, actor=cast.chair, reason=REASON)
    with CaptureQueriesContext(connection) as queries:
        flag_escalation_decision_refusals(escalation)
        escalation_refused_decisions(escalation=escalation, user=cast.leader)
    sql = " ".join(q["sql"].upper() for q in queries.captured_queries)
    assert "SAVEPOINT" not in sql and "FOR UPDATE" not in sql


@pytest.mark.parametrize(
    "values",
    [
        {"decision": "bogus", "reason": "x"},
        {"decision": "extend", "reason": "x", "new_due_on": "31/31/2026"},
        {"decision": "discipline", "reason": "x", "discipline": "chém"},
        {"decision": ["approve", "extend"], "reason": "x" * 5000},
        {"decision": "approve", "reason": "x", "version": "abc"},
    ],
)
def test_hostile_decisions_are_refused_never_a_500(client, cast, frozen_clock, values):
    flag = raise_flag(cast)
    escalation = inspections.flag_escalate(flag=flag, actor=cast.chair, reason=REASON)
    client.force_login(cast.leader)
    response = client.post(reverse("workflows:detail", args=[escalation.pk]), {"version": escalation.version, **values})
    assert response.status_code == 400
    escalation.refresh_from_db()
    assert escalation.status == Escalation.Status.PENDING
    answer = api_client(cast.leader).post(f"/api/escalations/{escalation.pk}/decide/", values, format="json")
    assert answer.status_code == 400
