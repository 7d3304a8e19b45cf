"""Reads of supervisions, scoped like the inspections': the readers of the supervising unit's records,
and the representatives of the unit supervised once the supervision has started."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from casework.inspections.models import Flag, PlanItem
from casework.inspections.roles import INSPECTION_STAFF, READERS
from casework.inspections.selectors import flag_list
from casework.org.models import Role, User
from casework.org.selectors import scope_q, user_roots, users_with_role
from casework.search.models import SearchDocument
from casework.search.selectors import search_match_ids
from casework.supervision.models import SUPERVISION_TARGET, Supervision
from core import clock
from workflows.deadline_status import deadline_status_q
from workflows.models import Deadline


def supervision_visible_q(*, user: User, prefix: str = "") -> Q:
    """The one rule of who sees a supervision (through `prefix`): the readers of the supervising unit's
    records, and the representatives of the unit supervised once it has started. Pages, API, search,
    admin and the flags it raised all read it."""
    staff = scope_q(user=user, roles=READERS, prefix=f"{prefix}unit__")
    subject = scope_q(user=user, roles=[Role.SUBJECT_REP], prefix=f"{prefix}subject_unit__") & ~Q(
        **{f"{prefix}status": Supervision.Status.PLANNED}
    )
    return staff | subject


def supervision_list(*, user: User, filters: dict[str, Any] | None = None) -> QuerySet[Supervision]:
    """`filters` (all optional, each only narrows): q (the search box's match, accents and case aside:
    reference, title, topics, units), status, kind, unit (the unit supervised and
    its subtree), year (of the period's start), deadline (the rows whose report clock's chip says so:
    the one rule of workflows.deadline_status)."""
    qs = Supervision.objects.filter(supervision_visible_q(user=user)).select_related("unit", "subject_unit")
    filters = filters or {}
    if text := filters.get("q"):
        qs = qs.filter(pk__in=search_match_ids(q=text, kind=SearchDocument.Kind.SUPERVISION))
    for name in ("status", "kind"):
        if value := filters.get(name):
            qs = qs.filter(**{name: value})
    if (unit := filters.get("unit")) is not None:
        qs = qs.filter(subject_unit__path__startswith=unit.path)
    if year := filters.get("year"):
        qs = qs.filter(starts_on__year=year)
    if code := filters.get("deadline"):
        qs = qs.filter(deadline_status_q(Supervision, code, clock.now()))
    return qs


def supervision_get(*, user: User, pk: int) -> Supervision:
    supervision = supervision_list(user=user).filter(pk=pk).first()
    if supervision is None:
        raise Http404(_("Không tìm thấy cuộc giám sát."))
    return supervision


def supervision_deadlines(*, supervision: Supervision) -> QuerySet[Deadline]:
    """The supervision's clocks, running and stopped, oldest first (the page's and the API's "Thời hạn")."""
    return Deadline.objects.filter(target_type=SUPERVISION_TARGET, target_id=str(supervision.pk)).order_by(
        "created_at", "pk"
    )


def supervision_summary(target_id: str) -> dict[str, Any]:
    """How a supervision appears in the sweep's notices, the leadership queue and the home page
    (workflows.escalations' summary registry)."""
    supervision = Supervision.objects.select_related("unit").get(pk=int(target_id))
    return {
        "title": gettext("Cuộc giám sát %(reference)s: %(title)s")
        % {"reference": supervision.reference, "title": supervision.title},
        "url": reverse("supervision:detail", args=[supervision.pk]),
        "reference": supervision.reference,
        "unit": supervision.unit,
    }


def supervision_excluded_people(target_id: str) -> set[int]:
    """Whoever is conflicted with the unit supervised (a role held in it, a declared conflict: the teams'
    rule) is never told about the supervision's clock or escalation, as themselves or as a stand-in."""
    from casework.inspections.services.teams import unit_conflicted_user_ids

    supervision = Supervision.objects.select_related("subject_unit").filter(pk=int(target_id)).first()
    return unit_conflicted_user_ids(unit=supervision.subject_unit) if supervision is not None else set()


def supervision_flags(*, user: User, supervision: Supervision) -> QuerySet[Flag]:
    """The flags the supervision's report raised, as far as `user` may see flags (flags.flag_list)."""
    return flag_list(user=user).filter(source_type=SUPERVISION_TARGET, source_id=str(supervision.pk))


def supervision_plan_items(*, user: User) -> QuerySet[PlanItem]:
    """Supervision items of the approved or running plans of the units whose committee `user` sits on."""
    return (
        PlanItem.objects.filter(
            scope_q(user=user, roles=INSPECTION_STAFF, prefix="plan__unit__"),
            kind=PlanItem.Kind.SUPERVISION,
            plan__status__in=["approved", "active"],
        )
        .select_related("plan", "subject_unit")
        .order_by("starts_on", "pk")
    )


def supervision_team_candidates(*, user: User) -> QuerySet[User]:
    """Committee members of the units where `user` may supervise (and above): whom a team may name."""
    ids = {
        member.pk
        for unit in user_roots(user=user, roles=INSPECTION_STAFF)
        for member in users_with_role(unit=unit, roles=INSPECTION_STAFF, include_ancestors=True)
    }
    return User.objects.filter(pk__in=ids).order_by("username")
