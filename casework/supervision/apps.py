from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "casework.supervision"
    label = "supervision"
    verbose_name = _("Giám sát")

    def ready(self) -> None:
        from casework.supervision.labels import register_labels

        register_labels()

        from casework.supervision.models import SUPERVISION_TARGET
        from casework.supervision.selectors import supervision_excluded_people, supervision_summary
        from casework.supervision.services import (
            supervision_escalation_decider_refusals,
            supervision_escalation_decision_refusals,
            supervision_escalation_handle,
            supervision_escalations_decider_refusals,
        )
        from workflows.escalations import (
            register_decider_refusals,
            register_decision_refusals,
            register_escalation_handler,
            register_escalation_summary,
            register_target_excluded_people,
        )

        # The report's clock (supervision.services.REPORT_STEP): the sweep's notices name the supervision
        # and reach its audience, less the people conflicted with the unit supervised; a breach goes to
        # the leadership, whose decision the supervision's own service records.
        register_escalation_summary(SUPERVISION_TARGET, supervision_summary)
        register_target_excluded_people(SUPERVISION_TARGET, supervision_excluded_people)
        register_escalation_handler(SUPERVISION_TARGET, supervision_escalation_handle)
        register_decider_refusals(
            SUPERVISION_TARGET,
            supervision_escalation_decider_refusals,
            many=supervision_escalations_decider_refusals,
        )
        register_decision_refusals(SUPERVISION_TARGET, supervision_escalation_decision_refusals)
