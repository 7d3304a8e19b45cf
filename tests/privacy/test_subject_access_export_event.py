"""The audit event of a subject-access export is read by every administrator (it belongs to no unit), and
it names the person exported (the request's reference, their accounts): a denunciation the export
carried, for an operator who may reveal its denouncer, is recorded on the denunciation as a reveal, never
in that event, where it would tell every administrator who denounced (Luật Tố cáo 2018 Đ.47 khoản 1)."""

from __future__ import annotations

import json

import pytest

from casework.audit.models import AuditEvent
from casework.audit.selectors import audit_event_list
from casework.cases.models import Kind
from casework.org.models import Role
from casework.privacy.selectors import reception_entry_reference
from casework.privacy.services import personal_data_export
from casework.reception.models import ReceptionEntry
from tests.builders import make_case, make_session, make_visit, submitter
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NAME, PHONE = "Đỗ Thị Tố Giác", "0987654321"


def test_the_export_event_names_the_persons_complaint_never_their_denunciation(cast, frozen_clock):
    denounced = make_case(cast, Kind.DENUNCIATION, submitters=[submitter(full_name=NAME, phone=PHONE)])
    complained = make_case(cast, Kind.COMPLAINT, submitters=[submitter(full_name=NAME, phone=PHONE)])
    # Her account holds a role in the sector: the export finds it with the letters.
    account = UserFactory(username="to_giac", full_name=NAME, phone=PHONE, roles=[(Role.INSPECTOR, cast.sector)])
    # An administrator of the sector who also holds its intake role: the letter is theirs to check.
    operator = UserFactory(
        username="intake_admin", roles=[(Role.ADMIN, cast.sector), (Role.INTAKE_OFFICER, cast.sector)]
    )

    data = personal_data_export(actor=operator, full_name=NAME, phone=PHONE, reason="Đơn yêu cầu 25/YC")

    assert sorted(c["reference"] for c in data["cases"]) == sorted([denounced.reference, complained.reference])
    assert [a["username"] for a in data["accounts"]] == [account.username]
    [event] = AuditEvent.objects.filter(action="privacy.subject_access_export")
    assert event in audit_event_list(user=cast.admin)  # no unit: every administrator reads it
    assert event.after["cases"] == [complained.reference]
    assert event.after["accounts"] == [account.username]
    assert denounced.reference not in event.canonical
    assert denounced.reference not in json.dumps(event.after, ensure_ascii=False)
    # The reading of the denouncer's identity is the denunciation's own event, read by its auditors.
    [reveal] = AuditEvent.objects.filter(action="case.identity_reveal")
    assert (reveal.actor, reveal.target_id, reveal.unit_id) == (operator, str(denounced.pk), denounced.unit_id)


VISITOR, CARD = "Trần Thị Bình", "034190001234"  # make_visit's visitor


def test_the_export_event_names_the_persons_petition_visit_never_the_visit_that_denounced(cast, frozen_clock):
    visit = make_visit(cast, make_session(cast))
    petition = make_visit(cast, visit.session)
    ReceptionEntry.objects.filter(pk=petition.pk).update(classification="petition")
    # Who heard the visits: an administrator of the sector who also holds its intake role.
    operator = UserFactory(
        username="intake_admin", roles=[(Role.ADMIN, cast.sector), (Role.INTAKE_OFFICER, cast.sector)]
    )

    data = personal_data_export(actor=operator, full_name=VISITOR, id_number=CARD, reason="Đơn yêu cầu 26/YC")

    assert [v["classification"] for v in data["visits"]] == ["denunciation", "petition"]
    [event] = AuditEvent.objects.filter(action="privacy.subject_access_export")
    assert event in audit_event_list(user=cast.admin)
    assert event.after["visits"] == [reception_entry_reference(petition)]
    assert reception_entry_reference(visit) not in event.canonical
    [reveal] = AuditEvent.objects.filter(action="reception.visitor_reveal")
    assert (reveal.actor, reveal.target_id) == (operator, str(visit.pk))
