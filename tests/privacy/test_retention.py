"""Retention and erasure: per-case keys discarded at the end of the period, the chain still verifies."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.core.management.base import CommandError

from casework.audit.models import AuditEvent
from casework.audit.timeline import DESTROYED, changes_of
from casework.cases.identity import PersonalDataDestroyed, identity_decrypt, identity_encrypt, is_sealed, unseal
from casework.cases.models import Case, DenouncedExplanation, DenouncerIdentity, Kind, Submitter, VerificationAssignment
from casework.cases.services.triage import case_refuse
from casework.privacy.models import CaseKey
from casework.privacy.selectors import retention_expiring_next_month
from casework.privacy.services import (
    legal_hold_place,
    legal_hold_release,
    personal_data_export,
    retention_policy_set,
    retention_run,
)
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed
from tests.builders import expertise_requested, make_case, submitter, withdrawal_letter

pytestmark = pytest.mark.django_db

NAME, PHONE = "Nguyễn Văn Gửi", "0912345678"
WITNESS = "Lê Thị Chứng"  # someone else named in the officers' texts (the denouncer is masked there)
SOURCE = "Quy định lưu trữ của cơ quan (thử nghiệm)"


@pytest.fixture
def policies(cast):
    for kind in (Kind.COMPLAINT, Kind.DENUNCIATION):
        retention_policy_set(actor=cast.admin, kind=kind, years=5, source=SOURCE)


def closed_case(cast, kind: str, *, name: str = NAME, phone: str = PHONE) -> Case:
    case = make_case(
        cast,
        kind,
        title="Đơn về việc chi sai quỹ",
        content=f"Tôi là {name}, tố cáo chi sai quỹ.",
        submitters=[submitter(full_name=name, phone=phone)],
    )
    return case_refuse(
        subject_area="khac", case=case, actor=cast.intake, ground="other", note=f"Ông {name} đã rút đơn miệng"
    )


def sealed_values(case: Case) -> list[dict]:
    events = AuditEvent.objects.filter(target_type="cases.case", target_id=str(case.pk))
    return [v for e in events for v in e.after.values() if is_sealed(v)]


def verify_audit() -> str:
    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


def test_audit_events_carry_personal_text_only_sealed_under_the_case_key(cast, frozen_clock):
    case = closed_case(cast, Kind.COMPLAINT)
    assert not AuditEvent.objects.filter(canonical__contains=NAME).exists()
    assert not AuditEvent.objects.filter(canonical__contains="Trần Thị Bị").exists()
    (note,) = sealed_values(case)
    assert unseal(note, case=case) == f"Ông {NAME} đã rút đơn miệng"
    event = AuditEvent.objects.get(action="case.refuse")
    assert f"Ông {NAME} đã rút đơn miệng" in [c.after for c in changes_of(event)]


def test_a_case_past_its_period_becomes_unreadable_while_the_chain_verifies(cast, frozen_clock, policies):
    denunciation = closed_case(cast, Kind.DENUNCIATION)
    complaint = closed_case(cast, Kind.COMPLAINT, name="Phạm Thị Khiếu", phone="0988777666")
    token = DenouncerIdentity.objects.get(case=denunciation).ciphertext
    sealed = sealed_values(denunciation) + sealed_values(complaint)
    assert identity_decrypt(token, case=denunciation)[0]["full_name"] == NAME

    outcomes = retention_run(now=clock.now() + dt.timedelta(days=5 * 365 + 2), dry_run=False)

    assert sorted((o.expiry.case.reference, o.outcome) for o in outcomes) == sorted(
        [(denunciation.reference, "destroyed"), (complaint.reference, "destroyed")]
    )
    with pytest.raises(PersonalDataDestroyed):
        identity_decrypt(token, case=denunciation)  # even a copy of the token (a backup) is useless
    for value in sealed:
        case = denunciation if value in sealed_values(denunciation) else complaint
        with pytest.raises(PersonalDataDestroyed):
            unseal(value, case=case)
    assert not DenouncerIdentity.objects.filter(case=denunciation).exists()
    assert list(Submitter.objects.filter(case=complaint).values_list("full_name", "phone")) == [("[đã hủy]", "")]
    complaint.refresh_from_db()
    assert (complaint.subject_person, complaint.content, complaint.submitter_fingerprint) == ("", "[đã hủy]", "")
    event = AuditEvent.objects.get(action="case.refuse", target_id=str(complaint.pk))
    assert str(DESTROYED) in [str(c.after) for c in changes_of(event)]
    destroyed = AuditEvent.objects.filter(action="case.personal_data_destroyed").order_by("seq")
    assert sorted(e.target_id for e in destroyed) == sorted([str(denunciation.pk), str(complaint.pk)])
    assert destroyed[0].after["source"] == SOURCE and destroyed[0].after["years"] == 5
    assert "chuỗi nguyên vẹn" in verify_audit()

    assert retention_run(now=clock.now() + dt.timedelta(days=5 * 365 + 3)) == []  # nothing twice


def test_nothing_is_destroyed_before_the_period_ends(cast, frozen_clock, policies):
    closed_case(cast, Kind.COMPLAINT)
    assert retention_run(now=clock.now() + dt.timedelta(days=5 * 365 - 2)) == []
    assert CaseKey.objects.filter(destroyed_at__isnull=False).count() == 0


def test_a_case_without_a_policy_for_its_kind_is_kept(cast, frozen_clock):
    closed_case(cast, Kind.COMPLAINT)
    assert retention_run(now=clock.now() + dt.timedelta(days=50 * 365)) == []


def test_a_held_case_is_not_destroyed_until_the_hold_is_released(cast, frozen_clock, policies):
    case = closed_case(cast, Kind.DENUNCIATION)
    hold = legal_hold_place(actor=cast.admin, case=case, reason="Tòa án yêu cầu giữ hồ sơ")
    later = clock.now() + dt.timedelta(days=6 * 365)
    assert [o.outcome for o in retention_run(now=later)] == ["held"]
    token = DenouncerIdentity.objects.get(case=case).ciphertext
    assert identity_decrypt(token, case=case)[0]["full_name"] == NAME
    assert "chuỗi nguyên vẹn" in verify_audit()
    legal_hold_release(actor=cast.admin, hold=hold, reason="Tòa án đã xét xử xong")
    assert [o.outcome for o in retention_run(now=later)] == ["destroyed"]
    assert list(AuditEvent.objects.filter(target_id=str(case.pk)).values_list("action", flat=True).order_by("seq"))[
        -3:
    ] == ["privacy.legal_hold", "privacy.legal_hold_release", "case.personal_data_destroyed"]


def test_only_an_administrator_sets_periods_and_holds(cast, frozen_clock):
    case = closed_case(cast, Kind.COMPLAINT)
    with pytest.raises(TransitionNotAllowed):
        retention_policy_set(actor=cast.chair, kind=Kind.COMPLAINT, years=5, source=SOURCE)
    with pytest.raises(TransitionNotAllowed):
        legal_hold_place(actor=cast.officer, case=case, reason="x")
    with pytest.raises(ValidationFailed) as err:
        retention_policy_set(actor=cast.admin, kind=Kind.COMPLAINT, years=0, source="")
    assert set(err.value.fields) == {"years", "source"}


def test_the_monthly_report_lists_what_expires_next_month(cast, frozen_clock, policies):
    in_march = closed_case(cast, Kind.COMPLAINT)  # closed 02/03/2026: five years end 02/03/2031
    clock.set_now(dt.datetime(2026, 4, 30, 3, 0, tzinfo=dt.UTC))
    end_of_april = closed_case(cast, Kind.DENUNCIATION, name="Lê Văn Bốn")
    clock.set_now(dt.datetime(2026, 5, 1, 3, 0, tzinfo=dt.UTC))
    in_may = closed_case(cast, Kind.COMPLAINT, name="Võ Thị Năm")
    legal_hold_place(actor=cast.admin, case=end_of_april, reason="Thanh tra đang xem xét")

    def report(today: dt.date) -> list[tuple]:
        return [(e.case.reference, e.expires_on, e.held) for e in retention_expiring_next_month(today=today)]

    assert report(dt.date(2031, 2, 10)) == [(in_march.reference, dt.date(2031, 3, 2), False)]
    assert report(dt.date(2031, 3, 31)) == [(end_of_april.reference, dt.date(2031, 4, 30), True)]
    assert report(dt.date(2031, 4, 1)) == [(in_may.reference, dt.date(2031, 5, 1), False)]
    assert report(dt.date(2031, 6, 1)) == []
    out = StringIO()
    call_command("retention_report", "--today", "2031-03-31", stdout=out)
    assert end_of_april.reference in out.getvalue() and "[legal hold]" in out.getvalue()
    assert "1 case(s) or visit(s) expire next month" in out.getvalue()


def test_the_command_prints_what_it_would_destroy_and_then_destroys_it(cast, frozen_clock, policies):
    case = closed_case(cast, Kind.COMPLAINT)
    out = StringIO()
    call_command("retention_run", "--now", "2031-03-03T09:00:00+07:00", "--dry-run", stdout=out)
    assert f"would destroy: {case.reference}" in out.getvalue()
    assert "would destroy 1 case(s), visit(s) or request(s), 0 held" in out.getvalue()
    assert not CaseKey.objects.filter(destroyed_at__isnull=False).exists()
    out = StringIO()
    call_command("retention_run", "--now", "2031-03-03T09:00:00+07:00", stdout=out)
    assert f"destroyed: {case.reference}" in out.getvalue() and SOURCE in out.getvalue()
    assert CaseKey.objects.get(case=case).destroyed_at is not None
    with pytest.raises(CommandError, match="--now"):
        call_command("retention_run", "--now", "yesterday")


def test_the_daily_job_is_scheduled():
    from casework.web.schedule import PERIODIC_JOBS

    assert ("casework.privacy.jobs.retention_run_periodic", 86400) in PERIODIC_JOBS


def test_tokens_written_under_the_master_key_stay_readable(cast, frozen_clock, settings):
    case = closed_case(cast, Kind.COMPLAINT)
    legacy = Fernet(settings.IDENTITY_ENCRYPTION_KEY.encode()).encrypt(b'[{"full_name": "A"}]').decode()
    assert identity_decrypt(legacy, case=case) == [{"full_name": "A"}]
    blob = identity_encrypt(b"%PDF-1.7 scan", case=case)
    assert isinstance(blob, bytes) and b"scan" not in blob
    assert identity_decrypt(blob, case=case) == b"%PDF-1.7 scan"


def test_a_subject_access_export_is_audited_and_finds_the_person(cast, frozen_clock):
    complaint = closed_case(cast, Kind.COMPLAINT)
    denunciation = closed_case(cast, Kind.DENUNCIATION)
    closed_case(cast, Kind.COMPLAINT, name="Người Khác", phone="0900000001")
    with pytest.raises(TransitionNotAllowed):
        personal_data_export(actor=cast.officer, full_name=NAME, phone=PHONE, reason="Đơn 12/YC")
    with pytest.raises(ValidationFailed) as err:
        personal_data_export(actor=cast.admin, full_name=NAME, reason="")
    assert set(err.value.fields) == {"phone", "reason"}
    data = personal_data_export(actor=cast.admin, full_name=NAME, phone=PHONE, reason="Đơn yêu cầu 12/YC")
    # The denunciation is the resolving body's to answer (tests/privacy/test_subject_access_denunciations.py).
    assert [c["reference"] for c in data["cases"]] == [complaint.reference]
    assert data["cases"][0]["as_sender"][0]["full_name"] == NAME
    event = AuditEvent.objects.get(action="privacy.subject_access_export")
    assert event.after["cases"] == [complaint.reference] and denunciation.reference not in event.canonical
    assert NAME not in event.canonical and PHONE not in event.canonical
    out = StringIO()
    call_command(
        "personal_data_export",
        "--actor",
        "admin",
        "--name",
        NAME,
        "--phone",
        PHONE,
        "--reason",
        "Đơn 13/YC",
        stdout=out,
    )
    assert complaint.reference in out.getvalue()


def test_identities_written_under_the_master_key_move_under_the_case_key(cast, frozen_clock, settings):
    from importlib import import_module

    from django.apps import apps

    case = closed_case(cast, Kind.DENUNCIATION)
    legacy = Fernet(settings.IDENTITY_ENCRYPTION_KEY.encode()).encrypt('[{"full_name": "Cũ"}]'.encode()).decode()
    DenouncerIdentity.objects.filter(case=case).update(ciphertext=legacy)
    import_module("casework.privacy.migrations.0002_identities_under_case_keys").forwards(apps, None)
    moved = DenouncerIdentity.objects.get(case=case).ciphertext
    assert moved.startswith("ck1:") and identity_decrypt(moved, case=case) == [{"full_name": "Cũ"}]
    retention_policy_set(actor=cast.admin, kind=Kind.DENUNCIATION, years=1, source=SOURCE)
    retention_run(now=clock.now() + dt.timedelta(days=400))
    with pytest.raises(PersonalDataDestroyed):
        identity_decrypt(moved, case=case)


def test_officers_texts_notices_and_the_receipt_email_go_with_the_key(cast, frozen_clock, policies):
    """Whatever the chain keeps only sealed (a withdrawal's words, the officer's assessment, notes,
    reasons) is in clear nowhere else once the period ends: not in the case row, not in the case's
    notices, not in the citizen's receipt e-mail."""
    from casework.cases.receipts import receipt_code_hash, receipt_code_new
    from casework.cases.services import (
        case_accept,
        case_assign,
        case_explanation_received,
        case_resume,
        case_start_verification,
        case_suspend,
        case_terminate,
        case_verification_assign,
        case_withdraw,
        public_receipt_email,
    )
    from notifications.models import Notification, OutboxMessage

    case = make_case(
        cast, Kind.DENUNCIATION, title="Đơn về việc chi sai quỹ", content="Chi sai quỹ.",
        submitters=[submitter(full_name=NAME, phone=PHONE)],
    )  # fmt: skip
    code = receipt_code_new()
    Case.objects.filter(pk=case.pk).update(receipt_code_hash=receipt_code_hash(code))
    case.refresh_from_db()
    public_receipt_email(case=case, code=code, email="nguoigui@example.vn")
    case = case_accept(subject_area="khac", case=case, actor=cast.intake, legal_ground="Đ.29")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    case = case_start_verification(case=case, actor=cast.officer)
    case = case_verification_assign(
        case=case,
        actor=cast.chair,
        on=clock.today(),
        members=[cast.officer],
        content=f"Việc {WITNESS} chứng kiến chi quỹ",
        starts_on=clock.today(),
        ends_on=clock.today() + dt.timedelta(days=20),
    )
    case = case_explanation_received(
        case=case,
        actor=cast.officer,
        on=clock.today(),
        form="session",
        place=f"Nhà {WITNESS}",
        explainer=f"Ông {WITNESS}",
        content=f"Ông {WITNESS} giải trình",
    )
    case = expertise_requested(case, cast.chair)
    case = case_suspend(case=case, actor=cast.chair, ground="await_expertise", reason=f"Chờ giám định chữ ký {WITNESS}")
    case = case_resume(case=case, actor=cast.chair, reason="Đã có kết quả")
    case = case_withdraw(
        case=case,
        actor=cast.officer,
        reason="Đơn xin rút",
        scope="partial",
        withdrawn_content=f"Phần {WITNESS} nêu",
        **withdrawal_letter(),
    )
    case = case_withdraw(
        case=case,
        actor=cast.officer,
        reason="Đơn xin rút toàn bộ",
        assessment=f"{WITNESS} tự nguyện rút, không bị ép",
        **withdrawal_letter(),
    )
    # Accepted and withdrawn in whole: it ends by the termination decision (Luật Tố cáo 2018 Đ.34 khoản 3 điểm a).
    case = case_terminate(case=case, actor=cast.leader, ground="withdrawn")
    assert case.status == "terminated" and case.closed_on is not None
    assert not AuditEvent.objects.filter(canonical__contains=WITNESS).exists()
    assert Notification.objects.filter(key__startswith=f"case:{case.pk}:", body__contains=WITNESS).exists()

    assert [o.outcome for o in retention_run(now=clock.now() + dt.timedelta(days=5 * 365 + 2))] == ["destroyed"]

    row = Case.objects.filter(pk=case.pk).values()[0]
    assert not [
        k for k, v in row.items() if isinstance(v, str) and (NAME in v or WITNESS in v or "Trần Thị Bị".casefold() in v)
    ]
    assert not Notification.objects.filter(body__contains=WITNESS).exists()
    assert not OutboxMessage.objects.filter(body__contains=WITNESS).exists()
    explanation = DenouncedExplanation.objects.get(case=case)
    assert WITNESS not in f"{explanation.content} {explanation.explainer} {explanation.place}"
    assert WITNESS not in VerificationAssignment.objects.get(case=case).content
    receipt = OutboxMessage.objects.get(user=None)
    assert (receipt.recipient, receipt.body, receipt.status) == ("", "", "skipped")  # never sent: nothing to send
    assert "chuỗi nguyên vẹn" in verify_audit()


def test_an_escalation_of_a_letter_records_its_reasons_only_sealed_under_the_case_key(cast, frozen_clock):
    from casework.audit.timeline import event_reason
    from casework.cases.services import case_accept, case_assign, case_start_verification
    from workflows.services import escalation_decide, escalation_open

    case = make_case(
        cast, Kind.DENUNCIATION, title="Đơn về việc chi sai quỹ", content="Chi sai quỹ.",
        submitters=[submitter(full_name=NAME, phone=PHONE, address="")], subject_person="",
    )  # fmt: skip
    case = case_accept(subject_area="khac", case=case, actor=cast.intake, legal_ground="Đ.29")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    case = case_start_verification(case=case, actor=cast.officer)
    escalation = escalation_open(
        target=case, unit=case.unit, reason=f"Ông {WITNESS} đòi gặp", actor=cast.officer, proposal=f"Mời {WITNESS}"
    )
    escalation_decide(escalation=escalation, actor=cast.leader, decision="approve", reason=f"Đồng ý mời {WITNESS}")
    assert not AuditEvent.objects.filter(canonical__contains=WITNESS).exists()
    opened = AuditEvent.objects.get(action="escalation.open", target_id=str(case.pk))
    assert event_reason(opened) == f"Ông {WITNESS} đòi gặp"
    assert f"Mời {WITNESS}" in [c.after for c in changes_of(opened)]
    assert "chuỗi nguyên vẹn" in verify_audit()

    # Past the period the escalation's texts and its notices go with the case's key.
    from casework.cases.services import case_terminate, case_withdraw
    from notifications.models import Notification
    from workflows.models import Escalation

    assert Notification.objects.filter(key__startswith=f"escalation:{escalation.pk}:", body__contains=WITNESS).exists()
    # The identity holds no address: the letter's is kept sealed with the withdrawal (Nghị định
    # 31/2019/NĐ-CP Đ.4 khoản 1), and goes with the key.
    case = case_withdraw(
        case=case,
        actor=cast.officer,
        reason="Rút",
        assessment="Không có dấu hiệu vi phạm",
        withdrawer_address="Số 5 Lê Lợi",
        **withdrawal_letter(),
    )
    assert case.withdrawals.get().particulars_sealed.startswith("ck1:")
    case_terminate(case=case, actor=cast.leader, ground="withdrawn")
    retention_policy_set(actor=cast.admin, kind=Kind.DENUNCIATION, years=1, source=SOURCE)
    assert [o.outcome for o in retention_run(now=clock.now() + dt.timedelta(days=400))] == ["destroyed"]
    assert case.withdrawals.get().particulars_sealed == ""
    assert not Escalation.objects.filter(reason__contains=WITNESS).exists()
    assert not Escalation.objects.filter(proposal__contains=WITNESS).exists()
    assert not Escalation.objects.filter(decision_reason__contains=WITNESS).exists()
    assert not Notification.objects.filter(body__contains=WITNESS).exists()
    assert event_reason(opened) == str(DESTROYED)


def test_past_the_period_the_search_index_no_longer_finds_the_case_by_what_was_destroyed(
    cast, frozen_clock, policies, settings, tmp_path, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from casework.files.services import attachment_store
    from casework.search.selectors import search_cases
    from casework.search.services import search_reindex
    from tests.search.test_search import docx

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    case = closed_case(cast, Kind.COMPLAINT, name="Phạm Thị Khiếu", phone="0988777666")
    scan = attachment_store(
        upload=SimpleUploadedFile("don.docx", docx("Đơn của bà Phạm Thị Khiếu, thôn Đông")),
        target=case,
        unit=case.unit,
        actor=cast.intake,
    )
    stored = settings.PRIVATE_MEDIA_ROOT / scan.file.name
    assert stored.exists()
    assert search_cases(user=cast.officer, q="pham thi khieu") == [case]
    assert search_cases(user=cast.officer, q="tran thi bi") == [case]

    with django_capture_on_commit_callbacks(execute=True):
        retention_run(now=clock.now() + dt.timedelta(days=5 * 365 + 2))

    # The letter's scan, kept in clear, is erased with the rest: the row stays, nameless and empty.
    scan.refresh_from_db()
    assert (scan.file.name, scan.original_name) == ("", "tep-da-huy")
    assert not stored.exists()
    officer = Client()
    officer.force_login(cast.officer)
    assert officer.get(f"/files/{scan.pk}/download/").status_code == 404
    page = officer.get(f"/cases/{case.pk}/").content.decode()
    assert "don.docx" not in page and "Tệp đã hủy khi hết thời hạn lưu trữ" in page
    assert search_cases(user=cast.officer, q="pham thi khieu") == []
    assert search_cases(user=cast.officer, q="tran thi bi") == []
    assert search_cases(user=cast.officer, q=case.reference) == [case]  # the reference stays
    search_reindex()
    assert search_cases(user=cast.officer, q="pham thi khieu") == []
