"""Services of the workflows app, by sub-domain: policy (the rules in force), deadlines (the clocks),
breach (a clock run out, marked, told and escalated) and escalations (to leadership). This package
re-exports the public functions of policy, deadlines and escalations."""

from workflows.services.deadlines import (
    OFFICE_CLOSES,
    OFFICE_OPENS,
    deadline_close,
    deadline_extend,
    deadline_open,
    deadline_pause,
    deadline_relimit,
    deadline_resume,
    next_reminder,
    reminder_at,
    reminder_offsets,
)
from workflows.services.escalations import (
    ESCALATION_TARGET,
    MANUAL_ESCALATION_ROLES,
    escalation_decide,
    escalation_leaders,
    escalation_on_silence,
    escalation_open,
    escalation_people_concerned,
    nearest_with_role,
)
from workflows.services.policy import policy_current, rule_get

__all__ = [
    "ESCALATION_TARGET",
    "MANUAL_ESCALATION_ROLES",
    "OFFICE_CLOSES",
    "OFFICE_OPENS",
    "deadline_close",
    "deadline_extend",
    "deadline_open",
    "deadline_pause",
    "deadline_relimit",
    "deadline_resume",
    "escalation_decide",
    "escalation_leaders",
    "escalation_on_silence",
    "escalation_open",
    "escalation_people_concerned",
    "nearest_with_role",
    "next_reminder",
    "policy_current",
    "reminder_at",
    "reminder_offsets",
    "rule_get",
]
