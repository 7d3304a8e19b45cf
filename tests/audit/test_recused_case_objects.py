"""Whoever is recused from a case (Luật Khiếu nại 2011 Đ.9, Luật Tố cáo 2018 Đ.47) finds in the audit trail none
of what belongs to it: the case's events, and those of a flag raised from it, of that flag's escalation and
its clock, of a paper issued on the case, of a file attached to the flag (search, timeline page, API)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from casework.audit.models import AuditEvent
from casework.audit.selectors import AuditSearchFilters, audit_event_search
from casework.audit.services import audit_record_standalone
from casework.cases.integrations import flag_raise_from_case
from casework.cases.models import Case, DisciplineProceeding
from casework.cases.recusal import case_objects_recused_q
from casework.files.services import attachment_store
from casework.inspections.services import flag_escalate
from casework.org.models import Role
from casework.papers.services import paper_issue
from tests import builders
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def trail(cast, frozen_clock):
    """A complaint about the sector's auditor (they are recused from it) and what came from it."""
    case = builders.accepted(cast, subject_user=cast.auditor)
    with transaction.atomic():
        flag = flag_raise_from_case(case=case, unit=cast.hospital, evidence="Chi sai quỹ phúc lợi")
    escalation = flag_escalate(flag=flag, actor=cast.inspector, reason="Chậm mở cuộc kiểm tra")
    clock_event = audit_record_standalone(
        actor=None, action="deadline.remind", target=("workflows.escalation", escalation.pk), unit=cast.hospital
    )
    paper = paper_issue(target=case, key="case.accept", actor=cast.chair)
    with transaction.atomic():
        upload = SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf")
        attachment = attachment_store(upload=upload, target=flag, unit=cast.hospital, actor=cast.inspector)
    return {
        "cases.case": case.pk,
        "inspections.flag": flag.pk,
        "workflows.escalation": escalation.pk,
        "papers.paper": paper.pk,
        "files.attachment": attachment.pk,
        "clock": clock_event.seq,
    }


@pytest.fixture
def auditor2(cast):
    return UserFactory(username="auditor2", roles=[(Role.AUDITOR, cast.sector)])


def targets(user) -> set[str]:
    events = audit_event_search(user=user, filters=AuditSearchFilters())
    return set(events.values_list("target_type", flat=True))


def test_the_recused_auditor_finds_nothing_of_the_case_in_the_search(cast, trail, auditor2):
    belonging = {"cases.case", "inspections.flag", "workflows.escalation", "papers.paper", "files.attachment"}
    assert belonging <= targets(auditor2), "an auditor not recused reads every one of them"
    assert not belonging & targets(cast.auditor)
    seqs = set(audit_event_search(user=cast.auditor, filters=AuditSearchFilters()).values_list("seq", flat=True))
    assert trail["clock"] not in seqs
    # Asked for by type and id, or by the flag's escalation events' action: still nothing.
    for target_type in belonging:
        found = AuditSearchFilters(target_type=target_type, target_id=str(trail[target_type]))
        assert not audit_event_search(user=cast.auditor, filters=found).exists(), target_type
        assert audit_event_search(user=auditor2, filters=found).exists(), target_type
    assert not audit_event_search(user=cast.auditor, filters=AuditSearchFilters(action="escalation.")).exists()


def test_the_timeline_page_and_the_api_answer_404_to_them(cast, trail, auditor2, client, api_as):
    for target_type in ("inspections.flag", "papers.paper", "files.attachment", "workflows.escalation"):
        path = f"{target_type}/{trail[target_type]}/"
        client.force_login(cast.auditor)
        assert client.get(f"/audit/timeline/{path}").status_code == 404, target_type
        assert api_as(cast.auditor).get(f"/api/timeline/{path}").status_code == 404, target_type
        client.force_login(auditor2)
        assert client.get(f"/audit/timeline/{path}").status_code == 200, target_type
        assert api_as(auditor2).get(f"/api/timeline/{path}").status_code == 200, target_type
    listed = api_as(cast.auditor).get("/api/audit-events/", {"page_size": 500}).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert not {row["target_type"] for row in rows} & {"inspections.flag", "papers.paper", "files.attachment"}
    one = AuditEvent.objects.filter(target_type="inspections.flag", target_id=str(trail["inspections.flag"])).first()
    assert one is not None
    assert api_as(cast.auditor).get(f"/api/audit-events/{one.seq}/").status_code == 404
    assert api_as(auditor2).get(f"/api/audit-events/{one.seq}/").status_code == 200


def test_a_discipline_proceeding_on_the_case_or_on_its_flag_and_its_papers_are_the_cases(cast, trail):
    from core import clock

    def proceeding(**on) -> DisciplineProceeding:
        return DisciplineProceeding.objects.create(
            **on,
            unit=cast.sector,
            subject_kind="member",
            subject_name="Nguyễn Văn Bị",
            proposed_form="khien_trach",
            proposed_by=cast.chair,
            proposed_at=clock.now(),
        )

    on_case = proceeding(case_id=trail["cases.case"])
    on_flag = proceeding(flag_id=trail["inspections.flag"])
    by_hand = proceeding(flag=builders.raise_flag(cast))
    recused = case_objects_recused_q(user=cast.auditor)
    for row, hidden in ((on_case, True), (on_flag, True), (by_hand, False)):
        about = audit_record_standalone(actor=None, action="note", target=row, unit=cast.sector)
        assert AuditEvent.objects.filter(recused, pk=about.pk).exists() is hidden, row.pk
        assert audit_event_search(user=cast.auditor, filters=AuditSearchFilters()).filter(pk=about.pk).exists() is (
            not hidden
        )


def test_the_search_pages_queries_do_not_grow_with_the_rows(cast, trail, auditor2, client):
    def page_queries(user) -> int:
        client.force_login(user)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/audit/", {"page": 1}).status_code == 200
        return len(ctx.captured_queries)

    first = {user: page_queries(user) for user in (cast.auditor, auditor2)}
    case = Case.objects.get(pk=trail["cases.case"])
    with transaction.atomic():
        for n in range(3):
            flag_raise_from_case(case=case, unit=cast.hospital, evidence=f"Dấu hiệu {n}")
    assert {user: page_queries(user) for user in (cast.auditor, auditor2)} == first


def test_a_file_attached_to_a_paper_of_the_case_and_its_events_are_the_cases(cast, trail, auditor2, client, api_as):
    """A record about a record of the case (a file attached to its paper): hidden from the recused with
    the paper, in the search, the timeline page and the API; read by an auditor not recused."""
    with transaction.atomic():
        upload = SimpleUploadedFile("ban-ky.pdf", PDF, content_type="application/pdf")
        attachment = attachment_store(
            upload=upload, target=("papers.paper", trail["papers.paper"]), unit=cast.sector, actor=cast.chair
        )
    note = audit_record_standalone(actor=None, action="note", target=attachment, unit=cast.sector)
    about_file = AuditSearchFilters(target_type="files.attachment", target_id=str(attachment.pk))
    assert not audit_event_search(user=cast.auditor, filters=about_file).exists()
    assert set(audit_event_search(user=auditor2, filters=about_file).values_list("seq", flat=True)) >= {note.seq}
    assert not AuditEvent.objects.filter(case_objects_recused_q(user=auditor2), pk=note.pk).exists()
    path = f"files.attachment/{attachment.pk}/"
    client.force_login(cast.auditor)
    assert client.get(f"/audit/timeline/{path}").status_code == 404
    assert api_as(cast.auditor).get(f"/api/timeline/{path}").status_code == 404
    assert api_as(cast.auditor).get(f"/api/audit-events/{note.seq}/").status_code == 404
    client.force_login(auditor2)
    assert client.get(f"/audit/timeline/{path}").status_code == 200
    assert api_as(auditor2).get(f"/api/audit-events/{note.seq}/").status_code == 200


def test_the_rule_read_within_a_page_names_the_rows_the_subqueries_name(cast, trail, auditor2):
    """Within a page's reading the rule is built from the recused cases' pks, read once: the same rows as
    the rule built as subqueries, for the recused auditor and for one recused from nothing (whose rule
    keeps every row, excluded or negated inside another filter)."""
    from casework.cases.recusal import case_own_objects_recused_q
    from core.reading import page_reading
    from workflows.selectors import escalation_list_for_user

    def named(rule) -> set[int]:
        return set(AuditEvent.objects.filter(rule).values_list("pk", flat=True))

    outside = {user: named(case_objects_recused_q(user=user)) for user in (cast.auditor, auditor2)}
    assert outside[cast.auditor] and not outside[auditor2]
    opened = {user: {e.pk for e in escalation_list_for_user(user=user)} for user in (cast.auditor, auditor2)}
    assert trail["workflows.escalation"] not in opened[cast.auditor]
    assert trail["workflows.escalation"] in opened[auditor2]
    for user in (cast.auditor, auditor2):
        with page_reading():
            rules = [case_objects_recused_q(user=user)]
            with CaptureQueriesContext(connection) as ctx:
                rules += [case_objects_recused_q(user=user), case_own_objects_recused_q(user=user)]
            assert not ctx.captured_queries  # the cases read once for the page
            assert named(rules[0]) == named(rules[1]) == outside[user]
            every = AuditEvent.objects.count()
            assert AuditEvent.objects.exclude(rules[0]).count() == every - len(outside[user])
            if not outside[user]:  # nothing to compile: no condition at all
                assert "WHERE" not in str(AuditEvent.objects.exclude(rules[0]).query)
            assert {e.pk for e in escalation_list_for_user(user=user)} == opened[user]
