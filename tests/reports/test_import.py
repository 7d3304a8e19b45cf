"""Import of existing registers: template, dry run, all-or-nothing, errors naming row and column, audit."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from casework.audit.models import AuditEvent
from casework.cases.models import Case, Kind
from casework.reports.imports import COLUMNS, registers_import
from core.errors import ValidationFailed
from tests.i18n.letters import VIETNAMESE

pytestmark = pytest.mark.django_db

HEADINGS = [str(heading) for _letter, heading, _field in COLUMNS]
GOOD = [
    [
        "03/11/2025",
        "Khiếu nại",
        "Đơn gửi qua bưu điện / trực tiếp",
        "S",
        "Chi sai quỹ",
        "Nội dung 1",
        "Lê Văn A",
        "0912",
        "Hà Nội",
        "H",
        "",
    ],
    [
        "04/11/2025",
        "kien nghi, phan anh",
        "email",
        "S",
        "Kiến nghị nhà ăn",
        "Nội dung 2",
        "Phạm Thị B",
        "",
        "Nam Định",
        "",
        "",
    ],
    [
        "05/11/2025",
        "Tố cáo",
        "letter",
        "S",
        "Tố cáo chủ tịch",
        "Nội dung 3",
        "Ngô Văn C",
        "0913",
        "Thái Bình",
        "H",
        "Trần Văn D",
    ],
]


def xlsx_upload(rows, name="so-don-thu.xlsx"):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADINGS)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile(name, buf.getvalue())


def csv_upload(rows, name="so.csv"):
    lines = [",".join(HEADINGS)] + [",".join(f'"{c}"' for c in row) for row in rows]
    return SimpleUploadedFile(name, ("\ufeff" + "\n".join(lines)).encode("utf-8"))


def test_a_valid_file_is_imported_through_intake(cast, frozen_clock):
    result = registers_import(actor=cast.intake, upload=xlsx_upload(GOOD), dry_run=False)
    assert result.valid and result.written
    assert Case.objects.count() == 3
    denunciation = Case.objects.get(kind=Kind.DENUNCIATION)
    assert not denunciation.submitters.exists() and denunciation.denouncer_identity.people == 1
    assert [r.reference for r in result.rows] == list(Case.objects.order_by("pk").values_list("reference", flat=True))
    event = AuditEvent.objects.get(action="report.import")
    assert event.after["written"] is True and event.after["rows"] == 3
    assert AuditEvent.objects.filter(action="case.intake").count() == 3


def test_one_bad_row_refuses_the_whole_file_and_names_row_and_column(cast, frozen_clock):
    bad = [*GOOD[:2], ["31/02/2025", "Khiếu nại", "letter", "S", "Ngày sai", "Nội dung", "X", "", "", "", ""], GOOD[2]]
    result = registers_import(actor=cast.intake, upload=xlsx_upload(bad), dry_run=False)
    assert not result.valid and not result.written
    assert Case.objects.count() == 0
    assert [r.row for r in result.rows if not r.ok] == [4]
    assert result.rows[2].errors == ["Dòng 4, cột A (Ngày nhận (dd/mm/yyyy)): ngày không đúng định dạng dd/mm/yyyy."]
    assert AuditEvent.objects.filter(action="case.intake").count() == 0
    event = AuditEvent.objects.get(action="report.import")
    assert event.after["written"] is False and event.after["errors"] == 1


def test_service_validation_errors_are_reported_per_row(cast, frozen_clock):
    rows = [
        GOOD[0],
        ["06/11/2025", "Khiếu nại", "letter", "S", "", "Nội dung", "Lê Văn E", "", "", "", ""],  # no title
        ["07/11/2025", "Đơn lạ", "fax", "EG", "Trích yếu", "Nội dung", "Lê Văn F", "", "", "", ""],
    ]
    result = registers_import(actor=cast.intake, upload=csv_upload(rows), dry_run=False)
    assert Case.objects.count() == 0
    errors = {r.row: r.errors for r in result.rows}
    assert errors[2] == []
    assert errors[3] == ["Dòng 3, cột E (Trích yếu): Phải nhập trích yếu nội dung đơn."]
    assert errors[4] == [
        "Dòng 4, cột B (Loại đơn): phải là Khiếu nại, Tố cáo hoặc Kiến nghị, phản ánh.",
        "Dòng 4, cột C (Hình thức tiếp nhận): không rõ hình thức “fax”.",
        "Dòng 4, cột D (Mã đơn vị giải quyết): không có đơn vị mã “EG” trong phạm vi của bạn.",
    ]


def test_dry_run_writes_nothing_even_when_valid(cast, frozen_clock):
    result = registers_import(actor=cast.intake, upload=csv_upload(GOOD), dry_run=True)
    assert result.valid and not result.written
    assert Case.objects.count() == 0
    assert all(r.reference == "" for r in result.rows)


def test_wrong_type_or_empty_files_are_refused(cast, frozen_clock):
    with pytest.raises(ValidationFailed) as exc:
        registers_import(actor=cast.intake, upload=SimpleUploadedFile("a.xlsx", b"%PDF-1.4 fake"), dry_run=True)
    assert "Excel" in exc.value.fields["file"][0]
    with pytest.raises(ValidationFailed):
        registers_import(actor=cast.intake, upload=SimpleUploadedFile("a.csv", b""), dry_run=True)


def test_import_pages_template_and_dry_run(client, cast, frozen_clock):
    client.force_login(cast.intake)
    template = client.get(reverse("reports:import_template", args=["xlsx"]))
    ws = load_workbook(io.BytesIO(template.content)).active
    assert [c.value for c in ws[1]] == HEADINGS and ws.freeze_panes == "A2"
    csv_template = client.get(reverse("reports:import_template", args=["csv"])).content.decode("utf-8-sig")
    assert csv_template.splitlines()[0].startswith("Ngày nhận (dd/mm/yyyy),Loại đơn")
    response = client.post(reverse("reports:import"), {"file": xlsx_upload(GOOD), "action": "dry_run"})
    assert response.status_code == 200 and "mọi dòng hợp lệ, chưa ghi gì" in response.content.decode()
    assert Case.objects.count() == 0
    response = client.post(reverse("reports:import"), {"file": xlsx_upload(GOOD), "action": "import"})
    assert response.status_code == 200 and Case.objects.count() == 3


def test_the_template_speaks_the_readers_language_and_imports_all_the_same(client, cast, frozen_clock):
    """The template is a working file the reader fills in, not a paper: its headings follow the page's
    language, and the importer reads the columns by position whatever the headings say."""
    client.force_login(cast.intake)
    client.cookies["django_language"] = "en"
    template = client.get(reverse("reports:import_template", args=["xlsx"]))
    ws = load_workbook(io.BytesIO(template.content)).active
    headings = [c.value for c in ws[1]]
    assert headings[:2] == ["Date received (dd/mm/yyyy)", "Type of submission"]
    assert ws.title == "Case register"
    assert not any(VIETNAMESE.search(h) for h in headings), headings
    csv_template = client.get(reverse("reports:import_template", args=["csv"])).content.decode("utf-8-sig")
    assert csv_template.splitlines()[0].startswith("Date received (dd/mm/yyyy),Type of submission")
    ws.delete_rows(2)  # the example row, in place of which the reader writes theirs
    ws.append(GOOD[0])
    buf = io.BytesIO()
    ws.parent.save(buf)
    upload = SimpleUploadedFile("mau.xlsx", buf.getvalue())
    assert registers_import(actor=cast.intake, upload=upload, dry_run=True).valid
    client.cookies["django_language"] = "vi"
    ws = load_workbook(io.BytesIO(client.get(reverse("reports:import_template", args=["xlsx"])).content)).active
    assert [c.value for c in ws[1]][:2] == ["Ngày nhận (dd/mm/yyyy)", "Loại đơn"] and ws.title == "Sổ theo dõi đơn thư"


def test_an_unknown_and_an_out_of_scope_subject_unit_code_get_the_same_answer(cast, frozen_clock):
    """The unit concerned follows the intake's rule: a code of a unit outside the importer's units is
    refused in the words used for a code naming no unit, so the import never tells which codes exist."""
    row = ["06/11/2025", "Khiếu nại", "letter", "S", "Trích yếu", "Nội dung", "Lê Văn E", "", "", "{code}", ""]
    answers = {}
    for code in ("EG", "ZZ9"):
        rows = [[c.replace("{code}", code) for c in row]]
        result = registers_import(actor=cast.intake, upload=csv_upload(rows), dry_run=True)
        assert not result.valid
        answers[code] = [e.replace(code, "?") for e in result.rows[0].errors]
    assert (
        answers["EG"]
        == answers["ZZ9"]
        == [
            "Dòng 2, cột J (Mã đơn vị bị khiếu nại, tố cáo): Đơn vị bị khiếu nại, tố cáo không thuộc phạm vi của bạn (mã “?”)."
        ]
    )
    assert Case.objects.count() == 0


def test_cells_longer_than_their_columns_are_refused_naming_row_and_column(client, cast, frozen_clock):
    """The import comes to the intake service without a form: the service refuses what the columns
    cannot hold (on PostgreSQL such a row was a crash, and nothing else of the file was said)."""
    too_long = list(GOOD[0])
    too_long[4] = "T" * 256  # E: trích yếu
    too_long[7] = "0" * 33  # H: điện thoại
    client.force_login(cast.intake)
    response = client.post(reverse("reports:import"), {"file": xlsx_upload([too_long, GOOD[1]]), "action": "import"})
    assert response.status_code == 400
    errors = response.context["result"].rows[0].errors
    assert "Dòng 2, cột E (Trích yếu): Trích yếu: tối đa 255 ký tự." in errors
    assert "Dòng 2, cột G (Người gửi): Điện thoại: tối đa 32 ký tự." in errors
    assert response.context["result"].rows[1].ok
    assert Case.objects.count() == 0
    assert AuditEvent.objects.filter(action="case.intake").count() == 0


ENGLISH = [
    ["03/11/2025", "Complaint", "By post / in person", "S", "Chi sai quỹ", "Nội dung 1", "Lê Văn A", "", "", "", ""],
    ["04/11/2025", "petition, feedback", "E-mail", "S", "Nhà ăn", "Nội dung 2", "Phạm Thị B", "", "", "", ""],
    ["05/11/2025", "DENUNCIATION", "Online", "S", "Tố cáo", "Nội dung 3", "Ngô Văn C", "", "", "H", "Trần Văn D"],
]


def test_a_register_in_english_labels_imports_whatever_language_the_reader_uses(cast, frozen_clock):
    """Kinds and channels are read by their code or their label in either language, the labels
    translated when the register is read, not once at start-up."""
    from django.utils import translation

    from casework.cases.models import Channel

    with translation.override("vi"):
        result = registers_import(actor=cast.intake, upload=xlsx_upload(ENGLISH), dry_run=False)
    assert result.valid and result.written, [r.errors for r in result.rows]
    assert list(Case.objects.order_by("pk").values_list("kind", "channel")) == [
        (Kind.COMPLAINT, Channel.LETTER),
        (Kind.PETITION, Channel.EMAIL),
        (Kind.DENUNCIATION, Channel.ONLINE),
    ]
    with translation.override("en"):
        assert registers_import(actor=cast.intake, upload=csv_upload(GOOD), dry_run=True).valid
        wrong = registers_import(
            actor=cast.intake, upload=csv_upload([["03/11/2025", "Letter", *GOOD[0][2:]]]), dry_run=True
        )
    assert [r.row for r in wrong.rows if not r.ok] == [2]


def test_the_english_templates_example_row_imports_as_it_is(client, cast, frozen_clock):
    client.force_login(cast.intake)
    client.cookies["django_language"] = "en"
    template = client.get(reverse("reports:import_template", args=["xlsx"]))
    ws = load_workbook(io.BytesIO(template.content)).active
    example = [c.value for c in ws[2]]
    assert example[1:3] == ["Complaint", "By post / in person"]
    ws.cell(row=2, column=4, value="S")  # the reader's unit in place of the placeholder code
    buf = io.BytesIO()
    ws.parent.save(buf)
    result = registers_import(actor=cast.intake, upload=SimpleUploadedFile("mau.xlsx", buf.getvalue()), dry_run=True)
    assert result.valid, [r.errors for r in result.rows]


@pytest.mark.parametrize("dry_run", [False, True])
def test_the_import_event_read_by_every_administrator_leaves_the_file_name_out(cast, frozen_clock, dry_run):
    # A register's file name may name a sender, and the event has no unit: every unit's administrator reads it.
    named = "so-don-to-cao-cua-ngo-van-c.xlsx"
    result = registers_import(actor=cast.intake, upload=xlsx_upload(GOOD, name=named), dry_run=dry_run)
    assert result.file_name == named  # the one who imports it is told which file it was
    event = AuditEvent.objects.get(action="report.import")
    assert event.unit is None and event.after["rows"] == 3
    assert "ngo-van-c" not in event.canonical and "file" not in event.after


@pytest.mark.parametrize("who", ["subject_rep", "outsider"])
def test_who_reads_no_units_reports_is_told_so_as_on_the_other_report_pages(rf, cast, who):
    """The import answers 404 with the message the quarterly report and the register give (reports.views)."""
    from django.http import Http404

    from casework.reports.imports_views import import_view
    from casework.reports.views import quarterly

    answers = []
    for view in (import_view, quarterly):
        request = rf.get(reverse("reports:import"))
        request.user = getattr(cast, who)
        with pytest.raises(Http404) as refused:
            view(request)
        answers.append(str(refused.value))
    assert answers[0] == answers[1] == "Bạn không có quyền xem báo cáo của đơn vị nào."
