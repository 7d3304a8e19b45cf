"""Reads of the registers and templates, scoped to the units the user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import CharField, Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast
from django.http import Http404

from casework.areas.selectors import subject_area_q
from casework.audit.services import target_ref
from casework.cases.models import Case
from casework.cases.recusal import case_objects_recused_q, case_recused_q
from casework.org.models import Role
from casework.org.selectors import scope_q, user_has_role
from casework.papers.defaults import PLACE
from casework.papers.models import IncomingEntry, Paper, PaperTemplateVersion

# Who keeps the registers and issues papers (văn thư work is done by the committee's own staff).
ISSUER_ROLES = (
    Role.INTAKE_OFFICER,
    Role.CASE_OFFICER,
    Role.INSPECTOR,
    Role.COMMITTEE_CHAIR,
    Role.BTV_MEMBER,
    Role.BCH_MEMBER,
)
CANCEL_ROLES = (Role.COMMITTEE_CHAIR, Role.BTV_MEMBER, Role.BCH_MEMBER)
REGISTER_ROLES = (*ISSUER_ROLES, Role.AUDITOR, Role.ADMIN)
TEMPLATE_ROLES = (Role.ADMIN,)


def paper_may_issue(*, user: Any, unit: Any) -> bool:
    return user_has_role(user=user, roles=ISSUER_ROLES, unit=unit)


def paper_actions(*, user: Any, paper: Paper) -> set[str]:
    """What this user may do with the paper: one rule for the page and its POST handlers."""
    if paper.status != Paper.Status.ISSUED or paper.erased:  # an erased paper has no file to sign or scan
        return set()
    actions = set()
    if user_has_role(user=user, roles=CANCEL_ROLES, unit=paper.unit):
        actions.add("cancel")
    if not paper.signature and paper.signer_id == user.pk:
        actions.add("sign")
    if not paper.signature and user_has_role(user=user, roles=ISSUER_ROLES, unit=paper.unit):
        actions.add("record_scan")
    return actions


def template_may_edit(*, user: Any) -> bool:
    return user_has_role(user=user, roles=TEMPLATE_ROLES)


# The latest paper first: by when it was issued, then by its register number and the order it was
# entered in (the register's own order goes by unit and kind of paper first, so a kind changed in the
# template, e.g. a Công văn corrected to a Quyết định, would put an older paper first).
LATEST_FIRST = ("-issued_at", "-year", "-number", "-pk")


def paper_issued_for(*, target: Any, key: str) -> Paper | None:
    """The latest paper of this kind issued (and not cancelled) for a case or an inspection: the one
    a repeated kind (a second suspension, a further extension) is sent, copied and named by."""
    return paper_issued_before(target=target, key=key, before=None)


# Where a discipline proceeding points at what it arose from (QĐ 5130/QĐ-TLĐ): a case, a flag, an inspection.
DISCIPLINE_SOURCES = {"cases.case": "case", "inspections.flag": "flag", "inspections.inspection": "inspection"}


def paper_issued_before(*, target: Any, key: str, before: Paper | None) -> Paper | None:
    """The latest paper of this kind issued (not cancelled) for the target before `before` was (all
    of them when None): e.g. the suspension a resumption ended, even once the case is suspended again."""
    target_type, target_id = target_ref(target)
    papers = Paper.objects.filter(
        target_type=target_type, target_id=target_id, template_version__template__key=key, status=Paper.Status.ISSUED
    )
    if before is not None:
        papers = papers.filter(pk__lt=before.pk)
    return papers.select_related("template_version").order_by(*LATEST_FIRST).first()


def case_reception_receipt(*, case: Case) -> Paper | None:
    """The receipt (Mẫu số 02/TCD, Nghị định 154/2026/NĐ-CP Đ.15 khoản 4) issued for the documents handed
    over at the visit the case came from, None when the case came from no visit or none is issued. The
    documents follow the visit into its case, and so does their receipt: whoever reads the case (the caller
    read it through case_get_for_user) reads it, whether or not they may read the reception book."""
    from casework.reception.models import ReceptionEntry

    entry = ReceptionEntry.objects.filter(case=case).first()
    return paper_issued_for(target=entry, key="reception.receipt") if entry is not None else None


def papers_for(*, target: Any, user: Any) -> QuerySet[Paper]:
    """The papers of one case, flag or inspection that `user` may see in the register: its own and
    the discipline decisions of the proceedings it gave rise to, under the register's scope and
    recusal (whoever is recused from a case sees none of its papers)."""
    from casework.cases.models import DisciplineProceeding

    target_type, target_id = target_ref(target)
    about = Q(target_type=target_type, target_id=target_id)
    source = DISCIPLINE_SOURCES.get(target_type)
    if source is not None:
        proceedings = (
            DisciplineProceeding.objects.filter(**{source: target})
            .annotate(text_id=Cast("pk", CharField()))
            .values("text_id")
        )
        about |= Q(target_type="cases.disciplineproceeding", target_id__in=proceedings)
    return paper_register(user=user).filter(about).order_by("issued_at", "pk")


def papers_about(about: Q) -> QuerySet:
    """The papers whose object matches `about` (a Q over target_type, target_id), as text ids
    (casework.cases.recusal.register_records_about)."""
    return Paper.objects.filter(about).annotate(text_id=Cast("pk", CharField())).values("text_id")


def _area_target_q(code: str) -> Q:
    """Papers about a case in lĩnh vực `code`, or about an inspection of a flag in it."""
    from casework.inspections.models import Flag

    cases = Case.objects.filter(subject_area_q(code=code)).annotate(text_id=Cast("pk", CharField())).values("text_id")
    inspections = (
        Flag.objects.filter(subject_area_q(code=code), inspection__isnull=False)
        .annotate(text_id=Cast("inspection_id", CharField()))
        .values("text_id")
    )
    return Q(target_type="cases.case", target_id__in=cases) | Q(
        target_type="inspections.inspection", target_id__in=inspections
    )


def paper_register(*, user: Any, unit: Any = None, year: int | None = None, subject_area: str = "") -> QuerySet[Paper]:
    """Sổ văn bản đi: the outgoing register of the units in the user's scope, in register order, less the
    papers of a case the user is recused from and of its objects (a flag raised from it, a measure of its
    conclusion and its reports, a discipline proceeding, an escalation: casework.cases.recusal.case_objects_recused_q).
    `subject_area`: only the papers about a case (or an inspection of a flag) in that lĩnh vực."""
    papers = (
        Paper.objects.filter(scope_q(user=user, roles=REGISTER_ROLES, prefix="unit__"))
        # What they are recused from does not exist for them: the papers of the case and of whatever belongs to it.
        .exclude(case_objects_recused_q(user=user))
        .select_related("unit", "signer", "template_version__template")
    )
    if unit is not None:
        papers = papers.filter(unit=unit)
    if year is not None:
        papers = papers.filter(year=year)
    if subject_area:
        papers = papers.filter(_area_target_q(subject_area))
    return papers.order_by("unit__path", "year", "doc_kind", "number")


def incoming_register(
    *, user: Any, unit: Any = None, year: int | None = None, subject_area: str = ""
) -> QuerySet[IncomingEntry]:
    """Sổ văn bản đến (`subject_area`: only the letters in that lĩnh vực)."""
    entries = (
        IncomingEntry.objects.filter(scope_q(user=user, roles=REGISTER_ROLES, prefix="unit__"))
        .exclude(case__in=Case.objects.filter(case_recused_q(user=user)))
        .select_related("unit", "case")
    )
    if unit is not None:
        entries = entries.filter(unit=unit)
    if year is not None:
        entries = entries.filter(year=year)
    if subject_area:
        entries = entries.filter(subject_area_q(code=subject_area, prefix="case__"))
    return entries.order_by("unit__path", "year", "number")


def paper_get_for_user(*, user: Any, pk: int) -> Paper:
    paper = paper_register(user=user).filter(pk=pk).first()
    if paper is None:
        raise Http404
    from casework.cases.models import DisciplineProceeding
    from casework.cases.selectors import case_get_for_user

    case_id = None
    if paper.target_type == "cases.case":
        case_id = int(paper.target_id)
    elif paper.target_type == "cases.disciplineproceeding":  # a discipline decision on a case
        case_id = DisciplineProceeding.objects.filter(pk=int(paper.target_id)).values_list("case_id", flat=True).first()
    if case_id is not None:
        case_get_for_user(user=user, pk=case_id)  # the case's own visibility rule (404)
    return paper


def paper_id_number_hidden_from(*, user: Any, paper: Paper) -> bool:
    """Does the paper print a complainant's identity paper number (Mẫu số 03, Mẫu số 14: the register's
    values keep it sealed, papers.context.ID_SEALED) that `user` may not see? Then its stored files are not
    theirs: they read the copy typeset from the register's values (services.paper_copy_sealed). The one
    identity rule decides (cases.permissions.can_reveal_identity); nobody named, nobody may."""
    from casework.cases.permissions import can_reveal_identity
    from casework.papers.context import ID_SEALED

    if paper.target_type != "cases.case" or ID_SEALED not in str((paper.values or {}).get("submitter_id_number", "")):
        return False
    case = Case.objects.filter(pk=int(paper.target_id)).first()
    return user is None or case is None or not can_reveal_identity(case, user)


def paper_place() -> str:
    """The place (địa danh) the papers print before their date: the one most templates carry in their
    newest version (papers.context prints the version's), the shipped default (defaults.PLACE) while
    no template has been used yet."""
    newest = PaperTemplateVersion.objects.filter(template=OuterRef("template")).order_by("-number").values("number")
    place = (
        PaperTemplateVersion.objects.filter(number=Subquery(newest[:1]))
        .exclude(place="")
        .values("place")
        .annotate(templates=Count("pk"))
        .order_by("-templates", "place")
        .values_list("place", flat=True)
        .first()
    )
    return place or PLACE


def template_versions(*, key: str) -> QuerySet[PaperTemplateVersion]:
    return PaperTemplateVersion.objects.filter(template__key=key).select_related("created_by").order_by("-number")


# The pages a paper is issued from: papers:target's kind for each target type (a discipline
# proceeding's decision is listed on the case or flag it came from, and has no page of its own).
TARGET_KINDS = {
    "cases.case": "case",
    "inspections.inspection": "inspection",
    "inspections.flag": "flag",
    "reception.receptionentry": "visit",
}


def paper_target_kind(paper: Paper) -> str | None:
    """The papers:target kind of the case, inspection or flag `paper` was issued on, None for other targets."""
    return TARGET_KINDS.get(paper.target_type)
