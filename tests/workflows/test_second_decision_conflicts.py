"""Two leaders decide one escalation one after the other: the second is told it was already decided or moved
up (a conflict: reload the page, API 409 `conflict`), never that they may not decide it, even when they
could decide none of it (workflows.services.escalations._decision_check reads the escalation's state before
the decider's refusals; the page reads it the same way)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.inspections import services as inspections
from casework.org.models import Role
from core.errors import ConcurrentChange
from tests.builders import accepted, api_client, raise_flag
from tests.factories import UserFactory
from workflows.models import Escalation
from workflows.services.escalations import escalation_decide, escalation_decide_check, escalation_open

pytestmark = pytest.mark.django_db

ALREADY = "Đề xuất đã được quyết định"
LATE = {"decision": "return", "reason": "Làm tiếp việc xác minh"}


def _second_leader_is_told_it_was_decided(client, escalation: Escalation, second, version: int) -> None:
    """The second leader, who read it at `version`, is answered with the conflict on every edge; nothing changes."""
    escalation.refresh_from_db()
    before = (escalation.status, escalation.level_id, escalation.decision, escalation.decided_by_id, escalation.version)
    for check in (escalation_decide_check, escalation_decide):
        with pytest.raises(ConcurrentChange) as refused:
            check(escalation=escalation, actor=second, expected_version=version, **LATE)
        assert ALREADY in refused.value.message
    answer = api_client(second).post(
        f"/api/escalations/{escalation.pk}/decide/", {**LATE, "version": version}, format="json"
    )
    assert answer.status_code == 409, answer.content
    assert answer.json()["code"] == "conflict" and ALREADY in answer.json()["detail"]
    client.force_login(second)
    page = client.post(
        reverse("workflows:detail", args=[escalation.pk]), {**LATE, "version": version, "confirmed": "1"}, follow=True
    )
    assert page.redirect_chain and ALREADY in page.content.decode()
    escalation.refresh_from_db()
    assert (
        escalation.status,
        escalation.level_id,
        escalation.decision,
        escalation.decided_by_id,
        escalation.version,
    ) == before


def test_a_second_leader_deciding_a_decided_escalation_is_told_it_was_decided(client, cast, frozen_clock):
    escalation = inspections.flag_escalate(flag=raise_flag(cast), actor=cast.chair, reason="Trùng nội dung")
    second = UserFactory(username="second_btv", roles=[(Role.BTV_MEMBER, cast.sector)])
    version = escalation.version  # both leaders opened the page before either decided
    escalation_decide(
        escalation=escalation,
        actor=cast.leader,
        decision="approve",
        ground="merged",
        merged_into=raise_flag(cast).reference,
        reason="Cùng nội dung chi sai",
        expected_version=version,
    )
    escalation.refresh_from_db()
    assert (escalation.status, escalation.decided_by) == (Escalation.Status.DECIDED, cast.leader)
    _second_leader_is_told_it_was_decided(client, escalation, second, version)


def test_a_second_leader_refused_every_decision_is_still_told_it_was_decided(client, cast, frozen_clock):
    """A conflict the second leader declared with the unit concerned refuses them every decision on it; on an
    escalation decided already, that it was decided is the answer (nothing they post could be taken)."""
    escalation = inspections.flag_escalate(flag=raise_flag(cast), actor=cast.chair, reason="Trùng nội dung")
    second = UserFactory(username="second_btv", roles=[(Role.BTV_MEMBER, cast.sector)])
    inspections.conflict_declare(user=second, unit=cast.hospital, reason="Vợ là kế toán CĐCS", actor=second)
    version = escalation.version
    escalation_decide(
        escalation=escalation,
        actor=cast.leader,
        decision="return",
        reason="Mở cuộc kiểm tra theo dấu hiệu",
        expected_version=version,
    )
    _second_leader_is_told_it_was_decided(client, escalation, second, version)


def test_a_reader_posting_on_an_escalation_moved_up_since_is_told_it_was_moved(client, cast, frozen_clock):
    """The chair follows a case's escalation at every level; a decision posted from a page read before the
    leader referred it to the superior union is answered as a lost race, on the page as in the API."""
    case = accepted(cast)
    escalation = escalation_open(target=case, unit=case.unit, reason="Vượt thẩm quyền", actor=cast.chair)
    version = escalation.version
    escalation_decide(
        escalation=escalation,
        actor=cast.leader,
        decision="refer",
        refer_to=Escalation.ReferTo.SUPERIOR,
        reason="Vượt thẩm quyền của công đoàn ngành",
        expected_version=version,
    )
    escalation.refresh_from_db()
    assert (escalation.status, escalation.level) == (Escalation.Status.PENDING, cast.province)
    _second_leader_is_told_it_was_decided(client, escalation, cast.chair, version)
