"""The measures of a denunciation's conclusion are followed until verified (Luật Tố cáo 2018 Đ.44 khoản 3,
Đ.45; Nghị định 31/2019/NĐ-CP Đ.18 khoản 2, sửa đổi bởi Nghị định 156/2026/NĐ-CP Đ.3): the resolver
records each measure and who monitors it; the unit that must act reports, the monitor verifies, the
clocks remind and escalate; only whoever may see the case sees them, and the unit that acts never
learns who denounced."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator

import pytest
from django.db import IntegrityError, transaction

from casework.audit.selectors import audit_event_list, audit_events_for
from casework.cases.actions import case_actions
from casework.cases.models import Case, Kind, Status
from casework.cases.services import (
    case_close,
    case_conclusion_measure_add,
    case_conflict_declare,
    case_handle_conclusion,
    case_notify_result,
)
from casework.inspections import selectors, services
from casework.inspections.actions import recommendation_actions
from casework.inspections.models import Recommendation
from casework.org.models import Role
from core import clock
from core.errors import OutOfScope, TransitionNotAllowed, ValidationFailed
from notifications.models import Notification
from tests import builders
from tests.factories import Cast, UserFactory, build_cast
from tests.module_data import built_for_module, fresh_cast
from workflows.models import Deadline, Escalation

pytestmark = pytest.mark.django_db

DENOUNCER = "Nguyễn Văn Gửi"  # the submitter tests.builders registers


@dataclasses.dataclass
class World:
    """The cast and a denunciation about the hospital's union, concluded and handled by the sector's leader,
    built once for the module: each test re-reads them and rolls back what it writes."""

    cast: Cast
    handled: int


def _build() -> World:
    cast = build_cast()
    return World(cast, builders.handled_denunciation(cast).pk)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:
    with built_for_module(django_db_blocker, _build) as built:
        yield built


@pytest.fixture
def cast(world, db) -> Cast:
    return fresh_cast(world.cast)


@pytest.fixture
def handled(world, cast, frozen_clock) -> Case:
    return Case.objects.get(pk=world.handled)


def measure(
    cast, case, *, monitor=None, due_in: int = 30, text: str = "Thu hồi 12.500.000 đồng chi sai"
) -> Recommendation:
    return builders.conclusion_measure(cast, case, monitor=monitor, due_in=due_in, text=text)


def _running(rec, step):
    return Deadline.objects.filter(target_type="inspections.recommendation", target_id=str(rec.pk), step=step).latest(
        "pk"
    )


@pytest.fixture
def recused(cast):
    """A sector leader who sits on the hospital's executive committee: recused from its denunciations."""
    return UserFactory(username="recused", roles=[(Role.BTV_MEMBER, cast.sector), (Role.BCH_MEMBER, cast.hospital)])


# ---- the full cycle -------------------------------------------------------------------------------


def test_a_measure_is_recorded_reported_returned_reported_again_and_accepted(cast, handled):
    rec = measure(cast, handled, monitor=cast.inspector)
    assert (rec.case, rec.inspection, rec.monitor, rec.created_by) == (handled, None, cast.inspector, cast.leader)
    assert (rec.source_unit, rec.source_reference, rec.status) == (cast.sector, handled.reference, "open")
    # Audited on the case and on the recommendation; the report clock runs in the resolver's unit, held
    # by the monitor, to the due date set.
    case_event = audit_events_for(target_type="cases.case", target_id=handled.pk).get(action="case.conclusion_measure")
    assert case_event.after["recommendation"] == rec.pk and case_event.after["monitor"] == cast.inspector.pk
    rec_event = audit_events_for(target_type="inspections.recommendation", target_id=rec.pk).get(
        action="recommendation.create"
    )
    assert "case" not in rec_event.after  # the unit that must act reads this trail, never the case
    report_clock = _running(rec, "report")
    assert (report_clock.unit, report_clock.assignee, report_clock.due_on) == (
        cast.sector,
        cast.inspector,
        builders.later(30),
    )
    assert Notification.objects.filter(user=cast.subject_rep, url=f"/inspections/recommendations/{rec.pk}/").exists()
    assert builders.task_holder(rec) is None  # the owner unit's pool reports

    assert recommendation_actions(user=cast.subject_rep, recommendation=rec) == ["report"]
    services.followup_report(recommendation=rec, text="Đã thu hồi một phần", actor=cast.subject_rep)
    rec.refresh_from_db()
    assert rec.status == Recommendation.Status.REPORTED
    assert builders.task_holder(rec) == cast.inspector  # the monitor verifies
    assert _running(rec, "verify").assignee == cast.inspector
    # Only the monitor: another committee member is not offered it and is refused.
    assert "verify" not in recommendation_actions(user=cast.inspector2, recommendation=rec)
    with pytest.raises(TransitionNotAllowed):
        services.recommendation_verify(recommendation=rec, verdict="accepted", actor=cast.inspector2)

    assert recommendation_actions(user=cast.inspector, recommendation=rec) == ["verify"]
    services.recommendation_verify(
        recommendation=rec, verdict="returned", reason="Còn thiếu 2 triệu", actor=cast.inspector
    )
    rec.refresh_from_db()
    assert (rec.status, rec.times_returned) == (Recommendation.Status.RETURNED, 1)
    assert _running(rec, "report").status == Deadline.Status.OPEN and _running(rec, "report").unit == cast.sector

    services.followup_report(recommendation=rec, text="Đã thu hồi đủ", actor=cast.subject_rep)
    rec.refresh_from_db()
    services.recommendation_verify(recommendation=rec, verdict="accepted", actor=cast.inspector)
    rec.refresh_from_db()
    assert rec.status == Recommendation.Status.ACCEPTED and rec.accepted_at == clock.now()
    # The monitor reports the result to the resolver (Đ.18 khoản 2).
    assert Notification.objects.filter(
        user=cast.leader, url=f"/inspections/recommendations/{rec.pk}/", title__contains="Đạt"
    ).exists()
    actions = list(
        audit_events_for(target_type="inspections.recommendation", target_id=rec.pk).values_list("action", flat=True)
    )
    assert [a for a in actions if a.startswith("recommendation.")] == [
        "recommendation.create",
        "recommendation.report",
        "recommendation.return",
        "recommendation.report",
        "recommendation.accept",
    ]


def test_a_measure_followed_by_the_committee_is_verified_by_any_unconflicted_member(cast, handled):
    rec = measure(cast, handled)
    services.followup_report(recommendation=rec, text="Đã thực hiện", actor=cast.subject_rep)
    rec.refresh_from_db()
    assert builders.task_holder(rec) is None
    for member in (cast.inspector, cast.inspector2, cast.chair):
        assert "verify" in recommendation_actions(user=member, recommendation=rec)
    # The resolver who is no committee member verifies only a measure they monitor themselves.
    assert "verify" not in recommendation_actions(user=cast.leader, recommendation=rec)
    services.recommendation_verify(recommendation=rec, verdict="accepted", actor=cast.inspector2)
    rec.refresh_from_db()
    assert rec.status == Recommendation.Status.ACCEPTED


def test_the_resolver_may_monitor_a_measure_and_verify_it(cast, handled):
    rec = measure(cast, handled, monitor=cast.leader)
    services.followup_report(recommendation=rec, text="Đã thực hiện", actor=cast.subject_rep)
    rec.refresh_from_db()
    assert recommendation_actions(user=cast.leader, recommendation=rec) == ["verify"]
    assert "verify" not in recommendation_actions(user=cast.inspector, recommendation=rec)
    services.recommendation_verify(recommendation=rec, verdict="accepted", actor=cast.leader)


# ---- when, and by whom, a measure is recorded ----------------------------------------------------------


def test_only_the_resolver_records_measures_of_a_handled_or_notified_denunciation(cast, frozen_clock, recused):
    concluded = builders.decided(cast, kind=Kind.DENUNCIATION, subject_unit=cast.hospital)
    assert "conclusion_measure" not in case_actions(user=cast.leader, case=concluded)
    with pytest.raises(TransitionNotAllowed):
        measure(cast, concluded)
    case = case_handle_conclusion(case=concluded, actor=cast.leader, note="Xử lý theo thẩm quyền")
    assert "conclusion_measure" in case_actions(user=cast.leader, case=case)
    for user in (cast.officer, cast.inspector, cast.subject_rep, cast.outsider):
        assert "conclusion_measure" not in case_actions(user=user, case=case), user.username
    with pytest.raises(TransitionNotAllowed):
        case_conclusion_measure_add(
            case=case, actor=cast.officer, text="x", owner_unit=cast.hospital, due_on=builders.later(5)
        )
    case = case_notify_result(case=case, actor=cast.officer)
    assert "conclusion_measure" in case_actions(user=cast.leader, case=case)
    complaint = builders.decided(cast, kind=Kind.COMPLAINT)
    assert "conclusion_measure" not in case_actions(user=cast.leader, case=complaint)


def test_a_conflicted_resolver_is_not_offered_the_measures_and_is_refused(cast, handled):
    builders.person(cast, "conflicted_leader")
    assert "conclusion_measure" not in case_actions(user=cast.leader, case=handled)
    with pytest.raises(TransitionNotAllowed):
        measure(cast, handled)
    assert not Recommendation.objects.filter(case=handled).exists()


def test_bad_input_names_the_fields_and_changes_nothing(cast, handled):
    with pytest.raises(ValidationFailed) as err:
        case_conclusion_measure_add(
            case=handled,
            actor=cast.leader,
            text=" ",
            owner_unit=cast.other_grassroots,
            due_on=clock.today(),
            monitor=cast.officer,  # neither a resolver nor a committee member
        )
    assert set(err.value.fields) == {"text", "owner_unit", "due_on", "monitor"}
    conflicted = UserFactory(
        username="insider", roles=[(Role.INSPECTOR, cast.sector), (Role.BCH_MEMBER, cast.hospital)]
    )
    with pytest.raises(ValidationFailed) as err:
        measure(cast, handled, monitor=conflicted)
    assert set(err.value.fields) == {"monitor"}
    assert not Recommendation.objects.filter(case=handled).exists()
    assert not audit_events_for(target_type="cases.case", target_id=handled.pk).filter(action="case.conclusion_measure")


def test_closing_the_case_leaves_its_measures_followed(cast, handled, client):
    """Luật Tố cáo 2018 Đ.35, Đ.36, Đ.44 khoản 1: the case is resolved by its conclusion and its handling;
    the follow-up of Đ.44 khoản 3 goes on after it is closed."""
    rec = measure(cast, handled)
    case = case_notify_result(case=handled, actor=cast.officer)
    case = builders.published(case, cast.officer)  # Luật Tố cáo 2018 Đ.40: made public before closing
    case = case_close(case=case, actor=cast.officer)
    assert case.status == Status.CLOSED
    assert "conclusion_measure" not in case_actions(user=cast.leader, case=case)
    rec.refresh_from_db()
    assert rec.status == Recommendation.Status.OPEN and _running(rec, "report").status == Deadline.Status.OPEN
    services.followup_report(recommendation=rec, text="Đã thực hiện", actor=cast.subject_rep)
    client.force_login(cast.leader)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert rec.reference in page and "Đã báo cáo, chờ xác minh" in page


# ---- who sees a measure ------------------------------------------------------------------------------


def test_only_who_may_see_the_case_sees_its_measures(cast, handled, recused, client, api_as):
    rec = measure(cast, handled)
    for user in (cast.leader, cast.chair, cast.inspector, cast.officer, cast.auditor, cast.admin):
        assert selectors.recommendation_list(user=user).filter(pk=rec.pk).exists(), user.username
    for user in (cast.outsider, cast.other_officer, recused):
        assert not selectors.recommendation_list(user=user).filter(pk=rec.pk).exists(), user.username
        client.force_login(user)
        assert client.get(f"/inspections/recommendations/{rec.pk}/").status_code == 404
        assert api_as(user).get(f"/api/recommendations/{rec.pk}/").status_code == 404
        assert not audit_event_list(user=user).filter(target_type="inspections.recommendation").exists()
    assert not selectors.reports_to_verify(user=recused).exists()


def test_the_owner_units_reporter_reads_the_measure_never_the_case_nor_the_denouncer(cast, handled, client, api_as):
    rec = measure(cast, handled, text=f"Xin lỗi ông {DENOUNCER} và thu hồi khoản chi sai")
    assert DENOUNCER not in rec.text  # the denunciation's masks apply to what the unit reads
    rep = cast.subject_rep
    assert [r.pk for r in selectors.recommendation_list(user=rep)] == [rec.pk]
    assert [r.pk for r in selectors.recommendations_to_report(user=rep)] == [rec.pk]
    client.force_login(rep)
    page = client.get(f"/inspections/recommendations/{rec.pk}/").content.decode()
    assert "Thu hồi khoản chi sai".lower() in page.lower() and DENOUNCER not in page
    # Neither the case's id nor its reference: they may not see the case (Luật Tố cáo 2018 Đ.47).
    assert handled.reference not in page and f"/cases/{handled.pk}/" not in page
    assert "Kết luận nội dung tố cáo" in page
    listed = client.get("/inspections/recommendations/").content.decode()
    assert rec.text[:40] in listed and handled.reference not in listed
    body = api_as(rep).get(f"/api/recommendations/{rec.pk}/").json()
    assert body["allowed_actions"] == ["report"] and DENOUNCER not in str(body)
    assert body["case"] is None and body["source_reference"] == "Kết luận nội dung tố cáo"
    assert handled.reference not in str(body)
    rows = api_as(rep).get("/api/recommendations/").json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert [(r["id"], r["case"]) for r in rows] == [(rec.pk, None)] and handled.reference not in str(rows)
    # Nor does the case's reference find the measure for them.
    assert not selectors.recommendation_list(user=rep, filters={"q": handled.reference}).exists()
    assert api_as(rep).get(f"/api/cases/{handled.pk}/").status_code == 404
    assert client.get(f"/cases/{handled.pk}/").status_code == 404


def test_whoever_may_see_the_case_reads_which_case_a_measure_came_from(cast, handled, client, api_as):
    rec = measure(cast, handled)
    for user in (cast.officer, cast.leader):
        client.force_login(user)
        page = client.get(f"/inspections/recommendations/{rec.pk}/").content.decode()
        assert handled.reference in page and f"/cases/{handled.pk}/" in page, user.username
        assert handled.reference in client.get("/inspections/recommendations/").content.decode()
        body = api_as(user).get(f"/api/recommendations/{rec.pk}/").json()
        assert (body["case"], body["source_reference"]) == (handled.pk, handled.reference), user.username
        found = selectors.recommendation_list(user=user, filters={"q": handled.reference})
        assert [r.pk for r in found] == [rec.pk]


def test_a_reporter_recused_from_the_case_does_not_see_the_measure_nor_is_told(cast, handled):
    namesake = UserFactory(username="bi", full_name="Trần Thị Bị", roles=[(Role.SUBJECT_REP, cast.hospital)])
    rec = measure(cast, handled)
    assert not selectors.recommendation_list(user=namesake).exists()
    assert not selectors.recommendations_to_report(user=namesake).exists()
    assert recommendation_actions(user=namesake, recommendation=rec) == []
    assert not Notification.objects.filter(user=namesake).exists()
    with pytest.raises(OutOfScope):
        services.followup_report(recommendation=rec, text="Đã thực hiện", actor=namesake)


def test_a_conflicted_verifier_is_refused_and_the_list_agrees(cast, handled):
    rec = measure(cast, handled)
    declared = UserFactory(username="declared", roles=[(Role.INSPECTOR, cast.sector)])
    case_conflict_declare(case=handled, actor=declared, note="Anh họ người bị tố cáo")
    insider = UserFactory(username="insider", roles=[(Role.INSPECTOR, cast.sector), (Role.BCH_MEMBER, cast.clinic)])
    services.conflict_declare(user=insider, unit=cast.hospital, reason="Vợ là kế toán", actor=insider)
    services.followup_report(recommendation=rec, text="Đã thực hiện", actor=cast.subject_rep)
    rec.refresh_from_db()
    for user in (declared, insider):
        assert "verify" not in recommendation_actions(user=user, recommendation=rec), user.username
        assert not selectors.reports_to_verify(user=user).exists(), user.username
        with pytest.raises(TransitionNotAllowed):
            services.recommendation_verify(recommendation=rec, verdict="accepted", actor=user)
    rec.refresh_from_db()
    assert rec.status == Recommendation.Status.REPORTED
    assert [r.recommendation_id for r in selectors.reports_to_verify(user=cast.inspector2)] == [rec.pk]


def test_the_list_to_verify_offers_exactly_the_reports_the_actions_offer(cast, handled, recused):
    """reports_to_verify is the rule of followup_may_verify and followup_verifier_conflict as a filter."""
    monitored = measure(cast, handled, monitor=cast.inspector)
    pooled = measure(cast, handled, text="Kiểm điểm Ban chấp hành")
    for rec in (monitored, pooled):
        services.followup_report(recommendation=rec, text="Đã thực hiện", actor=cast.subject_rep)
    root = UserFactory(username="root", is_superuser=True)
    for user in (cast.inspector, cast.inspector2, cast.chair, cast.leader, cast.officer, recused, cast.outsider, root):
        listed = {r.recommendation_id for r in selectors.reports_to_verify(user=user)}
        offered = {
            rec.pk
            for rec in Recommendation.objects.filter(pk__in=[monitored.pk, pooled.pk])
            if "verify" in recommendation_actions(user=user, recommendation=rec)
        }
        assert listed == offered, user.username
    assert {r.recommendation_id for r in selectors.reports_to_verify(user=cast.inspector)} == {monitored.pk, pooled.pk}
    assert {r.recommendation_id for r in selectors.reports_to_verify(user=cast.inspector2)} == {pooled.pk}


# ---- clocks: reminder, breach, escalation ------------------------------------------------------------------


def test_an_overdue_measure_reminds_its_monitor_then_escalates_to_the_resolvers_leadership(cast, handled, recused):
    from workflows.sweep import sweep_run

    rec = measure(cast, handled, monitor=cast.inspector, due_in=10)
    clock.advance(dt.timedelta(days=8))  # three days before the due date, a working morning
    sweep_run()
    reminded = Notification.objects.filter(
        url=f"/inspections/recommendations/{rec.pk}/", title__startswith="Nhắc hạn (còn 3 ngày)"
    )
    assert {n.user for n in reminded} == {cast.inspector, cast.chair}  # the monitor and the unit's chair
    assert not Escalation.objects.filter(target_type="inspections.recommendation").exists()
    clock.advance(dt.timedelta(days=5))
    sweep_run()
    report_clock = _running(rec, "report")
    assert report_clock.status == Deadline.Status.BREACHED
    escalation = Escalation.objects.get(target_type="inspections.recommendation", target_id=str(rec.pk))
    assert escalation.unit == cast.sector  # the resolver's level, not the unit denounced
    assert selectors.recommendation_list(user=cast.leader, filters={"overdue": True}).filter(pk=rec.pk).exists()
    # Recused from the case: neither the escalation nor a notice about it reaches them.
    from workflows.selectors import escalation_list_for_user

    assert escalation_list_for_user(user=cast.leader).filter(pk=escalation.pk).exists()
    assert not escalation_list_for_user(user=recused).filter(pk=escalation.pk).exists()
    assert not Notification.objects.filter(user=recused).exists()


# ---- page and API offer the same actions -------------------------------------------------------------


@pytest.mark.parametrize("who", builders.PEOPLE)
def test_the_page_the_api_and_the_service_agree_on_recording_a_measure(cast, handled, client, api_as, who):
    user = builders.person(cast, who)
    offered = "conclusion_measure" in case_actions(user=user, case=handled)
    client.force_login(user)
    page = client.get(f"/cases/{handled.pk}/")
    on_page = page.status_code == 200 and f"/cases/{handled.pk}/action/conclusion_measure/" in page.content.decode()
    api = api_as(user).get(f"/api/cases/{handled.pk}/")
    in_api = api.status_code == 200 and "conclusion_measure" in api.json()["allowed_actions"]
    accepted = builders.accepted_by_services(
        {
            "record": lambda: case_conclusion_measure_add(
                case=handled, actor=user, text="Thu hồi", owner_unit=cast.hospital, due_on=builders.later(9)
            )
        }
    )
    assert offered == on_page == in_api == ("record" in accepted), who


def test_recording_through_the_page_asks_confirmation_and_through_the_api_answers_the_case(
    cast, handled, client, api_as
):
    client.force_login(cast.leader)
    form = {
        "version": handled.version,
        "text": "Kiểm điểm Ban chấp hành CĐCS",
        "owner_unit": cast.hospital.pk,
        "due_on": builders.later(20).strftime("%d/%m/%Y"),
        "monitor": cast.inspector.pk,
    }
    url = f"/cases/{handled.pk}/action/conclusion_measure/"
    asked = client.post(url, form)
    assert asked.status_code == 200 and not Recommendation.objects.filter(case=handled).exists()
    assert "Người theo dõi, đôn đốc" in asked.content.decode()
    done = client.post(url, {**form, "confirmed": "1"})
    assert done.status_code == 302
    rec = Recommendation.objects.get(case=handled)
    assert (rec.monitor, rec.due_on) == (cast.inspector, builders.later(20))
    handled.refresh_from_db()
    body = api_as(cast.leader).post(
        f"/api/cases/{handled.pk}/conclusion_measure/",
        {"text": "Bổ sung quy chế chi", "owner_unit": cast.hospital.pk, "due_on": builders.later(40).isoformat()},
        format="json",
    )
    assert body.status_code == 200, body.content
    measures = body.json()["conclusion_measures"]
    assert [m["monitor"] for m in measures] == [cast.inspector.pk, None]
    bad = api_as(cast.leader).post(
        f"/api/cases/{handled.pk}/conclusion_measure/", {"text": "", "owner_unit": cast.hospital.pk}, format="json"
    )
    assert bad.status_code == 400 and {"text", "due_on"} <= set(bad.json()["fields"])
    assert Recommendation.objects.filter(case=handled).count() == 2


@pytest.mark.parametrize("who", ["rep", "monitor", "other_member", "leader"])
def test_the_recommendation_page_and_the_api_offer_the_same_follow_up_actions(cast, handled, client, api_as, who):
    rec = measure(cast, handled, monitor=cast.inspector)
    user = {"rep": cast.subject_rep, "monitor": cast.inspector, "other_member": cast.inspector2, "leader": cast.leader}[
        who
    ]
    for _round in range(2):
        rec.refresh_from_db()
        allowed = recommendation_actions(user=user, recommendation=rec)
        assert api_as(user).get(f"/api/recommendations/{rec.pk}/").json()["allowed_actions"] == allowed
        client.force_login(user)
        page = client.get(f"/inspections/recommendations/{rec.pk}/").content.decode()
        actions = ("report", "report_paper", "verify")
        assert {a for a in actions if f"/inspections/recommendations/{rec.pk}/{a}/" in page} == set(allowed)
        if rec.status == Recommendation.Status.OPEN:
            services.followup_report(recommendation=rec, text="Đã thực hiện", actor=cast.subject_rep)


# ---- the list and the quarterly figures ----------------------------------------------------------------


def test_the_list_names_each_source_and_filters_by_it(cast, handled, client, api_as):
    from_case = measure(cast, handled)
    inspection = builders.conclude(cast, builders.open_ad_hoc(cast, [builders.raise_flag(cast)]))
    from_inspection = builders.recommend(cast, inspection)
    assert {r.pk for r in selectors.recommendation_list(user=cast.leader)} == {from_case.pk, from_inspection.pk}
    only_cases = selectors.recommendation_list(user=cast.leader, filters={"source": "case"})
    assert [r.pk for r in only_cases] == [from_case.pk]
    client.force_login(cast.leader)
    page = client.get("/inspections/recommendations/?source=case").content.decode()
    assert handled.reference in page and inspection.reference not in page
    body = api_as(cast.leader).get("/api/recommendations/?source=inspection").json()
    rows = body["results"] if isinstance(body, dict) else body
    assert [(r["id"], r["source_reference"]) for r in rows] == [(from_inspection.pk, inspection.reference)]


def test_the_quarterly_figures_count_measures_of_conclusions(cast, handled):
    from casework.reports.figures import compute_figures
    from casework.reports.periods import quarter_of
    from casework.reports.selectors import REPORT_ROLES

    period = quarter_of(year=2026, quarter=1)

    def figures():
        return compute_figures(unit=cast.sector, period=period, user=cast.leader, roles=REPORT_ROLES)[None]

    before = figures()
    rec = measure(cast, handled, due_in=5)
    services.followup_report(recommendation=rec, text="Một phần", actor=cast.subject_rep)
    rec.refresh_from_db()
    services.recommendation_verify(recommendation=rec, verdict="returned", reason="Chưa đủ", actor=cast.inspector)
    other = measure(cast, handled, due_in=9, text="Kiểm điểm")
    services.followup_report(recommendation=other, text="Đã kiểm điểm", actor=cast.subject_rep)
    other.refresh_from_db()
    services.recommendation_verify(recommendation=other, verdict="accepted", actor=cast.inspector)
    after = figures()
    assert after["rec_implemented"] - before["rec_implemented"] == 1
    assert after["rec_returned"] - before["rec_returned"] == 1


# ---- the database keeps one source -------------------------------------------------------------------


def test_the_database_refuses_a_recommendation_with_no_source_or_two(cast, handled):
    inspection = builders.conclude(cast, builders.open_ad_hoc(cast, [builders.raise_flag(cast)]))
    common = {"text": "x", "owner_unit": cast.hospital, "due_on": builders.later(5), "created_at": clock.now()}
    for sources in ({}, {"inspection": inspection, "case": handled}, {"inspection": inspection, "monitor": cast.chair}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Recommendation.objects.create(**common, **sources)
    Recommendation.objects.create(**common, case=handled, monitor=cast.chair)
    Recommendation.objects.create(**common, inspection=inspection)
