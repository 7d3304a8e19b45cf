"""A flag joins an inspection only while fieldwork can still check it: otherwise the conclusion would count it inspected."""

from __future__ import annotations

import pytest

from casework.inspections import selectors, services
from casework.inspections.actions import inspection_actions
from casework.inspections.models import Flag
from core.errors import TransitionNotAllowed, ValidationFailed
from tests import builders

pytestmark = pytest.mark.django_db


# ---- a flag joins an inspection after its fieldwork ended ---------------------------------------------


def test_a_flag_cannot_join_an_inspection_whose_fieldwork_has_ended(cast, frozen_clock):
    first = builders.raise_flag(cast)
    inspection = builders.walk_to_reporting(cast, builders.open_ad_hoc(cast, [first]))
    late = builders.raise_flag(cast, category="elections")
    assert "add_flags" not in inspection_actions(user=cast.inspector, inspection=inspection)
    with pytest.raises(TransitionNotAllowed):
        services.inspection_flags_add(inspection=inspection, flags=[late], actor=cast.inspector)
    late.refresh_from_db()
    assert late.status == Flag.Status.RAISED and late.inspection_id is None
    # Had it joined, the conclusion would have counted it inspected with no fieldwork on its topic.
    builders.explanation_time_over(inspection)
    inspection = services.inspection_conclude(
        inspection=inspection, outcome="unfounded", text="Không vi phạm", actor=cast.chair
    )
    assert selectors.flag_bucket(flag=late) == "in_progress"
    assert selectors.flag_bucket(flag=first) == "inspected"


def test_a_flag_still_joins_during_fieldwork_and_its_topic_must_be_checked(cast, frozen_clock):
    first = builders.raise_flag(cast)
    inspection = builders.open_ad_hoc(cast, [first])
    inspection = services.inspection_notify(inspection=inspection, text="Thông báo", actor=cast.inspector)
    inspection = services.inspection_acknowledge(inspection=inspection, actor=cast.subject_rep)
    late = builders.raise_flag(cast, category="elections")
    services.inspection_flags_add(inspection=inspection, flags=[late], actor=cast.inspector)
    for item in inspection.checklist.exclude(topic="elections"):
        services.checklist_mark(item=item, actor=cast.inspector)
    with pytest.raises(ValidationFailed) as refused:
        services.inspection_report_draft(inspection=inspection, text="Dự thảo", actor=cast.inspector)
    assert "checklist" in refused.value.fields
