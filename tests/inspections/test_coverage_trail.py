"""The coverage proof checks the flags table and the clocks it reads against the audit trail: a row deleted or
closed by hand, or a due date moved by hand, fails it."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from casework.audit.models import AuditEvent
from casework.audit.timeline import changes_of
from casework.cases.integrations import flag_raise_from_case
from casework.cases.models import Kind
from casework.inspections import selectors, services
from casework.inspections.models import Flag, Inspection
from casework.org.models import Role
from core import clock
from tests import builders
from tests.factories import UserFactory
from workflows.calendar import end_of_day
from workflows.models import Deadline, Escalation
from workflows.services.escalations import escalation_decide
from workflows.sweep import sweep_run

pytestmark = pytest.mark.django_db


# ---- the figures against the audit trail -----------------------------------------------------------------


def _coverage_command(*args: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("coverage_report", *args, stdout=out, stderr=err)
    except CommandError as exc:
        return f"FAILED {exc} {out.getvalue()} {err.getvalue()}"
    return f"OK {out.getvalue()}"


def test_a_flag_deleted_from_the_table_fails_the_coverage_proof(cast, frozen_clock):
    kept = builders.raise_flag(cast)
    gone = builders.raise_flag(cast)
    assert _coverage_command().startswith("OK")
    Flag.objects.filter(pk=gone.pk).delete()  # a hand DELETE: the audit chain itself is untouched
    result = _coverage_command()
    assert result.startswith("FAILED") and gone.reference in result and kept.reference not in result
    assert "Đủ 100%" not in result
    assert _coverage_command("--format", "json").startswith("FAILED")
    # A report on another unit is not about that flag.
    assert _coverage_command("--unit", cast.other_sector.code).startswith("OK")


def test_a_flag_moved_out_of_the_report_by_hand_fails_the_coverage_proof(cast, frozen_clock):
    moved = builders.raise_flag(cast)
    later = builders.raise_flag(cast)
    Flag.objects.filter(pk=moved.pk).update(unit=cast.other_grassroots)
    Flag.objects.filter(pk=later.pk).update(raised_at=later.raised_at + dt.timedelta(days=120))
    today = clock.today().isoformat()
    for args in ((), ("--unit", cast.sector.code), ("--from", today, "--to", today)):
        result = _coverage_command(*args)
        assert result.startswith("FAILED") and moved.reference in result and later.reference in result, args


def test_a_flag_closed_by_hand_on_another_inspection_fails_the_coverage_proof(cast, frozen_clock):
    other = builders.conclude(cast, builders.open_ad_hoc(cast, [builders.raise_flag(cast)]))
    forged = builders.raise_flag(cast, unit=cast.clinic)
    # A hand UPDATE that satisfies every database check: the named inspection has an approved conclusion.
    Flag.objects.filter(pk=forged.pk).update(
        status=Flag.Status.INSPECTED, inspection=other, conclusion_approved_at=other.conclusion_approved_at
    )
    assert selectors.flag_bucket(flag=forged) == "inspected"
    result = _coverage_command()
    assert result.startswith("FAILED") and forged.reference in result


def test_the_coverage_proof_holds_when_the_table_and_the_trail_agree(cast, frozen_clock):
    flag = builders.raise_flag(cast)
    builders.conclude(cast, builders.open_ad_hoc(cast, [flag]))
    other = builders.raise_flag(cast, unit=cast.clinic)
    escalation = services.flag_escalate(flag=other, actor=cast.inspector, reason="Đã gộp")
    escalation_decide(
        escalation=escalation,
        actor=cast.leader,
        decision="approve",
        reason="Gộp",
        ground="merged",
        merged_into=flag.reference,
    )
    assert Inspection.objects.get().status == Inspection.Status.CONCLUDED
    assert _coverage_command().startswith("OK")


# ---- the page and the API show the check, in the reader's scope ----------------------------------------


def test_the_coverage_page_and_api_are_proven_only_while_the_table_agrees_with_the_trail(
    client, cast, api_as, frozen_clock
):
    kept = builders.raise_flag(cast)
    gone = builders.raise_flag(cast)
    client.force_login(cast.inspector)
    page = client.get(reverse("inspections:coverage")).content.decode()
    assert 'id="coverage-verdict"' in page and "không khớp với nhật ký" not in page
    body = api_as(cast.inspector).get("/api/reports/coverage/").json()
    assert (body["complete"], body["proven"], body["disagreement_count"], body["disagreements"]) == (True, True, 0, [])

    Flag.objects.filter(pk=gone.pk).delete()  # a hand DELETE: the figures alone still read complete
    page = client.get(reverse("inspections:coverage")).content.decode()
    assert "không khớp với nhật ký" in page and gone.reference in page and kept.reference not in page
    assert 'id="coverage-verdict"' not in page  # no "every flag dealt with" over figures the trail does not prove
    body = api_as(cast.inspector).get("/api/reports/coverage/").json()
    assert (body["complete"], body["proven"], body["disagreement_count"]) == (True, False, 1)
    assert [d["reference"] for d in body["disagreements"]] == [gone.reference]


def test_a_reader_sees_the_disagreements_of_their_scope_only(cast, api_as, frozen_clock):
    other_inspector = UserFactory(username="other_inspector", roles=[(Role.INSPECTOR, cast.other_sector)])
    mine = builders.raise_flag(cast)
    theirs = builders.raise_flag(cast, unit=cast.other_grassroots, actor=other_inspector)
    Flag.objects.filter(pk__in=[mine.pk, theirs.pk]).delete()
    body = api_as(cast.inspector).get("/api/reports/coverage/").json()
    assert [d["reference"] for d in body["disagreements"]] == [mine.reference]
    body = api_as(other_inspector).get("/api/reports/coverage/").json()
    assert [d["reference"] for d in body["disagreements"]] == [theirs.reference]


def test_a_disagreement_about_a_flag_the_reader_is_recused_from_is_counted_but_not_named(cast, frozen_clock):
    leader = UserFactory(username="hospital_btv", roles=[(Role.BTV_MEMBER, cast.hospital)])
    case = builders.make_case(cast, kind=Kind.DENUNCIATION, subject_user=leader, subject_person=leader.full_name)
    hidden = flag_raise_from_case(case=case, unit=cast.hospital, evidence="Chi quỹ phúc lợi sai mục đích")
    Flag.objects.filter(pk=hidden.pk).update(unit=cast.clinic)  # moved by hand: the row is still there
    report = selectors.coverage_report(user=leader)
    assert (report["disagreement_count"], report["disagreements"], report["proven"]) == (1, [], False)
    named = selectors.coverage_report(user=cast.inspector)["disagreements"]
    assert [d["reference"] for d in named] == [hidden.reference]


# ---- the clocks the buckets read against the trail ---------------------------------------------------


def _clock(target, step: str) -> Deadline:
    """The current clock of one step of a flag or an inspection."""
    kind = "inspections.flag" if isinstance(target, Flag) else "inspections.inspection"
    return Deadline.objects.filter(target_type=kind, target_id=str(target.pk), step=step).latest("pk")


def _move_by_hand(deadline: Deadline, due_on: dt.date, *, due_at_only: bool = False) -> None:
    """A hand UPDATE of a clock's due date (or only its due moment), the audit chain untouched."""
    fields = {"due_at": end_of_day(due_on), "status": Deadline.Status.OPEN, "breached_at": None}
    Deadline.objects.filter(pk=deadline.pk).update(**fields, **({} if due_at_only else {"due_on": due_on}))


def _flag_overdue(cast) -> Flag:
    """A flag whose clock ran out without an inspection opened, before any sweep: unaccounted."""
    flag = builders.raise_flag(cast)
    clock.advance(dt.timedelta(days=40))
    assert selectors.flag_bucket(flag=flag) == "unaccounted"
    return flag


@pytest.mark.parametrize("due_at_only", [False, True], ids=["due date", "due moment only"])
def test_a_flag_clock_moved_by_hand_fails_the_coverage_proof(cast, frozen_clock, due_at_only):
    flag = _flag_overdue(cast)
    bystander = builders.raise_flag(cast, unit=cast.clinic)
    recorded = _clock(flag, "open_inspection").due_on
    _move_by_hand(_clock(flag, "open_inspection"), clock.today() + dt.timedelta(days=20), due_at_only=due_at_only)
    # The forgery works on the figures alone: overdue and unescalated now reads "in progress".
    assert selectors.flag_bucket(flag=flag) == "in_progress"
    assert selectors.coverage_by_unit(user=None)["complete"]
    result = _coverage_command()
    assert result.startswith("FAILED") and flag.reference in result and bystander.reference not in result
    with translation.override("vi"):
        problem = dict(selectors.coverage_trail_disagreements())[flag.reference]
    assert "Mở cuộc kiểm tra".lower() in problem and f"{recorded:%d/%m/%Y}" in problem and "đã bị sửa" in problem
    assert _coverage_command("--unit", cast.other_sector.code).startswith("OK")  # not about that flag


def test_an_inspection_step_clock_moved_by_hand_fails_the_coverage_proof(cast, frozen_clock):
    flag = builders.raise_flag(cast)
    inspection = builders.open_ad_hoc(cast, [flag])  # decided: the "notice" clock runs
    assert _coverage_command().startswith("OK")
    clock.advance(dt.timedelta(days=30))
    assert selectors.flag_bucket(flag=flag) == "unaccounted"
    _move_by_hand(_clock(inspection, "notice"), clock.today() + dt.timedelta(days=5))
    assert selectors.flag_bucket(flag=flag) == "in_progress"
    result = _coverage_command()
    assert result.startswith("FAILED") and flag.reference in result
    with translation.override("vi"):
        assert "thông báo kiểm tra" in dict(selectors.coverage_trail_disagreements())[flag.reference]


def test_a_clock_the_trail_never_saw_opened_or_paused_fails_the_coverage_proof(cast, frozen_clock):
    added = _flag_overdue(cast)
    paused = builders.raise_flag(cast)
    clock.advance(dt.timedelta(days=40))
    # Another step's clock inserted by hand, the late one closed: the flag reads "in progress".
    late = _clock(added, "open_inspection")
    Deadline.objects.filter(pk=late.pk).update(status=Deadline.Status.MET)
    Deadline.objects.create(
        target_type=late.target_type,
        target_id=late.target_id,
        unit_id=late.unit_id,
        step="notice",
        rule=late.rule,
        starts_on=clock.today(),
        days=10,
        day_unit=late.day_unit,
        due_on=clock.today() + dt.timedelta(days=10),
        due_at=end_of_day(clock.today() + dt.timedelta(days=10)),
    )
    # A clock paused by hand: a paused clock is never late.
    Deadline.objects.filter(pk=_clock(paused, "open_inspection").pk).update(
        status=Deadline.Status.PAUSED, paused_at=clock.now()
    )
    assert {selectors.flag_bucket(flag=added), selectors.flag_bucket(flag=paused)} == {"in_progress"}
    with translation.override("vi"):
        found = dict(selectors.coverage_trail_disagreements())
    assert "không ghi việc mở" in found[added.reference] and "tạm dừng" in found[paused.reference]
    assert _coverage_command().startswith("FAILED")


def test_a_due_date_moved_by_hand_fails_the_page_and_the_api(client, cast, api_as, frozen_clock):
    flag = builders.raise_flag(cast)
    inspection = builders.open_ad_hoc(cast, [flag])
    clock.advance(dt.timedelta(days=30))
    _move_by_hand(_clock(inspection, "notice"), clock.today() + dt.timedelta(days=5))
    client.force_login(cast.inspector)
    page = client.get(reverse("inspections:coverage")).content.decode()
    assert "không khớp với nhật ký" in page and flag.reference in page and 'id="coverage-verdict"' not in page
    body = api_as(cast.inspector).get("/api/reports/coverage/").json()
    assert (body["complete"], body["proven"], body["disagreement_count"]) == (True, False, 1)
    assert [d["reference"] for d in body["disagreements"]] == [flag.reference]
    # Outside the reader's scope the flag is not theirs to be told about.
    other_inspector = UserFactory(username="other_inspector", roles=[(Role.INSPECTOR, cast.other_sector)])
    assert api_as(other_inspector).get("/api/reports/coverage/").json()["disagreement_count"] == 0


def test_the_clocks_moved_by_their_own_steps_keep_the_proof(cast, frozen_clock):
    """Every legitimate way a covering clock's due date changes is in the trail: leadership's extension
    of a flag brought to it by hand before its clock ran out, of a late flag and of a late inspection
    step, a return with instructions, each step of an inspection; and time running past a due date
    changes the bucket, never the proof."""
    extended = builders.raise_flag(cast)
    escalated = builders.raise_flag(cast)
    returned = builders.raise_flag(cast, unit=cast.clinic)
    inspected = builders.raise_flag(cast)
    inspection = builders.open_ad_hoc(cast, [inspected])
    assert _coverage_command().startswith("OK")

    clock.advance(dt.timedelta(days=20))  # the chair asks for more time before the flag's clock runs out
    by_hand = services.flag_escalate(flag=extended, actor=cast.chair, reason="Chờ hồ sơ")
    escalation_decide(
        escalation=by_hand,
        actor=cast.leader,
        decision="extend",
        reason="Chờ hồ sơ",
        new_due_on=clock.today() + dt.timedelta(days=27),
    )
    assert _clock(extended, "open_inspection").due_on == clock.today() + dt.timedelta(days=27)
    assert selectors.coverage_trail_disagreements() == []

    clock.advance(dt.timedelta(days=20))  # every other clock is late
    sweep_run()  # the others breach and are escalated
    assert selectors.flag_bucket(flag=extended) == "in_progress"
    assert selectors.flag_bucket(flag=escalated) == "overdue_escalated"
    assert selectors.coverage_trail_disagreements() == []

    by_target = {(e.target_type, e.target_id): e for e in Escalation.objects.filter(status="pending")}
    new_due = clock.today() + dt.timedelta(days=10)
    for target, decision in ((escalated, "extend"), (returned, "return"), (inspection, "extend")):
        kind = "inspections.flag" if isinstance(target, Flag) else "inspections.inspection"
        escalation_decide(
            escalation=by_target[(kind, str(target.pk))],
            actor=cast.leader if target is not returned else cast.province_leader,
            decision=decision,
            reason="Quyết định",
            new_due_on=new_due if decision == "extend" else None,
        )
    assert _clock(escalated, "open_inspection").due_on == new_due
    assert _clock(inspection, "notice").due_on == new_due
    buckets = {f.pk: selectors.flag_bucket(flag=f) for f in (extended, escalated, returned, inspected)}
    assert set(buckets.values()) == {"in_progress"}, buckets
    assert selectors.coverage_trail_disagreements() == []
    assert _coverage_command().startswith("OK")

    builders.walk_to_reporting(cast, Inspection.objects.get(pk=inspection.pk))  # fieldwork, then conclusion
    assert _clock(inspection, "conclusion").status == Deadline.Status.OPEN
    assert _coverage_command().startswith("OK")

    clock.advance(dt.timedelta(days=60))  # time runs past every due date: late, then escalated
    assert "in_progress" not in {selectors.flag_bucket(flag=f) for f in (extended, escalated, returned, inspected)}
    sweep_run()
    assert selectors.coverage_trail_disagreements() == []
    assert _coverage_command().startswith("OK")


def test_the_due_dates_recorded_read_as_words_in_the_trail(cast, frozen_clock):
    flag = builders.raise_flag(cast)
    event = AuditEvent.objects.get(action="flag.raise", target_id=str(flag.pk))
    due = _clock(flag, "open_inspection").due_on
    assert event.after["due"] == {"open_inspection": due.isoformat()}
    with translation.override("vi"):
        change = {c.field: c for c in changes_of(event)}["due"]
    assert (change.label, change.after) == ("Hạn từng bước", f"Mở cuộc kiểm tra: {due:%d/%m/%Y}")


def test_clocks_running_before_steps_recorded_their_due_dates_are_recorded_once_and_proven_from_then(
    cast, frozen_clock
):
    from importlib import import_module

    from django.apps import apps
    from django.db.models import F

    from casework.inspections.services.flags import FLAG_STEP, FLAG_SUBJECT
    from casework.inspections.services.inspections import SUBJECT
    from workflows.models import Deadline
    from workflows.services.deadlines import deadline_close, deadline_open

    record = import_module("casework.inspections.migrations.0009_running_clocks_in_trail").record_running_clocks
    flag = builders.raise_flag(cast)
    inspection = builders.open_ad_hoc(cast, [builders.raise_flag(cast)])
    # Clocks opened by code that recorded no due date: the flag's clock opened again 10 days long,
    # and a clock of another inspection step.
    deadline_close(target=flag, step=FLAG_STEP)
    deadline_open(target=flag, unit=flag.unit, step=FLAG_STEP, subject=FLAG_SUBJECT, days=10)
    deadline_open(target=inspection, unit=inspection.unit, step="fieldwork", subject=SUBJECT, days=20)
    assert selectors.coverage_trail_disagreements()  # every running clock reads as never seen
    record(apps, None)
    assert selectors.coverage_trail_disagreements() == []
    recorded = AuditEvent.objects.filter(action="deadline.recorded")
    assert {(e.target_type, e.target_id) for e in recorded} == {
        ("inspections.flag", str(flag.pk)),
        ("inspections.inspection", str(inspection.pk)),
    }
    # From then on a clock moved by hand fails the proof again.
    Deadline.objects.filter(target_type="inspections.flag", target_id=str(flag.pk)).update(
        due_on=F("due_on") + dt.timedelta(days=30), due_at=F("due_at") + dt.timedelta(days=30)
    )
    assert [ref for ref, _problem in selectors.coverage_trail_disagreements()] == [flag.reference]
