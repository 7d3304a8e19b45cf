"""Who covers someone away, when the substitute cannot: away themself, in a loop, no longer holding a
role, or the absence over while nobody was sweeping. One rule (`casework.org.selectors.absence_cover`)
answers for the task routing, the notices and the permission checks."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.cases.models import Kind
from casework.cases.permissions import can_work
from casework.cases.services import case_accept, case_assign
from casework.cases.services.common import case_notify
from casework.org.models import Absence, Role, RoleAssignment
from core import clock
from core.errors import ValidationFailed
from notifications.models import Notification
from tests.builders import assigned, task_holder
from workflows.services.absences import absence_record, absences_sweep

pytestmark = pytest.mark.django_db


def told_about(case, event):
    return set(Notification.objects.filter(key__endswith=f":{event}:{case.version}").values_list("user_id", flat=True))


def away(user, substitute, *, recorded_by, days=30, start=None):
    """An absence written as it stands (the service refuses some of these at recording)."""
    start = start or clock.today()
    return Absence.objects.create(
        user=user,
        starts_on=start,
        ends_on=start + dt.timedelta(days=days),
        reason="Công tác",
        substitute=substitute,
        recorded_by=recorded_by,
        recorded_at=clock.now(),
    )


def test_a_substitute_away_themself_hands_on_to_their_own_substitute(cast, make_case):
    from tests.factories import UserFactory

    case = assigned(cast)
    officer3 = UserFactory(username="officer3", roles=[(Role.CASE_OFFICER, cast.sector)])
    today = clock.today()
    absence_record(
        actor=cast.officer,
        user=cast.officer,
        starts_on=today,
        ends_on=today + dt.timedelta(days=20),
        reason="Nghỉ phép",
        substitute=cast.officer2,
    )
    assert task_holder(case) == cast.officer2
    absence_record(
        actor=cast.officer2,
        user=cast.officer2,
        starts_on=today,
        ends_on=today + dt.timedelta(days=5),
        reason="Ốm",
        substitute=officer3,
    )
    # The officer's work does not wait in the inbox of someone who is away too.
    assert task_holder(case) == officer3
    assert can_work(case, officer3)
    case_notify(case=case, users=[cast.officer], title="Người gửi bổ sung tài liệu", event="probe")
    assert officer3.pk in told_about(case, "probe")
    # The second absence ends: the work comes back to the first substitute.
    clock.advance(dt.timedelta(days=6))
    absences_sweep()
    assert task_holder(case) == cast.officer2
    assert not can_work(case, officer3)


def test_two_people_standing_in_for_each_other_is_refused(cast, frozen_clock):
    today = clock.today()
    absence_record(
        actor=cast.officer,
        user=cast.officer,
        starts_on=today,
        ends_on=today + dt.timedelta(days=10),
        reason="Nghỉ phép",
        substitute=cast.officer2,
    )
    with pytest.raises(ValidationFailed) as exc:
        absence_record(
            actor=cast.officer2,
            user=cast.officer2,
            starts_on=today + dt.timedelta(days=5),
            ends_on=today + dt.timedelta(days=12),
            reason="Ốm",
            substitute=cast.officer,
        )
    assert "substitute" in exc.value.fields
    assert Absence.objects.filter(user=cast.officer2).count() == 0


def test_a_loop_of_substitutes_leaves_the_work_to_the_chair(cast, make_case):
    """A→B and B→A written at once: neither is there; the chair is told in their place."""
    case = assigned(cast)
    away(cast.officer, cast.officer2, recorded_by=cast.chair)
    away(cast.officer2, cast.officer, recorded_by=cast.chair)
    absences_sweep()
    assert task_holder(case) == cast.officer  # nobody present to hand it to: it stays where it is
    assert not can_work(case, cast.officer2)
    case_notify(case=case, users=[cast.officer], title="Người gửi bổ sung tài liệu", event="probe")
    assert cast.chair.pk in told_about(case, "probe")


def test_a_substitute_whose_role_ends_during_the_absence_stops_standing_in(cast, make_case):
    case = assigned(cast)
    today = clock.today()
    absence_record(
        actor=cast.officer,
        user=cast.officer,
        starts_on=today,
        ends_on=today + dt.timedelta(days=60),
        reason="Điều trị dài ngày",
        substitute=cast.officer2,
    )
    assert task_holder(case) == cast.officer2
    RoleAssignment.objects.filter(user=cast.officer2).update(valid_to=today + dt.timedelta(days=5))
    clock.advance(dt.timedelta(days=6))
    absences_sweep()
    # Someone with no role left neither holds the task nor hears about the case; the chair does.
    assert task_holder(case) != cast.officer2
    case_notify(case=case, users=[cast.officer], title="Người gửi bổ sung tài liệu", event="probe")
    told = told_about(case, "probe")
    assert cast.officer2.pk not in told
    assert cast.chair.pk in told


def test_work_comes_back_even_when_the_sweep_missed_the_day_the_absence_ended(cast, make_case):
    case = assigned(cast)
    today = clock.today()
    absence_record(
        actor=cast.officer,
        user=cast.officer,
        starts_on=today,
        ends_on=today + dt.timedelta(days=2),
        reason="Tập huấn",
        substitute=cast.officer2,
    )
    assert task_holder(case) == cast.officer2
    clock.advance(dt.timedelta(days=7))  # the server was off over a long holiday
    absences_sweep()
    assert task_holder(case) == cast.officer
    # And a second run moves nothing more.
    assert absences_sweep()["tasks_moved"] == 0


def test_a_committee_of_one_away_still_escalates_to_a_leadership_that_is_there(cast, frozen_clock):
    """A grassroots union under 30 members: one BCH member does the inspection work, and is its only
    leader. Away with nobody named, a deadline of theirs breaches: the breach is escalated, and the
    leadership of the level above, who may decide it, is told; the member's notices are kept for them."""
    from casework.cases.services import case_intake
    from tests.builders import CONTENT, TITLE, submitter
    from tests.factories import UserFactory
    from workflows.models import Escalation
    from workflows.sweep import sweep_deadlines

    cast.hospital.member_count = 24
    cast.hospital.save(update_fields=["member_count"])
    alone = UserFactory(
        username="alone",
        roles=[
            (Role.COMMITTEE_CHAIR, cast.hospital),
            (Role.INSPECTOR, cast.hospital),
            (Role.BCH_MEMBER, cast.hospital),
        ],
    )
    case = case_intake(
        actor=alone,
        kind=Kind.COMPLAINT,
        channel="letter",
        received_on=clock.today(),
        unit=cast.hospital,
        title=TITLE,
        content=CONTENT,
        submitters=[submitter()],
    )
    case = case_accept(subject_area="khac", case=case, actor=alone, legal_ground="Luật Khiếu nại 2011, Đ.27")
    case = case_assign(case=case, actor=alone, assignee=alone)
    start = clock.today() + dt.timedelta(days=1)
    absence_record(
        actor=alone, user=alone, starts_on=start, ends_on=start + dt.timedelta(days=90), reason="Điều trị dài ngày"
    )
    clock.advance(dt.timedelta(days=60))  # past the resolve limit, inside the absence
    sweep_deadlines()
    escalation = Escalation.objects.get(target_type="cases.case", target_id=str(case.pk))
    told = set(Notification.objects.filter(key=f"escalation:{escalation.pk}:open").values_list("user_id", flat=True))
    assert alone.pk in told
    assert cast.leader.pk in told  # the sector's standing committee, who may decide it
    # The breach itself reached the sector chair, in the absent member's place.
    assert Notification.objects.filter(user=cast.chair, key__contains=":breach").exists()
