"""Once a result is proposed the case page says who decides next, read from the rule that lets them
approve (casework.cases.permissions.can_decide): the body of the unit that decides, and under the body's
delegation the committee chair (the acting chair while appointed) as well, the body's members approving
still. A reader who does not see conflicts is never told a line the conflicts shaped."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from casework.cases.models import Delegation, Kind, Outcome
from casework.cases.permissions import can_decide
from casework.cases.selectors import case_approval_awaited, case_conflict_reason
from casework.cases.services import case_accept, case_assign, case_propose, case_start_verification
from casework.inspections.services.teams import conflict_declare
from casework.org import role_cache
from casework.org.models import Role, RoleAssignment
from core import clock
from tests.builders import acting_chair_appointed, before_dialogue, dialogued, intake

pytestmark = pytest.mark.django_db

SECTOR_BODY = "Chờ Ban Thường vụ Công đoàn ngành Y tế phê duyệt"
SECTOR_CHAIR_OR_BODY = "Chờ Chủ nhiệm Ủy ban Kiểm tra Công đoàn ngành Y tế (theo ủy quyền) hoặc Ban Thường vụ Công đoàn ngành Y tế phê duyệt"
SECTOR_CHAIR = "Chờ Chủ nhiệm Ủy ban Kiểm tra Công đoàn ngành Y tế (theo ủy quyền) phê duyệt"
ACTING_CHAIR_OR_BODY = (
    "Chờ quyền Chủ nhiệm Ủy ban Kiểm tra Công đoàn ngành Y tế (theo ủy quyền) hoặc Ban Thường vụ Công đoàn ngành Y tế "
    "phê duyệt"
)
BOTH_CHAIRS_OR_BODY = (
    "Chờ Chủ nhiệm hoặc quyền Chủ nhiệm Ủy ban Kiểm tra Công đoàn ngành Y tế (theo ủy quyền) hoặc Ban Thường vụ "
    "Công đoàn ngành Y tế phê duyệt"
)
COMPETENT = "Chờ cấp có thẩm quyền phê duyệt"


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


def test_under_the_delegation_the_chair_and_the_body_are_both_named(cast, frozen_clock, client):
    case = proposed(cast, cast.sector)
    # The cast's sector delegated the approval of every kind of case to its committee chair; its standing
    # committee's members approve still (can_decide: can_lead first).
    assert can_decide(case, cast.chair) and can_decide(case, cast.leader)
    assert case_approval_awaited(case=case, user=cast.officer) == SECTOR_CHAIR_OR_BODY
    assert SECTOR_CHAIR_OR_BODY in shown(client, cast.officer, case)
    Delegation.objects.filter(unit=cast.sector).delete()
    assert not can_decide(case, cast.chair)
    assert case_approval_awaited(case=case, user=cast.officer) == SECTOR_BODY


def test_a_body_of_executive_committee_members_only_is_named_as_such(cast, frozen_clock):
    case = proposed(cast, cast.sector)
    Delegation.objects.filter(unit=cast.sector).delete()
    RoleAssignment.objects.filter(user=cast.leader).update(role=Role.BCH_MEMBER)
    role_cache.forget(cast.leader.pk)
    assert case_approval_awaited(case=case, user=cast.officer) == "Chờ Ban Chấp hành Công đoàn ngành Y tế phê duyệt"


def test_the_body_conflicted_leaves_the_chair_named_to_who_sees_conflicts_only(cast, frozen_clock):
    case = proposed(cast, cast.sector)
    conflict_declare(user=cast.leader, unit=cast.hospital, reason="Vợ là kế toán CĐCS", actor=cast.leader)
    assert case_conflict_reason(case=case, user=cast.leader)
    assert case_approval_awaited(case=case, user=cast.chair) == SECTOR_CHAIR
    # The officer would learn that the standing committee is conflicted: told the competent level.
    assert case_approval_awaited(case=case, user=cast.officer) == COMPETENT


def test_under_an_acting_appointment_the_acting_chair_is_named_with_the_chair(cast, frozen_clock):
    case = proposed(cast, cast.sector)
    acting_chair_appointed(cast)
    assert can_decide(case, cast.inspector) and can_decide(case, cast.chair)
    assert case_approval_awaited(case=case, user=cast.officer) == BOTH_CHAIRS_OR_BODY


def test_the_acting_chair_alone_is_named_when_the_chair_has_left(cast, frozen_clock, client):
    case = proposed(cast, cast.sector)
    acting_chair_appointed(cast)
    RoleAssignment.objects.filter(user=cast.chair, role=Role.COMMITTEE_CHAIR).update(
        valid_to=clock.today() - dt.timedelta(days=1)
    )
    role_cache.forget(cast.chair.pk)
    assert not can_decide(case, cast.chair) and can_decide(case, cast.inspector)
    assert case_approval_awaited(case=case, user=cast.officer) == ACTING_CHAIR_OR_BODY
    assert ACTING_CHAIR_OR_BODY in shown(client, cast.officer, case)


def test_who_may_not_see_a_conflict_is_not_told_the_case_moved_up(cast, frozen_clock):
    case = proposed(cast, cast.sector)
    Delegation.objects.filter(unit=cast.sector).delete()
    conflict_declare(user=cast.leader, unit=cast.hospital, reason="Vợ là kế toán CĐCS", actor=cast.leader)
    assert case_approval_awaited(case=case, user=cast.chair) == "Chờ Ban Thường vụ LĐLĐ tỉnh phê duyệt"
    assert case_approval_awaited(case=case, user=cast.officer) == COMPETENT


def test_a_case_action_done_is_worded_as_every_other_pages(cast, frozen_clock, client):
    from django.contrib.messages import get_messages

    case = proposed(cast, cast.sector)
    client.force_login(cast.leader)
    answer = client.post(reverse("cases:action", args=[case.pk, "approve"]), {"note": "", "version": case.version})
    assert answer.status_code == 302
    [message] = [str(m) for m in get_messages(answer.wsgi_request)]
    # One wording for the cases', flags', inspections', plans' and supervisions' actions.
    assert message.startswith("Đã thực hiện: ") and message.endswith(".") and "đã thực hiện" not in message
