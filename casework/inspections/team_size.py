"""When an inspection's team is formed: the size the rules require and a lead. One rule for the service that
signs the decision (inspection_decide), the actions offered (actions.inspection_actions) and the flow, which
offers the decision's task only then (Inspection.route_state, workflows.flows.inspections)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from casework.inspections.models import Inspection, TeamMember
from casework.inspections.roles import SMALL_UNION_MEMBERS, TEAM_MINIMUM
from casework.org.models import Unit


def team_minimum(inspection: Inspection) -> int:
    """Teams have at least 3 members; a grassroots union whose RECORDED member count is below 30 has one
    BCH member doing inspection work, so its committee of one may inspect. An unknown count means 3."""
    unit = inspection.unit
    count = unit.member_count
    if unit.kind == Unit.Kind.GRASSROOTS and count is not None and count < SMALL_UNION_MEMBERS:
        return 1
    return TEAM_MINIMUM


def team_complete(inspection: Inspection) -> bool:
    """Whether the inspection's team is formed: `team_minimum` members, one of them its lead. The
    decision to inspect names the team, so it is signed only then: `inspection_decide` refuses it
    before, the "decide" action is offered only after (`actions.inspection_actions`) and so is the
    decision's task (`Inspection.route_state`)."""
    team = inspection.team.all()
    return team.count() >= team_minimum(inspection) and team.filter(role=TeamMember.Role.LEAD).exists()


def inspections_team_complete() -> QuerySet[Any, Any]:
    """`team_complete` as a query: the pks of the inspections whose team is formed."""
    small = Q(unit__kind=Unit.Kind.GRASSROOTS, unit__member_count__lt=SMALL_UNION_MEMBERS)
    return (
        Inspection.objects.annotate(
            members=Count("team", distinct=True),
            leads=Count("team", filter=Q(team__role=TeamMember.Role.LEAD), distinct=True),
        )
        .filter(leads__gte=1)
        .filter(Q(members__gte=TEAM_MINIMUM) | (small & Q(members__gte=1)))
        .values("pk")
    )
