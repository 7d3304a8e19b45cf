"""A pending escalation's page says whose decision it waits on, read from the rule
the decision checks (workflows.services.escalations.escalation_decider_refusal): the body of the unit whose
leaders (BTV/BCH) may decide it. Only the leadership sees a line the conflicts shaped; a committee chair or
an auditor following it reads that it waits on the competent level. Escalations are the leadership's alone
(no delegation to the committee chair), so no chair is ever named."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.inspections.services.teams import conflict_declare
from casework.org import role_cache
from casework.org.models import Role, RoleAssignment
from core.errors import TransitionNotAllowed
from tests.builders import raise_flag
from workflows.selectors import escalation_awaited
from workflows.services.escalations import escalation_decide, escalation_decider_require, escalation_open

pytestmark = pytest.mark.django_db

SECTOR_BTV = "Chờ Ban Thường vụ Công đoàn ngành Y tế quyết định"
COMPETENT = "Chờ cấp có thẩm quyền quyết định"


def escalated(cast, unit):
    flag = raise_flag(cast)
    return escalation_open(target=flag, unit=unit, reason="Cần lãnh đạo cho ý kiến.", actor=cast.chair)


def page(client, user, escalation) -> str:
    client.force_login(user)
    answer = client.get(reverse("workflows:detail", args=[escalation.pk]))
    assert answer.status_code == 200
    return answer.content.decode()


def test_an_escalation_at_the_sector_waits_on_its_standing_committee(cast, frozen_clock, client):
    escalation = escalated(cast, cast.sector)
    for reader in (cast.leader, cast.chair, cast.auditor):
        assert escalation_awaited(escalation=escalation, user=reader) == SECTOR_BTV
    assert SECTOR_BTV in page(client, cast.chair, escalation)
    assert SECTOR_BTV in page(client, cast.leader, escalation)


def test_a_body_of_executive_committee_members_is_named_as_such(cast, frozen_clock, client):
    escalation = escalated(cast, cast.sector)
    RoleAssignment.objects.filter(user=cast.leader).update(role=Role.BCH_MEMBER)
    role_cache.forget(cast.leader.pk)
    expected = "Chờ Ban Chấp hành Công đoàn ngành Y tế quyết định"
    assert escalation_awaited(escalation=escalation, user=cast.chair) == expected
    assert expected in page(client, cast.leader, escalation)


def test_a_level_with_no_leaders_waits_on_the_nearest_above_for_every_reader(cast, frozen_clock):
    # The hospital's union holds no leadership role here: the sector's decide it (leaders of the level or above).
    escalation = escalated(cast, cast.hospital)
    escalation_decider_require(escalation=escalation, actor=cast.leader)
    assert escalation_awaited(escalation=escalation, user=cast.chair) == SECTOR_BTV


def test_every_leader_of_the_level_conflicted_is_told_only_to_the_leadership(cast, frozen_clock, client):
    escalation = escalated(cast, cast.sector)
    conflict_declare(user=cast.leader, unit=cast.hospital, reason="Vợ là kế toán CĐCS", actor=cast.leader)
    # The line reads the check: the sector's leader is refused, the province's decides.
    with pytest.raises(TransitionNotAllowed):
        escalation_decider_require(escalation=escalation, actor=cast.leader)
    escalation_decider_require(escalation=escalation, actor=cast.province_leader)
    assert escalation_awaited(escalation=escalation, user=cast.leader) == "Chờ Ban Thường vụ LĐLĐ tỉnh quyết định"
    assert escalation_awaited(escalation=escalation, user=cast.province_leader) == (
        "Chờ Ban Thường vụ LĐLĐ tỉnh quyết định"
    )
    for follower in (cast.chair, cast.auditor):
        assert escalation_awaited(escalation=escalation, user=follower) == COMPETENT
    shown = page(client, cast.chair, escalation)
    assert COMPETENT in shown and "LĐLĐ tỉnh quyết định" not in shown


def test_a_decided_escalation_waits_on_nobody(cast, frozen_clock, client):
    escalation = escalated(cast, cast.sector)
    escalation_decide(
        escalation=escalation,
        actor=cast.leader,
        decision="return",
        reason="Ủy ban kiểm tra mở cuộc kiểm tra.",
        expected_version=escalation.version,
    )
    escalation.refresh_from_db()
    assert escalation_awaited(escalation=escalation, user=cast.leader) == ""
    assert 'id="decision-awaited"' not in page(client, cast.leader, escalation)
