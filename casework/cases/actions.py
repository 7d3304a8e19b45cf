"""Which actions a user may take on a case right now: the one answer the case page's buttons and
the API's `allowed_actions` share. The services check the same rules again when an action is posted.
"""

from __future__ import annotations

from typing import Any

from casework.cases.models import Case
from casework.cases.permissions import can_triage, can_work
from casework.cases.selectors import case_conflict_reason
from casework.cases.services.common import DECISIONS, available_actions
from casework.cases.services.criminal_referral import criminal_referral_actions
from casework.cases.services.discipline import discipline_may_propose, discipline_may_vote
from casework.cases.services.expertise import expertise_actions
from casework.cases.services.explanation import explanation_actions, explanation_refusal
from casework.cases.services.extensions import case_may_extend
from casework.cases.services.followup import conclusion_measure_may_add
from casework.cases.services.procedures import close_refusal, conclude_refusal, procedure_actions
from casework.cases.services.reexamination import found_right_actions
from casework.cases.services.second_window import (
    LATE_SECOND_WITHHELD,
    decision_receipt_may_record,
    late_second_refusal,
    second_obstacles_may_record,
)
from casework.cases.services.triage import accept_notice_pending, case_subject_area_may_change, congress_too_late
from casework.cases.services.verification import verification_actions, verification_refusal

# Transitions only the system takes (never offered to a person).
SYSTEM_TRANSITIONS = frozenset({"set_aside"})

# The decisions whose services refuse one recused from the case, who declared a conflict in it or is
# conflicted with the unit concerned (services.common.decision_check): the transitions of DECISIONS,
# the extension, the complexity decision, a request for an expert assessment and its authorisation.
CONFLICT_REFUSED = DECISIONS | {
    "extend",
    "complexity",
    "conclusion_measure",
    "expertise_request",
    "expertise_authorise",
    "expertise_revoke",
    "verification_assign",
    "complaint_found_right",
    "criminal_referral",
}


def case_actions(*, user: Any, case: Case) -> list[str]:
    """The state transitions the user may take, and the steps that are not transitions:

    - `accept` is withheld from a letter about a congress received fewer than 25 (grassroots) or 30
      working days before it: only a refusal on the ground "sent after the time limit" remains;
    - `close` is withheld from a denunciation whose notice of acceptance to the person denounced is
      still owed (`close_refusal`, Luật Tố cáo 2018 Đ.29 khoản 3), and so is `conclude`
      (`conclude_refusal`: the person denounced is told the content and explains first, Đ.10, Đ.35);
    - `propose` is withheld from a denunciation whose person denounced has not been given the chance
      to explain (`explanation_refusal`, Luật Tố cáo 2018 Đ.31 khoản 4, Đ.10 khoản 1 điểm b);
    - `extend`: leadership extends a complex denunciation once, an especially complex one twice,
      never a complaint (Luật Tố cáo 2018 Đ.30; Luật Khiếu nại 2011 Đ.28, 37);
    - `accept`, `transfer`, `guide` and `merge` are withheld from a second complaint received past its window
      (`late_second_refusal`, Luật Khiếu nại 2011 Đ.11 khoản 6, Đ.33 khoản 1): a refusal on the ground
      "hết thời hạn" remains, or `second_obstacles` records the days of objective obstacles not counted
      (Đ.9 khoản 2), which may bring it into time; `decision_receipt` records the day the complainant
      received a first decision, from which that window counts;
    - `accept_notice`: the denouncer is told of the acceptance within 5 working days (Luật Tố cáo Đ.29);
    - the procedural steps of `procedure_actions` (initial processing, transfer, notice to the
      person denounced, the result told to the body that transferred a denunciation, sending the
      conclusion and the suspension and termination decisions, complexity decision);
    - `subject_area`: reclassify an open case after triage;
    - `conclusion_measure`: the resolver records a measure of a handled denunciation's conclusion and
      who follows it (Nghị định 31/2019/NĐ-CP Đ.18 khoản 2, sửa đổi bởi Nghị định 156/2026/NĐ-CP Đ.3).
    - the expert assessment's steps of `expertise_actions` (request, authorisation of the verifier,
      sending, conclusion received);
    - the explanation steps of `explanation_actions` (request to the person denounced, explanation
      received, no explanation by the deadline or a refusal);
    - `propose` is withheld from a denunciation whose verification was not assigned in writing, and from
      one the current assignment does not name (nor the resolver verifying personally) (`verification_refusal`,
      Luật Tố cáo 2018 Đ.31 khoản 1, 2, 6); `verification_assign` records it; `complaint_found_right`
      records a first complaint found right on re-examination, decided at once with no verification (Luật
      Khiếu nại 2011 Đ.29 khoản 1 điểm a);
    - `criminal_referral`: after the conclusion, the file sent to the investigating body or the
      procuracy (Luật Tố cáo 2018 Đ.36 khoản 2); `discipline_propose` waits for the conclusion (khoản 1).
    """
    names = [n for n in available_actions(case, user) if n not in SYSTEM_TRANSITIONS]
    if "accept" in names and congress_too_late(case):
        names.remove("accept")
    if late_second_refusal(case):
        # A second complaint past its window: refused on the ground "hết thời hạn" (Luật Khiếu nại 2011 Đ.11
        # khoản 6, Đ.33 khoản 1), or accepted once recorded obstacles bring it into time (Đ.9 khoản 2).
        names = [n for n in names if n not in LATE_SECOND_WITHHELD]
    if second_obstacles_may_record(case, user):
        names.append("second_obstacles")
    if decision_receipt_may_record(case, user):
        names.append("decision_receipt")
    if "close" in names and close_refusal(case):
        names.remove("close")  # the notice to the person denounced comes first (Luật Tố cáo 2018 Đ.29)
    if "conclude" in names and conclude_refusal(case):
        names.remove("conclude")  # so it does before the conclusion (Luật Tố cáo 2018 Đ.29, Đ.35 khoản 1)
    if "propose" in names and explanation_refusal(case):
        names.remove("propose")  # the person denounced explains first (Luật Tố cáo 2018 Đ.31 khoản 4)
    if "propose" in names and verification_refusal(case, user):
        # Assigned in writing first, reported by one it names (Luật Tố cáo 2018 Đ.31 khoản 1, 6).
        names.remove("propose")
    if case_may_extend(case, user):
        names.append("extend")
    if accept_notice_pending(case) and (can_triage(case, user) or can_work(case, user)):
        names.append("accept_notice")
    names += procedure_actions(case, user)
    if discipline_may_propose(case, user):
        names.append("discipline_propose")
    if discipline_may_vote(case, user):
        names.append("discipline_ballot")
    if case_subject_area_may_change(case=case, user=user):
        names.append("subject_area")
    if conclusion_measure_may_add(case, user):
        names.append("conclusion_measure")
    names += expertise_actions(case, user)
    names += explanation_actions(case, user)
    names += verification_actions(case, user)
    names += found_right_actions(case, user)
    names += criminal_referral_actions(case, user)
    if any(n in CONFLICT_REFUSED for n in names) and case_conflict_reason(case=case, user=user):
        # A conflict of interest (in the case or with the unit concerned): the decisions are not
        # offered (the service refuses them too).
        names = [n for n in names if n not in CONFLICT_REFUSED]
    return names
