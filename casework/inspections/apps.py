from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "casework.inspections"
    label = "inspections"
    verbose_name = _("Kế hoạch kiểm tra, cuộc kiểm tra, dấu hiệu vi phạm")

    def ready(self) -> None:
        from casework.audit.sealing import register_case_of_target
        from casework.cases.recusal import register_case_objects
        from casework.inspections import home, summaries
        from casework.inspections.recusal import (
            flag_excluded_people,
            flags_of_cases,
            followup_report_case_id,
            followup_report_ids_of_case,
            followup_reports_of_cases,
            recommendation_case_id,
            recommendation_excluded_people,
            recommendation_ids_of_case,
            recommendations_of_cases,
        )
        from casework.inspections.selectors import flag_escalation_decision_refusals, flag_return_due_on
        from casework.inspections.services import (
            FLAG_DECISION_ECHOES,
            discipline_escalation_decider_refusals,
            discipline_escalation_handle,
            discipline_escalation_refusal,
            discipline_escalations_decider_refusals,
            discipline_not_by_escalation,
            flag_escalation_decider_refusals,
            flag_escalation_ending_errors,
            flag_escalation_ground_refusals,
            flag_escalation_handle,
            flag_escalation_refusal,
            flag_escalations_decider_refusals,
            inspection_escalation_decider_refusals,
            inspection_escalation_handle,
            inspection_escalations_decider_refusals,
            recommendation_escalation_decider_refusals,
            recommendation_escalation_handle,
            recommendation_escalations_decider_refusals,
        )
        from casework.web.home import register_home_section
        from workflows.escalations import (
            register_decider_refusals,
            register_decision_echoes,
            register_decision_refusals,
            register_ending_errors,
            register_escalation_handler,
            register_escalation_summary,
            register_ground_refusals,
            register_return_due_on,
            register_target_excluded_people,
            register_target_refusal,
        )

        register_escalation_handler("inspections.flag", flag_escalation_handle)
        register_escalation_handler("inspections.recommendation", recommendation_escalation_handle)
        register_escalation_handler("inspections.disciplineproposal", discipline_escalation_handle)
        register_escalation_handler("inspections.inspection", inspection_escalation_handle)
        register_escalation_summary("inspections.flag", summaries.flag_summary, many=summaries.flag_summaries)
        register_escalation_summary("inspections.recommendation", summaries.recommendation_summary, per_reader=True)
        register_escalation_summary("inspections.disciplineproposal", summaries.discipline_summary)
        register_escalation_summary("inspections.inspection", summaries.inspection_summary)
        register_decider_refusals(
            "inspections.flag", flag_escalation_decider_refusals, many=flag_escalations_decider_refusals
        )
        register_decider_refusals(
            "inspections.recommendation",
            recommendation_escalation_decider_refusals,
            many=recommendation_escalations_decider_refusals,
        )
        register_decider_refusals(
            "inspections.disciplineproposal",
            discipline_escalation_decider_refusals,
            many=discipline_escalations_decider_refusals,
        )
        register_decider_refusals(
            "inspections.inspection",
            inspection_escalation_decider_refusals,
            many=inspection_escalations_decider_refusals,
        )
        register_decision_refusals("inspections.flag", flag_escalation_decision_refusals)
        register_target_refusal("inspections.flag", flag_escalation_refusal)
        register_target_refusal("inspections.disciplineproposal", discipline_escalation_refusal)
        register_decision_refusals("inspections.inspection", discipline_not_by_escalation)
        register_decision_refusals("inspections.recommendation", discipline_not_by_escalation)
        register_return_due_on("inspections.flag", flag_return_due_on)
        register_decision_echoes("inspections.flag", FLAG_DECISION_ECHOES)
        register_ground_refusals("inspections.flag", flag_escalation_ground_refusals)
        register_ending_errors("inspections.flag", flag_escalation_ending_errors)
        register_target_excluded_people("inspections.flag", flag_excluded_people)
        register_target_excluded_people("inspections.recommendation", recommendation_excluded_people)
        # The free texts of a case's measure's events are sealed under the case's key.
        register_case_of_target(
            "inspections.recommendation", recommendation_case_id, of_case=recommendation_ids_of_case
        )
        register_case_objects("inspections.flag", flags_of_cases)
        register_case_objects("inspections.recommendation", recommendations_of_cases)
        register_case_objects("inspections.followupreport", followup_reports_of_cases)
        register_case_of_target(
            "inspections.followupreport", followup_report_case_id, of_case=followup_report_ids_of_case
        )
        register_home_section(home.inspections_section)

        from casework.inspections.labels import register_labels

        register_labels()

        from casework.files.access import register_access_check
        from casework.inspections.file_access import CHECKS

        for target_type, check in CHECKS.items():
            register_access_check(target_type, check)
