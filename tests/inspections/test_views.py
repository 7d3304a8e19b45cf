"""Pages: the whole road through real URLs, actions only when allowed, 404 outside scope."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from casework.inspections.models import Flag, Inspection, Recommendation
from casework.org.models import Role
from tests.builders import conclude, explanation_time_over, later, open_ad_hoc, raise_flag
from tests.factories import UserFactory


def _login(client, user):
    client.force_login(user)
    return client


def test_flag_raise_page_then_open_inspection_from_it(client, cast, frozen_clock):
    _login(client, cast.inspector)
    response = client.post(
        reverse("inspections:flag_raise"),
        {
            "unit": cast.hospital.pk,
            "category": "finance_dues",
            "subject_area": "tai_chinh_cong_doan",
            "severity": "high",
            "source": "manual",
            "evidence": "Không nộp đoàn phí 6 tháng",
        },
    )
    flag = Flag.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("inspections:flag_detail", args=[flag.pk])
    page = client.get(response["Location"]).content.decode()
    # The flag's own trail, in words: its action's label, never the stored code.
    assert "Mở cuộc kiểm tra đột xuất" in page and "Ghi nhận dấu hiệu vi phạm" in page
    assert "flag.raise" not in page
    response = client.post(
        reverse("inspections:inspection_open"),
        {"unit": cast.sector.pk, "subject_unit": cast.hospital.pk, "flags": [flag.pk]},
    )
    inspection = Inspection.objects.get()
    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.status == Flag.Status.ASSIGNED and inspection.topics == ["finance_dues"]


def test_flag_raise_page_shows_vietnamese_error(client, cast, frozen_clock):
    _login(client, cast.inspector)
    response = client.post(
        reverse("inspections:flag_raise"),
        {
            "unit": cast.hospital.pk,
            "category": "finance_dues",
            "subject_area": "tai_chinh_cong_doan",
            "severity": "high",
            "source": "manual",
            "evidence": "",
        },
    )
    assert response.status_code == 200
    assert "Phải nêu căn cứ, chứng cứ" in response.content.decode()
    assert not Flag.objects.exists()


def test_steps_through_the_pages(client, cast, frozen_clock):
    inspection = open_ad_hoc(cast, [raise_flag(cast)])
    url = lambda action: reverse("inspections:inspection_act", args=[inspection.pk, action])  # noqa: E731
    _login(client, cast.inspector)
    page = client.get(reverse("inspections:inspection_detail", args=[inspection.pk])).content.decode()
    conclude = reverse("inspections:inspection_act", args=[inspection.pk, "conclude"])
    assert "Gửi thông báo kiểm tra" in page and f'action="{conclude}"' not in page  # not offered yet
    assert client.post(url("notify"), {"text": "Chuẩn bị chứng từ"}).status_code == 302
    # The inspector cannot acknowledge for the subject unit.
    assert client.post(url("acknowledge"), {"confirm": "on"}).status_code == 404
    _login(client, cast.subject_rep)
    assert client.post(url("acknowledge"), {}).status_code == 400  # confirmation required
    assert client.post(url("acknowledge"), {"confirm": "on"}).status_code == 302
    _login(client, cast.inspector2)
    for item in inspection.checklist.all():
        assert client.post(url("check"), {"item": item.pk, "done": "on", "note": "ok"}).status_code == 302
    client.post(url("finding"), {"topic": "finance_spending", "description": "Chi sai", "amount": "1.500.000"})
    assert client.post(url("report_draft"), {"text": "Dự thảo"}).status_code == 302
    explanation_time_over(inspection)  # the unit let its time to explain run out
    _login(client, cast.chair)
    assert client.post(url("conclude"), {"outcome": "founded", "text": "Có vi phạm"}).status_code == 400
    assert (
        client.post(url("conclude"), {"outcome": "founded", "text": "Có vi phạm", "confirm": "on"}).status_code == 302
    )
    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.CONCLUDED
    assert Flag.objects.get().status == Flag.Status.INSPECTED
    response = client.post(
        url("recommend"), {"text": "Thu hồi", "owner_unit": cast.hospital.pk, "due_on": later(15).isoformat()}
    )
    assert response.status_code == 302
    rec = Recommendation.objects.get()
    rec_url = lambda action: reverse("inspections:recommendation_act", args=[rec.pk, action])  # noqa: E731
    _login(client, cast.subject_rep)
    home = client.get(reverse("home")).content.decode()
    assert "Báo cáo thực hiện kiến nghị" in home
    assert client.post(rec_url("report"), {"text": "Đã thu hồi"}).status_code == 302
    _login(client, cast.inspector3)
    # The irreversible verdict starts unchosen, and is asked for by name when left so.
    page = client.get(reverse("inspections:recommendation_detail", args=[rec.pk])).content.decode()
    verdict = page.split('name="verdict"', 1)[1].split("</select>", 1)[0]
    assert '<option value="" selected>—</option>' in verdict and 'value="accepted" selected' not in verdict
    refused = client.post(rec_url("verify"), {"confirm": "on"})
    assert refused.status_code == 400 and "vui lòng chọn đạt hoặc chưa đạt" in refused.content.decode()
    assert client.post(rec_url("verify"), {"verdict": "returned", "confirm": "on"}).status_code == 400
    assert client.post(rec_url("verify"), {"verdict": "accepted", "confirm": "on"}).status_code == 302
    rec.refresh_from_db()
    assert rec.status == Recommendation.Status.ACCEPTED


@pytest.fixture
def inspector_e(cast):
    return UserFactory(username="inspector_e", roles=[(Role.INSPECTOR, cast.other_sector)])


def test_inspector_of_another_sector_gets_404(client, cast, frozen_clock, inspector_e):
    flag = raise_flag(cast)
    inspection = open_ad_hoc(cast, [raise_flag(cast)])
    conclude(cast, inspection)
    rec_inspection = Inspection.objects.get()
    from casework.inspections import services

    rec = services.recommendation_add(
        inspection=rec_inspection, text="x", owner_unit=cast.hospital, due_on=later(5), actor=cast.inspector
    )
    _login(client, inspector_e)
    for url in (
        reverse("inspections:flag_detail", args=[flag.pk]),
        reverse("inspections:inspection_detail", args=[inspection.pk]),
        reverse("inspections:recommendation_detail", args=[rec.pk]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("inspections:inspection_act", args=[inspection.pk, "recommend"]), {}).status_code == 404
    listing = client.get(reverse("inspections:flag_list")).content.decode()
    assert flag.reference not in listing
    coverage = client.get(reverse("inspections:coverage")).content.decode()
    assert "CĐCS Bệnh viện" not in coverage


def test_coverage_page_drills_down(client, cast, frozen_clock):
    raise_flag(cast)
    conclude(cast, open_ad_hoc(cast, [raise_flag(cast)]))
    _login(client, cast.auditor)
    page = client.get(reverse("inspections:coverage")).content.decode()
    assert "✓" in page and "CĐCS Bệnh viện" in page
    drill = client.get(reverse("inspections:coverage") + "?bucket=inspected").content.decode()
    assert "01/QĐ-UBKT" in drill
    # One headline with the totals, above the table; the drill-down lists its flags under it.
    for html in (page, drill):
        ids = re.findall(r'\bid="([^"]+)"', html)
        assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
        assert ids.count("coverage-headline") == 1


def test_plan_pages_approve(client, cast, frozen_clock):
    _login(client, cast.inspector)
    response = client.post(
        reverse("inspections:plan_create"), {"unit": cast.sector.pk, "period": "annual", "year": 2026}
    )
    assert response.status_code == 302
    plan_url = response["Location"]
    pk = int(plan_url.rstrip("/").split("/")[-1])
    act = lambda a: reverse("inspections:plan_act", args=[pk, a])  # noqa: E731
    response = client.post(
        act("item"),
        {
            "subject_unit": cast.clinic.pk,
            "topics": ["finance_books"],
            "starts_on": "2026-05-01",
            "ends_on": "2026-05-10",
            "team_lead": cast.inspector.pk,
        },
    )
    assert response.status_code == 302
    assert client.post(act("submit"), {"confirm": "on"}).status_code == 302
    assert client.post(act("approve"), {"confirm": "on"}).status_code == 404
    _login(client, cast.leader)
    assert "Phê duyệt kế hoạch" in client.get(plan_url).content.decode()
    assert client.post(act("approve"), {"confirm": "on"}).status_code == 302


def test_home_lists_my_work(client, cast, frozen_clock):
    from tests.builders import walk_to_reporting
    from tests.home import home_row

    inspection = walk_to_reporting(cast, open_ad_hoc(cast, [raise_flag(cast)]))
    _login(client, cast.chair)
    url = f'href="{reverse("inspections:inspection_detail", args=[inspection.pk])}"'
    # Not the chair's while the unit may still explain the draft report; then it waits on their conclusion.
    assert url not in client.get(reverse("home")).content.decode()
    explanation_time_over(inspection)
    row = home_row(client.get(reverse("home")).content.decode(), url)
    assert inspection.reference in row and inspection.title in row
    _login(client, cast.inspector2)
    assert inspection.reference in home_row(client.get(reverse("home")).content.decode(), url)
    _login(client, cast.officer)
    assert url not in client.get(reverse("home")).content.decode()


def test_late_inspection_step_escalates_and_leadership_extends_it(cast, frozen_clock):
    import datetime as dt

    from core import clock
    from workflows.models import Deadline, Escalation
    from workflows.services.escalations import escalation_decide
    from workflows.sweep import sweep_run

    inspection = open_ad_hoc(cast, [raise_flag(cast)])
    clock.advance(dt.timedelta(days=15))
    sweep_run()
    escalation = Escalation.objects.get(target_type="inspections.inspection", target_id=str(inspection.pk))
    new_due = clock.today() + dt.timedelta(days=5)
    escalation_decide(escalation=escalation, actor=cast.leader, decision="extend", reason="Gia hạn", new_due_on=new_due)
    notice = Deadline.objects.get(target_type="inspections.inspection", target_id=str(inspection.pk), step="notice")
    assert (notice.status, notice.due_on) == ("open", new_due)
    from casework.audit.models import AuditEvent

    assert AuditEvent.objects.filter(action="inspection.leadership_extend", target_id=str(inspection.pk)).exists()


def test_coverage_drilldown_names_the_ground_of_a_leadership_ending(client, cast, frozen_clock):
    from tests.builders import raise_flag
    from workflows.services.escalations import escalation_decide, escalation_open

    flag = raise_flag(cast)
    escalation = escalation_open(target=flag, unit=cast.hospital, reason="Đề nghị kết thúc", actor=cast.inspector)
    escalation_decide(
        escalation=escalation,
        actor=cast.leader,
        decision="approve",
        ground="referred",
        referred_body="Thanh tra tỉnh",
        referral_ref="45/CV-UBKT",
        reason="Đã chuyển Thanh tra tỉnh",
    )
    client.force_login(cast.chair)
    body = client.get("/inspections/coverage/", {"bucket": "ended_by_leadership"}).content.decode()
    assert flag.reference in body and "đã chuyển cơ quan có thẩm quyền" in body
    assert "chuyển Thanh tra tỉnh, văn bản số 45/CV-UBKT" in body
    assert "Đã kiểm tra" in body and "0/1" in body
