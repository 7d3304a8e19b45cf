"""Conflicts of interest are checked for every decision-maker (union rules: the person concerned and
the holders of roles in the unit concerned never decide on it): a leader deciding an escalation
about a flag, an inspection, a recommendation or a discipline item is refused when conflicted with
the unit, and nothing changes."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from casework.inspections import services
from casework.inspections.models import Flag
from casework.inspections.services.followups import recommendation_escalation_handle
from casework.inspections.services.inspections import inspection_escalation_handle
from casework.org.models import Role, RoleAssignment
from core import clock
from core.errors import TransitionNotAllowed
from tests.builders import conclude, open_ad_hoc, raise_flag, recommend
from workflows.models import Escalation
from workflows.services.escalations import escalation_decide
from workflows.sweep import sweep_run

pytestmark = pytest.mark.django_db


def _escalated(flag) -> Escalation:
    clock.advance(dt.timedelta(days=35))
    sweep_run()
    return Escalation.objects.get(target_type="inspections.flag", target_id=str(flag.pk))


def test_a_leader_who_declared_a_conflict_with_the_unit_cannot_decide_its_flags_escalation(cast, frozen_clock):
    flag = raise_flag(cast)
    escalation = _escalated(flag)
    services.conflict_declare(
        user=cast.province_leader, unit=cast.hospital, reason="Vợ là kế toán CĐCS", actor=cast.province_leader
    )
    with pytest.raises(TransitionNotAllowed) as refused:
        escalation_decide(escalation=escalation, actor=cast.province_leader, decision="return", reason="Làm lại")
    assert "Vợ là kế toán CĐCS" in refused.value.message
    escalation.refresh_from_db()
    flag.refresh_from_db()
    assert (escalation.status, escalation.decision) == (Escalation.Status.PENDING, "")
    assert flag.status == Flag.Status.RAISED
    # Someone without the conflict decides it.
    escalation_decide(escalation=escalation, actor=cast.leader, decision="return", reason="Làm lại")
    escalation.refresh_from_db()
    assert escalation.status != Escalation.Status.PENDING


def test_a_leader_holding_a_role_in_the_unit_cannot_decide_its_flags_escalation(cast, frozen_clock):
    flag = raise_flag(cast)
    escalation = _escalated(flag)
    RoleAssignment.objects.create(
        user=cast.province_leader, unit=cast.hospital, role=Role.BCH_MEMBER, valid_from=clock.today()
    )
    with pytest.raises(TransitionNotAllowed):
        escalation_decide(escalation=escalation, actor=cast.province_leader, decision="return", reason="Làm lại")
    escalation.refresh_from_db()
    assert escalation.status == Escalation.Status.PENDING


def test_every_inspection_escalation_handler_refuses_a_conflicted_decider(cast, frozen_clock):
    flag = raise_flag(cast)
    inspection = conclude(cast, open_ad_hoc(cast, [flag]))
    rec = recommend(cast, inspection)
    services.conflict_declare(
        user=cast.province_leader, unit=cast.hospital, reason="Anh ruột là chủ tịch CĐCS", actor=cast.province_leader
    )
    for handle, target in (
        (inspection_escalation_handle, inspection),
        (recommendation_escalation_handle, rec),
    ):
        with pytest.raises(TransitionNotAllowed):
            handle(
                escalation=SimpleNamespace(pk=0, target_id=str(target.pk)),
                decision="return",
                actor=cast.province_leader,
                reason="Chỉ đạo",
            )


def test_returning_a_flag_says_the_new_deadline_before_it_sets_it(cast, frozen_clock, client):
    from django.urls import reverse
    from rest_framework.test import APIClient

    from workflows.models import Deadline

    flag = raise_flag(cast)
    escalation = _escalated(flag)
    client.force_login(cast.leader)
    page = client.get(reverse("workflows:detail", args=[escalation.pk])).content.decode()
    api = APIClient()
    api.force_authenticate(cast.leader)
    announced = api.get(f"/api/escalations/{escalation.pk}/").json()["return_due_on"]
    escalation_decide(escalation=escalation, actor=cast.leader, decision="return", reason="Mở kiểm tra ngay")
    opened = Deadline.objects.get(target_type="inspections.flag", target_id=str(flag.pk), status="open")
    assert announced == opened.due_on.isoformat()
    assert f"hạn mới {opened.due_on:%d/%m/%Y}" in page
