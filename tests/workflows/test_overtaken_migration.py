"""Escalations closed as overtaken before they kept that moment apart (workflows 0031): the closing moment
moves from `decided_at` to `overtaken_at`, and a referral up keeps its own moment, read from the trail. One
whose referral the trail does not hold keeps its closing moment as its decision's: a decision maker is never
shown without a moment. Undone, `decided_at` is the closing moment again."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps

from casework.cases.services import case_accept
from core import clock
from tests.workflows.test_escalation_overtaken import _breached_and_escalated, _clock
from workflows.models import Escalation
from workflows.services.escalations import escalation_decide
from workflows.sweep import sweep_run

pytestmark = pytest.mark.django_db

step = importlib.import_module("workflows.migrations.0031_escalation_overtaken_at")


@pytest.mark.parametrize("in_the_trail", [True, False])
def test_an_overtaken_referral_keeps_a_moment_forward_and_backward(cast, make_case, in_the_trail):
    case = make_case()
    escalation = _breached_and_escalated(_clock(case, "accept"))
    if in_the_trail:
        escalation_decide(
            escalation=escalation, actor=cast.leader, decision="refer", refer_to="superior", reason="Vượt thẩm quyền"
        )
    referred_at = clock.now()
    clock.set_now(referred_at + dt.timedelta(hours=2))
    case_accept(case=case, actor=cast.intake, legal_ground="Luật Khiếu nại 2011 Đ.27", subject_area="khac")
    assert sweep_run().overtaken == 1
    closed = clock.now()
    # As it stood before 0031: the closing moment in `decided_at`; a referral up the trail may not hold.
    Escalation.objects.filter(pk=escalation.pk).update(
        decided_at=closed, overtaken_at=None, decided_by=cast.leader, decision=Escalation.Decision.REFER
    )

    step._split(apps, None)
    escalation.refresh_from_db()
    assert escalation.decided_by == cast.leader
    assert (escalation.decided_at, escalation.overtaken_at) == (referred_at if in_the_trail else closed, closed)

    step._join(apps, None)
    escalation.refresh_from_db()
    assert (escalation.decided_by, escalation.decided_at) == (cast.leader, closed)
