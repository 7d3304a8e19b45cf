"""The letter as received and the rules it must meet: the senders' data, the refusals of its own
fields (shared by every way a letter arrives), the complaint's limitation fields, the unit it is
about, and `intake_check`, which refuses a letter as `case_intake` does before anything is stored."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from casework.cases.models import Case, Channel, Kind, Submitter
from casework.cases.permissions import INTAKE_ROLES
from casework.cases.selectors import intake_subject_unit_offered
from casework.org import role_cache
from casework.org.models import Unit
from casework.org.selectors import user_has_role
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed
from workflows.services.policy import policy_first_date

# Số căn cước, số định danh cá nhân (12 digits), giấy chứng nhận căn cước, hộ chiếu (a letter and digits):
# letters and digits only, of a length every such paper has.
ID_PAPER = re.compile(r"[0-9A-Za-z]{6,20}")


@dataclass
class SubmitterData:
    full_name: str
    phone: str = ""
    email: str = ""
    address: str = ""
    is_representative: bool = False
    id_number: str = ""  # CCCD/CMND/hộ chiếu: sealed, in a denouncer's identity or on the submitter

    def as_dict(self) -> dict:
        return {
            "full_name": self.full_name.strip(),
            "phone": self.phone.strip(),
            "email": self.email.strip(),
            "address": self.address.strip(),
            "is_representative": self.is_representative,
            "id_number": self.id_number.strip(),
        }


def _too_long(model: type[models.Model], field: str, value: str) -> str:
    """The refusal of a text longer than its column holds ("" when it fits): a form or serializer
    limits it, but the import of old registers and other callers come straight here, and
    PostgreSQL refuses an over-long value with an error the user would see as a crash."""
    column = model._meta.get_field(field)
    assert isinstance(column, models.Field)  # a column, not a relation
    limit = column.max_length
    if limit is None or len(value or "") <= limit:
        return ""
    return gettext("%(field)s: tối đa %(limit)s ký tự.") % {"field": capfirst(column.verbose_name), "limit": limit}


def letter_errors(
    *,
    kind: str,
    channel: str,
    received_on: dt.date | None,
    unit: Unit | None,
    title: str,
    content: str,
    submitters: list[SubmitterData],
    anonymous: bool,
    evidence: str,
) -> dict[str, str]:
    """What every way a letter arrives refuses in it (officer intake, the public form, a second
    complaint): its kind, channel, day, unit, text and senders, by field."""
    errors: dict[str, str] = {}
    if kind not in Kind.values:
        errors["kind"] = _("Loại đơn không hợp lệ: chọn khiếu nại, tố cáo hoặc kiến nghị, phản ánh.")
    if channel not in Channel.values:
        errors["channel"] = _("Hình thức tiếp nhận không hợp lệ.")
    if received_on is None:
        errors["received_on"] = _("Phải nhập ngày nhận đơn.")
    elif received_on > clock.today():
        errors["received_on"] = _("Ngày nhận đơn không được sau ngày hôm nay.")
    elif (first := policy_first_date()) is not None and received_on < first:
        # Deadlines are counted by the policy in force on the day the letter arrived: none before this one.
        errors["received_on"] = gettext(
            "Ngày nhận đơn phải từ %(date)s trở đi (ngày sớm nhất có chính sách thời hạn)."
        ) % {"date": first.strftime("%d/%m/%Y")}
    if unit is None:
        errors["unit"] = _("Phải chọn đơn vị giải quyết.")
    elif not unit.is_active:
        errors["unit"] = _("Đơn vị giải quyết đã ngừng hoạt động.")
    if not (title or "").strip():
        errors["title"] = _("Phải nhập trích yếu nội dung đơn.")
    elif message := _too_long(Case, "title", title):
        errors["title"] = message
    if not (content or "").strip():
        errors["content"] = _("Phải nhập nội dung đơn.")
    named = [s for s in submitters if s.full_name.strip()]
    if anonymous:
        if kind != Kind.DENUNCIATION:
            errors["submitters"] = _(
                "Chỉ đơn tố cáo mới có thể không rõ người gửi; khiếu nại, kiến nghị phải ghi rõ họ tên."
            )
        elif named:
            errors["submitters"] = _("Đơn không rõ người gửi không được kèm thông tin người gửi.")
        elif evidence and len(evidence.strip()) < 10:
            errors["evidence"] = _("Chứng cứ phải nêu cụ thể (ít nhất 10 ký tự).")
    else:
        if not named:
            errors["submitters"] = _("Phải nhập họ tên ít nhất một người gửi đơn.")
        elif len(named) > 1 and sum(1 for s in named if s.is_representative) != 1:
            errors["submitters"] = _("Đơn tập thể phải có đúng một người đại diện.")
        for s in named:
            if s.email and "@" not in s.email:
                errors["submitters"] = gettext("E-mail của %(full_name)s không hợp lệ.") % {"full_name": s.full_name}
            for field in ("full_name", "phone", "email", "address"):
                if message := _too_long(Submitter, field, getattr(s, field)):
                    errors["submitters"] = message
            paper = "".join(s.id_number.split())  # as a paper prints it, in groups or not
            if paper and not ID_PAPER.fullmatch(paper):
                errors["id_number"] = gettext(
                    "Số căn cước/định danh cá nhân/hộ chiếu của %(full_name)s: chỉ gồm chữ và số, từ 6 đến 20 ký tự."
                ) % {"full_name": s.full_name}
    return errors


# The most days of objective obstacles a time limit can be extended by (a bound on input, ten years).
OBSTACLE_DAYS_MAX = 3650


def obstacle_days_errors(*, obstacle_days: Any, note: str) -> dict[str, str]:
    """Days lost to objective obstacles (Luật Khiếu nại 2011 Đ.9 khoản 2: ốm đau, thiên tai, địch họa, đi công
    tác, học tập ở nơi xa hoặc những trở ngại khách quan khác): a whole number of days within bounds, and
    what the obstacle was whenever there are any."""
    if (
        isinstance(obstacle_days, bool)
        or not isinstance(obstacle_days, int)
        or obstacle_days < 0
        or obstacle_days > OBSTACLE_DAYS_MAX
    ):
        return {"obstacle_days": _("Số ngày có trở ngại khách quan: nhập số ngày từ 0 đến 3650.")}
    if obstacle_days and not (note or "").strip():
        return {"obstacle_note": _("Trở ngại khách quan: ghi rõ (ốm đau, thiên tai, đi công tác...) khi có số ngày.")}
    return {}


def _limitation_errors(
    *, kind: str, received_on: dt.date | None, knew_on: dt.date | None, obstacle_days: int | None, note: str
) -> dict[str, str]:
    """Luật Khiếu nại Đ.9: the date of knowledge and the obstacle period, recorded for complaints."""
    errors: dict[str, str] = {}
    if (knew_on is not None or obstacle_days) and kind != Kind.COMPLAINT:
        errors["knew_on"] = _("Ngày biết được quyết định, hành vi: chỉ ghi với đơn khiếu nại.")
        return errors
    if knew_on is not None and received_on is not None and knew_on > received_on:
        errors["knew_on"] = _("Ngày biết được quyết định, hành vi không được sau ngày nhận đơn.")
    if obstacle_errors := obstacle_days_errors(obstacle_days=obstacle_days, note=note):
        errors.update(obstacle_errors)
    elif obstacle_days and knew_on is None:
        errors["knew_on"] = _("Ngày biết được quyết định, hành vi: phải nhập khi có trở ngại khách quan.")
    return errors


def intake_letter_errors(
    *,
    kind: str,
    channel: str,
    received_on: dt.date | None,
    unit: Unit | None,
    title: str,
    content: str,
    submitters: list[SubmitterData],
    anonymous: bool,
    evidence: str,
    knew_on: dt.date | None,
    obstacle_days: int | None,
    obstacle_note: str,
    subject_person: str = "",
) -> dict[str, str]:
    """What `case_intake` refuses in the letter itself (not who registers it nor what it is about):
    part of `intake_check`."""
    errors = letter_errors(
        kind=kind,
        channel=channel,
        received_on=received_on,
        unit=unit,
        title=title,
        content=content,
        submitters=submitters,
        anonymous=anonymous,
        evidence=evidence,
    )
    errors.update(
        _limitation_errors(
            kind=kind, received_on=received_on, knew_on=knew_on, obstacle_days=obstacle_days, note=obstacle_note
        )
    )
    for field, value in (("subject_person", subject_person), ("obstacle_note", obstacle_note)):
        if message := _too_long(Case, field, value):
            errors[field] = message
    return errors


def intake_subject_unit_refusal(*, actor: Any, subject_unit: Unit | None) -> str:
    """Why `actor` may not name `subject_unit` as the unit a letter is about ("" when they may):
    it must be among the units `intake_subject_units` offers them. An id that names no unit is
    refused in the same words (pass None for it), so the answer never tells which ids exist.
    Decided from the actor's roles as already read: no query within a request or a
    `role_cache.remembering()` block."""
    if subject_unit is not None and intake_subject_unit_offered(user=actor, unit=subject_unit):
        return ""
    return _("Đơn vị bị khiếu nại, tố cáo không thuộc phạm vi của bạn.")


def intake_check(
    *, actor: Any, unit: Unit | None, subject_unit: Unit | None, subject_named: bool, **letter: Any
) -> None:
    """Refuse a letter as `case_intake` does, before anything is stored: the letter's own errors
    (`intake_letter_errors`) and the unit concerned (`intake_subject_unit_refusal`) on their fields
    (ValidationFailed), then the actor's right to register letters for `unit` (TransitionNotAllowed).
    The roles are read once for both. `subject_named`: a unit concerned was named (an id that names
    no unit comes as `subject_unit` None and is refused like one outside the actor's units)."""
    with role_cache.remembering():
        errors = intake_letter_errors(unit=unit, **letter)
        may_register = user_has_role(user=actor, roles=INTAKE_ROLES, unit=unit)
        if may_register and subject_named:
            if refusal := intake_subject_unit_refusal(actor=actor, subject_unit=subject_unit):
                errors["subject_unit"] = refusal
        if errors:
            raise ValidationFailed(errors)
        if not may_register:
            raise TransitionNotAllowed(gettext("Bạn không có quyền tiếp nhận đơn cho %(unit)s.") % {"unit": unit})
