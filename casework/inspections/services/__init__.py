"""Inspection services, split by sub-domain; import from here."""

from casework.inspections.services.conclusions import (  # noqa: F401
    discipline_escalation_decider_refusals,
    discipline_escalation_handle,
    discipline_escalation_refusal,
    discipline_not_by_escalation,
    discipline_propose,
    inspection_discipline_ballot_record,
    recommendation_add,
    recommendation_add_for_case,
)
from casework.inspections.services.flag_discipline import (  # noqa: F401
    flag_discipline_ballot_record,
    flag_discipline_propose,
)
from casework.inspections.services.flags import (  # noqa: F401
    FLAG_DECISION_ECHOES,
    flag_decide,
    flag_end_ground_refusals,
    flag_escalate,
    flag_escalation_decider_refusals,
    flag_escalation_ending_errors,
    flag_escalation_ground_refusals,
    flag_escalation_handle,
    flag_escalation_refusal,
    flag_inspection_open,
    flag_raise,
    flag_return,
    flag_subject_area_may_change,
    flag_subject_area_set,
    flags_assign,
    flags_mark_inspected,
)
from casework.inspections.services.followups import (  # noqa: F401
    followup_may_record_paper,
    followup_may_verify,
    followup_report,
    followup_report_paper,
    followup_verify,
    recommendation_escalation_decider_refusals,
    recommendation_escalation_handle,
    recommendation_verify,
)
from casework.inspections.services.inspections import (  # noqa: F401
    checklist_mark,
    committee_may_open,
    finding_add,
    inspection_acknowledge,
    inspection_check,
    inspection_conclude,
    inspection_conclusion_check,
    inspection_conclusion_notify,
    inspection_decide,
    inspection_documents_add,
    inspection_escalate,
    inspection_escalation_decider_refusals,
    inspection_escalation_handle,
    inspection_explain,
    inspection_explanation_lapses,
    inspection_explanation_reminders,
    inspection_flags_add,
    inspection_notice_delivered,
    inspection_notify,
    inspection_open,
    inspection_report_draft,
    inspection_subject_rep_assign,
)
from casework.inspections.services.plans import (  # noqa: F401
    plan_activate,
    plan_approve,
    plan_close,
    plan_create,
    plan_item_add,
    plan_return,
    plan_submit,
)
from casework.inspections.services.teams import (  # noqa: F401
    conflict_declare,
    inspection_team_set,
    team_conflicts,
    team_minimum,
)
