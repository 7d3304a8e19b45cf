"""No dead end in following a recommendation: one who follows it records the report the unit sent on
paper (day received, means, text, scan of the signed report), and the recommendation goes on as if the
unit had reported in the system. A report in the system and one on paper never both stand."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import translation

from casework.audit.models import AuditEvent
from casework.audit.timeline import changes_of
from casework.files.models import Attachment
from casework.inspections import services
from casework.inspections.actions import recommendation_actions
from casework.inspections.models import FollowupReport, Recommendation
from casework.org.models import Role
from core import clock
from core.errors import OutOfScope, TransitionNotAllowed, ValidationFailed
from notifications.models import Notification
from tests import builders
from tests.concurrency import at_once
from tests.factories import UserFactory
from workflows.calendar import end_of_day
from workflows.deadline_status import clock_state
from workflows.models import Deadline, Escalation
from workflows.sweep import sweep_run

pytestmark = pytest.mark.django_db


def scan(name: str = "bao-cao-ky.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n", "application/pdf")


def _concluded(cast):
    return builders.conclude(cast, builders.open_ad_hoc(cast, [builders.raise_flag(cast)]))


def _for_clinic(cast) -> Recommendation:
    """A recommendation to a unit nobody represents in the system (as the demo's Bệnh viện Phổi)."""
    return services.recommendation_add(
        inspection=_concluded(cast),
        text="Bổ sung sổ quỹ tiền mặt",
        owner_unit=cast.clinic,
        due_on=builders.later(30),
        actor=cast.inspector,
    )


def _paper(rec, actor, **overrides):
    given = {
        "received_on": clock.today(),
        "means": "post",
        "text": "Đơn vị đã bổ sung sổ quỹ, có bản sao kèm theo",
        "uploads": [scan()],
        **overrides,
    }
    return services.followup_report_paper(recommendation=rec, actor=actor, **given)


def _clock(rec, step: str) -> Deadline:
    return Deadline.objects.filter(target_type="inspections.recommendation", target_id=str(rec.pk), step=step).latest(
        "pk"
    )


def test_a_unit_nobody_represents_no_longer_leaves_its_recommendation_without_a_reporter(cast, frozen_clock):
    rec = _for_clinic(cast)
    everyone = (cast.chair, cast.inspector, cast.inspector2, cast.leader, cast.subject_rep)
    # Nobody reports for it in the system ...
    assert not any("report" in recommendation_actions(user=u, recommendation=rec) for u in everyone)
    # ... but those who follow it record its report on paper; nobody else does.
    assert "report_paper" in recommendation_actions(user=cast.chair, recommendation=rec)
    assert "report_paper" in recommendation_actions(user=cast.inspector2, recommendation=rec)
    for user in (cast.subject_rep, cast.leader, cast.auditor, cast.officer):
        assert "report_paper" not in recommendation_actions(user=user, recommendation=rec), user.username

    clock.advance(dt.timedelta(days=10))
    received_on = clock.today() - dt.timedelta(days=2)
    report = _paper(rec, cast.inspector2, received_on=received_on)

    rec.refresh_from_db()
    assert rec.status == Recommendation.Status.REPORTED
    assert (report.on_paper, report.received_on, report.received_means, report.recorded_by, report.reported_by) == (
        True,
        received_on,
        "post",
        cast.inspector2,
        None,
    )
    # Its clock stops as a report stops it, as of the day it was received; the verification's starts.
    report_clock = _clock(rec, "report")
    assert (report_clock.status, report_clock.closed_at) == (Deadline.Status.MET, end_of_day(received_on))
    # The committee's time to verify runs from the day the report reached it, not from its recording.
    verify = _clock(rec, "verify")
    assert (verify.status, verify.starts_on) == (Deadline.Status.OPEN, received_on)
    assert Attachment.objects.filter(kind="followup_paper", target_id=str(report.pk)).count() == 1
    # Whoever is told of a report is told of this one.
    told = set(
        Notification.objects.filter(url=f"/inspections/recommendations/{rec.pk}/").values_list("user", flat=True)
    )
    assert {cast.inspector.pk, cast.inspector2.pk, cast.inspector3.pk} <= told
    # The trail reads in words.
    event = AuditEvent.objects.get(action="recommendation.report_paper", target_id=str(rec.pk))
    with translation.override("vi"):
        changes = {c.field: c for c in changes_of(event)}
        assert changes["means"].label == "Hình thức nhận" and changes["means"].after == "Bưu điện, có phiếu báo phát"
        assert changes["received_on"].label == "Ngày nhận báo cáo"
    # The verification follows as for a report in the system; recording it is not writing it: the
    # recorder may verify it.
    assert "verify" in recommendation_actions(user=cast.inspector2, recommendation=rec)
    services.recommendation_verify(recommendation=rec, verdict="accepted", actor=cast.inspector2)
    rec.refresh_from_db()
    assert rec.status == Recommendation.Status.ACCEPTED


def test_the_page_offers_it_and_records_it(cast, frozen_clock, client):
    rec = _for_clinic(cast)
    client.force_login(cast.chair)
    page = reverse("inspections:recommendation_detail", args=[rec.pk])
    assert 'id="action-report_paper"' in client.get(page).content.decode()
    response = client.post(
        reverse("inspections:recommendation_act", args=[rec.pk, "report_paper"]),
        {
            "received_on": f"{clock.today():%d/%m/%Y}",
            "means": "hand",
            "text": "Đã bổ sung sổ quỹ tiền mặt",
            "files": [scan()],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    rec.refresh_from_db()
    assert rec.status == Recommendation.Status.REPORTED
    shown = client.get(page).content.decode()
    assert "Đã bổ sung sổ quỹ tiền mặt" in shown and 'id="action-report_paper"' not in shown
    assert "bao-cao-ky.pdf" in shown


def test_the_api_offers_it_and_records_it(cast, frozen_clock, api_as):
    rec = _for_clinic(cast)
    url = f"/api/recommendations/{rec.pk}/"
    assert "report_paper" in api_as(cast.chair).get(url).json()["allowed_actions"]
    payload = {"received_on": clock.today().isoformat(), "means": "email", "text": "Đã bổ sung"}
    refused = api_as(cast.subject_rep).post(f"{url}report_paper/", {**payload, "uploads": [scan()]}, format="multipart")
    assert refused.status_code == 404
    response = api_as(cast.chair).post(f"{url}report_paper/", {**payload, "uploads": [scan()]}, format="multipart")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "reported" and "report_paper" not in body["allowed_actions"]
    (report,) = body["reports"]
    assert (report["on_paper"], report["received_means"], report["recorded_by"], report["reported_by"]) == (
        True,
        "email",
        cast.chair.pk,
        None,
    )
    again = api_as(cast.inspector2).post(f"{url}report_paper/", {**payload, "uploads": [scan()]}, format="multipart")
    assert again.status_code == 409
    assert FollowupReport.objects.filter(recommendation=rec).count() == 1


@pytest.mark.parametrize(
    "overrides,field",
    [
        ({"uploads": []}, "files"),
        ({"received_on": "tomorrow"}, "received_on"),
        ({"received_on": "before"}, "received_on"),
        ({"received_on": None}, "received_on"),
        ({"means": "pigeon"}, "means"),
        ({"text": "   "}, "text"),
    ],
)
def test_bad_input_names_the_field_and_changes_nothing(cast, frozen_clock, overrides, field):
    rec = _for_clinic(cast)
    clock.advance(dt.timedelta(days=3))
    if overrides.get("received_on") == "tomorrow":
        overrides["received_on"] = clock.today() + dt.timedelta(days=1)
    elif overrides.get("received_on") == "before":
        overrides["received_on"] = clock.today() - dt.timedelta(days=4)  # the day before it was issued
    with pytest.raises(ValidationFailed) as refused:
        _paper(rec, cast.chair, **overrides)
    assert field in refused.value.fields
    rec.refresh_from_db()
    assert rec.status == Recommendation.Status.OPEN
    assert not FollowupReport.objects.filter(recommendation=rec).exists()
    assert not Attachment.objects.filter(kind="followup_paper").exists()
    assert _clock(rec, "report").status == Deadline.Status.OPEN
    assert not AuditEvent.objects.filter(action="recommendation.report_paper").exists()


def test_the_page_refuses_a_missing_scan_and_a_day_in_the_future_by_their_fields(cast, frozen_clock, client):
    rec = _for_clinic(cast)
    client.force_login(cast.chair)
    act = reverse("inspections:recommendation_act", args=[rec.pk, "report_paper"])
    values = {"received_on": f"{clock.today():%d/%m/%Y}", "means": "hand", "text": "Đã bổ sung"}
    no_scan = client.post(act, values)
    assert (
        no_scan.status_code == 400 and "Phải tải lên bản quét báo cáo có chữ ký của đơn vị" in no_scan.content.decode()
    )
    tomorrow = clock.today() + dt.timedelta(days=1)
    future = client.post(act, {**values, "received_on": f"{tomorrow:%d/%m/%Y}", "files": [scan()]})
    assert future.status_code == 400 and "không được sau ngày hôm nay" in future.content.decode()
    rec.refresh_from_db()
    assert rec.status == Recommendation.Status.OPEN and not FollowupReport.objects.filter(recommendation=rec).exists()


def test_after_a_return_a_paper_received_before_the_return_is_refused(cast, frozen_clock):
    rec = _for_clinic(cast)
    _paper(rec, cast.chair)
    clock.advance(dt.timedelta(days=2))
    services.recommendation_verify(recommendation=rec, verdict="returned", reason="Chưa đủ chứng từ", actor=cast.chair)
    rec.refresh_from_db()
    with pytest.raises(ValidationFailed) as refused:
        _paper(rec, cast.chair, received_on=clock.today() - dt.timedelta(days=1))
    assert "received_on" in refused.value.fields
    clock.advance(dt.timedelta(days=1))
    _paper(rec, cast.chair, received_on=clock.today())
    rec.refresh_from_db()
    assert rec.status == Recommendation.Status.REPORTED


def test_a_report_in_the_system_and_one_on_paper_never_both_stand(cast, frozen_clock):
    inspection = _concluded(cast)
    rec = builders.recommend(cast, inspection)  # the hospital, whose representative reports
    assert "report_paper" in recommendation_actions(user=cast.chair, recommendation=rec)
    services.followup_report(recommendation=rec, text="Đã thu hồi", actor=cast.subject_rep)
    rec.refresh_from_db()
    assert "report_paper" not in recommendation_actions(user=cast.chair, recommendation=rec)
    with pytest.raises(TransitionNotAllowed):
        _paper(rec, cast.chair)
    other = builders.recommend(cast, inspection)
    _paper(other, cast.chair)
    other.refresh_from_db()
    assert "report" not in recommendation_actions(user=cast.subject_rep, recommendation=other)
    with pytest.raises(TransitionNotAllowed):
        services.followup_report(recommendation=other, text="Đã thu hồi", actor=cast.subject_rep)
    for each in (rec, other):
        assert FollowupReport.objects.filter(recommendation=each).count() == 1


def test_someone_outside_the_units_scope_gets_not_found(cast, frozen_clock, client, api_as):
    rec = _for_clinic(cast)
    elsewhere = UserFactory(username="elsewhere", roles=[(Role.INSPECTOR, cast.other_sector)])
    for user in (elsewhere, cast.outsider, cast.other_officer):
        assert "report_paper" not in recommendation_actions(user=user, recommendation=rec)
        with pytest.raises(OutOfScope):
            _paper(rec, user)
        client.force_login(user)
        assert client.get(reverse("inspections:recommendation_detail", args=[rec.pk])).status_code == 404
        posted = client.post(
            reverse("inspections:recommendation_act", args=[rec.pk, "report_paper"]),
            {"received_on": f"{clock.today():%d/%m/%Y}", "means": "hand", "text": "x", "files": [scan()]},
        )
        assert posted.status_code == 404
        payload = {"received_on": clock.today().isoformat(), "means": "hand", "text": "x", "uploads": [scan()]}
        assert (
            api_as(user).post(f"/api/recommendations/{rec.pk}/report_paper/", payload, format="multipart").status_code
            == 404
        )
    rec.refresh_from_db()
    assert rec.status == Recommendation.Status.OPEN


def test_one_recused_from_the_case_may_not_record_its_measures_report(cast, frozen_clock, client):
    """A committee member who sits on the executive of the unit denounced is recused from the case (Luật
    Tố cáo 2018 Đ.47): for them the measure does not exist; the committee's others record it."""
    measure = builders.conclusion_measure(cast, builders.handled_denunciation(cast))
    recused = UserFactory(username="recused", roles=[(Role.INSPECTOR, cast.sector), (Role.BCH_MEMBER, cast.hospital)])
    assert "report_paper" not in recommendation_actions(user=recused, recommendation=measure)
    with pytest.raises(OutOfScope):
        _paper(measure, recused)
    client.force_login(recused)
    assert client.get(reverse("inspections:recommendation_detail", args=[measure.pk])).status_code == 404
    measure.refresh_from_db()
    assert measure.status == Recommendation.Status.OPEN
    assert "report_paper" in recommendation_actions(user=cast.inspector, recommendation=measure)
    _paper(measure, cast.inspector)
    measure.refresh_from_db()
    assert measure.status == Recommendation.Status.REPORTED


def test_a_measures_monitor_records_the_paper_report_and_verifies_it(cast, frozen_clock):
    measure = builders.conclusion_measure(cast, builders.handled_denunciation(cast), monitor=cast.inspector2)
    # The monitor follows it: theirs alone, as the verification is.
    assert "report_paper" in recommendation_actions(user=cast.inspector2, recommendation=measure)
    assert "report_paper" not in recommendation_actions(user=cast.inspector, recommendation=measure)
    with pytest.raises(TransitionNotAllowed):
        _paper(measure, cast.inspector)
    _paper(measure, cast.inspector2)
    measure.refresh_from_db()
    services.recommendation_verify(recommendation=measure, verdict="accepted", actor=cast.inspector2)
    measure.refresh_from_db()
    assert measure.status == Recommendation.Status.ACCEPTED


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_report_and_a_paper_report_at_once_give_one_report(cast, frozen_clock):
    rec = builders.recommend(cast, _concluded(cast))

    online, paper = at_once(
        lambda: services.followup_report(
            recommendation=Recommendation(pk=rec.pk), text="Đã thu hồi", actor=cast.subject_rep
        ),
        lambda: _paper(Recommendation(pk=rec.pk), cast.chair),
    )

    outcomes = sorted(type(o).__name__ for o in (online, paper))
    assert outcomes == ["FollowupReport", "TransitionNotAllowed"], (online, paper)
    rec.refresh_from_db()
    assert rec.status == Recommendation.Status.REPORTED
    assert FollowupReport.objects.filter(recommendation=rec).count() == 1
    assert (
        Deadline.objects.filter(target_type="inspections.recommendation", target_id=str(rec.pk), step="verify").count()
        == 1
    )


def _due_in_five(cast) -> Recommendation:
    """A recommendation to the clinic whose report is due five days from today (Sat 07/03/2026)."""
    return services.recommendation_add(
        inspection=_concluded(cast),
        text="Bổ sung sổ quỹ tiền mặt",
        owner_unit=cast.clinic,
        due_on=builders.later(5),
        actor=cast.inspector,
    )


def test_a_paper_received_on_time_and_recorded_after_the_due_day_is_on_time(cast, frozen_clock):
    rec = _due_in_five(cast)
    due_on = rec.due_on
    assert _clock(rec, "report").due_on == due_on
    clock.advance(dt.timedelta(days=7))  # recorded two days after the due day, no sweep in between
    _paper(rec, cast.chair, received_on=due_on - dt.timedelta(days=1))
    report_clock = _clock(rec, "report")
    assert report_clock.status == Deadline.Status.MET
    assert (report_clock.breached_at, report_clock.breach_unswept) == (None, False)
    assert report_clock.closed_at == end_of_day(due_on - dt.timedelta(days=1))
    state = clock_state(report_clock, clock.now())
    assert (state.late_days, state.overdue) == (0, False)
    # Nothing for the sweep to bring to leadership.
    sweep_run()
    assert not Escalation.objects.filter(target_type="inspections.recommendation", target_id=str(rec.pk)).exists()


def test_a_paper_received_on_the_due_day_is_on_time(cast, frozen_clock):
    rec = _due_in_five(cast)
    clock.advance(dt.timedelta(days=6))
    _paper(rec, cast.chair, received_on=rec.due_on)
    report_clock = _clock(rec, "report")
    assert (report_clock.status, report_clock.breached_at) == (Deadline.Status.MET, None)


def test_a_paper_received_on_time_clears_the_breach_the_sweep_marked_before_it_was_recorded(cast, frozen_clock):
    """The sweep read the clock running past its due day because nobody had recorded the paper yet;
    the unit reported in time, so the clock is met in time. The escalation raised meanwhile stays in
    the trail and is recorded overtaken: nothing is left for leadership to decide."""
    rec = _due_in_five(cast)
    clock.advance(dt.timedelta(days=6))
    sweep_run()
    assert _clock(rec, "report").status == Deadline.Status.BREACHED
    escalation = Escalation.objects.get(target_type="inspections.recommendation", target_id=str(rec.pk))
    clock.advance(dt.timedelta(days=1))
    _paper(rec, cast.chair, received_on=rec.due_on - dt.timedelta(days=1))
    report_clock = _clock(rec, "report")
    assert (report_clock.status, report_clock.breached_at, report_clock.breach_unswept) == (
        Deadline.Status.MET,
        None,
        False,
    )
    assert clock_state(report_clock, clock.now()).late_days == 0
    sweep_run()
    escalation.refresh_from_db()
    assert escalation.status == Escalation.Status.OVERTAKEN


def test_a_paper_received_late_stays_late_whether_or_not_the_sweep_came_round(cast, frozen_clock):
    swept, unswept = _due_in_five(cast), _due_in_five(cast)
    clock.advance(dt.timedelta(days=6))  # the day after the due day
    received_on = clock.today()
    sweep_run()  # marks both breached (at this moment, on the received day)
    swept_breach = _clock(swept, "report").breached_at
    Deadline.objects.filter(pk=_clock(unswept, "report").pk).update(
        status=Deadline.Status.OPEN, breached_at=None
    )  # as if no pass had run
    clock.advance(dt.timedelta(days=2))
    _paper(swept, cast.chair, received_on=received_on)
    _paper(unswept, cast.chair, received_on=received_on)
    late = _clock(swept, "report")
    assert (late.status, late.breached_at) == (Deadline.Status.MET, swept_breach)
    assert clock_state(late, clock.now()).late_days == 1  # stopped on the received day, one day late
    dated = _clock(unswept, "report")
    assert (dated.status, dated.breached_at, dated.breach_unswept) == (Deadline.Status.MET, dated.due_at, True)
