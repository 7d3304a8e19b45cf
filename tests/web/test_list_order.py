"""Every list sorts by urgency unless asked otherwise: overdue and escalated rows first, the
latest first, then the nearest due, then the rows with no clock that counts (none running, or
paused while the case is suspended); by any whitelisted column on request (`?sort=<column>`,
`?sort=-<column>`), the id breaking ties; any other value gives the default order, never an error. Scope and recusal are the same under every order."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from casework.cases.models import Kind
from casework.cases.selectors import CASE_SORTS
from casework.inspections.selectors import FLAG_SORTS, INSPECTION_SORTS, RECOMMENDATION_SORTS
from core import clock
from tests.builders import conclude, open_ad_hoc, raise_flag, recommend
from workflows.deadline_status import target_key
from workflows.flows.inbox import TASK_SORTS
from workflows.models import Deadline
from workflows.selectors import ESCALATION_SORTS
from workflows.services.escalations import escalation_open
from workflows.sweep import sweep_run

pytestmark = pytest.mark.django_db

HOSTILE = [
    "",
    "-",
    "--due",
    "due,unit",
    "unit__name",
    "-pk",
    "__class__",
    "urgency",
    "-urgency",
    "password",
    "raised'); DROP TABLE inspections_flag;--",
    "%00",
    "ü" * 300,
    "x" * 5000,
]


def _due(obj) -> dt.datetime:
    kind, pk = target_key(obj)
    return (
        Deadline.objects.filter(target_type=kind, target_id=pk, status=Deadline.Status.OPEN)
        .order_by("due_at")[0]
        .due_at
    )


def _pks(client, url: str, **params) -> list:
    response = client.get(url, params)
    assert response.status_code == 200, (params, response.status_code)
    if "rows" in response.context and url == reverse("tasks"):
        return [row["label"].split(" — ")[0] for row in response.context["rows"]]
    if "rows" in response.context:
        return [row["escalation"].pk for row in response.context["rows"]]
    return [obj.pk for obj in response.context["page"]]


def _check_columns(client, url: str, columns: dict, default: list) -> None:
    """Each whitelisted column sorts both ways over the same rows, its header marks it; anything
    else answers the default order."""
    for column in columns:
        for value in (column, f"-{column}"):
            rows = _pks(client, url, sort=value)
            assert sorted(rows, key=str) == sorted(default, key=str), value
        body = client.get(url, {"sort": column}).content.decode()
        assert 'aria-sort="ascending"' in body and f"sort=-{column}" in body
    for value in HOSTILE:
        assert _pks(client, url, sort=value) == default, repr(value[:40])
    assert _pks(client, url, sort=["due", "-due"]) == _pks(client, url, sort="-due")  # a repeated parameter: the last
    assert client.get(url, {"sort": "d\x00ue"}).status_code == 400  # control characters: refused at the edge


def test_the_flag_list_sorts_by_urgency_then_by_any_column(client, cast, frozen_clock):
    escalated = raise_flag(cast)
    clock.advance(dt.timedelta(days=2))
    late = raise_flag(cast)
    clock.advance(dt.timedelta(days=2))
    soon = raise_flag(cast)
    inspected = raise_flag(cast)
    open_ad_hoc(cast, [inspected])  # no running clock of its own
    clock.set_now(_due(escalated) + dt.timedelta(hours=1))
    sweep_run()  # the first flag breaches and is escalated
    clock.set_now(_due(late) + dt.timedelta(days=1))  # the second is one day late, not yet swept
    client.force_login(cast.chair)
    url = reverse("inspections:flag_list")

    default = _pks(client, url)
    assert default == [escalated.pk, late.pk, soon.pk, inspected.pk]
    assert _pks(client, url, sort="due") == [escalated.pk, late.pk, soon.pk, inspected.pk]
    assert _pks(client, url, sort="-due") == [soon.pk, late.pk, escalated.pk, inspected.pk]  # no due date: last
    assert _pks(client, url, sort="raised") == [escalated.pk, late.pk, soon.pk, inspected.pk]
    assert _pks(client, url, sort="-raised") == [inspected.pk, soon.pk, late.pk, escalated.pk]
    assert _pks(client, url, sort="status")[-1] == inspected.pk  # raised before assigned, in the procedure's order
    assert _pks(client, url, sort="-reference") == sorted(default, reverse=True)
    _check_columns(client, url, FLAG_SORTS, default)
    # The filter and the order together; the sort kept by the filter form.
    assert _pks(client, url, deadline="overdue", sort="-due") == [late.pk, escalated.pk]
    assert 'name="sort" value="-due"' in client.get(url, {"sort": "-due"}).content.decode()
    # Nobody sees more by sorting: an officer of another sector sees none of them, whatever the order.
    client.force_login(cast.other_officer)
    for value in ("", "due", "-unit", "status"):
        assert _pks(client, url, sort=value) == []


def test_the_case_list_sorts_by_urgency_and_never_shows_a_recused_case(client, cast, make_case):
    late = make_case(title="Late letter")
    clock.advance(dt.timedelta(days=1))
    escalated = make_case(title="Escalated letter")
    clock.advance(dt.timedelta(days=1))
    recused = make_case(kind=Kind.DENUNCIATION, subject_unit=cast.sector, subject_person="Ông Nguyễn Văn Bị")
    clock.set_now(_due(escalated) + dt.timedelta(days=1))
    escalation_open(
        target=escalated,
        unit=cast.sector,
        reason="Quá hạn xử lý",
        deadline=Deadline.objects.get(
            target_type="cases.case", target_id=str(escalated.pk), status=Deadline.Status.OPEN
        ),
        actor=cast.chair,
    )
    fresh = make_case(title="Fresh letter")
    client.force_login(cast.chair)
    url = reverse("cases:list")

    default = _pks(client, url)
    assert default == [late.pk, escalated.pk, fresh.pk]  # the chair is recused from the denunciation of the sector
    assert _pks(client, url, sort="received") == [late.pk, escalated.pk, fresh.pk]
    assert _pks(client, url, sort="-received") == [fresh.pk, escalated.pk, late.pk]
    assert _pks(client, url, sort="-due") == [fresh.pk, escalated.pk, late.pk]
    _check_columns(client, url, CASE_SORTS, default)
    for value in CASE_SORTS:
        assert recused.pk not in _pks(client, url, sort=value, deadline="overdue")
    # Someone not recused sees it, in its place by urgency (due after the escalated one).
    client.force_login(cast.officer)
    assert recused.pk in _pks(client, url)


def test_the_task_list_sorts_by_urgency_and_by_column(client, cast, make_case):
    late = make_case(title="Late letter")
    clock.advance(dt.timedelta(days=2))
    later = make_case(title="Later letter")
    clock.set_now(_due(later) + dt.timedelta(hours=1))
    fresh = make_case(title="Fresh letter")
    client.force_login(cast.chair)
    url = reverse("tasks")
    default = _pks(client, url)
    assert default == [late.reference, later.reference, fresh.reference]
    assert _pks(client, url, sort="-due") == [fresh.reference, later.reference, late.reference]
    # The deadline filter keeps the tasks whose object's chip says so, as the overdue box does.
    assert _pks(client, url, deadline="overdue") == _pks(client, url, overdue="on") == [late.reference, later.reference]
    assert _pks(client, url, deadline="overdue", sort="-due") == [later.reference, late.reference]
    assert fresh.reference in _pks(client, url, deadline="on_time") + _pks(client, url, deadline="due_soon")
    assert _pks(client, url, deadline="escalated") == []
    _check_columns(client, url, TASK_SORTS, default)


def test_the_inspection_list_sorts_by_urgency_and_by_column(client, cast, frozen_clock):
    first = open_ad_hoc(cast, [raise_flag(cast)])
    clock.advance(dt.timedelta(days=3))
    second = open_ad_hoc(cast, [raise_flag(cast)])
    client.force_login(cast.chair)
    url = reverse("inspections:inspection_list")
    assert _pks(client, url) == [first.pk, second.pk]  # the nearest due first
    clock.set_now(_due(second) + dt.timedelta(days=1))
    default = _pks(client, url)
    assert default == [first.pk, second.pk]  # both late: the latest first
    assert _pks(client, url, sort="-reference") == [second.pk, first.pk]
    _check_columns(client, url, INSPECTION_SORTS, default)


def test_the_recommendation_list_sorts_by_urgency_and_marks_the_late_first(client, cast, frozen_clock):
    inspection = conclude(cast, open_ad_hoc(cast, [raise_flag(cast)]))
    far = recommend(cast, inspection, due_in=40)
    soon = recommend(cast, inspection, due_in=5)
    middle = recommend(cast, inspection, due_in=20)
    client.force_login(cast.chair)
    url = reverse("inspections:recommendation_list")
    assert _pks(client, url) == [soon.pk, middle.pk, far.pk]
    clock.set_now(_due(middle) + dt.timedelta(days=1))
    default = _pks(client, url)
    assert default == [soon.pk, middle.pk, far.pk]
    assert _pks(client, url, deadline="overdue") == [soon.pk, middle.pk]
    assert _pks(client, url, sort="-due") == [far.pk, middle.pk, soon.pk]
    _check_columns(client, url, RECOMMENDATION_SORTS, default)


def test_the_leadership_queue_sorts_by_urgency_and_by_column(client, cast, make_case):
    first = escalation_open(target=make_case(), unit=cast.sector, reason="Cần chỉ đạo", actor=cast.chair)
    clock.advance(dt.timedelta(days=2))
    second = escalation_open(target=make_case(), unit=cast.sector, reason="Cần chỉ đạo", actor=cast.chair)
    client.force_login(cast.leader)
    url = reverse("workflows:list")
    assert _pks(client, url) == [first.pk, second.pk]
    clock.set_now(_due(first) + dt.timedelta(hours=1))
    third = escalation_open(target=make_case(), unit=cast.sector, reason="Cần chỉ đạo", actor=cast.chair)
    default = _pks(client, url)
    assert default == [first.pk, second.pk, third.pk]
    assert _pks(client, url, deadline="overdue") == [first.pk]
    assert _pks(client, url, sort="age") == [third.pk, second.pk, first.pk]  # waiting the least first
    _check_columns(client, url, ESCALATION_SORTS, default)


def test_a_suspended_case_comes_after_every_running_clock_on_the_home_page_and_the_lists(client, cast, make_case):
    """A suspended case's clock is stopped (its due day moves on when it resumes: Luật 136/2025/QH15),
    so its task and its row come with those that have no running clock, after every dated one."""
    from casework.cases.services import case_accept, case_assign, case_start_verification
    from casework.cases.services.sending import case_suspension_sent
    from casework.cases.services.suspension import case_suspend

    late = make_case(title="Late letter")
    suspended = case_accept(subject_area="khac", case=make_case(), actor=cast.intake, legal_ground="Luật KN Đ.27")
    suspended = case_assign(case=suspended, actor=cast.chair, assignee=cast.officer)
    suspended = case_start_verification(case=suspended, actor=cast.officer)
    paused_due = _due(suspended)
    suspended = case_suspend(case=suspended, actor=cast.chair, ground="await_other_body", reason="Chờ Tòa án")
    # The decision went out (Nghị định 124/2020/NĐ-CP Đ.28b): the stopped resolution is the case's only clock.
    suspended = case_suspension_sent(case=suspended, actor=cast.officer)
    clock.set_now(paused_due + dt.timedelta(days=3))
    fresh = make_case(title="Fresh letter")
    assert _due(late) < paused_due < _due(fresh)
    client.force_login(cast.chair)
    expected = [late.reference, fresh.reference, suspended.reference]
    assert _pks(client, reverse("tasks")) == expected
    home = client.get(reverse("home")).content.decode()
    assert sorted(expected, key=home.index) == expected
    # Its date stands last because its clock is stopped, and the home page says so beside the date.
    suspended_row = home[home.index(suspended.reference) :].split("</tr>")[0]
    assert "tạm dừng" in suspended_row
    assert "tạm dừng" not in home[home.index(fresh.reference) :].split("</tr>")[0]
    assert _pks(client, reverse("cases:list")) == [late.pk, fresh.pk, suspended.pk]


def test_the_recommendation_list_names_the_step_whose_deadline_it_shows(client, cast, frozen_clock):
    """Before its report, a recommendation's row shows the unit's deadline to report; once reported, the
    committee's deadline to verify: each named, so the unit does not read the committee's day as its own."""
    from casework.inspections import services

    inspection = conclude(cast, open_ad_hoc(cast, [raise_flag(cast)]))
    rec = recommend(cast, inspection, due_in=5)
    client.force_login(cast.chair)
    url = reverse("inspections:recommendation_list")
    assert "<small>báo cáo thực hiện kiến nghị</small>" in client.get(url).content.decode()
    services.followup_report(recommendation=rec, text="Đã thực hiện", actor=cast.subject_rep)
    page = client.get(url).content.decode()
    assert "<small>xác minh thực hiện kiến nghị</small>" in page and "báo cáo thực hiện kiến nghị" not in page
