"""Attempts to make the product's guarantee false (docs: DESIGN "The invariant that defines the product"):
every flag ends inspected (its inspection's approved conclusion) or ended by leadership on an allowed
ground; until then some running deadline covers it; a breach escalates once; the coverage report reads
each flag's bucket from its clocks and ends, and fails (never "100%") while any flag is unaccounted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from casework.inspections import selectors, services
from casework.inspections.models import Flag, Inspection
from casework.org.models import Role
from casework.org.services import unit_update
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed
from tests.builders import conclude, open_ad_hoc, raise_flag
from tests.factories import UserFactory
from workflows.models import Deadline, Escalation
from workflows.services.escalations import escalation_decide
from workflows.sweep import sweep_run

pytestmark = pytest.mark.django_db


def _bucket(flag: Flag) -> str:
    return selectors.flag_bucket(flag=flag)


def _totals(user=None, unit=None) -> dict:
    return selectors.coverage_by_unit(user=user, unit=unit)["totals"]


# ---- an approved conclusion is final --------------------------------------------------------------


def test_an_approved_conclusion_stays_inspected_after_the_conclusion_is_notified_and_cannot_be_reopened(
    cast, frozen_clock
):
    flag = raise_flag(cast)
    inspection = conclude(cast, open_ad_hoc(cast, [flag]))
    assert _bucket(flag) == "inspected"
    inspection = services.inspection_conclusion_notify(inspection=inspection, actor=cast.inspector)
    assert inspection.status == Inspection.Status.CLOSED
    clock.advance(dt.timedelta(days=400))
    sweep_run()
    assert _bucket(flag) == "inspected"
    # No step leads out of an approved conclusion back to an open one: the model has no such transition.
    reopening = [
        t.name
        for t in Inspection._meta.get_field("status").get_all_transitions(Inspection)
        if t.source in (Inspection.Status.CONCLUDED, Inspection.Status.CLOSED)
    ]
    assert reopening == ["notify_conclusion"]
    # Nor does the flag leave "inspected" by any transition.
    assert not [
        t for t in Flag._meta.get_field("status").get_all_transitions(Flag) if t.source == Flag.Status.INSPECTED
    ]


def test_an_approved_conclusion_undone_by_hand_is_not_counted_inspected(cast, frozen_clock):
    flag = raise_flag(cast)
    inspection = conclude(cast, open_ad_hoc(cast, [flag]))
    # Undone in the tables (the conclusion "cancelled"): the flag back in its inspection, not yet inspected.
    Flag.objects.filter(pk=flag.pk).update(status=Flag.Status.ASSIGNED, conclusion_approved_at=None, closed_at=None)
    assert _bucket(flag) != "inspected"
    report = selectors.coverage_report(user=cast.auditor)
    assert report["totals"]["inspected"] == 0 and not report["proven"]
    # The inspection's own approval cannot be taken away while it stands concluded (database constraint).
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Inspection.objects.filter(pk=inspection.pk).update(conclusion_approved_at=None)


# ---- a flag's inspection -----------------------------------------------------------------------------


def test_a_flag_in_one_inspection_cannot_move_to_another(cast, frozen_clock):
    flag = raise_flag(cast)
    open_ad_hoc(cast, [flag])
    other = services.inspection_open(
        unit=cast.sector, subject_unit=cast.hospital, actor=cast.inspector, title="Kiểm tra khác", topics=["charter"]
    )
    with pytest.raises(TransitionNotAllowed):
        services.inspection_flags_add(inspection=other, flags=[flag], actor=cast.inspector)
    flag.refresh_from_db()
    assert flag.inspection_id != other.pk


def test_a_flag_cannot_join_an_inspection_of_another_unit(cast, frozen_clock):
    flag = raise_flag(cast, unit=cast.clinic)
    with pytest.raises(ValidationFailed):
        services.inspection_open(unit=cast.sector, subject_unit=cast.hospital, actor=cast.inspector, flags=[flag])
    assert Flag.objects.get(pk=flag.pk).status == Flag.Status.RAISED
    assert _bucket(flag) == "in_progress"


def test_an_inspection_opened_on_chosen_topics_covers_the_topic_of_every_flag_in_it(cast, frozen_clock):
    """A flag is inspected only by an inspection whose content (nội dung kiểm tra) covers what it is about
    (QĐ 684/QĐ-TLĐ: the decision names the content checked)."""
    flag = raise_flag(cast, category="elections")
    inspection = services.inspection_open(
        unit=cast.sector,
        subject_unit=cast.hospital,
        actor=cast.inspector,
        topics=["finance_books"],
        flags=[flag],
    )
    assert "elections" in inspection.topics
    assert inspection.checklist.filter(topic="elections").exists()


def test_a_flag_put_by_hand_in_an_inspection_of_another_unit_fails_the_proof(cast, frozen_clock):
    flag = raise_flag(cast)
    inspection = open_ad_hoc(cast, [flag])
    elsewhere = services.inspection_open(
        unit=cast.sector,
        subject_unit=cast.clinic,
        actor=cast.inspector,
        title="Kiểm tra phòng khám",
        topics=["charter"],
    )
    assert selectors.coverage_report(user=cast.auditor)["proven"]
    Flag.objects.filter(pk=flag.pk).update(inspection=elsewhere)
    problems = dict(selectors.coverage_trail_disagreements(user=cast.auditor))
    assert problems == {flag.reference: str(selectors.TRAIL_SUBJECT_OTHER)}
    Flag.objects.filter(pk=flag.pk).update(inspection=inspection)
    # The inspection's own subject changed by hand: the unit its opening recorded no longer matches.
    Inspection.objects.filter(pk=inspection.pk).update(subject_unit=cast.sector)
    problems = dict(selectors.coverage_trail_disagreements(user=cast.auditor))
    assert problems == {flag.reference: str(selectors.TRAIL_SUBJECT_MOVED)}
    assert not selectors.coverage_report(user=cast.auditor)["proven"]


# ---- leadership's endings ----------------------------------------------------------------------------


def _escalated(flag: Flag) -> Escalation:
    clock.advance(dt.timedelta(days=35))
    sweep_run()
    return Escalation.objects.get(target_type="inspections.flag", target_id=str(flag.pk))


def test_a_merged_flag_and_the_flag_it_merged_into_are_each_counted_once(cast, frozen_clock):
    kept = raise_flag(cast)
    merged = raise_flag(cast)
    escalation = _escalated(merged)
    escalation_decide(
        escalation=escalation,
        actor=cast.leader,
        decision="approve",
        reason=f"Trùng {kept.reference}",
        ground="merged",
        merged_into=kept.reference,
    )
    totals = _totals()
    assert totals["raised"] == 2
    assert (totals["ended_by_leadership"], totals["inspected"]) == (1, 0)
    assert _bucket(merged) == "ended_by_leadership"
    assert _bucket(kept) == "overdue_escalated"
    # The ended flag cannot be brought back into an inspection nor counted inspected with it.
    with pytest.raises(TransitionNotAllowed):
        open_ad_hoc(cast, [kept, merged])
    conclude(cast, open_ad_hoc(cast, [kept]))
    totals = _totals()
    assert (totals["inspected"], totals["ended_by_leadership"], totals["raised"]) == (1, 1, 2)


def test_a_flag_ended_by_leadership_is_not_reopened_and_a_new_flag_on_the_matter_has_its_own_clock(cast, frozen_clock):
    ended = raise_flag(cast)
    escalation = _escalated(ended)
    escalation_decide(
        escalation=escalation,
        actor=cast.leader,
        decision="refer",
        reason="Chuyển cơ quan điều tra",
        refer_to="authorities",
        referred_body="Cơ quan Cảnh sát điều tra Công an tỉnh",
        referral_ref="45/CV-UBKT",
    )
    assert _bucket(ended) == "ended_by_leadership"
    with pytest.raises(TransitionNotAllowed):
        services.flag_escalate(flag=Flag.objects.get(pk=ended.pk), actor=cast.inspector, reason="Mở lại")
    again = raise_flag(cast)
    assert Deadline.objects.filter(target_type="inspections.flag", target_id=str(again.pk), status="open").count() == 1
    totals = _totals()
    assert (totals["raised"], totals["ended_by_leadership"], totals["in_progress"]) == (2, 1, 1)


# ---- time ---------------------------------------------------------------------------------------------


def test_one_sweep_after_a_long_outage_escalates_each_breach_once_and_leaves_no_gap(cast, frozen_clock):
    waiting = raise_flag(cast)
    in_inspection = raise_flag(cast)
    inspection = open_ad_hoc(cast, [in_inspection])
    clock.advance(dt.timedelta(days=500))
    assert {_bucket(waiting), _bucket(in_inspection)} == {"unaccounted"}
    assert selectors.coverage_by_unit(user=None)["complete"] is False
    first = sweep_run()
    assert first.escalated == 2
    again = sweep_run()
    assert (again.breached, again.escalated) == (0, 0)
    automatic = Escalation.objects.filter(automatic=True)
    assert automatic.count() == 2
    assert set(automatic.values_list("target_type", "target_id")) == {
        ("inspections.flag", str(waiting.pk)),
        ("inspections.inspection", str(inspection.pk)),
    }
    assert {_bucket(waiting), _bucket(in_inspection)} == {"overdue_escalated"}
    # The step done after the outage opens the next clock at once: no moment without one.
    services.inspection_notify(inspection=inspection, text="Thông báo kiểm tra", actor=cast.inspector)
    running = Deadline.objects.filter(target_type="inspections.inspection", target_id=str(inspection.pk), status="open")
    assert running.exists()
    assert _bucket(in_inspection) == "overdue_escalated"
    assert sweep_run().escalated == 0


def test_the_broker_down_during_the_sweep_loses_no_escalation_and_sends_it_once(
    cast, frozen_clock, settings, django_capture_on_commit_callbacks
):
    from unittest import mock

    from notifications import tasks
    from notifications.delivery import outbox_deliver_due
    from notifications.models import Notification, OutboxMessage

    flag = raise_flag(cast)
    clock.advance(dt.timedelta(days=35))
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with (
        mock.patch.object(tasks.outbox_deliver, "apply_async", side_effect=ConnectionError("broker down")) as publish,
        django_capture_on_commit_callbacks(execute=True),
    ):
        result = sweep_run()
    assert result.escalated == 1 and result.errors == 0
    assert publish.called
    escalation = Escalation.objects.get(target_type="inspections.flag", target_id=str(flag.pk))
    assert _bucket(flag) == "overdue_escalated"
    told = Notification.objects.filter(key__contains=f"escalation:{escalation.pk}")
    assert told.exists()
    waiting = OutboxMessage.objects.filter(key__contains=f"escalation:{escalation.pk}")
    assert waiting.exists() and set(waiting.values_list("status", flat=True)) == {"pending"}
    settings.CELERY_TASK_ALWAYS_EAGER = True
    assert outbox_deliver_due() >= waiting.count()
    assert set(waiting.values_list("status", flat=True)) == {"sent"}
    assert outbox_deliver_due() == 0
    assert sweep_run().escalated == 0
    assert Escalation.objects.filter(target_type="inspections.flag").count() == 1
    assert told.count() == Notification.objects.filter(key__contains=f"escalation:{escalation.pk}").count()


def test_a_sweep_failing_on_a_row_loses_nothing_and_the_next_pass_escalates_it_once(cast, frozen_clock):
    """A failure while a breach is handled (here: telling its people) undoes that row's work: the flag reads
    unaccounted, so the report fails, until the next pass records the breach and escalates it, once."""
    from unittest import mock

    flag = raise_flag(cast)
    clock.advance(dt.timedelta(days=35))
    with mock.patch("workflows.services.escalations.notify", side_effect=RuntimeError("mail queue down")):
        result = sweep_run()
    assert (result.errors, result.escalated) == (1, 0)
    assert not Escalation.objects.exists()
    assert _bucket(flag) == "unaccounted"
    assert selectors.coverage_by_unit(user=None)["complete"] is False
    assert sweep_run().escalated == 1
    assert sweep_run().escalated == 0
    assert _bucket(flag) == "overdue_escalated"
    assert Escalation.objects.filter(target_type="inspections.flag", target_id=str(flag.pk)).count() == 1


def test_a_deadline_extended_by_leadership_covers_the_flag_again_and_its_next_breach_escalates_once(cast, frozen_clock):
    flag = raise_flag(cast)
    escalation = _escalated(flag)
    new_due = clock.today() + dt.timedelta(days=10)
    escalation_decide(escalation=escalation, actor=cast.leader, decision="extend", reason="Gia hạn", new_due_on=new_due)
    assert _bucket(flag) == "in_progress"
    clock.advance(dt.timedelta(days=20))
    assert _bucket(flag) == "unaccounted"
    assert sweep_run().escalated == 1
    assert sweep_run().escalated == 0
    assert _bucket(flag) == "overdue_escalated"


# ---- every door opens the clock ------------------------------------------------------------------------


def test_every_flag_in_the_database_was_raised_with_its_clock_in_the_same_transaction(cast, frozen_clock):
    """flag_raise is the only writer of new flags (each door calls it); a failure after the row is written
    leaves neither the flag nor its clock."""
    from unittest import mock

    with (
        mock.patch("casework.inspections.services.flags.search_index_flag", side_effect=RuntimeError("boom")),
        pytest.raises(RuntimeError),
    ):
        raise_flag(cast)
    assert not Flag.objects.exists()
    assert not Deadline.objects.filter(target_type="inspections.flag").exists()
    with mock.patch("casework.inspections.services.flags.deadline_open", side_effect=RuntimeError("no policy")):
        with pytest.raises(RuntimeError):
            raise_flag(cast)
    assert not Flag.objects.exists()


def test_each_door_raises_its_flag_with_its_clock_running_and_recorded(cast, frozen_clock, client, api_as):
    """The page, the API (a financial report), a handled denunciation's conclusion; a supervision's report:
    tests/supervision/test_signs_raise_flags.py. Each flag has its one clock to open an inspection from
    the day it was raised, recorded in its raise event, and the report counts it in progress."""
    from django.utils import timezone

    from casework.audit.models import AuditEvent
    from casework.cases.models import Kind
    from casework.cases.services import case_handle_conclusion
    from tests.builders import decided

    values = {
        "unit": cast.hospital.pk,
        "category": "finance_dues",
        "subject_area": "tai_chinh_cong_doan",
        "severity": "high",
        "evidence": "Không nộp đoàn phí 6 tháng",
    }
    client.force_login(cast.inspector)
    assert client.post(reverse("inspections:flag_raise"), {**values, "source": "manual"}).status_code == 302
    created = api_as(cast.inspector).post("/api/flags/", {**values, "source": "financial_report"}, format="json")
    assert created.status_code == 201
    case = decided(cast, kind=Kind.DENUNCIATION, subject_unit=cast.hospital, title="Tố cáo chi sai quỹ")
    case_handle_conclusion(
        case=case, actor=cast.leader, note="Kiến nghị kiểm tra", flag_evidence="Chi sai quỹ", flag_category="charter"
    )
    flags = list(Flag.objects.order_by("pk"))
    assert [f.source for f in flags] == ["manual", "financial_report", "denunciation"]
    for flag in flags:
        clocks = Deadline.objects.filter(target_type="inspections.flag", target_id=str(flag.pk))
        assert [(c.step, c.status) for c in clocks] == [("open_inspection", "open")]
        assert clocks.get().starts_on == timezone.localdate(flag.raised_at)
        raised = AuditEvent.objects.get(target_type="inspections.flag", target_id=str(flag.pk), action="flag.raise")
        assert raised.after["due"] == {"open_inspection": clocks.get().due_on.isoformat()}
    totals = _totals()
    assert (totals["raised"], totals["in_progress"]) == (3, 3)
    assert selectors.coverage_report(user=cast.auditor)["proven"]


# ---- the unit tree -------------------------------------------------------------------------------------


def test_a_unit_renamed_or_dissolved_keeps_each_flag_counted_once_in_every_scope(cast, frozen_clock):
    flag = raise_flag(cast)
    raise_flag(cast, unit=cast.clinic)
    before = {
        who: _totals(user=who)["raised"] for who in (cast.auditor, cast.province_leader, cast.subject_rep, cast.admin)
    }
    unit_update(unit=cast.hospital, actor=cast.admin, changes={"name": "CĐCS Bệnh viện Đa khoa"})
    unit_update(unit=cast.hospital, actor=cast.admin, changes={"is_active": False}, reason="Giải thể số 12/QĐ")
    after = {who: _totals(user=who)["raised"] for who in before}
    assert after == before
    assert _totals(user=cast.auditor, unit=cast.hospital)["raised"] == 1
    assert _bucket(flag) == "in_progress"
    with pytest.raises(ValidationFailed):
        unit_update(unit=cast.hospital, actor=cast.admin, changes={"parent": cast.other_sector})


# ---- a reader's scope ------------------------------------------------------------------------------------


def test_a_reader_of_a_subtree_sees_figures_of_their_subtree_only(cast, frozen_clock, client):
    raise_flag(cast)
    raise_flag(cast, unit=cast.clinic)
    raise_flag(cast, unit=cast.other_grassroots, actor=cast.admin)
    clinic_reader = UserFactory(username="clinic_auditor", roles=[(Role.AUDITOR, cast.clinic)])
    assert _totals(user=clinic_reader)["raised"] == 1
    assert _totals(user=cast.auditor)["raised"] == 2
    # Roles in a unit and in a unit above it, or in two subtrees: each flag is counted once.
    overlapping = UserFactory(
        username="two_hats", roles=[(Role.AUDITOR, cast.sector), (Role.BTV_MEMBER, cast.hospital)]
    )
    both = UserFactory(username="two_trees", roles=[(Role.AUDITOR, cast.clinic), (Role.AUDITOR, cast.other_sector)])
    assert (_totals(user=overlapping)["raised"], _totals(user=both)["raised"]) == (2, 2)
    rows = selectors.coverage_by_unit(user=both)["rows"]
    assert sorted(r["unit__code"] for r in rows) == ["C", "EG"] and sum(r["raised"] for r in rows) == 2
    client.force_login(clinic_reader)
    document = client.get(reverse("inspections:coverage_export", args=["json"])).json()
    assert document["totals"]["raised"] == 1 and [r["unit__code"] for r in document["rows"]] == ["C"]
    # Asking for a unit outside the scope answers nothing, never its figures.
    response = client.get(reverse("inspections:coverage"), {"unit": cast.hospital.pk})
    assert response.status_code in (200, 404)
    assert "CĐCS Bệnh viện" not in response.content.decode()


# ---- the report's own failure -------------------------------------------------------------------------


def test_a_share_below_the_whole_never_reads_100_percent():
    assert selectors.share(1999, 2000) < 100
    assert selectors.share(19999, 20000) < 100
    assert selectors.share(2000, 2000) == 100
    assert selectors.share(1, 20000) > 0
    assert selectors.share(0, 5) == 0
    assert selectors.share(0, 0) is None


def test_an_unaccounted_flag_fails_the_page_the_exports_and_the_api(cast, frozen_clock, client, api_as):
    import io

    from openpyxl import load_workbook

    raise_flag(cast)
    clock.advance(dt.timedelta(days=40))
    client.force_login(cast.auditor)
    page = client.get(reverse("inspections:coverage")).content.decode()
    assert 'id="coverage-verdict"' in page and "chưa được xử lý theo quy định" in page
    document = client.get(reverse("inspections:coverage_export", args=["json"])).json()
    assert document["complete"] is False and document["proven"] is False
    assert document["totals"]["accounted_percent"] == 0.0
    api = api_as(cast.auditor).get("/api/reports/coverage/").json()
    assert api["complete"] is False and api["totals"]["unaccounted"] == 1
    book = load_workbook(io.BytesIO(client.get(reverse("inspections:coverage_export", args=["xlsx"])).content))
    text = " ".join(str(v) for row in book.worksheets[0].iter_rows(values_only=True) for v in row if v)
    assert "CHƯA ĐỦ 100%" in text
    sweep_run()
    book = load_workbook(io.BytesIO(client.get(reverse("inspections:coverage_export", args=["xlsx"])).content))
    text = " ".join(str(v) for row in book.worksheets[0].iter_rows(values_only=True) for v in row if v)
    assert "CHƯA ĐỦ 100%" not in text


# ---- the policy, pauses --------------------------------------------------------------------------------


def _version_form(version, *, step=("flag", "open_inspection"), **changes):
    """The admin change form of `version` with the rule `step` (subject, step) changed by `changes`."""
    rules = list(version.rules.order_by("pk"))
    data = {
        "number": version.number,
        "effective_from": version.effective_from.isoformat(),
        "note": version.note,
        "rules-TOTAL_FORMS": len(rules),
        "rules-INITIAL_FORMS": len(rules),
        "rules-MIN_NUM_FORMS": 0,
        "rules-MAX_NUM_FORMS": 1000,
    }
    for i, rule in enumerate(rules):
        values = {
            "id": rule.pk,
            "version": version.pk,
            "subject": rule.subject,
            "step": rule.step,
            "variant": rule.variant,
            "days": rule.days,
            "day_unit": rule.day_unit,
            "reminder_offsets": str(rule.reminder_offsets).replace("'", '"'),
            "on_breach": rule.on_breach,
            "source": rule.source,
        }
        if (rule.subject, rule.step, rule.variant) == (*step, "normal"):
            values.update(changes)
        data.update({f"rules-{i}-{k}": v for k, v in values.items()})
    return data


def _new_version(client, cast):
    from workflows.models import PolicyVersion
    from workflows.services.policy import policy_current

    client.force_login(cast.admin)
    client.post(
        reverse("admin:workflows_policyversion_changelist"),
        {"action": "copy_as_new_version", "_selected_action": [policy_current().pk]},
    )
    return PolicyVersion.objects.order_by("-number").first()


@pytest.mark.parametrize("step", [("flag", "open_inspection"), ("inspection", "fieldwork")])
def test_a_new_policy_version_cannot_silence_the_breach_of_a_clock_covering_a_flag(client, cast, frozen_clock, step):
    from workflows.models import DeadlineRule

    v2 = _new_version(client, cast)
    url = reverse("admin:workflows_policyversion_change", args=[v2.pk])
    response = client.post(url, _version_form(v2, step=step, on_breach="notify"))
    assert response.status_code == 200 and "phải chuyển lên lãnh đạo" in response.content.decode()
    rule = DeadlineRule.objects.get(version=v2, subject=step[0], step=step[1], variant="normal")
    assert rule.on_breach == "escalate"
    # Lengthening or shortening the limit stays the administrator's choice; so does the unit's time to explain.
    assert client.post(url, _version_form(v2, step=step, days=12)).status_code == 302
    assert DeadlineRule.objects.get(pk=rule.pk).days == 12


def test_a_policy_change_mid_way_keeps_each_flags_clock_and_each_breach_escalates(client, cast, frozen_clock):
    from workflows.models import DeadlineRule

    earlier = raise_flag(cast)
    v2 = _new_version(client, cast)
    DeadlineRule.objects.filter(version=v2, subject="flag", step="open_inspection").update(days=10)
    clock.advance(dt.timedelta(days=1))
    later = raise_flag(cast)
    due = {
        f.pk: Deadline.objects.get(target_type="inspections.flag", target_id=str(f.pk)).due_on for f in (earlier, later)
    }
    assert (due[earlier.pk] - earlier.raised_at.date()).days == 30
    assert (due[later.pk] - later.raised_at.date()).days == 10
    clock.advance(dt.timedelta(days=15))
    assert (_bucket(earlier), _bucket(later)) == ("in_progress", "unaccounted")
    assert sweep_run().escalated == 1
    assert (_bucket(earlier), _bucket(later)) == ("in_progress", "overdue_escalated")


def test_a_flag_clock_paused_with_no_step_recording_it_fails_the_proof_until_it_runs_again(cast, frozen_clock):
    """No step pauses a flag's or an inspection's clock (pauses are the grounds the law lists for letters):
    a paused clock covers the flag, but the proof names the pause no step recorded."""
    from workflows.services.deadlines import deadline_pause, deadline_resume

    flag = raise_flag(cast)
    deadline_pause(target=flag, step="open_inspection")
    clock.advance(dt.timedelta(days=60))
    assert _bucket(flag) == "in_progress"
    report = selectors.coverage_report(user=cast.auditor)
    assert report["complete"] and not report["proven"]
    deadline_resume(target=flag, step="open_inspection")
    moved = Deadline.objects.get(target_type="inspections.flag", target_id=str(flag.pk))
    assert moved.status == "open" and moved.due_on > clock.today()
    # Resumed, the limit runs to a day the trail never recorded: still not proven.
    assert not selectors.coverage_report(user=cast.auditor)["proven"]


def test_a_flag_the_reader_is_recused_from_is_named_nowhere_in_the_report_or_its_files(client, cast, frozen_clock):
    import io

    from openpyxl import load_workbook

    from casework.cases.integrations import flag_raise_from_case
    from casework.cases.models import Kind
    from tests.builders import make_case

    leader = UserFactory(username="hospital_btv", roles=[(Role.BTV_MEMBER, cast.hospital)])
    case = make_case(cast, kind=Kind.DENUNCIATION, subject_user=leader, subject_person=leader.full_name)
    hidden = flag_raise_from_case(case=case, unit=cast.hospital, evidence="Chi quỹ phúc lợi sai mục đích")
    shown = raise_flag(cast)
    clock.advance(dt.timedelta(days=40))  # both overdue, neither escalated: the report fails
    client.force_login(leader)
    for bucket in ("", "unaccounted"):
        page = client.get(reverse("inspections:coverage"), {"bucket": bucket} if bucket else {}).content.decode()
        assert hidden.reference not in page
    assert shown.reference in page
    book = load_workbook(
        io.BytesIO(client.get(reverse("inspections:coverage_export", args=["xlsx"]), {"bucket": "unaccounted"}).content)
    )
    cells = " ".join(str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row if v)
    assert shown.reference in cells and hidden.reference not in cells
    document = client.get(reverse("inspections:coverage_export", args=["json"])).content.decode()
    assert hidden.reference not in document and '"complete": false' in document


def test_an_empty_period_is_never_called_100_percent(cast, frozen_clock, client):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("coverage_report", stdout=out, stderr=StringIO())
    assert "100%" not in out.getvalue() and "Không có dấu hiệu vi phạm nào trong kỳ." in out.getvalue()
    client.force_login(cast.auditor)
    page = client.get(reverse("inspections:coverage")).content.decode()
    assert 'id="coverage-verdict"' not in page
    assert selectors.coverage_by_unit(user=cast.auditor)["totals"]["accounted_percent"] is None
