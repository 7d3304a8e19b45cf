"""A complaint's papers carry the parts of the forms Nghị định 155/2026/NĐ-CP Đ.20 puts in the annex of Nghị
định 124/2020/NĐ-CP: Mẫu số 03 (thông báo thụ lý), Mẫu số 04 (thông báo không thụ lý), Mẫu số 14a (quyết
định tạm đình chỉ, đình chỉ); other letters keep the union's wording. Templates still as shipped before get
the new text as a new version (papers migration 0007); one an administrator rewrote is left to them."""

from __future__ import annotations

import hashlib
from importlib import import_module

import pytest
from django.apps import apps

from casework.audit.models import AuditEvent
from casework.cases.models import Kind, SuspensionGround
from casework.cases.services import case_assign, case_start_verification, case_suspend
from casework.cases.services.triage import case_refuse
from casework.papers.defaults import TEMPLATES
from casework.papers.models import Paper
from casework.papers.services import TEMPLATE_FIELDS, paper_issue, template_current, template_save
from tests.builders import accepted, intake
from tests.papers.conftest import pdf_text

pytestmark = pytest.mark.django_db

FORMS = import_module("casework.papers.migrations.0007_complaint_forms_of_decree_155_2026")
ID_DOCUMENT = "Số căn cước/định danh cá nhân/giấy chứng nhận căn cước/hộ chiếu: ……, ngày cấp: ……, nơi cấp: ……"


def _text(paper: Paper) -> str:
    return " ".join(pdf_text(paper.pdf.read()).split())


def test_a_complaint_s_notice_of_acceptance_carries_the_parts_of_form_03(cast, frozen_clock):
    case = accepted(cast, title="Việc chi trả trợ cấp ốm đau")
    text = _text(paper_issue(target=case, key="case.accept", actor=cast.chair))
    for part in (
        "Về việc thụ lý giải quyết khiếu nại",
        "Kính gửi: Nguyễn Văn Gửi",
        f"đã nhận được đơn khiếu nại (số hồ sơ {case.reference}, ngày {case.received_on:%d/%m/%Y}) của: Nguyễn Văn Gửi",
        "Địa chỉ: Thái Bình",
        ID_DOCUMENT,
        "Khiếu nại về việc: Việc chi trả trợ cấp ốm đau.",
        "Sau khi xem xét nội dung đơn khiếu nại, căn cứ quy định của pháp luật về khiếu nại",
        "nhận thấy đơn khiếu nại đủ điều kiện thụ lý",
        "Vậy thông báo để Nguyễn Văn Gửi được biết./.",
    ):
        assert part in text, part


def test_a_denunciation_s_notice_of_acceptance_keeps_its_wording_and_prints_no_address(cast, frozen_clock):
    case = accepted(cast, kind=Kind.DENUNCIATION, title="Đơn tố cáo chi sai quỹ")
    text = _text(paper_issue(target=case, key="case.accept", actor=cast.chair))
    assert "Về việc thụ lý giải quyết đơn tố cáo" in text
    assert "thông báo đã thụ lý giải quyết đơn kể từ ngày" in text
    assert "Địa chỉ" not in text and "Thái Bình" not in text.split("Kính gửi")[-1].split("Nơi nhận")[0]
    assert "đủ điều kiện thụ lý" not in text


def test_a_complaint_s_notice_of_refusal_carries_the_parts_of_form_04(cast, frozen_clock):
    case = intake(cast.intake, cast.sector, title="Đơn khiếu nại quá hạn")
    case = case_refuse(subject_area="khac", case=case, actor=cast.intake, ground="expired")
    text = _text(paper_issue(target=case, key="case.refuse", actor=cast.chair))
    for part in (
        "Về việc không thụ lý giải quyết khiếu nại",
        "Sau khi xem xét nội dung đơn khiếu nại, căn cứ Điều 11 của Luật Khiếu nại",
        "đơn khiếu nại của Nguyễn Văn Gửi không đủ điều kiện để thụ lý giải quyết vì:",
        str(case.get_refusal_ground_display()),
        "Vậy thông báo để Nguyễn Văn Gửi được biết./.",
    ):
        assert part in text, part


def test_a_complaint_s_suspension_decision_carries_the_articles_of_form_14a(cast, frozen_clock):
    case = case_assign(case=accepted(cast), actor=cast.chair, assignee=cast.officer)
    case = case_start_verification(case=case, actor=cast.officer)
    case = case_suspend(case=case, actor=cast.chair, ground=SuspensionGround.AWAIT_OTHER_BODY, reason="Chờ kết luận")
    (paper,) = Paper.objects.filter(target_id=str(case.pk), template_version__template__key="case.suspension")
    text = _text(paper)
    assert "Về việc tạm đình chỉ giải quyết khiếu nại" in text
    assert "Điều 1. Tạm đình chỉ việc giải quyết khiếu nại" in text and "Lý do: Chờ kết luận" in text
    assert "Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký." in text
    assert "Điều 3. Cán bộ được giao xác minh" in text


def _as_before(key: str, monkeypatch) -> None:
    """The template as an installation shipped it before: its newest version's title and body are the
    ones the migration knows by their hash."""
    version = template_current(key=key)
    version.title, version.body = f"{version.title} (cũ)", f"{version.body}\nNội dung cũ."
    version.save(update_fields=["title", "body"])
    digest = hashlib.sha256(f"{version.title}\0{version.body}".encode()).hexdigest()
    monkeypatch.setitem(FORMS.SHIPPED_BEFORE, key, digest)


def test_a_template_still_as_shipped_gets_the_form_as_a_new_version_and_issued_papers_keep_theirs(
    cast, frozen_clock, monkeypatch
):
    _as_before("case.accept", monkeypatch)
    old = template_current(key="case.accept")
    old.place = "Hà Nội"
    old.save(update_fields=["place"])
    issued = paper_issue(target=accepted(cast, title="Đơn trước"), key="case.accept", actor=cast.chair)
    FORMS.forwards(apps, None)
    new = template_current(key="case.accept")
    assert new.number == old.number + 1
    assert (new.title, new.body) == (TEMPLATES["case.accept"]["title"], TEMPLATES["case.accept"]["body"])
    assert new.place == "Hà Nội"  # the rest of the version as the installation had it
    assert "Nghị định 155/2026/NĐ-CP Đ.20" in new.note
    event = AuditEvent.objects.get(action="paper.template_save", target_id=str(new.pk))
    assert event.after["version"] == new.number
    issued.refresh_from_db()
    assert issued.template_version == old
    FORMS.forwards(apps, None)  # run again: nothing more
    assert template_current(key="case.accept") == new


def test_a_template_an_administrator_rewrote_is_left_to_them(cast, frozen_clock, monkeypatch):
    _as_before("case.refuse", monkeypatch)
    shipped = template_current(key="case.refuse")
    data = {f: getattr(shipped, f) for f in TEMPLATE_FIELDS}
    edited = template_save(key="case.refuse", actor=cast.admin, data={**data, "body": data["body"] + " Đã sửa."})
    FORMS.forwards(apps, None)
    assert template_current(key="case.refuse") == edited
