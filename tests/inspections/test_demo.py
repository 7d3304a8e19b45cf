"""The demo loader builds every state through the services, and a second run changes nothing."""

from __future__ import annotations

from casework.inspections import selectors
from casework.inspections.demo import load_demo_inspections
from casework.inspections.models import Category, Flag, FollowupReport, Inspection, InspectionPlan, Recommendation
from casework.org.demo import load_demo_org
from workflows.models import Escalation


def test_demo_has_every_state_and_is_idempotent(db, frozen_clock):
    load_demo_org()
    first = load_demo_inspections()
    assert set(Flag.objects.values_list("status", flat=True)) == set(Flag.Status.values)
    assert set(Inspection.Status.values) <= set(Inspection.objects.values_list("status", flat=True))
    assert {"active", "submitted"} <= set(InspectionPlan.objects.values_list("status", flat=True))
    assert set(FollowupReport.objects.values_list("verdict", flat=True)) == {"accepted", "returned", ""}
    # The lung hospital's union has no account: its report came on paper, recorded by the committee.
    on_paper = FollowupReport.objects.get(on_paper=True)
    assert on_paper.recommendation.owner_unit.code == "CDCS-BVPHOI"
    assert (on_paper.verdict, on_paper.recommendation.status) == ("", Recommendation.Status.REPORTED)
    overdue = Recommendation.objects.get(text__startswith="Ban hành quy chế")
    assert Escalation.objects.filter(target_type="inspections.recommendation", target_id=str(overdue.pk)).exists()
    report = selectors.coverage_by_unit(user=None)
    assert (
        report["complete"]
        and report["totals"]["overdue_escalated"] >= 1
        and report["totals"]["ended_by_leadership"] == 1
    )
    assert selectors.coverage_trail_disagreements() == []  # built through the services: the trail agrees
    # The flag leadership ended as merged names the flag it was merged into (an inspected matter).
    merged = Flag.objects.get(end_ground="merged")
    assert merged.merged_into_flag is not None and merged.merged_into_flag.inspection_id is not None
    # What a flag says was found is prose, never a category code ("finance_spending").
    evidence = " ".join(Flag.objects.values_list("evidence", flat=True))
    assert not {code for code in Category.values if code in evidence}
    counts = (Flag.objects.count(), Inspection.objects.count(), Escalation.objects.count())
    load_demo_inspections()
    assert (Flag.objects.count(), Inspection.objects.count(), Escalation.objects.count()) == counts
    assert first["flags"] == counts[0]


def test_the_committee_of_one_has_an_inspection_waiting_for_its_decision(db, frozen_clock):
    """Công đoàn cơ quan Sở Y tế (28 members) inspects with its one person doing inspection work: the sign is
    theirs, the team is them alone, and the decision to inspect is what the committee chair signs next."""
    from casework.inspections.actions import inspection_actions
    from casework.inspections.demo import COMMITTEE_OF_ONE, COMMITTEE_OF_ONE_SIGN
    from casework.org.models import User

    load_demo_org()
    load_demo_inspections()
    one = User.objects.get(username="kiemtracs")
    flag = Flag.objects.get(evidence=COMMITTEE_OF_ONE_SIGN)
    inspection = flag.inspection
    assert (flag.unit.code, inspection.unit.code, inspection.status) == (
        COMMITTEE_OF_ONE,
        COMMITTEE_OF_ONE,
        Inspection.Status.OPENED,
    )
    assert list(inspection.team.values_list("user", "role")) == [(one.pk, "lead")]
    assert "decide" in inspection_actions(user=User.objects.get(username="chunhiem"), inspection=inspection)
    assert "decide" not in inspection_actions(user=one, inspection=inspection)


def test_each_inspection_walked_finds_its_own_and_takes_each_step_within_its_time(db, frozen_clock):
    """Each inspection the demo walks to its fieldwork records its own finding; its steps are taken on their own
    days, each clock met on or before its day, and the fieldwork (30 days from the notice) is due before the
    conclusion is approved."""
    from django.utils import timezone

    from casework.inspections.models import Finding
    from workflows.models import Deadline

    load_demo_org()
    load_demo_inspections()
    findings = list(Finding.objects.values_list("inspection_id", "description"))
    assert len(findings) >= 6
    assert len({description for _pk, description in findings}) == len(findings)
    concluded = Inspection.objects.exclude(conclusion_approved_at=None)
    assert concluded.count() >= 4
    for inspection in concluded:
        clocks = {
            d.step: d
            for d in Deadline.objects.filter(target_type="inspections.inspection", target_id=str(inspection.pk))
        }
        approved_on = timezone.localdate(inspection.conclusion_approved_at)
        assert clocks["fieldwork"].due_on < approved_on, inspection.pk
        for step in ("decision", "notice", "fieldwork", "conclusion"):
            met = clocks[step]
            assert met.status == Deadline.Status.MET and timezone.localdate(met.closed_at) <= met.due_on, step
        assert clocks["notice"].closed_at < clocks["fieldwork"].closed_at < inspection.conclusion_approved_at


def test_each_union_answering_on_paper_cites_its_own_letter(db, frozen_clock):
    """Each inspected union that explains on paper cites a công văn of its own: its number and its abbreviation,
    never another union's (the one a denunciation's conclusion sent for inspection among them)."""
    from casework.cases.demo import load_demo_cases
    from casework.inspections.demo import paper_reference

    load_demo_org()
    load_demo_cases()
    load_demo_inspections()
    explained = Inspection.objects.exclude(explanation_paper_reference="").select_related("subject_unit")
    cited = {inspection.subject_unit.code: inspection.explanation_paper_reference for inspection in explained}
    assert len(cited) >= 2
    assert len(set(cited.values())) == len(cited)
    for inspection in explained:
        assert inspection.explanation_paper_reference == paper_reference(inspection.subject_unit)
    assert cited["CDCS-BVPHOI"].endswith("/CV-CĐBVP")


def test_the_annual_plan_plans_each_inspection_for_when_it_is_carried_out(db, frozen_clock):
    """Loaded late in the year, each annual plan item inspected is planned for the days its inspection takes:
    opened and decided on or after the item's first day, its conclusion notified by its last; the items still to
    come start after today. Every period lies in the plan's year."""
    import datetime as dt

    from django.utils import timezone

    frozen_clock.set_now(timezone.make_aware(dt.datetime(2026, 12, 7, 9, 0)))
    load_demo_org()
    load_demo_inspections()
    plan = InspectionPlan.objects.get(period="annual")
    items = list(plan.items.filter(kind="inspection").order_by("pk"))
    assert all(item.starts_on.year == item.ends_on.year == 2026 for item in items)
    inspected = {item.pk: item.inspections.get() for item in items if item.inspections.exists()}
    assert len(inspected) == 2
    for item in items:
        inspection = inspected.get(item.pk)
        if inspection is None:
            assert item.starts_on > frozen_clock.today()
            continue
        assert item.starts_on <= timezone.localdate(inspection.created_at) <= item.ends_on
        for instant in (inspection.decided_at, inspection.conclusion_notified_at):
            assert instant is None or item.starts_on <= timezone.localdate(instant) <= item.ends_on
