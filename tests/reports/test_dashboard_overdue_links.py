"""Each bar of the dashboard's overdue letters per unit links to the case list of exactly the letters it
counts: the unit alone (not its subtree), the backlog (not a resolved letter whose sending is late),
overdue."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.urls import reverse

from casework.cases.services import case_close, case_notify_result
from core import clock
from tests.builders import accepted, decided, handled_denunciation, make_case, published

pytestmark = pytest.mark.django_db


@pytest.fixture
def letters(cast, frozen_clock):
    """Overdue at the sector: two backlog letters, a resolved one whose decision is unsent and a closed one
    whose notice is late (overdue in the list, not in the backlog); overdue at the hospital: one."""
    accepted(cast, title="Đơn tồn quá hạn")
    make_case(cast, title="Đơn chưa thụ lý quá hạn")
    decided(cast, title="Đơn đã giải quyết, chưa gửi quyết định")
    closed = case_notify_result(case=handled_denunciation(cast, title="Tố cáo đã đóng"), actor=cast.officer)
    # The person denounced was told before the conclusion (Luật Tố cáo 2018 Đ.29): the denouncer's notice runs
    # on, late.
    case_close(case=published(closed, cast.officer), actor=cast.officer, note="Lưu trữ")
    make_case(cast, title="Đơn của cơ sở", unit=cast.hospital)
    clock.advance(dt.timedelta(days=40))
    make_case(cast, title="Đơn mới nhận")


def test_each_overdue_bar_links_to_a_list_of_as_many_letters(client, cast, letters):
    client.force_login(cast.leader)
    page = client.get(reverse("reports:dashboard"), {"unit": cast.sector.code}).content.decode()
    chart = page[page.index("Đơn quá hạn theo đơn vị") :]
    bars = re.findall(r'<a href="([^"]+)"><title>([^<]+): (\d+)</title>', chart)
    assert {(name, int(n)) for _href, name, n in bars} == {(cast.sector.name, 2), (cast.hospital.name, 1)}
    for href, name, n in bars:
        listed = client.get(html.unescape(href))
        assert listed.status_code == 200
        assert listed.context["page"].paginator.count == int(n), name
        assert {case.unit.name for case in listed.context["page"].object_list} == {name}
    # The sector's subtree and every overdue letter, resolved or not, are more than its bar counts.
    assert (
        client.get(reverse("cases:list"), {"unit": cast.sector.pk, "overdue": "on"}).context["page"].paginator.count
        == 5
    )


def test_the_api_filters_the_same_letters(cast, letters, api_as):
    query = {"unit": cast.sector.pk, "own_unit": "true", "backlog": "true", "overdue": "true"}
    assert len(api_as(cast.leader).get("/api/cases/", query).json()["results"]) == 2
