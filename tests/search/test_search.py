"""One search box: accent- and case-insensitive, ranked, over cases, flags, inspections, people and file text,
scoped like every other read; a denunciation's letter never answers a search for the words in it."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from casework.cases.models import Kind
from casework.files.services import attachment_store
from casework.inspections import services as insp
from casework.search.models import SearchDocument
from casework.search.selectors import search_cases, search_everything
from casework.search.text import fold
from core import clock
from tests import builders
from tests.builders import submitter

pytestmark = pytest.mark.django_db


def intake(cast, *, unit=None, title="Đơn", content="Nội dung", actor=None, **kw):
    """A letter whose only searchable words are its title and content (and what `kw` adds)."""
    values = {"submitters": [submitter(full_name="Người Gửi Đơn", address="")], "subject_person": "", **kw}
    return builders.intake(actor or cast.intake, unit or cast.sector, title=title, content=content, **values)


def docx(text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "word/document.xml", f"<w:document><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"
        )
    return buffer.getvalue()


def test_fold_ignores_case_accents_and_reads_d_for_dj():
    assert fold("  Nguyễn   Văn An ") == "nguyen van an"
    assert fold("Đoàn Thị Đào") == "doan thi dao"


def test_a_name_typed_without_accents_finds_the_case(cast, frozen_clock):
    case = intake(cast, title="Khiếu nại xét nâng lương", subject_person="Nguyễn Văn An")
    other = intake(cast, title="Kiến nghị chế độ ốm đau", kind=Kind.PETITION)
    results = search_everything(user=cast.officer, q="nguyen van an")
    assert results.cases == [case]
    assert other not in search_everything(user=cast.officer, q="NANG LUONG").cases


def test_the_reference_ranks_before_a_mention_in_the_text(cast, frozen_clock):
    first = intake(cast, title="Đơn thứ nhất")
    mention = intake(cast, title="Đơn thứ hai", content=f"Liên quan hồ sơ {first.reference}")
    assert search_everything(user=cast.officer, q=first.reference.lower()).cases == [first, mention]


def test_a_result_outside_the_readers_scope_never_appears(cast, frozen_clock):
    from casework.org.models import Role
    from tests.factories import UserFactory

    education = UserFactory(username="edu_intake", roles=[(Role.INTAKE_OFFICER, cast.other_sector)])
    theirs = intake(cast, unit=cast.other_sector, actor=education, title="Tố giác quỹ trường học")
    assert search_everything(user=cast.officer, q="quy truong hoc").cases == []
    assert search_everything(user=cast.other_officer, q="quy truong hoc").cases == [theirs]


def test_a_denunciations_letter_text_is_not_searchable(cast, frozen_clock):
    den = intake(
        cast, kind=Kind.DENUNCIATION, title="Tố cáo sai phạm tài chính", content="Tôi là Lê Thị Hoa, phòng kế toán"
    )
    assert search_everything(user=cast.officer, q="le thi hoa").cases == []
    assert search_everything(user=cast.officer, q="sai pham tai chinh").cases == [den]


def test_the_text_of_an_attached_document_is_found(cast, frozen_clock):
    case = intake(cast, title="Khiếu nại")
    attachment_store(
        upload=SimpleUploadedFile("bien-ban.docx", docx("Biên bản họp Ban Chấp hành ngày 05/01")),
        target=case,
        unit=case.unit,
        actor=cast.intake,
    )
    assert search_everything(user=cast.officer, q="bien ban hop ban chap hanh").cases == [case]


def test_a_match_in_the_record_ranks_before_one_in_a_file_and_the_newest_first_among_equals(cast, frozen_clock):
    in_file = intake(cast, title="Khiếu nại")
    attachment_store(
        upload=SimpleUploadedFile("bien-ban.docx", docx("Chi quỹ công đoàn cơ sở")),
        target=in_file,
        unit=in_file.unit,
        actor=cast.intake,
    )
    older = intake(cast, title="Đơn thứ nhất", content="Chi quỹ công đoàn cơ sở")
    newer = intake(cast, title="Đơn thứ hai", content="Chi quỹ công đoàn cơ sở")
    assert search_cases(user=cast.officer, q="chi quy cong doan co so") == [newer, older, in_file]
    assert search_cases(user=cast.officer, q="chi quy cong doan co so", limit=2) == [newer, older]


def test_flags_inspections_and_people_are_found(cast, frozen_clock):
    flag = insp.flag_raise(
        subject_area="khac",
        unit=cast.hospital,
        category="finance_dues",
        severity="medium",
        evidence="Chi quỹ phúc lợi không có chứng từ",
        actor=cast.chair,
        source="manual",
    )
    results = search_everything(user=cast.chair, q="chung tu")
    assert results.flags == [flag]
    assert [p.username for p in search_everything(user=cast.chair, q="chair").people] == ["chair"]


def test_people_are_found_by_their_name_without_accents_and_after_a_rename(cast, frozen_clock):
    cast.officer.full_name = "Đặng Thị Hồng Nhung"
    cast.officer.save()
    assert search_everything(user=cast.chair, q="dang thi hong").people == [cast.officer]
    cast.officer.full_name = "Lê Thị Hồng Nhung"
    cast.officer.save(update_fields=["full_name"])
    assert search_everything(user=cast.chair, q="dang thi hong").people == []
    assert search_everything(user=cast.chair, q="LE THI hong").people == [cast.officer]
    # Outside the reader's scope: not found, whatever the name.
    cast.outsider.full_name = "Lê Thị Hồng Nhung"
    cast.outsider.save()
    assert cast.outsider not in search_everything(user=cast.chair, q="le thi hong nhung").people


def test_finding_people_costs_the_same_whatever_the_number_of_people(cast, frozen_clock):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from casework.org.models import RoleAssignment, User

    def cost() -> int:
        with CaptureQueriesContext(connection) as captured:
            search_everything(user=cast.chair, q="nguyen")
        return len(captured)

    before = cost()
    for n in range(30):
        person = User.objects.create(username=f"member{n}", full_name=f"Nguyễn Văn Thành {n}")
        RoleAssignment.objects.create(user=person, unit=cast.hospital, role="inspector", valid_from=clock.today())
    assert cost() == before
    assert len(search_everything(user=cast.chair, q="nguyen van thanh").people) == 20


def test_the_page_lists_results_and_the_list_filter_uses_the_same_search(client, cast, frozen_clock):
    case = intake(cast, title="Khiếu nại về bầu cử đại hội")
    client.force_login(cast.officer)
    page = client.get(reverse("search:search"), {"q": "bau cu dai hoi"}).content.decode()
    assert case.reference in page
    listed = client.get(reverse("cases:list"), {"q": "bau cu"}).content.decode()
    assert case.reference in listed


def test_the_api_q_parameter_searches_accent_insensitively(cast, frozen_clock):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    case = intake(cast, title="Khiếu nại về đoàn phí")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=cast.officer)[0].key}")
    body = api.get("/api/cases/", {"q": "doan phi"}).json()
    assert [row["id"] for row in body["results"]] == [case.pk]


def test_reindex_rebuilds_the_same_index(cast, frozen_clock):
    intake(cast, title="Khiếu nại một")
    intake(cast, title="Khiếu nại hai")
    before = sorted(SearchDocument.objects.values_list("kind", "object_id", "part", "text"))
    SearchDocument.objects.all().delete()
    call_command("search_reindex", stdout=io.StringIO())
    assert sorted(SearchDocument.objects.values_list("kind", "object_id", "part", "text")) == before


def test_a_reader_recused_from_a_case_does_not_find_it(cast, frozen_clock):
    from casework.org.models import Role
    from tests.factories import UserFactory, grant

    leader = UserFactory(username="hospital_bch", roles=[(Role.BCH_MEMBER, cast.hospital)])
    grant(leader, Role.CASE_OFFICER, cast.sector)  # also works at the sector: would see the case
    staff = UserFactory(username="sector_staff", roles=[(Role.CASE_OFFICER, cast.sector)])
    case = intake(cast, title="Khiếu nại ban chấp hành bệnh viện", subject_unit=cast.hospital)
    assert search_cases(user=staff, q="ban chap hanh benh vien") == [case]
    assert search_cases(user=leader, q="ban chap hanh benh vien") == []


def test_the_case_results_come_with_the_columns_the_page_shows_in_one_query(
    cast, frozen_clock, django_assert_num_queries
):
    case = intake(cast, title="Khiếu nại về nâng bậc lương", subject_unit=cast.hospital, subject_person="Ông A")
    with django_assert_num_queries(3):  # the reader's roles, the scoped and ranked ids, the rows found
        found = search_cases(user=cast.officer, q="nang bac luong")
    with django_assert_num_queries(0):
        shown = [
            (
                c.reference,
                c.title,
                c.get_status_display(),
                c.received_on,
                str(c.unit),
                str(c.subject_unit),
                c.subject_person,
            )
            for c in found
        ]
    assert shown == [
        (
            case.reference,
            case.title,
            case.get_status_display(),
            case.received_on,
            case.unit.name,
            cast.hospital.name,
            "Ông A",
        )
    ]
    assert "content" in found[0].get_deferred_fields()


def test_the_page_says_when_it_shows_only_the_best_matches_and_links_to_the_whole_list(client, cast, frozen_clock):
    """Twenty of each kind are shown: with a twenty-first match the page says it holds only the best ones
    and links to the list filtered by the same words, which holds them all."""
    cases = [intake(cast, title=f"Khiếu nại tiền làm thêm giờ số {n}") for n in range(20)]
    cases.append(intake(cast, title="Kiến nghị giờ làm thêm ca đêm"))
    client.force_login(cast.officer)
    page = client.get(reverse("search:search"), {"q": "lam them"}).content.decode()
    assert "Số kết quả: hơn 20" in page and "Chỉ hiện 20 kết quả khớp nhất." in page
    link = f"{reverse('cases:list')}?q=lam%20them"
    assert f'href="{link}"' in page
    listed = client.get(link).content.decode()
    assert all(case.reference in listed for case in cases)

    page = client.get(reverse("search:search"), {"q": "tien lam them"}).content.decode()  # twenty: all shown
    assert "Số kết quả: 20" in page and "kết quả khớp nhất" not in page and reverse("cases:list") + "?q" not in page


def test_the_page_tells_that_a_senders_name_is_not_searched(client, cast, frozen_clock):
    case = intake(cast, title="Khiếu nại chậm chi trợ cấp", submitters=[submitter(full_name="Đoàn Thị Mai")])
    client.force_login(cast.intake)
    page = client.get(reverse("search:search"), {"q": "doan thi mai"}).content.decode()
    assert case.reference not in page
    assert 'aria-describedby="search-q-help"' in page
    assert "Tên người gửi đơn không được tìm kiếm" in page.split('id="search-q-help">', 1)[1].split("</p>", 1)[0]
    assert "tên người, đơn vị" not in page


def test_the_results_show_the_person_a_name_typed_found(client, cast, frozen_clock):
    """Searching a name, the reader sees in each row the person or unit complained about or flagged,
    which is what the words matched, not only the unit that handles the case."""
    case = intake(cast, title="Khiếu nại chậm chi trợ cấp", subject_person="Nguyễn Văn An", subject_unit=cast.hospital)
    flag = insp.flag_raise(
        subject_area="khac",
        unit=cast.hospital,
        person="Nguyễn Văn An",
        category="finance_dues",
        severity="medium",
        evidence="Thu đoàn phí không có biên lai",
        actor=cast.chair,
        source="manual",
    )
    client.force_login(cast.chair)
    page = client.get(reverse("search:search"), {"q": "nguyen van an"}).content.decode()
    cases_table, flags_table = page.split('id="case-results"')[1], page.split('id="flag-results"')[1]
    case_row = cases_table.split(case.reference)[1].split("</tr>")[0]
    assert f"{cast.hospital.name} — Nguyễn Văn An" in case_row
    flag_row = flags_table.split(flag.reference)[1].split("</tr>")[0]
    assert "Nguyễn Văn An" in flag_row
