"""The coverage proof checks the flags table against the audit trail: a row deleted or closed by hand fails it."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from casework.cases.integrations import flag_raise_from_case
from casework.cases.models import Kind
from casework.inspections import selectors, services
from casework.inspections.models import Flag, Inspection
from casework.org.models import Role
from core import clock
from tests import builders
from tests.factories import UserFactory
from workflows.services.escalations import escalation_decide

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_as(db):
    def make(user) -> APIClient:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
        return client

    return make


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


# ---- the page and the API show the check, in the reader's scope ----------------------------------------


def test_the_coverage_page_and_api_are_proven_only_while_the_table_agrees_with_the_trail(
    client, cast, api_as, frozen_clock
):
    kept = builders.raise_flag(cast)
    gone = builders.raise_flag(cast)
    client.force_login(cast.inspector)
    page = client.get(reverse("inspections:coverage")).content.decode()
    assert 'id="coverage-verdict"' in page and "không khớp với nhật ký" not in page
    body = api_as(cast.inspector).get("/api/reports/coverage/").json()
    assert (body["complete"], body["proven"], body["disagreement_count"], body["disagreements"]) == (True, True, 0, [])

    Flag.objects.filter(pk=gone.pk).delete()  # a hand DELETE: the figures alone still read complete
    page = client.get(reverse("inspections:coverage")).content.decode()
    assert "không khớp với nhật ký" in page and gone.reference in page and kept.reference not in page
    assert 'id="coverage-verdict"' not in page  # no "every flag dealt with" over figures the trail does not prove
    body = api_as(cast.inspector).get("/api/reports/coverage/").json()
    assert (body["complete"], body["proven"], body["disagreement_count"]) == (True, False, 1)
    assert [d["reference"] for d in body["disagreements"]] == [gone.reference]


def test_a_reader_sees_the_disagreements_of_their_scope_only(cast, api_as, frozen_clock):
    other_inspector = UserFactory(username="other_inspector", roles=[(Role.INSPECTOR, cast.other_sector)])
    mine = builders.raise_flag(cast)
    theirs = builders.raise_flag(cast, unit=cast.other_grassroots, actor=other_inspector)
    Flag.objects.filter(pk__in=[mine.pk, theirs.pk]).delete()
    body = api_as(cast.inspector).get("/api/reports/coverage/").json()
    assert [d["reference"] for d in body["disagreements"]] == [mine.reference]
    body = api_as(other_inspector).get("/api/reports/coverage/").json()
    assert [d["reference"] for d in body["disagreements"]] == [theirs.reference]


def test_a_disagreement_about_a_flag_the_reader_is_recused_from_is_counted_but_not_named(cast, frozen_clock):
    leader = UserFactory(username="hospital_btv", roles=[(Role.BTV_MEMBER, cast.hospital)])
    case = builders.make_case(cast, kind=Kind.DENUNCIATION, subject_user=leader, subject_person=leader.full_name)
    hidden = flag_raise_from_case(case=case, unit=cast.hospital, evidence="Chi quỹ phúc lợi sai mục đích")
    Flag.objects.filter(pk=hidden.pk).update(unit=cast.clinic)  # moved by hand: the row is still there
    report = selectors.coverage_report(user=leader)
    assert (report["disagreement_count"], report["disagreements"], report["proven"]) == (1, [], False)
    named = selectors.coverage_report(user=cast.inspector)["disagreements"]
    assert [d["reference"] for d in named] == [hidden.reference]
