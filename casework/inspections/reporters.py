"""Who reports on carrying out a recommendation (báo cáo kết quả thực hiện): the one rule the page,
the API, the service, the home list and the notices read.

The representatives of the unit that must act (Role.SUBJECT_REP, held in it or above it) report.
On a measure of a denunciation's conclusion, whoever is recused from the case never does (Luật Tố
cáo 2018 Đ.47: for them the case does not exist). When that leaves nobody (every representative
recused, or none held), the measure is not left without a reporter: as when every decider of a
case is conflicted and the unit above decides (casework.cases.permissions.case_deciders_read), the
leadership (BTV/BCH) of the nearest unit above the unit that must act with someone not recused
reports, the union above directing the one below (Điều lệ Công đoàn Việt Nam; Luật Tố cáo 2018
Đ.45, Đ.46: the body responsible reports on carrying out the conclusion). Only a level whose
leaders read the case's measures counts: the case's unit or a unit above it.
"""

from __future__ import annotations

from typing import Any

from casework.cases.recusal import cases_recused_user_ids
from casework.inspections.models import Recommendation
from casework.org.models import PATH_SEGMENT_WIDTH, Role, RoleAssignment, Unit, User
from casework.org.selectors import user_holds_role
from core import clock

REPORTER_ROLES = (Role.SUBJECT_REP,)
# Who reports instead when no representative may: the leadership of a unit above.
REPORTERS_ABOVE_ROLES = (Role.BTV_MEMBER, Role.BCH_MEMBER)


def _paths_up(path: str) -> list[str]:
    """The unit's own path and those of the units above it, nearest first."""
    step = PATH_SEGMENT_WIDTH + 1
    return [path[:end] for end in range(len(path), 0, -step)]


def reporters_above(recommendations: list[Recommendation]) -> dict[int, set[int]]:
    """Recommendation pk → the ids of the people who report instead of the representatives, for
    each case's measure among `recommendations` that no representative may report on (none when
    nobody qualifies either); measures a representative reports on are not listed. Two queries
    whatever the number of measures: the recusals of their cases, the role holders of their units."""
    return {pk: leaders for pk, (_level, leaders) in _levels_above(recommendations).items()}


def reporters_above_unit(recommendation: Recommendation) -> Unit | None:
    """The unit whose leadership reports on `recommendation` instead of the representatives (its
    leaders less the recused: reporters_above), or None when a representative reports (or nobody
    qualifies): where the flow offers the report task (workflows.flows.inspections)."""
    level = _levels_above([recommendation]).get(recommendation.pk, ("", set()))[0]
    return Unit.objects.filter(path=level).first() if level else None


def _levels_above(recommendations: list[Recommendation]) -> dict[int, tuple[str, set[int]]]:
    """reporters_above, with the path of the unit whose leaders they are ("" when none)."""
    measures = [rec for rec in recommendations if rec.case_id is not None]
    if not measures:
        return {}
    recused = cases_recused_user_ids(cases=[rec.case for rec in measures])
    paths = {path for rec in measures for path in _paths_up(rec.owner_unit.path)}
    holders = (
        RoleAssignment.objects.active_on(clock.today())
        .filter(unit__path__in=sorted(paths), role__in=[*REPORTER_ROLES, *REPORTERS_ABOVE_ROLES], user__is_active=True)
        .values_list("user_id", "role", "unit__path")
    )
    rows = list(holders)
    found: dict[int, tuple[str, set[int]]] = {}
    for rec in measures:
        excluded = recused[rec.case_id]
        chain = _paths_up(rec.owner_unit.path)
        if any(role in REPORTER_ROLES and path in chain and uid not in excluded for uid, role, path in rows):
            continue
        found[rec.pk] = ("", set())
        # The units above the one that must act whose leaders read the case's measures, nearest first.
        for level in [p for p in chain[1:] if rec.case.unit.path.startswith(p)]:
            leaders = {
                uid
                for uid, role, path in rows
                if path == level and role in REPORTERS_ABOVE_ROLES and uid not in excluded
            }
            if leaders:
                found[rec.pk] = (level, leaders)
                break
    return found


def followup_may_report(*, user: Any, recommendation: Recommendation) -> bool:
    """Whether `user` reports on carrying out `recommendation` (its state aside): see the module."""
    from casework.inspections.recusal import RECOMMENDATION_TARGET
    from workflows.escalations import target_excluded

    rec = recommendation
    rep = user_holds_role(user=user, roles=REPORTER_ROLES, unit=rec.owner_unit)  # an administrator only holding it
    if rec.case_id is None:
        return rep
    if user.pk in target_excluded(RECOMMENDATION_TARGET, rec.pk):
        return False
    if rep:
        return True
    # Only a leader can be one who reports instead: nobody else costs a query.
    if not user_holds_role(user=user, roles=REPORTERS_ABOVE_ROLES):
        return False
    return user.pk in reporters_above([rec]).get(rec.pk, set())


def followup_reporters(recommendation: Recommendation) -> list[User]:
    """Who is told what concerns the report: the representatives of the unit that must act, and
    whoever reports instead of them (reporters_above). The caller leaves out the recused."""
    from casework.org.selectors import users_with_role

    people = list(users_with_role(unit=recommendation.owner_unit, roles=REPORTER_ROLES))
    above = reporters_above([recommendation]).get(recommendation.pk)
    if above:
        people += list(User.objects.filter(pk__in=above).order_by("username"))
    return people
