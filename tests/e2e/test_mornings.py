"""Each role's morning in the browser: open the inbox, narrow it to what is overdue, open the most
urgent item and act on it. Every journey has one late item and one in time, so the filter, the
urgency order and the chips are all checked against what the person sees."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from casework.cases.models import Case
from casework.cases.services.resolution import case_assign
from casework.inspections.models import Flag, Inspection
from casework.org.services import unit_update
from core import clock
from tests import builders
from tests.e2e.actions import act, section_act
from workflows.deadline_status import target_key
from workflows.models import Deadline, Escalation
from workflows.sweep import sweep_run

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LATE_CHIP = re.compile(r"quá hạn \d+ ngày|đã chuyển lãnh đạo")


def _first_due(obj) -> dt.date:
    kind, pk = target_key(obj)
    return (
        Deadline.objects.filter(target_type=kind, target_id=pk, status=Deadline.Status.OPEN)
        .order_by("due_at")[0]
        .due_on
    )


def _morning_after(day: dt.date) -> None:
    """09:00 in Hà Nội, two days after `day`: whatever fell due on `day` is late by now."""
    clock.set_now(dt.datetime.combine(day + dt.timedelta(days=2), dt.time(2, 0), tzinfo=dt.UTC))


def _rows(page) -> list[str]:
    return [row.inner_text() for row in page.locator("main table tbody tr").all()]


def _inbox_overdue(page) -> list[str]:
    """The task inbox, then its "overdue only" filter; returns the filtered rows after checking each chip."""
    with page.expect_navigation():
        page.get_by_label("Chỉ việc quá hạn").check()
        page.get_by_role("button", name="Lọc", exact=True).click()
    assert "overdue=on" in page.url
    rows = _rows(page)
    assert rows and all(LATE_CHIP.search(row) for row in rows), rows
    return rows


def _two_cases(cast, *, assigned_to=None) -> tuple[Case, Case]:
    """Two accepted complaints ten days apart; the clock then stands past the first one's due date."""
    late = builders.accepted(cast, title="Khiếu nại chậm chi trả trợ cấp ốm đau")
    clock.advance(dt.timedelta(days=10))
    fresh = builders.accepted(cast, title="Khiếu nại về tiền thưởng quý")
    if assigned_to is not None:
        late = case_assign(case=late, actor=cast.chair, assignee=assigned_to)
        fresh = case_assign(case=fresh, actor=cast.chair, assignee=assigned_to)
    _morning_after(_first_due(late))
    assert _first_due(fresh) > clock.today(), "the second case must still be in time"
    return late, fresh


def test_case_officer_morning(cast, open_session, frozen_clock):
    late, fresh = _two_cases(cast, assigned_to=cast.officer)
    officer = open_session(cast.officer)
    page = officer.page
    with officer.step("inbox, most urgent first"):
        page.goto("/tasks/")
        rows = _rows(page)
        assert len(rows) == 2 and late.reference in rows[0] and fresh.reference in rows[1], rows
        assert LATE_CHIP.search(rows[0]) and not LATE_CHIP.search(rows[1])
    with officer.step("overdue from the menu badge"):
        page.goto("/")
        badge = page.locator("header a.nav-badge-overdue")
        assert badge.inner_text().strip() == "1"
        with page.expect_navigation():
            badge.click()
        assert page.get_by_label("Chỉ việc quá hạn").is_checked()
        rows = _rows(page)
        assert len(rows) == 1 and late.reference in rows[0], rows
    with officer.step("open and act"):
        with page.expect_navigation():
            page.locator("main table tbody tr").first.get_by_role("link").click()
        assert page.url.endswith(f"/cases/{late.pk}/")
        act(page, "Bắt đầu xác minh", {"note": "Làm việc với bệnh viện sáng nay"})
    late.refresh_from_db()
    fresh.refresh_from_db()
    assert late.status == "verifying" and fresh.status == "assigned"


def test_committee_chair_morning(cast, open_session, frozen_clock):
    late, fresh = _two_cases(cast)
    chair = open_session(cast.chair)
    page = chair.page
    with chair.step("inbox filtered to overdue"):
        page.goto("/tasks/")
        rows = _inbox_overdue(page)
        assert len(rows) == 1 and late.reference in rows[0] and fresh.reference not in rows[0], rows
        assert "Phân công" in rows[0]
    with chair.step("open and assign"):
        with page.expect_navigation():
            page.locator("main table tbody tr").first.get_by_role("link").click()
        assert page.url.endswith(f"/cases/{late.pk}/")
        act(page, "Phân công", {"assignee": str(cast.officer.pk)})
    late.refresh_from_db()
    fresh.refresh_from_db()
    assert late.assignee == cast.officer and fresh.assignee is None


def test_inspection_team_lead_morning(cast, open_session, frozen_clock):
    late = builders.open_ad_hoc(cast, [builders.raise_flag(cast)])
    clock.advance(dt.timedelta(days=10))
    fresh = builders.open_ad_hoc(cast, [builders.raise_flag(cast)])
    _morning_after(_first_due(late))
    assert _first_due(fresh) > clock.today()
    inspector = open_session(cast.inspector)
    page = inspector.page
    with inspector.step("inbox filtered to overdue"):
        page.goto("/tasks/")
        page.get_by_label("Loại việc").select_option("inspection")
        rows = _inbox_overdue(page)
        assert len(rows) == 1 and late.reference in rows[0] and fresh.reference not in rows[0], rows
    with inspector.step("open and send the notice"):
        with page.expect_navigation():
            page.locator("main table tbody tr").first.get_by_role("link").click()
        assert page.url.endswith(f"/inspections/{late.pk}/")
        section_act(page, "notify", {"text": "Đề nghị chuẩn bị sổ sách, chứng từ năm 2025"})
    late.refresh_from_db()
    fresh.refresh_from_db()
    assert late.status == Inspection.Status.NOTIFIED and fresh.status == Inspection.Status.DECIDED


def test_leader_morning_decides_the_oldest_escalation(cast, open_session, frozen_clock):
    first = builders.raise_flag(cast)
    clock.advance(dt.timedelta(days=5))
    second = builders.raise_flag(cast, unit=cast.clinic)
    # The sweep runs every night; the first flag's deadline passes first.
    _morning_after(_first_due(first))
    sweep_run()
    assert list(Escalation.objects.values_list("target_id", flat=True)) == [str(first.pk)]
    _morning_after(_first_due(second))
    sweep_run()
    assert Escalation.objects.count() == 2
    # The morning after the leader's time to decide the first ran out (before the night's sweep moves it
    # up a level); the second still has time.
    old = Escalation.objects.get(target_id=str(first.pk))
    _morning_after(_first_due(old))
    assert _first_due(Escalation.objects.get(target_id=str(second.pk))) > clock.today()

    leader = open_session(cast.leader)
    page = leader.page
    with leader.step("the queue from the grouped menu"):
        page.goto("/")
        page.locator("header details.dropdown summary", has_text="Việc của tôi").click()
        with page.expect_navigation():
            page.locator("header details.dropdown[open] a", has_text="Chuyển cấp").click()
        assert len(_rows(page)) == 2
    with leader.step("only the overdue decisions"):
        page.get_by_label("Tình trạng hạn").select_option(label="Quá hạn (kể cả đã chuyển lãnh đạo)")
        with page.expect_navigation():
            page.get_by_role("button", name="Lọc", exact=True).click()
        rows = _rows(page)
        assert len(rows) == 1 and first.reference in rows[0] and LATE_CHIP.search(rows[0]), rows
    # The ground must be true: the hospital's union has been dissolved (made inactive) meanwhile.
    unit_update(unit=cast.hospital, actor=cast.admin, changes={"is_active": False})
    with leader.step("open and decide"):
        with page.expect_navigation():
            page.locator("main table tbody tr").first.get_by_role("link").first.click()
        assert page.url.endswith(f"/escalations/{old.pk}/")
        form = page.locator("main form").filter(has=page.get_by_role("button", name="Ghi quyết định"))
        form.locator("input[name=decision][value=approve]").check()
        form.locator("select[name=ground]").select_option("subject_dissolved")
        form.locator("[name=reason]").fill("CĐCS đã giải thể theo quyết định của LĐLĐ tỉnh")
        with page.expect_navigation():
            form.get_by_role("button", name="Ghi quyết định").click()
        with page.expect_navigation():  # checked by the server, then confirmed
            page.locator("form[data-confirmation] button[type=submit]").click()
        assert "Đã ghi nhận quyết định của lãnh đạo." in page.content()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Flag.Status.DECIDED and second.status != Flag.Status.DECIDED
    assert Escalation.objects.get(target_id=str(second.pk)).decision in ("", None)


def test_intake_officer_morning(cast, open_session, frozen_clock):
    late = builders.make_case(cast, title="Khiếu nại chậm chi trả trợ cấp ốm đau")
    clock.advance(dt.timedelta(days=7))
    fresh = builders.make_case(cast, title="Khiếu nại về tiền thưởng quý")
    _morning_after(_first_due(late))
    assert _first_due(fresh) > clock.today(), "the second letter must still be in time"
    intake = open_session(cast.intake)
    page = intake.page
    with intake.step("inbox filtered to overdue"):
        page.goto("/tasks/")
        rows = _inbox_overdue(page)
        assert len(rows) == 1 and late.reference in rows[0] and fresh.reference not in rows[0], rows
    with intake.step("open and accept"):
        with page.expect_navigation():
            page.locator("main table tbody tr").first.get_by_role("link").click()
        assert page.url.endswith(f"/cases/{late.pk}/")
        act(page, "Thụ lý", {"legal_ground": "Luật Khiếu nại 2011, Điều 27", "subject_area": "che_do_chinh_sach"})
    late.refresh_from_db()
    fresh.refresh_from_db()
    assert late.status == "accepted" and fresh.status == "received"


def test_subject_unit_morning_reports_on_the_overdue_recommendation(cast, open_session, frozen_clock):
    from casework.inspections.models import Recommendation

    inspection = builders.conclude(cast, builders.open_ad_hoc(cast, [builders.raise_flag(cast)]))
    late = builders.recommend(cast, inspection, due_in=10)
    fresh = builders.recommend(cast, inspection, due_in=40)
    Recommendation.objects.filter(pk=fresh.pk).update(text="Bổ sung sổ theo dõi tài sản")
    _morning_after(late.due_on)
    subject = open_session(cast.subject_rep)
    page = subject.page
    with subject.step("inbox filtered to overdue"):
        page.goto("/tasks/")
        rows = _inbox_overdue(page)
        assert len(rows) == 1 and late.reference in rows[0] and fresh.reference not in rows[0], rows
    with subject.step("open and report"):
        with page.expect_navigation():
            page.locator("main table tbody tr").first.get_by_role("link").click()
        assert page.url.endswith(f"/inspections/recommendations/{late.pk}/")
        section_act(page, "report", {"text": "Đã thu hồi khoản chi sai, kèm chứng từ"})
    late.refresh_from_db()
    fresh.refresh_from_db()
    assert late.status == Recommendation.Status.REPORTED and fresh.status != Recommendation.Status.REPORTED
