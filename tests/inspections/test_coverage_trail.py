"""The coverage proof checks the flags table against the audit trail: a row deleted or closed by hand fails it."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from casework.inspections import selectors, services
from casework.inspections.models import Flag, Inspection
from core import clock
from tests import builders
from workflows.services.escalations import escalation_decide

pytestmark = pytest.mark.django_db


# ---- the figures against the audit trail -----------------------------------------------------------------


def _coverage_command(*args: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("coverage_report", *args, stdout=out, stderr=err)
    except CommandError as exc:
        return f"FAILED {exc} {out.getvalue()} {err.getvalue()}"
    return f"OK {out.getvalue()}"


def test_a_flag_deleted_from_the_table_fails_the_coverage_proof(cast, frozen_clock):
    kept = builders.raise_flag(cast)
    gone = builders.raise_flag(cast)
    assert _coverage_command().startswith("OK")
    Flag.objects.filter(pk=gone.pk).delete()  # a hand DELETE: the audit chain itself is untouched
    result = _coverage_command()
    assert result.startswith("FAILED") and gone.reference in result and kept.reference not in result
    assert "Đủ 100%" not in result
    assert _coverage_command("--format", "json").startswith("FAILED")
    # A report on another unit is not about that flag.
    assert _coverage_command("--unit", cast.other_sector.code).startswith("OK")


def test_a_flag_moved_out_of_the_report_by_hand_fails_the_coverage_proof(cast, frozen_clock):
    moved = builders.raise_flag(cast)
    later = builders.raise_flag(cast)
    Flag.objects.filter(pk=moved.pk).update(unit=cast.other_grassroots)
    Flag.objects.filter(pk=later.pk).update(raised_at=later.raised_at + dt.timedelta(days=120))
    today = clock.today().isoformat()
    for args in ((), ("--unit", cast.sector.code), ("--from", today, "--to", today)):
        result = _coverage_command(*args)
        assert result.startswith("FAILED") and moved.reference in result and later.reference in result, args


def test_a_flag_closed_by_hand_on_another_inspection_fails_the_coverage_proof(cast, frozen_clock):
    other = builders.conclude(cast, builders.open_ad_hoc(cast, [builders.raise_flag(cast)]))
    forged = builders.raise_flag(cast, unit=cast.clinic)
    # A hand UPDATE that satisfies every database check: the named inspection has an approved conclusion.
    Flag.objects.filter(pk=forged.pk).update(
        status=Flag.Status.INSPECTED, inspection=other, conclusion_approved_at=other.conclusion_approved_at
    )
    assert selectors.flag_bucket(flag=forged) == "inspected"
    result = _coverage_command()
    assert result.startswith("FAILED") and forged.reference in result


def test_the_coverage_proof_holds_when_the_table_and_the_trail_agree(cast, frozen_clock):
    flag = builders.raise_flag(cast)
    builders.conclude(cast, builders.open_ad_hoc(cast, [flag]))
    other = builders.raise_flag(cast, unit=cast.clinic)
    escalation = services.flag_escalate(flag=other, actor=cast.inspector, reason="Đã gộp")
    escalation_decide(escalation=escalation, actor=cast.leader, decision="approve", reason="Gộp", ground="merged")
    assert Inspection.objects.get().status == Inspection.Status.CONCLUDED
    assert _coverage_command().startswith("OK")
