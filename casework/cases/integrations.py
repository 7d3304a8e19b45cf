"""Calls into other apps' interfaces (interfaces.md), imported lazily so cases never depend
on the import order of apps, and so a missing app fails loudly only where it is needed."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _


def flag_raise_from_case(*, case: Any, unit: Any, evidence: str, category: str = "", person: str = "") -> Any:
    """Raise a sign of violation (dấu hiệu vi phạm) for inspection, linked to the case.

    Raised by the system (actor None) inside the case service's transaction: the officer's
    step is what is audited on the case; the flag audits its own "flag.raise". A denunciation's
    evidence goes through its masks (`case_text_masked`): the flag is read outside the case.
    """
    from casework.cases.services.identity import case_text_masked
    from casework.inspections.models import Category
    from casework.inspections.services import flag_raise

    return flag_raise(
        unit=unit,
        category=category or Category.CHARTER,
        severity="high",
        evidence=case_text_masked(case, evidence),
        source="denunciation" if case.kind == "denunciation" else "case",
        actor=None,
        source_target=case,
        person=person,
    )


def attachments_for_case(case: Any) -> list[Any]:
    from casework.files.selectors import attachments_for

    return list(attachments_for(target=case))


# Identity-bearing material of a denunciation (Luật Tố cáo Đ.47: handwriting, signature, voice and
# anything that reveals the denouncer): stored sealed, listed to others without a name.
IDENTIFYING_KINDS = {
    "letter_scan": _("Bản chụp đơn tố cáo"),
    "envelope": _("Phong bì"),
    "signature": _("Chữ ký"),
    "recording": _("Ghi âm, ghi hình"),
    "identity": _("Giấy tờ về người tố cáo"),
}
IDENTIFYING_LABEL = _("tài liệu có thông tin người tố cáo")


def attachment_is_identifying(*, case: Any, kind: str = "", marked: bool = False) -> bool:
    """A denunciation's file is identity-bearing by its kind or because whoever attached it said so."""
    return case.kind == "denunciation" and (kind in IDENTIFYING_KINDS or marked)


def attachment_store_for_case(*, case: Any, upload: Any, actor: Any, kind: str = "", identifying: bool = False) -> Any:
    from casework.cases.identity import identity_encrypt
    from casework.cases.services.identity import case_text_masked
    from casework.files.services import attachment_store

    seal = None
    if attachment_is_identifying(case=case, kind=kind, marked=identifying):

        def seal(data: bytes) -> bytes:
            return identity_encrypt(data, case=case)

    # The name of an ordinary file of a denunciation is shown to every reader of the case: it goes
    # through the case's masks like any text typed about it (Luật Tố cáo 2018 Đ.47 k1).
    return attachment_store(
        upload=upload,
        target=case,
        unit=case.unit,
        actor=actor,
        kind=kind,
        seal=seal,
        name_masked=lambda name: case_text_masked(case, name),
    )
