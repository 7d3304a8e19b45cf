"""Calls into other apps' interfaces (interfaces.md), imported lazily so cases never depend
on the import order of apps, and so a missing app fails loudly only where it is needed."""

from __future__ import annotations

from typing import Any


def flag_raise_from_case(*, case: Any, unit: Any, evidence: str, category: str = "", person: str = "") -> Any:
    """Raise a sign of violation (dấu hiệu vi phạm) for inspection, linked to the case.

    Raised by the system (actor None) inside the case service's transaction: the officer's
    step is what is audited on the case; the flag audits its own "flag.raise".
    """
    from casework.inspections.models import Category
    from casework.inspections.services import flag_raise

    return flag_raise(
        unit=unit,
        category=category or Category.CHARTER,
        severity="high",
        evidence=evidence,
        source="denunciation" if case.kind == "denunciation" else "case",
        actor=None,
        source_target=case,
        person=person,
    )


def attachments_for_case(case: Any) -> list[Any]:
    from casework.files.selectors import attachments_for

    return list(attachments_for(target=case))


def attachment_store_for_case(*, case: Any, upload: Any, actor: Any, kind: str = "") -> Any:
    from casework.files.services import attachment_store

    return attachment_store(upload=upload, target=case, unit=case.unit, actor=actor, kind=kind)
