"""Công khai quyết định xử lý hành vi vi phạm bị tố cáo: within 07 working days of the discipline decision on a
denunciation's case, the one with disciplinary authority publishes it (Luật Tố cáo 2018 Đ.40 khoản 1) by the forms
of khoản 2, never revealing the denouncer (khoản 3), with the minimums of Nghị định 31/2019/NĐ-CP Đ.6. The body that
voted and issued the decision records it; each decision runs its own clock (denunciation/publish_discipline:<n>),
opened by the ballot that adopts it, stopped by the record, escalated once on breach."""

from __future__ import annotations

import datetime as dt
from importlib import import_module

import pytest
from django.apps import apps
from django.urls import reverse

from casework.audit.selectors import audit_events_for
from casework.cases.actions import case_actions
from casework.cases.models import DisciplineProceeding, DisciplinePublication, Kind, Status
from casework.cases.services import (
    case_close,
    case_conclusion_sent,
    case_conflict_declare,
    case_handle_conclusion,
    case_notify_result,
    discipline_ballot_record,
    discipline_propose,
)
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed
from tests.builders import (
    accepted,
    api_client,
    case_clock,
    clock_at,
    decided,
    make_denounced,
    published,
    resolved,
    submitter,
)
from tests.builders import (
    discipline_published as publish,
)
from workflows.models import Deadline, DeadlineRule, Escalation, PolicyVersion
from workflows.policy_cache import reset as policy_reset
from workflows.sweep import sweep_deadlines

pytestmark = pytest.mark.django_db

FIX = import_module("workflows.migrations.0041_discipline_publication_rule")
STEP = "publish_discipline:1"
# Decided on Friday 24/04/2026. Not counted: the day itself (Bộ luật Dân sự 2015 Đ.147), the weekend, the Hùng
# Kings' day (Sunday 26/04, taken on Monday 27/04), 30/04 and 01/05 and the weekend after. Working days 28, 29/04,
# 04, 05, 06, 07, 08/05: the seventh is Friday 08/05.
DECIDED = dt.date(2026, 4, 24)
DUE = dt.date(2026, 5, 8)
DENOUNCER = "Lã Thị Khuê Tố Giác"
DISCIPLINED = "Nguyễn Văn Bị Kỷ Luật"


def disciplined(case, cast, *, votes=None):
    """The officer proposes cảnh cáo for the person denounced; the sector's standing committee adopts it by secret
    ballot today (9 of 9 members), the leader signing on its behalf."""
    discipline_propose(
        case=case,
        actor=cast.officer,
        subject_kind="member",
        subject_name=DISCIPLINED,
        violation_forms=["canh_cao"],
        reason="Kết luận nội dung tố cáo",
    )
    return discipline_ballot_record(
        case=case,
        actor=cast.leader,
        meeting_on=clock.today(),
        members_total=9,
        members_present=9,
        votes=votes or {"canh_cao": 9},
    )


def concluded_and_disciplined(cast, **kw):
    clock_at(DECIDED)
    case = decided(cast, kind=Kind.DENUNCIATION, title="Tố cáo chi sai quỹ phúc lợi", **kw)
    proceeding = disciplined(case, cast)
    case.refresh_from_db()
    return case, proceeding


def events(case):
    return audit_events_for(target_type="cases.case", target_id=case.pk).filter(action="case.discipline_published")


def test_art40_the_clock_opens_at_the_decision_for_seven_working_days_across_the_holidays(cast, client):
    case, proceeding = concluded_and_disciplined(cast)
    assert proceeding.status == DisciplineProceeding.Status.DECIDED and proceeding.decision_number
    clock_ = case_clock(case, STEP)
    assert (clock_.starts_on, clock_.days, clock_.day_unit, clock_.due_on) == (DECIDED, 7, "working", DUE)
    assert clock_.rule.source == FIX.SOURCE and clock_.rule.on_breach == "escalate"
    # The body that issued the decision records it; the officer who proposed it and intake do not.
    assert "discipline_publish" in case_actions(user=cast.leader, case=case)
    assert "discipline_publish" not in case_actions(user=cast.officer, case=case)
    assert "discipline_publish" not in case_actions(user=cast.intake, case=case)
    client.force_login(cast.leader)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="discipline-publication"' in page and "08/05/2026" in page
    assert f"/cases/{case.pk}/action/discipline_publish/" in page
    (row,) = api_client(cast.leader).get(f"/api/cases/{case.pk}/").json()["discipline_publications"]
    assert (row["discipline"], row["owed"], row["tracked"], row["due_on"]) == (proceeding.pk, True, True, "2026-05-08")
    # A ballot that adopts no form issues no decision: nothing to publish, no clock.
    clock_at(DECIDED)
    other = decided(cast, kind=Kind.DENUNCIATION)
    assert disciplined(other, cast, votes={"canh_cao": 4}).status == DisciplineProceeding.Status.NOT_ADOPTED
    assert not Deadline.objects.filter(target_id=str(other.pk), step__startswith="publish_discipline").exists()


def test_not_published_by_the_seventh_working_day_the_sweep_escalates_once_and_recording_stops_it_late(cast):
    case, _proceeding = concluded_and_disciplined(cast)
    clock_at(DUE)
    sweep_deadlines()
    assert not Escalation.objects.filter(deadline__step=STEP).exists()  # the last day is not over
    clock_at(DUE + dt.timedelta(days=1))
    sweep_deadlines()
    sweep_deadlines()
    (escalation,) = Escalation.objects.filter(target_id=str(case.pk), deadline__step=STEP)
    assert escalation.automatic and case_clock(case, STEP).status == Deadline.Status.BREACHED
    assert "discipline_publish" in case_actions(user=cast.leader, case=case)
    publish(case, cast.leader)
    late = case_clock(case, STEP)
    assert late.status == Deadline.Status.MET and late.breached_at is not None
    clock_at(DUE + dt.timedelta(days=3))
    sweep_deadlines()
    assert Escalation.objects.filter(target_id=str(case.pk), deadline__step=STEP).count() == 1


def test_recording_the_publication_stops_the_clock_once_and_lets_the_file_close(cast):
    case, proceeding = concluded_and_disciplined(cast)
    clock_at(dt.date(2026, 4, 29))
    case = published(case, cast.officer)  # the conclusion's own publication: its own clock, its own record
    case = case_conclusion_sent(case=case, actor=cast.officer)
    case = case_handle_conclusion(case=case, actor=cast.leader, note="Xử lý theo thẩm quyền")
    case = case_notify_result(case=case, actor=cast.officer)
    assert case.status == Status.NOTIFIED
    with pytest.raises(TransitionNotAllowed, match="quyết định xử lý kỷ luật"):
        case_close(case=case, actor=cast.officer)
    assert case_clock(case, STEP).status == Deadline.Status.OPEN

    case = publish(
        case,
        cast.leader,
        forms=["meeting", "portal"],
        published_on=dt.date(2026, 4, 28),
        meeting="Hội nghị Ban Chấp hành CĐCS Bệnh viện",
        meeting_attendees=["resolver", "verifier", "denounced", "denounced_head"],
        portal="Cổng thông tin điện tử Công đoàn ngành Y tế",
        portal_days=30,
    )
    assert (case_clock(case, STEP).status, case_clock(case, STEP).breached_at) == (Deadline.Status.MET, None)
    row = DisciplinePublication.objects.get(discipline=proceeding)
    assert (row.case, row.forms, row.published_on, row.portal_days, row.recorded_by) == (
        case,
        ["meeting", "portal"],
        dt.date(2026, 4, 28),
        30,
        cast.leader,
    )
    assert proceeding.decision_number in row.text and DISCIPLINED in row.text
    (event,) = events(case)
    assert (event.after["discipline"], event.after["decision_number"]) == (proceeding.pk, proceeding.decision_number)
    assert event.after["forms"] == ["meeting", "portal"]
    assert "discipline_publish" not in case_actions(user=cast.leader, case=case)
    with pytest.raises(TransitionNotAllowed, match="đã được công khai ngày 28/04/2026"):
        publish(case, cast.leader, discipline=proceeding.pk)
    assert events(case).count() == 1
    assert case_close(case=case, actor=cast.officer).status == Status.CLOSED


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"published_on": dt.date(2026, 4, 23)}, "published_on"),  # before the decision
        ({"published_on": dt.date(2026, 4, 30)}, "published_on"),  # after today
        ({"posting_days": 14}, "posting_days"),  # Nghị định 31/2019/NĐ-CP Đ.6 khoản 2 điểm b
        ({"forms": []}, "forms"),
        ({"forms": ["posting", "website"]}, "forms"),
        ({"forms": ["meeting"], "meeting": "Hội nghị", "meeting_attendees": ["resolver"]}, "meeting_attendees"),
        ({"forms": ["media"], "media_name": "Báo Thái Bình", "media_kind": "print", "media_times": 1}, "media_times"),
        ({"discipline": "mười hai"}, "discipline"),
        ({"discipline": 10**12}, "discipline"),
        ({"attachment": 10**12}, "attachment"),
    ],
)
def test_bad_input_is_refused_with_the_field_named_and_nothing_is_written(cast, values, field):
    case, _proceeding = concluded_and_disciplined(cast)
    clock_at(dt.date(2026, 4, 29))
    with pytest.raises(ValidationFailed) as refused:
        publish(case, cast.leader, **values)
    assert field in refused.value.fields
    assert not DisciplinePublication.objects.exists() and not events(case).exists()
    assert case_clock(case, STEP).status == Deadline.Status.OPEN


def test_only_a_member_of_the_body_that_decided_records_it(cast):
    case, _proceeding = concluded_and_disciplined(cast)
    for user in (cast.officer, cast.chair, cast.intake, cast.outsider):
        with pytest.raises(TransitionNotAllowed):
            publish(case, user)
    # A member of the body above who declared a conflict of interest on the case neither votes nor records it.
    assert "discipline_publish" in case_actions(user=cast.province_leader, case=case)
    case_conflict_declare(case=case, actor=cast.province_leader, note="Người thân của người bị tố cáo")
    assert "discipline_publish" not in case_actions(user=cast.province_leader, case=case)
    with pytest.raises(TransitionNotAllowed):
        publish(case, cast.province_leader)
    assert not DisciplinePublication.objects.exists() and not events(case).exists()
    # A case that owes none refuses with the reason.
    clock_at(DECIDED)
    other = decided(cast, kind=Kind.DENUNCIATION)
    with pytest.raises(TransitionNotAllowed, match="không có quyết định xử lý kỷ luật nào đang chờ công khai"):
        publish(other, cast.leader)


def test_what_is_published_never_carries_the_denouncer(cast, client):
    person, _leader = make_denounced(cast)
    clock_at(DECIDED)
    case = accepted(
        cast,
        kind=Kind.DENUNCIATION,
        title=f"Tố cáo của {DENOUNCER} về chi sai quỹ",
        content=f"Tôi là {DENOUNCER}, tố cáo ông {person.full_name} chi sai quỹ phúc lợi.",
        submitters=[submitter(full_name=DENOUNCER)],
        subject_person=person.full_name,
    )
    case = resolved(case, cast, officer=cast.officer)
    disciplined(case, cast)
    publish(
        case, cast.leader, forms=["portal"], portal="Cổng thông tin điện tử", portal_days=15, note=f"Bà {DENOUNCER}"
    )
    row = DisciplinePublication.objects.get(case=case)
    assert DENOUNCER not in row.text and DENOUNCER not in row.note and case.unit.name in row.text
    event = events(case).get()
    assert DENOUNCER not in str(event.after) + event.reason
    assert DENOUNCER not in str(api_client(cast.leader).get(f"/api/cases/{case.pk}/").json()["discipline_publications"])
    # The public page lists it like the conclusion, for its period, with nothing of the case beyond the text.
    response = client.get(reverse("cases:public_conclusions"))  # anonymous
    page = response.content.decode()
    assert response.status_code == 200 and DISCIPLINED in page
    assert DENOUNCER not in page and case.reference not in page and f"/cases/{case.pk}/" not in page
    clock_at(DECIDED + dt.timedelta(days=15))
    assert DISCIPLINED not in client.get(reverse("cases:public_conclusions")).content.decode()


def test_outsiders_and_whoever_is_recused_never_see_it(cast, client):
    person, leader = make_denounced(cast)  # the hospital's leader sits on the sector's executive committee too
    clock_at(DECIDED)
    case = accepted(cast, kind=Kind.DENUNCIATION, subject_person=person.full_name, subject_unit=cast.hospital)
    case = resolved(case, cast, officer=cast.officer)
    disciplined(case, cast)
    payload = {"forms": ["posting"], "published_on": "2026-04-24", "posting_place": "Trụ sở", "posting_days": 15}
    for user in (person, leader, cast.outsider, cast.other_officer):
        assert "discipline_publish" not in case_actions(user=user, case=case)
        with pytest.raises(TransitionNotAllowed):
            publish(case, user)
        client.force_login(user)
        assert client.get(f"/cases/{case.pk}/").status_code == 404
        assert client.post(f"/cases/{case.pk}/action/discipline_publish/", payload).status_code == 404
        api = api_client(user)
        assert api.get(f"/api/cases/{case.pk}/").status_code == 404
        assert api.post(f"/api/cases/{case.pk}/discipline_publish/", payload, format="json").status_code == 404
    assert not DisciplinePublication.objects.exists()


def test_the_page_and_the_api_record_it(cast, client):
    case, proceeding = concluded_and_disciplined(cast)
    client.force_login(cast.leader)
    response = client.post(
        f"/cases/{case.pk}/action/discipline_publish/",
        {
            "version": case.version,
            "discipline": str(proceeding.pk),
            "forms": ["posting"],
            "published_on": "24/04/2026",
            "posting_place": "Trụ sở Công đoàn ngành",
            "posting_days": "15",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert DisciplinePublication.objects.get(discipline=proceeding).posting_days == 15

    second, _p = concluded_and_disciplined(cast)
    api = api_client(cast.leader)
    detail = api.get(f"/api/cases/{second.pk}/").json()
    assert "discipline_publish" in detail["allowed_actions"]
    payload = {"version": detail["version"], "forms": ["posting"], "published_on": "2026-04-24", "posting_days": 15}
    refused = api.post(f"/api/cases/{second.pk}/discipline_publish/", payload, format="json")
    assert refused.status_code == 400 and "posting_place" in str(refused.json())
    response = api.post(
        f"/api/cases/{second.pk}/discipline_publish/", {**payload, "posting_place": "Trụ sở"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert "discipline_publish" not in response.json()["allowed_actions"]
    (row,) = response.json()["discipline_publications"]
    assert (row["owed"], row["published_on"], row["due_on"]) == (False, "2026-04-24", None)


def test_a_case_open_before_the_row_was_added_says_its_publication_is_not_tracked(cast, client):
    DeadlineRule.objects.filter(subject="denunciation", step="publish_discipline").delete()
    policy_reset()
    day = dt.date(2026, 12, 4)
    clock_at(day)
    before = accepted(cast, kind=Kind.DENUNCIATION)
    used = before.policy_version
    newest = PolicyVersion.objects.order_by("-number").first()
    assert used == newest

    FIX.forwards(apps, None)
    policy_reset()
    assert not DeadlineRule.objects.filter(version=used, step="publish_discipline").exists()
    copy = PolicyVersion.objects.get(number=newest.number + 1)
    assert copy.effective_from == day + dt.timedelta(days=1)
    before = resolved(before, cast, officer=cast.officer)
    disciplined(before, cast)
    assert not Deadline.objects.filter(target_id=str(before.pk), step__startswith="publish_discipline").exists()
    assert "discipline_publish" not in case_actions(user=cast.leader, case=before)
    (row,) = api_client(cast.leader).get(f"/api/cases/{before.pk}/").json()["discipline_publications"]
    assert (row["tracked"], row["owed"]) == (False, False)
    client.force_login(cast.leader)
    assert 'class="discipline-publication-untracked"' in client.get(f"/cases/{before.pk}/").content.decode()

    clock_at(day + dt.timedelta(days=1))
    after = resolved(accepted(cast, kind=Kind.DENUNCIATION), cast, officer=cast.officer)
    disciplined(after, cast)
    assert after.policy_version == copy
    assert case_clock(after, STEP).rule == DeadlineRule.objects.get(version=copy, step="publish_discipline")
    FIX.forwards(apps, None)  # run again: nothing left to add
    assert PolicyVersion.objects.count() == copy.number
