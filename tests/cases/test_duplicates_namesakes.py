"""Two letters whose senders gave only a name (no phone, no e-mail) share the fingerprint of that name, whoever
wrote them: the duplicate hint calls them "same name", a weaker signal for the officer to compare, never "same
sender", and leaves out a namesake's letter the reader cannot open (a hint they could not check, about a
stranger). Nothing is merged or linked on it: the officer decides (case_merge)."""

from __future__ import annotations

import pytest
from django.test import Client

from casework.cases.models import Kind
from casework.cases.selectors import case_duplicates
from casework.org.models import Role
from tests.builders import intake, submitter
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NAME = "Nguyễn Thị Hoa"


def _letter(actor, unit, content: str, *, phone: str = "", kind: str = Kind.COMPLAINT):
    return intake(
        actor,
        unit,
        kind=kind,
        title="Đơn của đoàn viên",
        content=content,
        submitters=[submitter(full_name=NAME, phone=phone, email="", address="")],
        subject_person="",
    )


def test_two_namesakes_without_a_contact_are_the_same_name_not_the_same_sender(cast, frozen_clock):
    first = _letter(cast.intake, cast.sector, "Không được xét trợ cấp khó khăn năm 2025.")
    second = _letter(cast.intake, cast.sector, "Công đoàn chưa thăm hỏi khi tôi ốm dài ngày tháng 3.")
    assert first.submitter_fingerprint == second.submitter_fingerprint  # the name's alone
    [found] = case_duplicates(case=second, user=cast.intake)
    assert found.case == first and found.weak and found.visible
    assert "Cùng người gửi" not in found.reason and "trùng họ tên" in found.reason
    client = Client()
    client.force_login(cast.intake)
    page = client.get(f"/cases/{second.pk}/").content.decode()
    assert "Chỉ trùng họ tên người gửi" in page and "Cùng người gửi" not in page
    # The merge is still the officer's: nothing was merged or linked.
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.merged_into_id is None and second.merged_into_id is None


def test_the_same_sender_with_a_phone_is_still_the_same_sender(cast, frozen_clock):
    first = _letter(cast.intake, cast.sector, "Không được xét trợ cấp khó khăn năm 2025.", phone="0912 345 678")
    second = _letter(cast.intake, cast.sector, "Công đoàn chưa thăm hỏi khi tôi ốm.", phone="0912345678")
    [found] = case_duplicates(case=second, user=cast.intake)
    assert found.case == first and not found.weak and "Cùng người gửi" in found.reason


def test_a_namesakes_letter_the_reader_cannot_open_is_left_out(cast, frozen_clock):
    p_intake = UserFactory(username="p_intake", roles=[(Role.INTAKE_OFFICER, cast.province)])
    at_province = _letter(p_intake, cast.province, "Đề nghị xem lại mức đoàn phí của công nhân hợp đồng ngắn hạn.")
    at_sector = _letter(cast.intake, cast.sector, "Không được xét trợ cấp khó khăn năm 2025.")
    assert case_duplicates(case=at_sector, user=cast.intake) == []
    # The province's officer, who may open the sector's letter, is shown it as the same name.
    [found] = case_duplicates(case=at_province, user=p_intake)
    assert found.case == at_sector and found.weak


def test_namesakes_who_denounced_are_the_same_name_for_whom_may_see_both(cast, frozen_clock):
    first = _letter(cast.intake, cast.sector, "Chủ tịch CĐCS nhận tiền để xét thi đua.", kind=Kind.DENUNCIATION)
    second = _letter(cast.intake, cast.sector, "Kế toán CĐCS chi sai quỹ phúc lợi.", kind=Kind.DENUNCIATION)
    [found] = case_duplicates(case=second, user=cast.intake)
    assert found.case == first and found.weak and "Cùng người gửi" not in found.reason
