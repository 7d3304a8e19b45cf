"""Writes about units and roles. Role changes are audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from casework.audit.services import audit_record
from casework.org import role_cache
from casework.org.models import PATH_SEGMENT_WIDTH, POSITIONS_OF_ROLES, Role, RoleAssignment, Unit, User
from core.errors import ValidationFailed


def _code_taken(code: str) -> str:
    return _("Mã đơn vị %(code)s đã tồn tại.") % {"code": code}


def _free_path(parent: Unit | None) -> str:
    """The next path segment free under `parent` (the top of the tree when None)."""
    index = Unit.objects.filter(parent=parent).count() + 1
    prefix = parent.path if parent else ""
    path = f"{prefix}{index:0{PATH_SEGMENT_WIDTH}d}."
    while Unit.objects.filter(path=path).exists():  # a sibling may have been removed from the middle
        index += 1
        path = f"{prefix}{index:0{PATH_SEGMENT_WIDTH}d}."
    return path


@transaction.atomic
def unit_create(
    *,
    code: str,
    name: str,
    kind: str,
    parent: Unit | None = None,
    actor: User | None = None,
    remote_area: bool = False,
    member_count: int | None = None,
) -> Unit:
    """Create a unit under `parent`, giving it the next path segment."""
    errors = {}
    if not code.strip():
        errors["code"] = _("Mã đơn vị không được để trống.")
    elif Unit.objects.filter(code=code).exists():
        errors["code"] = _code_taken(code)
    if not name.strip():
        errors["name"] = _("Tên đơn vị không được để trống.")
    if kind not in Unit.Kind.values:
        errors["kind"] = _("Loại đơn vị không hợp lệ.")
    if errors:
        raise ValidationFailed(errors)
    if parent is not None:
        # The parent's row under lock: the children of one parent are created one after the other, each
        # taking the next free path segment. For no key update: a row written meanwhile that names the
        # parent (its audit event, a role in it: a key-share lock) does not wait for this step.
        list(Unit.objects.select_for_update(no_key=True).filter(pk=parent.pk).values_list("pk", flat=True))
    # Two administrators may both pass the checks above at once: the code is unique in the database,
    # and the second is told it exists, as above. A top-level unit has no parent row to lock: two
    # created at once may pick the same place, and the second takes the next one.
    while True:
        path = _free_path(parent)
        try:
            with transaction.atomic():  # a savepoint: the refused insert leaves the transaction usable
                unit = Unit.objects.create(
                    code=code,
                    name=name,
                    kind=kind,
                    parent=parent,
                    path=path,
                    depth=(parent.depth + 1) if parent else 0,
                    remote_area=remote_area,
                    member_count=member_count,
                )
            break
        except IntegrityError:
            if Unit.objects.filter(code=code).exists():
                raise ValidationFailed({"code": _code_taken(code)}) from None
            if not Unit.objects.filter(path=path).exists():
                raise
    unit_created(unit=unit, actor=actor)
    return unit


def unit_created(*, unit: Unit, actor: User | None) -> None:
    """The audit event of a unit put in the tree, in the caller's transaction."""
    audit_record(
        actor=actor, action="unit.create", target=unit, unit=unit, after={"code": unit.code, "name": unit.name}
    )


# What the admin may change on a unit; its place in the tree (parent, path, depth) never moves.
UNIT_EDITABLE = ("code", "name", "kind", "is_active", "remote_area", "member_count")


@transaction.atomic
def unit_update(*, unit: Unit, actor: User | None, changes: dict[str, Any], reason: str = "") -> Unit:
    """Change a unit's details, audited with what each was. Whether it is active (a dissolved unit is
    inactive), its kind and its member count decide rules (ending a flag on the ground that its unit is
    dissolved, the grassroots committee of one), so no change goes unrecorded."""
    errors: dict[str, str] = {}
    for field in sorted(set(changes) - set(UNIT_EDITABLE)):
        errors[field] = _("Không sửa được trường này của đơn vị.")
    # For no key update: two changes of one unit wait for each other, a row written meanwhile that names
    # the unit (an audit event, an escalation: a key-share lock) does not.
    unit = Unit.objects.select_for_update(no_key=True).get(pk=unit.pk)
    code = str(changes.get("code", unit.code)).strip()
    name = str(changes.get("name", unit.name)).strip()
    if not code:
        errors["code"] = _("Mã đơn vị không được để trống.")
    elif Unit.objects.filter(code=code).exclude(pk=unit.pk).exists():
        errors["code"] = _code_taken(code)
    if not name:
        errors["name"] = _("Tên đơn vị không được để trống.")
    if changes.get("kind", unit.kind) not in Unit.Kind.values:
        errors["kind"] = _("Loại đơn vị không hợp lệ.")
    count = changes.get("member_count", unit.member_count)
    if count is not None and (not isinstance(count, int) or count < 0):
        errors["member_count"] = _("Số đoàn viên phải là số nguyên không âm, hoặc để trống.")
    if errors:
        raise ValidationFailed(errors)
    values = dict(changes)
    if "code" in values:
        values["code"] = code
    if "name" in values:
        values["name"] = name
    changed = {field: value for field, value in values.items() if getattr(unit, field) != value}
    if not changed:
        return unit
    before = {field: getattr(unit, field) for field in changed}
    for field, value in changed.items():
        setattr(unit, field, value)
    try:
        with transaction.atomic():  # another unit given the same code meanwhile: told as above
            unit.save(update_fields=list(changed))
    except IntegrityError:
        if "code" in changed and Unit.objects.filter(code=code).exclude(pk=unit.pk).exists():
            raise ValidationFailed({"code": _code_taken(code)}) from None
        raise
    audit_record(actor=actor, action="unit.change", target=unit, unit=unit, before=before, after=changed, reason=reason)
    return unit


def _role_state(assignment: RoleAssignment) -> dict[str, Any]:
    return {
        "user": assignment.user.username,
        "unit": assignment.unit_id,
        "role": assignment.role,
        "valid_from": assignment.valid_from,
        "valid_to": assignment.valid_to,
        "acting_document": assignment.acting_document,
        "position": assignment.position,
    }


def _position_check(*, role: str, position: str) -> None:
    """A position is one the role's body has (models.POSITIONS_OF_ROLES), or blank."""
    if position and not any(role in roles and position in positions for roles, positions in POSITIONS_OF_ROLES):
        raise ValidationFailed({"position": _("Chức vụ này không có trong tập thể của vai trò đã chọn.")})


@transaction.atomic
def role_assignment_save(*, assignment: RoleAssignment, actor: User | None) -> RoleAssignment:
    """Save a role assignment an administrator added or edited by hand (the admin's forms), audited
    with what it was before: a role decides what its holder sees and may do."""
    if assignment.role not in Role.values:
        raise ValidationFailed({"role": _("Vai trò không hợp lệ.")})
    if assignment.valid_to is not None and assignment.valid_to < assignment.valid_from:
        raise ValidationFailed({"valid_to": _("Ngày kết thúc phải sau ngày bắt đầu.")})
    _position_check(role=assignment.role, position=assignment.position)
    old = RoleAssignment.objects.select_for_update().filter(pk=assignment.pk).first() if assignment.pk else None
    before = _role_state(old) if old is not None else None
    assignment.save()
    for user_pk in {assignment.user_id, old.user_id if old is not None else assignment.user_id}:
        role_cache.forget(user_pk)
    audit_record(
        actor=actor,
        action="role.change",
        target=assignment,
        unit=assignment.unit,
        before=before,
        after=_role_state(assignment),
    )
    return assignment


@transaction.atomic
def role_assignment_delete(*, assignment: RoleAssignment, actor: User | None) -> None:
    """Remove a role assignment by hand (the admin), audited with what it was."""
    assignment = (
        RoleAssignment.objects.select_for_update(of=("self",)).select_related("user", "unit").get(pk=assignment.pk)
    )
    before = _role_state(assignment)
    unit = assignment.unit
    audit_record(actor=actor, action="role.delete", target=assignment, unit=unit, before=before, after=None)
    user_pk = assignment.user_id
    assignment.delete()
    role_cache.forget(user_pk)


@transaction.atomic
def role_assign(
    *,
    user: User,
    unit: Unit,
    role: str,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
    position: str = "",
    actor: User | None = None,
) -> RoleAssignment:
    if role not in Role.values:
        raise ValidationFailed({"role": _("Vai trò không hợp lệ.")})
    if valid_to is not None and valid_to < valid_from:
        raise ValidationFailed({"valid_to": _("Ngày kết thúc phải sau ngày bắt đầu.")})
    _position_check(role=role, position=position)
    assignment, _created = RoleAssignment.objects.get_or_create(
        user=user,
        unit=unit,
        role=role,
        valid_from=valid_from,
        defaults={"valid_to": valid_to, "position": position},
    )
    role_cache.forget(user.pk)  # the rest of this request must see the new role
    audit_record(
        actor=actor,
        action="role.assign",
        target=assignment,
        unit=unit,
        after={
            "user": user.username,
            "role": role,
            "valid_from": valid_from,
            "valid_to": valid_to,
            **({"position": assignment.position} if assignment.position else {}),
        },
    )
    return assignment


@transaction.atomic
def role_revoke(
    *, assignment: RoleAssignment, until: dt.date, actor: User | None = None, reason: str = ""
) -> RoleAssignment:
    before = {"valid_to": assignment.valid_to}
    assignment.valid_to = until
    assignment.save(update_fields=["valid_to"])
    role_cache.forget(assignment.user_id)
    audit_record(
        actor=actor,
        action="role.revoke",
        target=assignment,
        unit=assignment.unit,
        before=before,
        after={"valid_to": until},
        reason=reason,
    )
    return assignment


POSITION_MAX = 128


@transaction.atomic
def user_position_set(*, user: User, actor: User | None, position: str) -> User:
    """The user's chức vụ, changed by them or by an administrator, audited with what it was; the papers
    print it where a form asks the signer's or receiver's position."""
    position = " ".join((position or "").replace("\x00", "").split())
    if len(position) > POSITION_MAX:
        raise ValidationFailed({"position": _("Chức vụ: tối đa %(n)s ký tự.") % {"n": POSITION_MAX}})
    locked = User.objects.select_for_update(no_key=True).get(pk=user.pk)
    if locked.position == position:
        return locked
    before = {"position": locked.position}
    locked.position = position
    locked.save(update_fields=["position"])
    audit_record(actor=actor, action="user.position", target=locked, before=before, after={"position": position})
    return locked
