"""The reception book in the columns of Mẫu số 03/TCD and a refusal to receive notified by Mẫu số 01/TCD
(Nghị định 154/2026/NĐ-CP Đ.4 khoản 3, Phụ lục): the print and the workbook carry the form's 13 columns in
its order with its headings; the keepers' new texts of a denounced visit are sealed like its content; a
refusal on Đ.9 khoản 3 Luật Tiếp công dân or Đ.4 khoản 1 điểm h is notified in writing within 03 working
days, the notice numbered in the unit's outgoing register, its clock met when issued in time, late when not."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.test import Client
from openpyxl import load_workbook

from casework.papers.models import Paper
from casework.papers.services import paper_issue
from casework.reception.models import ReceptionEntry
from casework.reception.selectors import BOOK_COLUMNS, HIDDEN, reception_book
from casework.reception.services import (
    REFUSAL_STEP,
    reception_entry_record,
    reception_entry_refuse,
)
from core import clock
from core.errors import ValidationFailed
from tests.builders import at
from workflows.models import Deadline
from workflows.sweep import sweep_run

pytestmark = pytest.mark.django_db

FORM_03 = [
    "STT",
    "Ngày tiếp",
    "Họ tên, địa chỉ",
    "CCCD/CMND/Hộ chiếu",
    "Nội dung đơn",
    "Loại đơn (KN/TC/KN/PA)",
    "Số người cùng nội dung",
    "Cơ quan đã giải quyết",
    "Thuộc thẩm quyền (x)",
    "Hướng dẫn công dân đến cơ quan có thẩm quyền",
    "Cơ quan, đơn vị thụ lý",
    "Theo dõi kết quả giải quyết",
    "Ghi chú",
]
# Wed 05/08/2026, after the decree is in force (01/07/2026).
DAY = dt.date(2026, 8, 5)
NAME, CARD = "Phạm Văn Dũng", "034190009876"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _visit(cast, session, **kw) -> ReceptionEntry:
    clock.set_now(at(DAY, 9))
    values = {
        "full_name": NAME,
        "address": "5 Trần Hưng Đạo, TP Thái Bình",
        "id_number": CARD,
        "people_count": 3,
        "content": "Khiếu nại việc không được hưởng trợ cấp ốm đau năm 2025.",
        "classification": "complaint",
        "handling_route": "guided",
        "resolved_by": "Công đoàn cơ sở Bệnh viện tỉnh",
        "guided_to": f"Bảo hiểm xã hội tỉnh, văn bản hướng dẫn số 12/HD gửi ông {NAME}",
        "note": f"Ông {NAME} mang theo bản sao quyết định",
    }
    values.update(kw)
    return reception_entry_record(session=session, actor=cast.leader, **values)


def test_the_print_and_the_workbook_carry_the_13_columns_of_form_03_in_its_order(cast, august):
    entry = _visit(cast, august)
    assert [title for title, _w in BOOK_COLUMNS] == FORM_03
    keeper = _client(cast.intake)
    sheet = load_workbook(io.BytesIO(keeper.get(f"/reception/{august.pk}/book.xlsx").content)).active
    assert [c.value for c in sheet[4]] == FORM_03
    # The session's hours in Vietnam's time, from its start to its end (a session of 8 to 11).
    assert sheet["A2"].value == f"Buổi tiếp ngày {august.starts_at:%d/%m/%Y}, 08:00–11:00, tại Phòng tiếp công dân"
    assert str(august).endswith(f"{DAY:%d/%m/%Y} 08:00")
    assert [c.value for c in sheet[5]] == list(range(1, 14))  # the form numbers its columns
    row = [c.value for c in sheet[6]]
    assert row[0] == 1 and row[1].date() == DAY and row[2] == f"{NAME}, 5 Trần Hưng Đạo, TP Thái Bình"
    assert row[3] == CARD and row[5] == "Khiếu nại" and row[6] == 3
    assert row[7] == "Công đoàn cơ sở Bệnh viện tỉnh" and row[8] in ("", None)
    assert row[9].startswith("Bảo hiểm xã hội tỉnh") and row[12].startswith(f"Ông {NAME}")
    printed = keeper.get(f"/reception/{august.pk}/print/").content.decode()
    heads = re.findall(r"<th[^>]*>([^<]*)</th>", printed.split("</tr>")[0])
    assert heads == [t.replace(",", ",") for t in FORM_03]
    assert "Công đoàn cơ sở Bệnh viện tỉnh" in printed and entry.guided_to.split(",")[0] in printed


def test_within_competence_is_marked_x_and_refused_on_a_guided_route(cast, august):
    taken = _visit(cast, august, handling_route="case", guided_to="", resolved_by="")
    assert taken.within_competence is True
    with pytest.raises(ValidationFailed) as err:
        _visit(cast, august, within_competence=True)
    assert "within_competence" in err.value.fields
    sheet = load_workbook(io.BytesIO(_client(cast.intake).get(f"/reception/{august.pk}/book.xlsx").content)).active
    assert sheet.cell(row=6, column=9).value == "x"


def test_a_denounced_visits_new_columns_are_sealed_like_its_content(cast, august, api_as):
    _visit(
        cast,
        august,
        classification="denunciation",
        handling_route="transferred",
        accepted_by=f"Thanh tra tỉnh, nhận đơn của {NAME}",
    )
    keeper = _client(cast.leader)  # a receiver: keeps the book, yet reads a denounced visitor sealed
    workbook = keeper.get(f"/reception/{august.pk}/book.xlsx")
    cells = [str(c.value) for r in load_workbook(io.BytesIO(workbook.content)).active.iter_rows() for c in r]
    printed = keeper.get(f"/reception/{august.pk}/print/").content.decode()
    api = api_as(cast.leader).get(f"/api/reception-sessions/{august.pk}/").content.decode()
    for text in (" ".join(cells), printed, api):
        assert NAME not in text and CARD not in text
    # The notes and the guidance name the visitor: masked, the bodies still read.
    assert any("Bảo hiểm xã hội tỉnh" in c for c in cells) and any("Thanh tra tỉnh" in c for c in cells)
    # A reader of the book who is not a keeper reads them masked as well, the visitor sealed.
    [row] = reception_book(session=august, user=cast.auditor)
    assert row.full_name == str(HIDDEN) and row.accepted_by.startswith("Thanh tra tỉnh")
    assert not any(NAME in text for text in (row.guided_to, row.note, row.accepted_by, row.resolved_by))


def _refused(cast, august, ground="law_9_3") -> ReceptionEntry:
    entry = _visit(cast, august)
    return reception_entry_refuse(entry=entry, actor=cast.leader, ground=ground, refused_on=DAY)


def test_a_refusal_notified_in_writing_runs_a_clock_of_three_working_days(cast, august):
    entry = _refused(cast, august)
    clock_ = Deadline.objects.get(target_type="reception.receptionentry", target_id=str(entry.pk))
    # Wed 05/08 + 03 working days: Mon 10/08/2026.
    assert (clock_.step, clock_.due_on, clock_.status) == (REFUSAL_STEP, dt.date(2026, 8, 10), Deadline.Status.OPEN)
    assert clock_.rule.source == "Nghị định 154/2026/NĐ-CP Đ.4 khoản 3"
    # A ground the receiver explains in person owes no paper and runs no clock (Đ.4 khoản 2).
    other = reception_entry_refuse(entry=_visit(cast, august), actor=cast.leader, ground="nd_4_b", refused_on=DAY)
    assert not Deadline.objects.filter(target_id=str(other.pk), target_type="reception.receptionentry").exists()
    from casework.papers.services import paper_keys_available

    assert paper_keys_available(other) == [] and paper_keys_available(entry) == ["reception.refusal"]


def test_the_notice_is_numbered_in_the_outgoing_register_and_meets_its_clock(cast, august):
    entry = _refused(cast, august)
    clock.set_now(at(dt.date(2026, 8, 7), 10))
    paper = paper_issue(target=entry, key="reception.refusal", actor=cast.intake)
    second = paper_issue(target=_refused(cast, august, ground="nd_4_h"), key="reception.refusal", actor=cast.intake)
    assert paper.unit == cast.sector and paper.doc_kind == "TB" and paper.number + 1 == second.number
    assert paper.symbol == f"{paper.number:02d}/TB-BTV" and paper.target_reference == entry.reference
    assert "khoản 3 Điều 9 Luật Tiếp công dân" in " ".join(paper.values.values())
    assert NAME not in str(paper.values)  # written in by hand: the register keeps no visitor
    deadline = Deadline.objects.get(target_id=str(entry.pk), target_type="reception.receptionentry")
    assert deadline.status == Deadline.Status.MET and deadline.breached_at is None


def test_a_notice_issued_after_three_working_days_is_late(cast, august):
    entry = _refused(cast, august)
    clock.set_now(at(dt.date(2026, 8, 11), 9))
    sweep_run()
    deadline = Deadline.objects.get(target_id=str(entry.pk), target_type="reception.receptionentry")
    assert deadline.status == Deadline.Status.BREACHED
    paper_issue(target=entry, key="reception.refusal", actor=cast.intake)
    deadline.refresh_from_db()
    assert deadline.status == Deadline.Status.MET and deadline.breached_at is not None


def test_the_refusal_page_and_paper_are_issued_through_the_papers_page(cast, august):
    entry = _visit(cast, august)
    keeper = _client(cast.leader)
    response = keeper.post(f"/reception/entries/{entry.pk}/refuse/", {"ground": "law_9_3", "refused_on": "05/08/2026"})
    assert response.status_code == 302 and response["Location"] == f"/papers/of/visit/{entry.pk}/"
    issued = _client(cast.intake).post(f"/papers/of/visit/{entry.pk}/", {"key": "reception.refusal"})
    assert issued.status_code == 302 and Paper.objects.filter(target_id=str(entry.pk)).count() == 1


def test_out_of_scope_users_get_404(cast, august):
    entry = _visit(cast, august)
    stranger = _client(cast.outsider)
    for url in (f"/reception/entries/{entry.pk}/refuse/", f"/papers/of/visit/{entry.pk}/"):
        assert stranger.get(url).status_code == 404
    assert stranger.post(f"/reception/entries/{entry.pk}/refuse/", {"ground": "law_9_3"}).status_code == 404
    assert ReceptionEntry.objects.get(pk=entry.pk).refusal_ground == ""


def test_the_api_records_a_refusal_and_404s_out_of_scope(cast, august, api_as):
    entry = _visit(cast, august)
    url = f"/api/reception-entries/{entry.pk}/refuse/"
    assert api_as(cast.outsider).post(url, {"ground": "law_9_3"}, format="json").status_code == 404
    response = api_as(cast.leader).post(url, {"ground": "nd_4_h", "refused_on": "2026-08-05"}, format="json")
    assert response.status_code == 200
    assert ReceptionEntry.objects.get(pk=entry.pk).refusal_ground == "nd_4_h"
    assert Deadline.objects.filter(target_type="reception.receptionentry", target_id=str(entry.pk)).exists()
