"""Once a result is proposed the case page says who decides next, read from the rule that lets them
approve (casework.cases.permissions.can_decide): the body of the unit that decides, or the committee
chair (the acting chair while appointed) under the body's delegation."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.cases.models import Delegation, Kind, Outcome
from casework.cases.selectors import case_approval_awaited
from casework.cases.services import case_accept, case_assign, case_propose, case_start_verification
from tests.builders import acting_chair_appointed, before_dialogue, dialogued, intake

pytestmark = pytest.mark.django_db

SECTOR_BODY = "Chờ Ban Thường vụ Công đoàn ngành Y tế phê duyệt"
SECTOR_CHAIR = "Chờ Chủ nhiệm Ủy ban Kiểm tra Công đoàn ngành Y tế phê duyệt (theo ủy quyền)"
ACTING_CHAIR = "Chờ quyền Chủ nhiệm Ủy ban Kiểm tra Công đoàn ngành Y tế phê duyệt (theo ủy quyền)"


def proposed(cast, unit):
    with before_dialogue():
        case = intake(
            cast.intake, unit, kind=Kind.COMPLAINT, title="Đơn khiếu nại về chế độ", subject_unit=cast.hospital
        )
        case = case_accept(case=case, actor=cast.intake, legal_ground="Luật Khiếu nại 2011 Đ.27", subject_area="khac")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    case = case_start_verification(case=case, actor=cast.officer)
    assert case_approval_awaited(case=case, user=cast.officer) == ""
    case = dialogued(case, cast.officer)
    return case_propose(case=case, actor=cast.officer, proposal="Khiếu nại đúng một phần.", outcome=Outcome.PARTLY)


def shown(client, user, case) -> str:
    client.force_login(user)
    page = client.get(reverse("cases:detail", args=[case.pk]))
    assert page.status_code == 200
    return page.content.decode()


def test_a_grassroots_case_waits_on_the_sectors_standing_committee(cast, frozen_clock, client):
    case = proposed(cast, cast.hospital)
    assert case_approval_awaited(case=case, user=cast.officer) == SECTOR_BODY
    assert SECTOR_BODY in shown(client, cast.officer, case)


def test_the_sectors_case_waits_on_its_body_or_on_the_chair_it_delegated_to(cast, frozen_clock, client):
    case = proposed(cast, cast.sector)
    # The cast's sector delegated the approval of every kind of case to its committee chair.
    assert case_approval_awaited(case=case, user=cast.officer) == SECTOR_CHAIR
    assert SECTOR_CHAIR in shown(client, cast.officer, case)
    Delegation.objects.filter(unit=cast.sector).delete()
    assert case_approval_awaited(case=case, user=cast.officer) == SECTOR_BODY


def test_under_an_acting_appointment_the_acting_chair_is_named(cast, frozen_clock):
    case = proposed(cast, cast.sector)
    acting_chair_appointed(cast)
    assert case_approval_awaited(case=case, user=cast.officer) == ACTING_CHAIR


def test_who_may_not_see_a_conflict_is_not_told_the_case_moved_up(cast, frozen_clock):
    from casework.inspections import services as inspections

    case = proposed(cast, cast.sector)
    Delegation.objects.filter(unit=cast.sector).delete()
    inspections.conflict_declare(user=cast.leader, unit=cast.hospital, reason="Vợ là kế toán CĐCS", actor=cast.leader)
    assert case_approval_awaited(case=case, user=cast.chair) == "Chờ Ban Thường vụ LĐLĐ tỉnh phê duyệt"
    assert case_approval_awaited(case=case, user=cast.officer) == "Chờ cấp có thẩm quyền phê duyệt"
