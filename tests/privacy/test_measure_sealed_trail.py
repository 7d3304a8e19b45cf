"""The free texts of the events of a denunciation's measure (a return's reason, an escalation's reason
and proposal, a leadership's direction) enter the append-only chain only under the case's key: read in
clear on the measure's trail while the key lives, unreadable once the case's retention period has
discarded it, the chain still whole. An inspection's recommendation keeps its trail as written."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.audit.models import AuditEvent
from casework.audit.selectors import audit_timeline
from casework.audit.timeline import DESTROYED, timeline_entries
from casework.audit.verification import audit_chain_verify
from casework.cases.identity import is_sealed_text
from casework.cases.models import Kind
from casework.cases.services import (
    case_close,
    case_conclusion_measure_add,
    case_handle_conclusion,
    case_notify_result,
)
from casework.inspections import services
from casework.inspections.models import Recommendation
from casework.privacy.services import retention_policy_set, retention_run
from core import clock
from tests import builders
from workflows.models import Escalation
from workflows.services.escalations import escalation_decide

pytestmark = pytest.mark.django_db

TARGET = "inspections.recommendation"
WITNESS = "Lê Thị Chứng"
REASON = f"Chưa có biên nhận của bà {WITNESS}"
DIRECTION = f"Yêu cầu hoàn trả bà {WITNESS} trong tháng"


def _events(rec: Recommendation):
    return AuditEvent.objects.filter(target_type=TARGET, target_id=str(rec.pk)).order_by("seq")


def _why(user, rec: Recommendation) -> dict[str, list[str]]:
    """The measure's trail as `user` reads it: action → the reasons shown."""
    shown: dict[str, list[str]] = {}
    for entry in timeline_entries(audit_timeline(user=user, target_type=TARGET, target_id=rec.pk)):
        shown.setdefault(entry.action, []).append(entry.why)
    return shown


def test_a_measure_trail_keeps_its_texts_under_the_case_key_and_loses_them_with_it(cast, frozen_clock):
    retention_policy_set(actor=cast.admin, kind=Kind.DENUNCIATION, years=5, source="Quy định lưu trữ (thử nghiệm)")
    case = builders.decided(cast, kind=Kind.DENUNCIATION, subject_unit=cast.hospital, title="Tố cáo chi sai quỹ")
    case = case_handle_conclusion(case=case, actor=cast.leader, note="Kiến nghị xử lý theo thẩm quyền")
    case_conclusion_measure_add(
        case=case,
        actor=cast.leader,
        text="Hoàn trả khoản đã thu sai",
        owner_unit=cast.hospital,
        due_on=builders.later(30),
        monitor=cast.inspector,
    )
    rec = Recommendation.objects.get(case=case)
    for attempt in (1, 2):
        services.followup_report(recommendation=rec, text=f"Báo cáo lần {attempt}", actor=cast.subject_rep)
        services.recommendation_verify(recommendation=rec, verdict="returned", reason=REASON, actor=cast.inspector)
    escalation = Escalation.objects.get(target_type=TARGET, target_id=str(rec.pk))
    escalation_decide(
        escalation=escalation,
        actor=cast.leader,
        decision="return",
        reason=DIRECTION,
        expected_version=escalation.version,
    )
    # Nothing of the texts in clear in the chain: the reasons sealed, the escalation's too.
    events = _events(rec)
    assert not events.filter(canonical__contains=WITNESS).exists()
    sealed = [e.action for e in events if is_sealed_text(e.reason)]
    assert sealed.count("recommendation.return") == 2
    assert {"escalation.open", "escalation.return", "recommendation.leadership_return"} <= set(sealed)
    # Readers of the trail read them: the unit that must act, the leader (the escalation's, at its level).
    for reader in (cast.subject_rep, cast.leader):
        why = _why(reader, rec)
        assert why["recommendation.return"] == [REASON, REASON]
        assert why["recommendation.leadership_return"] == [DIRECTION]
    assert WITNESS in _why(cast.leader, rec)["escalation.open"][0]

    case = case_notify_result(case=case, actor=cast.officer)
    case = builders.published(case, cast.officer)  # Luật Tố cáo 2018 Đ.40: made public before closing
    case = case_close(case=case, actor=cast.officer)
    outcomes = retention_run(now=clock.now() + dt.timedelta(days=5 * 365 + 30))
    assert [o.outcome for o in outcomes] == ["destroyed"]

    why = _why(cast.leader, rec)
    assert why["recommendation.return"] == [str(DESTROYED), str(DESTROYED)]
    assert why["recommendation.leadership_return"] == [str(DESTROYED)]
    assert why["escalation.open"] == [str(DESTROYED)]
    assert not any(WITNESS in text for texts in why.values() for text in texts)
    assert audit_chain_verify().ok

    # An inspection's recommendation, no case's key: its trail as written.
    inspection = builders.conclude(cast, builders.open_ad_hoc(cast, [builders.raise_flag(cast, unit=cast.hospital)]))
    other = builders.recommend(cast, inspection)
    services.followup_report(recommendation=other, text="Đã thực hiện", actor=cast.subject_rep)
    services.recommendation_verify(recommendation=other, verdict="returned", reason=REASON, actor=cast.inspector)
    assert _events(other).get(action="recommendation.return").reason == REASON
    assert audit_chain_verify().ok
