"""Retention of the reception book: each visitor's identity under its own key, discarded at the end
of the period the administrator set for the book; a held visit survives; the chain still verifies."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command

from casework.audit.models import AuditEvent
from casework.audit.timeline import DESTROYED
from casework.cases.identity import PersonalDataDestroyed, reception_decrypt
from casework.privacy.models import RECEPTION, ReceptionKey
from casework.privacy.selectors import reception_entry_reference, retention_expiring_next_month
from casework.privacy.services import legal_hold_place, legal_hold_release, retention_policy_set, retention_run
from casework.reception.models import ReceptionEntry
from casework.reception.selectors import reception_book
from casework.reception.services import reception_entry_case_open
from core.errors import TransitionNotAllowed, ValidationFailed
from tests.builders import SESSION_DAY, at, make_session, make_visit

pytestmark = pytest.mark.django_db

SOURCE = "Quy định về sổ tiếp công dân của đơn vị (thử nghiệm), lưu 3 năm"
VISITOR = "Trần Thị Bình"


def verify_audit() -> str:
    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


@pytest.fixture
def visit(cast, frozen_clock):
    retention_policy_set(actor=cast.admin, kind=RECEPTION, years=3, source=SOURCE)
    return make_visit(cast, make_session(cast))


AFTER_PERIOD = at(SESSION_DAY.replace(year=SESSION_DAY.year + 3), 0) + dt.timedelta(days=1, hours=9)


def test_each_visitor_is_encrypted_under_the_entrys_own_key(cast, visit):
    token = ReceptionEntry.objects.get(pk=visit.pk).visitor_ciphertext
    assert token.startswith("rk1:") and VISITOR not in token
    assert ReceptionKey.objects.get(entry=visit).destroyed_at is None
    assert reception_decrypt(token, entry=visit)[0]["full_name"] == VISITOR


def test_past_the_period_the_identity_is_unreadable_and_the_chain_verifies(cast, visit):
    assert retention_run(now=AFTER_PERIOD - dt.timedelta(days=2)) == []
    [outcome] = retention_run(now=AFTER_PERIOD)
    assert (outcome.outcome, outcome.expiry.reference) == ("destroyed", reception_entry_reference(visit))
    entry = ReceptionEntry.objects.get(pk=visit.pk)
    with pytest.raises(PersonalDataDestroyed):
        reception_decrypt(entry.visitor_ciphertext, entry=entry)
    [row] = reception_book(session=entry.session, user=cast.intake)
    assert row.full_name == str(DESTROYED) and row.id_number == "" and "Chủ tịch" not in entry.content
    assert (entry.people_count, entry.classification) == (2, "denunciation")  # statistics stay
    event = AuditEvent.objects.get(action="reception.personal_data_destroyed", target_id=str(visit.pk))
    assert (event.after["source"], event.after["years"], event.actor) == (SOURCE, 3, None)
    assert not AuditEvent.objects.filter(canonical__contains=VISITOR).exists()
    assert "chuỗi nguyên vẹn" in verify_audit()
    with pytest.raises(PersonalDataDestroyed):
        reception_entry_case_open(entry=entry, actor=cast.intake, title="Tố cáo chi sai quỹ")
    assert retention_run(now=AFTER_PERIOD + dt.timedelta(days=30)) == []  # nothing twice


def test_a_held_visit_survives_until_the_hold_is_released(cast, visit):
    hold = legal_hold_place(actor=cast.admin, reception_entry=visit, reason="Cơ quan điều tra yêu cầu giữ")
    assert [o.outcome for o in retention_run(now=AFTER_PERIOD)] == ["held"]
    entry = ReceptionEntry.objects.get(pk=visit.pk)
    assert reception_decrypt(entry.visitor_ciphertext, entry=entry)[0]["full_name"] == VISITOR
    legal_hold_release(actor=cast.admin, hold=hold, reason="Đã xong")
    assert [o.outcome for o in retention_run(now=AFTER_PERIOD)] == ["destroyed"]
    actions = AuditEvent.objects.filter(target_type="reception.receptionentry", target_id=str(visit.pk))
    assert list(actions.order_by("seq").values_list("action", flat=True))[-3:] == [
        "privacy.legal_hold",
        "privacy.legal_hold_release",
        "reception.personal_data_destroyed",
    ]


def test_holds_and_the_books_period_are_an_administrators(cast, visit):
    with pytest.raises(TransitionNotAllowed):
        legal_hold_place(actor=cast.intake, reception_entry=visit, reason="x")
    with pytest.raises(ValidationFailed):
        legal_hold_place(actor=cast.admin, reason="Thiếu đối tượng")
    with pytest.raises(TransitionNotAllowed):
        retention_policy_set(actor=cast.chair, kind=RECEPTION, years=1, source=SOURCE)
    with pytest.raises(ValidationFailed):
        retention_policy_set(actor=cast.admin, kind="khong-co", years=1, source=SOURCE)


def test_the_expiry_report_lists_visits_expiring_next_month(cast, visit):
    expires_on = SESSION_DAY.replace(year=SESSION_DAY.year + 3)
    rows = retention_expiring_next_month(today=expires_on.replace(day=1) - dt.timedelta(days=1))
    assert [(e.reference, e.kind, e.expires_on, e.held) for e in rows] == [
        (reception_entry_reference(visit), RECEPTION, expires_on, False)
    ]
    assert retention_expiring_next_month(today=expires_on) == []
    out = StringIO()
    call_command(
        "retention_report", "--today", (expires_on.replace(day=1) - dt.timedelta(days=1)).isoformat(), stdout=out
    )
    assert reception_entry_reference(visit) in out.getvalue() and VISITOR not in out.getvalue()


def test_visitors_written_under_the_master_key_move_under_their_entrys_key(cast, visit, settings):
    from importlib import import_module

    from django.apps import apps

    legacy = Fernet(settings.IDENTITY_ENCRYPTION_KEY.encode()).encrypt('[{"full_name": "Cũ"}]'.encode()).decode()
    ReceptionKey.objects.filter(entry=visit).delete()
    ReceptionEntry.objects.filter(pk=visit.pk).update(visitor_ciphertext=legacy)
    import_module("casework.privacy.migrations.0003_reception_keys").forwards(apps, None)
    entry = ReceptionEntry.objects.get(pk=visit.pk)
    assert entry.visitor_ciphertext.startswith("rk1:")
    assert reception_decrypt(entry.visitor_ciphertext, entry=entry) == [{"full_name": "Cũ"}]
    retention_run(now=AFTER_PERIOD)
    with pytest.raises(PersonalDataDestroyed):
        reception_decrypt(entry.visitor_ciphertext, entry=entry)


def test_a_subject_access_request_finds_the_persons_visits_by_name_and_identity_card(cast, visit, client):
    from django.urls import reverse

    from casework.privacy.services import personal_data_export

    # A petition: a denounced visit is answered by those who heard it (test_subject_access_denunciations.py).
    ReceptionEntry.objects.filter(pk=visit.pk).update(classification="petition")

    same_name_other_card = personal_data_export(
        actor=cast.admin, full_name=VISITOR, id_number="034190009999", reason="Đơn 14/YC"
    )
    assert same_name_other_card["visits"] == []
    data = personal_data_export(actor=cast.admin, full_name="trần  thị bình", id_number="0341 9000 1234", reason="Đơn")
    assert [v["reference"] for v in data["visits"]] == [reception_entry_reference(visit)]
    assert data["visits"][0]["as_visitor"][0]["address"] == "12 Lê Lợi, TP Thái Bình"
    event = AuditEvent.objects.filter(action="privacy.subject_access_export").order_by("seq").last()
    assert event.after["visits"] == [reception_entry_reference(visit)] and VISITOR not in event.canonical
    client.force_login(cast.admin)
    page = client.post(
        reverse("privacy:subject_access"),
        {"full_name": VISITOR, "id_number": "034190001234", "reason": "Đơn 15/YC", "confirm": "on"},
    ).content.decode()
    assert reception_entry_reference(visit) in page and "Hướng dẫn đến cơ quan có thẩm quyền" in page
    assert "guided" not in page and f"{SESSION_DAY:%d/%m/%Y}" in page
    retention_run(now=AFTER_PERIOD)
    gone = personal_data_export(actor=cast.admin, full_name=VISITOR, id_number="034190001234", reason="Đơn 16/YC")
    assert gone["visits"] == []
