"""A row of the reception book corrected or completed after the visit was recorded (its columns of Mẫu số
03/TCD), by its keepers, page and API alike, audited by the columns that changed with no personal value
in the trail, refused once the row is locked (refused, turned into a case, identity destroyed); hostile
input is a form error and writes nothing. The notice of refusal (Mẫu số 01/TCD) cancelled: its clock runs
again to the due date it had (Nghị định 154/2026/NĐ-CP Đ.4 khoản 3), late when issued again after it.
The sessions list filters by unit, days, receiver and status, scoped as before."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

from casework.audit.models import AuditEvent
from casework.papers.services import paper_cancel, paper_issue
from casework.reception.models import ReceptionEntry
from casework.reception.selectors import reception_book
from casework.reception.services import (
    REFUSAL_STEP,
    reception_entry_case_open,
    reception_entry_correct,
    reception_entry_record,
    reception_entry_refuse,
)
from core import clock
from core.errors import TransitionNotAllowed
from tests.builders import at
from tests.reception.conftest import august_session
from workflows.models import Deadline
from workflows.sweep import sweep_run

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 8, 5)  # Wednesday; + 03 working days: Monday 10/08/2026
NAME, ADDRESS, NEW_ADDRESS = "Phạm Văn Dũng", "5 Trần Hưng Đạo", "18 Quang Trung, TP Thái Bình"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _visit(cast, session, **kw) -> ReceptionEntry:
    clock.set_now(at(DAY, 9))
    values = {
        "full_name": NAME,
        "address": ADDRESS,
        "content": "Khiếu nại việc không được hưởng trợ cấp ốm đau năm 2025.",
        "classification": "complaint",
        "handling_route": "guided",
    }
    values.update(kw)
    return reception_entry_record(session=session, actor=cast.leader, **values)


FORM = {
    "full_name": NAME,
    "address": NEW_ADDRESS,
    "id_number": "034190009876",
    "people_count": "4",
    "content": "Khiếu nại việc không được hưởng trợ cấp ốm đau năm 2025.",
    "classification": "petition",
    "handling_route": "transferred",
    "accepted_by": "Bảo hiểm xã hội tỉnh, phiếu chuyển số 3/PC",
    "follow_up": "",
    "note": "",
    "resolved_by": "",
    "guided_to": "",
}


def test_a_keeper_completes_the_row_on_its_page_and_the_trail_names_the_columns(cast, august):
    entry = _visit(cast, august)
    keeper = _client(cast.intake)
    form = keeper.get(f"/reception/entries/{entry.pk}/correct/").content.decode()
    assert ADDRESS in form  # filled as the keeper reads the book
    response = keeper.post(f"/reception/entries/{entry.pk}/correct/", FORM)
    assert response.status_code == 302
    [row] = reception_book(session=august, user=cast.intake)
    assert (row.address, row.id_number, row.entry.people_count) == (NEW_ADDRESS, "034190009876", 4)
    assert (row.entry.classification, row.entry.handling_route, row.accepted_by) == (
        "petition",
        "transferred",
        FORM["accepted_by"],
    )
    event = AuditEvent.objects.get(action="reception.correct")
    assert event.after["fields"] == [
        "address",
        "id_number",
        "accepted_by",
        "people_count",
        "classification",
        "handling_route",
    ]
    assert event.before == {"people_count": 1, "classification": "complaint", "handling_route": "guided"}
    # The identity and the texts stay in the book: the append-only trail holds none of them.
    trail = json.dumps([event.before, event.after, event.reason], ensure_ascii=False)
    for personal in (NAME, ADDRESS, NEW_ADDRESS, "034190009876", "Bảo hiểm xã hội"):
        assert personal not in trail


def test_the_api_corrects_only_the_columns_sent(cast, august, api_as):
    entry = _visit(cast, august, note="Mang theo bản sao")
    url = f"/api/reception-entries/{entry.pk}/correct/"
    response = api_as(cast.leader).post(url, {"people_count": 3, "follow_up": "Đã có trả lời"}, format="json")
    assert response.status_code == 200
    entry.refresh_from_db()
    assert (entry.people_count, entry.follow_up, entry.note) == (3, "Đã có trả lời", "Mang theo bản sao")
    assert AuditEvent.objects.get(action="reception.correct").after["fields"] == ["follow_up", "people_count"]


@pytest.mark.parametrize(
    "changes",
    [
        {"people_count": 0},
        {"people_count": 501},
        {"classification": "bogus"},
        {"handling_route": "guided", "within_competence": True},
        {"full_name": ""},
        {"id_number": "x" * 33},
        {"content": "  "},
    ],
)
def test_hostile_corrections_are_refused_and_nothing_is_written(cast, august, api_as, changes):
    entry = _visit(cast, august)
    before = ReceptionEntry.objects.values().get(pk=entry.pk)
    response = api_as(cast.leader).post(f"/api/reception-entries/{entry.pk}/correct/", changes, format="json")
    assert response.status_code == 400
    posted = {**FORM, "address": ADDRESS, "id_number": "", "people_count": "1", "classification": "complaint"}
    posted.update({"handling_route": "guided", "accepted_by": ""})
    posted.update({k: "on" if v is True else str(v) for k, v in changes.items()})
    page = _client(cast.leader).post(f"/reception/entries/{entry.pk}/correct/", posted)
    assert page.status_code == 400 and "errorlist" in page.content.decode()
    assert ReceptionEntry.objects.values().get(pk=entry.pk) == before
    assert not AuditEvent.objects.filter(action="reception.correct").exists()


def test_a_locked_row_is_not_corrected(cast, august, api_as):
    refused = reception_entry_refuse(entry=_visit(cast, august), actor=cast.leader, ground="nd_4_b", refused_on=DAY)
    taken = _visit(cast, august, handling_route="case")
    reception_entry_case_open(entry=taken, actor=cast.intake, title="Trợ cấp ốm đau")
    for entry in (refused, taken):
        with pytest.raises(TransitionNotAllowed):
            reception_entry_correct(entry=entry, actor=cast.intake, changes={"people_count": 2})
        assert _client(cast.intake).get(f"/reception/entries/{entry.pk}/correct/").status_code == 404
        url = f"/api/reception-entries/{entry.pk}/correct/"
        assert api_as(cast.intake).post(url, {"people_count": 2}, format="json").status_code == 409
        page = _client(cast.intake).get(f"/reception/entries/{entry.pk}/").content.decode()
        assert 'id="entry-locked"' in page
    assert not AuditEvent.objects.filter(action="reception.correct").exists()


def test_only_the_keepers_correct_and_out_of_scope_is_404(cast, august, api_as):
    entry = _visit(cast, august)
    assert _client(cast.auditor).get(f"/reception/entries/{entry.pk}/correct/").status_code == 404
    url = f"/api/reception-entries/{entry.pk}/correct/"
    assert api_as(cast.auditor).post(url, {"people_count": 2}, format="json").status_code == 409
    assert api_as(cast.other_officer).post(url, {"people_count": 2}, format="json").status_code == 404
    assert _client(cast.other_officer).post(f"/reception/entries/{entry.pk}/correct/", FORM).status_code == 404
    assert ReceptionEntry.objects.get(pk=entry.pk).people_count == 1


def test_a_denounced_visit_stays_sealed_and_denounced(cast, august, api_as):
    entry = _visit(cast, august, classification="denunciation")
    keeper = _client(cast.leader)
    form = keeper.get(f"/reception/entries/{entry.pk}/correct/").content.decode()
    assert NAME not in form and ADDRESS not in form
    url = f"/api/reception-entries/{entry.pk}/correct/"
    assert api_as(cast.leader).post(url, {"classification": "petition"}, format="json").status_code == 400
    assert api_as(cast.leader).post(url, {"address": "Nơi khác"}, format="json").status_code == 400
    # The sealed columns as the page posts them back (disabled) change nothing; the others are saved.
    response = keeper.post(f"/reception/entries/{entry.pk}/correct/", {**FORM, "classification": "denunciation"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.classification == "denunciation" and entry.people_count == 4
    fields = AuditEvent.objects.get(action="reception.correct").after["fields"]
    assert "people_count" in fields and not {"full_name", "address", "id_number"} & set(fields)
    [row] = reception_book(session=august, user=cast.intake)  # the keeper of the unit reads it as written
    assert row.entry.people_count == 4


# ---- the notice of refusal cancelled ---------------------------------------------------------------


def _clock_of(entry):
    return Deadline.objects.filter(target_type="reception.receptionentry", target_id=str(entry.pk), step=REFUSAL_STEP)


def test_cancelling_the_notice_in_time_runs_its_clock_again_to_the_same_due_date(cast, august):
    entry = reception_entry_refuse(entry=_visit(cast, august), actor=cast.leader, ground="law_9_3", refused_on=DAY)
    clock.set_now(at(dt.date(2026, 8, 6), 10))
    paper = paper_issue(target=entry, key="reception.refusal", actor=cast.intake)
    assert _clock_of(entry).get().status == Deadline.Status.MET
    clock.set_now(at(dt.date(2026, 8, 7), 10))
    paper_cancel(paper=paper, actor=cast.chair, reason="Sai tên đơn vị")
    running = _clock_of(entry).get(status=Deadline.Status.OPEN)
    assert (running.starts_on, running.due_on) == (DAY, dt.date(2026, 8, 10))
    event = AuditEvent.objects.get(action="reception.refusal_notice_cancel")
    assert event.after == {"symbol": paper.symbol, "due": {REFUSAL_STEP: "2026-08-10"}}
    # Issued again in time: met, not late.
    paper_issue(target=entry, key="reception.refusal", actor=cast.intake)
    running.refresh_from_db()
    assert running.status == Deadline.Status.MET and running.breached_at is None


def test_a_notice_issued_again_after_the_due_date_reads_late(cast, august):
    entry = reception_entry_refuse(entry=_visit(cast, august), actor=cast.leader, ground="nd_4_h", refused_on=DAY)
    clock.set_now(at(dt.date(2026, 8, 6), 10))
    paper = paper_issue(target=entry, key="reception.refusal", actor=cast.intake)
    clock.set_now(at(dt.date(2026, 8, 12), 10))  # after Monday 10/08
    paper_cancel(paper=paper, actor=cast.chair, reason="Ký nhầm người")
    running = _clock_of(entry).get(status=Deadline.Status.OPEN)
    assert running.due_on == dt.date(2026, 8, 10)
    sweep_run()
    running.refresh_from_db()
    assert running.status == Deadline.Status.BREACHED
    paper_issue(target=entry, key="reception.refusal", actor=cast.intake)
    running.refresh_from_db()
    assert running.status == Deadline.Status.MET and running.breached_at is not None


def test_cancelling_a_receipt_or_a_notice_owed_before_the_decree_opens_no_clock(cast, frozen_clock):
    day = dt.date(2026, 6, 10)  # before 01/07/2026: no clock
    clock.set_now(at(day, 8))
    session = august_session(cast, day=day)
    clock.set_now(at(day, 9))
    entry = reception_entry_record(
        session=session,
        actor=cast.leader,
        full_name=NAME,
        content="Khiếu nại",
        classification="complaint",
        handling_route="guided",
    )
    entry = reception_entry_refuse(entry=entry, actor=cast.leader, ground="law_9_3", refused_on=day)
    paper = paper_issue(target=entry, key="reception.refusal", actor=cast.intake)
    paper_cancel(paper=paper, actor=cast.chair, reason="Nhầm")
    assert not _clock_of(entry).exists()
    assert AuditEvent.objects.get(action="reception.refusal_notice_cancel").after == {"symbol": paper.symbol}


# ---- the sessions list's filters -------------------------------------------------------------------


@pytest.fixture
def sessions(cast, frozen_clock):
    clock.set_now(at(dt.date(2026, 8, 1), 8))
    early = august_session(cast, day=dt.date(2026, 8, 3))
    late = august_session(cast, day=dt.date(2026, 8, 20), receivers=[cast.intake], is_published=False)
    hospital = august_session(cast, unit=cast.hospital, day=dt.date(2026, 8, 10), receivers=[cast.leader])
    other = august_session(cast, unit=cast.other_sector, day=dt.date(2026, 8, 10), receivers=[cast.other_officer])
    return early, late, hospital, other


def _listed(response) -> set[str]:
    import re

    return set(re.findall(r'href="/reception/(\d+)/"', response.content.decode()))


def test_the_page_filters_by_unit_days_receiver_and_status(cast, sessions):
    early, late, hospital, other = sessions
    reader = _client(cast.chair)
    ids = lambda *s: {str(x.pk) for x in s}  # noqa: E731
    page = reader.get("/reception/")
    assert "Bỏ lọc" in page.content.decode() and _listed(page) == ids(early, late, hospital)  # scoped as before
    assert _listed(reader.get("/reception/", {"unit": cast.hospital.pk})) == ids(hospital)
    assert _listed(reader.get("/reception/", {"date_from": "05/08/2026", "date_to": "15/08/2026"})) == ids(hospital)
    assert _listed(reader.get("/reception/", {"receiver": cast.intake.pk})) == ids(late)
    assert _listed(reader.get("/reception/", {"status": "unpublished"})) == ids(late)
    # Hostile or out-of-scope values: a form error, never a 500, nothing filtered away silently.
    for params in (
        {"unit": cast.other_sector.pk},
        {"receiver": cast.other_officer.pk},
        {"date_from": "31/02/2026"},
        {"date_from": "20/08/2026", "date_to": "01/08/2026"},
        {"status": "'; drop table"},
        {"unit": "x"},
    ):
        response = reader.get("/reception/", params)
        assert response.status_code == 200 and 'role="alert"' in response.content.decode()
        assert str(other.pk) not in _listed(response)


def test_the_api_filters_alike(cast, sessions, api_as):
    early, late, hospital, other = sessions
    api = api_as(cast.chair)

    def ids(**params):
        return {row["id"] for row in api.get("/api/reception-sessions/", params).json()["results"]}

    assert ids() == {early.pk, late.pk, hospital.pk}
    assert ids(unit=cast.hospital.pk) == {hospital.pk}
    assert ids(date_from="2026-08-05", date_to="2026-08-15") == {hospital.pk}
    assert ids(receiver=cast.intake.pk) == {late.pk}
    assert ids(status="cancelled") == set()
    for params in (
        {"unit": cast.other_sector.pk},
        {"receiver": cast.other_officer.pk},
        {"date_from": "x"},
        {"status": "x"},
    ):
        assert api.get("/api/reception-sessions/", params).status_code == 400
