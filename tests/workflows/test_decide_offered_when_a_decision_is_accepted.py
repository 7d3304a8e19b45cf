"""A leader is offered "decide" on an escalation only when the check each decision applies
(escalation_decision_refusals) accepts at least one: the target's handler refusing every decision
takes "decide" off the page and the API's `allowed_actions`, and a decision posted all the same is
refused with the handler's reason, nothing written."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.audit.models import AuditEvent
from core import clock
from core.errors import TransitionNotAllowed
from tests.builders import api_client
from tests.workflows.conftest import at
from workflows import escalations
from workflows.models import Escalation
from workflows.selectors import escalation_actions
from workflows.services.deadlines import deadline_open
from workflows.sweep import sweep_run

pytestmark = pytest.mark.django_db

SEALED = "Hồ sơ giả đang được cơ quan khác xử lý: không nhận quyết định nào của lãnh đạo."


@pytest.fixture
def escalation(cast, fake_target):
    clock.set_now(at(2))
    deadline_open(
        target=("tests.fake", "1"), unit=cast.sector, step="accept", subject="petition", assignee=cast.officer
    )
    clock.set_now(at(13))
    sweep_run()
    return Escalation.objects.get()


@pytest.fixture
def handler_refuses(fake_target):
    """The fake target's handler refuses the decisions named in the returned set."""
    refused: set[str] = set()
    saved = escalations._target_refusals.get(fake_target.type)

    def refusal(escalation, *, decision, actor, new_due_on=None, discipline=None):
        return TransitionNotAllowed(SEALED) if decision in refused else None

    escalations.register_target_refusal(fake_target.type, refusal)
    yield refused
    escalations._target_refusals.pop(fake_target.type, None)
    if saved is not None:
        escalations._target_refusals[fake_target.type] = saved


def _offered(client, user, escalation) -> tuple[bool, list[str]]:
    client.force_login(user)
    page = client.get(reverse("workflows:detail", args=[escalation.pk]))
    assert page.status_code == 200
    detail = api_client(user).get(f"/api/escalations/{escalation.pk}/")
    assert detail.status_code == 200, detail.content
    return 'name="decision"' in page.content.decode(), detail.json()["allowed_actions"]


def test_decide_is_offered_while_the_handler_accepts_one_decision(client, cast, escalation, handler_refuses):
    handler_refuses.update(value for value in Escalation.Decision.values if value != "refer")
    assert _offered(client, cast.leader, escalation) == (True, ["decide"])
    assert escalation_actions(user=cast.leader, escalation=escalation) == ["decide"]


def test_decide_is_not_offered_when_the_handler_refuses_every_decision_and_a_post_is_refused(
    client, cast, escalation, handler_refuses, fake_target
):
    handler_refuses.update(Escalation.Decision.values)
    assert _offered(client, cast.leader, escalation) == (False, [])
    assert escalation_actions(user=cast.leader, escalation=escalation) == []
    events = AuditEvent.objects.count()  # the leader is logged in (_offered)

    page = client.post(
        reverse("workflows:detail", args=[escalation.pk]),
        {"decision": "refer", "refer_to": "superior", "reason": "Chuyển cấp trên", "version": escalation.version},
    )
    assert page.status_code == 403
    assert SEALED in page.content.decode()

    answer = api_client(cast.leader).post(
        f"/api/escalations/{escalation.pk}/decide/",
        {"decision": "approve", "reason": "Đồng ý", "version": escalation.version},
        format="json",
    )
    assert answer.status_code == 409, answer.content
    assert answer.json()["code"] == "transition_not_allowed"
    assert SEALED in answer.content.decode()

    escalation.refresh_from_db()
    assert escalation.status == Escalation.Status.PENDING and not escalation.decision
    assert AuditEvent.objects.count() == events
    assert fake_target.decisions == []
