"""Templates and grounds are data: an edit is a new version for new papers; issued papers keep theirs."""

from __future__ import annotations

import hashlib

import pytest

from casework.audit.models import AuditEvent
from casework.papers.context import grounds_for
from casework.papers.models import PaperGrounds
from casework.papers.services import TEMPLATE_FIELDS, paper_issue, template_current, template_save
from core.errors import ValidationFailed
from tests.builders import accepted, decided
from tests.papers.conftest import pdf_text
from workflows.models import PolicyVersion


def _fields(version, **changes):
    return {**{f: getattr(version, f) for f in TEMPLATE_FIELDS}, **changes}


def test_a_template_edit_changes_new_papers_and_not_old_ones(cast, frozen_clock):
    old = paper_issue(target=accepted(cast, title="Đơn trước"), key="case.accept", actor=cast.chair)
    old_bytes = old.pdf.read()
    v1 = template_current(key="case.accept")
    v2 = template_save(
        key="case.accept",
        actor=cast.admin,
        data=_fields(v1, body=v1.body + "\nĐề nghị người gửi đơn phối hợp cung cấp tài liệu."),
        note="Thêm đề nghị phối hợp",
    )
    assert (v1.number, v2.number) == (1, 2)
    new = paper_issue(target=accepted(cast, title="Đơn sau"), key="case.accept", actor=cast.chair)
    assert "phối hợp cung cấp tài liệu" in " ".join(pdf_text(new.pdf.read()).split())
    assert new.template_version == v2
    old.refresh_from_db()
    assert old.template_version == v1
    assert old.pdf.read() == old_bytes and hashlib.sha256(old_bytes).hexdigest() == old.pdf_sha256
    assert "phối hợp cung cấp tài liệu" not in pdf_text(old_bytes)
    event = AuditEvent.objects.get(action="paper.template_save")
    assert event.after["version"] == 2 and event.reason == "Thêm đề nghị phối hợp"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"body": ""}, "body"),
        ({"authority": "XX."}, "authority"),
        ({"doc_kind": "ĐẾN"}, "doc_kind"),
        ({"title": "THÔNG BÁO {% if %}"}, "title"),
        ({"recipients": "- {{ no_such_field }};"}, "recipients"),
    ],
)
def test_a_bad_template_edit_names_the_field_and_changes_nothing(change, field, cast, frozen_clock):
    v1 = template_current(key="case.accept")
    with pytest.raises(ValidationFailed) as refused:
        template_save(key="case.accept", actor=cast.admin, data=_fields(v1, **change))
    assert field in refused.value.fields
    assert template_current(key="case.accept") == v1


def test_saving_an_unchanged_template_is_refused(cast, frozen_clock):
    v1 = template_current(key="case.accept")
    with pytest.raises(ValidationFailed):
        template_save(key="case.accept", actor=cast.admin, data=_fields(v1))
    with pytest.raises(ValidationFailed):
        template_current(key="no.such.paper")


def test_the_right_to_a_second_complaint_comes_from_the_case_policy_version(leader_named, frozen_clock):
    cast = leader_named
    text = " ".join(pdf_text(_decision(cast).pdf.read()).split())
    assert "Trong thời hạn 30 ngày kể từ ngày nhận được Quyết định này" in text
    assert "khiếu nại lần hai đến LĐLĐ tỉnh hoặc khởi kiện tại Tòa án" in text
    # Remote areas get the longer limit (Luật Khiếu nại 2011 Đ.33).
    cast.hospital.remote_area = True
    cast.hospital.save(update_fields=["remote_area"])
    remote = decided(cast, subject_unit=cast.hospital, title="Đơn vùng xa")
    assert remote.is_remote
    text = " ".join(pdf_text(_decision_of(remote).pdf.read()).split())
    assert "Trong thời hạn 45 ngày" in text
    # The policy's data, not code: an administrator's change reaches the next decision.
    grounds = PaperGrounds.objects.get(policy_version=remote.policy_version, subject="complaint_1")
    grounds.next_step_days = 31
    grounds.save(update_fields=["next_step_days"])
    text = " ".join(pdf_text(_decision(cast).pdf.read()).split())
    assert "Trong thời hạn 31 ngày" in text


def test_a_policy_version_without_its_own_grounds_uses_the_latest_earlier_one(db):
    v1 = PolicyVersion.objects.get(number=1)
    last = PolicyVersion.objects.order_by("-number").first().number
    v2 = PolicyVersion.objects.create(number=last + 1, effective_from=v1.effective_from.replace(year=2026))
    v3 = PolicyVersion.objects.create(number=last + 2, effective_from=v1.effective_from.replace(year=2027))
    PaperGrounds.objects.create(
        policy_version=v2,
        subject="complaint_1",
        citations="Luật số 136/2025/QH15 sửa đổi, bổ sung một số điều của Luật Khiếu nại;",
        next_step="Trong thời hạn {{ days }} ngày …",
        next_step_days=30,
    )
    assert "Luật Khiếu nại ngày 11 tháng 11 năm 2011" in grounds_for(policy_version=v1, subject="complaint_1").citations
    assert "136/2025/QH15" in grounds_for(policy_version=v2, subject="complaint_1").citations
    assert "136/2025/QH15" in grounds_for(policy_version=v3, subject="complaint_1").citations


def _decision(cast):
    return _decision_of(decided(cast))


def _decision_of(case):
    from casework.papers.models import Paper

    return Paper.objects.get(target_id=str(case.pk), doc_kind="QĐ")
