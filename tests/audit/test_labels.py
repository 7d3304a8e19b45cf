"""The labelling layer: field names, coded values, ids and object keys read as words, names and references."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from casework.audit.labels import field_label
from casework.audit.selectors import audit_events_for
from casework.audit.services import audit_record_standalone
from casework.audit.timeline import changes_of, format_value, timeline_entries
from casework.cases.models import Channel, Kind, Status
from casework.inspections.models import Inspection, Recommendation
from casework.reports.diagram import process_diagram_svg
from tests.builders import withdrawal_letter, withdrawal_record
from workflows.models import Deadline

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def vietnamese():
    """Labels and messages read in Vietnamese, whatever language an earlier test left active."""
    with translation.override("vi"):
        yield


def test_ids_of_people_read_as_their_names(cast, frozen_clock):
    team = [cast.inspector, cast.inspector2, cast.inspector3]
    event = audit_record_standalone(
        actor=cast.chair,
        action="inspection.team_set",
        target=("inspections.inspection", 1),
        unit=cast.sector,
        before={"status": "opened"},
        after={"status": "opened", "lead": team[0].pk, "team": [u.pk for u in team]},
    )
    changes = {c.field: c for c in changes_of(event)}
    assert changes["lead"].label == "Trưởng đoàn" and changes["lead"].after == team[0].full_name
    assert changes["team"].after == ", ".join(u.full_name for u in team)
    assert changes["status"].after == Inspection.Status.OPENED.label


def test_a_case_log_reads_in_words(cast, make_case):
    case = make_case(kind=Kind.DENUNCIATION, channel=Channel.LETTER)
    (intake, *_rest) = timeline_entries(audit_events_for(target_type="cases.case", target_id=case.pk))
    changes = {c.field: c for c in intake.changes}
    assert changes["channel"].label == "Hình thức tiếp nhận" and changes["channel"].after == Channel.LETTER.label
    assert changes["kind"].after == Kind.DENUNCIATION.label
    assert changes["policy_version"].after == str(case.policy_version)
    assert changes["status"].after == Status.RECEIVED.label
    shown = " ".join(f"{c.label} {c.before} {c.after}" for c in intake.changes)
    for code in ("policy_version", "received_on", "denunciation", "letter", "received"):
        assert code not in shown, code


def test_object_keys_read_as_references(cast, make_case):
    case = make_case()
    assert format_value(f"cases.case:{case.pk}", "flag") == case.reference
    assert format_value(cast.officer.pk, "assignee", "cases.case") == cast.officer.full_name
    assert format_value(str(cast.hospital.pk), "subject_unit", "inspections.inspection") == cast.hospital.name


def test_a_finding_s_sum_reads_as_the_report_writes_it():
    """A sum of đồng with dot thousands separators ("8.400.000"), as on the finding's own row; its label says đồng."""
    assert format_value("8400000", "amount", "inspections.inspection", "inspection.finding") == "8.400.000"
    assert field_label("amount", "inspections.inspection", "inspection.finding") == "Số tiền (đồng)"
    assert format_value("không rõ", "amount", "inspections.inspection") == "không rõ"


def test_the_same_code_reads_as_its_own_models_label():
    assert format_value("open", "status", "inspections.recommendation") == Recommendation.Status.OPEN.label
    assert format_value("open", "status", "workflows.deadline") == Deadline.Status.OPEN.label
    assert format_value("khien_trach", "discipline_proposal", "cases.case") == "Khiển trách"


def test_labels_follow_the_english_switch():
    with translation.override("en"):
        label = field_label("handling_route", "reception.receptionentry")
        assert label != "handling_route" and "_" not in label
        assert field_label("policy_version", "cases.case") != "policy_version"


def test_the_process_diagram_names_steps_not_transition_codes(cast, make_case):
    svg = str(process_diagram_svg(make_case()))
    assert "Thụ lý: " in svg, "a transition reads as its action label"
    assert "accept:" not in svg and "start_verification" not in svg


def test_the_audit_search_shows_references_and_unit_names(cast, make_case):
    case = make_case()
    client = Client()
    client.force_login(cast.auditor)
    html = client.get(reverse("audit:search"), {"target": case.reference}).content.decode()
    assert case.reference in html and "Tiếp nhận đơn" in html and case.unit.name in html
    assert f"cases.case:{case.pk}" not in html and ">case.intake<" not in html


def test_withdrawals_holds_and_subject_access_read_in_words(cast, make_case):
    from casework.audit.models import AuditEvent
    from casework.cases.services import (
        SubmitterData,
        case_accept,
        case_assign,
        case_start_verification,
        case_withdraw,
    )
    from casework.privacy.services import legal_hold_place, personal_data_export

    group = [SubmitterData(full_name="Người A", is_representative=True), SubmitterData(full_name="Người B")]
    case = make_case(kind=Kind.DENUNCIATION, submitters=group)
    case = case_accept(subject_area="khac", case=case, actor=cast.intake, legal_ground="Đ.29")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    case = case_start_verification(case=case, actor=cast.officer)
    case = case_withdraw(
        case=case,
        actor=cast.officer,
        reason="Rút",
        scope="partial",
        withdrawn_content="Ý 2",
        denouncers=[1],
        withdrawer_address="Thái Bình",
        withdrawer_contact="0912000222",
        **withdrawal_record(cast.officer),
    )
    case_withdraw(
        case=case,
        actor=cast.officer,
        reason="Người B rút",
        denouncers=[2],
        withdrawer_address="Thái Bình",
        withdrawer_contact="0912000111",
        continue_grounds=["coerced"],
        measures="Đề nghị cơ quan có thẩm quyền áp dụng biện pháp bảo vệ",
        **withdrawal_letter(),
    )
    legal_hold_place(actor=cast.admin, case=case, reason="Thanh tra đang xem xét")
    personal_data_export(actor=cast.admin, full_name="Người A", id_number="1", reason="Đơn 1/YC")
    actions = ["case.withdraw_part", "case.withdraw_continue", "privacy.legal_hold", "privacy.subject_access_export"]
    events = AuditEvent.objects.filter(action__in=actions)
    assert sorted(set(events.values_list("action", flat=True))) == sorted(actions)
    for event in events:
        for change in changes_of(event):
            assert change.label != change.field, (event.action, change.field)
            assert str(change.after) not in ("partial", "whole"), (event.action, change.field)


def test_every_key_and_action_the_code_records_in_an_audit_event_has_a_label():
    """A static walk of every audit_record call: its literal action (each branch of an action chosen by a
    conditional expression) and each literal key of its before/after read as words, for that action."""
    import ast
    from pathlib import Path

    from django.conf import settings

    from casework.audit.labels import action_label

    def literals(value: ast.expr) -> list[str]:
        if isinstance(value, ast.IfExp):
            return literals(value.body) + literals(value.orelse)
        return [value.value] if isinstance(value, ast.Constant) and isinstance(value.value, str) else []

    root = Path(settings.BASE_DIR)
    unlabelled = []
    for package in ("casework", "workflows", "notifications"):
        for path in (root / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                called = getattr(node, "func", None)
                name = getattr(called, "id", getattr(called, "attr", ""))
                if not isinstance(node, ast.Call) or name not in ("audit_record", "audit_record_standalone"):
                    continue
                actions = [a for k in node.keywords if k.arg == "action" for a in literals(k.value)]
                for action in actions:
                    if action_label(action) == action:
                        unlabelled.append(f"{path.relative_to(root)}:{node.lineno} {action}")
                for keyword in node.keywords:
                    if keyword.arg in ("before", "after") and isinstance(keyword.value, ast.Dict):
                        for key in keyword.value.keys:
                            # Labelled for each action that writes it (its own, or one shared by all).
                            for action in actions or [""]:
                                if isinstance(key, ast.Constant) and field_label(key.value, "", action) == key.value:
                                    unlabelled.append(f"{path.relative_to(root)}:{node.lineno} {key.value}")
    assert unlabelled == []


@pytest.mark.parametrize("target_type", ["cases.case", "inspections.recommendation"])
def test_a_breached_deadline_reads_with_the_deadlines_own_words(cast, frozen_clock, target_type):
    # The event is recorded on what the deadline times; its status is the deadline's, not the target's.
    event = audit_record_standalone(
        actor=None,
        action="deadline.breach",
        target=(target_type, 1),
        unit=cast.sector,
        before={"status": Deadline.Status.OPEN},
        after={"status": Deadline.Status.BREACHED},
    )
    status = {c.field: c for c in changes_of(event)}["status"]
    assert (status.before, status.after) == (Deadline.Status.OPEN.label, Deadline.Status.BREACHED.label)
    assert Recommendation.Status.OPEN.label not in (status.before, status.after)


def test_a_merge_reads_truthfully_on_both_sides(cast, make_case):
    """The duplicate's log names the case it was merged into; the log of the case that carries on names
    the duplicate merged into it, and says so, not the other way round."""
    from casework.cases.services import case_merge

    carries_on = make_case()
    duplicate = make_case()
    case_merge(case=duplicate, into=carries_on, actor=cast.intake)

    def merge_changes(case, action):
        events = audit_events_for(target_type="cases.case", target_id=case.pk).filter(action=action)
        (entry,) = timeline_entries(events)
        return {c.label: c.after for c in entry.changes}

    assert merge_changes(duplicate, "case.merge")["Đã gộp vào"] == carries_on.reference
    assert merge_changes(carries_on, "case.merge_receive") == {"Hồ sơ trùng đã gộp vào hồ sơ này": duplicate.reference}
