"""A subject-access export that reads a denouncer's identity records two events with the same actor, moment and
ground, one after the other: the export's (no unit; it and the request it answers name the person) and the reveal
on the denunciation or the visit. Whoever reads both learns that this person denounced that case, which only those
the resolver's rule allows may know (Luật Tố cáo 2018 Đ.47 khoản 1, Đ.48 khoản 1; QĐ 05/QĐ-TLĐ). So the reveal is
kept from the readers of the export's side who may not reveal that identity (administrators, superusers, data
protection officers), on every path the audit is read by; the auditors still read that the identity was read, by
whom and on what ground, and those who may reveal it read both events."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from casework.audit.models import AuditEvent
from casework.audit.selectors import AuditSearchFilters, audit_event_list, audit_event_search, audit_timeline
from casework.cases.models import Kind
from casework.cases.permissions import can_reveal_identity
from casework.org.models import Role
from casework.privacy.selectors import subject_requests_for_user
from casework.privacy.subject_requests import subject_request_export
from casework.reception.models import ReceptionEntry
from casework.reception.permissions import can_reveal_visitor
from casework.reception.selectors import VISIT_TARGET
from core.errors import OutOfScope
from tests.builders import api_client, make_case, make_session, make_visit, submitter
from tests.builders import subject_request as record_request
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NAME, PHONE = "Đỗ Thị Tố Giác", "0987654321"
VISITOR, CARD = "Trần Thị Bình", "034190001234"  # make_visit's visitor
EXPORT, REVEAL, REQUEST = "export", "reveal", "request"


def _people(cast) -> dict:
    """The cast, and the readers of the export's side: administrators of the sector and the province (neither
    a superuser), one of another sector, the sector's data protection officer, one who is its auditor too, and
    an administrator of the sector who holds its intake role (a letter at intake is theirs to check)."""
    extra = {
        "sector_admin": [(Role.ADMIN, cast.sector)],
        "province_admin": [(Role.ADMIN, cast.province)],
        "other_admin": [(Role.ADMIN, cast.other_sector)],
        "dpo": [(Role.DATA_PROTECTION, cast.sector)],
        "dpo_auditor": [(Role.DATA_PROTECTION, cast.sector), (Role.AUDITOR, cast.sector)],
        "intake_admin": [(Role.ADMIN, cast.sector), (Role.INTAKE_OFFICER, cast.sector)],
    }
    named = ["admin", "auditor", "chair", "leader", "province_leader", "officer", "intake", "inspector", "outsider"]
    return {n: getattr(cast, n) for n in named} | {n: UserFactory(username=n, roles=r) for n, r in extra.items()}


def _reads(user, *, export: AuditEvent, reveal: AuditEvent, request) -> set[str]:
    """What of the export's two events and its request `user` reads: the audit list, the audit search (by the
    action's label, as an auditor types it), the timeline of the revealed object and the API's list, search,
    detail and timeline all agree."""
    pks = [export.pk, reveal.pk]
    listed = set(audit_event_list(user=user).filter(pk__in=pks))
    searched = set(audit_event_search(user=user, filters=AuditSearchFilters()).filter(pk__in=pks))
    assert listed == searched
    if reveal in listed:
        labelled = audit_event_search(user=user, filters=AuditSearchFilters(action="Xem danh tính"))
        assert reveal in labelled
    try:
        timeline = set(audit_timeline(user=user, target_type=reveal.target_type, target_id=reveal.target_id))
    except OutOfScope:
        timeline = set()
    assert export not in timeline and (reveal in listed) <= (reveal in timeline)
    api = api_client(user)
    for event in (export, reveal):
        detail = api.get(f"/api/audit-events/{event.seq}/")
        assert detail.status_code == (200 if event in listed else 404)
    by_action = api.get("/api/audit-events/", {"action": reveal.action}).json()
    assert (reveal.seq in [e["seq"] for e in by_action.get("results", [])]) == (reveal in listed)
    shown = api.get(f"/api/timeline/{reveal.target_type}/{reveal.target_id}/")
    assert (reveal.seq in [e["seq"] for e in shown.json()] if shown.status_code == 200 else False) == (
        reveal in timeline
    )
    seen = {EXPORT} if export in listed else set()
    seen |= {REVEAL} if reveal in listed | timeline else set()
    return seen | ({REQUEST} if subject_requests_for_user(user=user).filter(pk=request.pk).exists() else set())


def _export(operator, unit):
    request = record_request(operator, unit, full_name=NAME, phone=PHONE)
    subject_request_export(actor=operator, request=request)
    return request


def test_no_reader_of_the_person_reads_the_reveal_of_a_denunciation_they_may_not_learn(cast, frozen_clock):
    case = make_case(cast, Kind.DENUNCIATION, submitters=[submitter(full_name=NAME, phone=PHONE)])
    people = _people(cast)
    request = _export(people["intake_admin"], cast.sector)
    export = AuditEvent.objects.get(action="privacy.subject_access_export")
    reveal = AuditEvent.objects.get(action="case.identity_reveal")
    # The two events that would link them: one actor, one moment, one ground (the request), adjacent in the chain.
    assert (reveal.seq, reveal.actor, reveal.at) == (export.seq + 1, export.actor, export.at)
    assert export.reason == request.reference and reveal.target_id == str(case.pk)

    reads = {name: _reads(user, export=export, reveal=reveal, request=request) for name, user in people.items()}
    entitled = {name for name, user in people.items() if can_reveal_identity(case, user)}
    assert entitled == {"chair", "officer", "intake", "intake_admin"}
    for name in people:  # nobody links the person to the case unless they may learn who denounced it
        assert name in entitled or not (REVEAL in reads[name] and reads[name] & {EXPORT, REQUEST}), name
    assert reads == {
        # The readers of the person (the export's event, the request) who may not learn the denouncer.
        "admin": {EXPORT, REQUEST},
        "sector_admin": {EXPORT, REQUEST},
        "province_admin": {EXPORT, REQUEST},
        "other_admin": {EXPORT},
        "dpo": {REQUEST},
        "dpo_auditor": {REQUEST},
        # The auditor oversees the reveal (it names its actor and ground) and reads nothing of the person.
        "auditor": {REVEAL},
        # The case's readers read its trail, the reveal in it, as before.
        "leader": {REVEAL},
        "province_leader": {REVEAL},
        "inspector": {REVEAL},
        "outsider": set(),
        # Who may reveal the identity reads it wherever their roles let them read.
        "chair": {REVEAL},
        "officer": {REVEAL},
        "intake": {REVEAL},
        "intake_admin": {EXPORT, REVEAL, REQUEST},
    }
    oversight = audit_event_list(user=cast.auditor).get(pk=reveal.pk)
    assert (oversight.actor, oversight.action) == (people["intake_admin"], "case.identity_reveal")
    assert oversight.after["subject_access"] is True


def test_a_case_page_reveal_stays_in_the_administrators_trail(cast, frozen_clock):
    """Only a reveal an export made is kept from the export's readers: one read on the case page names no
    person they could read, and its event stays in the trail of the case for every reader in scope."""
    from casework.cases.services import case_identity_reveal

    case = make_case(cast, Kind.DENUNCIATION, submitters=[submitter(full_name=NAME, phone=PHONE)])
    case_identity_reveal(case=case, actor=cast.intake, reason="Kiểm tra đơn")
    reveal = AuditEvent.objects.get(action="case.identity_reveal")
    sector_admin = UserFactory(username="sector_admin", roles=[(Role.ADMIN, cast.sector)])
    for reader in (cast.admin, sector_admin, cast.auditor):
        assert reveal in audit_event_list(user=reader)


def test_a_visit_that_denounced_is_kept_the_same_way(cast, frozen_clock):
    visit = make_visit(cast, make_session(cast))
    assert ReceptionEntry.objects.get(pk=visit.pk).classification == "denunciation"
    operator = UserFactory(
        username="intake_admin", roles=[(Role.ADMIN, cast.sector), (Role.INTAKE_OFFICER, cast.sector)]
    )
    request = record_request(operator, cast.sector, full_name=VISITOR, phone="", id_number=CARD)
    subject_request_export(actor=operator, request=request)
    export = AuditEvent.objects.get(action="privacy.subject_access_export")
    reveal = AuditEvent.objects.get(action="reception.visitor_reveal")
    assert (reveal.target_type, reveal.target_id, reveal.at) == (VISIT_TARGET, str(visit.pk), export.at)
    sector_admin = UserFactory(username="sector_admin", roles=[(Role.ADMIN, cast.sector)])
    entry = ReceptionEntry.objects.get(pk=visit.pk)
    assert not can_reveal_visitor(sector_admin, entry) and can_reveal_visitor(operator, entry)
    assert _reads(sector_admin, export=export, reveal=reveal, request=request) == {EXPORT, REQUEST}
    assert _reads(cast.admin, export=export, reveal=reveal, request=request) == {EXPORT, REQUEST}
    assert _reads(cast.auditor, export=export, reveal=reveal, request=request) == {REVEAL}
    assert _reads(operator, export=export, reveal=reveal, request=request) == {EXPORT, REVEAL, REQUEST}


def test_the_audit_pages_keep_the_reveal_from_the_administrator_and_show_it_to_the_auditor(cast, frozen_clock):
    case = make_case(cast, Kind.DENUNCIATION, submitters=[submitter(full_name=NAME, phone=PHONE)])
    operator = UserFactory(
        username="intake_admin", roles=[(Role.ADMIN, cast.sector), (Role.INTAKE_OFFICER, cast.sector)]
    )
    request = _export(operator, cast.sector)
    timeline = reverse("audit:timeline", args=["cases.case", case.pk])
    search = reverse("audit:search") + "?action=Xem+danh+t%C3%ADnh"
    pages = {}
    for user in (cast.auditor, cast.admin):
        client = Client()
        client.force_login(user)
        pages[user.username] = client.get(timeline).content.decode() + client.get(search).content.decode()
    assert "Xem danh tính người tố cáo" in pages["auditor"] and request.reference in pages["auditor"]
    assert "Khi trích xuất dữ liệu cá nhân theo yêu cầu" in pages["auditor"]
    assert "Xem danh tính người tố cáo" not in pages["admin"] and request.reference not in pages["admin"]
