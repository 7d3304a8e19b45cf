"""Flags raised from a case: whoever is recused from the case (the person denounced, the leaders of
the unit denounced, a namesake holding a role there; Luật Tố cáo 2018 Đ.47) is recused from the flag
too. For them the flag, like its case, does not exist: no list, page, search, file or escalation shows
it, and no notice about it reaches them."""

from __future__ import annotations

from typing import Any

from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast

CASE_SOURCE = "cases.case"


def _text_ids(rows: QuerySet) -> QuerySet:
    return rows.annotate(ref=Cast("pk", CharField())).values("ref")


def flags_of_cases(cases: QuerySet) -> QuerySet:
    """The flags raised from one of `cases`, as the text ids rows name them by
    (casework.cases.recusal.register_case_objects)."""
    from casework.inspections.models import Flag

    return _text_ids(Flag.objects.filter(source_type=CASE_SOURCE, source_id__in=_text_ids(cases)))


def recommendations_of_cases(cases: QuerySet) -> QuerySet:
    """The measures of the conclusions of `cases`, as text ids."""
    from casework.inspections.models import Recommendation

    return _text_ids(Recommendation.objects.filter(case__in=cases.values("pk")))


def followup_reports_of_cases(cases: QuerySet) -> QuerySet:
    """The reports on the measures of the conclusions of `cases`, as text ids."""
    from casework.inspections.models import FollowupReport

    return _text_ids(FollowupReport.objects.filter(recommendation__case__in=cases.values("pk")))


def flag_recused_q(*, user: Any, prefix: str = "") -> Q:
    """Flags (through `prefix`) raised from a case `user` is recused from: to be excluded."""
    from casework.cases.models import Case
    from casework.cases.recusal import case_recused_q

    ids = Case.objects.filter(case_recused_q(user=user)).annotate(ref=Cast("pk", CharField())).values("ref")
    return Q(**{f"{prefix}source_type": CASE_SOURCE, f"{prefix}source_id__in": ids})


def flag_excluded_people(target_id: str) -> set[int]:
    """Everyone recused from the case the flag came from: never told about the flag."""
    from casework.cases.models import Case
    from casework.cases.recusal import case_recused_user_ids
    from casework.inspections.models import Flag

    flag = Flag.objects.filter(pk=int(target_id)).only("source_type", "source_id").first()
    if flag is None or flag.source_type != CASE_SOURCE or not flag.source_id.isdigit():
        return set()
    case = Case.objects.filter(pk=int(flag.source_id)).first()
    return case_recused_user_ids(case=case) if case is not None else set()


# ---- the measures of a denunciation's conclusion (Recommendation.case) -------------------------------
#
# A recommendation recorded from a case's conclusion is the case's, for recusal as for scope: whoever is
# recused from the case (Luật Tố cáo 2018 Đ.47) never sees it, its reports, its trail or its escalation,
# and is never told about it.

RECOMMENDATION_TARGET = "inspections.recommendation"


def recommendation_recused_q(*, user: Any, prefix: str = "") -> Q:
    """Recommendations (through `prefix`) of a case `user` is recused from: to be excluded."""
    from casework.cases.models import Case
    from casework.cases.recusal import case_recused_q

    return Q(**{f"{prefix}case__in": Case.objects.filter(case_recused_q(user=user)).values("pk")})


def recommendation_excluded_people(target_id: str) -> set[int]:
    """Everyone recused from the case a recommendation came from: never told about it."""
    from casework.cases.recusal import case_recused_user_ids
    from casework.inspections.models import Recommendation

    rec = Recommendation.objects.filter(pk=int(target_id)).select_related("case").first()
    if rec is None or rec.case is None:
        return set()
    return case_recused_user_ids(case=rec.case)


def recommendation_case_id(target_id: str) -> int | None:
    """The case whose key seals the events of a recommendation (casework.audit.sealing): a case's
    measure's; None for an inspection's, whose events stay as written."""
    from casework.inspections.models import Recommendation

    if not target_id.isdigit():
        return None
    return Recommendation.objects.filter(pk=int(target_id)).values_list("case_id", flat=True).first()


def recommendation_ids_of_case(case_id: int) -> list[int]:
    """The measures of a case's conclusion (the inverse of recommendation_case_id)."""
    from casework.inspections.models import Recommendation

    return list(Recommendation.objects.filter(case_id=case_id).values_list("pk", flat=True))


def followup_report_ids_of_case(case_id: int) -> list[int]:
    """The reports on the measures of a case's conclusion (the inverse of followup_report_case_id)."""
    from casework.inspections.models import FollowupReport

    return list(FollowupReport.objects.filter(recommendation__case_id=case_id).values_list("pk", flat=True))


def followup_report_case_id(target_id: str) -> int | None:
    """The case a report on a recommendation belongs to: its measure's case (None for an inspection's)."""
    from casework.inspections.models import FollowupReport

    if not target_id.isdigit():
        return None
    return FollowupReport.objects.filter(pk=int(target_id)).values_list("recommendation__case_id", flat=True).first()
