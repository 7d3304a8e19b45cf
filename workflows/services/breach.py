"""A clock's breach: marked, told, and brought to leadership, by one rule for every path that records it.

The sweep records the breach of each clock it finds open past its due moment (workflows.sweep). A service
that moves or stops the clock of a step before any pass came round records it first, by the same function
(workflows.services.deadlines: a new limit, an extension, a pause, a resume of a clock paused only after it
ran out): the breach that happened is recorded and escalated alike whether or not the sweep ran in between.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from casework.audit.services import audit_record
from casework.org.models import Role
from notifications.language import site_language
from notifications.services import notify
from workflows.automatic_reasons import OVERDUE, PROPOSAL_TEXTS, STEP_NAME, STEP_OVERDUE, reason_coded, reason_site_text
from workflows.escalations import target_audience, target_summary
from workflows.models import Deadline, DeadlineRule, Escalation
from workflows.services.escalations import (
    ESCALATION_TARGET,
    escalation_leaders,
    escalation_on_silence,
    escalation_open,
    nearest_with_role,
)


class ClaimLost(Exception):
    """The clock is no longer as its claim found it (another pass of the sweep changed it first): the
    caller rolls back what it did to the row."""


def run_key(deadline: Deadline) -> str:
    """Key part that changes with each run of a deadline (its `cycle`: deadline_rearm), so a re-armed one is
    reminded and breached again; none for its first run."""
    return f":x{deadline.cycle}" if deadline.cycle else ""


def deadline_recipients(deadline: Deadline) -> tuple[list, set[int]]:
    """Who hears of a clock, less whoever is recused from what it runs on, and those recused
    (`notify`'s `never`: not told as anyone's stand-in either)."""
    if deadline.target_type == ESCALATION_TARGET:
        escalation = Escalation.objects.filter(pk=int(deadline.target_id)).first()
        leaders = escalation_leaders(unit=deadline.unit)
        if escalation is None:
            return leaders, set()
        return target_audience(escalation.target_type, escalation.target_id, leaders)
    people = [deadline.assignee, *nearest_with_role(unit=deadline.unit, roles=[Role.COMMITTEE_CHAIR])]
    return target_audience(deadline.target_type, deadline.target_id, people)


def deadline_breach(deadline: Deadline, now: dt.datetime) -> str:
    """Mark `deadline`, open past its due moment as of `now`, breached at `now`, with its audit event; tell
    its people; bring the breach to leadership when its rule escalates (once per run: the
    one-escalation-per-breach constraint on its `cycle`), or, for an escalation's own decide clock, move
    that escalation up (escalation_on_silence). What it did: "breached", "escalated", or the silence's outcome.

    The caller holds the clock's row in its transaction (the sweep claims it; a service locks it);
    `ClaimLost` when the row is not open past its due moment any more."""
    if (
        Deadline.objects.filter(pk=deadline.pk, status=Deadline.Status.OPEN, due_at__lt=now).update(
            status=Deadline.Status.BREACHED, breached_at=now, next_reminder_at=None
        )
        != 1
    ):
        raise ClaimLost
    deadline.status, deadline.breached_at, deadline.next_reminder_at = Deadline.Status.BREACHED, now, None
    audit_record(
        actor=None,
        action="deadline.breach",
        target=(deadline.target_type, deadline.target_id),
        unit=deadline.unit_id,
        before={"deadline": deadline.pk, "status": Deadline.Status.OPEN},
        after={
            "deadline": deadline.pk,
            "status": Deadline.Status.BREACHED,
            "step": deadline.step,
            **reason_coded(OVERDUE, due_on=deadline.due_on.isoformat()),
        },
        reason=reason_site_text(OVERDUE, {"due_on": deadline.due_on.isoformat()}),
    )
    if deadline.target_type == ESCALATION_TARGET:
        return escalation_on_silence(deadline=deadline)
    with site_language():  # the summary's wording goes into the notice
        summary = target_summary(deadline.target_type, deadline.target_id)
    users, never = deadline_recipients(deadline)
    notify(
        users=users,
        never=never,
        title=lambda: gettext("Quá hạn: %(title)s") % {"title": summary["title"]},
        body=lambda: (
            gettext("Bước %(step)s đã quá hạn %(due_on)s.")
            % {"step": deadline.step_label, "due_on": f"{deadline.due_on:%d/%m/%Y}"}
        ),
        url=summary["url"],
        unit=deadline.unit,
        key=f"deadline:{deadline.pk}{run_key(deadline)}:breach",
        reference=summary.get("reference", ""),
    )
    rule = deadline.rule
    if rule is None or rule.on_breach != DeadlineRule.OnBreach.ESCALATE:
        return "breached"
    # Kept as a code, read in each reader's language; the stored words are the site's.
    params = {STEP_NAME: deadline.step, "due_on": deadline.due_on.isoformat()}
    with site_language():
        proposal = str(PROPOSAL_TEXTS[STEP_OVERDUE])
    try:
        with transaction.atomic():  # savepoint: a duplicate must not spoil the row's transaction
            escalation_open(
                target=(deadline.target_type, deadline.target_id),
                unit=deadline.unit,
                reason=reason_site_text(STEP_OVERDUE, params),
                reason_code=STEP_OVERDUE,
                reason_params=params,
                proposal=proposal,
                deadline=deadline,
            )
    except IntegrityError:
        return "breached"  # already escalated by an earlier, interrupted sweep
    return "escalated"
