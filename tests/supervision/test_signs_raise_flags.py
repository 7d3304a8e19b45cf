"""A report with signs of violation raises one flag per sign (source "supervision", naming the
supervision), through the flags' own service: the coverage report counts them, and they end
inspected like any other flag. A sign refused refuses the whole report."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.audit.selectors import audit_events_for
from casework.inspections import selectors as insp_selectors
from casework.inspections import services as insp
from casework.inspections.models import Flag
from casework.supervision.models import Supervision
from core.errors import ValidationFailed
from tests.builders import SIGN, conclude, open_ad_hoc, raise_flag
from tests.builders import report_supervision as report
from workflows.models import Deadline

pytestmark = pytest.mark.django_db


def test_each_sign_becomes_a_flag_of_the_unit_that_the_coverage_report_counts(cast, started, client):
    report(cast, started, signs=[SIGN, {**SIGN, "category": "finance_books", "person": "Trần Văn Quỹ"}])
    flags = Flag.objects.filter(source=Flag.Source.SUPERVISION).order_by("pk")
    assert [(f.category, f.unit, f.status) for f in flags] == [
        ("finance_spending", cast.hospital, Flag.Status.RAISED),
        ("finance_books", cast.hospital, Flag.Status.RAISED),
    ]
    assert {(f.source_type, f.source_id) for f in flags} == {("supervision.supervision", str(started.pk))}
    # Each flag's clock to open an inspection runs, as for any flag raised.
    assert Deadline.objects.filter(target_type="inspections.flag", step="open_inspection").count() == 2
    event = audit_events_for(target_type="supervision.supervision", target_id=started.pk).last()
    assert event.action == "supervision.report" and event.after["flags"] == [f.pk for f in flags]

    coverage = insp_selectors.coverage_report(user=cast.chair)
    assert (coverage["totals"]["raised"], coverage["totals"]["in_progress"]) == (2, 2)
    assert set(insp_selectors.coverage_drilldown(user=cast.chair, bucket="in_progress")) == set(flags)

    # From here the flags' own guarantee holds: an inspection of them, concluded, ends them inspected.
    conclude(cast, open_ad_hoc(cast, list(flags)))
    coverage = insp_selectors.coverage_report(user=cast.chair)
    assert (coverage["totals"]["inspected"], coverage["proven"]) == (2, True)

    # The flag's page names the supervision it came from.
    client.force_login(cast.chair)
    page = client.get(reverse("inspections:flag_detail", args=[flags[0].pk])).content.decode()
    assert started.reference in page and str(Flag.Source.SUPERVISION.label) in page


def test_a_report_without_signs_raises_no_flag(cast, started):
    report(cast, started)
    assert not Flag.objects.exists()


@pytest.mark.parametrize(
    "sign",
    [
        {**SIGN, "subject_area": ""},
        {**SIGN, "category": "nonsense"},
        {**SIGN, "evidence": "  "},
        {**SIGN, "subject_area": "no_such_area"},
    ],
    ids=["no-area", "bad-category", "no-evidence", "unknown-area"],
)
def test_a_sign_refused_refuses_the_report_and_records_nothing(cast, started, sign):
    with pytest.raises(ValidationFailed) as refused:
        report(cast, started, signs=[SIGN, sign])
    assert "signs" in refused.value.fields and "thứ 2" in refused.value.fields["signs"][0]
    started.refresh_from_db()
    assert (started.status, started.findings) == (Supervision.Status.IN_PROGRESS, "")
    assert not Flag.objects.exists()
    assert not audit_events_for(target_type="supervision.supervision", target_id=started.pk).filter(
        action="supervision.report"
    )


def test_a_flag_of_source_supervision_is_raised_only_from_a_supervision(cast, frozen_clock):
    raise_flag(cast)  # by hand: fine
    with pytest.raises(ValidationFailed) as refused:
        insp.flag_raise(
            unit=cast.hospital,
            category="charter",
            severity="low",
            evidence="Phát hiện qua giám sát",
            source=Flag.Source.SUPERVISION,
            subject_area="khac",
            actor=cast.inspector,
        )
    assert "source" in refused.value.fields
    assert Flag.objects.count() == 1
