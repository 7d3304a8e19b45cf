"""Writes to the subject-area taxonomy. Each change is a new version from a day not yet past, audited.

A version never takes effect before today: a period already over keeps reading the names and
areas it had, whatever is edited later (see casework.areas.models).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from casework.areas.models import CODE_VALIDATOR, SubjectArea, SubjectAreaVersion
from casework.areas.selectors import UNCLASSIFIED_CODE, subject_area_may_edit
from casework.audit.services import audit_record
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed

NAME_MAX = 128


def _require_editor(actor: Any) -> None:
    if actor is not None and not subject_area_may_edit(user=actor):
        raise TransitionNotAllowed(
            _("Chỉ quản trị hệ thống của công đoàn cấp trên cùng mới được sửa danh mục lĩnh vực.")
        )


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _name_errors(name: str | None, errors: dict[str, str]) -> None:
    name = (name or "").strip()
    if not name:
        errors["name"] = _("Tên lĩnh vực không được để trống.")
    elif len(name) > NAME_MAX:
        errors["name"] = _("Tên lĩnh vực tối đa 128 ký tự.")


def _name_en_errors(name_en: str | None, errors: dict[str, str]) -> None:
    if len((name_en or "").strip()) > NAME_MAX:
        errors["name_en"] = _("Tên lĩnh vực tối đa 128 ký tự.")


def _valid_from_errors(valid_from: dt.date | None, errors: dict[str, str]) -> None:
    if valid_from is not None and valid_from < clock.today():
        errors["valid_from"] = _("Ngày áp dụng không được trước hôm nay: báo cáo các kỳ đã qua giữ nguyên danh mục cũ.")


def subject_area_create_errors(
    *, code: str, name: str, name_en: str = "", valid_from: dt.date | None = None
) -> dict[str, str]:
    """What is wrong with a new area (empty when it may be created). The admin form shows these too."""
    errors: dict[str, str] = {}
    code = (code or "").strip()
    try:
        CODE_VALIDATOR(code)
    except DjangoValidationError:
        errors["code"] = str(CODE_VALIDATOR.message)
    if code == UNCLASSIFIED_CODE or SubjectArea.objects.filter(code=code).exists():
        errors["code"] = gettext("Mã lĩnh vực %(code)s đã được dùng.") % {"code": code}
    _name_errors(name, errors)
    _name_en_errors(name_en, errors)
    _valid_from_errors(valid_from, errors)
    return errors


def subject_area_revise_errors(
    *,
    area: SubjectArea,
    name: str | None = None,
    name_en: str | None = None,
    retired: bool | None = None,
    valid_from: dt.date | None = None,
) -> dict[str, str]:
    """What is wrong with a new version of `area` (empty when it may be made). `name_en` None keeps the
    English name, "" removes it."""
    errors: dict[str, str] = {}
    if name is not None:
        _name_errors(name, errors)
    _name_en_errors(name_en, errors)
    _valid_from_errors(valid_from, errors)
    if errors:
        return errors
    current = area.version_on(valid_from or clock.today())
    if current is None:
        errors["valid_from"] = _("Lĩnh vực chưa có hiệu lực vào ngày này.")
        return errors
    new = _revised(current, name=name, name_en=name_en, retired=retired)
    if new == (current.name, current.name_en, current.retired):
        errors["name"] = _("Không có gì thay đổi: nhập tên mới hoặc đổi trạng thái sử dụng.")
    return errors


def _revised(
    current: SubjectAreaVersion, *, name: str | None, name_en: str | None, retired: bool | None
) -> tuple[str, str, bool]:
    """The name, English name and use a revision gives: what it leaves out stays as in `current`."""
    return (
        (name or "").strip() or current.name,
        current.name_en if name_en is None else name_en.strip(),
        current.retired if retired is None else bool(retired),
    )


@transaction.atomic
def subject_area_create(
    *,
    code: str,
    name: str,
    actor: Any,
    name_en: str = "",
    position: int = 0,
    valid_from: dt.date | None = None,
    note: str = "",
) -> SubjectArea:
    """Thêm lĩnh vực: a new stable code and its first version."""
    _require_editor(actor)
    if errors := subject_area_create_errors(code=code, name=name, name_en=name_en, valid_from=valid_from):
        raise ValidationFailed(errors)
    code, name, name_en, note = code.strip(), name.strip(), (name_en or "").strip(), (note or "").strip()
    start = valid_from or clock.today()
    area = SubjectArea.objects.create(code=code, position=position, created_at=clock.now())
    SubjectAreaVersion.objects.create(
        area=area,
        name=name,
        name_en=name_en,
        valid_from=start,
        note=note,
        created_by=_user(actor),
        created_at=clock.now(),
    )
    audit_record(
        actor=actor,
        action="area.create",
        target=area,
        after={"code": code, "name": name, "name_en": name_en, "valid_from": start, "position": position},
        reason=note,
    )
    return area


@transaction.atomic
def subject_area_revise(
    *,
    area: SubjectArea,
    actor: Any,
    name: str | None = None,
    name_en: str | None = None,
    retired: bool | None = None,
    valid_from: dt.date | None = None,
    note: str = "",
) -> SubjectAreaVersion:
    """A new version of `area` from `valid_from` (today by default): renamed (in Vietnamese or in
    English), retired or offered again.

    Two edits for the same day make one version (the later wins): that day is not in any past period.
    """
    _require_editor(actor)
    area = SubjectArea.objects.select_for_update(no_key=True).get(pk=area.pk)
    if errors := subject_area_revise_errors(
        area=area, name=name, name_en=name_en, retired=retired, valid_from=valid_from
    ):
        raise ValidationFailed(errors)
    start = valid_from or clock.today()
    current = area.version_on(start)
    assert current is not None  # checked by subject_area_revise_errors
    new_name, new_name_en, new_retired = _revised(current, name=name, name_en=name_en, retired=retired)
    note = (note or "").strip()
    values = {
        "name": new_name,
        "name_en": new_name_en,
        "retired": new_retired,
        "note": note,
        "created_by": _user(actor),
    }
    version, _created = SubjectAreaVersion.objects.update_or_create(
        area=area, valid_from=start, defaults=values, create_defaults={**values, "created_at": clock.now()}
    )
    if new_retired != current.retired:
        action = "area.retire" if new_retired else "area.reinstate"
    else:
        action = "area.rename"
    audit_record(
        actor=actor,
        action=action,
        target=area,
        before={
            "name": current.name,
            "name_en": current.name_en,
            "retired": current.retired,
            "valid_from": current.valid_from,
        },
        after={"name": new_name, "name_en": new_name_en, "retired": new_retired, "valid_from": start},
        reason=note,
    )
    return version


def subject_area_rename(
    *, area: SubjectArea, name: str, actor: Any, valid_from: dt.date | None = None
) -> SubjectAreaVersion:
    return subject_area_revise(area=area, name=name, actor=actor, valid_from=valid_from)


def subject_area_retire(*, area: SubjectArea, actor: Any, valid_from: dt.date | None = None) -> SubjectAreaVersion:
    return subject_area_revise(area=area, retired=True, actor=actor, valid_from=valid_from)
