"""Which actions a user may take on a supervision right now: the page's buttons and the API's
`allowed_actions` both read this; the services check the same rules again when an action is posted."""

from __future__ import annotations

from casework.org.models import User
from casework.supervision.models import Supervision
from casework.supervision.services import (
    supervision_may_close,
    supervision_may_reschedule,
    supervision_may_start,
    supervision_may_work,
)


def supervision_actions(*, user: User, supervision: Supervision) -> list[str]:
    s = Supervision.Status
    allowed: list[str] = []
    if supervision.status == s.PLANNED and supervision_may_start(user=user, supervision=supervision):
        allowed.append("start")
    if supervision.status == s.IN_PROGRESS and supervision_may_work(user=user, supervision=supervision):
        allowed.append("report")
    if supervision.status in (s.PLANNED, s.IN_PROGRESS) and supervision_may_reschedule(
        user=user, supervision=supervision
    ):
        allowed.append("reschedule")
    if supervision.status == s.REPORTED and supervision_may_close(user=user, supervision=supervision):
        allowed.append("close")
    return allowed
