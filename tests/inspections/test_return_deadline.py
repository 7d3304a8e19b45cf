"""“Trả lại” says the new report deadline before it sets it: the verification form shows the date a
return gives, computed by the same rule, calendar and clock the service then applies."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from casework.inspections import selectors, services
from core import clock
from tests.builders import conclude, open_ad_hoc, raise_flag, recommend
from tests.home import home_row
from workflows.calendar import WorkingCalendar
from workflows.models import Deadline

pytestmark = pytest.mark.django_db


def _reported(cast):
    inspection = conclude(cast, open_ad_hoc(cast, [raise_flag(cast)]))
    rec = recommend(cast, inspection)
    services.followup_report(recommendation=rec, text="Đã thu hồi một phần", actor=cast.subject_rep)
    return rec


def _report_deadline(rec) -> Deadline:
    return Deadline.objects.filter(
        target_type="inspections.recommendation", target_id=str(rec.pk), step="report", status=Deadline.Status.OPEN
    ).get()


def _return_on_the_page(client, cast, rec) -> tuple[str, dt.date]:
    client.force_login(cast.inspector)
    page = client.get(reverse("inspections:recommendation_detail", args=[rec.pk])).content.decode()
    announced = selectors.recommendation_return_due_on(recommendation=rec)
    response = client.post(
        reverse("inspections:recommendation_act", args=[rec.pk, "verify"]),
        {"verdict": "returned", "reason": "Chưa nộp chứng từ thu hồi", "confirm": "on"},
    )
    assert response.status_code == 302
    return page, announced


def test_the_form_announces_the_date_the_return_then_sets(cast, client, frozen_clock):
    rec = _reported(cast)
    page, announced = _return_on_the_page(client, cast, rec)
    assert f"hạn báo cáo lại mới: {announced:%d/%m/%Y}" in page
    assert _report_deadline(rec).due_on == announced


@pytest.mark.parametrize(
    "today",
    [
        dt.date(2026, 8, 3),  # + 30 days = Wed 02/09/2026, National Day: the limit moves to the next working day
        dt.date(2026, 1, 16),  # + 30 days = Sun 15/02/2026, inside the Tết holiday: moved past it
        dt.date(2026, 6, 5),  # + 30 days = Sun 05/07/2026: a weekend, moved to Monday
    ],
)
def test_the_announced_date_equals_the_set_one_across_weekends_and_holidays(cast, client, frozen_clock, today):
    rec = _reported(cast)
    clock.set_now(dt.datetime.combine(today, dt.time(2, 0), tzinfo=dt.UTC))
    page, announced = _return_on_the_page(client, cast, rec)
    calendar = WorkingCalendar.load()
    assert announced >= today + dt.timedelta(days=30) and calendar.is_working_day(announced)
    assert f"{announced:%d/%m/%Y}" in page
    assert _report_deadline(rec).due_on == announced


def test_a_return_across_national_day_lands_after_it(cast, frozen_clock):
    clock.set_now(dt.datetime(2026, 8, 3, 2, 0, tzinfo=dt.UTC))
    rec = _reported(cast)
    announced = selectors.recommendation_return_due_on(recommendation=rec)
    assert announced > dt.date(2026, 9, 2)


def test_the_api_announces_the_same_date(cast, frozen_clock):
    from rest_framework.test import APIClient

    rec = _reported(cast)
    api = APIClient()
    api.force_authenticate(cast.inspector)
    body = api.get(f"/api/recommendations/{rec.pk}/").json()
    announced = body["return_due_on"]
    assert announced == selectors.recommendation_return_due_on(recommendation=rec).isoformat()
    returned = api.post(
        f"/api/recommendations/{rec.pk}/verify/", {"verdict": "returned", "reason": "Thiếu chứng từ"}, format="json"
    )
    assert returned.status_code == 200, returned.json()
    assert _report_deadline(rec).due_on.isoformat() == announced


def test_the_home_page_reads_the_returned_report_date_not_the_first_one(cast, client, frozen_clock):
    # Recommended with 30 days; reported and returned on day 20: a new report date 30 days on. On
    # day 35 the first date has passed but the running clock has not: not late on the home page,
    # which shows the new date, as the chip on the recommendation's list does.
    rec = _reported(cast)
    frozen_clock.advance(dt.timedelta(days=20))
    _page, announced = _return_on_the_page(client, cast, rec)
    frozen_clock.advance(dt.timedelta(days=15))
    rec.refresh_from_db()
    assert rec.due_on < clock.today() < announced
    client.force_login(cast.subject_rep)
    home = client.get(reverse("home")).content.decode()
    row = home_row(home, "Báo cáo thực hiện kiến nghị")
    assert f"{announced:%d/%m/%Y}" in row and "overdue" not in row
    # Past the new date it is late, on the home page as on the list.
    frozen_clock.advance(announced - clock.today() + dt.timedelta(days=2))
    home = client.get(reverse("home")).content.decode()
    row = home_row(home, "Báo cáo thực hiện kiến nghị")
    assert 'class="due overdue"' in row
