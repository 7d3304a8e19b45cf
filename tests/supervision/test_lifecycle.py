"""A supervision goes planned → in progress → reported → closed, each step audited and labelled; a
plan carries supervisions beside inspections, and a supervision item opens a supervision only."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.audit.labels import action_label
from casework.audit.selectors import audit_events_for
from casework.audit.timeline import changes_of
from casework.inspections import services as insp
from casework.inspections.models import PlanItem
from casework.inspections.selectors import plan_items_with_progress, plan_progress
from casework.supervision import services
from casework.supervision.actions import supervision_actions
from casework.supervision.models import Supervision
from core.errors import TransitionNotAllowed, ValidationFailed
from tests.builders import SUPERVISION_START as START
from tests.builders import make_supervision
from tests.builders import report_supervision as report

pytestmark = pytest.mark.django_db


def test_it_walks_every_step_with_its_audit_event(cast, supervision):
    assert supervision.status == Supervision.Status.PLANNED
    assert {(m.user_id, m.role) for m in supervision.team.all()} == {
        (cast.inspector.pk, "lead"),
        (cast.inspector2.pk, "member"),
    }
    assert supervision_actions(user=cast.inspector2, supervision=supervision) == ["start"]
    services.supervision_start(supervision=supervision, actor=cast.inspector2)
    supervision.refresh_from_db()
    assert supervision_actions(user=cast.inspector, supervision=supervision) == ["report"]
    report(cast, supervision)
    supervision.refresh_from_db()
    assert (supervision.status, supervision.assessment) == (Supervision.Status.REPORTED, "shortcomings")
    # Closing is the chair's: the team may not, the chair may.
    assert supervision_actions(user=cast.inspector, supervision=supervision) == []
    assert supervision_actions(user=cast.chair, supervision=supervision) == ["close"]
    with pytest.raises(TransitionNotAllowed):
        services.supervision_close(supervision=supervision, actor=cast.inspector)
    services.supervision_close(supervision=supervision, actor=cast.chair)
    supervision.refresh_from_db()
    assert supervision.status == Supervision.Status.CLOSED and supervision.closed_at is not None
    events = audit_events_for(target_type="supervision.supervision", target_id=supervision.pk)
    actions = list(events.values_list("action", flat=True))
    assert actions == ["supervision.create", "supervision.start", "supervision.report", "supervision.close"]
    assert all(action_label(a) != a for a in actions)
    created = {c.field: c for c in changes_of(events.first())}
    assert created["kind"].after == Supervision.Kind.THEMATIC.label
    assert created["lead"].after == cast.inspector.full_name


def test_a_step_out_of_order_is_refused_and_changes_nothing(cast, supervision):
    with pytest.raises(TransitionNotAllowed):
        report(cast, supervision)
    with pytest.raises(TransitionNotAllowed):
        services.supervision_close(supervision=supervision, actor=cast.chair)
    supervision.refresh_from_db()
    assert supervision.status == Supervision.Status.PLANNED and supervision.findings == ""
    assert audit_events_for(target_type="supervision.supervision", target_id=supervision.pk).count() == 1


def test_bad_input_names_its_fields_and_creates_nothing(cast, frozen_clock):
    with pytest.raises(ValidationFailed) as refused:
        make_supervision(
            cast,
            kind="sometimes",
            subject_unit=cast.other_grassroots,
            topics=["nonsense"],
            ends_on=START - dt.timedelta(days=1),
            lead=None,
            members=[cast.officer],
        )
    assert set(refused.value.fields) == {"kind", "subject_unit", "topics", "ends_on", "members"}
    assert not Supervision.objects.exists()


def test_a_member_conflicted_with_the_unit_may_not_sit_on_the_team(cast, frozen_clock):
    insp.conflict_declare(user=cast.inspector2, unit=cast.hospital, reason="Vợ là kế toán CĐCS", actor=cast.inspector2)
    with pytest.raises(ValidationFailed) as refused:
        make_supervision(cast)
    assert "xung đột lợi ích" in " ".join(refused.value.fields["members"])
    assert not Supervision.objects.exists()


def test_a_member_who_declares_a_conflict_later_may_no_longer_report(cast, started):
    insp.conflict_declare(user=cast.inspector2, unit=cast.hospital, reason="Vợ là kế toán CĐCS", actor=cast.inspector2)
    assert supervision_actions(user=cast.inspector2, supervision=started) == []
    with pytest.raises(TransitionNotAllowed):
        services.supervision_report(supervision=started, actor=cast.inspector2, findings="x", assessment="good")


def test_a_plan_carries_both_kinds_and_each_item_opens_its_own(cast, approved_plan):
    plan, supervised, inspected = approved_plan
    assert (supervised.kind, inspected.kind) == (PlanItem.Kind.SUPERVISION, PlanItem.Kind.INSPECTION)
    with pytest.raises(ValidationFailed) as refused:
        insp.inspection_open(unit=cast.sector, subject_unit=None, plan_item=supervised, actor=cast.inspector)
    assert "plan_item" in refused.value.fields
    with pytest.raises(ValidationFailed) as refused:
        services.supervision_create(unit=cast.sector, kind="regular", plan_item=inspected, actor=cast.inspector)
    assert "plan_item" in refused.value.fields
    # From its item, the supervision takes the item's unit, topics, period and lead.
    supervision = services.supervision_create(
        unit=cast.sector, kind="thematic", plan_item=supervised, actor=cast.inspector
    )
    assert (supervision.subject_unit, supervision.topics, supervision.starts_on) == (cast.hospital, ["charter"], START)
    assert supervision.team.get().user == cast.inspector2
    row = plan_items_with_progress(plan=plan).get(pk=supervised.pk)
    assert (row.supervision_id, row.done) == (supervision.pk, False)
    services.supervision_start(supervision=supervision, actor=cast.inspector2)
    report(cast, supervision, actor=cast.inspector2)
    assert plan_items_with_progress(plan=plan).get(pk=supervised.pk).done
    assert plan_progress(plan=plan) == {"total": 2, "planned": 1, "running": 0, "done": 1, "overdue": 0}


def test_a_plan_item_of_an_unknown_kind_is_refused(cast, frozen_clock):
    plan = insp.plan_create(unit=cast.sector, period="annual", year=2026, actor=cast.inspector)
    with pytest.raises(ValidationFailed) as refused:
        insp.plan_item_add(
            plan=plan,
            kind="audit",
            subject_unit=cast.hospital,
            topics=["charter"],
            starts_on=START,
            ends_on=START,
            team_lead=None,
            actor=cast.inspector,
        )
    assert "kind" in refused.value.fields and not plan.items.exists()


def test_its_default_title_is_vietnamese_whatever_language_the_request_reads_in(cast, frozen_clock):
    from django.utils import translation

    with translation.override("en"):
        supervision = make_supervision(cast)
    assert supervision.title == f"Giám sát chuyên đề tại {cast.hospital.name}"
