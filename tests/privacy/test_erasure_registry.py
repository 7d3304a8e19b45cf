"""Erasure reaches the files of every object that belongs to a case as case_of_target's registry
says (casework.audit.sealing): a type an app registers is erased with the case, with no list to keep."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile

from casework.audit import sealing
from casework.cases.models import Kind
from casework.files.models import Attachment
from casework.privacy.services import ERASED_FILE, retention_policy_set, retention_run
from core import clock
from tests.privacy.test_retention import closed_case

pytestmark = pytest.mark.django_db


THING = "tests.thing"  # a type of object some app registers as belonging to a case


@pytest.fixture
def registered():
    """Objects of THING: "7" belongs to the case the test gives, any other to none."""
    owner: dict[str, int] = {}
    sealing.register_case_of_target(
        THING,
        lambda target_id: owner.get(target_id),
        of_case=lambda case_id: [k for k, v in owner.items() if v == case_id],
    )
    yield owner
    sealing._case_of.pop(THING)
    sealing._of_case.pop(THING)


def _file_of(cast, *, target_id: str, unit) -> Attachment:
    return Attachment.objects.create(
        target_type=THING,
        target_id=target_id,
        unit=unit,
        original_name="bien-ban-Nguyen-Van-A.pdf",
        content_type="application/pdf",
        size=4,
        file=ContentFile(b"%PDF", name="bien-ban.pdf"),
        uploaded_by=cast.officer,
        uploaded_at=clock.now(),
    )


def test_the_files_of_a_registered_type_go_with_the_case(cast, frozen_clock, settings, tmp_path, registered):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    retention_policy_set(actor=cast.admin, kind=Kind.COMPLAINT, years=5, source="Quy định lưu trữ (thử nghiệm)")
    case = closed_case(cast, Kind.COMPLAINT)
    registered["7"] = case.pk
    assert sealing.case_of_target(THING, "7") == case.pk
    erased = _file_of(cast, target_id="7", unit=case.unit)
    kept = _file_of(cast, target_id="8", unit=case.unit)

    assert [o.outcome for o in retention_run(now=clock.now() + dt.timedelta(days=5 * 365 + 2))] == ["destroyed"]

    erased.refresh_from_db()
    kept.refresh_from_db()
    assert (erased.file.name, erased.original_name) == ("", ERASED_FILE)
    assert kept.file.name and kept.original_name == "bien-ban-Nguyen-Van-A.pdf"
