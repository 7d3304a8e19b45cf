"""Reads for the leadership queue and the home page, all scoped to the user's units."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import CharField, Exists, JSONField, OuterRef, Q, QuerySet, Subquery
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.db.models.lookups import Exact
from django.http import Http404

from casework.audit.models import AuditEvent
from casework.audit.selectors import audit_timeline
from casework.org.awaited import awaited_line, body_name
from casework.org.models import LEADERSHIP_ROLES, Role, Unit
from casework.org.selectors import holder_scope_q, scope_q, units_visible_to, user_has_role
from core import clock
from core.errors import OutOfScope, TransitionNotAllowed
from workflows.deadline_status import DeadlineStatus, deadline_status_q, statuses_for, target_key
from workflows.escalations import (
    decision_echoes,
    decision_echoes_q,
    ground_refusals,
    return_due_on,
    takes_end_grounds,
    target_summaries,
)
from workflows.list_order import DUE
from workflows.models import Deadline, EndGround, Escalation
from workflows.services.escalations import (
    ESCALATION_TARGET,
    EscalationDeciders,
    escalation_decider_require,
    escalation_decision_refusals,
    escalations_deciders_read,
)

# Who reads the escalations about the units of their scope, without deciding them: an auditor, who reads
# everything in scope, and the committee chair, who proposes to the leadership (BTV/BCH) that elected the
# committee and reports to it (Điều lệ Công đoàn Việt Nam), and follows its answer on the committee's cases,
# flags, inspections and recommendations.
ESCALATION_READERS = (Role.AUDITOR, Role.COMMITTEE_CHAIR)


def escalation_list_for_user(*, user: Any) -> QuerySet[Escalation]:
    """The escalations the user may open, the one rule of the queue, the detail page, the API and the
    links on other pages (escalation_ids_readable): those whose deciding level lies in a unit where the user
    sits in BTV/BCH (or below it), and those about a unit of the scope of an auditor or a committee chair
    (ESCALATION_READERS: read-only, deciding stays with leadership); never one about a target the user is
    recused from (casework.cases.recusal.case_own_objects_recused_q: a case, a flag or a measure of a case,
    whatever else belongs to it)."""
    from casework.cases.recusal import case_own_objects_recused_q

    leadership = scope_q(user=user, roles=LEADERSHIP_ROLES, prefix="level__")
    readers = scope_q(user=user, roles=ESCALATION_READERS, prefix="unit__")
    return (
        Escalation.objects.filter(leadership | readers)
        .exclude(case_own_objects_recused_q(user=user))
        .select_related("unit", "level", "raised_by", "decided_by", "deadline")
        .order_by("created_at")
    )


def escalation_list_pending(
    *,
    user: Any,
    unit: Unit | None = None,
    kind: str | None = None,
    min_age_days: int | None = None,
    search: str | None = None,
    deadline: str | None = None,
) -> QuerySet[Escalation]:
    """The leadership queue: pending escalations, oldest first, with the page's filters
    (`deadline`: the rows whose decide clock's chip says so, workflows.deadline_status)."""
    # The decide clock of each row comes with it: the queue shows its due day and breach.
    decide = _decide_deadlines().filter(target_id=Cast(OuterRef("pk"), CharField())).order_by("-created_at")
    qs = (
        escalation_list_for_user(user=user)
        .filter(status=Escalation.Status.PENDING)
        .annotate(
            decide_due_on=Subquery(decide.values("due_on")[:1]),
            decide_status=Subquery(decide.values("status")[:1]),
        )
    )
    if unit is not None:
        qs = qs.filter(Q(unit__path__startswith=unit.path) | Q(level=unit))
    if kind == "automatic":
        qs = qs.filter(automatic=True)
    elif kind == "manual":
        qs = qs.filter(automatic=False)
    if min_age_days:
        qs = qs.filter(created_at__lte=clock.now() - dt.timedelta(days=min_age_days))
    if search:
        qs = qs.filter(Q(reason__icontains=search) | Q(proposal__icontains=search) | Q(unit__name__icontains=search))
    if deadline:
        qs = qs.filter(deadline_status_q(Escalation, deadline, clock.now()))
    return qs


def escalation_list_awaiting(*, user: Any) -> QuerySet[Escalation]:
    """The pending escalations awaiting `user`'s decision, oldest first: those at a level where they
    hold a leadership role (BTV/BCH) today, or below it (`holder_scope_q`, the rule of escalation_actions).
    An administrator or an auditor reads the whole queue (escalation_list_pending); nothing in it waits
    on them unless they hold the role (docs/roles.md)."""
    return escalation_list_pending(user=user).filter(
        holder_scope_q(user=user, roles=LEADERSHIP_ROLES, prefix="level__")
    )


# The columns the leadership queue may be sorted by (`?sort=`; workflows.list_order).
ESCALATION_SORTS: dict[str, tuple] = {
    "unit": ("unit__name",),
    "level": ("level__name",),
    "source": ("-automatic", "raised_by__full_name"),
    "age": ("-created_at",),
    "due": DUE,
}


def escalation_units_for(*, user: Any) -> QuerySet[Unit]:
    """The units the queue's filter offers: those of the roles that read escalations (escalation_list_for_user)."""
    return units_visible_to(user=user, roles=(*LEADERSHIP_ROLES, *ESCALATION_READERS)).order_by("path")


def escalation_get_for_user(*, user: Any, pk: int) -> Escalation:
    try:
        return escalation_list_for_user(user=user).get(pk=pk)
    except Escalation.DoesNotExist as exc:
        raise Http404 from exc


def escalation_ids_readable(*, user: Any, ids: Iterable[int]) -> set[int]:
    """Which of these escalations the user may open: a page listing an object's escalations links only
    these and shows only their status, decision and its reason; the others answer 404 to them, and the
    page says only that they were raised, and when (as a flag's merge target is named to every reader of
    the flag, its state only to its readers: inspections.selectors.flag_endings)."""
    return set(escalation_list_for_user(user=user).filter(pk__in=list(ids)).values_list("pk", flat=True))


# The escalation's own events on its target: its raising, the sweep's move up and overdue, a referral, a
# decision, its closing as overtaken (workflows.services.escalations), each naming it in `after["escalation"]`.
ESCALATION_EVENTS = "escalation."
ESCALATION_RAISED = "escalation.open"


def escalation_events_unread(
    *, user: Any, target_type: str, events: Iterable[tuple[int, str, Any]]
) -> tuple[set[int], set[int]]:
    """(hidden, withheld): of a target's audit events (pk, action, after), the pks of those about escalations
    the user may not open (escalation_ids_readable), for every page and API that reads the target's
    timeline (casework.audit.selectors.audit_timeline): such a reader learns of an escalation what a flag's
    page says of it to them, that it was raised, and when. Its raising is withheld (its moment, who raised
    it and what it is, without its reason, its proposal or its values); its other events (moved up,
    overdue, referred, decided, overtaken) are hidden; the target's own events that repeat a decision on it
    (decision_echoes: a flag's extension) are withheld like its raising. An event naming no escalation
    counts as one of an escalation the user may not open; events of neither kind are left as they are."""
    echoes = decision_echoes(target_type)
    about = [
        (pk, action, after) for pk, action, after in events if action.startswith(ESCALATION_EVENTS) or action in echoes
    ]
    if not about:
        return set(), set()
    named = {pk: _escalation_named(after) for pk, _action, after in about}
    readable = escalation_ids_readable(user=user, ids=[e for e in named.values() if e is not None])
    hidden: set[int] = set()
    withheld: set[int] = set()
    for pk, action, _after in about:
        if named[pk] in readable:
            continue
        if action == ESCALATION_RAISED or action in echoes:
            withheld.add(pk)
        else:
            hidden.add(pk)
    return hidden, withheld


def escalation_events_unread_q(*, user: Any) -> tuple[Q, Q]:
    """`escalation_events_unread` as two filters over the audit events of every target, (hidden, withheld), for
    the lists that read many targets' events at once (casework.audit.selectors.audit_event_list: the audit
    search, its API): the same rule read by the database, in the lists' own query. An event about an escalation
    (ESCALATION_EVENTS, or a target's decision echo) whose escalation (`after["escalation"]`) the user may not
    open (escalation_list_for_user) is withheld when it is the raising or an echo and hidden otherwise. An event
    naming no escalation counts as one of an escalation the user may not open. To a reader of every escalation
    of the units whose events they read (an auditor) nothing is hidden or withheld."""
    named = Cast(KeyTextTransform("escalation", Cast(OuterRef("after"), JSONField())), CharField())
    unread = Q(~Exists(escalation_list_for_user(user=user).filter(Exact(Cast("pk", CharField()), named))))
    echoes = decision_echoes_q()
    about = Q(action__startswith=ESCALATION_EVENTS) | echoes
    withheld_kind = Q(action=ESCALATION_RAISED) | echoes
    return about & ~withheld_kind & unread, about & withheld_kind & unread


def escalation_record_events_unread_q(*, user: Any) -> Q:
    """The audit events recorded about an escalation itself (ESCALATION_TARGET: its decide clock's reminders,
    breach) that the user may not open (escalation_list_for_user): hidden from them, as its events on its
    target are (escalation_events_unread), in every list and timeline of the trail."""
    readable = escalation_list_for_user(user=user).filter(Exact(Cast("pk", CharField()), OuterRef("target_id")))
    return Q(target_type=ESCALATION_TARGET) & Q(~Exists(readable))


def _escalation_named(after: Any) -> int | None:
    value = after.get("escalation") if isinstance(after, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def escalation_actions(*, user: Any, escalation: Escalation) -> list[str]:
    """Which actions the user may take on the escalation now: the leadership queue's page and the
    API's `allowed_actions` both ask here. Leadership (BTV/BCH) at its level or above, holding the role
    (an administrator only when they hold it like anyone else), decides a pending one when at least one
    decision is open to them by the check each decision applies (escalation_decision_refusals: a leader
    conflicted with the unit concerned or recused from the case, the target's refusals now, its handler's
    refusal): `services.escalations.escalation_decider_require`, the rule escalation_decide and the page
    refuse them with, saying why."""
    if escalation.status != Escalation.Status.PENDING:
        return []
    try:
        escalation_decider_require(escalation=escalation, actor=user)
    except TransitionNotAllowed:
        return []
    return ["decide"]


def escalation_awaited(*, escalation: Escalation, user: Any) -> str:
    """Whom a pending escalation waits on, for a reader of it (its page): the body of the unit
    whose leaders decide it by the rule the decision checks (services.escalations.escalations_deciders_read,
    escalation_decider_refusal): its standing committee (Ban Thường vụ) when one of them sits on it, else
    its executive committee (Ban Chấp hành); "" once decided. Conflicts are seen only by the leadership of
    its level or above, who take it over: to anyone else (a committee chair or an auditor following it) a
    line the conflicts changed (every leader of its level conflicted, a unit above deciding; or one of its
    bodies left out) reads that it waits on the competent level."""
    return escalations_awaited(escalations=[escalation], user=user)[escalation.pk]


def escalations_awaited(*, escalations: Iterable[Escalation], user: Any) -> dict[int, str]:
    """escalation_awaited for each of several escalations (pk → line), their deciders read for all at
    once (services.escalations.escalations_deciders_read): the leadership queue's line on each row."""
    escalations = list(escalations)
    reads = escalations_deciders_read([e for e in escalations if e.status == Escalation.Status.PENDING])
    return {e.pk: _awaited_line(e, reads[e.pk], user) if e.pk in reads else "" for e in escalations}


def _awaited_line(escalation: Escalation, read: EscalationDeciders, user: Any) -> str:
    named = [body_name(unit=read.unit, members=read.deciders)] if read.unit is not None else []
    if read.conflicted and not user_has_role(user=user, roles=LEADERSHIP_ROLES, unit=escalation.level):
        own_level = read.unit is not None and read.unit.pk == escalation.level_id
        unconflicted = [*(read.deciders if own_level else []), *read.conflicted]
        if [body_name(unit=escalation.level, members=unconflicted)] != named:
            named = []
    return awaited_line(names=named, decision=True)


def escalation_refused_decisions(*, escalation: Escalation, user: Any = None) -> dict[str, str]:
    """{decision: why} for the decisions refused on this escalation now, to `user` when given
    (services.escalations.escalation_decision_refusals, the rule escalation_decide refuses them by): the
    decision form says why beside the decisions it offers, the API in `refused_decisions`."""
    return {decision: error.text for decision, error in escalation_decision_refusals(escalation, user).items()}


def escalation_decisions(*, escalation: Escalation, user: Any = None) -> list[str]:
    """The decisions leadership may take on this escalation: every decision less those refused now
    (escalation_refused_decisions: the target's refusals, an extension with no clock left, and with `user`
    those refused to that user or by the target's handler). The decision form, the API's
    `allowed_decisions` and the service read this one rule."""
    refused = escalation_decision_refusals(escalation, user)
    return [value for value in Escalation.Decision.values if value not in refused]


def escalation_grounds(*, escalation: Escalation) -> list[str]:
    """The end grounds leadership may give with "approve": every ground less those not true of the
    target now (the decision form, the API's `allowed_grounds` and the service read this); none for a
    target that approving does not end on a ground (`takes_end_grounds`: a case, a supervision)."""
    if not takes_end_grounds(escalation.target_type):
        return []
    refused = ground_refusals(escalation)
    return [value for value in EndGround.values if value not in refused]


def escalation_return_due_on(*, escalation: Escalation) -> dt.date | None:
    """The due day "return" would set on the target, said before it is chosen (form and API)."""
    return return_due_on(escalation)


def _decide_deadlines() -> QuerySet[Deadline]:
    return Deadline.objects.filter(target_type=ESCALATION_TARGET, step="decide")


def escalation_decide_deadline(*, escalation: Escalation) -> Deadline | None:
    return _decide_deadlines().filter(target_id=str(escalation.pk)).order_by("-created_at").first()


def _decide_clock(escalation: Escalation) -> tuple[dt.date | None, str | None]:
    """(due day, status) of the escalation's newest decide clock; annotated by escalation_list_pending."""
    if hasattr(escalation, "decide_status") and hasattr(escalation, "decide_due_on"):
        return escalation.decide_due_on, escalation.decide_status
    decide = escalation_decide_deadline(escalation=escalation)
    return (decide.due_on, decide.status) if decide else (None, None)


def _row(escalation: Escalation, summary: dict[str, Any], status: DeadlineStatus | None) -> dict[str, Any]:
    due_on, clock_status = _decide_clock(escalation)
    return {
        "escalation": escalation,
        "summary": summary,
        "age_days": (clock.now() - escalation.created_at).days,
        "decide_by": due_on,
        # The leadership's own decide clock, read by the one rule every list uses.
        "status": status,
        "overdue": status.overdue if status else clock_status == Deadline.Status.BREACHED,
    }


def escalation_rows(
    *, escalations: list[Escalation], chips: bool = True, user: Any = None, awaited: bool = False
) -> list[dict[str, Any]]:
    """The rows of a list of escalations: their targets' summaries as `user` may read them, read per
    target type, and the decide clocks' chips read for the whole list at once, not per row
    (`chips=False`: a summary that shows only the due day and whether it passed, as the home page does);
    with `awaited`, whom each waits on as its page says it (escalations_awaited, read for all at once)."""
    summaries = target_summaries(((e.target_type, e.target_id) for e in escalations), reader=user)
    statuses = statuses_for(escalations, clock.now()) if chips else {}
    lines = escalations_awaited(escalations=escalations, user=user) if awaited else {}
    rows = [_row(e, summaries[(e.target_type, str(e.target_id))], statuses.get(target_key(e))) for e in escalations]
    for row in rows:
        row["awaited"] = lines.get(row["escalation"].pk, "")
    return rows


def escalation_timeline(*, user: Any, escalation: Escalation, limit: int = 200) -> list[AuditEvent]:
    """The target's audit events the user may read (scoped by the audit app), oldest first."""
    try:
        events = audit_timeline(user=user, target_type=escalation.target_type, target_id=escalation.target_id)
    except OutOfScope:
        return []
    return list(events[:limit])


def deadline_list_mine(*, user: Any) -> QuerySet[Deadline]:
    """Running or overdue clocks assigned to the user, overdue first, then by due time."""
    return (
        Deadline.objects.filter(
            scope_q(user=user, prefix="unit__"),
            assignee=user,
            status__in=[Deadline.Status.OPEN, Deadline.Status.BREACHED, Deadline.Status.PAUSED],
        )
        .exclude(target_type=ESCALATION_TARGET)
        .select_related("unit")
        .order_by("breached_at", "due_at")
    )
