"""The time of an expert assessment is not counted in a denunciation's resolution time (Nghị định
31/2019/NĐ-CP Đ.15 khoản 4): from the sending of the request to its conclusion the resolution clock stands
still, together with a suspension as one rule (it restarts only when neither holds); a complaint's
assessment time counts (Luật Khiếu nại 2011 has no such rule)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from casework.cases.models import Case, ExpertiseRequest, Kind, SuspensionGround
from casework.cases.services import (
    case_accept_notice_sent,
    case_denounced_notice_sent,
    case_expertise_conclusion,
    case_expertise_request,
    case_expertise_sent,
    case_resume,
    case_start_verification,
    case_suspend,
)
from casework.reports.selectors import quarterly_report
from core import clock
from tests.builders import assigned
from workflows.models import Deadline, DeadlineChange

pytestmark = pytest.mark.django_db


def _on(day: dt.date) -> None:
    clock.set_now(dt.datetime.combine(day, dt.time(2, 0), tzinfo=dt.UTC))  # 09:00 in Vietnam


def _verifying(cast, kind: str = Kind.DENUNCIATION) -> Case:
    return case_start_verification(case=assigned(cast, kind=kind, subject_unit=cast.hospital), actor=cast.officer)


def _requested(case: Case, actor) -> Case:
    return case_expertise_request(
        case=Case.objects.get(pk=case.pk),
        actor=actor,
        body="Viện Khoa học hình sự",
        content="Giám định chữ ký trên 12 phiếu chi quỹ phúc lợi năm 2025.",
        due_on=clock.today() + dt.timedelta(days=150),
    )


def _request(case: Case, number: int = 1) -> ExpertiseRequest:
    return ExpertiseRequest.objects.get(case=case, number=number)


def _sent(case: Case, actor, number: int = 1) -> Case:
    return case_expertise_sent(
        case=Case.objects.get(pk=case.pk), actor=actor, request=_request(case, number).pk, sent_on=clock.today()
    )


def _concluded(case: Case, actor, number: int = 1) -> Case:
    return case_expertise_conclusion(
        case=Case.objects.get(pk=case.pk),
        actor=actor,
        request=_request(case, number).pk,
        conclusion_on=clock.today(),
        summary="Chữ ký trên các phiếu chi là thật.",
    )


def _resolve(case: Case) -> Deadline:
    return Deadline.objects.get(target_type="cases.case", target_id=str(case.pk), step="resolve")


def _changes(case: Case) -> list[tuple[str, dt.date]]:
    return [
        (c.kind, c.due_on_after) for c in DeadlineChange.objects.filter(deadline=_resolve(case)).order_by("at", "pk")
    ]


def test_the_resolution_clock_stands_still_from_the_sending_to_the_conclusion(cast, frozen_clock, client):
    case = _requested(_verifying(cast), cast.chair)  # accepted and requested on Mon 02/03
    assert _resolve(case).due_on == dt.date(2026, 4, 1)  # 30 days (Luật Tố cáo 2018 Đ.30)
    assert _resolve(case).status == Deadline.Status.OPEN  # a request not yet sent holds nothing

    _on(dt.date(2026, 3, 10))
    case = _sent(case, cast.officer)
    assert _resolve(case).status == Deadline.Status.PAUSED
    # The case page says why it stands still.
    client.force_login(cast.officer)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "đang chờ kết luận giám định (lần 1): thời gian giám định không tính vào thời hạn" in page

    _on(dt.date(2026, 3, 25))
    case = _concluded(case, cast.officer)
    resolve = _resolve(case)
    # 15 days paused (10/03 to 25/03), not counted: due 16/04 instead of 01/04.
    assert (resolve.status, resolve.due_on, resolve.paused_days) == (Deadline.Status.OPEN, dt.date(2026, 4, 16), 15)
    assert _changes(case) == [("pause", dt.date(2026, 4, 1)), ("resume", dt.date(2026, 4, 16))]
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "đang chờ kết luận giám định" not in page


def test_the_clock_restarts_when_the_last_assessment_ends(cast, frozen_clock):
    case = _requested(_requested(_verifying(cast), cast.chair), cast.chair)
    _on(dt.date(2026, 3, 10))
    case = _sent(_sent(case, cast.officer, 1), cast.officer, 2)
    _on(dt.date(2026, 3, 20))
    case = _concluded(case, cast.officer, 2)
    assert _resolve(case).status == Deadline.Status.PAUSED  # the first is still being assessed
    _on(dt.date(2026, 3, 25))
    case = _concluded(case, cast.officer, 1)
    assert (_resolve(case).status, _resolve(case).due_on) == (Deadline.Status.OPEN, dt.date(2026, 4, 16))


def test_an_assessment_that_outlasts_a_suspension_keeps_the_clock_still(cast, frozen_clock):
    """Suspended first, the assessment sent during it: resuming the case does not restart a clock the
    assessment still holds; its conclusion does."""
    case = _requested(_verifying(cast), cast.chair)
    _on(dt.date(2026, 3, 10))
    case = case_suspend(case=case, actor=cast.chair, ground=SuspensionGround.AWAIT_EXPERTISE, reason="Giám định lại")
    _on(dt.date(2026, 3, 12))
    case = _sent(case, cast.officer)
    _on(dt.date(2026, 3, 20))
    case = case_resume(case=case, actor=cast.chair, reason="Tiếp tục xác minh các nội dung khác")
    assert _resolve(case).status == Deadline.Status.PAUSED
    _on(dt.date(2026, 3, 25))
    case = _concluded(case, cast.officer)
    assert (_resolve(case).status, _resolve(case).due_on) == (Deadline.Status.OPEN, dt.date(2026, 4, 16))
    assert _changes(case) == [("pause", dt.date(2026, 4, 1)), ("resume", dt.date(2026, 4, 16))]


def test_a_suspension_that_outlasts_an_assessment_keeps_the_clock_still(cast, frozen_clock, client):
    """The assessment first, a suspension during it: the conclusion received does not restart a clock
    the suspension still holds; the resumption does."""
    case = _requested(_verifying(cast), cast.chair)
    _on(dt.date(2026, 3, 10))
    case = _sent(case, cast.officer)
    _on(dt.date(2026, 3, 12))
    case = case_suspend(case=case, actor=cast.chair, ground=SuspensionGround.AWAIT_OTHER_BODY, reason="Chờ Thanh tra")
    client.force_login(cast.officer)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "(hồ sơ đang tạm đình chỉ; đang chờ kết luận giám định (lần 1)" in page
    _on(dt.date(2026, 3, 20))
    case = _concluded(case, cast.officer)
    assert _resolve(case).status == Deadline.Status.PAUSED
    _on(dt.date(2026, 3, 25))
    case = case_resume(case=case, actor=cast.chair, reason="Thanh tra tỉnh đã có kết luận")
    assert (_resolve(case).status, _resolve(case).due_on) == (Deadline.Status.OPEN, dt.date(2026, 4, 16))
    assert _changes(case) == [("pause", dt.date(2026, 4, 1)), ("resume", dt.date(2026, 4, 16))]


def test_a_complaints_assessment_time_counts(cast, frozen_clock):
    case = _requested(_verifying(cast, Kind.COMPLAINT), cast.officer)
    due = _resolve(case).due_on
    _on(dt.date(2026, 3, 10))
    case = _sent(case, cast.officer)
    assert _resolve(case).status == Deadline.Status.OPEN
    _on(dt.date(2026, 3, 25))
    case = _concluded(case, cast.officer)
    assert (_resolve(case).status, _resolve(case).due_on, _resolve(case).paused_days) == ("open", due, 0)
    assert not DeadlineChange.objects.filter(deadline=_resolve(case)).exists()


def test_a_report_of_a_day_within_the_assessment_does_not_count_the_clock_late(cast, frozen_clock):
    """Due 01/04, the assessment from 10/03 to 10/07: on 30/06 the denunciation's clock stood still, the
    complaint's ran late; the report of the second quarter, printed after the conclusion, says so."""
    denunciation = _requested(_verifying(cast), cast.chair)
    # Its notices of acceptance sent (Luật Tố cáo 2018 Đ.29): only the resolution clock may be late.
    denunciation = case_accept_notice_sent(case=denunciation, actor=cast.officer)
    denunciation = case_denounced_notice_sent(case=denunciation, actor=cast.officer)
    complaint = _requested(_verifying(cast, Kind.COMPLAINT), cast.officer)
    _on(dt.date(2026, 3, 10))
    denunciation, complaint = _sent(denunciation, cast.officer), _sent(complaint, cast.officer)
    _on(dt.date(2026, 7, 10))
    denunciation, complaint = _concluded(denunciation, cast.officer), _concluded(complaint, cast.officer)
    assert _resolve(denunciation).due_on == dt.date(2026, 8, 3)  # 01/04 + 122 days paused: Sat 01/08, so Mon 03/08
    report = quarterly_report(unit=cast.sector, year=2026, quarter=2, user=cast.leader)
    assert report.figures["open_overdue"] == 1  # the complaint alone
