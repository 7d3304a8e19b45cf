"""The lists' deadline filters and urgency order agree with the chips: for every row, at several
moments of an injected clock on both sides of a due moment and of a reminder window, the row is
kept by a filter exactly when its chip says so (workflows.deadline_status)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings

from casework.cases.models import Case
from casework.inspections.models import Flag, Inspection, Recommendation
from core import clock
from tests.builders import conclude, open_ad_hoc, raise_flag, recommend
from workflows.calendar import WorkingCalendar
from workflows.deadline_status import (
    DUE_SOON,
    ESCALATED,
    FILTER_CODES,
    FILTER_OVERDUE,
    ON_TIME,
    OVERDUE,
    URGENCY_ORDER,
    deadline_status_q,
    statuses_for,
    target_key,
    with_urgency,
)
from workflows.models import Deadline, Escalation
from workflows.services.deadlines import reminder_at
from workflows.services.escalations import escalation_open
from workflows.sweep import sweep_run

pytestmark = pytest.mark.django_db


def _deadline(obj) -> Deadline:
    kind, pk = target_key(obj)
    return Deadline.objects.filter(target_type=kind, target_id=pk, status=Deadline.Status.OPEN).order_by("due_at")[0]


def _chip_keeps(code: str, chip) -> bool:
    if chip is None:
        return False
    return chip.overdue if code == FILTER_OVERDUE else chip.code == code


def _assert_filters_agree(model, now: dt.datetime) -> dict[int, str]:
    """Every filter keeps exactly the rows whose chip says so; returns each row's chip code."""
    rows = list(model.objects.all())
    chips = statuses_for(rows, now)
    for code in FILTER_CODES:
        kept = set(model.objects.filter(deadline_status_q(model, code, now)).values_list("pk", flat=True))
        expected = {row.pk for row in rows if _chip_keeps(code, chips.get(target_key(row)))}
        assert kept == expected, f"{model.__name__} at {now:%d/%m %H:%M}: filter {code} kept {kept}, chips {expected}"
    # The urgency order: overdue and escalated rows first (the latest first), then by due moment.
    ordered = list(with_urgency(model.objects.all(), now).order_by(*URGENCY_ORDER, "pk"))
    late = [row.pk for row in ordered if chips.get(target_key(row)) and chips[target_key(row)].overdue]
    assert [row.pk for row in ordered][: len(late)] == late
    return {row.pk: chips[target_key(row)].code for row in rows if target_key(row) in chips}


def test_flag_filters_agree_with_the_chips_across_a_due_moment_and_a_reminder_window(cast, frozen_clock):
    first = raise_flag(cast)
    clock.advance(dt.timedelta(days=3))
    second = raise_flag(cast)
    clock.advance(dt.timedelta(days=7))
    third = raise_flag(cast)
    inspected = raise_flag(cast)
    open_ad_hoc(cast, [inspected])  # its clock to open an inspection is met: no chip, kept by no filter
    first_due, second_due = _deadline(first).due_at, _deadline(second).due_at
    # The third flag's reminder window (the policy reminds 7, 3 and 1 days before) opens after the first breach.
    window = reminder_at(_deadline(third), 7, WorkingCalendar.load())
    assert window > first_due + dt.timedelta(hours=1)

    # The first flag breaches and the sweep escalates it; the second's due moment comes later.
    clock.set_now(first_due + dt.timedelta(hours=1))
    sweep_run()
    assert Escalation.objects.filter(target_type="inspections.flag", target_id=str(first.pk)).exists()

    moments = [
        window - dt.timedelta(minutes=1),
        window,
        second_due - dt.timedelta(minutes=1),
        second_due,
        second_due + dt.timedelta(minutes=1),
        second_due + dt.timedelta(days=2),
    ]
    seen: dict[int, list[str]] = {second.pk: [], third.pk: []}
    for now in sorted(moments):
        clock.set_now(now)
        codes = _assert_filters_agree(Flag, now)
        assert inspected.pk not in codes
        assert codes[first.pk] == ESCALATED
        for pk, history in seen.items():
            history.append(codes[pk])
    # Across the boundaries: the third flag turns due soon when its window opens; the second is
    # due soon, then overdue at its due moment (not escalated: no sweep since).
    assert seen[third.pk][:2] == [ON_TIME, DUE_SOON]
    assert DUE_SOON in seen[second.pk] and seen[second.pk][-1] == OVERDUE


def test_case_filters_agree_with_the_chips(cast, make_case):
    late = make_case(title="Late letter")
    escalated = make_case(title="Escalated letter")
    due = _deadline(late).due_at
    clock.set_now(due + dt.timedelta(days=1))
    escalation_open(
        target=escalated, unit=cast.sector, reason="Quá hạn xử lý", deadline=_deadline(escalated), actor=cast.chair
    )
    fresh = make_case(title="Fresh letter")
    fresh_due = _deadline(fresh).due_at
    for now in (due + dt.timedelta(days=1), fresh_due - dt.timedelta(minutes=1), fresh_due + dt.timedelta(minutes=1)):
        clock.set_now(now)
        codes = _assert_filters_agree(Case, now)
        assert codes[late.pk] == OVERDUE and codes[escalated.pk] == ESCALATED
    assert codes[fresh.pk] == OVERDUE


def test_inspection_and_recommendation_filters_agree_with_the_chips(cast, frozen_clock):
    inspection = conclude(cast, open_ad_hoc(cast, [raise_flag(cast)]))
    soon = recommend(cast, inspection, due_in=5)
    later = recommend(cast, inspection, due_in=40)
    running = open_ad_hoc(cast, [raise_flag(cast)])
    soon_due = _deadline(soon).due_at
    moments = [clock.now(), soon_due - dt.timedelta(minutes=1), soon_due, soon_due + dt.timedelta(days=3)]
    rec_codes, insp_codes = [], []
    for now in moments:
        clock.set_now(now)
        rec = _assert_filters_agree(Recommendation, now)
        rec_codes.append(rec[soon.pk])
        assert rec[later.pk] in (ON_TIME, DUE_SOON)
        insp_codes.append(_assert_filters_agree(Inspection, now).get(running.pk))
    assert rec_codes[0] in (ON_TIME, DUE_SOON) and rec_codes[-1] == OVERDUE


def test_escalation_filters_agree_with_the_chips(cast, make_case):
    first = escalation_open(target=make_case(), unit=cast.sector, reason="Cần chỉ đạo", actor=cast.chair)
    clock.advance(dt.timedelta(days=2))
    second = escalation_open(target=make_case(), unit=cast.sector, reason="Cần chỉ đạo", actor=cast.chair)
    first_due = _deadline(first).due_at
    codes = []
    for now in (clock.now(), first_due - dt.timedelta(minutes=1), first_due + dt.timedelta(minutes=1)):
        clock.set_now(now)
        chips = _assert_filters_agree(Escalation, now)
        codes.append(chips[first.pk])
        assert second.pk in chips
    assert codes[-1] in (OVERDUE, ESCALATED) and codes[0] in (ON_TIME, DUE_SOON)


def test_an_unknown_filter_keeps_every_row(cast, frozen_clock):
    flag = raise_flag(cast)
    assert list(Flag.objects.filter(deadline_status_q(Flag, "<script>", clock.now()))) == [flag]


def test_a_suspended_cases_stopped_clock_reads_paused_on_the_pages_and_in_the_api_filter(cast, make_case, client):
    """A suspended case's resolution limit is stopped, and its due day moves on when the case resumes
    (Luật 136/2025/QH15; Luật Tố cáo 2018 Đ.34 khoản 2): past that day its chip says "tạm dừng", not
    "trong hạn", on the lists and the tasks page, and the filters keep it under "paused" only."""
    from django.urls import reverse
    from django.utils import translation
    from rest_framework.test import APIClient

    from casework.cases.services import (
        case_accept,
        case_assign,
        case_start_verification,
        case_suspend,
        case_suspension_sent,
    )
    from workflows.deadline_status import PAUSED

    case = case_accept(subject_area="khac", case=make_case(), actor=cast.intake, legal_ground="Luật KN Đ.27")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    case = case_start_verification(case=case, actor=cast.officer)
    due = _deadline(case).due_on
    case = case_suspend(case=case, actor=cast.chair, ground="await_other_body", reason="Chờ Tòa án")
    # The decision went out (Nghị định 124/2020/NĐ-CP Đ.28b): the stopped resolution is the case's only clock.
    case = case_suspension_sent(case=case, actor=cast.officer)
    now = clock.advance(dt.timedelta(days=(due - clock.today()).days + 3))  # three days past the day shown
    chip = statuses_for([case], now)[target_key(case)]
    assert (chip.code, chip.label, chip.overdue, chip.due_on) == (PAUSED, "tạm dừng", False, due)
    assert _assert_filters_agree(Case, now) == {case.pk: PAUSED}
    assert list(Case.objects.filter(deadline_status_q(Case, ON_TIME, now))) == []
    client.force_login(cast.chair)
    for url in (reverse("cases:list"), reverse("tasks")):
        page = client.get(url).content.decode()
        assert '<span class="chip chip-paused"' in page and "tạm dừng</span>" in page and "trong hạn" not in page, url
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        english = client.get(reverse("cases:list")).content.decode()
    assert "paused</span>" in english
    assert client.get(reverse("cases:list"), {"deadline": PAUSED}).context["page"].object_list[0].pk == case.pk
    assert not client.get(reverse("cases:list"), {"deadline": ON_TIME}).context["page"].object_list
    api = APIClient()
    api.force_authenticate(cast.chair)
    assert [r["id"] for r in api.get("/api/cases/", {"deadline": PAUSED}).json()["results"]] == [case.pk]
    assert api.get("/api/cases/", {"deadline": ON_TIME}).json()["results"] == []
