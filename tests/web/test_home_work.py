"""The home page lists each object once: a case that is mine, runs a clock of mine and waits on a
task of mine is one line with its steps, the nearest day, late ones first."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from casework.cases.services import case_accept, case_assign
from casework.web import home
from core import clock
from tests import builders
from tests.home import home_row, home_rows

pytestmark = pytest.mark.django_db


def _assigned(cast, make_case, **kw):
    case = case_accept(subject_area="khac", case=make_case(**kw), actor=cast.intake, legal_ground="x")
    return case_assign(case=case, actor=cast.chair, assignee=cast.officer)


def test_a_case_in_three_sources_is_one_line_with_its_steps(cast, make_case):
    case = _assigned(cast, make_case)
    client = Client()
    client.force_login(cast.officer)
    page = client.get("/").content.decode()
    url = reverse("cases:detail", args=[case.pk])
    # The three sources list it: my cases, my deadlines, my tasks.
    request = RequestFactory().get("/")
    request.user = cast.officer
    sections = home.home_sections(request)
    assert sum(any(r.get("url") == url for r in s["rows"]) for s in sections) >= 3
    rows = [r for r in home_rows(page) if f'href="{url}"' in r]
    assert len(rows) == 1
    row = rows[0]
    assert case.reference in row and case.title in row and case.get_status_display() in row
    assert "Thời hạn: " in row  # the running clock, after the step to take
    steps = re.findall(r"<li>(.*?)</li>", row, re.S)
    assert len(steps) >= 2 and "Thời hạn" not in steps[0]


def test_late_lines_first_then_the_nearest_day(cast, make_case, frozen_clock):
    late = _assigned(cast, make_case, title="Hồ sơ sẽ quá hạn")
    clock.advance(dt.timedelta(days=35))
    fresh = _assigned(cast, make_case, title="Hồ sơ mới giao", content="Nội dung hoàn toàn khác để không trùng")
    client = Client()
    client.force_login(cast.officer)
    rows = home_rows(client.get("/").content.decode())
    order = [n for n, r in enumerate(rows) for c in (late, fresh) if c.reference in r]
    assert len(order) == 2
    late_row = next(r for r in rows if late.reference in r)
    assert 'class="due overdue"' in late_row
    assert rows.index(late_row) == min(order)


def _row(url, subject, due=None, **kw):
    return {"url": url, "subject": subject, "due_on": due, **kw}


def test_rows_merge_by_page_and_keep_the_objects_own_label():
    day = dt.date(2026, 12, 10)
    sections = [
        {"title": "A", "more_url": "/a/", "rows": [_row("/x/", "Cuộc kiểm tra X: tóm tắt dài hơn", day, step="Hạn")]},
        {
            "title": "B",
            "more_url": "",
            "rows": [
                _row("/x/", "X — tên", day - dt.timedelta(days=3), own=True, step="Ra quyết định", state="Mới"),
                _row("", "không có trang", None, step="Việc 1"),
                _row("", "không có trang", None, step="Việc 2"),
                _row("/y/", "Y", day + dt.timedelta(days=1), step="Làm", overdue=True),
                _row("/z/", "Z", None, step="Làm"),
            ],
        },
    ]
    items, links = home.work_items(sections)
    assert links == [{"title": "A", "url": "/a/"}]
    # Late first, then the nearest day; objects without a day last, in the order listed.
    assert [i.subject for i in items] == ["Y", "X — tên", "không có trang", "không có trang", "Z"]
    x = items[1]
    assert x.subject == "X — tên" and x.state == "Mới" and x.due_on == day - dt.timedelta(days=3)
    assert [s["step"] for s in x.steps] == ["Hạn", "Ra quyết định"]
    # Rows without a page of their own stay apart.
    assert [s["step"] for s in items[2].steps] == ["Việc 1"] and [s["step"] for s in items[3].steps] == ["Việc 2"]


def test_more_objects_than_the_page_shows_say_how_many(cast, make_case, monkeypatch):
    monkeypatch.setattr(home, "WORK_ITEMS", 1)
    _assigned(cast, make_case)
    _assigned(cast, make_case, title="Hồ sơ thứ hai", content="Nội dung thứ hai hoàn toàn khác")
    client = Client()
    client.force_login(cast.officer)
    page = client.get("/").content.decode()
    assert len(home_rows(page)) == 1
    assert "Còn 1 việc khác." in page
    assert f'href="{reverse("cases:list")}?open=1"' in page and f'href="{reverse("tasks")}"' in page


def test_nothing_to_do_says_so(cast):
    client = Client()
    client.force_login(cast.subject_rep)
    page = client.get("/").content.decode()
    assert "Việc cần làm" not in page
    assert "Hiện không có việc nào cần xử lý." in page


def test_an_object_whose_only_clocks_are_stopped_comes_with_the_undated_ones():
    day = dt.date(2026, 12, 10)
    sections = [
        {
            "title": "A",
            "rows": [
                _row("/paused/", "Tạm đình chỉ", day - dt.timedelta(days=5), step="Giải quyết", paused=True),
                _row("/later/", "Sau", day + dt.timedelta(days=9), step="Giải quyết"),
                _row("/none/", "Không hạn", None, step="Xem"),
            ],
        }
    ]
    items, _links = home.work_items(sections)
    assert [i.subject for i in items] == ["Sau", "Tạm đình chỉ", "Không hạn"]
    assert items[1].due_on == day - dt.timedelta(days=5)  # its day is still shown, beside the stopped chip


def test_a_report_to_verify_is_one_step_though_the_measures_list_and_the_inbox_both_name_it(cast, frozen_clock):
    from casework.inspections import services as inspections

    case = builders.handled_denunciation(cast)
    rec = builders.conclusion_measure(cast, case, monitor=cast.inspector)
    inspections.followup_report(recommendation=rec, text="Đã thu hồi đủ", actor=cast.subject_rep)
    url = reverse("inspections:recommendation_detail", args=[rec.pk])
    request = RequestFactory().get("/")
    request.user = cast.inspector
    naming = [s["title"] for s in home.home_sections(request) if any(r.get("url") == url for r in s["rows"])]
    assert len(naming) >= 2  # the measures to verify and the workflow's task
    client = Client()
    client.force_login(cast.inspector)
    row = home_row(client.get("/").content.decode(), f'href="{url}"')
    steps = [s for s in re.findall(r"<li>(.*?)</li>", row, re.S) if "Thời hạn" not in s]
    assert len(steps) == 1, steps
    assert "Xác minh kết quả thực hiện" in steps[0] and cast.hospital.name in steps[0]


def test_an_object_listed_only_by_the_inbox_shows_its_state(cast, make_case):
    from workflows.flows.inbox import tasks_home_section

    case = _assigned(cast, make_case)
    request = RequestFactory().get("/")
    request.user = cast.officer
    url = reverse("cases:detail", args=[case.pk])
    rows = [r for r in tasks_home_section(request)["rows"] if r["url"] == url]
    assert rows and all(r["state"] == case.get_status_display() for r in rows)
    items, _links = home.work_items([{"title": "Công việc theo quy trình", "rows": rows}])
    assert items[0].state == case.get_status_display()


def test_an_escalation_names_no_unit_as_its_decider_and_names_its_object_as_the_objects_own_line(cast, frozen_clock):
    """The escalation's unit is not who decides it: a flag of the hospital escalated to the hospital's
    leadership, which has none, is decided by the sector's standing committee (the leadership queue says so,
    selectors.escalation_awaited); the home line does not say "(the hospital)". An escalated inspection reads on
    the leader's home page as its own line reads on its lead's."""
    from workflows.selectors import escalation_awaited
    from workflows.services.escalations import escalation_open

    flag = builders.raise_flag(cast, unit=cast.hospital)
    on_flag = escalation_open(target=flag, unit=cast.hospital, reason="Cần lãnh đạo cho ý kiến.", actor=cast.chair)
    inspection = builders.open_ad_hoc(cast, [builders.raise_flag(cast, unit=cast.hospital)])
    on_inspection = escalation_open(
        target=inspection, unit=cast.sector, reason="Cần lãnh đạo cho ý kiến.", actor=cast.chair
    )
    client = Client()
    client.force_login(cast.leader)
    page = client.get("/").content.decode()
    flag_row = home_row(page, reverse("workflows:detail", args=[on_flag.pk]))
    assert (
        escalation_awaited(escalation=on_flag, user=cast.leader) == "Chờ Ban Thường vụ Công đoàn ngành Y tế quyết định"
    )
    assert "Quyết định đề xuất chuyển lãnh đạo" in flag_row and f"({cast.hospital.name})" not in flag_row
    own_line = f"{inspection.reference} — {inspection.title}"
    assert own_line in home_row(page, reverse("workflows:detail", args=[on_inspection.pk]))
    client.force_login(cast.inspector)
    assert own_line in home_row(client.get("/").content.decode(), own_line)
