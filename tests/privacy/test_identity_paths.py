"""Paths around the sealed identity of a denouncer, tried as readers who may see the case but not who
denounced it (Luật Tố cáo 2018 Đ.9, 47): an administrator, the unit's leaders and officers not
assigned, an auditor, a higher level's leader, the intake officer of another unit of the tree, and
the person denounced when they read the reception book. Each test names one path."""

from __future__ import annotations

import pytest

from casework.audit.models import AuditEvent
from casework.cases.models import Kind
from casework.cases.permissions import can_reveal_identity
from casework.cases.selectors import case_duplicates
from casework.cases.services import case_identity_reveal
from casework.org.models import Role
from core.errors import TransitionNotAllowed
from tests.builders import intake, make_case, submitter
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NAME = "Hoàng Thị Tố Cáo"
PHONE = "0987654321"
ADDRESS = "số 12 ngõ 34 phố Quang Trung"


# ---- revealing: an administrator is no intake officer -----------------------------------------------


def test_an_administrator_does_not_see_who_denounced_a_letter_not_yet_accepted(cast, frozen_clock, client):
    case = make_case(cast, Kind.DENUNCIATION, submitters=[submitter(full_name=NAME, phone=PHONE)])
    assert can_reveal_identity(case, cast.intake)  # the intake officer checks it before acceptance (Đ.24)
    assert cast.admin.is_superuser and not can_reveal_identity(case, cast.admin)
    with pytest.raises(TransitionNotAllowed):
        case_identity_reveal(case=case, actor=cast.admin, reason="Quản trị viên kiểm tra hệ thống")
    client.force_login(cast.admin)
    page = client.post(f"/cases/{case.pk}/reveal/", {"reason": "Quản trị viên kiểm tra hệ thống"})
    assert NAME not in page.content.decode() and PHONE not in page.content.decode()
    api = client.post(f"/api/cases/{case.pk}/reveal_identity/", {"reason": "Quản trị viên kiểm tra hệ thống"})
    assert api.status_code in (403, 409) and NAME not in api.content.decode()
    assert not AuditEvent.objects.filter(action="case.identity_reveal").exists()


# ---- duplicate detection: "same sender" is the identity itself ------------------------------------------


def _same_sender(cast, *, kind, unit, actor, content):
    return intake(
        actor,
        unit,
        kind=kind,
        title="Đơn về quỹ phúc lợi",
        content=content,
        submitters=[submitter(full_name=NAME, phone=PHONE)],
        subject_unit=cast.hospital,
    )


# (The unit's case officers hold an intake role: before acceptance they may check the identity.)
@pytest.mark.parametrize("reader", ["leader", "auditor", "inspector", "province_leader"])
def test_a_reader_who_may_not_see_the_denouncer_is_not_told_of_the_same_senders_other_letter(
    cast, frozen_clock, client, reader
):
    complaint = _same_sender(
        cast, kind=Kind.COMPLAINT, unit=cast.sector, actor=cast.intake, content="Không được xét trợ cấp khó khăn."
    )
    denunciation = _same_sender(
        cast,
        kind=Kind.DENUNCIATION,
        unit=cast.sector,
        actor=cast.intake,
        content="Chủ tịch CĐCS Bệnh viện nhận tiền của đoàn viên để xét thi đua.",
    )
    user = getattr(cast, reader)
    assert case_duplicates(case=denunciation, user=user) == []
    assert case_duplicates(case=complaint, user=user) == []
    client.force_login(user)
    assert complaint.reference not in client.get(f"/cases/{denunciation.pk}/").content.decode()
    assert denunciation.reference not in client.get(f"/cases/{complaint.pk}/").content.decode()
    # The intake officer, who checks the new letter's identity anyway, is told.
    [found] = case_duplicates(case=denunciation, user=cast.intake)
    assert found.case == complaint and "Cùng người gửi" in found.reason


def test_another_units_intake_officer_is_not_told_their_sender_also_denounced_elsewhere(cast, frozen_clock):
    h_intake = UserFactory(username="h_intake", roles=[(Role.INTAKE_OFFICER, cast.hospital)])
    at_sector = _same_sender(
        cast,
        kind=Kind.DENUNCIATION,
        unit=cast.sector,
        actor=cast.intake,
        content="Chủ tịch CĐCS Bệnh viện nhận tiền của đoàn viên để xét thi đua.",
    )
    at_hospital = _same_sender(
        cast, kind=Kind.COMPLAINT, unit=cast.hospital, actor=h_intake, content="Không được xét trợ cấp khó khăn."
    )
    assert case_duplicates(case=at_hospital, user=h_intake) == []
    # The same words still find the letter handled above, naming its unit and nothing of its sender.
    copy = _same_sender(cast, kind=Kind.COMPLAINT, unit=cast.hospital, actor=h_intake, content=at_sector.content)
    found = {d.case: d for d in case_duplicates(case=copy, user=h_intake)}
    assert str(cast.sector) in found[at_sector].reason and not found[at_sector].visible
