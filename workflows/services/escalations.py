"""Escalation to leadership (BTV/BCH): opening, moving up on silence, and leadership's decision.

Lock order. Every step that decides or answers escalations of a target (escalation_decide; a leadership
extension given directly, casework.cases.services.extensions.case_extend) takes, before anything else,
through `escalations_pending_lock`:

1. the "decide" clocks of the target's escalations pending now (and of the one decided), in pk order;
2. those escalations, in pk order;

then 3. the target itself (its service's lock, e.g. case_lock) and its clocks, and 4. the audit trail's
head, with its first event. Two leaders deciding two escalations of one target (one raised by hand, one the
sweep raised on a breach that the first one's extension answers) thus wait for each other at step 1 and
never hold what the other waits for: the second decides after the first, or is told it answered its
escalation (ConcurrentChange). An escalation recorded during the step (the breach its extension records,
deadline_extend; one a pass raised meanwhile) has a higher pk than every row taken, so taking it later
(_answer_breach_escalations) keeps the order.

The sweep takes the trail's head first and then each row without waiting (SKIP LOCKED); the one row it
waits for is the escalation whose decide clock it claimed (escalation_on_silence), which a step above
takes only after that clock. No pass of the sweep (escalation_open, escalation_late_stop,
escalation_overtake, escalation_on_silence) locks a target together with its escalations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from casework.audit.services import audit_record, target_ref
from casework.org.models import LEADERSHIP_ROLES, Role, Unit
from casework.org.selectors import (
    absence_cover,
    assignments_read_ahead,
    nearest_with_role,
    unit_is_visible,
    user_has_role,
    user_holds_role,
    users_with_role,
    users_with_role_by_unit,
)
from core import clock
from core.errors import (
    ApplicationError,
    ConcurrentChange,
    OutOfScope,
    PolicyMissing,
    TransitionNotAllowed,
    ValidationFailed,
)
from notifications.language import NoticeText, site_language
from notifications.services import notify
from workflows.automatic_reasons import DECIDE_OVERDUE, LATE_STOP, OVERTAKEN, STEP_NAME, reason_coded, reason_site_text
from workflows.escalations import (
    decider_refusals,
    decider_refusals_many,
    decision_refusals,
    ending_errors,
    escalation_handler_for,
    ground_refusals,
    takes_end_grounds,
    target_audience,
    target_refusal,
    target_summary,
    target_text_masked,
)
from workflows.models import CLOCK_STOPPED, Deadline, EndGround, Escalation, object_clock_q
from workflows.services.deadlines import (
    deadline_close,
    deadline_due_record,
    deadline_extend,
    deadline_extendable,
    deadline_open,
)

ESCALATION_TARGET = "workflows.escalation"
# A letter's escalation is told by e-mail without its title and reasons (notify's body_by_email).
CASE_TARGET = "cases.case"
MANUAL_ESCALATION_ROLES = (Role.CASE_OFFICER, Role.INSPECTOR, Role.COMMITTEE_CHAIR)


PENDING_ALREADY = gettext_noop("Đối tượng này đã có đề xuất đang chờ lãnh đạo quyết định.")
OVERTAKEN_ALREADY = gettext_noop(
    "Việc đã được xử lý xong trước khi lãnh đạo quyết định: đề xuất không còn chờ quyết định, vui lòng tải lại trang."
)
# A decision posted on an escalation decided or moved up since the leader read it (its version).
DECIDED_OR_MOVED_ALREADY = gettext_noop(
    "Đề xuất đã được quyết định hoặc chuyển cấp bởi người khác, vui lòng tải lại trang."
)


def escalation_leaders(*, unit: Unit) -> list[Any]:
    """Leadership (BTV/BCH) who decide escalations sitting at `unit`: the unit's own, or the nearest
    level's above that has some. When every leader of that level is away (a grassroots union whose
    one BCH member does the inspection work, on leave), the leaders of the next level up that has one
    present are told as well: they may decide it (`escalation_decide` accepts leaders of the level or
    above), so an escalation never waits on a return. Those away stay on the list (their substitutes
    are told through `notify`)."""
    leaders: list[Any] = []
    for candidate in [unit, *reversed(list(unit.ancestors()))]:
        holders = [h for h in users_with_role(unit=candidate, roles=LEADERSHIP_ROLES) if h not in leaders]
        if not holders:
            continue
        leaders += holders
        covered, uncovered = absence_cover(user_ids=[h.pk for h in holders])
        if any(h.pk not in covered and h.pk not in uncovered for h in holders):
            break
    return leaders


def _escalation_url(escalation: Escalation) -> str:
    return reverse("workflows:detail", args=[escalation.pk])


# The "awaiting decision" notices of the escalations opened while a leadership decision is applied
# (escalation_decide, deadline_extend_by_leadership), held until it is applied: the breach its extension records
# is answered by it at once
# (_answer_breach_escalations), and leaders are never asked to decide what is decided already.
_held_open_notices: ContextVar[list[tuple[Escalation, NoticeText]] | None] = ContextVar(
    "held_open_notices", default=None
)


@contextmanager
def _open_notices_held() -> Iterator[None]:
    """Hold the open notices of escalation_open inside the block; at its end, in the same transaction, send
    those of the escalations still pending."""
    held: list[tuple[Escalation, NoticeText]] = []
    token = _held_open_notices.set(held)
    try:
        yield
    finally:
        _held_open_notices.reset(token)
    for escalation, title in held:
        if Escalation.objects.filter(pk=escalation.pk, status=Escalation.Status.PENDING).exists():
            _notify_leaders(escalation, title=title, key=f"escalation:{escalation.pk}:open")


def _notify_leaders(escalation: Escalation, *, title: NoticeText, key: str) -> None:
    with site_language():  # the summary's wording goes into the notice
        summary = target_summary(escalation.target_type, escalation.target_id)
    users, never = target_audience(
        escalation.target_type, escalation.target_id, escalation_leaders(unit=escalation.level)
    )
    notify(
        users=users,
        never=never,
        title=title,
        body=lambda: _("%(title)s\nLý do: %(reason)s") % {"title": summary["title"], "reason": escalation.reason_shown},
        url=_escalation_url(escalation),
        unit=escalation.level,
        key=key,
        reference=summary.get("reference", ""),
        body_by_email=escalation.target_type != CASE_TARGET,
    )


@transaction.atomic
def escalation_open(
    *,
    target: Model | tuple[str, Any],
    unit: Any,
    reason: str,
    proposal: str = "",
    actor: Any | None = None,
    deadline: Deadline | None = None,
    reason_code: str = "",
    reason_params: dict[str, Any] | None = None,
) -> Escalation:
    """Bring `target` to the leadership of `unit`: by hand (actor) or automatically on breach (actor None).

    Starts the escalation's own "decide" deadline; when it passes, the sweep moves the
    escalation to the parent unit's leadership. The sweep's own closes as overtaken once its
    breached clock stops (escalation_overtake).

    The sweep gives its reason as a code too (`reason_code`, `reason_params`: workflows.automatic_reasons),
    shown in each reader's language; `reason` is then its words in the site's language.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed({"reason": _("Lý do chuyển lên lãnh đạo: vui lòng nhập lý do.")})
    unit = unit if isinstance(unit, Unit) else Unit.objects.get(pk=unit)
    target_type, target_id = target_ref(target)
    reason = target_text_masked(target_type, target_id, reason)
    proposal = target_text_masked(target_type, target_id, (proposal or "").strip())
    if actor is not None:
        if not unit_is_visible(user=actor, unit=unit):
            raise OutOfScope(_("Không tìm thấy đối tượng."))
        if not user_has_role(user=actor, roles=MANUAL_ESCALATION_ROLES, unit=unit):
            raise TransitionNotAllowed(
                _("Chỉ cán bộ giải quyết, kiểm tra viên hoặc Chủ nhiệm UBKT được chuyển lên lãnh đạo.")
            )
        if Escalation.objects.filter(
            target_type=target_type, target_id=target_id, status=Escalation.Status.PENDING
        ).exists():
            raise ValidationFailed({"reason": _(PENDING_ALREADY)})
    try:
        # A savepoint: two people raising the same target at once both pass the check above; the
        # database keeps one pending escalation by hand per target and the other is told so.
        with transaction.atomic():
            escalation = Escalation.objects.create(
                target_type=target_type,
                target_id=target_id,
                unit=unit,
                level=unit,
                reason=reason,
                reason_code=reason_code,
                reason_params=reason_params or {},
                proposal=(proposal or "").strip(),
                automatic=actor is None,
                deadline=deadline,
                breach_seq=deadline.cycle if (deadline is not None and actor is None) else None,
                raised_by=actor if actor is not None else None,
                created_at=clock.now(),
            )
    except IntegrityError:
        if actor is None:
            raise  # the sweep's own: this breach was escalated already
        raise ValidationFailed({"reason": _(PENDING_ALREADY)}) from None
    deadline_open(target=escalation, unit=unit, step="decide", subject="escalation")
    audit_record(
        actor=actor,
        action="escalation.open",
        target=(target_type, target_id),
        unit=unit,
        after={
            "escalation": escalation.pk,
            "level": unit.pk,
            "automatic": escalation.automatic,
            "deadline": deadline.pk if deadline else None,
            # The sweep's proposal goes with its reason's code (workflows.automatic_reasons.PROPOSAL_TEXTS).
            **(
                reason_coded(reason_code, **escalation.reason_params)
                if reason_code
                else {"proposal": escalation.proposal}
            ),
        },
        reason=reason,
    )
    title: NoticeText = lambda: _("Đề xuất chờ lãnh đạo quyết định (%(unit)s)") % {"unit": unit.name}  # noqa: E731
    held = _held_open_notices.get()
    if held is not None:
        held.append((escalation, title))
    else:
        _notify_leaders(escalation, title=title, key=f"escalation:{escalation.pk}:open")
    return escalation


def escalation_decider_refusal(escalation: Escalation, user: Any) -> str:
    """Why `user` takes no decision on the escalation, whatever the decision: who does not hold a BTV/BCH
    role at its level or above (a committee chair or an auditor who reads it, an administrator without the
    role), or to whom its target refuses every decision (decider_refusals: a conflict with the unit
    concerned, a recusal); "" for who may decide it. The one rule of who decides an escalation:
    escalation_decider_require refuses by it, and the pages name whom a pending escalation waits on by it
    (escalations_deciders_read, which reads the target's refusals for many at once)."""
    return _decider_refusal(escalation, user, lambda: decider_refusals(escalation, user))


def _decider_refusal(escalation: Escalation, user: Any, target_refusals: Callable[[], dict[str, str]]) -> str:
    """escalation_decider_refusal, the target's refusals to `user` read by `target_refusals` (one by one,
    or from those read for a list at once)."""
    if not user_holds_role(user=user, roles=LEADERSHIP_ROLES, unit=escalation.level):
        # An administrator reads the queue but decides only holding the role like anyone else.
        return _("Chỉ Ban Thường vụ hoặc Ban Chấp hành %(unit)s hoặc cấp trên mới quyết định đề xuất này.") % {
            "unit": escalation.level
        }
    refused = target_refusals()
    if set(Escalation.Decision.values) <= set(refused):
        return next(iter(refused.values()))
    return ""


def escalation_decider_require(*, escalation: Escalation, actor: Any) -> dict[str, ApplicationError]:
    """Refuse, saying why, whom no decision on the escalation is open to: whom escalation_decider_refusal
    refuses, or a leader to whom escalation_decision_refusals (the check each decision applies: the target's
    refusals to that leader, its refusals now, an extension with no clock left, its handler's refusal of
    the decision) refuses every decision. Who may not read it at all is answered by escalation_decide as
    out of scope (404). The "decide" action offered (selectors.escalation_actions), the page, the API and
    the service read this; it returns the refusals it read ({decision: error}), those of the decisions
    still open to the leader."""
    if why := escalation_decider_refusal(escalation, actor):
        raise TransitionNotAllowed(why)
    refused = escalation_decision_refusals(escalation, actor)
    if set(Escalation.Decision.values) <= set(refused):
        # The first refusal read: the leader's own (a conflict, a recusal) when there is one.
        raise TransitionNotAllowed(next(iter(refused.values())).text)
    return refused


@dataclass
class EscalationDeciders:
    """Who may decide a pending escalation (escalations_deciders_read): the leaders of `unit`, its level or
    the nearest unit above with someone to decide, and the leaders of its level refused as conflicted."""

    unit: Unit | None
    deciders: list[Any]
    conflicted: list[Any] = field(default_factory=list)


def escalations_deciders_read(escalations: Iterable[Escalation]) -> dict[int, EscalationDeciders]:
    """For each escalation (pk), the leaders (BTV/BCH) of its level whom escalation_decider_refusal lets
    decide it; when there are none (every one conflicted, or none holding the role there), those of the
    nearest unit above with someone it lets decide: escalation_decide accepts leaders of the level or
    above. With them, the leaders of its level it refuses. In a number of queries that does not grow with
    the escalations (a page names whom one waits on, the leadership queue each of its rows): the units
    above their levels, their leaders, the leaders' roles and the targets' refusals to them
    (decider_refusals_many) are read for all at once, then each is asked the rule level by level."""
    escalations = list(escalations)
    chains = _levels_and_above([e.level for e in escalations])
    holders = users_with_role_by_unit(units=[u for chain in chains.values() for u in chain], roles=LEADERSHIP_ROLES)
    people = list({user.pk: user for users in holders.values() for user in users}.values())
    assignments_read_ahead(users=people)
    refusals = decider_refusals_many(escalations, people)
    found: dict[int, EscalationDeciders] = {}
    for escalation in escalations:
        conflicted: list[Any] = []
        found[escalation.pk] = EscalationDeciders(unit=None, deciders=[], conflicted=conflicted)
        for level in chains[escalation.level_id]:
            deciders = []
            for holder in holders.get(level.pk, []):
                refused = refusals.get((escalation.pk, holder.pk), {})
                if not _decider_refusal(escalation, holder, partial(dict, refused)):
                    deciders.append(holder)
                elif level.pk == escalation.level_id:
                    conflicted.append(holder)
            if deciders:
                found[escalation.pk] = EscalationDeciders(unit=level, deciders=deciders, conflicted=conflicted)
                break
    return found


def _levels_and_above(levels: Iterable[Unit]) -> dict[int, list[Unit]]:
    """Each level (pk) with the units above it, nearest first, read in one query for all."""
    levels = list({level.pk: level for level in levels}.values())
    above = Unit.objects.filter(path__in={path for level in levels for path in level.ancestor_paths()})
    by_path = {unit.path: unit for unit in above}
    return {
        level.pk: [level, *(by_path[p] for p in reversed(level.ancestor_paths()) if p in by_path)] for level in levels
    }


def _lock_escalation(pk: int) -> Escalation:
    return Escalation.objects.select_for_update().get(pk=pk)


def _raise_level(
    escalation: Escalation,
    *,
    actor: Any | None,
    reason: str,
    action: str,
    decided_at: dt.datetime | None = None,
    coded: dict[str, Any] | None = None,
) -> bool:
    """Move a pending escalation to the parent unit's leadership with a fresh "decide" clock.

    With `decided_at` it is leadership's referral to the superior union (recorded as its decision);
    without, the sweep moving it on silence.
    """
    parent = escalation.level.parent
    if parent is None:
        return False
    old_level = escalation.level
    deadline_close(target=escalation, step="decide", cancelled=True)
    if decided_at is not None:
        escalation.refer_up(level=parent, reason=reason, by=actor, at=decided_at)
    else:
        escalation.move_up(level=parent)
    escalation.save()
    deadline_open(target=escalation, unit=parent, step="decide", subject="escalation")
    audit_record(
        actor=actor,
        action=action,
        target=(escalation.target_type, escalation.target_id),
        unit=escalation.unit,
        before={"escalation": escalation.pk, "level": old_level.pk},
        after={"escalation": escalation.pk, "level": parent.pk, **(coded or {})},
        reason=reason,
    )
    _notify_leaders(
        escalation,
        title=lambda: _("Đề xuất chuyển lên cấp trên chờ quyết định (%(unit)s)") % {"unit": parent.name},
        key=f"escalation:{escalation.pk}:level:{parent.pk}",
    )
    return True


def escalation_on_silence(*, deadline: Deadline) -> str:
    """The "decide" clock of an escalation ran out: move it to the superior unit's leadership.

    Called by the sweep inside its transaction. At the top of the tree there is nobody higher:
    leadership is told again that the decision is overdue. One overtaken by events (its breached
    clock stopped since) is closed as such instead: nobody is asked to decide what was done.
    """
    escalation = _lock_escalation(int(deadline.target_id))
    if escalation.status != Escalation.Status.PENDING:
        return "none"
    if escalation_is_overtaken(escalation):
        # The late step was done before this pass reached the sweep's overtaken pass: nobody higher is
        # asked to decide something already dealt with.
        escalation_overtake(escalation)
        return "overtaken"
    params = {"level": escalation.level_id, "due_on": deadline.due_on.isoformat()}
    reason = reason_site_text(DECIDE_OVERDUE, params)
    if _raise_level(
        escalation, actor=None, reason=reason, action="escalation.move_up", coded=reason_coded(DECIDE_OVERDUE, **params)
    ):
        return "moved_up"
    audit_record(
        actor=None,
        action="escalation.overdue",
        target=(escalation.target_type, escalation.target_id),
        unit=escalation.unit,
        after={"escalation": escalation.pk, "level": escalation.level_id, **reason_coded(DECIDE_OVERDUE, **params)},
        reason=reason,
    )
    _notify_leaders(
        escalation,
        title=gettext_lazy("Đề xuất đã quá hạn quyết định"),
        key=f"escalation:{escalation.pk}:overdue:{deadline.pk}",
    )
    return "overdue"


def escalation_is_overtaken(escalation: Escalation) -> bool:
    """Whether a pending escalation has nothing left to decide (workflows.models.escalation_overtaken_q): the
    sweep's own, whose breached clock has stopped since (met: its step done late; cancelled: its object
    ended). Its clock is read afresh: the caller holds the trail's head, which the step stopping it held."""
    if escalation.status != Escalation.Status.PENDING or not escalation.automatic or escalation.deadline_id is None:
        return False
    status = Deadline.objects.filter(pk=escalation.deadline_id).values_list("status", flat=True).first()
    return status in CLOCK_STOPPED


def _levels_sat_at(escalation: Escalation) -> list[Unit]:
    """The units whose leadership the escalation was brought to: its unit and each level it moved up to."""
    chain = [escalation.unit, *reversed(list(escalation.unit.ancestors()))]
    return chain[: next((i for i, u in enumerate(chain) if u.pk == escalation.level_id), len(chain) - 1) + 1]


def escalation_late_stop(*, deadline: Deadline) -> Escalation:
    """Bring to leadership the breach of a clock whose step was done late before the sweep reached it
    (deadline_close dated the breach at the due moment): the late step is a breach like any other, and
    the coverage proof counts a breach only once leadership has heard of it. Nothing is left to decide,
    so the escalation is recorded overtaken at once (no decide clock, never in the queue) and its
    leaders are told in one notice that the step was late and is done.

    The caller (the sweep) holds the trail's head and the clock's row; the one-escalation-per-breach
    constraint refuses a second record of the same breach (IntegrityError, the caller's savepoint)."""
    unit = deadline.unit
    now = clock.now()
    stopped_on = timezone.localdate(deadline.closed_at) if deadline.closed_at else clock.today()
    params = {
        STEP_NAME: deadline.step,
        "due_on": deadline.due_on.isoformat(),
        "status": deadline.status,
        "stopped_on": stopped_on.isoformat(),
    }
    # Kept as a code, read in each reader's language; the stored words are the site's.
    reason = reason_site_text(LATE_STOP, params)
    escalation = Escalation.objects.create(
        target_type=deadline.target_type,
        target_id=deadline.target_id,
        unit=unit,
        level=unit,
        reason=reason,
        reason_code=LATE_STOP,
        reason_params=params,
        automatic=True,
        deadline=deadline,
        breach_seq=deadline.cycle,
        created_at=now,
    )
    target = (deadline.target_type, deadline.target_id)
    audit_record(
        actor=None,
        action="escalation.open",
        target=target,
        unit=unit,
        after={
            "escalation": escalation.pk,
            "level": unit.pk,
            "automatic": True,
            "deadline": deadline.pk,
            **reason_coded(LATE_STOP, **params),
        },
        reason=reason,
    )
    escalation.overtake(at=now)
    escalation.save()
    audit_record(
        actor=None,
        action="escalation.overtaken",
        target=target,
        unit=unit,
        after={
            "escalation": escalation.pk,
            "level": unit.pk,
            "deadline": deadline.pk,
            **reason_coded(LATE_STOP, **params),
        },
        reason=reason,
    )
    _notify_leaders(
        escalation,
        title=lambda: _("Đã quá hạn, nay đã xử lý xong (%(unit)s)") % {"unit": unit.name},
        key=f"escalation:{escalation.pk}:late_stop",
    )
    return escalation


def escalation_overtake(escalation: Escalation) -> None:
    """Close a pending escalation overtaken by events (escalation_is_overtaken): its "decide" clock is
    cancelled (run out or not: a breach of it stays recorded), it leaves the leadership queue decided by
    nobody, the trail records it, and the leaders it was brought to are told it no longer waits on them.
    The breach of the target's clock stays on record (its `breached_at`, its escalation): the target was
    late and escalated, which the reports and the coverage proof keep reading.

    The caller holds, in this order, the trail's head, the escalation's decide clock and the escalation's
    row (the sweep: workflows.sweep), so that it never waits for a row a leader deciding it holds."""
    breached = Deadline.objects.get(escalations=escalation)  # the breached clock, as it is now
    deadline_close(target=escalation, step="decide", cancelled=True)
    escalation.overtake(at=clock.now())
    escalation.save()
    params = {STEP_NAME: breached.step, "due_on": breached.due_on.isoformat(), "status": breached.status}
    audit_record(
        actor=None,
        action="escalation.overtaken",
        target=(escalation.target_type, escalation.target_id),
        unit=escalation.unit,
        after={
            "escalation": escalation.pk,
            "level": escalation.level_id,
            "deadline": breached.pk,
            **reason_coded(OVERTAKEN, **params),
        },
        # Stored in the trail in the site's language; each reader reads it in theirs.
        reason=reason_site_text(OVERTAKEN, params, action="escalation.overtaken"),
    )
    with site_language():  # the summary's wording goes into the notice
        summary = target_summary(escalation.target_type, escalation.target_id)
    leaders: list[Any] = []
    for level in _levels_sat_at(escalation):
        leaders += [leader for leader in escalation_leaders(unit=level) if leader not in leaders]
    users, never = target_audience(escalation.target_type, escalation.target_id, leaders)
    notify(
        users=users,
        never=never,
        title=lambda: _("Đề xuất không còn chờ quyết định: việc đã được xử lý xong"),
        body=lambda: (
            _("%(title)s\nBước %(step)s (hạn %(due_on)s): %(stopped)s.")
            % {
                "title": summary["title"],
                "step": breached.step_label,
                "due_on": f"{breached.due_on:%d/%m/%Y}",
                "stopped": breached.get_status_display(),
            }
        ),
        url=_escalation_url(escalation),
        unit=escalation.level,
        key=f"escalation:{escalation.pk}:overtaken",
        reference=summary.get("reference", ""),
        body_by_email=escalation.target_type != CASE_TARGET,
    )


def _extension_clocks(escalation: Escalation) -> QuerySet[Deadline]:
    """The clocks an extension on `escalation` may move, the one it moves first: the breached one, else the
    target's running or overdue limits of its own, latest first (never a clock that keeps another's pace,
    such as an expert body's conclusion: object_clock_q)."""
    if escalation.deadline_id is not None:
        return Deadline.objects.filter(pk=escalation.deadline_id)
    return Deadline.objects.filter(
        object_clock_q(),
        target_type=escalation.target_type,
        target_id=escalation.target_id,
        status__in=[Deadline.Status.OPEN, Deadline.Status.BREACHED, Deadline.Status.PAUSED],
    ).order_by("-due_at")


def escalation_extension_step(escalation: Escalation) -> str | None:
    """The step whose clock an extension on `escalation` moves (read without a lock), None when it has none:
    the one rule of the clock leadership's "extend" moves (_target_deadline), of its "no clock left"
    refusal (escalation_decision_refusals) and of the step the target's handler extends by its own rules
    (a case's: casework.cases.escalations, for an escalation raised by hand as for one on a breach)."""
    return _extension_clocks(escalation).values_list("step", flat=True).first()


def _target_deadline(escalation: Escalation) -> Deadline | None:
    """The clock an extension moves, locked: escalation_extension_step's."""
    return _extension_clocks(escalation).select_for_update(no_key=True).first()


def _extend_target_deadline(escalation: Escalation, new_due_on: dt.date) -> Deadline:
    """Move the target's clock to `new_due_on`, once: if the target's own handler already did
    (its service knows limits such as a denunciation's two extensions), it is not counted again."""
    deadline = _target_deadline(escalation)
    if deadline is None:
        # Stopped between the check (escalation_decision_refusals) and this decision: refused all the same.
        raise ValidationFailed({"new_due_on": _(NO_CLOCK_TO_EXTEND)})
    if deadline.status in (Deadline.Status.OPEN, Deadline.Status.PAUSED) and deadline.due_on == new_due_on:
        return deadline
    try:
        return deadline_extend(
            target=(escalation.target_type, escalation.target_id), step=deadline.step, new_due_on=new_due_on
        )
    except PolicyMissing as exc:
        # Stopped between the check (escalation_decision_refusals) and this decision: refused all the same.
        raise ValidationFailed({"new_due_on": _(NO_CLOCK_TO_EXTEND)}) from exc


def _decision_errors(
    escalation: Escalation,
    *,
    decision: str,
    reason: str,
    new_due_on: dt.date | None,
    discipline: str | None,
    refer_to: str | None,
    referred_body: str,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if decision not in Escalation.Decision.values:
        errors["decision"] = _("Quyết định: vui lòng chọn một trong các quyết định của lãnh đạo.")
    if not reason:
        errors["reason"] = _("Lý do quyết định: vui lòng nhập lý do (bắt buộc với mọi quyết định).")
    if decision == Escalation.Decision.EXTEND:
        if new_due_on is None:
            errors["new_due_on"] = _("Hạn mới: vui lòng nhập ngày hạn mới khi gia hạn.")
        elif new_due_on <= clock.today():
            errors["new_due_on"] = _("Hạn mới: ngày hạn mới phải sau ngày hôm nay.")
    if decision == Escalation.Decision.DISCIPLINE and discipline not in Escalation.Discipline.values:
        errors["discipline"] = _("Hình thức kỷ luật: chọn khiển trách, cảnh cáo, cách chức hoặc khai trừ.")
    if decision == Escalation.Decision.REFER:
        if refer_to not in Escalation.ReferTo.values:
            errors["refer_to"] = _("Chuyển đến: chọn công đoàn cấp trên hoặc cơ quan có thẩm quyền.")
        elif refer_to == Escalation.ReferTo.SUPERIOR and escalation.level.parent_id is None:
            errors["refer_to"] = _("Chuyển đến: đơn vị này không có công đoàn cấp trên trong hệ thống.")
        elif refer_to == Escalation.ReferTo.AUTHORITIES and not referred_body:
            errors["referred_body"] = _("Cơ quan nhận: vui lòng nhập tên cơ quan có thẩm quyền.")
    return errors


def escalation_people_concerned(escalation: Escalation) -> list[Any]:
    """Who hears about a decision: whoever raised it, the assignee of the breached clock, the committee chair."""
    people = [escalation.raised_by]
    if escalation.deadline is not None:
        people.append(escalation.deadline.assignee)
    people += nearest_with_role(unit=escalation.unit, roles=[Role.COMMITTEE_CHAIR])
    return [p for p in people if p is not None]


def _decision_recorded(
    escalation: Escalation, *, decision: str, reason: str, actor: Any, before: dict, extended: Deadline | None
) -> None:
    """The audit event of a decision on `escalation`, with the clock an extension moved."""
    audit_record(
        actor=actor,
        action=f"escalation.{decision}",
        target=(escalation.target_type, escalation.target_id),
        unit=escalation.unit,
        before=before,
        after={
            "escalation": escalation.pk,
            "status": escalation.status,
            "level": escalation.level_id,
            "decision": decision,
            "discipline": escalation.discipline,
            "new_due_on": escalation.new_due_on,
            "referred_to": escalation.referred_to,
            "ground": escalation.ground,
            "merged_into": escalation.merged_into,
            "referral_ref": escalation.referral_ref,
            "deadline": extended.pk if extended else None,
            "due": deadline_due_record(extended) if extended else {},
        },
        reason=reason,
    )


def _answer_breach_escalations(extended: Deadline, *, actor: Any, reason: str, at: dt.datetime) -> None:
    """Record as answered by leadership's extension of `extended` (by `actor`, for `reason`) the sweep's
    escalations of the breach that extension ended (the run before it: `breach_seq` one less than the clock's
    `cycle`), pending at a level the decider decides at: the one the extension itself recorded when no pass of
    the sweep had marked the breach yet (deadline_extend), or one a pass raised before the extension. The
    breach stays on record and escalated once (DESIGN: a breach escalates automatically, once); the extension
    is the decision on it that leadership gives (BTV/BCH grant extensions, a gia hạn), so nobody is asked to
    decide it again, and the new run's breach past the new due day is a new one, escalated again.
    """
    breach_escalations = Escalation.objects.select_for_update(of=("self",)).filter(
        automatic=True, status=Escalation.Status.PENDING, deadline=extended, breach_seq=extended.cycle - 1
    )
    for escalation in breach_escalations.select_related("level"):
        if not user_holds_role(user=actor, roles=LEADERSHIP_ROLES, unit=escalation.level):
            continue  # sits above the decider's level: its own leadership decides it
        before = {"status": escalation.status, "level": escalation.level_id}
        escalation.decide(
            decision=Escalation.Decision.EXTEND,
            reason=reason,
            by=actor,
            at=at,
            new_due_on=extended.due_on,
        )
        escalation.save()
        deadline_close(target=escalation, step="decide")
        _decision_recorded(
            escalation,
            decision=Escalation.Decision.EXTEND,
            reason=escalation.decision_reason,
            actor=actor,
            before=before,
            extended=extended,
        )


def escalations_pending_lock(*, target: Model | tuple[str, Any], including: int | None = None) -> None:
    """Lock the escalations of `target` pending now, and `including` (the one a leader decides, whatever its
    status), in the module's lock order: their open or paused "decide" clocks in pk order, then the
    escalations in pk order. Every step that decides or answers escalations of a target takes them so,
    before the target itself (escalation_decide; deadline_extend_by_leadership's caller, case_extend): a
    step never holds the target while waiting on a leader deciding another escalation of it whose decision
    waits on the target in turn (a deadlock); it waits for that decision instead, and reads the target and
    the escalations as it left them."""
    target_type, target_id = target_ref(target)
    pending = Escalation.objects.filter(target_type=target_type, target_id=target_id, status=Escalation.Status.PENDING)
    pks = set(pending.values_list("pk", flat=True))
    if including is not None:
        pks.add(including)
    if not pks:
        return
    list(
        Deadline.objects.select_for_update(no_key=True)
        .filter(
            target_type=ESCALATION_TARGET,
            target_id__in=[str(pk) for pk in pks],
            step="decide",
            status__in=[Deadline.Status.OPEN, Deadline.Status.PAUSED],
        )
        .order_by("pk")
    )
    list(Escalation.objects.select_for_update(of=("self",)).filter(pk__in=pks).order_by("pk"))


def deadline_extend_by_leadership(
    *,
    target: Model | tuple[str, Any],
    step: str,
    actor: Any,
    reason: str,
    days: int | None = None,
    new_due_on: dt.date | None = None,
) -> Deadline:
    """Gia hạn decided by leadership (BTV/BCH) outside a decision on an escalation (a case's extension by
    its competent body): the clock moves as deadline_extend moves it, and the breach of the run it ends,
    recorded now if no pass of the sweep had marked it, is answered by that same decision
    (_answer_breach_escalations, each with its audit event), as escalation_decide answers it. Leaders are
    told only of an escalation opened meanwhile that still waits on them (one at a level `actor` does not
    decide at). Inside the caller's transaction, which took escalations_pending_lock before the target's lock."""
    target_type, target_id = target_ref(target)
    with _open_notices_held():
        extended = deadline_extend(target=target, step=step, days=days, new_due_on=new_due_on)
        reason = target_text_masked(target_type, target_id, (reason or "").strip())
        _answer_breach_escalations(extended, actor=actor, reason=reason, at=clock.now())
    return extended


NO_CLOCK_TO_EXTEND = gettext_noop("Hạn mới: đối tượng không còn thời hạn nào để gia hạn.")


def escalation_decision_refusals(escalation: Escalation, actor: Any) -> dict[str, ApplicationError]:
    """{decision: the error it is refused with} for the decisions refused on `escalation` now, whatever
    their details (a new due day, a form of discipline), to `actor` when given: the one rule of what the
    decision form and the API's `allowed_decisions` offer (workflows.selectors.escalation_decisions) and of
    what escalation_decide refuses before anything else. It asks, in this order:

    - with `actor`, the target's refusals to that leader (decider_refusals: a conflict, a recusal);
    - the target's refusals of the decision now (decision_refusals: no extension of a complaint, Luật
      Khiếu nại 2011 Đ.28, Đ.37; no discipline on a late inspection step);
    - an extension with no clock left to move (deadline_extend's rule: none running, none run out and
      not stopped since);
    - with `actor`, the refusal the target's handler raises for the decision as given (target_refusal asked
      without the details: a discipline proposal while one waits for the secret ballot, QĐ 5130/QĐ-TLĐ;
      approving a complaint's proposal made without the dialogue, Luật Khiếu nại 2011 Đ.30 khoản 1, Đ.39)."""
    refused: dict[str, ApplicationError] = {}
    if actor is not None:
        refused = {decision: TransitionNotAllowed(why) for decision, why in decider_refusals(escalation, actor).items()}
    for decision, why in decision_refusals(escalation).items():
        refused.setdefault(decision, ValidationFailed({"decision": why}))
    if Escalation.Decision.EXTEND not in refused:
        step = escalation_extension_step(escalation)
        if step is None or not deadline_extendable(target=(escalation.target_type, escalation.target_id), step=step):
            refused[Escalation.Decision.EXTEND] = ValidationFailed({"new_due_on": _(NO_CLOCK_TO_EXTEND)})
    if actor is None:
        return refused
    for decision in Escalation.Decision.values:
        if decision not in refused:
            error = target_refusal(escalation, decision=decision, actor=actor)
            if error is not None:
                refused[decision] = error
    return refused


def _decision_check(
    escalation: Escalation,
    *,
    actor: Any,
    expected_version: int,
    decision: str,
    reason: str,
    new_due_on: dt.date | None,
    discipline: str | None,
    refer_to: str | None,
    referred_body: str,
    ground: str,
    merged_into: str = "",
    referral_ref: str = "",
) -> tuple[str, str, str]:
    """Every rule a decision is refused by before anything is written; returns the reason (through
    the target's mask), the authority's name and the ground as they are recorded."""
    from workflows.selectors import escalation_list_for_user  # the reading rule (the selectors import this module)

    if not escalation_list_for_user(user=actor).filter(pk=escalation.pk).exists():
        raise OutOfScope(_("Không tìm thấy đề xuất."))
    # The state first: a decision on one already decided (or moved up) since it was read is a lost race,
    # answered as such, before whether the actor may decide it (the level and the target may have changed).
    if escalation.status == Escalation.Status.OVERTAKEN:
        raise ConcurrentChange(_(OVERTAKEN_ALREADY))
    if escalation.status != Escalation.Status.PENDING or escalation.version != expected_version:
        raise ConcurrentChange(_(DECIDED_OR_MOVED_ALREADY))
    refused_now = escalation_decider_require(escalation=escalation, actor=actor)
    if (refusal := refused_now.get(decision)) is not None:
        # The one rule of what is offered (workflows.selectors.escalation_decisions): a decision the page
        # or the API no longer offers (the target changed since) is refused saying why, whatever its details.
        raise refusal
    reason = target_text_masked(escalation.target_type, escalation.target_id, (reason or "").strip())
    referred_body = (referred_body or "").strip()
    errors = _decision_errors(
        escalation,
        decision=decision,
        reason=reason,
        new_due_on=new_due_on,
        discipline=discipline,
        refer_to=refer_to,
        referred_body=referred_body,
    )
    ground = (ground or "").strip()
    if ground and ground not in EndGround.values:
        errors["ground"] = _(
            "Căn cứ kết thúc: chọn một căn cứ được phép (gộp, chuyển cơ quan có thẩm quyền, giải thể)."
        )
    elif ground and decision != Escalation.Decision.APPROVE:
        errors["ground"] = _("Căn cứ kết thúc chỉ dùng với quyết định đồng ý kết thúc.")
    elif ground and not takes_end_grounds(escalation.target_type):
        errors["ground"] = _("Căn cứ kết thúc: đề xuất này không kết thúc theo căn cứ kết thúc không qua kiểm tra.")
    elif ground and ground in (refused := ground_refusals(escalation)):
        # The ground must be true of the target (e.g. its unit really dissolved), never just chosen.
        errors["ground"] = refused[ground]
    elif "ground" not in errors:
        # What the ending names (the record merged into, the authority and paper referred to), by the
        # target's own rule: a referral to an authority ends a target that takes end grounds as referred.
        ending = ground if decision == Escalation.Decision.APPROVE else ""
        if (
            decision == Escalation.Decision.REFER
            and refer_to == Escalation.ReferTo.AUTHORITIES
            and takes_end_grounds(escalation.target_type)
        ):
            ending = EndGround.REFERRED
        for field, why in ending_errors(
            escalation,
            ground=ending,
            actor=actor,
            merged_into=(merged_into or "").strip(),
            referred_body=referred_body,
            referral_ref=(referral_ref or "").strip(),
        ).items():
            errors.setdefault(field, why)
    if errors:
        raise ValidationFailed(errors)
    # The refusal the target's handler raises for this decision as given (its own rule, which the handler
    # applies again under the target's lock): told before the leader confirms, never after.
    refused = target_refusal(
        escalation,
        decision=decision,
        actor=actor,
        new_due_on=new_due_on if decision == Escalation.Decision.EXTEND else None,
        discipline=discipline if decision == Escalation.Decision.DISCIPLINE else None,
    )
    if refused is not None:
        raise refused
    return reason, referred_body, ground


def escalation_decide_check(
    *,
    escalation: Escalation,
    actor: Any,
    decision: str,
    reason: str,
    new_due_on: dt.date | None = None,
    discipline: str | None = None,
    refer_to: str | None = None,
    referred_body: str = "",
    expected_version: int | None = None,
    ground: str = "",
    merged_into: str = "",
    referral_ref: str = "",
) -> None:
    """The rules `escalation_decide` refuses a decision by, asked before the page has it confirmed
    (nothing is written; the decision checks them again under its lock)."""
    _decision_check(
        escalation,
        actor=actor,
        expected_version=expected_version if expected_version is not None else escalation.version,
        decision=decision,
        reason=reason,
        new_due_on=new_due_on,
        discipline=discipline,
        refer_to=refer_to,
        referred_body=referred_body,
        ground=ground,
        merged_into=merged_into,
        referral_ref=referral_ref,
    )


@transaction.atomic
def escalation_decide(
    *,
    escalation: Escalation,
    actor: Any,
    decision: str,
    reason: str,
    new_due_on: dt.date | None = None,
    discipline: str | None = None,
    refer_to: str | None = None,
    referred_body: str = "",
    expected_version: int | None = None,
    ground: str = "",
    merged_into: str = "",
    referral_ref: str = "",
) -> Escalation:
    """A leadership decision on a pending escalation, in one transaction.

    `ground` (EndGround), with "approve", asks to end the target without its procedure on that
    ground; the target's handler decides whether its rules allow it. What the ending names is
    recorded on the escalation for the handler: `merged_into` (the reference of the record it was
    merged into), `referred_body` and `referral_ref` (the authority and the referral paper's number).

    1. Re-read under lock, taken with every escalation of the target pending (escalations_pending_lock, the
       module's lock order); someone else deciding first (or answering it with an extension, or the sweep
       moving it up) gives ConcurrentChange.
    2. Check the decider holds a BTV/BCH role at the deciding level (or above) and the input is complete.
    3. Apply it: move up or close; call the target app's handler, which changes the target's
       state through its own service; for an extension, make sure the target's clock ends on
       the new date (counted once, whether the handler or this service moved it).
    4. Audit and notify the people concerned.
    """
    # The module's lock order: every escalation of the target pending now (their decide clocks, then
    # the rows), this one with them, before the target its handler locks and the breach it answers.
    escalations_pending_lock(target=(escalation.target_type, escalation.target_id), including=escalation.pk)
    locked = (
        Escalation.objects.select_for_update(of=("self",))
        .select_related("level", "unit", "deadline")
        .get(pk=escalation.pk)
    )
    reason, referred_body, ground = _decision_check(
        locked,
        actor=actor,
        expected_version=expected_version if expected_version is not None else escalation.version,
        decision=decision,
        reason=reason,
        new_due_on=new_due_on,
        discipline=discipline,
        refer_to=refer_to,
        referred_body=referred_body,
        ground=ground,
        merged_into=merged_into,
        referral_ref=referral_ref,
    )
    before = {"status": locked.status, "level": locked.level_id}
    merged_into = (merged_into or "").strip()[:64] if ground == EndGround.MERGED else ""
    referral_ref = (referral_ref or "").strip()[:64]
    handler = escalation_handler_for(locked.target_type)
    extended = None
    now = clock.now()
    if decision == Escalation.Decision.REFER and refer_to == Escalation.ReferTo.SUPERIOR:
        _raise_level(locked, actor=actor, reason=reason, action="escalation.refer", decided_at=now)
    else:
        if decision == Escalation.Decision.REFER:
            locked.refer_out(body=referred_body, reason=reason, by=actor, at=now, referral_ref=referral_ref)
        else:
            locked.decide(
                decision=decision,
                reason=reason,
                by=actor,
                at=now,
                discipline=discipline if decision == Escalation.Decision.DISCIPLINE else "",
                new_due_on=new_due_on if decision == Escalation.Decision.EXTEND else None,
                ground=ground if decision == Escalation.Decision.APPROVE else "",
                merged_into=merged_into if decision == Escalation.Decision.APPROVE else "",
                referral_ref=referral_ref if ground == EndGround.REFERRED else "",
                referred_to=referred_body if ground == EndGround.REFERRED else "",
            )
        locked.save()
        deadline_close(target=locked, step="decide")
    # A breach the extension records (deadline_extend) opens its escalation, answered below: its leaders
    # are told of it only if it still waits on them once the decision is applied.
    with _open_notices_held():
        if handler is not None:
            handler(
                escalation=locked,
                decision=decision,
                actor=actor,
                reason=reason,
                new_due_on=locked.new_due_on,
                discipline=locked.discipline or None,
            )
        if decision == Escalation.Decision.EXTEND and new_due_on is not None:  # checked by _decision_errors
            # After the handler: its own service may already have moved the clock (then not counted twice).
            extended = _extend_target_deadline(locked, new_due_on)
            _answer_breach_escalations(extended, actor=actor, reason=locked.decision_reason, at=now)
    _decision_recorded(locked, decision=decision, reason=reason, actor=actor, before=before, extended=extended)
    with site_language():  # the summary's wording goes into the notice
        summary = target_summary(locked.target_type, locked.target_id)
    users, never = target_audience(locked.target_type, locked.target_id, escalation_people_concerned(locked))
    notify(
        users=users,
        never=never,
        title=lambda: _("Lãnh đạo đã quyết định: %(decision)s") % {"decision": locked.get_decision_display()},
        body=lambda: _("%(title)s\nLý do: %(reason)s") % {"title": summary["title"], "reason": reason},
        url=summary["url"] or _escalation_url(locked),
        unit=locked.unit,
        key=f"escalation:{locked.pk}:decision:{locked.version}",
        reference=summary.get("reference", ""),
        body_by_email=locked.target_type != CASE_TARGET,
    )
    return locked
