"""A denunciation a press body or a competent body, organisation or person transferred: "Kết quả xử lý tố cáo theo
quy định tại khoản 1 Điều này được thông báo bằng văn bản cho cơ quan báo chí, cơ quan, tổ chức, cá nhân có thẩm
quyền đã chuyển tố cáo trong thời hạn 20 ngày kể từ ngày nhận được tố cáo" (Luật Tố cáo 2018 Đ.26 khoản 2). Its
clock (denunciation/notify_transferrer, 20 calendar days counted under Bộ luật Dân sự 2015 Đ.147-148) starts at
receipt and stops when the notice of acceptance or refusal, which names that body, is issued, or when the written
notice of any other result is recorded; its breach escalates like any other, once."""

from __future__ import annotations

import datetime as dt
from importlib import import_module

import pytest
from django.apps import apps

from casework.audit.selectors import audit_events_for
from casework.cases.actions import case_actions
from casework.cases.models import Channel, Kind, Status
from casework.cases.selectors import case_deadlines
from casework.cases.services import (
    case_accept,
    case_merge,
    case_refuse,
    case_transfer,
    case_transferrer_notified,
)
from casework.papers.services import paper_issue
from core.errors import TransitionNotAllowed
from tests.builders import case_clock, clock_at, make_case
from workflows.models import Deadline, DeadlineRule, Escalation, PolicyVersion
from workflows.policy_cache import reset as policy_reset
from workflows.sweep import sweep_deadlines

pytestmark = pytest.mark.django_db

FIX = import_module("workflows.migrations.0034_transferred_denunciation_result_notice_rule")
STEP = "notify_transferrer"
RECEIVED = dt.date(2026, 3, 2)  # a Monday
# 02/03 + 20 days = Sunday 22/03: the limit ends at the close of the next working day, Monday 23/03 (Đ.148).
DUE = dt.date(2026, 3, 23)


def transferred(cast, received_on: dt.date = RECEIVED, **overrides):
    clock_at(received_on)
    return make_case(cast, kind=Kind.DENUNCIATION, channel=Channel.TRANSFERRED, received_on=received_on, **overrides)


def accept(case, cast):
    return case_accept(case=case, actor=cast.intake, legal_ground="Luật Tố cáo 2018 Đ.29", subject_area="khac")


def clocks(case, step: str = STEP) -> list[Deadline]:
    return [d for d in case_deadlines(case=case) if d.step == step]


def notices(case):
    return audit_events_for(target_type="cases.case", target_id=case.pk).filter(action="case.transferrer_notice")


def test_the_clock_runs_20_days_from_receipt_and_the_notice_of_acceptance_meets_it(cast, client):
    case = transferred(cast)
    clock_ = case_clock(case, STEP)
    assert (clock_.starts_on, clock_.days, clock_.day_unit, clock_.due_on) == (RECEIVED, 20, "calendar", DUE)
    assert clock_.rule.source == FIX.SOURCE and clock_.rule.on_breach == "escalate"
    # The case page shows it among the case's deadlines, with its label.
    client.force_login(cast.intake)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "<td>Thông báo kết quả xử lý cho cơ quan đã chuyển tố cáo</td>" in page

    clock_at(dt.date(2026, 3, 5))
    case = accept(case, cast)
    assert case_clock(case, STEP).status == Deadline.Status.OPEN  # the acceptance itself tells nobody
    clock_at(dt.date(2026, 3, 10))
    paper = paper_issue(target=case, key="case.accept", actor=cast.officer)
    assert "(cơ quan, đơn vị chuyển đơn đến)" in paper.recipients
    met = case_clock(case, STEP)
    assert (met.status, met.breached_at) == (Deadline.Status.MET, None)
    (event,) = notices(case)
    assert event.after["symbol"] == paper.symbol
    case.refresh_from_db()
    assert "transferrer_notice" not in case_actions(user=cast.intake, case=case)


def test_a_denunciation_transferred_by_another_union_unit_names_it_when_told(cast):
    clock_at(RECEIVED)
    origin = make_case(cast, kind=Kind.DENUNCIATION)
    assert not clocks(origin)  # received by the unit itself
    _old, case = case_transfer(
        case=origin, actor=cast.intake, reason="Thuộc thẩm quyền CĐCS", target_unit=cast.clinic, subject_area="khac"
    )
    assert case.channel == Channel.TRANSFERRED and case_clock(case, STEP).due_on == DUE
    case = accept(case, cast)
    paper_issue(target=case, key="case.accept", actor=cast.officer)
    assert case_clock(case, STEP).status == Deadline.Status.MET
    assert notices(case).get().after["sent_to"] == [cast.sector.name]


def test_the_notice_cancelled_owes_the_result_again_on_the_same_limit(cast):
    from casework.papers.services import paper_cancel

    case = accept(transferred(cast), cast)
    paper = paper_issue(target=case, key="case.accept", actor=cast.officer)
    clock_at(DUE + dt.timedelta(days=3))
    paper_cancel(paper=paper, actor=cast.officer, reason="Sai địa chỉ nơi nhận")
    (_met, again) = clocks(case)
    assert (again.status, again.starts_on, again.due_on) == (Deadline.Status.OPEN, RECEIVED, DUE)
    paper_issue(target=case, key="case.accept", actor=cast.officer)
    again.refresh_from_db()
    assert again.status == Deadline.Status.MET and again.breached_at is not None  # told after the 20 days


def test_a_refusal_leaves_the_clock_to_the_notice_of_refusal(cast):
    case = transferred(cast)
    clock_at(dt.date(2026, 3, 6))
    case = case_refuse(case=case, actor=cast.intake, ground="no_content", note="", subject_area="khac")
    assert case.status == Status.REFUSED
    assert case_clock(case, "accept").status == Deadline.Status.MET
    assert case_clock(case, STEP).status == Deadline.Status.OPEN
    assert "transferrer_notice" in case_actions(user=cast.intake, case=case)
    paper = paper_issue(target=case, key="case.refuse", actor=cast.officer)
    assert "(cơ quan, đơn vị chuyển đơn đến)" in paper.recipients
    assert (case_clock(case, STEP).status, case_clock(case, STEP).breached_at) == (Deadline.Status.MET, None)
    assert notices(case).get().after["symbol"] == paper.symbol


def test_not_told_by_day_20_the_sweep_escalates_once_and_the_late_notice_stays_late(cast):
    case = accept(transferred(cast), cast)
    clock_at(DUE)
    sweep_deadlines()
    assert not Escalation.objects.filter(deadline__step=STEP).exists()  # the last day is not over
    clock_at(DUE + dt.timedelta(days=1))
    sweep_deadlines()
    sweep_deadlines()
    (escalation,) = Escalation.objects.filter(target_id=str(case.pk), deadline__step=STEP)
    assert escalation.automatic
    # The law gives the 20 days no extension: leadership orders the notice sent.
    from casework.cases.escalations import case_decision_refusals

    assert "Đ.26" in case_decision_refusals(escalation)["extend"]
    assert case_clock(case, STEP).status == Deadline.Status.BREACHED
    clock_at(DUE + dt.timedelta(days=2))
    sweep_deadlines()
    assert Escalation.objects.filter(target_id=str(case.pk), deadline__step=STEP).count() == 1
    paper_issue(target=case, key="case.accept", actor=cast.officer)
    late = case_clock(case, STEP)
    assert late.status == Deadline.Status.MET and late.breached_at is not None


def test_an_onward_transfer_or_a_merger_is_told_by_the_notice_recorded(cast):
    case = transferred(cast)
    clock_at(dt.date(2026, 3, 4))
    case, _new = case_transfer(
        case=case,
        actor=cast.intake,
        reason="Thuộc thẩm quyền Công an",
        outside_body="Công an huyện Vũ Thư",
        subject_area="khac",
    )
    # The transfer slip goes to the competent body and names no other: the clock runs on.
    assert case.status == Status.TRANSFERRED and case_clock(case, STEP).status == Deadline.Status.OPEN
    assert "transferrer_notice" in case_actions(user=cast.intake, case=case)
    case = case_transferrer_notified(case=case, actor=cast.intake, note="Công văn số 12/UBKT ngày 05/03/2026")
    assert case_clock(case, STEP).status == Deadline.Status.MET
    event = notices(case).get()
    assert event.reason and event.after["sent_to"] == ["cơ quan, tổ chức, cá nhân đã chuyển tố cáo"]
    with pytest.raises(TransitionNotAllowed):
        case_transferrer_notified(case=case, actor=cast.intake)

    into = make_case(cast, kind=Kind.DENUNCIATION)
    duplicate = transferred(cast, dt.date(2026, 3, 4))
    duplicate = case_merge(case=duplicate, into=into, actor=cast.intake)
    assert case_clock(duplicate, STEP).status == Deadline.Status.OPEN  # still owed, not cancelled with the case
    case_transferrer_notified(case=duplicate, actor=cast.intake)
    assert case_clock(duplicate, STEP).status == Deadline.Status.MET


def test_only_a_transferred_denunciation_runs_the_clock(cast):
    clock_at(RECEIVED)
    assert not clocks(make_case(cast, kind=Kind.DENUNCIATION))
    assert not clocks(make_case(cast, kind=Kind.DENUNCIATION, channel=Channel.IN_PERSON))
    assert not clocks(make_case(cast, kind=Kind.COMPLAINT, channel=Channel.TRANSFERRED))
    direct = accept(make_case(cast, kind=Kind.DENUNCIATION), cast)
    paper_issue(target=direct, key="case.accept", actor=cast.officer)
    assert not notices(direct).exists()
    with pytest.raises(TransitionNotAllowed):
        case_transferrer_notified(case=direct, actor=cast.intake)


def test_a_case_open_before_the_new_version_keeps_its_version_and_runs_no_clock(cast):
    # The policy as it stood before the row: no version holds it.
    DeadlineRule.objects.filter(subject="denunciation", step=STEP).delete()
    policy_reset()
    day = dt.date(2026, 12, 4)
    before = transferred(cast, day)
    used = before.policy_version
    newest = PolicyVersion.objects.order_by("-number").first()
    assert used == newest and not clocks(before)

    FIX.forwards(apps, None)
    policy_reset()
    # The version the case holds is not changed; the newest, in use, is copied with the row, in force tomorrow.
    assert not DeadlineRule.objects.filter(version=used, step=STEP).exists()
    copy = PolicyVersion.objects.get(number=newest.number + 1)
    assert copy.effective_from == day + dt.timedelta(days=1)
    row = DeadlineRule.objects.get(version=copy, subject="denunciation", step=STEP)
    assert (row.days, row.day_unit, row.source) == (20, "calendar", FIX.SOURCE)
    # The earlier versions, which no case uses, get the row in place.
    for version in PolicyVersion.objects.filter(number__lt=used.number):
        assert DeadlineRule.objects.filter(version=version, step=STEP).exists()
    before.refresh_from_db()
    assert before.policy_version == used
    accept(before, cast)
    assert not clocks(before)

    after = transferred(cast, day + dt.timedelta(days=1))
    assert after.policy_version == copy and case_clock(after, STEP).rule == row

    FIX.forwards(apps, None)  # run again: nothing left to add
    assert PolicyVersion.objects.count() == copy.number
