"""Fuzz every API operation against its own OpenAPI schema: no 500s, and every status, content type,
header and body the API answers is the one its schema documents.

The schema comes from drf-spectacular's generator and the calls go in-process to the WSGI
application, signed in by token as an administrator on a small demo-like data set (the cast,
cases at several steps, an escalation). Hypothesis is derandomized with few examples per
operation so the run is bounded and repeatable.
"""

from __future__ import annotations

import datetime as dt

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token

from casework.audit.models import AuditEvent
from casework.audit.services import target_ref
from casework.cases.models import Case, IntakeSubmission, Kind
from casework.cases.services import case_accept, case_assign
from casework.cases.services.queued_intake import intake_submission_queue
from casework.inspections.models import Flag, Inspection, InspectionPlan, Recommendation
from casework.inspections.services.plans import plan_create
from casework.org.models import Absence, RoleAssignment, Unit
from casework.privacy.models import SubjectAccessRequest
from casework.privacy.subject_requests import subject_request_record
from casework.reception.models import ReceptionEntry, ReceptionSession
from casework.supervision.models import Supervision
from casework.supervision.services import supervision_start
from core import clock
from notifications.models import Notification
from notifications.services import notify
from tests.builders import (
    conclude,
    intake_payload,
    make_case,
    make_session,
    make_supervision,
    make_visit,
    open_ad_hoc,
    raise_flag,
    recommend,
)
from workflows.models import Escalation
from workflows.services.absences import absence_record, acting_chair_appoint
from workflows.services.escalations import escalation_open

schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
schema.app = get_wsgi_application()

# Conformance, not only "no 500": every status is documented, every body has the documented content
# type and schema, and documented headers are present.
CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.specs.openapi.checks.status_code_conformance,
    schemathesis.specs.openapi.checks.content_type_conformance,
    schemathesis.specs.openapi.checks.response_headers_conformance,
    schemathesis.specs.openapi.checks.response_schema_conformance,
]


@pytest.fixture
def demo_token(cast, frozen_clock) -> str:
    def intake(kind: str, title: str):
        return make_case(cast, kind, title=title, content=f"{title}: nội dung chi tiết của đơn.", subject_person="")

    intake(Kind.COMPLAINT, "Khiếu nại mới")
    accepted = intake(Kind.PETITION, "Kiến nghị đã thụ lý")
    case_accept(subject_area="khac", case=accepted, actor=cast.intake, legal_ground="Quy định của Công đoàn")
    assigned = intake(Kind.COMPLAINT, "Khiếu nại đã phân công")
    assigned = case_accept(subject_area="khac", case=assigned, actor=cast.intake, legal_ground="Luật Khiếu nại 2011")
    case_assign(case=assigned, actor=cast.chair, assignee=cast.officer)
    escalation_open(target=assigned, unit=cast.sector, reason="Cần lãnh đạo cho ý kiến")
    # One of every other kind the API reads, so that each detail read has a row to answer with.
    recommend(cast, conclude(cast, open_ad_hoc(cast, [raise_flag(cast)])))
    plan_create(unit=cast.sector, period="annual", year=2026, actor=cast.inspector)
    supervision_start(supervision=make_supervision(cast), actor=cast.inspector)
    make_visit(cast, make_session(cast))
    subject_request_record(
        actor=cast.admin,
        unit=cast.sector,
        received_on=clock.today(),
        channel="electronic",
        right="access",
        full_name="Lê Thị Hoa",
        email="lethihoa@example.vn",
    )
    soon = clock.today() + dt.timedelta(days=7)
    absence_record(actor=cast.officer, user=cast.officer, starts_on=soon, ends_on=soon, reason="Nghỉ phép")
    acting_chair_appoint(
        actor=cast.leader,
        unit=cast.sector,
        user=cast.inspector,
        valid_from=soon,
        valid_to=soon,
        document="QĐ 30/QĐ-UBKT",
    )
    intake_submission_queue(actor=cast.intake, payload=intake_payload(cast))
    notify(users=[cast.admin], key="schema:probe", title="Thông báo thử", url="/")
    return Token.objects.get_or_create(user=cast.admin)[0].key


# Public endpoints are throttled per IP and the token endpoint per IP too: fuzzing them many
# times must answer 429 (documented), never 500. Every operation of the schema is exercised.
OPERATIONS = [result.ok() for result in schema.get_all_operations()]


@pytest.fixture
def _keep_the_test_connection():
    """Calls go straight to the WSGI app, whose request signals would close the connection that holds
    the test's transaction (PostgreSQL); Django's own test client unhooks them the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("_keep_the_test_connection")
def test_api_conforms_to_its_schema(demo_token):
    """One Hypothesis run draws a case for every operation per example: the data set is built once."""
    headers = {"Authorization": f"Token {demo_token}"}
    succeeded: set[str] = set()

    @given(data=st.data())
    @settings(max_examples=6, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def run(data):
        for operation in OPERATIONS:
            case = data.draw(operation.as_strategy(), label=operation.label)
            response = case.call_and_validate(headers=headers, checks=CHECKS)
            if 200 <= response.status_code < 300:
                succeeded.add(operation.label)

    run()
    assert len(OPERATIONS) > 40  # the whole API is in the schema, not just a corner of it
    # Drawn ids and query values seldom name a row: each read the draws did not answer 2xx is
    # called once more naming a row the data set holds, and checked the same way.
    for operation in OPERATIONS:
        if operation.method.upper() == "GET" and operation.label not in succeeded:
            reader, parameters = existing_row(operation.path)
            case = operation.Case(**parameters)
            response = case.call_and_validate(headers={"Authorization": f"Token {reader}"}, checks=CHECKS)
            if 200 <= response.status_code < 300:
                succeeded.add(operation.label)
    # The token works and the data is there: every read answered 2xx, so every body was checked.
    reads = {op.label for op in OPERATIONS if op.method.upper() == "GET"}
    assert reads <= succeeded, sorted(reads - succeeded)


def existing_row(path: str) -> tuple[str, dict[str, object]]:
    """Who reads, and the parameters naming a row of the data set, for the read at `path`. A queued
    letter is read by the intake officer who sent it (its sender and the intake staff see it)."""
    admin = Token.objects.get(user__is_superuser=True).key
    case = Case.objects.order_by("pk").first()
    if path.startswith("/api/timeline/"):
        target_type, target_id = target_ref(case)
        return admin, {"path_parameters": {"target_type": target_type, "target_id": target_id}}
    if path.startswith("/api/reports/quarterly/"):
        today = clock.today()
        quarter = {"unit": case.unit_id, "year": today.year, "quarter": (today.month - 1) // 3 + 1}
        return admin, {"query": quarter}
    if path.startswith("/api/audit-events/"):
        return admin, {"path_parameters": {"seq": AuditEvent.objects.order_by("seq").first().seq}}
    if path.startswith("/api/intake/"):
        submission = IntakeSubmission.objects.get()
        return Token.objects.get_or_create(user=submission.actor)[0].key, {"path_parameters": {"id": submission.pk}}
    rows = {
        "/api/absences/": Absence.objects,
        "/api/acting-appointments/": RoleAssignment.objects.exclude(acting_document=""),
        "/api/cases/": Case.objects,
        "/api/escalations/": Escalation.objects,
        "/api/flags/": Flag.objects,
        "/api/inspection-plans/": InspectionPlan.objects,
        "/api/inspections/": Inspection.objects,
        "/api/notifications/": Notification.objects.filter(user__is_superuser=True),
        "/api/reception-entries/": ReceptionEntry.objects,
        "/api/reception-sessions/": ReceptionSession.objects,
        "/api/recommendations/": Recommendation.objects,
        "/api/subject-requests/": SubjectAccessRequest.objects,
        "/api/supervisions/": Supervision.objects,
        "/api/units/": Unit.objects,
    }
    prefix = next(prefix for prefix in rows if path.startswith(prefix))
    return admin, {"path_parameters": {"id": rows[prefix].order_by("pk").first().pk}}
