"""The reception pages: schedule, write the book, turn a visit into a case, print and export, the public schedule."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.db import transaction
from django.urls import reverse
from openpyxl import load_workbook

from casework.cases.models import Case
from casework.reception.forms import EntryForm
from casework.reception.models import ReceptionEntry, ReceptionSession
from casework.reception.selectors import BOOK_COLUMNS
from core import clock
from tests.builders import SESSION_DAY, at

pytestmark = pytest.mark.django_db


def test_the_chair_schedules_a_session_from_the_page(client, cast, frozen_clock):
    client.force_login(cast.chair)
    response = client.post(
        reverse("reception:new"),
        {
            "unit": cast.sector.pk,
            "day": "2026-03-12",
            "start": "08:00",
            "end": "11:00",
            "place": "Phòng tiếp dân",
            "receivers": [cast.chair.pk, cast.leader.pk],
            "is_published": "on",
        },
    )
    session = ReceptionSession.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reception:detail", args=[session.pk])
    assert session.place == "Phòng tiếp dân"


def test_an_end_before_the_start_keeps_the_form_with_the_message(client, cast, frozen_clock):
    client.force_login(cast.chair)
    response = client.post(
        reverse("reception:new"),
        {
            "unit": cast.sector.pk,
            "day": "2026-03-12",
            "start": "11:00",
            "end": "08:00",
            "place": "P",
            "receivers": [cast.chair.pk],
        },
    )
    assert response.status_code == 200
    assert "Thời điểm kết thúc phải sau thời điểm bắt đầu." in response.content.decode()
    assert not ReceptionSession.objects.exists()


def test_a_receiver_writes_the_book_from_the_session_page(client, cast, session):
    clock.set_now(at(SESSION_DAY, 9))
    client.force_login(cast.leader)
    response = client.post(
        reverse("reception:entry_new", args=[session.pk]),
        {
            "time": "09:15",
            "full_name": "Nguyễn Văn An",
            "address": "Vũ Thư",
            "id_number": "",
            "people_count": "1",
            "content": "Kiến nghị về chế độ ốm đau",
            "classification": "petition",
            "handling_route": "answered",
            "follow_up": "",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("reception:detail", args=[session.pk])).content.decode()
    assert "Nguyễn Văn An" in page and "Kiến nghị về chế độ ốm đau" in page


def test_the_auditor_reads_the_book_without_the_visitors_identity(client, cast, visit):
    client.force_login(cast.auditor)
    page = client.get(reverse("reception:detail", args=[visit.session_id])).content.decode()
    assert visit.content in page
    assert "Trần Thị Bình" not in page and "034190001234" not in page


def test_a_session_outside_the_scope_is_404(client, cast, visit):
    client.force_login(cast.other_officer)
    assert client.get(reverse("reception:detail", args=[visit.session_id])).status_code == 404
    assert client.get(reverse("reception:xlsx", args=[visit.session_id])).status_code == 404
    assert client.get(reverse("reception:entry_case", args=[visit.pk])).status_code == 404


def test_a_visit_becomes_a_case_in_one_step(client, cast, visit):
    client.force_login(cast.intake)
    response = client.post(reverse("reception:entry_case", args=[visit.pk]), {"title": "Tố cáo chi sai quỹ"})
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("cases:detail", args=[case.pk])
    assert ReceptionEntry.objects.get(pk=visit.pk).case == case


@pytest.mark.parametrize(
    ("classification", "unit_label", "person_label"),
    [
        ("denunciation", "Đơn vị bị tố cáo", "Người bị tố cáo"),
        ("complaint", "Đơn vị bị khiếu nại", "Người bị khiếu nại"),
        ("petition", "Đơn vị bị kiến nghị, phản ánh", "Người bị kiến nghị, phản ánh"),
    ],
)
def test_the_case_form_of_a_visit_names_its_kind_and_starts_from_its_content(
    client, cast, visit, classification, unit_label, person_label
):
    ReceptionEntry.objects.filter(pk=visit.pk).update(classification=classification)
    client.force_login(cast.intake)
    page = client.get(reverse("reception:entry_case", args=[visit.pk])).content.decode()
    labels = re.findall(r"<label[^>]*>([^<]*)</label>", page)
    assert f"{unit_label}:" in labels and f"{person_label}:" in labels, labels
    assert "khiếu nại, tố cáo" not in " ".join(labels)  # never both kinds at once
    # The summary starts from the visit's content, as the book shows it to this reader.
    title = re.search(r'<input[^>]*name="title"[^>]*>', page)[0]
    assert 'value="Chủ tịch CĐCS Bệnh viện chi sai quỹ phúc lợi năm 2025."' in title


def test_the_book_prints_and_exports_in_the_official_columns(client, cast, visit):
    client.force_login(cast.intake)
    reveal = reverse("reception:reveal", args=[visit.session_id])
    reason = "Đối chiếu sổ với đơn tố cáo số 12"
    printed = client.post(reveal, {"reason": reason, "format": "print"}).content.decode()
    assert "SỔ TIẾP CÔNG DÂN" in printed and "Trần Thị Bình" in printed
    response = client.post(reveal, {"reason": reason, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    # Mẫu số 03/TCD (Nghị định 154/2026/NĐ-CP): its headings, then its column numbers, then the rows.
    header = [c.value for c in sheet[4]]
    assert header == [title for title, _width in BOOK_COLUMNS] and len(header) == 13
    assert header[2] == "Họ tên, địa chỉ" and header[8] == "Thuộc thẩm quyền (x)" and header[12] == "Ghi chú"
    row = [c.value for c in sheet[6]]
    assert row[0] == 1 and row[2] == "Trần Thị Bình, 12 Lê Lợi, TP Thái Bình" and row[3] == "034190001234"
    assert row[1].date() == SESSION_DAY and row[5] == "Tố cáo" and row[6] == 2


def test_the_public_schedule_shows_published_sessions_to_anyone(client, cast, session):
    from casework.reception.services import reception_session_schedule

    hidden = reception_session_schedule(
        actor=cast.chair,
        unit=cast.sector,
        starts_at=at(SESSION_DAY, 14),
        ends_at=at(SESSION_DAY, 16),
        place="Phòng họp kín",
        receivers=[cast.chair],
        is_published=False,
    )
    page = client.get(reverse("reception:public")).content.decode()
    assert session.place in page and hidden.place not in page
    clock.set_now(at(SESSION_DAY.replace(day=6), 9))
    assert session.place not in client.get(reverse("reception:public")).content.decode()


def test_the_book_of_a_session_still_to_come_is_not_written(client, cast, session):
    # The clock stands at 02/03, the session is on 05/03: no visit has taken place yet.
    client.force_login(cast.leader)
    page = client.get(reverse("reception:detail", args=[session.pk])).content.decode()
    assert 'id="book-not-open"' in page and "05/03/2026" in page
    assert reverse("reception:entry_new", args=[session.pk]) not in page
    response = client.post(
        reverse("reception:entry_new", args=[session.pk]),
        {
            "time": "09:15",
            "full_name": "Nguyễn Văn An",
            "people_count": "1",
            "content": "Kiến nghị về chế độ ốm đau",
            "classification": "petition",
            "handling_route": "answered",
        },
    )
    assert response.status_code == 400
    assert 'id="book-not-open"' in response.content.decode()
    assert not ReceptionEntry.objects.exists()
    clock.set_now(at(SESSION_DAY, 8))
    page = client.get(reverse("reception:detail", args=[session.pk])).content.decode()
    assert 'id="book-not-open"' not in page and reverse("reception:entry_new", args=[session.pk]) in page


def test_a_visit_to_be_made_a_case_says_so_once_in_the_book(client, cast, session):
    from casework.reception.services import reception_entry_record

    clock.set_now(at(SESSION_DAY, 9))
    entry = reception_entry_record(
        session=session,
        actor=cast.leader,
        full_name="Lê Văn Cường",
        people_count=1,
        content="Khiếu nại việc không được hưởng trợ cấp",
        classification="complaint",
        handling_route="case",
    )
    client.force_login(cast.intake)
    page = client.get(reverse("reception:detail", args=[session.pk])).content.decode()
    start = page.index("Lê Văn Cường")
    book = page[page.rindex("<tr>", 0, start) : page.index("</tr>", start)]
    assert book.count("Tiếp nhận thành hồ sơ") == 1
    assert reverse("reception:entry_case", args=[entry.pk]) in book  # the step to take is still offered
    printed = client.get(reverse("reception:print", args=[session.pk])).content.decode()
    assert printed.count("Tiếp nhận thành hồ sơ") == 1
    sheet = load_workbook(io.BytesIO(client.get(reverse("reception:xlsx", args=[session.pk])).content)).active
    # Cột (11) "Cơ quan, đơn vị thụ lý" names the step still to take; cột (9) marks it within competence.
    assert [c.value for c in sheet[6]][10] == "Tiếp nhận thành hồ sơ để giải quyết"
    assert [c.value for c in sheet[6]][8] == "x"


def test_a_visits_kind_and_route_are_chosen_never_preset(client, cast, session):
    """The book's form offers no kind or route already chosen: a visit saved without them is refused with
    the form kept, and nothing is written."""
    clock.set_now(at(SESSION_DAY, 9))
    client.force_login(cast.leader)
    page = client.get(reverse("reception:detail", args=[session.pk])).content.decode()
    assert '<option value="" selected>— Chọn phân loại —</option>' in page
    assert '<option value="" selected>— Chọn hướng xử lý —</option>' in page
    response = client.post(
        reverse("reception:entry_new", args=[session.pk]),
        {"time": "09:15", "full_name": "Nguyễn Văn An", "people_count": "1", "content": "Kiến nghị về chế độ"},
    )
    assert response.status_code == 400
    assert "Nguyễn Văn An" in response.content.decode()
    assert not ReceptionEntry.objects.filter(session=session).exists()


def test_the_books_form_reads_like_the_sites_forms_and_its_hour_is_on_the_24_hour_clock(client, cast, session):
    """The hour is typed hh:mm whatever the browser's locale (a time picker showed "08:00 AM"): a text
    field starting at the session's hour, "08:00"; the fields are laid out as the site's other forms
    (as_div in a card), each with an id of its own on a page holding several forms."""
    clock.set_now(at(SESSION_DAY, 9))
    client.force_login(cast.leader)
    page = client.get(reverse("reception:detail", args=[session.pk])).content.decode()
    form = page[page.index('<section class="card" id="entry-new">') :]
    form = form[: form.index("</section>")]
    hour = re.search(r'<input [^>]*name="time"[^>]*>', form).group(0)
    assert 'type="text"' in hour and 'value="08:00"' in hour and 'pattern="' in hour, hour
    assert 'type="time"' not in page
    assert '<label for="id_entry_time">' in form and 'id="id_entry_time"' in hour
    assert "<p><label" not in form  # not as_p


@pytest.mark.parametrize(
    "typed,hour", [("14:30", dt.time(14, 30)), ("14h30", dt.time(14, 30)), ("8:05", dt.time(8, 5))]
)
def test_an_hour_is_read_on_the_24_hour_clock(typed, hour):
    form = EntryForm({"time": typed})
    form.is_valid()
    assert "time" not in form.errors and form.cleaned_data["time"] == hour


@pytest.mark.parametrize("typed", ["2:30 PM", "25:00", "14:75", "<script>"])
def test_an_hour_off_the_24_hour_clock_is_refused_on_the_field(typed):
    form = EntryForm({"time": typed})
    assert not form.is_valid() and "time" in form.errors


def test_the_receivers_offered_are_exactly_those_the_service_accepts_for_an_offered_unit(client, cast, frozen_clock):
    """The unit is chosen in the same form: the list is everyone the service accepts for one of the
    units offered (holders of the receiving roles there or above), and nobody else."""
    from casework.org.models import Role, User
    from casework.reception.services import reception_session_schedule
    from core.errors import ValidationFailed
    from tests.factories import UserFactory

    dpo = UserFactory(username="dpo", roles=[(Role.DATA_PROTECTION, cast.province)])
    client.force_login(cast.chair)
    form = client.get(reverse("reception:new")).context["form"]
    offered = set(form.fields["receivers"].queryset)
    units = list(form.fields["unit"].queryset)
    accepted = set()
    for person in User.objects.filter(is_active=True):
        for unit in units:
            try:
                with transaction.atomic():
                    reception_session_schedule(
                        actor=cast.chair,
                        unit=unit,
                        starts_at=at(SESSION_DAY, 8),
                        ends_at=at(SESSION_DAY, 9),
                        place="P",
                        receivers=[person],
                    )
                    transaction.set_rollback(True)
                accepted.add(person)
                break
            except ValidationFailed:
                pass
    assert offered == accepted
    assert cast.province_leader in offered  # the province's leadership receives at the sector (service rule)
    assert dpo not in offered and cast.other_officer not in offered and cast.auditor not in offered


def test_a_session_on_a_day_off_needs_the_confirmation_and_says_why(client, cast, frozen_clock):
    from casework.audit.models import AuditEvent

    client.force_login(cast.chair)
    body = {
        "unit": cast.sector.pk,
        "start": "08:00",
        "end": "11:00",
        "place": "Phòng tiếp dân",
        "receivers": [cast.chair.pk],
        "is_published": "on",
    }
    for day, why in (("2026-03-14", "thứ Bảy"), ("2026-03-15", "Chủ nhật"), ("2026-09-02", "ngày nghỉ lễ")):
        response = client.post(reverse("reception:new"), {**body, "day": day})
        assert response.status_code == 200, day
        message = " ".join(response.context["form"].errors["on_day_off"])
        shown = dt.date.fromisoformat(day).strftime("%d/%m/%Y")
        assert shown in message and why in message and "Tổ chức tiếp vào ngày nghỉ" in message, message
        assert not ReceptionSession.objects.exists()
    done = client.post(reverse("reception:new"), {**body, "day": "2026-03-15", "on_day_off": "on"})
    assert done.status_code == 302
    session = ReceptionSession.objects.get()
    assert AuditEvent.objects.get(action="reception.schedule", target_id=str(session.pk)).after["on_day_off"] is True
    # A working day needs no confirmation, and the audit trail says none was given.
    client.post(reverse("reception:new"), {**body, "day": "2026-03-12", "place": "Phòng 2"})
    other = ReceptionSession.objects.get(place="Phòng 2")
    assert AuditEvent.objects.get(action="reception.schedule", target_id=str(other.pk)).after["on_day_off"] is False
