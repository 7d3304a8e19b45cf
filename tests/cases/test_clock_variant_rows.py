"""A longer limit points the clock at the policy's own row for it: a complaint found complex (Luật Khiếu nại
2011 Đ.28) runs on the complex row (remote and complex in a remote area), a denunciation's initial processing
extended (Luật Tố cáo 2018 Đ.24) on the complex row of `accept`, each in the version the clock was opened
under, so the clock's rule, days and due date and the case page and API agree."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.cases.models import Kind
from casework.cases.selectors import case_deadlines
from casework.cases.services import case_accept, case_complexity_decide, case_processing_extend
from core import clock
from workflows.calendar import WorkingCalendar
from workflows.models import Deadline, DeadlineRule, PolicyVersion
from workflows.services.policy import policy_current, policy_version_copy

pytestmark = pytest.mark.django_db


def _clock(case, step: str) -> Deadline:
    return next(d for d in case_deadlines(case=case) if d.step == step and d.status != Deadline.Status.CANCELLED)


def _row(version: PolicyVersion, subject: str, step: str, variant: str) -> DeadlineRule:
    return DeadlineRule.objects.get(version=version, subject=subject, step=step, variant=variant)


def _newer_policy(cast, subject: str, step: str, variant: str, days: int) -> PolicyVersion:
    """An administrator's new version, in force from tomorrow, with other days for the row; the clock moves on
    to it."""
    new = policy_version_copy(source=policy_current(), actor=cast.admin)
    row = _row(new, subject, step, variant)
    row.days = days
    row.save()
    clock.advance(dt.timedelta(days=1))
    assert policy_current() == new
    return new


def _agree(case, step: str, row: DeadlineRule, client, cast) -> None:
    running = _clock(case, step)
    assert running.rule == row
    assert running.days == row.days
    assert running.due_on == WorkingCalendar.load().due_date(running.starts_on, row.days, row.day_unit)
    client.force_login(cast.chair)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f"{running.due_on:%d/%m/%Y}" in page and f"({row.days} " in page
    answer = client.get(f"/api/cases/{case.pk}/")
    assert answer.status_code == 200
    assert {d["step"]: d["due_on"] for d in answer.json()["deadlines"]}[step] == running.due_on.isoformat()


@pytest.mark.parametrize(("remote", "variant"), [(False, "complex"), (True, "remote_complex")])
def test_a_complaint_found_complex_runs_on_the_complex_row_of_its_own_version(cast, make_case, client, remote, variant):
    cast.hospital.remote_area = remote
    cast.hospital.save()
    case = case_accept(subject_area="khac", case=make_case(), actor=cast.intake, legal_ground="Đ.27")
    old = case.policy_version
    subject = case.deadline_subject
    _newer_policy(cast, subject, "resolve", variant, days=90)

    case = case_complexity_decide(
        case=case, actor=cast.leader, complexity="complex", reason="Nhiều nội dung", grounds=["places"]
    )

    _agree(case, "resolve", _row(old, subject, "resolve", variant), client, cast)
    # Found not complex after all: back on the row of its place, still of its own version.
    case = case_complexity_decide(case=case, actor=cast.leader, complexity="normal", reason="Đã rõ")
    _agree(case, "resolve", _row(old, subject, "resolve", "remote" if remote else "normal"), client, cast)


def test_a_denunciation_s_initial_processing_extended_runs_on_the_complex_row_of_its_own_version(
    cast, make_case, client
):
    case = make_case(kind=Kind.DENUNCIATION)
    old = case.policy_version
    assert _clock(case, "accept").rule == _row(old, "denunciation", "accept", "normal")
    _newer_policy(cast, "denunciation", "accept", "complex", days=12)

    case = case_processing_extend(case=case, actor=cast.intake, reason="Phải kiểm tra tại nhiều địa điểm")

    _agree(case, "accept", _row(old, "denunciation", "accept", "complex"), client, cast)
