"""An automatic escalation overtaken by events: the sweep escalated a breached clock, then the late step was
done (the clock met) or its object ended (cancelled) before leadership decided. The next sweep pass closes
it as overtaken: its decide clock cancelled, out of the leaders' queue, the trail and the leaders told, the
lateness still on record. An escalation raised by hand waits for leadership whatever the clock; a decide
clock running out after the step was done never moves it up a level."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from casework.audit.models import AuditEvent
from casework.cases.services import case_accept, case_terminate
from casework.inspections import selectors as inspection_selectors
from casework.inspections import services as inspection_services
from core import clock
from core.errors import ConcurrentChange
from notifications.models import Notification
from tests.builders import accepted, raise_flag
from workflows.deadline_status import target_key
from workflows.models import Deadline, Escalation
from workflows.selectors import escalation_list_awaiting, escalation_list_pending
from workflows.services.escalations import ESCALATION_TARGET, escalation_decide, escalation_open
from workflows.sweep import sweep_run

pytestmark = pytest.mark.django_db


def _clock(obj, step: str) -> Deadline:
    kind, pk = target_key(obj)
    return Deadline.objects.filter(target_type=kind, target_id=pk, step=step).latest("pk")


def _decide_clock(escalation: Escalation) -> Deadline:
    return Deadline.objects.filter(target_type=ESCALATION_TARGET, target_id=str(escalation.pk), step="decide").latest(
        "pk"
    )


def _breached_and_escalated(late: Deadline) -> Escalation:
    """Time moves an hour past the clock's due moment and the sweep breaches and escalates it."""
    clock.set_now(late.due_at + dt.timedelta(hours=1))
    result = sweep_run()
    assert result.escalated >= 1
    return Escalation.objects.get(deadline=late, automatic=True)


def test_the_late_step_done_closes_its_escalation_as_overtaken(cast, make_case, api_as):
    case = make_case()
    late = _clock(case, "accept")
    escalation = _breached_and_escalated(late)
    decide = _decide_clock(escalation)
    assert escalation.status == Escalation.Status.PENDING
    assert escalation in escalation_list_awaiting(user=cast.leader)

    case_accept(case=case, actor=cast.intake, legal_ground="Luật Khiếu nại 2011 Đ.27", subject_area="khac")
    late.refresh_from_db()
    assert late.status == Deadline.Status.MET and late.breached_at is not None
    # Until the sweep comes round it still waits; the next pass closes it.
    assert escalation in escalation_list_pending(user=cast.leader)
    clock.advance(dt.timedelta(minutes=1))
    result = sweep_run()

    assert result.overtaken == 1 and result.moved_up == 0 and result.errors == 0
    assert "đã xử lý xong trước khi lãnh đạo quyết định: 1" in str(result)
    escalation.refresh_from_db()
    decide.refresh_from_db()
    assert escalation.status == Escalation.Status.OVERTAKEN
    assert (escalation.decision, escalation.decided_by, escalation.decided_at) == ("", None, None)
    assert escalation.overtaken_at == clock.now()
    assert decide.status == Deadline.Status.CANCELLED and decide.breached_at is None
    assert escalation not in escalation_list_pending(user=cast.leader)
    assert escalation not in escalation_list_awaiting(user=cast.leader)
    # The lateness stays on record: the clock met late, its breach escalated.
    late.refresh_from_db()
    assert late.breached_at is not None and late.escalations.get() == escalation
    event = AuditEvent.objects.get(action="escalation.overtaken")
    assert (event.target_type, event.target_id) == ("cases.case", str(case.pk))
    assert event.after["escalation"] == escalation.pk and event.after["deadline"] == late.pk
    told = Notification.objects.filter(key=f"escalation:{escalation.pk}:overtaken")
    assert cast.leader.pk in set(told.values_list("user_id", flat=True))
    # The API reads the new status and filters on it.
    rows = api_as(cast.leader).get("/api/escalations/", {"status": "overtaken"}).json()["results"]
    assert [(r["id"], r["status"]) for r in rows] == [(escalation.pk, "overtaken")]
    assert api_as(cast.leader).get("/api/escalations/", {"status": "pending"}).json()["results"] == []
    # A leader deciding from a page loaded before is told it no longer waits on them.
    with pytest.raises(ConcurrentChange):
        escalation_decide(escalation=escalation, actor=cast.leader, decision="return", reason="Làm tiếp")
    # The sweep does it once.
    clock.advance(dt.timedelta(days=30))
    assert sweep_run().overtaken == 0
    assert AuditEvent.objects.filter(action="escalation.overtaken").count() == 1


def test_a_case_ended_after_its_clock_ran_out_closes_its_escalation(cast, frozen_clock):
    case = accepted(cast)
    late = _clock(case, "resolve")
    escalation = _breached_and_escalated(late)
    case_terminate(case=case, actor=cast.leader, ground="court", reason="Tòa án đã thụ lý")
    late.refresh_from_db()
    assert late.status == Deadline.Status.CANCELLED

    assert sweep_run().overtaken == 1
    escalation.refresh_from_db()
    assert escalation.status == Escalation.Status.OVERTAKEN


def test_an_escalation_by_hand_waits_for_leadership(cast, make_case):
    case = make_case()
    late = _clock(case, "accept")
    # Raised by hand about the same step (a target has one pending by hand, and none while another waits).
    by_hand = escalation_open(
        target=case,
        unit=case.unit,
        reason="Đề nghị xem xét trách nhiệm người thụ lý chậm",
        proposal="Kiểm điểm",
        actor=cast.chair,
        deadline=late,
    )
    automatic = _breached_and_escalated(late)
    case_accept(case=case, actor=cast.intake, legal_ground="Luật Khiếu nại 2011 Đ.27", subject_area="khac")

    clock.advance(dt.timedelta(minutes=1))
    assert sweep_run().overtaken == 1
    automatic.refresh_from_db()
    by_hand.refresh_from_db()
    assert automatic.status == Escalation.Status.OVERTAKEN
    assert by_hand.status == Escalation.Status.PENDING
    assert _decide_clock(by_hand).status == Deadline.Status.OPEN
    assert list(escalation_list_awaiting(user=cast.leader)) == [by_hand]


def test_a_decide_clock_running_out_after_the_step_was_done_never_moves_it_up(cast, make_case):
    case = make_case()
    late = _clock(case, "accept")
    escalation = _breached_and_escalated(late)
    decide = _decide_clock(escalation)
    assert case.unit.parent is not None  # a level above to move it to, were it still to decide
    case_accept(case=case, actor=cast.intake, legal_ground="Luật Khiếu nại 2011 Đ.27", subject_area="khac")

    # No sweep until the leaders' decide clock too has run out: its breach pass comes first.
    clock.set_now(decide.due_at + dt.timedelta(hours=1))
    result = sweep_run()

    assert (result.moved_up, result.overtaken) == (0, 1)
    assert f"quá hạn: {decide} → overtaken" in result.lines
    escalation.refresh_from_db()
    decide.refresh_from_db()
    assert escalation.status == Escalation.Status.OVERTAKEN
    assert (escalation.level, escalation.moved_up) == (case.unit, 0)
    # The leaders' own lateness stays recorded on their clock, stopped.
    assert decide.status == Deadline.Status.CANCELLED and decide.breached_at is not None
    assert not AuditEvent.objects.filter(action__in=["escalation.move_up", "escalation.overdue"]).exists()
    assert not Notification.objects.filter(key__startswith=f"escalation:{escalation.pk}:level:").exists()
    assert not Deadline.objects.filter(
        target_type=ESCALATION_TARGET, target_id=str(escalation.pk), status=Deadline.Status.OPEN
    ).exists()


def test_a_flag_escalated_then_joined_stays_overdue_and_escalated_across_the_overtake(cast, frozen_clock):
    flag = raise_flag(cast)
    late = _clock(flag, "open_inspection")
    escalation = _breached_and_escalated(late)
    escalated_at = clock.now()
    inspection_services.inspection_open(
        unit=cast.sector, subject_unit=cast.hospital, actor=cast.inspector, flags=[flag]
    )
    late.refresh_from_db()
    assert late.status == Deadline.Status.MET
    before = inspection_selectors.coverage_by_unit(user=None)["totals"]
    assert inspection_selectors.flag_bucket(flag=flag) == "overdue_escalated"

    clock.advance(dt.timedelta(minutes=5))
    assert sweep_run().overtaken == 1
    escalation.refresh_from_db()
    assert escalation.status == Escalation.Status.OVERTAKEN

    # Its breach was escalated, and still reads so: now, and as it stood at any instant since.
    assert inspection_selectors.flag_bucket(flag=flag) == "overdue_escalated"
    after = inspection_selectors.coverage_by_unit(user=None)["totals"]
    assert after == before
    assert after["overdue_escalated"] == 1 and after["unaccounted"] == 0
    for instant in (escalated_at, clock.now() - dt.timedelta(minutes=1), clock.now()):
        buckets = inspection_selectors.coverage_flags(user=None, as_of=instant).annotate(
            bucket=inspection_selectors.bucket_case()
        )
        assert buckets.get(pk=flag.pk).bucket == "overdue_escalated"
    with translation.override("vi"):
        assert inspection_selectors.coverage_trail_disagreements() == []


@pytest.mark.parametrize(
    ("language", "status", "refusal"),
    [
        ("vi", "đã xử lý xong trước khi lãnh đạo quyết định", "Việc đã được xử lý xong trước khi lãnh đạo quyết định"),
        ("en", "dealt with before leadership decided", "The matter was dealt with before leadership decided"),
    ],
)
def test_the_page_of_an_overtaken_escalation(client, cast, make_case, settings, language, status, refusal):
    case = make_case()
    escalation = _breached_and_escalated(_clock(case, "accept"))
    client.force_login(cast.leader)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    url = reverse("workflows:detail", args=[escalation.pk])
    assert 'name="decision"' in client.get(url).content.decode()
    assert url in client.get("/").content.decode()  # on the leader's home page while it waits
    case_accept(case=case, actor=cast.intake, legal_ground="Luật Khiếu nại 2011 Đ.27", subject_area="khac")
    sweep_run()

    page = client.get(url).content.decode()
    assert status in page and 'name="decision"' not in page  # no decision form
    response = client.post(url, {"decision": "return", "reason": "Làm tiếp", "version": 1}, follow=True)
    assert response.redirect_chain and refusal in response.content.decode()
    escalation.refresh_from_db()
    assert escalation.status == Escalation.Status.OVERTAKEN and escalation.decision == ""
    # The leader's home page no longer lists it.
    assert url not in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("language", "label"), [("vi", "Đã quá thời điểm xử lý, đóng lúc"), ("en", "Closed as overtaken on")]
)
def test_an_overtaken_escalation_shows_when_it_closed_and_no_decision_at_that_moment(
    client, cast, make_case, settings, language, label
):
    """The sweep closing an escalation as overtaken records the moment in `overtaken_at`: the page names it as
    the moment it closed, and the leadership's last decision (here a referral up) keeps its own moment."""
    case = make_case()
    escalation = _breached_and_escalated(_clock(case, "accept"))
    escalation_decide(
        escalation=escalation, actor=cast.leader, decision="refer", refer_to="superior", reason="Vượt thẩm quyền"
    )
    referred_at = clock.now()
    clock.set_now(referred_at + dt.timedelta(hours=2, minutes=7))
    case_accept(case=case, actor=cast.intake, legal_ground="Luật Khiếu nại 2011 Đ.27", subject_area="khac")
    assert sweep_run().overtaken == 1
    escalation.refresh_from_db()
    closed = timezone.localtime(escalation.overtaken_at).strftime("%d/%m/%Y %H:%M")
    assert escalation.status == Escalation.Status.OVERTAKEN and escalation.decision == Escalation.Decision.REFER
    assert (escalation.decided_at, escalation.overtaken_at) == (referred_at, clock.now())
    referred = timezone.localtime(referred_at).strftime("%d/%m/%Y %H:%M")
    # Read as of a moment past: pending after the referral until it was overtaken (the coverage proof's rule).
    from casework.inspections.selectors import _escalation_pending_q

    def pending_at(instant):
        return Escalation.objects.filter(_escalation_pending_q(instant), pk=escalation.pk).exists()

    assert pending_at(referred_at + dt.timedelta(hours=1)) and not pending_at(clock.now() + dt.timedelta(seconds=1))

    client.force_login(cast.province_leader)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(reverse("workflows:detail", args=[escalation.pk])).content.decode()
    assert f'<dt>{label}</dt><dd id="overtaken-at">{closed}</dd>' in page
    assert page.count(closed) == 1 + page.count(f"{closed}</time>")  # in the history, not as the decision's
    assert f"({cast.leader}, {referred})" in page  # the referral, at its own moment
