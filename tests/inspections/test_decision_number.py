"""Quyết định kiểm tra: its one number comes from the unit's outgoing register when it is issued."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from casework.audit.models import AuditEvent
from casework.inspections import services
from casework.inspections.models import Inspection
from casework.papers.models import DocKind, Paper, RegisterCounter
from casework.papers.services import paper_cancel, paper_issue
from core.errors import ValidationFailed
from tests.builders import decided, open_ad_hoc, raise_flag
from tests.concurrency import at_once


def _with_team(cast, title: str = "") -> Inspection:
    inspection = services.inspection_open(
        unit=cast.sector, subject_unit=cast.hospital, actor=cast.inspector, flags=[raise_flag(cast)]
    )
    services.inspection_team_set(
        inspection=inspection, members=[cast.inspector2, cast.inspector3], lead=cast.inspector, actor=cast.inspector
    )
    return inspection


def _decision_papers(inspection: Inspection):
    return Paper.objects.filter(target_type="inspections.inspection", target_id=str(inspection.pk))


def test_signing_the_decision_issues_it_with_the_registers_next_number(cast, frozen_clock):
    first = open_ad_hoc(cast, [raise_flag(cast)])
    second = open_ad_hoc(cast, [raise_flag(cast)])
    assert (first.decision_number, second.decision_number) == ("01/QĐ-UBKT", "02/QĐ-UBKT")
    for inspection in (first, second):
        paper = _decision_papers(inspection).get()
        assert (paper.doc_kind, paper.symbol, paper.signer) == (
            DocKind.DECISION,
            inspection.decision_number,
            cast.chair,
        )
        assert Inspection.objects.get(pk=inspection.pk).decision_number == paper.symbol
        step = AuditEvent.objects.get(action="inspection.decide", target_id=str(inspection.pk))
        assert step.after["number"] == paper.symbol
    # One register per unit and kind: a case decision of the same unit takes the number after them.
    case = decided(cast)
    assert case.decision_number == "03/QĐ-BTV"
    # Issuing the decision paper again is refused: the inspection has one number.
    with pytest.raises(ValidationFailed):
        paper_issue(target=first, key="inspection.decision", actor=cast.chair)


def test_a_refused_decision_takes_no_number(cast, frozen_clock):
    inspection = services.inspection_open(
        unit=cast.sector, subject_unit=cast.hospital, actor=cast.inspector, flags=[raise_flag(cast)]
    )
    with pytest.raises(ValidationFailed) as err:
        services.inspection_decide(inspection=inspection, actor=cast.chair)  # no team yet
    assert "team" in err.value.fields
    assert not RegisterCounter.objects.filter(unit=cast.sector, doc_kind=DocKind.DECISION).exists()
    assert not _decision_papers(inspection).exists()
    assert open_ad_hoc(cast, [raise_flag(cast)]).decision_number == "01/QĐ-UBKT"


def test_a_cancelled_decision_keeps_its_number_and_the_reissue_renumbers_the_inspection(cast, frozen_clock):
    inspection = open_ad_hoc(cast, [raise_flag(cast)])
    paper_cancel(paper=_decision_papers(inspection).get(), actor=cast.chair, reason="Sai thành phần đoàn")
    reissued = paper_issue(target=inspection, key="inspection.decision", actor=cast.chair)
    assert reissued.symbol == "02/QĐ-UBKT"
    assert Inspection.objects.get(pk=inspection.pk).decision_number == "02/QĐ-UBKT"
    assert list(_decision_papers(inspection).order_by("number").values_list("status", flat=True)) == [
        Paper.Status.CANCELLED,
        Paper.Status.ISSUED,
    ]


def test_the_page_and_the_api_take_no_typed_number(client, cast, frozen_clock):
    from rest_framework.test import APIClient

    on_page = _with_team(cast)
    client.force_login(cast.chair)
    url = reverse("inspections:inspection_act", args=[on_page.pk, "decide"])
    assert (
        'name="number"' not in client.get(reverse("inspections:inspection_detail", args=[on_page.pk])).content.decode()
    )
    client.post(url, {"number": "99/QĐ-UBKT", "confirm": "on"})
    assert Inspection.objects.get(pk=on_page.pk).decision_number == "01/QĐ-UBKT"

    by_api = _with_team(cast)
    api = APIClient()
    api.force_authenticate(cast.chair)
    response = api.post(f"/api/inspections/{by_api.pk}/decide/", {"number": "98/QĐ-UBKT"}, format="json")
    assert response.status_code == 200 and response.json()["decision_number"] == "02/QĐ-UBKT"


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_sixteen_chairs_signing_at_once_get_sixteen_consecutive_numbers(cast, frozen_clock):
    inspections = [_with_team(cast) for _n in range(16)]

    def sign(inspection):
        return lambda: services.inspection_decide(inspection=inspection, actor=cast.chair).decision_number

    outcomes = at_once(*(sign(i) for i in inspections))
    assert sorted(outcomes) == [f"{n:02d}/QĐ-UBKT" for n in range(1, 17)], outcomes
    numbers = sorted(Paper.objects.filter(unit=cast.sector, doc_kind=DocKind.DECISION).values_list("number", flat=True))
    assert numbers == list(range(1, 17))
    stored = sorted(
        Inspection.objects.filter(pk__in=[i.pk for i in inspections]).values_list("decision_number", flat=True)
    )
    assert stored == sorted(outcomes)
