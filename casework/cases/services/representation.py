"""Khiếu nại thông qua người đại diện, người được ủy quyền: who makes a complaint for the complainant, in
what capacity, under which document and within what scope (Luật Khiếu nại 2011 Đ.12 khoản 1 điểm a, b,
Đ.16 khoản 2 điểm a-b; Nghị định 124/2020/NĐ-CP Đ.5 khoản 3, sửa đổi bởi Nghị định 155/2026/NĐ-CP Đ.3).

A complaint made by a representative who is not lawful is not accepted (Luật Khiếu nại 2011 Đ.11 khoản
4: "Người đại diện không hợp pháp thực hiện khiếu nại"): `representation_defects` is the one rule,
read by the acceptance (`case_accept`), the detail page and the API.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext as _

from casework.audit.services import audit_record
from casework.cases.identity import PersonalDataDestroyed, identity_decrypt, identity_encrypt
from casework.cases.models import (
    REPRESENTATION_DOCUMENT,
    Case,
    ComplaintRepresentative,
    Kind,
    RepresentationCapacity,
)
from casework.cases.services.intake_rules import ID_PAPER
from core import clock

# Nghị định 155/2026/NĐ-CP Đ.21 khoản 2: an individual's authorisation must be notarised or certified
# (Đ.5 khoản 3 as amended) only until this day; from it on that requirement no longer applies.
CERTIFICATION_REQUIRED_UNTIL = dt.date(2027, 1, 1)
# Capacities that act under an authorisation (Mẫu số 02), whose content and scope it states.
AUTHORISED_CAPACITIES = frozenset(
    {RepresentationCapacity.AUTHORISED, RepresentationCapacity.LAWYER, RepresentationCapacity.LEGAL_AID}
)


@dataclass
class RepresentativeData:
    capacity: str
    full_name: str
    address: str = ""
    id_number: str = ""
    document_on: dt.date | None = None
    scope: str = ""
    certified: bool = False


def representative_errors(*, kind: str, data: RepresentativeData | None) -> dict[str, str]:
    """What intake refuses in a representative's particulars (nothing is stored then)."""
    if data is None:
        return {}
    errors: dict[str, str] = {}
    if kind != Kind.COMPLAINT:
        return {
            "representative_capacity": _(
                "Người đại diện, người được ủy quyền: chỉ ghi với đơn khiếu nại (Luật Khiếu nại 2011 Điều 12)."
            )
        }
    if data.capacity not in RepresentationCapacity.values:
        errors["representative_capacity"] = _(
            "Tư cách đại diện: chọn người đại diện theo pháp luật, người được ủy quyền, luật sư hoặc trợ giúp viên "
            "pháp lý (Luật Khiếu nại 2011 Điều 12 khoản 1)."
        )
    name = (data.full_name or "").replace("\x00", "").strip()
    if not name:
        errors["representative_name"] = _("Phải ghi họ và tên người đại diện, người được ủy quyền.")
    elif len(name) > 255 or len(data.address or "") > 255:
        errors["representative_name"] = _("Họ tên, địa chỉ người đại diện: tối đa 255 ký tự.")
    paper = "".join((data.id_number or "").split())
    if paper and not ID_PAPER.fullmatch(paper):
        errors["representative_id_number"] = _(
            "Số căn cước/định danh cá nhân/hộ chiếu của người đại diện: chỉ gồm chữ và số, từ 6 đến 20 ký tự."
        )
    if data.document_on is not None and data.document_on > clock.today():
        errors["representative_document_on"] = _("Ngày của văn bản ủy quyền không được sau hôm nay.")
    return errors


def case_representative_record(
    *, case: Case, actor: Any, data: RepresentativeData, document: Any = None
) -> ComplaintRepresentative:
    """Record the representative at intake, in the caller's transaction: the identity paper's number
    sealed under the case's key, the document stored as the case's attachment of its kind. The audit
    event names the capacity and what the document shows, never the person."""
    from casework.cases.integrations import attachment_store_for_case

    row = ComplaintRepresentative.objects.create(
        case=case,
        capacity=data.capacity,
        full_name=data.full_name.replace("\x00", "").strip(),
        address=(data.address or "").replace("\x00", "").strip(),
        id_number_sealed=identity_encrypt(data.id_number.strip(), case=case) if data.id_number.strip() else "",
        document_on=data.document_on,
        scope=(data.scope or "").replace("\x00", "").strip(),
        certified=data.certified,
        recorded_by=actor,
        recorded_at=clock.now(),
    )
    if document is not None:
        attachment_store_for_case(case=case, upload=document, actor=actor, kind=REPRESENTATION_DOCUMENT)
    audit_record(
        actor=actor,
        action="case.representative",
        target=case,
        unit=case.unit,
        after={
            "capacity": row.capacity,
            "document_on": row.document_on.isoformat() if row.document_on else None,
            "certified": row.certified,
            "document": document is not None,
            "defects": len(representation_defects(case)),
        },
    )
    return row


def case_representative_carry(*, case: Case, previous: Case, actor: Any) -> ComplaintRepresentative | None:
    """The first round's representative acting again in the second complaint (Luật Khiếu nại 2011 Đ.12
    khoản 1, Đ.33), as its complainants are carried: the particulars, the identity paper's number re-sealed
    under the second case's key, and the representation document as an attachment of the second case (a
    document destroyed at the end of its retention is not). In the caller's transaction."""
    from django.core.files import File

    from casework.cases.identity import identity_reencrypt
    from casework.cases.integrations import attachment_store_for_case
    from casework.files.models import Attachment

    first = case_representative(previous)
    if first is None:
        return None
    row = ComplaintRepresentative.objects.create(
        case=case,
        capacity=first.capacity,
        full_name=first.full_name,
        address=first.address,
        id_number_sealed=identity_reencrypt(first.id_number_sealed, source=previous, target=case)
        if first.id_number_sealed
        else "",
        document_on=first.document_on,
        scope=first.scope,
        certified=first.certified,
        recorded_by=actor,
        recorded_at=clock.now(),
    )
    documents = Attachment.objects.filter(
        target_type="cases.case", target_id=str(previous.pk), kind=REPRESENTATION_DOCUMENT
    ).order_by("pk")
    carried = 0
    for document in documents:
        if not document.file:
            continue
        with document.file.open("rb") as stored:
            attachment_store_for_case(
                case=case,
                upload=File(stored, name=document.original_name),
                actor=actor,
                kind=REPRESENTATION_DOCUMENT,
            )
        carried += 1
    audit_record(
        actor=actor,
        action="case.representative",
        target=case,
        unit=case.unit,
        after={
            "capacity": row.capacity,
            "document_on": row.document_on.isoformat() if row.document_on else None,
            "certified": row.certified,
            "document": carried > 0,
            "carried_from": previous.reference,
            "defects": len(representation_defects(case)),
        },
    )
    return row


def case_representative(case: Case) -> ComplaintRepresentative | None:
    return ComplaintRepresentative.objects.filter(case=case).first()


def representation_defects(case: Case) -> list[str]:
    """Why the complaint's representative is not lawful ([] when the complaint has none, or a lawful one):
    Luật Khiếu nại 2011 Đ.11 khoản 4; the complaint is then not accepted, on that ground."""
    from casework.files.models import Attachment

    row = case_representative(case)
    if row is None:
        return []
    defects = []
    has_document = Attachment.objects.filter(
        target_type="cases.case", target_id=str(case.pk), kind=REPRESENTATION_DOCUMENT
    ).exists()
    if not has_document or row.document_on is None:
        # Đ.12 khoản 1 điểm a (đại diện theo pháp luật; ủy quyền), Đ.16 khoản 2 điểm a (luật sư, trợ giúp viên
        # pháp lý: giấy ủy quyền của người khiếu nại).
        defects.append(
            gettext(
                "Không có văn bản ủy quyền hoặc giấy tờ chứng minh việc đại diện, có ghi ngày (Luật Khiếu nại 2011 "
                "Điều 12 khoản 1, Điều 16 khoản 2 điểm a)."
            )
        )
    if row.capacity in AUTHORISED_CAPACITIES and not row.scope:
        defects.append(
            gettext(
                "Văn bản ủy quyền không ghi nội dung ủy quyền khiếu nại (Mẫu số 02, Nghị định 124/2020/NĐ-CP Điều 5 "
                "khoản 3, sửa đổi bởi Nghị định 155/2026/NĐ-CP)."
            )
        )
    if (
        row.capacity == RepresentationCapacity.AUTHORISED
        and not row.certified
        and row.document_on is not None
        and row.document_on < CERTIFICATION_REQUIRED_UNTIL
    ):
        defects.append(
            gettext(
                "Văn bản ủy quyền khiếu nại của cá nhân chưa được công chứng hoặc chứng thực (Nghị định 124/2020/NĐ-CP "
                "Điều 5 khoản 3, sửa đổi bởi Nghị định 155/2026/NĐ-CP Điều 3; áp dụng đến hết ngày 31/12/2026)."
            )
        )
    return defects


def representation_refusal(case: Case) -> str:
    """The acceptance's refusal for an unlawful representative ("" when it may be accepted)."""
    if case.kind != Kind.COMPLAINT:
        return ""
    defects = representation_defects(case)
    if not defects:
        return ""
    return gettext(
        "Người đại diện không hợp pháp thực hiện khiếu nại: %(defects)s Đơn không được thụ lý (Luật Khiếu nại 2011 "
        "Điều 11 khoản 4): chọn không thụ lý với căn cứ “Người đại diện không hợp pháp thực hiện khiếu nại”, hoặc "
        "bổ sung giấy tờ trước khi thụ lý."
    ) % {"defects": " ".join(defects)}


def representative_id_number(*, case: Case, user: Any) -> str:
    """The representative's identity paper number, for whom `can_reveal_identity` allows ("" otherwise)."""
    from casework.cases.permissions import can_reveal_identity

    row = case_representative(case)
    if row is None or not row.id_number_sealed or not can_reveal_identity(case, user):
        return ""
    try:
        return str(identity_decrypt(row.id_number_sealed, case=case))
    except PersonalDataDestroyed:
        return ""
