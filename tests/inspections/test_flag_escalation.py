"""A flag with no inspection after its deadline escalates; leadership's decision ends or restarts it."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.inspections import selectors
from casework.inspections.models import Flag
from casework.org.services import unit_update
from core import clock
from core.errors import ValidationFailed
from tests.builders import open_ad_hoc, raise_flag
from workflows.models import Deadline, Escalation
from workflows.services.escalations import escalation_decide
from workflows.sweep import sweep_run


def _breach(flag):
    clock.advance(dt.timedelta(days=35))
    sweep_run()
    return Escalation.objects.get(target_type="inspections.flag", target_id=str(flag.pk))


def _bucket(flag):
    return selectors.flag_bucket(flag=flag)


def test_overdue_flag_is_unaccounted_until_the_sweep_escalates_it(cast, frozen_clock):
    flag = raise_flag(cast)
    assert _bucket(flag) == "in_progress"
    clock.advance(dt.timedelta(days=35))
    assert _bucket(flag) == "unaccounted"
    sweep_run()
    assert _bucket(flag) == "overdue_escalated"
    assert selectors.coverage_by_unit(user=None)["complete"] is True


def _dissolve(cast, unit):
    unit_update(unit=unit, actor=cast.admin, changes={"is_active": False}, reason="Quyết định giải thể số 12/QĐ-LĐLĐ")


def test_approve_on_an_allowed_ground_ends_the_flag_never_as_inspected(cast, frozen_clock):
    flag = raise_flag(cast)
    escalation = _breach(flag)
    _dissolve(cast, cast.hospital)
    escalation_decide(
        escalation=escalation,
        actor=cast.province_leader,
        decision="approve",
        ground="subject_dissolved",
        reason="CĐCS đã giải thể theo quyết định số 12/QĐ-LĐLĐ",
    )
    flag.refresh_from_db()
    assert (flag.status, flag.escalation_id, flag.end_ground) == (
        Flag.Status.DECIDED,
        escalation.pk,
        "subject_dissolved",
    )
    assert flag.decision_reason == "CĐCS đã giải thể theo quyết định số 12/QĐ-LĐLĐ"
    assert _bucket(flag) == "ended_by_leadership"
    totals = selectors.coverage_by_unit(user=None)["totals"]
    assert (totals["inspected"], totals["ended_by_leadership"], totals["inspected_percent"]) == (0, 1, 0.0)


def test_approve_without_a_ground_orders_the_inspection_on_a_fresh_clock(cast, frozen_clock):
    flag = raise_flag(cast)
    escalation = _breach(flag)
    escalation_decide(
        escalation=escalation, actor=cast.province_leader, decision="approve", reason="Đơn vị đã tự khắc phục"
    )
    flag.refresh_from_db()
    assert (flag.status, flag.end_ground, flag.instructions) == (Flag.Status.RAISED, "", "Đơn vị đã tự khắc phục")
    running = Deadline.objects.get(target_type="inspections.flag", target_id=str(flag.pk), status="open")
    assert running.due_on > clock.today()
    assert _bucket(flag) == "in_progress"


def test_a_ground_the_rules_do_not_allow_is_refused_and_changes_nothing(cast, frozen_clock):
    from core.errors import ValidationFailed

    flag = raise_flag(cast)
    escalation = _breach(flag)
    for decision, ground in (("approve", "no_basis"), ("return", "merged")):
        with pytest.raises(ValidationFailed) as err:
            escalation_decide(
                escalation=escalation, actor=cast.province_leader, decision=decision, ground=ground, reason="Kết thúc"
            )
        assert "ground" in err.value.fields
    escalation.refresh_from_db()
    flag.refresh_from_db()
    assert (escalation.status, flag.status) == ("pending", Flag.Status.RAISED)


def test_return_restarts_the_clock_with_instructions(cast, frozen_clock):
    flag = raise_flag(cast)
    escalation = _breach(flag)
    escalation_decide(
        escalation=escalation, actor=cast.province_leader, decision="return", reason="Mở ngay cuộc kiểm tra"
    )
    flag.refresh_from_db()
    assert (flag.status, flag.instructions) == (Flag.Status.RAISED, "Mở ngay cuộc kiểm tra")
    running = Deadline.objects.filter(target_type="inspections.flag", target_id=str(flag.pk), status="open")
    assert running.count() == 1
    assert _bucket(flag) == "in_progress"
    # The fresh clock breaches too: escalated again, never silently overdue.
    clock.advance(dt.timedelta(days=35))
    assert _bucket(flag) == "unaccounted"
    sweep_run()
    assert _bucket(flag) == "overdue_escalated"


def test_extend_moves_the_deadline(cast, frozen_clock):
    flag = raise_flag(cast)
    escalation = _breach(flag)
    new_due = clock.today() + dt.timedelta(days=10)
    escalation_decide(
        escalation=escalation, actor=cast.province_leader, decision="extend", reason="Gia hạn", new_due_on=new_due
    )
    flag.refresh_from_db()
    assert flag.status == Flag.Status.RAISED
    assert Deadline.objects.get(target_type="inspections.flag", target_id=str(flag.pk)).due_on == new_due
    assert _bucket(flag) == "in_progress"


def test_referral_to_the_competent_body_ends_the_flag_on_that_ground(cast, frozen_clock):
    flag = raise_flag(cast)
    escalation = _breach(flag)
    escalation_decide(
        escalation=escalation,
        actor=cast.province_leader,
        decision="refer",
        refer_to="authorities",
        referred_body="Thanh tra tỉnh",
        referral_ref="45/CV-UBKT",
        reason="Có dấu hiệu tội phạm",
    )
    flag.refresh_from_db()
    assert (flag.status, flag.end_ground) == (Flag.Status.DECIDED, "referred")
    assert (flag.referred_to, flag.referral_ref) == ("Thanh tra tỉnh", "45/CV-UBKT")


def test_a_discipline_decision_does_not_end_a_flag_that_was_never_inspected(cast, frozen_clock):
    flag = raise_flag(cast)
    escalation = _breach(flag)
    escalation_decide(
        escalation=escalation,
        actor=cast.province_leader,
        decision="discipline",
        discipline="canh_cao",
        reason="Kỷ luật",
    )
    flag.refresh_from_db()
    assert flag.status == Flag.Status.RAISED
    assert _bucket(flag) == "in_progress"


def test_flag_assigned_after_breach_stays_accounted(cast, frozen_clock):
    flag = raise_flag(cast)
    _breach(flag)
    open_ad_hoc(cast, [flag])
    assert _bucket(flag) in ("overdue_escalated", "in_progress")


def test_refer_to_the_superior_union_keeps_the_flag_open_and_escalated(cast, frozen_clock):
    flag = raise_flag(cast)
    escalation = _breach(flag)
    escalation_decide(
        escalation=escalation, actor=cast.province_leader, decision="refer", reason="Lên cấp trên", refer_to="superior"
    )
    flag.refresh_from_db()
    assert flag.status == Flag.Status.RAISED
    assert _bucket(flag) == "overdue_escalated"


def test_subject_dissolved_is_refused_while_the_unit_is_active(cast, frozen_clock, client):
    """The ground must be true: the page and the API do not offer it, the service refuses it with
    nothing changed; once the unit is dissolved (inactive) the same decision ends the flag."""
    from django.urls import reverse
    from rest_framework.test import APIClient

    from casework.audit.models import AuditEvent

    flag = raise_flag(cast)
    escalation = _breach(flag)
    api = APIClient()
    api.force_authenticate(cast.leader)
    assert "subject_dissolved" not in api.get(f"/api/escalations/{escalation.pk}/").json()["allowed_grounds"]
    client.force_login(cast.leader)
    page = client.get(reverse("workflows:detail", args=[escalation.pk])).content.decode()
    assert 'value="merged"' in page and 'value="subject_dissolved"' not in page
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        escalation_decide(
            escalation=escalation,
            actor=cast.leader,
            decision="approve",
            ground="subject_dissolved",
            reason="CĐCS đã giải thể",
        )
    assert "CĐCS Bệnh viện vẫn đang hoạt động" in refused.value.fields["ground"][0]
    response = api.post(
        f"/api/escalations/{escalation.pk}/decide/",
        {"decision": "approve", "ground": "subject_dissolved", "reason": "CĐCS đã giải thể"},
        format="json",
    )
    assert response.status_code == 400 and "ground" in response.json()["fields"]
    escalation.refresh_from_db()
    flag.refresh_from_db()
    assert (escalation.status, escalation.ground, flag.status) == (Escalation.Status.PENDING, "", Flag.Status.RAISED)
    assert AuditEvent.objects.count() == events
    _dissolve(cast, cast.hospital)
    assert "subject_dissolved" in api.get(f"/api/escalations/{escalation.pk}/").json()["allowed_grounds"]
    escalation_decide(
        escalation=escalation, actor=cast.leader, decision="approve", ground="subject_dissolved", reason="Đã giải thể"
    )
    flag.refresh_from_db()
    assert (flag.status, flag.end_ground) == (Flag.Status.DECIDED, "subject_dissolved")


def test_flag_decide_refuses_subject_dissolved_on_an_active_unit(cast, frozen_clock):
    from casework.inspections.services import flag_decide

    flag = raise_flag(cast)
    with pytest.raises(ValidationFailed):
        flag_decide(
            flag=flag, escalation_id=0, decision="approve", ground="subject_dissolved", actor=cast.leader, reason="x"
        )
    flag.refresh_from_db()
    assert flag.status == Flag.Status.RAISED
