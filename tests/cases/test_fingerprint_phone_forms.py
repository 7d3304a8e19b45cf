"""A sender's fingerprint takes the phone in its national form: "+84 912 345 678", "0912345678" and
"84912345678" are one person, so the same letter typed with the number in another form at another level
is still found as the same sender; the fingerprints stored from the digits as typed are computed again."""

from __future__ import annotations

import hashlib
import hmac
from importlib import import_module

import pytest
from django.apps import apps
from django.conf import settings

from casework.cases.identity import submitter_fingerprint
from casework.cases.models import Case, Kind
from casework.cases.selectors import case_duplicates
from tests.builders import intake, submitter

pytestmark = pytest.mark.django_db

recompute_fingerprints = import_module(
    "casework.cases.migrations.0029_fingerprints_of_phones_in_national_form"
).recompute_fingerprints

NAME = "Phạm Văn Nam"
SPELLINGS = ("+84 912 345 678", "0912345678", "84912345678", "0084 912.345.678")


def _as_typed(full_name: str, phone: str) -> str:
    """What intake stored before: the phone's digits as typed."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    message = f"{full_name.casefold()}|{digits}".encode()
    return hmac.new(settings.IDENTITY_ENCRYPTION_KEY.encode(), message, hashlib.sha256).hexdigest()


def _letter(cast, unit, phone: str, *, kind: str = Kind.COMPLAINT) -> Case:
    return intake(
        cast.intake,
        unit,
        kind=kind,
        title="Đơn về quỹ phúc lợi",
        content="Ban chấp hành chi quỹ phúc lợi năm 2025 sai quy chế.",
        submitters=[submitter(full_name=NAME, phone=phone, address="")],
        subject_unit=cast.hospital,
        subject_person="",
    )


def test_the_spellings_of_one_phone_give_one_fingerprint():
    assert len({submitter_fingerprint(full_name=NAME, phone=phone) for phone in SPELLINGS}) == 1
    assert submitter_fingerprint(full_name=NAME, phone="0912345678") != submitter_fingerprint(
        full_name=NAME, phone="0912345679"
    )


def test_the_same_sender_with_the_phone_in_another_form_is_the_same_sender(cast, frozen_clock):
    first = _letter(cast, cast.sector, "+84 912 345 678")
    second = _letter(cast, cast.sector, "0912345678")
    [found] = case_duplicates(case=second, user=cast.intake)
    assert found.case == first and not found.weak


@pytest.mark.parametrize("kind", [Kind.COMPLAINT, Kind.DENUNCIATION])
def test_the_migration_recomputes_a_fingerprint_stored_from_the_digits_as_typed(cast, frozen_clock, kind):
    typed = _letter(cast, cast.sector, "+84 912 345 678", kind=kind)
    national = _letter(cast, cast.sector, "0912345678", kind=kind)
    other = _letter(cast, cast.sector, "84 987 654 321", kind=kind)
    stored = {
        typed.pk: _as_typed(NAME, "+84 912 345 678"),
        national.pk: _as_typed(NAME, "0912345678"),
        other.pk: _as_typed(NAME, "84 987 654 321"),
    }
    for pk, fingerprint in stored.items():
        Case.objects.filter(pk=pk).update(submitter_fingerprint=fingerprint)
    # A second complaint or a transferred letter carries the fingerprint of the case it came from.
    copied = _letter(cast, cast.sector, "", kind=kind)
    Case.objects.filter(pk=copied.pk).update(submitter_fingerprint=stored[typed.pk])
    assert stored[typed.pk] != stored[national.pk]

    recompute_fingerprints(apps, None)

    now = dict(Case.objects.values_list("pk", "submitter_fingerprint"))
    one = submitter_fingerprint(full_name=NAME, phone="0912345678")
    assert now[typed.pk] == now[national.pk] == now[copied.pk] == one
    assert now[other.pk] == submitter_fingerprint(full_name=NAME, phone="0987654321")
    recompute_fingerprints(apps, None)  # running it again changes nothing
    assert dict(Case.objects.values_list("pk", "submitter_fingerprint")) == now
