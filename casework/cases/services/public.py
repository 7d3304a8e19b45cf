"""What a citizen does without an account: the letter sent on the public form, the receipt code sent
to the e-mail they gave, and evidence added to their letter, on the public form or later with the
receipt code."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from casework.audit.services import audit_record
from casework.cases.integrations import attachment_store_for_case, attachments_for_case
from casework.cases.models import Case, Channel, Kind
from casework.cases.permissions import INTAKE_ROLES
from casework.cases.receipts import receipt_code_hash, receipt_code_new
from casework.cases.selectors import case_by_receipt_code
from casework.cases.services.common import case_notify
from casework.cases.services.creation import case_create, case_set_aside_anonymous
from casework.cases.services.intake_rules import SubmitterData, letter_errors
from casework.org.models import Unit
from casework.org.selectors import users_with_role
from core import clock
from core.errors import ValidationFailed
from notifications.services import outbox_email_to_address

PUBLIC_EVIDENCE_KIND = "public_evidence"
# Files a citizen may add in one request (each within files_max_bytes, of an accepted type).
PUBLIC_FILES_MAX = 5
# One answer for a code that is unknown or malformed: whether a code exists is never told.
CODE_NOT_FOUND = _("Không tìm thấy đơn với mã này. Vui lòng kiểm tra lại mã tiếp nhận.")


def public_receipt_key(case: Case) -> str:
    """The outbox key of the receipt e-mail: the code's hash, never the case's number."""
    return f"public-receipt:{case.receipt_code_hash}"


def public_receipt_email(*, case: Case, code: str, email: str) -> bool:
    """Send the receipt code to the e-mail the citizen gave, through the outbox, once per letter.

    The message carries only what the recipient gave or needs: the code, the day and the unit that
    received the letter, and where to follow it; no name, no content, no case reference. The
    address and the text (the code) are stored sealed and erased once delivered. Read by the citizen
    alone, it is written in the language of the form they used (the request's, active when the form's
    service calls this): the one exception to the site's language (notifications.language)."""
    email = (email or "").strip()
    if not email:
        return False
    status_url = f"{settings.SITE_URL}{reverse('cases:public_status')}"
    values = {"unit": case.unit.name, "date": f"{case.received_on:%d/%m/%Y}", "code": code, "url": status_url}
    return outbox_email_to_address(
        key=public_receipt_key(case),
        recipient=email,
        subject=gettext_lazy("Mã tiếp nhận đơn của bạn"),
        body=lambda: (
            gettext(
                "Đơn của bạn đã được %(unit)s tiếp nhận ngày %(date)s.\n"
                "Mã tiếp nhận: %(code)s\n"
                "Dùng mã này để tra cứu tình trạng đơn và bổ sung tài liệu tại: %(url)s\n"
                "Không chia sẻ mã này với người khác."
            )
            % values
        ),
        language=translation.get_language(),
    )


def public_evidence_store(*, case: Case, uploads: list[Any], field: str = "evidence_files") -> int:
    """Store a citizen's files on `case` with the checks every upload gets (size, type by content).

    A denunciation's evidence comes from the denouncer and may reveal them: it is identity-bearing,
    sealed under the case's key like the identity (Luật Tố cáo 2018 Đ.47). Nothing is kept when
    one file is refused."""
    uploads = [u for u in uploads or [] if u]
    if len(uploads) > PUBLIC_FILES_MAX:
        raise ValidationFailed({field: gettext("Tối đa %(n)s tệp mỗi lần gửi.") % {"n": PUBLIC_FILES_MAX}})
    for upload in uploads:
        try:
            attachment_store_for_case(
                case=case,
                upload=upload,
                actor=None,
                kind=PUBLIC_EVIDENCE_KIND,
                identifying=case.kind == Kind.DENUNCIATION,
            )
        except ValidationFailed as exc:
            raise ValidationFailed({field: sum(exc.fields.values(), [])}) from exc
    return len(uploads)


@transaction.atomic
def case_public_evidence_add(*, code: str, uploads: list[Any]) -> Case:
    """Add evidence to a letter with its receipt code. An unknown code gets the same answer as a
    malformed one; a letter whose handling has ended takes no more files."""
    case = case_by_receipt_code(code=code)
    if case is None:
        raise ValidationFailed({"code": CODE_NOT_FOUND})
    if case.is_final:
        raise ValidationFailed({"code": _("Đơn này đã kết thúc giải quyết; không thể bổ sung tài liệu.")})
    if not [u for u in uploads or [] if u]:
        raise ValidationFailed({"evidence_files": _("Phải chọn ít nhất một tệp.")})
    count = public_evidence_store(case=case, uploads=uploads)
    audit_record(actor=None, action="case.public_evidence", target=case, unit=case.unit, after={"files": count})
    people = [case.assignee] if case.assignee_id else list(users_with_role(unit=case.unit, roles=INTAKE_ROLES))
    case_notify(
        case=case,
        users=people,
        title=gettext_lazy("Người gửi đơn bổ sung tài liệu"),
        # One notice per addition: the number of files the case now holds tells them apart.
        event=f"public-evidence-{len(attachments_for_case(case))}",
    )
    return case


@transaction.atomic
def case_public_submit(
    *,
    kind: str,
    unit: Unit | None,
    title: str,
    content: str,
    full_name: str = "",
    phone: str = "",
    email: str = "",
    address: str = "",
    subject_unit: Unit | None = None,
    subject_person: str = "",
    evidence: str = "",
    attachments: list[Any] | None = None,
    code: str | None = None,
) -> tuple[Case, str]:
    """Online submission without an account. Returns the case and its receipt code (shown once).

    `code` is the receipt code to give when the caller fixed it in advance (the web form derives it from
    its one-time token, so that a resend of the same form shows it again); a new one when None.

    The sender has no account and so no scope: the public form and API offer every active unit,
    both as the unit written to and as the unit the letter is about (`subject_unit`), which is
    not checked against anyone's scope here (see `case_intake`).

    The citizen's files are checked like officers' uploads (a denunciation's are sealed); the code
    is sent to the e-mail they gave, through the outbox."""

    anonymous = not full_name.strip()
    submitters = [] if anonymous else [SubmitterData(full_name=full_name, phone=phone, email=email, address=address)]
    errors = letter_errors(
        kind=kind,
        channel=Channel.ONLINE,
        received_on=clock.today(),
        unit=unit,
        title=title,
        content=content,
        submitters=submitters,
        anonymous=anonymous,
        evidence=evidence,
    )
    if not anonymous and not (phone.strip() or email.strip() or address.strip()):
        errors["phone"] = _("Phải để lại ít nhất một cách liên lạc: điện thoại, e-mail hoặc địa chỉ.")
    if len([u for u in attachments or [] if u]) > PUBLIC_FILES_MAX:
        errors["evidence_files"] = gettext("Tối đa %(n)s tệp mỗi lần gửi.") % {"n": PUBLIC_FILES_MAX}
    if errors:
        raise ValidationFailed(errors)
    assert unit is not None  # letter_errors names it when missing
    code = code or receipt_code_new()
    case = case_create(
        actor=None,
        kind=kind,
        channel=Channel.ONLINE,
        received_on=clock.today(),
        unit=unit,
        title=title,
        content=content,
        submitters=submitters,
        subject_unit=subject_unit,
        subject_person=subject_person,
        subject_user=None,
        congress_date=None,
        anonymous=anonymous,
        receipt_hash=receipt_code_hash(code),
    )
    public_evidence_store(case=case, uploads=attachments or [])
    if anonymous:
        case = case_set_aside_anonymous(case=case, actor=None, evidence=evidence)
    public_receipt_email(case=case, code=code, email=email)
    return case, code
