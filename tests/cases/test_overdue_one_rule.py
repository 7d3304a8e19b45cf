"""One rule for an overdue case: a clock of its own past due, also a sending clock that runs on after
the case ended (casework.cases.services.sending.SENDING_STEPS: the notices and decisions the law
obliges the committee to send). The case list's `overdue=true` and `deadline=overdue` keep the same
rows on the page and in the API; the backlog's figures (the dashboard's overdue letters per unit and
the quarterly report's open overdue) count the same open letters among them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from casework.cases.models import Kind, Status
from casework.cases.selectors import case_ids_overdue, case_list
from casework.cases.services import case_close, case_notify_result
from casework.reports.selectors import overdue_by_unit, quarterly_report
from core import clock
from tests.builders import accepted, decided, handled_denunciation, make_case, published
from workflows.deadline_status import FILTER_OVERDUE, status_of
from workflows.models import Deadline

pytestmark = pytest.mark.django_db


@pytest.fixture
def letters(cast, frozen_clock):
    backlog = accepted(cast, title="Đơn tồn quá hạn")
    received = make_case(cast, title="Đơn chưa thụ lý quá hạn")
    unsent = decided(cast, title="Đơn đã giải quyết, chưa gửi quyết định")
    closed = handled_denunciation(cast, title="Tố cáo đã đóng, chưa thông báo thụ lý cho người tố cáo")
    closed = case_notify_result(case=closed, actor=cast.officer)
    closed = published(closed, cast.officer)  # Luật Tố cáo 2018 Đ.40: published before the file is closed
    # The person denounced was told before the conclusion (Luật Tố cáo 2018 Đ.29): the denouncer's notice runs on.
    closed = case_close(case=closed, actor=cast.officer, note="Lưu trữ")
    assert closed.status == Status.CLOSED and closed.kind == Kind.DENUNCIATION
    running = Deadline.objects.filter(target_type="cases.case", target_id=str(closed.pk), status="open")
    assert {d.step for d in running} >= {"notify_accept"}
    clock.advance(dt.timedelta(days=40))
    in_time = make_case(cast, title="Đơn mới nhận")
    return {"backlog": backlog, "received": received, "unsent": unsent, "closed": closed, "in_time": in_time}


def _ids(rows) -> set[int]:
    return {row.pk if hasattr(row, "pk") else row["id"] for row in rows}


def test_the_overdue_filter_and_the_deadline_filter_keep_the_same_cases(cast, letters, client, api_as):
    overdue = {letters[k].pk for k in ("backlog", "received", "unsent", "closed")}
    now = clock.now()
    assert status_of(letters["closed"], now).overdue  # the chip reads the late notice of acceptance
    assert set(case_ids_overdue(now=now).values_list("target_pk", flat=True)) == overdue
    assert _ids(case_list(user=cast.chair, filters={"overdue": True})) == overdue
    assert _ids(case_list(user=cast.chair, filters={"deadline": FILTER_OVERDUE})) == overdue
    assert {c.pk for c in case_list(user=cast.chair) if c.overdue} == overdue

    client.force_login(cast.chair)
    by_flag = client.get(reverse("cases:list"), {"overdue": "on"}).context["page"].object_list
    by_chip = client.get(reverse("cases:list"), {"deadline": FILTER_OVERDUE}).context["page"].object_list
    assert _ids(by_flag) == _ids(by_chip) == overdue

    api = api_as(cast.chair)
    assert _ids(api.get("/api/cases/", {"overdue": "true"}).json()["results"]) == overdue
    assert _ids(api.get("/api/cases/", {"deadline": FILTER_OVERDUE}).json()["results"]) == overdue


def test_the_dashboard_and_the_report_count_the_same_overdue_backlog(cast, letters):
    """The open letters past due (not the decided one whose decision is unsent, nor the closed one)."""
    today = clock.today()
    quarter = (today.month - 1) // 3 + 1
    figures = quarterly_report(unit=cast.sector, year=today.year, quarter=quarter, user=cast.leader).figures
    per_unit = overdue_by_unit(user=cast.leader, unit=cast.sector)
    assert figures["open_overdue"] == sum(row["n"] for row in per_unit) == 2
    assert [(row["unit__code"], row["n"]) for row in per_unit] == [(cast.sector.code, 2)]
