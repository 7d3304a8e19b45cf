"""Writes about units and roles. Role changes are audited."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from casework.audit.services import audit_record
from casework.org import role_cache
from casework.org.models import PATH_SEGMENT_WIDTH, Role, RoleAssignment, Unit, User
from core.errors import ValidationFailed


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
        errors["code"] = f"Mã đơn vị {code} đã tồn tại."
    if not name.strip():
        errors["name"] = _("Tên đơn vị không được để trống.")
    if kind not in Unit.Kind.values:
        errors["kind"] = _("Loại đơn vị không hợp lệ.")
    if errors:
        raise ValidationFailed(errors)
    siblings = (
        Unit.objects.select_for_update().filter(parent=parent) if parent else Unit.objects.filter(parent__isnull=True)
    )
    index = siblings.count() + 1
    prefix = parent.path if parent else ""
    path = f"{prefix}{index:0{PATH_SEGMENT_WIDTH}d}."
    while Unit.objects.filter(path=path).exists():  # a sibling may have been removed from the middle
        index += 1
        path = f"{prefix}{index:0{PATH_SEGMENT_WIDTH}d}."
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
    audit_record(actor=actor, action="unit.create", target=unit, unit=unit, after={"code": code, "name": name})
    return unit


@transaction.atomic
def role_assign(
    *,
    user: User,
    unit: Unit,
    role: str,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
    actor: User | None = None,
) -> RoleAssignment:
    if role not in Role.values:
        raise ValidationFailed({"role": _("Vai trò không hợp lệ.")})
    if valid_to is not None and valid_to < valid_from:
        raise ValidationFailed({"valid_to": _("Ngày kết thúc phải sau ngày bắt đầu.")})
    assignment, _created = RoleAssignment.objects.get_or_create(
        user=user,
        unit=unit,
        role=role,
        valid_from=valid_from,
        defaults={"valid_to": valid_to},
    )
    role_cache.forget(user.pk)  # the rest of this request must see the new role
    audit_record(
        actor=actor,
        action="role.assign",
        target=assignment,
        unit=unit,
        after={"user": user.username, "role": role, "valid_from": valid_from, "valid_to": valid_to},
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
