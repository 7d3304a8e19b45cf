"""What the pages and the API offer on a supervision (supervision_actions) is exactly what its services
accept, for each person, at each step: conflicted people, administrators and outsiders included."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.supervision import services
from casework.supervision.actions import supervision_actions
from tests.builders import PEOPLE, accepted_by_services, make_supervision, person
from tests.builders import report_supervision as report

pytestmark = pytest.mark.django_db


def _calls(supervision, user):
    return {
        "start": lambda: services.supervision_start(supervision=supervision, actor=user),
        "report": lambda: services.supervision_report(
            supervision=supervision, actor=user, findings="Đạt", assessment="good"
        ),
        "close": lambda: services.supervision_close(supervision=supervision, actor=user),
        "reschedule": lambda: services.supervision_reschedule(
            supervision=supervision,
            actor=user,
            ends_on=supervision.ends_on + dt.timedelta(days=7),
            reason="Đơn vị đề nghị lùi lịch",
        ),
    }


# Some of the answers, so that parity cannot hold by both sides refusing everything.
EXPECTED = {
    ("planned", "inspector"): {"start"},
    ("planned", "chair"): {"start", "reschedule"},
    ("in_progress", "inspector"): {"report"},
    ("in_progress", "chair"): {"report", "reschedule"},
    ("in_progress", "conflicted_chair"): set(),
    ("in_progress", "admin"): set(),  # the team's work: an administrator only holding the role
    ("reported", "chair"): {"close"},
    ("reported", "conflicted_chair"): set(),
    ("reported", "admin"): set(),
    ("reported", "leader"): set(),
}


@pytest.mark.parametrize("step", ["planned", "in_progress", "reported"])
@pytest.mark.parametrize("who", PEOPLE)
def test_offered_is_accepted(cast, frozen_clock, step, who):
    # The chair sits on the team, so that a conflict declared later is what refuses them.
    supervision = make_supervision(cast, members=[cast.inspector2, cast.chair])
    if step != "planned":
        services.supervision_start(supervision=supervision, actor=cast.inspector)
    if step == "reported":
        report(cast, supervision)
    user = person(cast, who)
    supervision.refresh_from_db()
    offered = set(supervision_actions(user=user, supervision=supervision))
    assert offered == accepted_by_services(_calls(supervision, user)), who
    assert offered == EXPECTED.get((step, who), offered)
