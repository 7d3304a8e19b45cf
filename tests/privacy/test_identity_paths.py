"""Paths around the sealed identity of a denouncer, tried as readers who may see the case but not who
denounced it (Luật Tố cáo 2018 Đ.9, 47): an administrator, the unit's leaders and officers not
assigned, an auditor, a higher level's leader, the intake officer of another unit of the tree, and
the person denounced when they read the reception book. Each test names one path."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from casework.audit.models import AuditEvent
from casework.audit.selectors import audit_events_for
from casework.cases.identity import identity_decrypt
from casework.cases.models import DenouncerIdentity, Kind
from casework.cases.permissions import can_reveal_identity
from casework.cases.redaction import MASK
from casework.cases.selectors import case_duplicates
from casework.cases.services import case_accept, case_assign, case_identity_reveal, case_redaction_proposed
from casework.org.models import Role
from casework.reception.selectors import HIDDEN, SEALED, reception_book
from casework.reception.services import reception_entry_case_open, reception_entry_record, reception_visitor_reveal
from core import clock
from core.errors import TransitionNotAllowed
from tests.builders import SESSION_DAY, at, intake, make_case, make_session, submitter
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NAME = "Hoàng Thị Tố Cáo"
PHONE = "0987654321"
ADDRESS = "số 12 ngõ 34 phố Quang Trung"
CARD = "034190001234"
# The ways an officer copies an ID paper's number: as printed, grouped by spaces, dots or dashes.
CARD_WRITTEN = (CARD, "034 190 001 234", "0341 9000 1234", "034.190.001.234", "034-190-001-234")


def _card_in(text: str) -> bool:
    """Whether the ID number is in `text`, however it is spaced."""
    return CARD in re.sub(r"[\s.\-]", "", text)


# ---- revealing: an administrator is no intake officer -----------------------------------------------


def test_an_administrator_does_not_see_who_denounced_a_letter_not_yet_accepted(cast, frozen_clock, client):
    case = make_case(cast, Kind.DENUNCIATION, submitters=[submitter(full_name=NAME, phone=PHONE)])
    assert can_reveal_identity(case, cast.intake)  # the intake officer checks it before acceptance (Đ.24)
    assert cast.admin.is_superuser and not can_reveal_identity(case, cast.admin)
    with pytest.raises(TransitionNotAllowed):
        case_identity_reveal(case=case, actor=cast.admin, reason="Quản trị viên kiểm tra hệ thống")
    client.force_login(cast.admin)
    page = client.post(f"/cases/{case.pk}/reveal/", {"reason": "Quản trị viên kiểm tra hệ thống"})
    assert NAME not in page.content.decode() and PHONE not in page.content.decode()
    api = client.post(f"/api/cases/{case.pk}/reveal_identity/", {"reason": "Quản trị viên kiểm tra hệ thống"})
    assert api.status_code in (403, 409) and NAME not in api.content.decode()
    assert not AuditEvent.objects.filter(action="case.identity_reveal").exists()


# ---- duplicate detection: "same sender" is the identity itself ------------------------------------------


def _same_sender(cast, *, kind, unit, actor, content):
    return intake(
        actor,
        unit,
        kind=kind,
        title="Đơn về quỹ phúc lợi",
        content=content,
        submitters=[submitter(full_name=NAME, phone=PHONE)],
        subject_unit=cast.hospital,
    )


# (The unit's case officers hold an intake role: before acceptance they may check the identity.)
@pytest.mark.parametrize("reader", ["leader", "auditor", "inspector", "province_leader"])
def test_a_reader_who_may_not_see_the_denouncer_is_not_told_of_the_same_senders_other_letter(
    cast, frozen_clock, client, reader
):
    complaint = _same_sender(
        cast, kind=Kind.COMPLAINT, unit=cast.sector, actor=cast.intake, content="Không được xét trợ cấp khó khăn."
    )
    denunciation = _same_sender(
        cast,
        kind=Kind.DENUNCIATION,
        unit=cast.sector,
        actor=cast.intake,
        content="Chủ tịch CĐCS Bệnh viện nhận tiền của đoàn viên để xét thi đua.",
    )
    user = getattr(cast, reader)
    assert case_duplicates(case=denunciation, user=user) == []
    assert case_duplicates(case=complaint, user=user) == []
    client.force_login(user)
    assert complaint.reference not in client.get(f"/cases/{denunciation.pk}/").content.decode()
    assert denunciation.reference not in client.get(f"/cases/{complaint.pk}/").content.decode()
    # The intake officer, who checks the new letter's identity anyway, is told.
    [found] = case_duplicates(case=denunciation, user=cast.intake)
    assert found.case == complaint and "Cùng người gửi" in found.reason


def test_another_units_intake_officer_is_not_told_their_sender_also_denounced_elsewhere(cast, frozen_clock):
    h_intake = UserFactory(username="h_intake", roles=[(Role.INTAKE_OFFICER, cast.hospital)])
    at_sector = _same_sender(
        cast,
        kind=Kind.DENUNCIATION,
        unit=cast.sector,
        actor=cast.intake,
        content="Chủ tịch CĐCS Bệnh viện nhận tiền của đoàn viên để xét thi đua.",
    )
    at_hospital = _same_sender(
        cast, kind=Kind.COMPLAINT, unit=cast.hospital, actor=h_intake, content="Không được xét trợ cấp khó khăn."
    )
    assert case_duplicates(case=at_hospital, user=h_intake) == []
    # The same words still find the letter handled above, naming its unit and nothing of its sender.
    copy = _same_sender(cast, kind=Kind.COMPLAINT, unit=cast.hospital, actor=h_intake, content=at_sector.content)
    found = {d.case: d for d in case_duplicates(case=copy, user=h_intake)}
    assert str(cast.sector) in found[at_sector].reason and not found[at_sector].visible


# ---- the reception book: a visit that became a denunciation ------------------------------------------


def _visit_case(cast, **subject):
    """A denunciation told at a session the sector's leader and chair received, turned into a case by
    the intake officer (about `subject`, as the intake gives it), accepted and assigned to the sector's
    case officer."""
    session = make_session(cast)
    clock.set_now(at(SESSION_DAY, 9))
    entry = reception_entry_record(
        session=session,
        actor=cast.leader,
        full_name=NAME,
        address=ADDRESS,
        id_number=CARD,
        content=f"Tôi là {NAME}, ở {ADDRESS}. Chủ tịch CĐCS Bệnh viện chi sai quỹ phúc lợi năm 2025.",
        classification="denunciation",
        handling_route="guided",
    )
    case = reception_entry_case_open(entry=entry, actor=cast.intake, title="Tố cáo chi sai quỹ phúc lợi", **subject)
    case = case_accept(subject_area="khac", case=case, actor=cast.intake, legal_ground="Luật Tố cáo 2018 Đ.29")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    return session, entry, case


@pytest.fixture
def visit_case(cast, frozen_clock):
    return _visit_case(cast)


def _book_text(client, session) -> str:
    page = client.get(f"/reception/{session.pk}/").content.decode()
    printed = client.get(f"/reception/{session.pk}/print/").content.decode()
    api = client.get(f"/api/reception-sessions/{session.pk}/").content.decode()
    sheet = client.get(f"/reception/{session.pk}/book.xlsx")
    cells = [
        str(c)
        for row in load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True)
        for c in row
        if c is not None
    ]
    return "\n".join([page, printed, api, *cells])


@pytest.mark.parametrize("reader", ["intake", "officer2", "leader", "auditor", "inspector"])
def test_the_book_shows_a_denouncers_visit_like_the_case_does(cast, visit_case, client, reader):
    session, entry, case = visit_case
    user = getattr(cast, reader)
    assert not can_reveal_identity(case, user)
    [row] = reception_book(session=session, user=user)
    assert (row.full_name, row.address, row.id_number) == (str(HIDDEN),) * 3
    assert NAME not in row.content and "Quang Trung" not in row.content and "chi sai quỹ" in row.content
    assert row.case == case
    client.force_login(user)
    text = _book_text(client, session)
    assert NAME not in text and "Quang Trung" not in text and CARD not in text
    assert case.reference in text
    visit_page = client.get(f"/reception/entries/{entry.pk}/case/").content.decode()
    assert NAME not in visit_page and "Quang Trung" not in visit_page


def test_the_assigned_officer_reads_the_visitor_in_the_book(cast, visit_case):
    session, entry, case = visit_case
    assert can_reveal_identity(case, cast.officer)
    [row] = reception_book(session=session, user=cast.officer)
    assert row.sealed and row.full_name == str(SEALED) and NAME not in row.content  # until a stated reason
    revealed = reception_visitor_reveal(session=session, actor=cast.officer, reason="Xác minh người tố cáo")
    [row] = reception_book(session=session, user=cast.officer, revealed=revealed)
    assert (row.full_name, row.address) == (NAME, ADDRESS) and NAME in row.content


def test_the_person_denounced_reading_the_book_finds_neither_the_case_nor_the_content(cast, frozen_clock, client):
    accused = UserFactory(username="accused", full_name="Trần Văn Bị Cáo", roles=[(Role.AUDITOR, cast.sector)])
    session, _entry, case = _visit_case(cast, subject_user=accused)
    assert case.subject_user == accused
    [row] = reception_book(session=session, user=accused)
    assert row.case is None and row.content == str(HIDDEN)
    client.force_login(accused)
    text = _book_text(client, session)
    assert case.reference not in text and "chi sai quỹ" not in text and NAME not in text


# ---- the visitor's ID paper goes with them into the case ----------------------------------------------


def test_a_visit_turned_into_a_case_hands_it_the_visitors_id_paper_sealed(cast, visit_case):
    _session, _entry, case = visit_case
    identity = DenouncerIdentity.objects.get(case=case)
    assert not _card_in(identity.ciphertext)
    [person] = identity_decrypt(identity.ciphertext, case=case)
    assert (person["full_name"], person["address"], person["id_number"]) == (NAME, ADDRESS, CARD)
    assert CARD in case_redaction_proposed(case=case)
    assert not _card_in(case.redaction_sealed)


def _card_case(cast, written: str):
    """A denunciation told at a session by a visitor who showed their ID paper, turned into a case whose
    visit, title and legal ground carry the number as `written`; accepted and assigned to the sector's
    case officer."""
    session = make_session(cast)
    clock.set_now(at(SESSION_DAY, 9))
    entry = reception_entry_record(
        session=session,
        actor=cast.leader,
        full_name=NAME,
        id_number=CARD,
        content=f"Người đến xuất trình CCCD số {written}. Chủ tịch CĐCS Bệnh viện chi sai quỹ phúc lợi.",
        classification="denunciation",
        handling_route="guided",
    )
    case = reception_entry_case_open(entry=entry, actor=cast.intake, title=f"Tố cáo của người có CCCD {written}")
    case = case_accept(
        subject_area="khac",
        case=case,
        actor=cast.intake,
        legal_ground=f"Luật Tố cáo 2018 Đ.29; người tố cáo có CCCD {written}, đã đối chiếu.",
    )
    return case_assign(case=case, actor=cast.chair, assignee=cast.officer)


@pytest.mark.parametrize("written", CARD_WRITTEN)
def test_the_visitors_id_number_is_masked_in_the_cases_texts_however_it_is_spaced(cast, frozen_clock, written):
    case = _card_case(cast, written)
    case.refresh_from_db()
    for text in (case.title, case.content_redacted, case.legal_ground):
        assert not _card_in(text) and MASK in text
    assert "chi sai quỹ phúc lợi" in case.content_redacted and "đã đối chiếu" in case.legal_ground
    for event in audit_events_for(target_type="cases.case", target_id=case.pk):
        assert not _card_in(event.canonical)


def test_nothing_of_the_visitors_id_number_shows_on_the_case_to_whom_may_not_reveal(cast, frozen_clock, client):
    case = _card_case(cast, "034.190.001.234")
    for reader in ("intake", "officer2", "leader", "auditor", "inspector"):
        user = getattr(cast, reader)
        assert not can_reveal_identity(case, user)
        client.force_login(user)
        page = client.get(f"/cases/{case.pk}/").content.decode()
        api = client.get(f"/api/cases/{case.pk}/").content.decode()
        assert case.reference in page and "đã đối chiếu" in page and "đã đối chiếu" in api
        assert not _card_in(page) and not _card_in(api) and NAME not in page + api
