"""Reception sessions, the reception book and a visit turned into a case (Thông tư 04/2021/TT-TTCP, mẫu số 03)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casework.audit.models import AuditEvent
from casework.cases.models import Case, Channel, Kind
from casework.reception.models import ReceptionEntry, ReceptionSession
from casework.reception.selectors import HIDDEN, reception_book, reception_session_list
from casework.reception.services import (
    reception_entry_case_open,
    reception_entry_follow_up,
    reception_entry_record,
    reception_session_cancel,
    reception_session_schedule,
)
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed
from tests.builders import SESSION_DAY, at, make_visit

pytestmark = pytest.mark.django_db


def schedule(cast, **overrides):
    values = {
        "actor": cast.chair,
        "unit": cast.sector,
        "starts_at": at(SESSION_DAY, 14),
        "ends_at": at(SESSION_DAY, 16),
        "place": "Hội trường",
        "receivers": [cast.chair],
    }
    return reception_session_schedule(**{**values, **overrides})


class TestSchedule:
    def test_it_schedules_with_its_receivers_and_an_audit_event(self, cast, session):
        assert set(session.receivers.all()) == {cast.leader, cast.chair}
        event = AuditEvent.objects.get(action="reception.schedule", target_id=str(session.pk))
        assert event.after["place"] == "Phòng tiếp công dân, tầng 1"

    def test_a_receiver_without_a_role_in_the_unit_or_above_is_refused(self, cast, frozen_clock):
        with pytest.raises(ValidationFailed) as exc:
            schedule(cast, receivers=[cast.other_officer])
        assert "receivers" in exc.value.fields
        assert not ReceptionSession.objects.exists()

    def test_a_provincial_leader_may_receive_at_the_sector(self, cast, frozen_clock):
        session = schedule(cast, receivers=[cast.province_leader])
        assert list(session.receivers.all()) == [cast.province_leader]

    def test_it_refuses_an_end_before_the_start_and_changes_nothing(self, cast, frozen_clock):
        with pytest.raises(ValidationFailed) as exc:
            schedule(cast, ends_at=at(SESSION_DAY, 13))
        assert "ends_at" in exc.value.fields
        assert not ReceptionSession.objects.exists()

    def test_an_auditor_cannot_schedule(self, cast, frozen_clock):
        with pytest.raises(TransitionNotAllowed):
            schedule(cast, actor=cast.auditor)

    def test_a_session_with_visits_cannot_be_cancelled(self, cast, visit):
        with pytest.raises(TransitionNotAllowed):
            reception_session_cancel(session=visit.session, actor=cast.chair, reason="Bận họp")

    def test_a_cancelled_session_takes_no_visit(self, cast, session):
        clock.set_now(at(SESSION_DAY, 11))
        reception_session_cancel(session=session, actor=cast.chair, reason="Trùng lịch họp BCH")
        with pytest.raises(TransitionNotAllowed):
            reception_entry_record(
                session=session,
                actor=cast.chair,
                received_at=at(SESSION_DAY, 9),
                full_name="Lê Văn C",
                content="Hỏi chế độ",
                classification="petition",
                handling_route="answered",
            )


class TestBook:
    def test_a_visit_is_recorded_from_the_session_day_on(self, cast, session):
        visit = dict(
            session=session,
            actor=cast.chair,
            received_at=at(SESSION_DAY, 9),
            full_name="Lê Văn C",
            content="Hỏi chế độ",
            classification="petition",
            handling_route="answered",
        )
        with pytest.raises(ValidationFailed) as refused:  # the clock stands at 02/03, three days before
            reception_entry_record(**visit)
        assert "received_at" in refused.value.fields
        assert not ReceptionEntry.objects.exists()
        clock.set_now(at(SESSION_DAY, 8))
        assert reception_entry_record(**visit).session == session

    def test_the_visitor_is_stored_encrypted_and_kept_out_of_the_audit_trail(self, cast, visit):
        stored = ReceptionEntry.objects.get(pk=visit.pk).visitor_ciphertext
        assert "Bình" not in stored and "034190001234" not in stored
        event = AuditEvent.objects.get(action="reception.entry", target_id=str(visit.pk))
        assert "Bình" not in event.canonical and "034190001234" not in event.canonical

    def test_keepers_read_the_identity_and_other_readers_do_not(self, cast, visit):
        [row] = reception_book(session=visit.session, user=cast.intake, revealed={visit.pk})
        assert (row.full_name, row.id_number, row.entry.people_count) == ("Trần Thị Bình", "034190001234", 2)
        [row] = reception_book(session=visit.session, user=cast.auditor)
        assert row.full_name == row.address == row.id_number == str(HIDDEN)

    def test_the_book_reads_its_keys_with_its_visits_whatever_their_number(self, cast, visit):
        def queries() -> int:
            all_visits = set(ReceptionEntry.objects.values_list("pk", flat=True))  # every identity decrypted
            with CaptureQueriesContext(connection) as captured:
                rows = reception_book(session=visit.session, user=cast.intake, revealed=all_visits)
            assert all(row.full_name == "Trần Thị Bình" for row in rows)
            return len(captured)

        one = queries()
        for _ in range(3):
            make_visit(cast, visit.session)
        assert queries() == one

    def test_a_visit_outside_the_sessions_day_is_refused(self, cast, session):
        with pytest.raises(ValidationFailed) as exc:
            reception_entry_record(
                session=session,
                actor=cast.chair,
                received_at=at(SESSION_DAY.replace(day=6), 9),
                full_name="Lê Văn C",
                content="Hỏi chế độ",
                classification="petition",
                handling_route="answered",
            )
        assert "received_at" in exc.value.fields

    def test_an_inspector_who_is_not_a_receiver_cannot_write_the_book(self, cast, session):
        clock.set_now(at(SESSION_DAY, 11))
        with pytest.raises(TransitionNotAllowed):
            reception_entry_record(
                session=session,
                actor=cast.inspector,
                received_at=at(SESSION_DAY, 9),
                full_name="Lê Văn C",
                content="Hỏi chế độ",
                classification="petition",
                handling_route="answered",
            )

    def test_sessions_outside_the_readers_scope_are_not_listed(self, cast, session):
        assert list(reception_session_list(user=cast.other_officer)) == []
        assert list(reception_session_list(user=cast.auditor)) == [session]

    def test_the_follow_up_is_recorded_and_audited(self, cast, visit):
        reception_entry_follow_up(entry=visit, actor=cast.leader, follow_up="Đã hướng dẫn gửi đơn tố cáo")
        visit.refresh_from_db()
        assert visit.follow_up == "Đã hướng dẫn gửi đơn tố cáo"
        assert AuditEvent.objects.filter(action="reception.follow_up", target_id=str(visit.pk)).exists()


class TestVisitToCase:
    def test_a_visit_becomes_an_in_person_case_linked_to_it(self, cast, visit):
        case = reception_entry_case_open(entry=visit, actor=cast.intake, title="Tố cáo chi sai quỹ phúc lợi")
        visit.refresh_from_db()
        assert visit.case == case
        assert visit.handling_route == "case"
        assert (case.kind, case.channel, case.received_on, case.unit) == (
            Kind.DENUNCIATION,
            Channel.IN_PERSON,
            SESSION_DAY,
            cast.sector,
        )
        assert case.content == visit.content

    def test_the_same_visit_cannot_become_two_cases(self, cast, visit):
        reception_entry_case_open(entry=visit, actor=cast.intake, title="Tố cáo chi sai quỹ phúc lợi")
        with pytest.raises(TransitionNotAllowed):
            reception_entry_case_open(entry=visit, actor=cast.intake, title="Lần hai")
        assert Case.objects.count() == 1

    def test_a_visit_classified_other_does_not_become_a_case(self, cast, session):
        clock.set_now(at(SESSION_DAY, 11))
        entry = reception_entry_record(
            session=session,
            actor=cast.chair,
            received_at=at(SESSION_DAY, 10),
            full_name="Lê Văn C",
            content="Hỏi giờ làm việc",
            classification="other",
            handling_route="answered",
        )
        with pytest.raises(ValidationFailed):
            reception_entry_case_open(entry=entry, actor=cast.intake, title="Hỏi giờ")
        assert not Case.objects.exists()

    def test_only_intake_roles_open_a_case(self, cast, visit):
        with pytest.raises(TransitionNotAllowed):
            reception_entry_case_open(entry=visit, actor=cast.auditor, title="Tố cáo")
        assert not Case.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_officers_opening_a_case_from_one_visit_at_once_make_one_case(cast, visit):
    from tests.concurrency import at_once

    outcomes = at_once(
        lambda: reception_entry_case_open(entry=visit, actor=cast.intake, title="Tố cáo A"),
        lambda: reception_entry_case_open(entry=visit, actor=cast.chair, title="Tố cáo B"),
    )
    assert sorted(type(o).__name__ for o in outcomes) == ["Case", "TransitionNotAllowed"]
    assert Case.objects.count() == 1
