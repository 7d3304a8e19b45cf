"""One name in either Vietnamese tone style ("Hòa" and "Hoà", "Thúy" and "Thuý", "Khỏe" and "Khoẻ",
"Qúy" and "Quý") is one name: the masks reach it however the letter places the tone (Luật Tố cáo 2018
Đ.47 khoản 1), the search finds it, and intake knows its sender again."""

from __future__ import annotations

import hashlib
import hmac
import unicodedata
from importlib import import_module

import pytest
from django.apps import apps
from django.conf import settings

from casework.cases.identity import submitter_fingerprint
from casework.cases.models import Case, Kind
from casework.cases.redaction import MASK, redact
from casework.cases.selectors import case_duplicates
from casework.search.selectors import search_everything
from casework.search.text import tone_marks_placed
from tests import builders
from tests.builders import submitter

pytestmark = pytest.mark.django_db

recompute_fingerprints = import_module(
    "casework.cases.migrations.0034_fingerprints_of_names_in_either_tone_style"
).recompute_fingerprints

STYLES = [
    ("Nguyễn Thị Hòa", "Nguyễn Thị Hoà"),
    ("Lê Thúy", "Lê Thuý"),
    ("Trần Văn Khỏe", "Trần Văn Khoẻ"),
    ("Đỗ Qúy", "Đỗ Quý"),
    ("NGUYỄN THỊ HÒA", "Nguyễn Thị Hoà"),
]


@pytest.mark.parametrize(("one", "other"), STYLES)
def test_a_name_in_one_tone_style_masks_the_other(one, other):
    for known, written in ((one, other), (other, one)):
        text = f"Tôi là {written}, tố cáo Chủ tịch CĐCS."
        assert redact(text, [known]) == f"Tôi là {MASK}, tố cáo Chủ tịch CĐCS."
        decomposed = unicodedata.normalize("NFD", text)
        assert redact(decomposed, [known]) == f"Tôi là {MASK}, tố cáo Chủ tịch CĐCS."


def test_only_the_masked_passage_changes_and_a_text_without_it_stays_as_typed():
    # The rest of the text keeps its own tone placement; only the masked name is replaced.
    text = "Tôi là Nguyễn Thị Hoà, quê Hòa Bình, sức khỏe yếu."
    assert redact(text, ["Nguyễn Thị Hòa"]) == f"Tôi là {MASK}, quê Hòa Bình, sức khỏe yếu."
    untouched = unicodedata.normalize("NFD", "Quê Hòa Bình, sức khỏe yếu, Qúy I.")
    assert redact(untouched, ["Nguyễn Thị Hoà"]) == untouched


def test_the_placement_keeps_every_character_in_its_place_and_each_style_meets_the_other():
    for word in ("Hòa", "Hoà", "hòang", "Huỳnh", "khoái", "Người", "gìa", "già", "Khuỷu", "tuổi", "café", "mùa"):
        assert len(tone_marks_placed(word)) == len(word)
    assert tone_marks_placed("Hòa Thúy Khỏe Qúy gìa") == tone_marks_placed("Hoà Thuý Khoẻ Quý già")
    # Syllables whose tone both styles place alike are left as they are.
    assert tone_marks_placed("Nguyễn Huỳnh khoái Người tuổi mùa") == "Nguyễn Huỳnh khoái Người tuổi mùa"


def _letter(cast, name, *, kind=Kind.COMPLAINT, title="Đơn về quỹ phúc lợi"):
    return builders.intake(
        cast.intake,
        cast.sector,
        kind=kind,
        title=title,
        content="Ban chấp hành chi quỹ phúc lợi năm 2025 sai quy chế.",
        submitters=[submitter(full_name=name, phone="0912345678", address="")],
        subject_unit=cast.hospital,
        subject_person="",
    )


def test_the_search_finds_a_name_in_either_tone_style(cast, frozen_clock):
    hoa = _letter(cast, "Ông Khác", title="Kiến nghị của bà Nguyễn Thị Hòa")
    thuy = _letter(cast, "Ông Khác", title="Kiến nghị của bà Lê Thuý")
    assert search_everything(user=cast.officer, q="nguyễn thị hoà").cases == [hoa]
    assert search_everything(user=cast.officer, q="Lê Thúy").cases == [thuy]


@pytest.mark.parametrize("kind", [Kind.COMPLAINT, Kind.DENUNCIATION])
def test_intake_knows_the_sender_in_either_tone_style(cast, frozen_clock, kind):
    assert submitter_fingerprint(full_name="Nguyễn Thị Hòa", phone="0912345678") == submitter_fingerprint(
        full_name="nguyễn thị hoà", phone="+84 912 345 678"
    )
    first = _letter(cast, "Nguyễn Thị Hòa", kind=kind)
    second = _letter(cast, "Nguyễn Thị Hoà", kind=kind)
    [found] = case_duplicates(case=second, user=cast.intake)
    assert found.case == first and not found.weak


def _as_typed(full_name: str, phone: str) -> str:
    """What intake stored before: the name's tone marks where they were typed."""
    message = f"{full_name.casefold()}|{phone}".encode()
    return hmac.new(settings.IDENTITY_ENCRYPTION_KEY.encode(), message, hashlib.sha256).hexdigest()


@pytest.mark.parametrize("kind", [Kind.COMPLAINT, Kind.DENUNCIATION])
def test_the_migration_recomputes_a_fingerprint_stored_from_the_name_as_typed(cast, frozen_clock, kind):
    old_style = _letter(cast, "Nguyễn Thị Hòa", kind=kind)
    new_style = _letter(cast, "Nguyễn Thị Hoà", kind=kind)
    stored = {
        old_style.pk: _as_typed("Nguyễn Thị Hòa", "0912345678"),
        new_style.pk: _as_typed("Nguyễn Thị Hoà", "0912345678"),
    }
    for pk, fingerprint in stored.items():
        Case.objects.filter(pk=pk).update(submitter_fingerprint=fingerprint)
    assert stored[old_style.pk] != stored[new_style.pk]

    recompute_fingerprints(apps, None)

    now = dict(Case.objects.values_list("pk", "submitter_fingerprint"))
    assert (
        now[old_style.pk] == now[new_style.pk] == submitter_fingerprint(full_name="Nguyễn Thị Hoà", phone="0912345678")
    )
    recompute_fingerprints(apps, None)
    assert dict(Case.objects.values_list("pk", "submitter_fingerprint")) == now
