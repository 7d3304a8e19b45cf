"""How flags, inspections and recommendations appear in the leadership queue and sweep notices."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext

from casework.audit.timeline import format_value
from casework.inspections.models import DisciplineProposal, Flag, Inspection, Recommendation

TARGET = "inspections.disciplineproposal"


def flag_summary(target_id: str) -> dict:
    return _flag_summary(Flag.objects.select_related("unit").get(pk=int(target_id)))


def flag_summaries(target_ids: list[str]) -> dict[str, dict]:
    """flag_summary of several flags, read in one query (the leadership queue's rows)."""
    flags = Flag.objects.select_related("unit").in_bulk([int(pk) for pk in target_ids if str(pk).isdigit()])
    return {str(pk): _flag_summary(flag) for pk, flag in flags.items()}


def _flag_summary(flag: Flag) -> dict:
    return {
        "title": gettext("%(reference)s — %(category)s tại %(unit)s")
        % {"reference": flag.reference, "category": flag.get_category_display(), "unit": flag.unit.name},
        "url": reverse("inspections:flag_detail", args=[flag.pk]),
        "reference": flag.reference,
        "unit": flag.unit,
    }


def inspection_subject(inspection: Inspection) -> str:
    """An inspection's line on the home page, in its own list and on an escalation or a clock of it alike."""
    return f"{inspection.reference} — {inspection.title}"


def recommendation_subject(recommendation: Recommendation) -> str:
    """A measure's line on the home page, in its own list and on an escalation or a clock of it alike."""
    return f"{recommendation.reference} — {Truncator(recommendation.text).chars(60)}"


def inspection_summary(target_id: str) -> dict:
    inspection = Inspection.objects.select_related("unit").get(pk=int(target_id))
    return {
        "title": gettext("Cuộc kiểm tra %(reference)s: %(title)s")
        % {"reference": inspection.reference, "title": inspection.title},
        "subject": inspection_subject(inspection),
        "url": reverse("inspections:inspection_detail", args=[inspection.pk]),
        "reference": inspection.reference,
        "unit": inspection.unit,
    }


def recommendation_summary(target_id: str, *, reader: Any = None) -> dict:
    """A measure of a denunciation's conclusion names its case only to a `reader` who may see the case
    (selectors.recommendation_source_shown); a notice or an e-mail (no reader) never does."""
    from casework.inspections.selectors import recommendation_case_shown, recommendation_source_shown

    recs = Recommendation.objects.select_related("owner_unit", "inspection", "case")
    if reader is not None:  # read with the measure, in its one query
        recs = recs.annotate(case_shown=Exists(recommendation_case_shown(user=reader)))
    rec = recs.get(pk=int(target_id))
    _case, source = recommendation_source_shown(recommendation=rec, user=None)
    return {
        "title": gettext("Kiến nghị của %(inspection)s cho %(unit)s: %(text)s")
        % {"inspection": source, "unit": rec.owner_unit.name, "text": Truncator(rec.text).chars(80)},
        "subject": recommendation_subject(rec),
        "url": reverse("inspections:recommendation_detail", args=[rec.pk]),
        "reference": rec.reference,
        "unit": rec.owner_unit,
    }


def discipline_summary(target_id: str) -> dict:
    item = DisciplineProposal.objects.select_related("inspection", "inspection__unit").get(pk=int(target_id))
    return {
        "title": gettext("Đề nghị kỷ luật %(person)s (%(proposal)s) — %(inspection)s")
        % {
            "person": item.person,
            "proposal": format_value(item.proposal, "proposal", TARGET),
            "inspection": item.inspection.reference,
        },
        "url": reverse("inspections:inspection_detail", args=[item.inspection_id]),
        "reference": item.inspection.reference,
        "unit": item.inspection.unit,
    }
