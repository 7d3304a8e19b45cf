"""The inbox lists a proposed case for approval to whoever holds a role of the approval in its unit
or above it (`holder_scope_q`): an administrator holding none is not waited on (they may not approve,
docs/roles.md), one sitting in the standing committee is. The work the matrix gives an administrator
(assigning an accepted case) stays listed to them."""

from __future__ import annotations

import pytest

from casework.cases.models import Case, Outcome
from casework.cases.permissions import can_approve
from casework.cases.selectors import case_inbox
from casework.cases.services import case_propose
from casework.org.models import Role
from tests.builders import accepted, assigned, verification_started
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _proposed(cast) -> Case:
    case = verification_started(assigned(cast))
    return case_propose(case=case, actor=cast.officer, proposal="Đúng một phần", outcome=Outcome.FOUNDED)


def _listed(user, case: Case) -> bool:
    return case_inbox(user=user).filter(pk=case.pk).exists()


def test_an_administrator_without_the_role_is_not_waited_on_for_an_approval(cast, frozen_clock):
    case = _proposed(cast)
    assert not can_approve(case, cast.admin)
    assert not _listed(cast.admin, case)


def test_an_administrator_holding_the_leadership_role_is(cast, frozen_clock):
    case = _proposed(cast)
    admin_leader = UserFactory(
        username="admin_leader", is_staff=True, is_superuser=True, roles=[(Role.BTV_MEMBER, cast.sector)]
    )
    assert can_approve(case, admin_leader) and can_approve(case, cast.leader)
    assert _listed(admin_leader, case) and _listed(cast.leader, case)
    beside = UserFactory(username="beside", roles=[(Role.BTV_MEMBER, cast.other_sector)])
    assert not _listed(beside, case)


def test_an_accepted_case_still_waits_on_an_administrator_to_assign_it(cast, frozen_clock):
    case = accepted(cast)
    assert _listed(cast.admin, case)
