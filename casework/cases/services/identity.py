"""Revealing a denouncer's identity: the resolving officer only, with a reason, audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from casework.audit.services import audit_record
from casework.cases.identity import PersonalDataDestroyed, identity_decrypt
from casework.cases.models import Case, DenouncerIdentity, Kind
from casework.cases.permissions import can_reveal_identity
from casework.errors import TransitionNotAllowed, ValidationFailed

MIN_REASON_LENGTH = 10


@transaction.atomic
def case_identity_reveal(*, case: Case, actor: Any, reason: str) -> list[dict]:
    """Decrypt and return the denouncer(s). Every reveal is an audit event with its reason."""
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationFailed(
            {"reason": f"Phải nêu lý do xem danh tính người tố cáo (ít nhất {MIN_REASON_LENGTH} ký tự)."}
        )
    case = Case.objects.select_related("unit").get(pk=case.pk)
    if case.kind != Kind.DENUNCIATION:
        raise TransitionNotAllowed(_("Chỉ đơn tố cáo mới có danh tính được bảo vệ."))
    if not can_reveal_identity(case, actor):
        raise TransitionNotAllowed(_("Chỉ người được phân công giải quyết tố cáo mới được xem danh tính người tố cáo."))
    identity = DenouncerIdentity.objects.filter(case=case).first()
    if identity is None:
        from casework.privacy.models import CaseKey

        if CaseKey.objects.filter(case=case, destroyed_at__isnull=False).exists():
            raise PersonalDataDestroyed()
        raise TransitionNotAllowed(_("Hồ sơ này không lưu danh tính người tố cáo."))
    people = identity_decrypt(identity.ciphertext, case=case)
    audit_record(actor=actor, action="case.identity_reveal", target=case, unit=case.unit, reason=reason)
    return people
