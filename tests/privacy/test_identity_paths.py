"""Paths around the sealed identity of a denouncer, tried as readers who may see the case but not who
denounced it (Luật Tố cáo 2018 Đ.9, 47): an administrator, the unit's leaders and officers not
assigned, an auditor, a higher level's leader, the intake officer of another unit of the tree, and
the person denounced when they read the reception book. Each test names one path."""

from __future__ import annotations

import pytest

from casework.audit.models import AuditEvent
from casework.cases.models import Kind
from casework.cases.permissions import can_reveal_identity
from casework.cases.services import case_identity_reveal
from core.errors import TransitionNotAllowed
from tests.builders import make_case, submitter

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
