"""A substitute standing in for the absent assigned officer does the officer's work on a denunciation
but does not learn who denounced: the resolver decides who knows it (Luật Tố cáo 2018 Đ.47 khoản 1,
Đ.48 khoản 1), by a grant with a reason, audited."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.audit.selectors import audit_events_for
from casework.cases.models import Kind
from casework.cases.permissions import can_reveal_identity, can_work
from casework.cases.services import case_identity_grant, case_identity_reveal
from core import clock
from core.errors import TransitionNotAllowed
from tests.builders import assigned
from workflows.services.absences import absence_record

pytestmark = pytest.mark.django_db

REASON = "Xác minh nội dung tố cáo khi cán bộ vắng"


@pytest.fixture
def denunciation(cast, frozen_clock):
    return assigned(cast, kind=Kind.DENUNCIATION)


def _away(cast):
    today = clock.today()
    return absence_record(
        actor=cast.officer,
        user=cast.officer,
        starts_on=today,
        ends_on=today + dt.timedelta(days=10),
        reason="Nghỉ phép năm",
        substitute=cast.officer2,
    )


def test_the_substitute_works_the_case_without_the_identity(cast, denunciation, client):
    assert can_reveal_identity(denunciation, cast.officer)
    _away(cast)
    assert can_work(denunciation, cast.officer2)
    assert not can_reveal_identity(denunciation, cast.officer2)
    with pytest.raises(TransitionNotAllowed):
        case_identity_reveal(case=denunciation, actor=cast.officer2, reason=REASON)
    client.force_login(cast.officer2)
    response = client.post(f"/api/cases/{denunciation.pk}/reveal_identity/", {"reason": REASON}, format="json")
    assert response.status_code in (403, 409, 422)
    assert "Nguyễn Văn Gửi" not in response.content.decode()
    assert (
        not audit_events_for(target_type="cases.case", target_id=denunciation.pk)
        .filter(action="case.identity_reveal")
        .exists()
    )


def test_the_person_who_decides_may_grant_it_to_the_substitute_by_name(cast, denunciation):
    _away(cast)
    case_identity_grant(case=denunciation, actor=cast.chair, grantee=cast.officer2, reason=REASON)
    assert can_reveal_identity(denunciation, cast.officer2)
    people = case_identity_reveal(case=denunciation, actor=cast.officer2, reason=REASON)
    assert people and people[0]["full_name"]
    grant = audit_events_for(target_type="cases.case", target_id=denunciation.pk).get(action="case.identity_grant")
    assert grant.after["user"] == cast.officer2.pk
