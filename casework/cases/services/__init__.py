"""Every write on a case. Split by sub-domain; import from here."""

from casework.cases.services.attachments import (  # noqa: F401
    case_attachment_add,
    case_attachment_kinds,
    case_may_attach,
)
from casework.cases.services.common import available_actions, case_url  # noqa: F401
from casework.cases.services.complexity import case_complexity_decide, complexity_not_an_input  # noqa: F401
from casework.cases.services.criminal_referral import case_criminal_referral  # noqa: F401
from casework.cases.services.dialogue import case_record_dialogue  # noqa: F401
from casework.cases.services.discipline import discipline_ballot_record, discipline_propose  # noqa: F401
from casework.cases.services.expertise import (  # noqa: F401
    case_expertise_authorise,
    case_expertise_conclusion,
    case_expertise_conclusion_check,
    case_expertise_request,
    case_expertise_request_check,
    case_expertise_revoke,
    case_expertise_sent,
)
from casework.cases.services.explanation import (  # noqa: F401
    case_explanation_missed,
    case_explanation_received,
    case_explanation_request,
    explanation_refusal,
)
from casework.cases.services.extensions import case_extend  # noqa: F401
from casework.cases.services.followup import (  # noqa: F401
    case_conclusion_measure_add,
    case_conclusion_measure_check,
    conclusion_measure_may_add,
    conclusion_monitors,
)
from casework.cases.services.identity import (  # noqa: F401
    case_identity_file_open,
    case_identity_grant,
    case_identity_reveal,
    case_paper_to_denouncer,
    case_redaction_masks,
    case_redaction_proposed,
    case_redaction_save,
    case_titles_mask,
    case_typed_texts_masked,
)
from casework.cases.services.intake import case_intake  # noqa: F401
from casework.cases.services.intake_rules import SubmitterData, intake_subject_unit_refusal  # noqa: F401
from casework.cases.services.procedures import (  # noqa: F401
    case_denounced_notice_sent,
    case_outside_competence,
    case_processing_extend,
    close_refusal,
    conclude_refusal,
)
from casework.cases.services.public import (  # noqa: F401
    PUBLIC_FILES_MAX,
    case_public_evidence_add,
    case_public_submit,
    public_receipt_email,
)
from casework.cases.services.publicity import (  # noqa: F401
    case_conclusion_publish,
    case_decision_publish,
    case_discipline_publish,
    publication_check,
    publication_end_record,
)
from casework.cases.services.queued_intake import (  # noqa: F401
    intake_queue_drain,
    intake_submission_queue,
    intake_submission_register,
)
from casework.cases.services.reexamination import case_complaint_found_right  # noqa: F401
from casework.cases.services.representation import (  # noqa: F401
    RepresentativeData,
    case_representative,
    representation_defects,
    representative_id_number,
)
from casework.cases.services.resolution import (  # noqa: F401
    DISCIPLINE_CHOICES,
    case_answer,
    case_approve,
    case_assign,
    case_close,
    case_conclude,
    case_conflict_declare,
    case_decide,
    case_decision_check,
    case_handle_conclusion,
    case_notify_result,
    case_propose,
    case_reopen_verification,
    case_send_back,
    case_start_verification,
    decision_departs,
)
from casework.cases.services.second_complaint import case_complaint_second  # noqa: F401
from casework.cases.services.second_window import (  # noqa: F401
    case_decision_receipt_record,
    case_second_obstacles_record,
    decision_receipt_may_record,
    second_obstacles_may_record,
)
from casework.cases.services.sending import (  # noqa: F401
    case_conclusion_sent,
    case_resumption_sent,
    case_suspension_sent,
    case_termination_sent,
    case_transferrer_notified,
)
from casework.cases.services.suspension import case_resume, case_suspend  # noqa: F401
from casework.cases.services.termination import case_terminate, case_terminate_check, termination_due  # noqa: F401
from casework.cases.services.triage import (  # noqa: F401
    case_accept,
    case_accept_notice_sent,
    case_guide,
    case_merge,
    case_refuse,
    case_refuse_check,
    case_subject_area_may_change,
    case_subject_area_set,
    case_transfer,
    case_transfer_check,
)
from casework.cases.services.verification import case_verification_assign, verification_refusal  # noqa: F401
from casework.cases.services.withdrawal import case_withdraw  # noqa: F401
from casework.cases.services.withdrawal_record import (  # noqa: F401
    case_withdrawal_record_people,
    withdrawal_record_latest,
    withdrawal_records_count,
)
from casework.cases.services.withdrawal_rules import (  # noqa: F401
    WithdrawalScope,
    case_withdraw_check,
    denouncer_count,
    several_complainants,
)
