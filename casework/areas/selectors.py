"""Reads of the subject-area taxonomy: what is offered on a day, and how a period names its areas."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import F, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from casework.areas.models import SubjectArea, SubjectAreaVersion, english_shown
from casework.org.models import Role, Unit
from casework.org.selectors import user_has_role
from core import clock
from core.reading import read_once

# What a record with no area (triaged before areas existed) is counted and shown as.
UNCLASSIFIED_CODE = "chua_phan_loai"
UNCLASSIFIED_LABEL = _("Chưa phân loại")


@dataclass(frozen=True)
class AreaLabel:
    """An area as a period reads it: its stable code, its name then, and whether it was retired by then."""

    area_id: int | None
    code: str
    name: str
    retired: bool = False


def subject_areas_all() -> QuerySet[SubjectArea]:
    """Every area ever defined, with its versions (oldest first), in display order."""
    return SubjectArea.objects.prefetch_related(
        Prefetch("versions", queryset=SubjectAreaVersion.objects.order_by("valid_from", "pk"))
    ).order_by("position", "code")


def subject_areas_labels(*, day: dt.date) -> list[AreaLabel]:
    """Every area that existed on `day`, named as it was that day (retired ones marked)."""
    labels = []
    for area in subject_areas_all():
        version = area.version_on(day)
        if version is not None:
            labels.append(AreaLabel(area_id=area.pk, code=area.code, name=version.shown_name, retired=version.retired))
    return labels


def subject_areas_offered(*, day: dt.date | None = None) -> list[AreaLabel]:
    """The areas one may choose on `day` (today by default): existing and not retired."""
    return [label for label in subject_areas_labels(day=day or clock.today()) if not label.retired]


def subject_area_choices(*, day: dt.date | None = None) -> list[tuple[str, str]]:
    return [(label.code, label.name) for label in subject_areas_offered(day=day)]


def subject_area_offered(*, code: str, day: dt.date | None = None) -> SubjectArea | None:
    """The area with `code` if it may be chosen on `day`, else None (one query: triage runs it on every letter)."""
    version = (
        SubjectAreaVersion.objects.filter(area__code=code, valid_from__lte=day or clock.today())
        .select_related("area")
        .order_by("-valid_from", "-pk")
        .first()
    )
    return version.area if version is not None and not version.retired else None


def subject_area_label(area: SubjectArea | None, *, day: dt.date | None = None) -> str:
    """The name of `area` on `day` (today by default); "Chưa phân loại" for none."""
    if area is None:
        return str(UNCLASSIFIED_LABEL)
    version = area.version_on(day or clock.today())
    return version.shown_name if version is not None else area.code


def subject_area_name_of_code(code: str) -> str | None:
    """The name today of the area whose code is `code` ("Chưa phân loại" for the unclassified code),
    None when no area has that code: how a stored code reads (casework.audit.labels); within a page's
    reading (core.reading) each code is read once."""
    if code == UNCLASSIFIED_CODE:
        return str(UNCLASSIFIED_LABEL)

    def named() -> str | None:
        area = SubjectArea.objects.filter(code=code).first()
        return subject_area_label(area) if area is not None else None

    return read_once(("subject_area_name", code, get_language()), named)


def subject_areas_of_period(*, start: dt.date, end: dt.date, used: set[int] | None = None) -> list[AreaLabel]:
    """The rows a report of [start, end] breaks down by, named as on `end`.

    An area is a row if it was offered on some day of the period, or if `used` (the ids that carry
    figures) holds it: a retired area still counts the records that carry it. An area created
    after the period is not a row, so editing the taxonomy later never changes a past period's rows.
    """
    used = used or set()
    rows = []
    # A page that breaks several units down by area reads the taxonomy once (core.reading).
    for area in read_once("subject_areas_all", lambda: list(subject_areas_all())):
        versions = list(area.versions.all())
        named = area.version_on(end)
        if named is None:
            continue
        offered = any(
            not v.retired and v.valid_from <= end and (nxt is None or nxt.valid_from > start)
            for v, nxt in zip(versions, [*versions[1:], None], strict=True)
        )
        if offered or area.pk in used:
            rows.append(AreaLabel(area_id=area.pk, code=area.code, name=named.shown_name, retired=named.retired))
    return rows


def subject_area_may_edit(*, user: Any) -> bool:
    """The taxonomy is one for the whole union tree: its administrators (at a top unit) edit it."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return any(
        user_has_role(user=user, roles=(Role.ADMIN,), unit=root) for root in Unit.objects.filter(parent__isnull=True)
    )


def subject_area_resolve(*, value: Any, current: SubjectArea | None = None) -> SubjectArea:
    """The area a triage records: `value` (a code or an area) if offered today, else `current`.

    The one rule for "an area is required at triage": a record that has none must be given one,
    and only an area in force and not retired may be chosen (ValidationFailed names `subject_area`).
    """
    from core.errors import ValidationFailed

    if value in (None, ""):
        if current is None:
            raise ValidationFailed({"subject_area": str(_("Phải chọn lĩnh vực."))})
        return current
    code = value.code if isinstance(value, SubjectArea) else str(value)
    area = subject_area_offered(code=code)
    if area is None:
        from django.utils.translation import gettext

        raise ValidationFailed(
            {"subject_area": gettext("Lĩnh vực “%(code)s” không có trong danh mục đang áp dụng.") % {"code": code[:64]}}
        )
    return area


def subject_area_q(*, code: str, prefix: str = "") -> Q:
    """Records (through `prefix`, e.g. "flags__") in the area `code`; "chua_phan_loai" matches those with none."""
    if code == UNCLASSIFIED_CODE:
        return Q(**{f"{prefix}subject_area__isnull": True})
    return Q(**{f"{prefix}subject_area__code": code})


def subject_area_name_now(*, prefix: str = "", day: dt.date | None = None) -> Subquery:
    """The current name of the record's area, as a column (lists annotate it: no query per row), in the
    reader's language as `SubjectAreaVersion.shown_name` gives it."""
    shown = Coalesce(NullIf(F("name_en"), Value("")), F("name")) if english_shown() else F("name")
    return Subquery(
        SubjectAreaVersion.objects.filter(area=OuterRef(f"{prefix}subject_area"), valid_from__lte=day or clock.today())
        .order_by("-valid_from", "-pk")
        .annotate(shown=shown)
        .values("shown")[:1]
    )
