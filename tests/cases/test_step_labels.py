"""A case's steps are named by their labels (workflows.models.STEP_LABELS), never by their codes: on the
case page's deadline table, in its late banner and on the public status page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from casework.cases.services import case_accept, case_public_submit
from core import clock
from tests.builders import before_dialogue, decided, resolved
from workflows.sweep import sweep_deadlines

pytestmark = pytest.mark.django_db

THURSDAY = dt.datetime(2026, 10, 15, 2, 0, tzinfo=dt.UTC)  # 09:00 in Hà Nội; no holiday near
NEXT_THURSDAY = dt.datetime(2026, 10, 22, 2, 0, tzinfo=dt.UTC)  # the 3 working days to send it are gone


def test_the_case_page_names_the_decision_sending_step_in_its_table_and_its_late_banner(client, cast):
    clock.set_now(THURSDAY)
    case = decided(cast)
    client.force_login(cast.officer)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "<td>Gửi quyết định giải quyết khiếu nại</td>" in page
    assert "send_decision" not in page
    assert "banner-late" not in page

    clock.set_now(NEXT_THURSDAY)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Bước «gửi quyết định giải quyết khiếu nại» đã quá hạn." in page
    assert "send_decision" not in page


def test_the_case_page_reads_its_steps_in_english(client, cast, settings):
    clock.set_now(THURSDAY)
    case = decided(cast)
    client.force_login(cast.officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "<td>Sending the complaint decision</td>" in page


def test_the_public_status_page_names_the_decision_sending_step(client, cast):
    clock.set_now(THURSDAY)
    with before_dialogue():  # accepted five days ago: its dialogue may be held today
        case, code = case_public_submit(
            kind="complaint",
            unit=cast.sector,
            title="Khiếu nại về trợ cấp",
            content="Tôi không được xét trợ cấp khó khăn năm 2026 dù đủ điều kiện.",
            full_name="Đinh Thị Công Dân",
            phone="0900111222",
            subject_unit=cast.hospital,
        )
        case = case_accept(case=case, actor=cast.intake, legal_ground="Luật Khiếu nại 2011 Đ.27", subject_area="khac")
    resolved(case, cast, officer=cast.officer)
    page = client.post(reverse("cases:public_status"), {"code": code}).content.decode()
    assert "Bước hiện tại" in page
    assert "Gửi quyết định giải quyết khiếu nại" in page
    assert "send_decision" not in page


def test_a_breached_step_reads_overdue_once_and_an_open_late_one_says_it(client, cast):
    clock.set_now(THURSDAY)
    case = decided(cast)
    clock.set_now(NEXT_THURSDAY)
    client.force_login(cast.officer)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    # Open, its due moment gone (the sweep has not run yet): it reads late by its days, as once breached.
    before = re.findall(r"quá hạn \d+ ngày", page)
    assert before
    sweep_deadlines()
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "quá hạn — quá hạn" not in page
    assert re.findall(r"quá hạn \d+ ngày", page) == before
