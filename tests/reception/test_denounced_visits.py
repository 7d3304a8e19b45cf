"""A visit classified as a denunciation is a denouncer's account told in person (Luật Tố cáo 2018
Đ.47): whether or not a case was opened from it, only those who heard it read who came, within an
audited reveal (test_visitor_reveal.py); every other reader of the book, its print, its workbook,
the API and the follow-up form reads what they said and what the keepers wrote of it with the
visitor's particulars masked."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from casework.cases.redaction import MASK
from casework.reception.models import ReceptionEntry
from casework.reception.selectors import HIDDEN, reception_book
from casework.reception.services import reception_entry_follow_up

pytestmark = pytest.mark.django_db

NAME = "Trần Thị Bình"  # make_visit's visitor
SAID = f"Tôi là {NAME}, 12 Lê Lợi, TP Thái Bình: Chủ tịch CĐCS Bệnh viện chi sai quỹ phúc lợi năm 2025."
WROTE = f"Đã hướng dẫn bà {NAME} gửi đơn tố cáo bằng văn bản"


@pytest.fixture
def told(cast, visit):
    ReceptionEntry.objects.filter(pk=visit.pk).update(content=SAID)
    reception_entry_follow_up(entry=visit, actor=cast.leader, follow_up=WROTE)
    visit.refresh_from_db()
    return visit


def test_the_keepers_read_the_visit_and_the_others_its_working_copy(cast, told):
    [row] = reception_book(session=told.session, user=cast.leader, revealed={told.pk})
    assert (row.full_name, row.content, row.follow_up) == (NAME, SAID, WROTE)
    [row] = reception_book(session=told.session, user=cast.auditor)
    assert row.case is None and row.full_name == str(HIDDEN)
    assert row.content == f"Tôi là {MASK}, {MASK}: Chủ tịch CĐCS Bệnh viện chi sai quỹ phúc lợi năm 2025."
    assert row.follow_up == f"Đã hướng dẫn bà {MASK} gửi đơn tố cáo bằng văn bản"


def test_the_page_the_print_the_workbook_the_api_and_the_follow_up_form_say_nothing_of_it(cast, told, api_as):
    reader = Client()
    reader.force_login(cast.auditor)
    book = [
        reader.get(f"/reception/{told.session_id}/"),
        reader.get(f"/reception/{told.session_id}/print/"),
        api_as(cast.auditor).get(f"/api/reception-sessions/{told.session_id}/"),
    ]
    form = reader.get(f"/reception/entries/{told.pk}/follow-up/")
    for page in [*book, form]:
        assert page.status_code == 200
        assert NAME not in page.content.decode() and "Lê Lợi" not in page.content.decode()
    assert all("chi sai quỹ phúc lợi" in page.content.decode() for page in book)
    assert "Đã hướng dẫn bà" in form.content.decode()
    workbook = reader.get(f"/reception/{told.session_id}/book.xlsx")
    assert workbook.status_code == 200
    cells = [str(c.value) for r in load_workbook(io.BytesIO(workbook.content)).active.iter_rows() for c in r]
    assert not any(NAME in c or "Lê Lợi" in c for c in cells)
    assert any("chi sai quỹ phúc lợi" in c for c in cells)


def test_a_keeper_reading_the_follow_up_masked_adds_to_it_and_never_replaces_it(cast, told, api_as):
    """The follow-up form of a denounced visit shows the keeper the masked text above an empty field:
    saving adds their text after what was written, on the page and through the API (one service rule)."""
    keeper = Client()
    keeper.force_login(cast.leader)  # a receiver of the session, who reads it masked until a reveal
    form = keeper.get(f"/reception/entries/{told.pk}/follow-up/").content.decode()
    assert NAME not in form and f"Đã hướng dẫn bà {MASK}" in form
    assert (
        keeper.post(f"/reception/entries/{told.pk}/follow-up/", {"follow_up": "Đã nhận đơn ngày 03/12"}).status_code
        == 302
    )
    told.refresh_from_db()
    assert told.follow_up == f"{WROTE}\nĐã nhận đơn ngày 03/12"
    response = api_as(cast.leader).post(
        f"/api/reception-entries/{told.pk}/follow-up/", {"follow_up": "Chuyển UBKT"}, format="json"
    )
    assert response.status_code in (200, 201), response.content
    told.refresh_from_db()
    assert told.follow_up == f"{WROTE}\nĐã nhận đơn ngày 03/12\nChuyển UBKT"


def test_a_keeper_reading_the_follow_up_in_full_replaces_it(cast, visit):
    """A follow-up that names nobody reads the same masked or not: the keeper edits it in place."""
    reception_entry_follow_up(entry=visit, actor=cast.leader, follow_up="Đã hướng dẫn gửi đơn")
    reception_entry_follow_up(entry=visit, actor=cast.leader, follow_up="Đã hướng dẫn gửi đơn kiến nghị")
    visit.refresh_from_db()
    assert visit.follow_up == "Đã hướng dẫn gửi đơn kiến nghị"
