"""The whole road: flag → ad hoc inspection → approved conclusion → recommendation → report → verified."""

from __future__ import annotations

from decimal import Decimal

import pytest

from casework.audit.models import AuditEvent
from casework.inspections import selectors, services
from casework.inspections.models import Flag, Inspection, Recommendation
from core.errors import TransitionNotAllowed, ValidationFailed
from tests.builders import conclude, later, open_ad_hoc, raise_flag, recommend
from workflows.models import Deadline, Escalation


def _deadline(target_type, pk, step):
    return Deadline.objects.get(target_type=target_type, target_id=str(pk), step=step)


def test_flag_to_verified_followup(cast, frozen_clock):
    flag = raise_flag(cast)
    inspection = open_ad_hoc(cast, [flag])
    flag.refresh_from_db()
    assert flag.status == Flag.Status.ASSIGNED
    assert _deadline("inspections.flag", flag.pk, "open_inspection").status == "met"
    assert _deadline("inspections.inspection", inspection.pk, "notice").status == "open"

    inspection = conclude(cast, inspection)
    assert inspection.status == Inspection.Status.CONCLUDED
    assert inspection.findings.get().amount == Decimal("12500000")
    assert _deadline("inspections.inspection", inspection.pk, "fieldwork").status == "met"
    assert _deadline("inspections.inspection", inspection.pk, "conclusion").status == "met"
    flag.refresh_from_db()
    assert flag.status == Flag.Status.INSPECTED
    assert flag.conclusion_approved_at is not None

    inspection = services.inspection_conclusion_notify(inspection=inspection, actor=cast.inspector)
    rec = recommend(cast, inspection, due_in=20)
    report_dl = _deadline("inspections.recommendation", rec.pk, "report")
    assert report_dl.due_on == later(20)

    report = services.followup_report(recommendation=rec, text="Đã thu hồi, nộp quỹ", actor=cast.subject_rep)
    report = services.followup_verify(report=report, verdict="accepted", actor=cast.inspector2)
    rec.refresh_from_db()
    assert rec.status == Recommendation.Status.ACCEPTED
    assert _deadline("inspections.recommendation", rec.pk, "verify").status == "met"
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"flag.raise", "flag.assign", "flag.inspected", "inspection.conclude", "recommendation.accept"} <= actions
    assert selectors.coverage_by_unit(user=cast.chair)["totals"]["inspected"] == 1


def test_grouped_flags_all_end_inspected_with_one_conclusion(cast, frozen_clock):
    flags = [raise_flag(cast, category=c) for c in ("finance_spending", "finance_books", "assets_inventory")]
    inspection = open_ad_hoc(cast, flags[:2])
    services.inspection_flags_add(inspection=inspection, flags=[flags[2]], actor=cast.inspector)
    inspection.refresh_from_db()
    assert set(inspection.topics) == {"finance_spending", "finance_books", "assets_inventory"}
    assert inspection.checklist.filter(code__startswith="assets_inventory").exists()
    conclude(cast, inspection)
    assert set(Flag.objects.values_list("status", flat=True)) == {Flag.Status.INSPECTED}
    assert Flag.objects.filter(inspection=inspection).count() == 3


def test_a_flag_cannot_join_two_inspections(cast, frozen_clock):
    flag = raise_flag(cast)
    open_ad_hoc(cast, [flag])
    with pytest.raises(TransitionNotAllowed):
        open_ad_hoc(cast, [flag])


def test_flag_of_another_unit_cannot_be_grouped(cast, frozen_clock):
    other = raise_flag(cast, unit=cast.clinic)
    with pytest.raises(ValidationFailed):
        open_ad_hoc(cast, [other])


def test_report_needs_the_whole_checklist(cast, frozen_clock):
    inspection = open_ad_hoc(cast, [raise_flag(cast)])
    services.inspection_notify(inspection=inspection, text="Thông báo", actor=cast.inspector)
    services.inspection_acknowledge(inspection=inspection, actor=cast.subject_rep)
    with pytest.raises(ValidationFailed) as err:
        services.inspection_report_draft(inspection=inspection, text="Dự thảo", actor=cast.inspector)
    assert "checklist" in err.value.fields


def test_only_the_chair_approves_the_conclusion(cast, frozen_clock):
    from tests.builders import walk_to_reporting

    inspection = walk_to_reporting(cast, open_ad_hoc(cast, [raise_flag(cast)]))
    with pytest.raises(TransitionNotAllowed):
        services.inspection_conclude(inspection=inspection, outcome="founded", text="x", actor=cast.inspector)
    assert Flag.objects.get().status == Flag.Status.ASSIGNED


def test_followup_returned_twice_escalates(cast, frozen_clock):
    from workflows.models import Escalation

    inspection = services.inspection_conclusion_notify(
        inspection=conclude(cast, open_ad_hoc(cast, [raise_flag(cast)])), actor=cast.inspector
    )
    rec = services.recommendation_add(
        inspection=inspection, text="Bổ sung chứng từ", owner_unit=cast.hospital, due_on=later(10), actor=cast.inspector
    )
    for n in range(2):
        report = services.followup_report(recommendation=rec, text=f"Lần {n}", actor=cast.subject_rep)
        with pytest.raises(ValidationFailed):
            services.followup_verify(report=report, verdict="returned", actor=cast.inspector, reason=" ")
        services.followup_verify(report=report, verdict="returned", actor=cast.inspector, reason="Thiếu chứng từ")
    rec.refresh_from_db()
    assert (rec.status, rec.times_returned) == (Recommendation.Status.RETURNED, 2)
    assert Escalation.objects.filter(target_type="inspections.recommendation", target_id=str(rec.pk)).count() == 1


def test_qd5130_a_discipline_proposal_from_a_conclusion_is_decided_by_the_bodys_secret_ballot(
    cast, frozen_clock, client
):
    from rest_framework.test import APIClient

    from casework.cases.models import DisciplineProceeding
    from casework.inspections.actions import inspection_actions
    from core import clock

    inspection = conclude(cast, open_ad_hoc(cast, [raise_flag(cast)]))
    with pytest.raises(ValidationFailed):
        services.discipline_propose(
            inspection=inspection, person="A", proposal="phat_tien", reason="x", actor=cast.chair
        )
    with pytest.raises(ValidationFailed) as err:  # khai trừ is a member's form, not a cadre's
        services.discipline_propose(
            inspection=inspection,
            person="Nguyễn Văn A",
            proposal="khai_tru",
            subject_kind="part_time_cadre",
            reason="Chi sai",
            actor=cast.chair,
        )
    assert "violation_forms" in err.value.fields
    proposal = services.discipline_propose(
        inspection=inspection, person="Nguyễn Văn A", proposal="canh_cao", reason="Chi sai nhiều lần", actor=cast.chair
    )
    # Nothing waits in the leadership queue for one leader's click: the body votes on the page.
    assert not Escalation.objects.filter(status="pending", target_type="inspections.disciplineproposal").exists()
    assert (proposal.status, proposal.subject_kind, proposal.proposed_form) == ("proposed", "member", "canh_cao")
    assert "discipline_ballot" not in inspection_actions(user=cast.chair, inspection=inspection)
    with pytest.raises(TransitionNotAllowed):
        services.inspection_discipline_ballot_record(
            inspection=inspection,
            actor=cast.chair,
            meeting_on=clock.today(),
            members_total=9,
            members_present=9,
            votes={"canh_cao": 9},
        )
    client.force_login(cast.leader)
    page = client.get(f"/inspections/{inspection.pk}/").content.decode()
    assert 'id="action-discipline_ballot"' in page and 'name="votes_cach_chuc"' not in page
    response = client.post(
        f"/inspections/{inspection.pk}/discipline_ballot/",
        {
            "meeting_on": clock.today().isoformat(),
            "members_total": 9,
            "members_present": 5,
            "votes_canh_cao": 5,
        },
    )
    assert response.status_code == 400  # 5 of 9 present: no quorum, nothing recorded
    proposal.refresh_from_db()
    assert proposal.status == "proposed"
    api = APIClient()
    api.force_authenticate(cast.leader)
    decided = api.post(
        f"/api/inspections/{inspection.pk}/discipline_ballot/",
        {
            "meeting_on": clock.today().isoformat(),
            "members_total": 9,
            "members_present": 8,
            "votes": {"canh_cao": 6, "khien_trach": 2},
        },
        format="json",
    )
    assert decided.status_code == 200, decided.content
    assert [(d["status"], d["outcome"]) for d in decided.json()["disciplines"]] == [("decided", "canh_cao")]
    proposal.refresh_from_db()
    assert (proposal.status, proposal.signed_by, proposal.members_present) == (
        DisciplineProceeding.Status.DECIDED,
        cast.leader,
        8,
    )
    # The decision is issued with the unit's next register number, which the ballot's audit event carries.
    from casework.audit.models import AuditEvent
    from casework.papers.models import Paper

    paper = Paper.objects.get(target_type="cases.disciplineproceeding", target_id=str(proposal.pk))
    assert proposal.decision_number == paper.symbol
    event = AuditEvent.objects.get(action="inspection.discipline_ballot", target_id=str(inspection.pk))
    assert event.after["decision_number"] == paper.symbol


def test_overdue_recommendation_escalates_on_the_sweep(cast, frozen_clock):
    import datetime as dt

    from core import clock
    from workflows.models import Escalation
    from workflows.sweep import sweep_run

    inspection = conclude(cast, open_ad_hoc(cast, [raise_flag(cast)]))
    rec = services.recommendation_add(
        inspection=inspection, text="Kiểm kê lại tài sản", owner_unit=cast.hospital, due_on=later(7), actor=cast.chair
    )
    clock.advance(dt.timedelta(days=10))
    sweep_run()
    assert _deadline("inspections.recommendation", rec.pk, "report").status == "breached"
    escalation = Escalation.objects.get(target_type="inspections.recommendation", target_id=str(rec.pk))
    assert escalation.automatic
    # The unit still reports late; the follow-up carries on to verification.
    services.followup_report(recommendation=rec, text="Đã kiểm kê", actor=cast.subject_rep)
    rec.refresh_from_db()
    assert rec.status == Recommendation.Status.REPORTED
