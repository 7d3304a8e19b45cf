"""The initial processing of a denunciation takes 07 working days, and up to 10 only "trường hợp phải kiểm tra,
xác minh tại nhiều địa điểm hoặc phải ủy quyền cho cơ quan, tổ chức có thẩm quyền kiểm tra, xác minh" (Luật Tố
cáo 2018 Đ.24 khoản 1): checking the denouncer's identity belongs to the 07 days. Migration 0033 corrects the
source of the seeded row (the days stand) where nothing uses its version; a version in use keeps its row, and
when the newest is in use a copy in force from the next day carries the corrected source."""

from __future__ import annotations

import datetime as dt
from importlib import import_module

import pytest
from django.apps import apps
from django.utils import translation

from casework.audit.models import AuditEvent
from casework.cases.models import Kind
from casework.cases.services import case_processing_extend
from core import clock
from core.errors import ValidationFailed
from workflows.models import DeadlineRule, PolicyVersion
from workflows.policy_cache import reset as policy_reset

pytestmark = pytest.mark.django_db

FIX = import_module("workflows.migrations.0033_denunciation_processing_extension_ground")


def _row(version: PolicyVersion) -> DeadlineRule:
    return DeadlineRule.objects.get(version=version, subject="denunciation", step="accept", variant="complex")


def _seeded_as_before() -> None:
    """The rows as migration 0008 seeded them, before the correction."""
    DeadlineRule.objects.filter(subject="denunciation", step="accept", variant="complex").update(source=FIX.SEEDED)
    policy_reset()


def test_every_seeded_version_names_the_grounds_of_article_24(db):
    for version in PolicyVersion.objects.all():
        row = _row(version)
        assert (row.days, row.day_unit, row.source) == (10, "working", FIX.SOURCE)
        assert "danh tính" not in row.source


def test_the_extension_asks_for_the_grounds_of_article_24_and_records_them(cast, make_case):
    case = make_case(kind=Kind.DENUNCIATION)
    with translation.override("vi"), pytest.raises(ValidationFailed) as err:
        case_processing_extend(case=case, actor=cast.intake, reason=" ")
    (message,) = err.value.fields["reason"]
    assert "nhiều địa điểm" in message and "ủy quyền" in message and "danh tính" not in message
    case = case_processing_extend(case=case, actor=cast.intake, reason="Phải xác minh tại 03 công đoàn cơ sở")
    event = AuditEvent.objects.get(action="case.processing_extend", target_id=str(case.pk))
    assert event.after["days"] == 10 and event.after["source"] == FIX.SOURCE


def test_a_version_in_use_keeps_its_row_and_the_newest_is_copied_with_the_ground_corrected(cast, make_case):
    _seeded_as_before()
    clock.set_now(dt.datetime(2026, 12, 4, 2, 0, tzinfo=dt.UTC))  # 09:00 in Hà Nội
    case = make_case(kind=Kind.DENUNCIATION)
    used = case.policy_version
    newest = PolicyVersion.objects.order_by("-number").first()
    assert used == newest  # a letter received today starts under the newest version

    FIX.forwards(apps, None)
    policy_reset()
    assert _row(used).source == FIX.SEEDED  # the case's version is never rewritten
    copy = PolicyVersion.objects.get(number=newest.number + 1)
    assert copy.effective_from == max(dt.date(2026, 12, 5), newest.effective_from)
    assert _row(copy).source == FIX.SOURCE and (_row(copy).days, _row(copy).day_unit) == (10, "working")
    assert DeadlineRule.objects.filter(version=copy).count() == DeadlineRule.objects.filter(version=used).count()
    assert AuditEvent.objects.get(action="policy.copy", target_id=str(copy.pk)).after["copied_from"] == newest.number
    # The versions before, which nothing uses, are corrected in place.
    for version in PolicyVersion.objects.filter(number__lt=used.number):
        assert _row(version).source == FIX.SOURCE

    FIX.forwards(apps, None)  # run again: nothing left to correct
    assert PolicyVersion.objects.count() == copy.number


def test_an_administrators_own_source_is_left_as_it_is(db):
    _seeded_as_before()
    version = PolicyVersion.objects.order_by("-number").first()
    DeadlineRule.objects.filter(pk=_row(version).pk).update(source="Quy định riêng của đơn vị")
    FIX.forwards(apps, None)
    assert _row(version).source == "Quy định riêng của đơn vị"
    assert not AuditEvent.objects.filter(action="policy.copy").exists()
