"""Files added to a case after intake: the case page's attach form and the API's `attachments` action
call the same service, under the same rule of who may add one and of which kinds a case takes."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from casework.cases.integrations import IDENTIFYING_KINDS, attachment_store_for_case
from casework.cases.models import REPRESENTATION_DOCUMENT, Case, Kind
from casework.cases.permissions import INTAKE_ROLES
from casework.org.models import Role
from casework.org.selectors import user_has_role
from core.errors import OutOfScope, ValidationFailed

ORDINARY_DOCUMENT = _("Tài liệu, chứng cứ")
REPRESENTATION_DOCUMENT_LABEL = _("Văn bản ủy quyền, giấy tờ chứng minh việc đại diện khiếu nại")


def case_attachment_kinds(case: Case) -> dict[str, Any]:
    """The kinds of file the case takes ("" an ordinary document or evidence): a denunciation's
    identity-bearing material (Luật Tố cáo 2018 Đ.47), a complaint's representation document (Luật
    Khiếu nại 2011 Đ.12 khoản 1, Đ.16 khoản 2 điểm a), which `representation_defects` looks for."""
    kinds: dict[str, Any] = {"": ORDINARY_DOCUMENT}
    if case.kind == Kind.DENUNCIATION:
        kinds.update(IDENTIFYING_KINDS)
    elif case.kind == Kind.COMPLAINT:
        kinds[REPRESENTATION_DOCUMENT] = REPRESENTATION_DOCUMENT_LABEL
    return kinds


def case_may_attach(*, user: Any, case: Case) -> bool:
    return user_has_role(user=user, roles=INTAKE_ROLES + (Role.INSPECTOR,), unit=case.unit) and not case.is_final


@transaction.atomic
def case_attachment_add(
    *,
    case: Case,
    actor: Any,
    file: Any,
    kind: str = "",
    identifying: bool = False,
    expected_version: int | None = None,
) -> Any:
    """Store one file for the case (its type, size and content checked by the files app)."""
    if not case_may_attach(user=actor, case=case):
        raise OutOfScope(gettext("Không tìm thấy hồ sơ."))
    if file is None:
        raise ValidationFailed({"file": gettext("Tệp đính kèm: phải chọn một tệp.")})
    if kind not in case_attachment_kinds(case):
        raise ValidationFailed({"kind": gettext("Loại tài liệu không dùng cho loại đơn này.")})
    return attachment_store_for_case(case=case, upload=file, actor=actor, kind=kind, identifying=identifying)
