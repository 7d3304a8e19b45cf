"""Every list filter starts on one blank choice that reads "Tất cả", whatever the field: a choice,
a unit, an officer, a lĩnh vực or a deadline status (Django's "---------" shows nowhere)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LISTS = [
    "cases:list",
    "inspections:flag_list",
    "inspections:plan_list",
    "inspections:inspection_list",
    "inspections:recommendation_list",
    "inspections:coverage",
    "reports:index",
    "tasks",
    "workflows:list",
    "papers:register",
]

FILTER_FORM = re.compile(r'<form method="get"[^>]*class="card filters".*?</form>', re.S)
SELECT = re.compile(r"<select[^>]*name=\"([\w-]+)\"[^>]*>(.*?)</select>", re.S)
BLANK = re.compile(r'<option value=""[^>]*>([^<]*)</option>')


def _blank_options(body: str) -> dict[str, list[str]]:
    """For each select of the page's filter form: the labels of its blank options."""
    selects: dict[str, list[str]] = {}
    for form in FILTER_FORM.findall(body):
        for name, options in SELECT.findall(form):
            selects[name] = BLANK.findall(options)
    return selects


@pytest.mark.parametrize("name", LISTS)
def test_each_filter_starts_on_tat_ca(client, cast, name):
    client.force_login(cast.admin)
    response = client.get(reverse(name))
    assert response.status_code == 200
    selects = _blank_options(response.content.decode())
    optional = {field: blanks for field, blanks in selects.items() if blanks}
    assert optional, f"{name}: no filter with a blank choice found"
    assert {field: blanks for field, blanks in optional.items() if blanks != ["Tất cả"]} == {}


def test_the_case_list_offers_all_units_and_officers_first(client, cast):
    client.force_login(cast.chair)
    selects = _blank_options(client.get(reverse("cases:list")).content.decode())
    assert selects["unit"] == ["Tất cả"]
    assert selects["assignee"] == ["Tất cả"]


OPTION = re.compile(r"<option[^>]*>([^<]*)</option>")


def test_the_deadline_filter_reads_in_sentence_case(client, cast):
    client.force_login(cast.chair)
    body = client.get(reverse("cases:list")).content.decode()
    (options,) = [
        opts for form in FILTER_FORM.findall(body) for name, opts in SELECT.findall(form) if name == "deadline"
    ]
    labels = OPTION.findall(options)
    assert labels == [
        "Tất cả",
        "Quá hạn (kể cả đã chuyển lãnh đạo)",
        "Đã chuyển lãnh đạo",
        "Sắp đến hạn",
        "Trong hạn",
        "Tạm dừng (hồ sơ tạm đình chỉ)",
    ]
