"""Công khai kết luận nội dung tố cáo: within 07 working days of the conclusion the resolver publishes it (Luật Tố cáo
2018 Đ.40 khoản 1) by one or several forms (khoản 2), never revealing the denouncer (khoản 3), posting and web
publication at least 15 consecutive days, print, radio and television at least 02 times (Nghị định 31/2019/NĐ-CP
Đ.6 khoản 2). Its clock (denunciation/publish_conclusion) opens with the conclusion, stops when the publication is
recorded and escalates once on breach; the file is not closed while the publication is owed."""

from __future__ import annotations

import datetime as dt
from importlib import import_module

import pytest
from django.apps import apps
from django.urls import reverse

from casework.audit.selectors import audit_events_for
from casework.cases.actions import case_actions
from casework.cases.escalations import case_decision_refusals
from casework.cases.models import ConclusionPublication, Kind, Status
from casework.cases.services import (
    case_close,
    case_conclusion_publish,
    case_conclusion_sent,
    case_handle_conclusion,
    case_notify_result,
)
from casework.papers.services import paper_issue
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
from tests.papers.conftest import pdf_text
from workflows.models import Deadline, DeadlineRule, Escalation, PolicyVersion
from workflows.policy_cache import reset as policy_reset
from workflows.sweep import sweep_deadlines

pytestmark = pytest.mark.django_db

FIX = import_module("workflows.migrations.0035_conclusion_publication_rule")
STEP = "publish_conclusion"
# Concluded on Friday 24/04/2026. Not counted: the day itself (Bộ luật Dân sự 2015 Đ.147), the weekend, the Hùng
# Kings' day (10/3 âm lịch, Sunday 26/04, taken on Monday 27/04), 30/04 and 01/05 and the weekend after. Working days
# 28, 29/04, 04, 05, 06, 07, 08/05: the seventh is Friday 08/05.
CONCLUDED = dt.date(2026, 4, 24)
DUE = dt.date(2026, 5, 8)
DENOUNCER = "Lã Thị Khuê Tố Giác"


def concluded(cast, *, on: dt.date = CONCLUDED, **kw):
    clock_at(on)
    return decided(cast, kind=Kind.DENUNCIATION, title="Tố cáo chi sai quỹ phúc lợi", **kw)


def publications(case):
    return audit_events_for(target_type="cases.case", target_id=case.pk).filter(action="case.conclusion_published")


def notified(case, cast):
    case = case_conclusion_sent(case=case, actor=cast.officer)
    case = case_handle_conclusion(case=case, actor=cast.leader, note="Xử lý theo thẩm quyền")
    return case_notify_result(case=case, actor=cast.officer)


def test_art40_the_clock_opens_at_the_conclusion_for_seven_working_days_across_the_holidays(cast, client):
    case = concluded(cast)
    assert case.status == Status.CONCLUDED and case.decided_on == CONCLUDED
    clock_ = case_clock(case, STEP)
    assert (clock_.starts_on, clock_.days, clock_.day_unit, clock_.due_on) == (CONCLUDED, 7, "working", DUE)
    assert clock_.rule.source == FIX.SOURCE and clock_.rule.on_breach == "escalate"
    assert "conclusion_publish" in case_actions(user=cast.officer, case=case)
    assert "conclusion_publish" in case_actions(user=cast.leader, case=case)  # the resolver
    assert "conclusion_publish" not in case_actions(user=cast.intake, case=case)
    client.force_login(cast.officer)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "<td>Công khai kết luận nội dung tố cáo</td>" in page
    assert f"/cases/{case.pk}/action/conclusion_publish/" in page
    # A complaint's decision runs no such clock.
    clock_at(CONCLUDED)
    complaint = decided(cast)
    assert STEP not in {d.step for d in Deadline.objects.filter(target_id=str(complaint.pk))}


def test_recording_the_publication_stops_the_clock_once(cast):
    case = concluded(cast)
    clock_at(dt.date(2026, 4, 29))
    case = case_conclusion_publish(
        case=case,
        actor=cast.officer,
        forms=["meeting", "portal"],
        published_on=dt.date(2026, 4, 28),
        meeting="Hội nghị Ban Chấp hành CĐCS Bệnh viện",
        meeting_attendees=["resolver", "verifier", "denounced", "denounced_head"],
        portal="Cổng thông tin điện tử Công đoàn ngành Y tế",
        portal_days=30,
        note="Công bố và đăng tải",
    )
    met = case_clock(case, STEP)
    assert (met.status, met.breached_at) == (Deadline.Status.MET, None)
    row = ConclusionPublication.objects.get(case=case)
    assert (row.forms, row.published_on, row.portal_days, row.recorded_by) == (
        ["meeting", "portal"],
        dt.date(2026, 4, 28),
        30,
        cast.officer,
    )
    (event,) = publications(case)
    assert event.after["forms"] == ["meeting", "portal"] and event.after["decision_number"] == case.decision_number
    assert "conclusion_publish" not in case_actions(user=cast.officer, case=case)
    with pytest.raises(TransitionNotAllowed, match="đã được công khai ngày 28/04/2026"):
        published(case, cast.officer)
    assert publications(case).count() == 1


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"posting_days": 14}, "posting_days"),  # Nghị định 31/2019/NĐ-CP Đ.6 khoản 2 điểm b
        ({"posting_until": dt.date(2026, 5, 11)}, "posting_until"),  # from 28/04: 14 days
        ({"posting_from": dt.date(2026, 4, 23)}, "posting_from"),  # before the conclusion
        ({"posting_days": "mười lăm"}, "posting_days"),
        ({"posting_place": " "}, "posting_place"),
        ({"forms": ["portal"], "portal": "Cổng TTĐT", "portal_days": 10}, "portal_days"),  # điểm c
        ({"forms": ["media"], "media_name": "Báo Thái Bình", "media_kind": "print", "media_times": 1}, "media_times"),
        ({"forms": ["media"], "media_name": "Báo Thái Bình", "media_kind": "online", "media_days": 7}, "media_days"),
        ({"forms": ["media"], "media_name": "Đài PT-TH", "media_kind": "loa"}, "media_kind"),
        ({"forms": ["meeting"]}, "meeting"),
        ({"forms": ["meeting"], "meeting": "Hội nghị", "meeting_attendees": ["resolver"]}, "meeting_attendees"),
        ({"forms": []}, "forms"),
        ({"forms": ["posting", "website"]}, "forms"),
        ({"published_on": dt.date(2026, 4, 23)}, "published_on"),  # before the conclusion
        ({"published_on": dt.date(2026, 4, 30)}, "published_on"),  # after today
        ({"published_on": None}, "published_on"),
        ({"attachment": 10**12}, "attachment"),
    ],
)
def test_bad_input_is_refused_with_the_field_named_and_nothing_changes(cast, values, field):
    case = concluded(cast)
    clock_at(dt.date(2026, 4, 29))
    with pytest.raises(ValidationFailed) as refused:
        published(case, cast.officer, **values)
    assert field in refused.value.fields
    case.refresh_from_db()
    assert not ConclusionPublication.objects.filter(case=case).exists()
    assert not publications(case).exists()
    assert case_clock(case, STEP).status == Deadline.Status.OPEN


def test_the_fifteen_day_minimum_is_the_decree_s(cast):
    case = concluded(cast)
    with pytest.raises(ValidationFailed) as refused:
        published(case, cast.officer, posting_days=14)
    assert refused.value.fields["posting_days"] == ["Nghị định 31/2019/NĐ-CP Điều 6 khoản 2: ít nhất 15 ngày liên tục."]
    published(case, cast.officer, posting_days=15)
    assert case_clock(case, STEP).status == Deadline.Status.MET


def test_not_published_by_the_seventh_working_day_the_sweep_escalates_once_and_stays_late(cast):
    case = concluded(cast)
    clock_at(DUE)
    sweep_deadlines()
    assert not Escalation.objects.filter(deadline__step=STEP).exists()  # the last day is not over
    clock_at(DUE + dt.timedelta(days=1))
    sweep_deadlines()
    sweep_deadlines()
    (escalation,) = Escalation.objects.filter(target_id=str(case.pk), deadline__step=STEP)
    assert escalation.automatic and case_clock(case, STEP).status == Deadline.Status.BREACHED
    # The law gives the 07 working days no extension: leadership orders the publication.
    assert "Đ.40" in case_decision_refusals(escalation)["extend"]
    # Still owed, and offered: recording it now stops the clock, late.
    assert "conclusion_publish" in case_actions(user=cast.officer, case=case)
    published(case, cast.officer)
    late = case_clock(case, STEP)
    assert late.status == Deadline.Status.MET and late.breached_at is not None
    clock_at(DUE + dt.timedelta(days=3))
    sweep_deadlines()
    assert Escalation.objects.filter(target_id=str(case.pk), deadline__step=STEP).count() == 1


def test_a_denunciation_is_not_closed_while_the_publication_is_owed(cast, client):
    case = notified(concluded(cast), cast)
    assert case.status == Status.NOTIFIED
    assert "close" not in case_actions(user=cast.officer, case=case)
    with pytest.raises(TransitionNotAllowed, match="chưa ghi nhận việc công khai kết luận"):
        case_close(case=case, actor=cast.officer)
    response = api_client(cast.officer).post(f"/api/cases/{case.pk}/close/", {"version": case.version}, format="json")
    assert response.status_code == 409 and "Điều 40" in response.content.decode()
    client.force_login(cast.officer)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f"/cases/{case.pk}/action/close/" not in page
    assert 'id="close-refusal"' in page and "chưa ghi nhận việc công khai kết luận" in page  # the page says why
    case = published(case, cast.officer)
    assert "close" in case_actions(user=cast.officer, case=case)
    assert case_close(case=case, actor=cast.officer).status == Status.CLOSED


def test_a_case_not_concluded_has_nothing_to_publish(cast):
    clock_at(CONCLUDED)
    case = accepted(cast, kind=Kind.DENUNCIATION)
    assert "conclusion_publish" not in case_actions(user=cast.chair, case=case)
    with pytest.raises(TransitionNotAllowed, match="chưa có kết luận nội dung tố cáo"):
        published(case, cast.chair)
    response = api_client(cast.chair).post(
        f"/api/cases/{case.pk}/conclusion_publish/",
        {"version": case.version, "forms": ["posting"], "published_on": "2026-04-24", "posting_days": 15},
        format="json",
    )
    assert response.status_code == 409 and "chưa có kết luận" in response.content.decode()
    assert not ConclusionPublication.objects.exists()


def test_the_api_records_it_with_the_page_s_rule(cast):
    case = concluded(cast)
    api = api_client(cast.officer)
    detail = api.get(f"/api/cases/{case.pk}/").json()
    assert "conclusion_publish" in detail["allowed_actions"]
    assert set(detail["allowed_actions"]) == set(case_actions(user=cast.officer, case=case))
    payload = {
        "version": case.version,
        "forms": ["media"],
        "published_on": "2026-04-24",
        "media_name": "Đài Phát thanh - Truyền hình Thái Bình",
        "media_kind": "television",
        "media_times": 1,
    }
    refused = api.post(f"/api/cases/{case.pk}/conclusion_publish/", payload, format="json")
    assert refused.status_code == 400 and "media_times" in str(refused.json()), refused.content
    response = api.post(f"/api/cases/{case.pk}/conclusion_publish/", {**payload, "media_times": 2}, format="json")
    assert response.status_code == 200, response.content
    assert "conclusion_publish" not in response.json()["allowed_actions"]
    assert case_clock(case, STEP).status == Deadline.Status.MET
    again = api.post(
        f"/api/cases/{case.pk}/conclusion_publish/", {**payload, "version": response.json()["version"]}, format="json"
    )
    assert again.status_code == 409 and "đã được công khai" in again.content.decode()


def test_the_page_records_it(cast, client):
    case = concluded(cast)
    client.force_login(cast.officer)
    response = client.post(
        f"/cases/{case.pk}/action/conclusion_publish/",
        {
            "version": case.version,
            "forms": ["posting"],
            "published_on": "24/04/2026",
            "posting_place": "Trụ sở Công đoàn ngành",
            "posting_days": "15",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ConclusionPublication.objects.get(case=case).posting_days == 15


def test_what_is_published_never_carries_the_denouncer(cast, client):
    person, _leader = make_denounced(cast)
    clock_at(CONCLUDED)
    case = accepted(
        cast,
        kind=Kind.DENUNCIATION,
        title=f"Tố cáo của {DENOUNCER} về chi sai quỹ",
        content=f"Tôi là {DENOUNCER}, tố cáo ông {person.full_name} chi sai quỹ phúc lợi.",
        submitters=[submitter(full_name=DENOUNCER)],
        subject_person=person.full_name,
    )
    case = resolved(case, cast, officer=cast.officer)
    case = published(case, cast.officer, note=f"Bà {DENOUNCER} đề nghị công khai")
    row = ConclusionPublication.objects.get(case=case)
    assert DENOUNCER not in row.text and DENOUNCER not in row.note
    assert case.unit.name in row.text and case.decision_number in row.text
    assert DENOUNCER not in str(publications(case).get().after) + publications(case).get().reason

    # The notice published: issued in the register, it names the unit, the conclusion, the form, never the denouncer.
    paper = paper_issue(target=case, key="case.publication", actor=cast.officer)
    text = pdf_text(paper.pdf.read())
    assert "THÔNG BÁO" in text and "Công khai kết luận nội dung tố cáo" in text and case.decision_number in text
    assert "niêm yết tại trụ sở" in " ".join(text.split())
    assert DENOUNCER not in text and DENOUNCER not in str(paper.values) + paper.summary + paper.recipients
    client.force_login(cast.intake)  # who may see the identity: no copy of a public notice is addressed to anyone
    url = reverse("reports:case_notice_pdf", args=[case.pk, "publication"])
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Thông báo công khai kết luận nội dung tố cáo" in page
    assert client.get(url).status_code == 200
    assert client.get(f"{url}?to=denouncer").status_code == 404
    assert client.get(f"{url}?to=denounced").status_code == 404


def test_whoever_is_recused_never_sees_it(cast, client):
    person, leader = make_denounced(cast)
    clock_at(CONCLUDED)
    case = accepted(cast, kind=Kind.DENUNCIATION, subject_person=person.full_name, subject_unit=cast.hospital)
    case = resolved(case, cast, officer=cast.officer)
    for user in (person, leader):
        assert "conclusion_publish" not in case_actions(user=user, case=case)
        with pytest.raises(TransitionNotAllowed):
            published(case, user)
        client.force_login(user)
        assert client.get(f"/cases/{case.pk}/").status_code == 404
        response = api_client(user).post(
            f"/api/cases/{case.pk}/conclusion_publish/",
            {"forms": ["posting"], "published_on": "2026-04-24", "posting_place": "Trụ sở", "posting_days": 15},
            format="json",
        )
        assert response.status_code == 404
    assert not ConclusionPublication.objects.exists()


def test_a_case_open_before_the_new_version_keeps_its_version_and_runs_no_clock(cast):
    DeadlineRule.objects.filter(subject="denunciation", step=STEP).delete()
    policy_reset()
    day = dt.date(2026, 12, 4)
    clock_at(day)
    before = accepted(cast, kind=Kind.DENUNCIATION)
    used = before.policy_version
    newest = PolicyVersion.objects.order_by("-number").first()
    assert used == newest

    FIX.forwards(apps, None)
    policy_reset()
    assert not DeadlineRule.objects.filter(version=used, step=STEP).exists()
    copy = PolicyVersion.objects.get(number=newest.number + 1)
    assert copy.effective_from == day + dt.timedelta(days=1)
    row = DeadlineRule.objects.get(version=copy, subject="denunciation", step=STEP)
    assert (row.days, row.day_unit, row.source) == (7, "working", FIX.SOURCE)
    before = resolved(before, cast, officer=cast.officer)
    assert STEP not in {d.step for d in Deadline.objects.filter(target_id=str(before.pk))}
    assert "conclusion_publish" not in case_actions(user=cast.officer, case=before)
    # Its file is closed without the clock it never ran.
    before = notified(before, cast)
    assert "close" in case_actions(user=cast.officer, case=before)

    clock_at(day + dt.timedelta(days=1))
    after = resolved(accepted(cast, kind=Kind.DENUNCIATION), cast, officer=cast.officer)
    assert after.policy_version == copy and case_clock(after, STEP).rule == row
    FIX.forwards(apps, None)  # run again: nothing left to add
    assert PolicyVersion.objects.count() == copy.number


def test_the_public_page_shows_a_web_posting_for_its_period_only_and_nothing_about_the_denouncer(cast, client):
    clock_at(CONCLUDED)
    case = accepted(
        cast,
        kind=Kind.DENUNCIATION,
        title=f"Tố cáo của {DENOUNCER} về chi sai quỹ",
        submitters=[submitter(full_name=DENOUNCER)],
        subject_unit=cast.hospital,
    )
    case = resolved(case, cast, officer=cast.officer)
    posted_only = resolved(accepted(cast, kind=Kind.DENUNCIATION, title="Tố cáo niêm yết"), cast, officer=cast.officer)
    published(posted_only, cast.officer)  # posted at the office: not on the web page
    published(case, cast.officer, forms=["portal"], portal="Cổng thông tin điện tử", portal_days=15)
    url = reverse("cases:public_conclusions")

    def shown(day: dt.date) -> str | None:
        clock_at(day)
        response = client.get(url)  # anonymous
        assert response.status_code == 200
        page = response.content.decode()
        return page if case.decision_number in page else None

    assert shown(CONCLUDED - dt.timedelta(days=1)) is None
    page = shown(CONCLUDED)
    assert page is not None and case.unit.name in page and "08/05/2026" in page  # 15 days: 24/04 to 08/05
    assert DENOUNCER not in page and case.reference not in page and f"/cases/{case.pk}/" not in page
    assert posted_only.decision_number not in page
    assert shown(dt.date(2026, 5, 8)) is not None
    assert shown(dt.date(2026, 5, 9)) is None
