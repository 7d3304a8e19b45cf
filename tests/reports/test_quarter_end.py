"""The quarterly report counts what happened as of the quarter it reports.

A report of a quarter already over, printed later, shows what was open and overdue on the quarter's
last day (a letter resolved after it was still open then; a clock met or paused after it was still
running then; one due only after it was not overdue then). A clock is read as it stood that day:
an extension, a new limit or a resume after it do not move the due day it had then, and a clock
paused over it was not overdue then, whenever it was resumed. Terminations (đình chỉ việc giải quyết,
Luật Khiếu nại 2011 Đ.10; Luật Tố cáo 2018 Đ.34) are counted apart from the letters resolved on their
merits.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from casework.cases.models import ComplexityGround, Kind
from casework.cases.services import (
    case_accept,
    case_complexity_decide,
    case_extend,
    case_resume,
    case_resumption_sent,
    case_start_verification,
    case_suspend,
    case_suspension_sent,
    case_terminate,
    case_withdraw,
)
from casework.reports.figures import compute_case_trend
from casework.reports.periods import Quarter
from casework.reports.selectors import quarterly_consolidated, quarterly_report
from core import clock
from tests.builders import accepted, assigned, expertise_requested, intake, resolved, withdrawal_letter
from workflows.models import Deadline, DeadlineChange

pytestmark = pytest.mark.django_db


def on(day: dt.date) -> None:
    """Move the clock to 09:00 ICT of `day`."""
    clock.set_now(dt.datetime(day.year, day.month, day.day, 2, 0, tzinfo=dt.UTC))


def q1(cast) -> dict[str, int]:
    return quarterly_report(unit=cast.sector, year=2026, quarter=1, user=cast.leader).figures


def verifying(cast, **kw):
    return case_start_verification(case=assigned(cast, **kw), actor=cast.officer)


def quarter(cast, number: int) -> dict[str, int]:
    return quarterly_report(unit=cast.sector, year=2026, quarter=number, user=cast.leader).figures


def resolve_clock(case) -> Deadline:
    return Deadline.objects.get(target_type="cases.case", target_id=str(case.pk), step="resolve")


def test_a_past_quarter_printed_later_shows_what_was_open_and_overdue_on_its_last_day(client, cast, frozen_clock):
    on(dt.date(2026, 1, 5))
    # Accepted at once: its 30-day resolution clock ran out in February; resolved only in April.
    late = accepted(cast, title="Giải quyết sau khi hết quý")
    # Accepted, then suspended only after the quarter: its clock was running, past due, on 31/03.
    paused_later = verifying(cast, title="Tạm đình chỉ sau khi hết quý")
    # Suspended in January and still suspended on 31/03: its clock stood still, not overdue.
    paused_then = verifying(cast, title="Tạm đình chỉ trong quý")
    on(dt.date(2026, 1, 20))
    paused_then = case_suspend(case=paused_then, actor=cast.chair, ground="await_other_body", reason="Chờ kết quả")
    # Its decision went out at once (Nghị định 124/2020/NĐ-CP Đ.28b): only the resolution stands still.
    paused_then = case_suspension_sent(case=paused_then, actor=cast.officer)
    on(dt.date(2026, 3, 2))
    # Received, not yet accepted: its 10-day acceptance clock ran out in March; accepted in April.
    untriaged = intake(cast.intake, cast.sector, title="Thụ lý sau khi hết quý")
    on(dt.date(2026, 3, 20))
    # Accepted late in March: due in April, overdue only after the quarter.
    due_after = accepted(cast, title="Đến hạn sau khi hết quý")

    on(dt.date(2026, 3, 31))
    on_the_day = q1(cast)
    assert on_the_day["open_total"] == 5
    assert on_the_day["open_overdue"] == 3  # late, paused_later, untriaged

    on(dt.date(2026, 4, 10))
    resolved(late, cast, officer=cast.officer)
    paused_later = expertise_requested(paused_later, cast.chair)
    paused_later = case_suspend(case=paused_later, actor=cast.chair, ground="await_expertise", reason="Chờ giám định")
    paused_then = case_resume(case=paused_then, actor=cast.chair, reason="Đã có kết quả")
    # Both decisions went out (Nghị định 124/2020/NĐ-CP Đ.28b): only the resolution clocks are left.
    case_suspension_sent(case=paused_later, actor=cast.officer)
    case_resumption_sent(case=paused_then, actor=cast.officer)
    case_accept(subject_area="khac", case=untriaged, actor=cast.intake, legal_ground="Luật Khiếu nại 2011 Đ.27")
    on(dt.date(2026, 5, 15))
    assert Quarter(2026, 1).as_of == dt.date(2026, 3, 31)
    assert q1(cast) == on_the_day
    # The quarter that runs now sees them as they are today.
    q2 = quarterly_report(unit=cast.sector, year=2026, quarter=2, user=cast.leader).figures
    assert (q2["resolved"], q2["open_total"]) == (1, 4)
    # paused_later ran out in February, before its suspension, which revives no limit run out: overdue still.
    assert q2["open_overdue"] == 4
    assert due_after.pk and paused_then.pk

    # The API and the consolidated view read the same figures.
    api = APIClient()
    api.force_authenticate(cast.leader)
    body = api.get("/api/reports/quarterly/", {"unit": cast.sector.pk, "year": 2026, "quarter": 1}).json()
    assert body["figures"] == on_the_day
    rows = {
        r.unit.code: r for r in quarterly_consolidated(unit=cast.sector, year=2026, quarter=1, user=cast.leader).rows
    }
    assert rows["S"].figures == on_the_day
    client.force_login(cast.leader)
    page = client.get(reverse("reports:quarterly"), {"unit": "S", "year": 2026, "quarter": 1}).content.decode()
    assert "đơn tồn đọng, quá hạn tính đến hết ngày 31/03/2026" in page
    assert f'<td class="num" data-key="open_overdue">{on_the_day["open_overdue"]}</td>' in page


def test_terminations_are_counted_apart_from_resolutions(client, cast, frozen_clock):
    decided = accepted(cast, title="Giải quyết bằng quyết định")
    resolved(decided, cast, officer=cast.officer)
    withdrawn = case_withdraw(
        case=verifying(cast, title="Rút toàn bộ"), actor=cast.officer, reason="Đơn xin rút", **withdrawal_letter()
    )
    case_terminate(case=withdrawn, actor=cast.leader, ground="withdrawn")
    to_court = verifying(cast, title="Tòa án thụ lý")
    case_terminate(case=to_court, actor=cast.leader, ground="court", reason="Tòa án đã thụ lý")
    denunciation = verifying(cast, kind=Kind.DENUNCIATION, title="Tố cáo rút toàn bộ")
    denunciation = case_withdraw(
        case=denunciation,
        actor=cast.officer,
        reason="Rút tố cáo",
        assessment="Tự nguyện, không có dấu hiệu vi phạm",
        **withdrawal_letter(),
    )
    case_terminate(case=denunciation, actor=cast.leader, ground="withdrawn")

    report = quarterly_report(unit=cast.sector, year=2026, quarter=1, user=cast.leader)
    figures = report.figures
    assert (figures["resolved"], figures["resolved_on_time"], figures["resolved_late"]) == (1, 1, 0)
    assert (figures["terminated"], figures["terminated_withdrawn"]) == (3, 2)
    assert figures["open_total"] == 0
    assert report.on_time_rate == 100.0
    # The breakdown by lĩnh vực adds up to the same figures.
    for key in ("resolved", "terminated", "terminated_withdrawn"):
        assert sum(row.figures[key] for row in report.areas) == figures[key], key
    # The dashboard's trend charts resolutions only.
    (trend,) = compute_case_trend(unit=cast.sector, periods=[Quarter(2026, 1)], user=None, roles=())
    assert trend["resolved"] == 1
    # The page shows the rows, and the consolidated view a column.
    client.force_login(cast.leader)
    query = {"unit": "S", "year": 2026, "quarter": 1}
    page = client.get(reverse("reports:quarterly"), query).content.decode()
    assert '<td class="num" data-key="terminated">3</td>' in page
    assert '<td class="num" data-key="terminated_withdrawn">2</td>' in page
    assert "Đình chỉ việc giải quyết (không tính là đã giải quyết)" in page
    consolidated = client.get(reverse("reports:consolidated"), query).content.decode()
    assert '<th scope="col" class="num">Đình chỉ</th>' in consolidated


def test_a_clock_extended_after_the_quarter_still_counts_overdue_on_its_last_day(cast, frozen_clock):
    on(dt.date(2026, 1, 5))
    petition = accepted(cast, kind=Kind.PETITION, title="Kiến nghị gia hạn sau khi hết quý")
    first_due = resolve_clock(petition).due_on
    assert first_due < dt.date(2026, 3, 31)
    on(dt.date(2026, 3, 31))
    assert quarter(cast, 1)["open_overdue"] == 1

    # Leadership moves the due day past the next quarter's end (a petition has no statutory limit).
    on(dt.date(2026, 4, 10))
    case_extend(
        case=petition, actor=cast.leader, reason="Chờ ý kiến cơ quan chuyên môn", new_due_on=dt.date(2026, 7, 15)
    )
    (change,) = DeadlineChange.objects.filter(deadline=resolve_clock(petition))
    assert (change.kind, change.due_on_before, change.due_on_after) == ("extend", first_due, dt.date(2026, 7, 15))

    on(dt.date(2026, 5, 15))
    assert quarter(cast, 1)["open_overdue"] == 1  # overdue on 31/03, as printed then
    assert (quarter(cast, 2)["open_total"], quarter(cast, 2)["open_overdue"]) == (1, 0)
    on(dt.date(2026, 7, 20))
    assert quarter(cast, 1)["open_overdue"] == 1
    assert quarter(cast, 2)["open_overdue"] == 0  # due 15/07: not overdue on 30/06
    assert quarter(cast, 3)["open_overdue"] == 1


def test_a_clock_paused_over_the_quarter_end_is_not_overdue_then_even_once_resumed(cast, frozen_clock):
    on(dt.date(2026, 1, 5))
    # Suspended and resumed within the quarter: running, past its moved due day, on 31/03.
    resumed_before = verifying(cast, title="Tiếp tục trong quý", received_on=clock.today())
    # Found complex at once: 45 days instead of 30 (Luật Khiếu nại 2011 Đ.28), to Thursday 19/02, a day of
    # the Tết holiday, carried to Monday 23/02 (Bộ luật Dân sự 2015 Đ.148).
    suspended = verifying(cast, title="Tạm đình chỉ qua ngày cuối quý", received_on=clock.today())
    suspended = case_complexity_decide(
        case=suspended, actor=cast.leader, complexity="complex", reason="Nhiều nơi", grounds=[ComplexityGround.PLACES]
    )
    due = resolve_clock(suspended).due_on
    assert due == dt.date(2026, 2, 23)
    on(dt.date(2026, 2, 13))
    # Suspended before its 45 days run out, over the quarter's end.
    suspended = expertise_requested(suspended, cast.chair)
    suspended = case_suspend(case=suspended, actor=cast.chair, ground="await_expertise", reason="Chờ giám định")
    suspended = case_suspension_sent(case=suspended, actor=cast.officer)
    on(dt.date(2026, 2, 16))
    resumed_before = case_suspend(
        case=resumed_before, actor=cast.chair, ground="await_other_body", reason="Chờ kết quả"
    )
    case_suspension_sent(case=resumed_before, actor=cast.officer)  # sent at once (NĐ 124/2020 Đ.28b)
    on(dt.date(2026, 2, 23))
    resumed_before = case_resume(case=resumed_before, actor=cast.chair, reason="Đã có kết quả")
    case_resumption_sent(case=resumed_before, actor=cast.officer)
    assert resolve_clock(resumed_before).due_on < dt.date(2026, 3, 31)
    on(dt.date(2026, 3, 31))
    on_the_day = quarter(cast, 1)
    assert (on_the_day["open_total"], on_the_day["open_overdue"]) == (2, 1)  # resumed_before only

    on(dt.date(2026, 4, 2))
    suspended = case_resume(case=suspended, actor=cast.chair, reason="Đã có kết quả giám định")
    suspended = case_resumption_sent(case=suspended, actor=cast.officer)
    # The 48 days paused are not counted: the 45th day moves from 19/02 to Wednesday 08/04.
    assert resolve_clock(suspended).due_on == dt.date(2026, 4, 8)
    # Found not complex after all: back to 30 days from acceptance, the days paused still left out: 04/02
    # and 48 days, Tuesday 24/03. Today's due day falls before the quarter's end, while on 31/03 the
    # clock stood paused: a report reading the clock as it is today, not as it stood then, counts it.
    suspended = case_complexity_decide(case=suspended, actor=cast.leader, complexity="normal", reason="Đã rõ")
    clock_now = resolve_clock(suspended)
    assert (clock_now.due_on, clock_now.paused_days) == (dt.date(2026, 3, 24), 48)
    assert clock_now.status in (Deadline.Status.OPEN, Deadline.Status.BREACHED)
    changes = list(DeadlineChange.objects.filter(deadline=clock_now).order_by("at", "pk"))
    assert [(c.kind, c.due_on_before, c.due_on_after) for c in changes] == [
        ("relimit", dt.date(2026, 2, 4), due),
        ("pause", due, due),
        ("resume", due, dt.date(2026, 4, 8)),
        ("relimit", dt.date(2026, 4, 8), dt.date(2026, 3, 24)),
    ]
    pause, resume = changes[1], changes[2]
    assert (resume.paused_from, resume.paused_until) == (pause.at, resume.at)

    on(dt.date(2026, 5, 15))
    assert quarter(cast, 1) == on_the_day  # paused then: not overdue then
    assert quarter(cast, 2)["open_overdue"] == 2  # both running past due now


def test_a_new_limit_decided_after_the_quarter_does_not_change_it(cast, frozen_clock):
    on(dt.date(2026, 2, 20))
    complaint = verifying(cast, title="Khiếu nại phức tạp quyết định sau khi hết quý")
    thirty_days = resolve_clock(complaint).due_on
    assert thirty_days < dt.date(2026, 3, 31)
    on(dt.date(2026, 3, 31))
    on_the_day = quarter(cast, 1)
    assert on_the_day["open_overdue"] == 1

    # Found complex: 45 days instead of 30, counted from acceptance (Luật Khiếu nại 2011 Đ.28).
    on(dt.date(2026, 4, 2))
    case_complexity_decide(
        case=complaint,
        actor=cast.leader,
        complexity="complex",
        reason="Nhiều nội dung",
        grounds=[ComplexityGround.CONTENTS],
    )
    relimited = resolve_clock(complaint)
    assert relimited.days == 45 and relimited.due_on > dt.date(2026, 3, 31)
    assert DeadlineChange.objects.get(deadline=relimited).kind == "relimit"

    on(dt.date(2026, 5, 15))
    assert quarter(cast, 1) == on_the_day
    assert quarter(cast, 2)["open_overdue"] == 1  # past its 45 days by now
