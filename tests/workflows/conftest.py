"""Fixtures for the deadline and escalation tests: a fake target type with a recording handler."""

from __future__ import annotations

import datetime as dt

import pytest

from workflows import escalations

VN = dt.timezone(dt.timedelta(hours=7))


def at(day: int, hour: int = 9, minute: int = 0, month: int = 3) -> dt.datetime:
    """A moment in March 2026, Vietnam time (02/03/2026 is a Monday)."""
    return dt.datetime(2026, month, day, hour, minute, tzinfo=VN)


class FakeTarget:
    """Stands in for a domain app: records every decision it is told about."""

    type = "tests.fake"

    def __init__(self) -> None:
        self.decisions: list[dict] = []

    def on_decision(self, **kwargs) -> None:
        self.decisions.append(kwargs)

    def summary(self, target_id: str) -> dict:
        return {"title": f"Hồ sơ giả {target_id}", "url": f"/fake/{target_id}/"}


@pytest.fixture
def fake_target():
    fake = FakeTarget()
    saved = (
        escalations._escalation_handlers.get(fake.type),
        escalations._summaries.get(fake.type),
    )
    escalations.register_escalation_handler(fake.type, fake.on_decision)
    escalations.register_escalation_summary(fake.type, fake.summary)
    yield fake
    for registry, value in zip((escalations._escalation_handlers, escalations._summaries), saved, strict=True):
        registry.pop(fake.type, None)
        if value is not None:
            registry[fake.type] = value


@pytest.fixture
def policy_v1(db):
    """Policy v1 as the data migration seeds it. Transactional tests flush tables between tests,
    seeded rows included, so tests that run after such a flush put them back (idempotent)."""
    from importlib import import_module

    from django.apps import apps

    import_module("workflows.migrations.0002_policy_v1").forwards(apps, None)
    import_module("workflows.migrations.0006_inspection_step_policy").forwards(apps, None)
