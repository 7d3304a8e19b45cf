"""Vắng mặt và quyền chủ nhiệm: nothing stalls because one person is away.

While an absence with a substitute is in force, the person's open tasks are handed to the
substitute (`tasks_rehome`), new tasks go to the substitute (`RoleTask.owner_for` asks
`stand_in_for`), and reminders and escalations reach the substitute too (`notify`). When it ends,
the tasks go back. A committee chair may appoint an acting chair (quyền chủ nhiệm) for a period
under a written appointment; the decisions taken under it carry that document in the audit trail.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.audit.services import audit_record
from casework.org.models import Absence, Role, RoleAssignment, Unit, User
from casework.org.role_cache import forget
from casework.org.selectors import (
    ABSENCE_MANAGER_ROLES,
    absence_managed_holders,
    absence_people,
    absences_in_force,
    acting_document_for,
    active_assignments,
    nearest_with_role,
    substitute_coverage,
    units_visible_to,
    user_holds_role_titular,
    users_with_role,
)
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed
from notifications.language import site_language
from notifications.services import notify
from workflows.deadline_status import target_key
from workflows.escalations import target_excluded, target_summary
from workflows.flows.routing import roles_covering, tasks_rehome

MANAGER_ROLES = ABSENCE_MANAGER_ROLES


def _units_of(user: User) -> list[Unit]:
    return [ra.unit for ra in RoleAssignment.objects.active_on(clock.today()).filter(user=user).select_related("unit")]


def absence_can_manage(*, actor: Any, user: User) -> bool:
    """The person themselves, or the committee chair or leadership of a unit where they hold a role
    (`absence_managed_holders`, the rule the page's list of people away follows)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    if actor.pk == user.pk:
        return True
    return absence_managed_holders(actor=actor).filter(user=user).exists()


def _substitute_errors(actor: Any, user: User, substitute: User | None, starts_on: dt.date, ends_on: dt.date) -> str:
    """Why `substitute` may not stand in for `user` over [starts_on, ends_on] ("" when they may)."""
    if substitute is None:
        return ""
    return _substitute_refusals(actor, user, [substitute], starts_on, ends_on)[substitute.pk]


def _substitute_refusals(
    actor: Any, user: User, candidates: list[User], starts_on: dt.date, ends_on: dt.date
) -> dict[int, str]:
    """The rule of who may stand in for `user` over [starts_on, ends_on], asked of many people at once
    (a few queries for the whole list): each candidate's id → why they are refused ("" when accepted)."""
    nameable = set(absence_people(user=actor).filter(pk__in=[c.pk for c in candidates]).values_list("pk", flat=True))
    # What `absence_cover` asks every day of the absence, asked on its first day still to come (an
    # acting chair appointed from that day may stand in for the chair).
    day = max(starts_on, clock.today())
    coverage = substitute_coverage(user=user, substitute_ids=[c.pk for c in candidates], day=day)
    # Two people standing in for each other while both are away leaves the work to nobody.
    mutual = set(
        Absence.objects.filter(
            user__in=[c.pk for c in candidates], substitute=user, starts_on__lte=ends_on, ends_on__gte=starts_on
        ).values_list("user_id", flat=True)
    )
    found: dict[int, str] = {}
    for substitute in candidates:
        cannot = coverage[substitute.pk]
        if substitute.pk == user.pk:
            found[substitute.pk] = _("Người thay phải là người khác.")
        elif not substitute.is_active:
            found[substitute.pk] = _("Người thay không còn hoạt động.")
        elif substitute.pk not in nameable:
            found[substitute.pk] = _(
                "Không chọn được %(name)s: người thay phải giữ vai trò ở đơn vị của bạn hoặc đơn vị trực thuộc."
            ) % {"name": substitute}
        elif cannot is None:
            # The substitute must reach the absent person's work: a role in the same unit or above it.
            found[substitute.pk] = _("%(name)s không giữ vai trò ở đơn vị của người vắng hoặc cấp trên.") % {
                "name": substitute
            }
        elif cannot:
            # And be able to take the absent person's steps: a role offered all of them there or above.
            held = cannot[0]
            able = roles_covering()[held.role]
            found[substitute.pk] = _(
                "%(name)s không làm được việc của %(user)s (%(role)s, %(unit)s): người thay phải là "
                "%(roles)s ở đơn vị đó hoặc cấp trên."
            ) % {
                "name": substitute,
                "user": user,
                "role": held.get_role_display(),
                "unit": held.unit,
                "roles": ", ".join(str(label) for value, label in Role.choices if value in able),
            }
        elif substitute.pk in mutual:
            found[substitute.pk] = _(
                "%(name)s cũng vắng trong thời gian này và đã nhờ %(user)s làm thay: chọn người khác."
            ) % {"name": substitute, "user": user}
        else:
            found[substitute.pk] = ""
    return found


def absence_substitutes(*, actor: Any, user: User, starts_on: dt.date, ends_on: dt.date) -> QuerySet[User]:
    """The people `actor` may name to stand in for `user` over [starts_on, ends_on]: exactly those
    `absence_record` and `absence_substitute_choose` accept (`_substitute_refusals`). What the form
    choosing who stands in offers, and whom a refusal names."""
    people = list(absence_people(user=actor))
    refusals = _substitute_refusals(actor, user, people, starts_on, ends_on)
    return absence_people(user=actor).filter(pk__in=[pk for pk, why in refusals.items() if not why])


def _substitute_refusal(actor: Any, user: User, substitute: User | None, starts_on: dt.date, ends_on: dt.date) -> str:
    """`_substitute_errors`, and on a refusal whom `actor` may name instead: the form recording an
    absence chooses the person away and the one who stands in together, so its list cannot follow
    the person chosen; the refusal says who can."""
    message = _substitute_errors(actor, user, substitute, starts_on, ends_on)
    if not message:
        return ""
    able = [str(p) for p in absence_substitutes(actor=actor, user=user, starts_on=starts_on, ends_on=ends_on)[:11]]
    if not able:
        return (
            message
            + " "
            + _("Không ai bạn chọn được làm thay được %(user)s: để trống để Chủ nhiệm UBKT chọn người thay.")
            % {"user": user}
        )
    names = ", ".join(able[:10]) + (", …" if len(able) > 10 else "")
    return message + " " + _("Người làm thay được %(user)s: %(names)s.") % {"user": user, "names": names}


def _tell(absence: Absence, actor: Any) -> None:
    period = f"{absence.starts_on:%d/%m/%Y}–{absence.ends_on:%d/%m/%Y}"
    if absence.substitute_id:
        notify(
            users=[absence.substitute],
            title=lambda: _("Làm thay %(name)s từ %(period)s") % {"name": absence.user, "period": period},
            body=absence.reason,
            key=f"absence:{absence.pk}:substitute:{absence.substitute_id}",
        )
        return
    chairs: set[User] = set()
    for unit in _units_of(absence.user):
        chairs.update(users_with_role(unit=unit, roles=[Role.COMMITTEE_CHAIR], include_ancestors=True))
    notify(
        users=[c for c in chairs if c.pk != absence.user_id],
        title=lambda: _("Cần chọn người làm thay %(name)s (%(period)s)") % {"name": absence.user, "period": period},
        body=absence.reason,
        key=f"absence:{absence.pk}:choose",
    )


def _rehome(users: list[User]) -> int:
    """Hand the users' open tasks to whoever should hold them now; a task no one may hold (the
    substitute is recused from its object) waits in its step's pool, and the nearest committee chairs of the
    pool's unit, who may take it or give it to someone, are told. Returns the tasks moved."""
    moved = tasks_rehome(users=users)
    for task in moved:
        if task.owner_id is None:
            _tell_pooled(task)
    return len(moved)


def _tell_pooled(task: Any) -> None:
    obj = task.process.artifact
    target_type, target_id = target_key(obj)
    unit = task.flow_task.unit_for(obj)
    never = target_excluded(target_type, target_id)
    users = nearest_with_role(unit=unit, roles=[Role.COMMITTEE_CHAIR], exclude=never)
    with site_language():  # the summary's wording goes into the notice
        summary = target_summary(target_type, target_id)
    notify(
        users=users,
        never=never,
        title=lambda: _("Việc chờ người nhận: %(title)s") % {"title": summary["title"]},
        body=gettext_lazy(
            "Người giữ việc này đang vắng và người làm thay không được xử lý việc này: hãy nhận hoặc giao việc."
        ),
        url=summary["url"],
        unit=unit,
        key=f"task:{task.pk}:pooled:{clock.today():%Y%m%d}",
        reference=summary.get("reference", ""),
    )


def _rehome_if_in_force(absence: Absence) -> int:
    today = clock.today()
    if absence.starts_on <= today <= absence.ends_on:
        return _rehome([absence.user])
    return 0


@transaction.atomic
def absence_record(
    *,
    actor: Any,
    user: User,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
    reason: str,
    substitute: User | None = None,
) -> Absence:
    """Ghi nhận vắng mặt; with no substitute named, the committee chair is asked to choose one."""
    errors: dict[str, str] = {}
    if starts_on is None:
        errors["starts_on"] = _("Phải nhập ngày bắt đầu vắng.")
    if ends_on is None:
        errors["ends_on"] = _("Phải nhập ngày kết thúc vắng.")
    elif starts_on is not None and ends_on < starts_on:
        errors["ends_on"] = _("Ngày kết thúc phải từ ngày bắt đầu trở đi.")
    elif ends_on < clock.today():
        errors["ends_on"] = _("Kỳ vắng đã qua: không cần ghi nhận.")
    if not (reason or "").strip():
        errors["reason"] = _("Phải nêu lý do vắng.")
    if (
        starts_on is not None
        and ends_on is not None
        and (message := _substitute_refusal(actor, user, substitute, starts_on, ends_on))
    ):
        errors["substitute"] = message
    # The person's row under lock: two absences of one person recorded at once are checked one after
    # the other, so the second sees the first and is refused as overlapping. For no key update: a row
    # written meanwhile that names the person (as actor, assignee, recipient) does not wait for it.
    list(User.objects.select_for_update(no_key=True).filter(pk=user.pk).values_list("pk", flat=True))
    if not errors and Absence.objects.filter(user=user, starts_on__lte=ends_on, ends_on__gte=starts_on).exists():
        errors["starts_on"] = _("Trùng với một kỳ vắng đã ghi nhận của %(name)s.") % {"name": user}
    if errors:
        raise ValidationFailed(errors)
    assert starts_on is not None and ends_on is not None  # validated above
    if not absence_can_manage(actor=actor, user=user):
        raise TransitionNotAllowed(_("Bạn không có quyền ghi nhận vắng mặt của %(name)s.") % {"name": user})
    absence = Absence.objects.create(
        user=user,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason.strip(),
        substitute=substitute,
        recorded_by=actor,
        recorded_at=clock.now(),
    )
    audit_record(
        actor=actor,
        action="absence.record",
        target=absence,
        after={
            "user": user.pk,
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat(),
            "substitute": substitute.pk if substitute else None,
        },
        reason=absence.reason,
    )
    _tell(absence, actor)
    _rehome_if_in_force(absence)
    return absence


def _absence_lock(absence: Absence) -> Absence:
    """Re-read the absence under lock; one cancelled meanwhile (by someone else) is refused clearly."""
    locked = Absence.objects.select_for_update().filter(pk=absence.pk).first()
    if locked is None:
        raise TransitionNotAllowed(_("Kỳ vắng này đã được hủy."))
    return locked


def absence_can_choose(*, actor: Any, absence: Absence) -> bool:
    """Whether `actor` may name who stands in: the committee chair or leadership over the person away
    (not the person themself, who names one when recording), while the absence has not ended."""
    if actor is None or actor.pk == absence.user_id or absence.ends_on < clock.today():
        return False
    return absence_can_manage(actor=actor, user=absence.user)


def absence_can_end(*, actor: Any, absence: Absence) -> bool:
    """Whether `actor` may end (or cancel) the absence: one who may manage it, while it has not ended."""
    return absence.ends_on >= clock.today() and absence_can_manage(actor=actor, user=absence.user)


@transaction.atomic
def absence_substitute_choose(*, actor: Any, absence: Absence, substitute: User | None) -> Absence:
    """The committee chair (or leadership) names who stands in."""
    absence = _absence_lock(absence)
    if absence.ends_on < clock.today():
        raise TransitionNotAllowed(_("Kỳ vắng này đã kết thúc: không đổi người làm thay."))
    if not absence_can_choose(actor=actor, absence=absence):
        raise TransitionNotAllowed(_("Chỉ Chủ nhiệm UBKT hoặc lãnh đạo mới chọn người làm thay."))
    if substitute is None:
        raise ValidationFailed({"substitute": _("Phải chọn người thay.")})
    if message := _substitute_refusal(actor, absence.user, substitute, absence.starts_on, absence.ends_on):
        raise ValidationFailed({"substitute": message})
    before = absence.substitute_id
    absence.substitute = substitute
    absence.save(update_fields=["substitute"])
    audit_record(
        actor=actor,
        action="absence.substitute",
        target=absence,
        before={"substitute": before},
        after={"substitute": substitute.pk},
    )
    _tell(absence, actor)
    previous = [u for u in User.objects.filter(pk=before)] if before else []
    _rehome([absence.user, *previous])
    return absence


@transaction.atomic
def absence_end(*, actor: Any, absence: Absence) -> Absence | None:
    """The person is back: the absence ends yesterday (or is cancelled if it had not begun), tasks go back."""
    absence = _absence_lock(absence)
    if not absence_can_manage(actor=actor, user=absence.user):
        raise TransitionNotAllowed(_("Bạn không có quyền kết thúc kỳ vắng này."))
    today = clock.today()
    if absence.ends_on < today:
        raise TransitionNotAllowed(_("Kỳ vắng này đã kết thúc."))
    substitute = absence.substitute
    if absence.starts_on >= today:
        audit_record(
            actor=actor, action="absence.cancel", target=absence, before={"ends_on": absence.ends_on.isoformat()}
        )
        absence.delete()
        result = None
    else:
        before = absence.ends_on
        absence.ends_on = today - dt.timedelta(days=1)
        absence.save(update_fields=["ends_on"])
        audit_record(
            actor=actor,
            action="absence.end",
            target=absence,
            before={"ends_on": before.isoformat()},
            after={"ends_on": absence.ends_on.isoformat()},
        )
        result = absence
    if substitute is not None:
        _rehome([substitute])
    return result


def absences_sweep() -> dict[str, int]:
    """Periodic: hand tasks over when an absence begins, on when a substitute can no longer stand in
    (away themself, their role ended: `absence_cover`), and back when it ends, however long ago the
    sweep last ran (idempotent)."""
    today = clock.today()
    in_force = list(
        absences_in_force(day=today).filter(substitute__isnull=False).values_list("user_id", "substitute_id")
    )
    ended = list(
        Absence.objects.filter(ends_on__lt=today, substitute__isnull=False, tasks_returned=False).values_list(
            "pk", "user_id", "substitute_id"
        )
    )
    away = {user_id for user_id, _s in in_force}
    covering = {substitute_id for _u, substitute_id in in_force}
    # Back: what their substitutes hold, and what waited in a pool for them (a substitute recused).
    back = {user_id for _pk, user_id, _s in ended} | {substitute_id for _pk, _u, substitute_id in ended}
    users = list(User.objects.filter(pk__in=away | covering | back))
    with transaction.atomic():
        moved = _rehome(users) if users else 0
        Absence.objects.filter(pk__in=[pk for pk, _u, _s in ended]).update(tasks_returned=True)
    return {"absent": len(away), "returned": len({s for _pk, _u, s in ended}), "tasks_moved": moved}


def acting_chair_may_appoint(*, actor: Any, unit: Unit) -> bool:
    """Whether `actor` may give an acting appointment to the chair of `unit`'s committee, or end one
    early: its chair or the leadership (BTV/BCH) of the unit or of a unit above it, holding that role
    in their own right, or an administrator (who manages roles, in the admin too). An acting chair
    holds the chair's powers for the period of the appointment only, not the power to appoint the
    next acting chair; nor does a delegation from the body (Delegation) give it."""
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return False
    if actor.is_superuser:
        return True
    return user_holds_role_titular(user=actor, roles=MANAGER_ROLES, unit=unit)


def acting_chair_refusal(*, actor: Any, unit: Unit, ending: bool = False) -> str:
    """Why `actor` may not give (`ending`: end) an acting appointment in `unit` ("" when they may):
    an acting chair is told that the appointment gives no such power (acting_chair_may_appoint)."""
    if acting_chair_may_appoint(actor=actor, unit=unit):
        return ""
    document = acting_document_for(user=actor, unit=unit, role=Role.COMMITTEE_CHAIR)
    if document and ending:
        return _(
            "Người giữ quyền Chủ nhiệm UBKT (%(document)s) không kết thúc quyền chủ nhiệm: chỉ Chủ nhiệm UBKT "
            "hoặc lãnh đạo %(unit)s mới kết thúc quyền chủ nhiệm."
        ) % {"document": document, "unit": unit}
    if document:
        return _(
            "Người giữ quyền Chủ nhiệm UBKT (%(document)s) không giao quyền chủ nhiệm cho người khác: chỉ "
            "Chủ nhiệm UBKT hoặc lãnh đạo %(unit)s mới giao quyền chủ nhiệm."
        ) % {"document": document, "unit": unit}
    if ending:
        return _("Chỉ Chủ nhiệm UBKT hoặc lãnh đạo %(unit)s mới kết thúc quyền chủ nhiệm.") % {"unit": unit}
    return _("Chỉ Chủ nhiệm UBKT hoặc lãnh đạo %(unit)s mới giao quyền chủ nhiệm.") % {"unit": unit}


def acting_chair_units(*, user: Any) -> QuerySet[Unit]:
    """The units in which `user` may give an acting appointment (acting_chair_may_appoint): what the
    page's form offers, and nothing to one who may give none."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Unit.objects.none()
    if user.is_superuser:
        return units_visible_to(user=user)
    roots = [ra.unit for ra in active_assignments(user=user) if ra.role in MANAGER_ROLES and not ra.acting_document]
    within = Q(pk__in=[])
    for root in roots:
        within |= Q(path__startswith=root.path)
    return Unit.objects.filter(within)


# Who may be given an acting appointment to the chair of a committee: its members (ủy viên UBKT) and
# officers, or a chair, holding the role in the unit or above it.
ACTING_CHAIR_ROLES = (Role.INSPECTOR, Role.CASE_OFFICER, Role.COMMITTEE_CHAIR)


def _ancestor_paths(unit: Unit) -> list[str]:
    """The paths of `unit` and the units above it (a path is its ancestors' segments, each ending in ".")."""
    return [unit.path[: i + 1] for i, char in enumerate(unit.path) if char == "."]


def acting_chair_candidates(*, actor: Any, unit: Unit | None = None) -> QuerySet[User]:
    """The people `actor` may give an acting appointment to in `unit` (None: in any unit where they may
    give one, `acting_chair_units`): the active holders, today, of `ACTING_CHAIR_ROLES` in the unit or
    above it, never `actor` themself. The rule `acting_chair_check` applies, and what the form offers."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return User.objects.none()
    units = [unit] if unit is not None else list(acting_chair_units(user=actor))
    paths = {path for each in units for path in _ancestor_paths(each)}
    holders = (
        RoleAssignment.objects.active_on(clock.today())
        .filter(role__in=ACTING_CHAIR_ROLES, unit__path__in=paths)
        .values("user_id")
    )
    return User.objects.filter(is_active=True, pk__in=holders).exclude(pk=actor.pk).order_by("full_name", "username")


def _acting_while_away(user: User, valid_from: dt.date, valid_to: dt.date) -> Absence | None:
    """`user`'s recorded absence meeting [valid_from, valid_to], the earliest."""
    return (
        Absence.objects.filter(user=user, starts_on__lte=valid_to, ends_on__gte=valid_from)
        .order_by("starts_on", "pk")
        .first()
    )


def acting_chair_check(
    *,
    actor: Any,
    unit: Unit | None,
    user: User | None,
    valid_from: dt.date | None,
    valid_to: dt.date | None,
    document: str,
    role: str = Role.COMMITTEE_CHAIR,
    kept_from: dt.date | None = None,
    editing: int | None = None,
) -> None:
    """The rule of an acting appointment (quyền Chủ nhiệm UBKT), for the service and the admin alike:
    a committee-chair role under a written appointment, for a period with an end, from the day it is
    given or later (`kept_from`: the start an existing appointment keeps when it is edited), to a
    member or officer of the committee (`acting_chair_candidates`) not away in the period (a recorded
    `Absence`), by its chair or leadership in their own right or an
    administrator (`acting_chair_may_appoint`: never an acting chair), and no two acting chairs of one
    unit at once (`editing`: the pk of the appointment being edited, which does not overlap itself).
    Raises what the service refuses. The caller that writes holds the unit's row (`acting_unit_lock`), so
    two appointments given at once are checked one after the other."""
    errors: dict[str, str] = {}
    if role != Role.COMMITTEE_CHAIR:
        errors["role"] = _("Chỉ giao quyền Chủ nhiệm UBKT theo văn bản giao quyền.")
    if not (document or "").strip():
        errors["document"] = _("Phải ghi số, ngày văn bản giao quyền.")
    if valid_from is None:
        errors["valid_from"] = _("Phải nhập ngày bắt đầu.")
    elif valid_from < clock.today() and valid_from != kept_from:
        # An appointment takes effect from the day it is given: a document dated earlier does not
        # make decisions already taken by someone without the role valid.
        errors["valid_from"] = _("Quyền chủ nhiệm có hiệu lực từ ngày giao trở đi: không giao từ một ngày đã qua.")
    if valid_to is None:
        errors["valid_to"] = _("Quyền chủ nhiệm phải có thời hạn: nhập ngày kết thúc.")
    elif valid_from is not None and valid_to < valid_from:
        errors["valid_to"] = _("Ngày kết thúc phải từ ngày bắt đầu trở đi.")
    if user is None or unit is None:
        errors.setdefault("user", _("Phải chọn người được giao quyền và đơn vị."))
    elif user.pk == getattr(actor, "pk", None):
        errors["user"] = _("Không tự giao quyền cho chính mình.")
    elif not acting_chair_candidates(actor=actor, unit=unit).filter(pk=user.pk).exists():
        errors["user"] = _("Người được giao quyền phải là ủy viên UBKT hoặc cán bộ của %(unit)s.") % {"unit": unit}
    elif (
        valid_from is not None
        and valid_to is not None
        and valid_to >= valid_from
        and (away := _acting_while_away(user, valid_from, valid_to)) is not None
    ):
        # The acting chair takes the chair's decisions in the period: one away in it cannot.
        errors["user"] = _(
            "%(name)s vắng từ %(start)s đến %(end)s (%(reason)s), trùng thời gian giao quyền: người giữ quyền "
            "Chủ nhiệm UBKT phải có mặt để điều hành. Chọn người khác hoặc thời gian khác."
        ) % {
            "name": user,
            "start": f"{away.starts_on:%d/%m/%Y}",
            "end": f"{away.ends_on:%d/%m/%Y}",
            "reason": away.reason,
        }
    if errors:
        raise ValidationFailed(errors)
    assert unit is not None  # validated above
    if refusal := acting_chair_refusal(actor=actor, unit=unit):
        raise TransitionNotAllowed(refusal)
    if (other := _acting_overlap(unit, valid_from, valid_to, editing)) is not None:
        # One committee has one acting chair at a time: two would each decide in the chair's name.
        raise ValidationFailed(
            {
                "valid_from": _(
                    "Trùng thời gian với quyền chủ nhiệm đã giao cho %(name)s (%(period)s, %(document)s): "
                    "kết thúc quyền đó trước hoặc chọn thời gian khác."
                )
                % {"name": other.user, "period": _period(other), "document": other.acting_document}
            }
        )


def _period(assignment: RoleAssignment) -> str:
    end = f"{assignment.valid_to:%d/%m/%Y}" if assignment.valid_to else "…"
    return f"{assignment.valid_from:%d/%m/%Y}–{end}"


def _acting_overlap(
    unit: Unit | None, valid_from: dt.date | None, valid_to: dt.date | None, editing: int | None
) -> RoleAssignment | None:
    """Another acting appointment to the chair of `unit` whose period meets [valid_from, valid_to]."""
    if unit is None or valid_from is None or valid_to is None:
        return None
    return (
        RoleAssignment.objects.filter(unit=unit, role=Role.COMMITTEE_CHAIR, valid_from__lte=valid_to)
        .exclude(acting_document="")
        .exclude(valid_to__lt=valid_from)
        .exclude(pk=editing)
        .select_related("user")
        .order_by("valid_from", "pk")
        .first()
    )


def acting_unit_lock(unit: Unit) -> None:
    """Hold the unit's row to the end of the transaction: the acting appointments of one unit are
    given and ended one after the other, each seeing what the one before it wrote. For no key update:
    a row written meanwhile that names the unit (an audit event, an escalation) does not wait for it."""
    list(Unit.objects.select_for_update(no_key=True).filter(pk=unit.pk).values_list("pk", flat=True))


@transaction.atomic
def acting_chair_appoint(
    *, actor: Any, unit: Unit, user: User, valid_from: dt.date | None, valid_to: dt.date | None, document: str
) -> RoleAssignment:
    """Giao quyền Chủ nhiệm UBKT for a period, under a written appointment (số, ngày văn bản)."""
    if unit is not None:
        acting_unit_lock(unit)
    acting_chair_check(actor=actor, unit=unit, user=user, valid_from=valid_from, valid_to=valid_to, document=document)
    assert valid_from is not None and valid_to is not None  # validated above
    assignment = RoleAssignment.objects.create(
        user=user,
        unit=unit,
        role=Role.COMMITTEE_CHAIR,
        valid_from=valid_from,
        valid_to=valid_to,
        acting_document=document.strip(),
    )
    forget(user.pk)
    audit_record(
        actor=actor,
        action="role.acting_appoint",
        target=assignment,
        unit=unit,
        after={
            "user": user.pk,
            "valid_from": valid_from.isoformat(),
            "valid_to": valid_to.isoformat(),
            "document": assignment.acting_document,
        },
    )
    return assignment


def acting_chair_can_end(*, actor: Any, assignment: RoleAssignment) -> bool:
    """Whether `actor` may end the acting appointment early: the committee chair or leadership who may
    appoint one in its unit (not the appointee, on the strength of the appointment itself), while it
    has not run out."""
    if actor is None or not getattr(actor, "is_authenticated", False) or actor.pk == assignment.user_id:
        return False
    if not assignment.acting_document or (assignment.valid_to is not None and assignment.valid_to < clock.today()):
        return False
    return acting_chair_may_appoint(actor=actor, unit=assignment.unit)


def acting_appointment_actions(*, user: Any, assignment: RoleAssignment) -> list[str]:
    """What `user` may do with an acting appointment now (the API's `allowed_actions`; the page offers
    the same end form): "end" by the rule of `acting_chair_can_end`."""
    return ["end"] if acting_chair_can_end(actor=user, assignment=assignment) else []


@transaction.atomic
def acting_chair_end(*, actor: Any, assignment: RoleAssignment, on: dt.date | None = None) -> RoleAssignment | None:
    """Kết thúc quyền chủ nhiệm trước hạn (the chair is back): the appointment is in force up to `on`
    (today when not given) and no longer. Never ended on a day already past (decisions taken under
    it stay backed by it) nor before it begins: an appointment not yet begun on `on` is removed from
    effect (None is returned)."""
    on = on or clock.today()
    acting_unit_lock(assignment.unit)
    locked = RoleAssignment.objects.select_for_update().filter(pk=assignment.pk).exclude(acting_document="").first()
    if locked is None:
        raise TransitionNotAllowed(_("Quyền chủ nhiệm này đã được hủy."))
    today = clock.today()
    if locked.valid_to is not None and locked.valid_to < today:
        raise TransitionNotAllowed(_("Quyền chủ nhiệm này đã hết hạn."))
    if not acting_chair_can_end(actor=actor, assignment=locked):
        raise TransitionNotAllowed(
            acting_chair_refusal(actor=actor, unit=locked.unit, ending=True)
            or _("Người được giao quyền không tự kết thúc quyền chủ nhiệm của mình.")
        )
    if on < today:
        raise ValidationFailed(
            {
                "on": _(
                    "Không kết thúc quyền chủ nhiệm vào một ngày đã qua: các quyết định đã ban hành theo quyền đó vẫn giữ nguyên."
                )
            }
        )
    if locked.valid_to is not None and on >= locked.valid_to:
        raise ValidationFailed(
            {
                "on": _("Quyền chủ nhiệm này hết hạn ngày %(day)s: chỉ kết thúc sớm hơn ngày đó.")
                % {"day": f"{locked.valid_to:%d/%m/%Y}"}
            }
        )
    user = locked.user
    if on < locked.valid_from:
        audit_record(
            actor=actor,
            action="role.acting_cancel",
            target=locked,
            unit=locked.unit,
            before={
                "user": user.pk,
                "valid_from": locked.valid_from.isoformat(),
                "valid_to": locked.valid_to.isoformat() if locked.valid_to else None,
                "document": locked.acting_document,
            },
        )
        locked.delete()
        forget(user.pk)
        return None
    before = locked.valid_to
    locked.valid_to = on
    locked.save(update_fields=["valid_to"])
    forget(user.pk)
    audit_record(
        actor=actor,
        action="role.acting_end",
        target=locked,
        unit=locked.unit,
        before={"valid_to": before.isoformat() if before else None},
        after={"user": user.pk, "valid_to": on.isoformat(), "document": locked.acting_document},
    )
    return locked
