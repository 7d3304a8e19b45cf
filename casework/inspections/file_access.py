"""Who may download inspection evidence: whoever may open the inspection (or recommendation) it belongs to.

Registered with casework.files.access from AppConfig.ready; it narrows the files app's unit check,
so e.g. a case officer of the sector does not read an inspection's documents.
"""

from __future__ import annotations

from typing import Any

from casework.inspections import selectors
from casework.inspections.models import Finding, FollowupReport


def can_read_flag_file(user: Any, attachment: Any) -> bool:
    return selectors.flag_list(user=user).filter(pk=int(attachment.target_id)).exists()


def can_read_inspection_file(user: Any, attachment: Any) -> bool:
    return selectors.inspection_list(user=user).filter(pk=int(attachment.target_id)).exists()


def can_read_finding_file(user: Any, attachment: Any) -> bool:
    finding = Finding.objects.filter(pk=int(attachment.target_id)).only("inspection_id").first()
    return finding is not None and selectors.inspection_list(user=user).filter(pk=finding.inspection_id).exists()


def can_read_followup_file(user: Any, attachment: Any) -> bool:
    report = FollowupReport.objects.filter(pk=int(attachment.target_id)).only("recommendation_id").first()
    return report is not None and selectors.recommendation_list(user=user).filter(pk=report.recommendation_id).exists()


CHECKS = {
    "inspections.flag": can_read_flag_file,
    "inspections.inspection": can_read_inspection_file,
    "inspections.finding": can_read_finding_file,
    "inspections.followupreport": can_read_followup_file,
}
