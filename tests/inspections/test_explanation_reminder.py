"""The unit inspected is told how long it has to explain the draft report, and reminded on the last day."""

from __future__ import annotations

import datetime as dt

from casework.inspections import services
from casework.inspections.models import Inspection
from core import clock
from notifications.models import Notification
from tests.builders import at, open_ad_hoc, raise_flag, walk_to_reporting

LAST_DAY = "Hôm nay là ngày cuối giải trình"


def _reminders(user) -> int:
    return Notification.objects.filter(user=user, title__startswith=LAST_DAY).count()


def test_the_draft_notice_names_the_last_day_and_the_last_day_reminds_once_in_office_hours(cast, frozen_clock):
    inspection = walk_to_reporting(cast, open_ad_hoc(cast, [raise_flag(cast)]))
    due = inspection.explanation_due_on
    draft = Notification.objects.get(user=cast.subject_rep, title__contains="đề nghị giải trình")
    assert f"{due:%d/%m/%Y}" in draft.body

    clock.set_now(at(due - dt.timedelta(days=1), 9))  # the day before: nothing yet
    assert services.inspection_explanation_reminders().startswith("nhắc giải trình: 0")
    assert _reminders(cast.subject_rep) == 0
    clock.set_now(at(due, 6))  # the last day, before the office opens
    assert services.inspection_explanation_reminders().startswith("nhắc giải trình: 0")
    clock.set_now(at(due, 9))
    assert services.inspection_explanation_reminders() == "nhắc giải trình: 1"
    clock.set_now(at(due, 10))
    services.inspection_explanation_reminders()  # the next hour: the same notice, not again
    assert _reminders(cast.subject_rep) == 1
    assert _reminders(cast.inspector) == 0  # the team is not the one to explain


def test_a_unit_that_has_explained_is_not_reminded(cast, frozen_clock):
    inspection = walk_to_reporting(cast, open_ad_hoc(cast, [raise_flag(cast)]))
    services.inspection_explain(inspection=inspection, text="Đơn vị giải trình", actor=cast.subject_rep)
    clock.set_now(at(Inspection.objects.get(pk=inspection.pk).explanation_due_on, 9))
    assert services.inspection_explanation_reminders() == "nhắc giải trình: 0"
    assert _reminders(cast.subject_rep) == 0
