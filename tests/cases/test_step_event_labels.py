"""The verification's steps on a denunciation's timeline: each key of their events reads under a label of
its own step's meaning, in Vietnamese and in English, and a record's id reads as the record (its kind and
day), never as a number. A key such as "means", "form" or "on" is written by several steps, each meaning
something else (a request to explain's means is not a withdrawal's, Nghị định 31/2019/NĐ-CP Đ.12 khoản 1;
Luật Tố cáo 2018 Đ.33)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casework.audit.models import AuditEvent
from casework.audit.timeline import timeline_entries
from casework.cases.models import DenouncedExplanation, Kind
from casework.cases.services import (
    case_accept,
    case_assign,
    case_attachment_add,
    case_explanation_missed,
    case_explanation_received,
    case_explanation_request,
    case_start_verification,
)
from tests.builders import clock_at, make_case, verification_assigned

pytestmark = pytest.mark.django_db

ACCEPTED_ON = dt.date(2026, 3, 2)


def explained_case(cast):
    """A denunciation under verification whose person denounced was invited to explain, explained in a
    working session with a file of the case as evidence, then was asked again and refused."""
    clock_at(ACCEPTED_ON)
    case = make_case(cast, kind=Kind.DENUNCIATION, received_on=ACCEPTED_ON)
    case = case_accept(case=case, actor=cast.intake, legal_ground="Luật Tố cáo 2018 Đ.29", subject_area="khac")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    case = verification_assigned(case_start_verification(case=case, actor=cast.officer), actor=cast.chair)
    clock_at(dt.date(2026, 3, 3))
    case = case_explanation_request(
        case=case,
        actor=cast.officer,
        on=dt.date(2026, 3, 3),
        due_on=dt.date(2026, 3, 10),
        means="invitation",
        content="Giải trình việc chi quỹ phúc lợi năm 2025.",
    )
    clock_at(dt.date(2026, 3, 6))
    upload = SimpleUploadedFile("chung-tu.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF")
    file = case_attachment_add(case=case, actor=cast.intake, file=upload)
    case = case_explanation_received(
        case=case,
        actor=cast.officer,
        on=dt.date(2026, 3, 6),
        form="session",
        place="Phòng họp CĐCS Bệnh viện",
        content="Trình bày căn cứ các khoản chi.",
        evidence=[file.pk],
    )
    clock_at(dt.date(2026, 3, 9))
    case = case_explanation_request(
        case=case,
        actor=cast.officer,
        on=dt.date(2026, 3, 9),
        due_on=dt.date(2026, 3, 16),
        means="written",
        content="Làm rõ khoản chi ngày 8/3.",
    )
    clock_at(dt.date(2026, 3, 10))
    return case_explanation_missed(case=case, actor=cast.officer, on=dt.date(2026, 3, 10), refused=True)


def shown(case, action):
    """Each value of the case's last event of `action`, by the label it reads under."""
    event = AuditEvent.objects.filter(target_type="cases.case", target_id=str(case.pk), action=action).last()
    (entry,) = timeline_entries([event])
    return {change.label: change.after for change in entry.changes}


def test_the_explanation_steps_read_under_labels_of_their_own_meaning(cast):
    case = explained_case(cast)
    first, _received, second, _refused = DenouncedExplanation.objects.filter(case=case).order_by("pk")

    assert shown(case, "case.explanation_missed") == {
        "Giải trình của người bị tố cáo": "Từ chối giải trình ngày 10/03/2026",
        "Ngày ghi nhận": "10/03/2026",
        "Nội dung ghi nhận": "Từ chối giải trình",
        "Yêu cầu giải trình": "Yêu cầu giải trình ngày 09/03/2026",
    }
    received = shown(case, "case.explanation_received")
    assert received == {
        "Giải trình của người bị tố cáo": "Đã giải trình ngày 06/03/2026",
        "Ngày giải trình": "06/03/2026",
        "Hình thức giải trình": "Làm việc trực tiếp, lập biên bản",
        "Thông tin, tài liệu, chứng cứ kèm theo": "chung-tu.pdf",
    }
    events = AuditEvent.objects.filter(target_id=str(case.pk), action="case.explanation_request").order_by("seq")
    assert [event.after["explanation"] for event in events] == [first.pk, second.pk], "the stored event keeps the id"
    entry = timeline_entries([events.first()])[0]
    assert {change.label: change.after for change in entry.changes} == {
        "Giải trình của người bị tố cáo": "Yêu cầu giải trình ngày 03/03/2026",
        "Ngày gửi yêu cầu giải trình": "03/03/2026",
        "Thời hạn giải trình": "10/03/2026",
        "Hình thức yêu cầu": "Giấy mời làm việc",
    }


def test_the_verification_assigned_reads_its_people_and_its_record(cast):
    case = explained_case(cast)
    values = shown(case, "case.verification_assign")
    assert re.fullmatch(r"\d\d/\d\d/2026", values.pop("Xác minh đến ngày"))
    assert values == {
        "Văn bản giao xác minh": "Giao xác minh nội dung khiếu nại, tố cáo ngày 02/03/2026",
        "Ngày giao xác minh": "02/03/2026",
        "Người giải quyết tự mình xác minh": "Không",
        "Người được giao, tổ trưởng": cast.officer.full_name,
        "Người được giao xác minh": cast.officer.full_name,
        "Xác minh từ ngày": "02/03/2026",
    }


def test_the_case_timeline_shows_no_label_of_another_step_nor_an_id_in_either_language(cast, client, settings):
    case = explained_case(cast)
    client.force_login(cast.officer)
    html = client.get(reverse("audit:timeline", args=("cases.case", case.pk))).content.decode()
    for label in ("Hình thức rút tố cáo", "Giải trình của đơn vị", "Ngày kiểm tra lại", "Hình thức kỷ luật"):
        assert label not in html
    for label in ("Hình thức yêu cầu", "Hình thức giải trình", "Ngày gửi yêu cầu giải trình", "Ngày giải trình"):
        assert label in html
    assert "Yêu cầu giải trình ngày 03/03/2026" in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("audit:timeline", args=("cases.case", case.pk))).content.decode()
    for label in ("How it was asked", "Form of the explanation", "Day the request to explain was sent"):
        assert label in english
    assert "Request to explain of 03/03/2026" in english
    assert "Form of the withdrawal" not in english and "Unit's explanation" not in english
