"""Fixtures for case tests: a helper that registers a case through the real intake service."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache

from casework import clock
from casework.cases.models import Channel, Kind
from casework.cases.services import SubmitterData, case_intake


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_case(cast, frozen_clock):
    def _make(kind: str = Kind.COMPLAINT, **kwargs):
        defaults = dict(
            actor=cast.intake,
            kind=kind,
            channel=Channel.LETTER,
            received_on=clock.today(),
            unit=cast.sector,
            title="Đơn về việc chi sai quỹ phúc lợi",
            content="Ban chấp hành CĐCS Bệnh viện chi quỹ phúc lợi không đúng quy chế năm 2025.",
            submitters=[SubmitterData(full_name="Nguyễn Văn Gửi", phone="0912345678", address="Thái Bình")],
            subject_unit=cast.hospital,
            subject_person="Trần Thị Bị",
        )
        defaults.update(kwargs)
        return case_intake(**defaults)

    return _make


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)
