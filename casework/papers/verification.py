"""The values of a denunciation's or a complaint's verification papers: the written assignment of its verification (Luật Tố
cáo 2018 Đ.31 khoản 2; Nghị định 31/2019/NĐ-CP Đ.10, Mẫu số 07) and the record of a working session with the
person denounced (Nghị định 31/2019/NĐ-CP Đ.12 khoản 2, Mẫu số 08). Neither names the denouncer nor anything
that would reveal them (Luật Tố cáo 2018 Đ.47): both go to the person denounced or are kept in the file."""

from __future__ import annotations

from typing import Any

from casework.cases.models import Kind

BLANK = "……"


def _day(value: Any) -> str:
    return f"{value:%d/%m/%Y}" if value else BLANK


def _person(user: Any) -> str:
    return str(user) if user is not None else BLANK


def verification_values(case: Any) -> dict[str, str]:
    """The latest assignment (a later one replaces an earlier one) and the latest working session."""
    from casework.cases.models import DenouncedExplanation, ExplanationEntry, ExplanationForm, VerificationAssignment

    denunciation = bool(case.pk) and case.kind == Kind.DENUNCIATION
    complaint = bool(case.pk) and case.kind == Kind.COMPLAINT
    assignment = (
        VerificationAssignment.objects.filter(case_id=case.pk).select_related("leader").order_by("-on", "-pk").first()
        if denunciation or complaint
        else None
    )
    session = (
        DenouncedExplanation.objects.filter(
            case_id=case.pk, entry=ExplanationEntry.EXPLAINED, form=ExplanationForm.SESSION
        )
        .select_related("recorded_by")
        .order_by("-on", "-pk")
        .first()
        if denunciation
        else None
    )
    members = list(assignment.members.order_by("pk")) if assignment is not None else []
    team = len(members) > 1
    personally = assignment is not None and assignment.personally
    if assignment is None:
        assigned = BLANK
    elif team:
        others = [_person(m) for m in members if m.pk != assignment.leader_id]
        assigned = f"{_person(assignment.leader)} (Tổ trưởng); thành viên: {', '.join(others)}"
    else:
        assigned = _person(assignment.leader)
    subject = case.subject_person or (case.subject_unit.name if case.subject_unit_id else "")
    # Điều 1 says what the paper records, and Điều 3 under whose direction the verifier acts: the resolver
    # verifying personally is directed by nobody (Luật Tố cáo 2018 Đ.31 khoản 1, 5).
    mandate = " theo phân công của người giải quyết tố cáo"
    if complaint:
        title, who, act = _complaint_words(personally=personally, team=team)
        mandate = ""
    elif personally:  # Luật Tố cáo 2018 Đ.31 khoản 1; Nghị định 31/2019/NĐ-CP Đ.10 khoản 1
        title = "VĂN BẢN\nVề việc người giải quyết tố cáo tự mình tiến hành xác minh nội dung tố cáo"
        who = "Người giải quyết tố cáo tự mình tiến hành xác minh"
        act = "Người giải quyết tố cáo tự mình tiến hành xác minh nội dung tố cáo"
        mandate = ""
    elif team:
        title = "QUYẾT ĐỊNH\nVề việc thành lập Tổ xác minh nội dung tố cáo"
        who = "Tổ xác minh"
        act = "Giao xác minh nội dung tố cáo"
    else:
        title = "VĂN BẢN\nVề việc giao xác minh nội dung tố cáo"
        who = "Người được giao xác minh"
        act = "Giao xác minh nội dung tố cáo"
    return {
        "verification_title": title,
        "verification_act": act,
        "verification_mandate": mandate,
        # The complaint's article: Luật Khiếu nại 2011 Đ.29 (first round) or Đ.38 (second round).
        "verification_law": "Điều 38" if case.round == 2 else "Điều 29",
        "verification_on": _day(assignment.on) if assignment is not None else BLANK,
        "verification_assigned": assigned,
        "verification_who": who,
        "verification_subject": subject or BLANK,
        "verification_content": assignment.content if assignment is not None else BLANK,
        "verification_from": _day(assignment.starts_on) if assignment is not None else BLANK,
        "verification_to": _day(assignment.ends_on) if assignment is not None else BLANK,
        "session_on": _day(session.on) if session is not None else BLANK,
        "session_place": (session.place or BLANK) if session is not None else BLANK,
        "session_chair": _person(session.recorded_by) if session is not None else BLANK,
        "session_explainer": (session.explainer or subject or BLANK) if session is not None else BLANK,
        "session_content": session.content if session is not None else BLANK,
    }


def _complaint_words(*, personally: bool, team: bool) -> tuple[str, str, str]:
    """The title, the verifier's name and what Điều 1 records, for a complaint. The titles are those Thông tư
    07/2013/TT-TTCP Đ.7 gives its forms, as the local mirror names them (the forms' text is not there): "Quyết
    định về việc giao nhiệm vụ xác minh nội dung khiếu nại" (Mẫu số 03-KN, khoản 1) and, for a verification
    team, "Quyết định về việc xác minh nội dung khiếu nại" (Mẫu số 04-KN, khoản 2). No form read covers the
    resolver verifying alone (Luật Khiếu nại 2011 Đ.29 khoản 1 điểm b, Đ.38): its paper says that in words."""
    if personally:
        return (
            "VĂN BẢN\nVề việc người giải quyết khiếu nại tự mình tiến hành xác minh nội dung khiếu nại",
            "Người giải quyết khiếu nại tự mình tiến hành xác minh",
            "Người giải quyết khiếu nại tự mình tiến hành xác minh nội dung khiếu nại",
        )
    if team:
        return (
            "QUYẾT ĐỊNH\nVề việc xác minh nội dung khiếu nại",
            "Tổ xác minh",
            "Thành lập Tổ xác minh nội dung khiếu nại",
        )
    return (
        "QUYẾT ĐỊNH\nVề việc giao nhiệm vụ xác minh nội dung khiếu nại",
        "Người có trách nhiệm xác minh",
        "Giao nhiệm vụ xác minh nội dung khiếu nại",
    )


SAMPLE_VERIFICATION = {
    "verification_title": "QUYẾT ĐỊNH\nVề việc thành lập Tổ xác minh nội dung tố cáo",
    "verification_act": "Giao xác minh nội dung tố cáo",
    "verification_mandate": " theo phân công của người giải quyết tố cáo",
    "verification_law": "Điều 29",
    "verification_on": "10/03/2026",
    "verification_assigned": "Ông Nguyễn Văn C (Tổ trưởng); thành viên: Bà Lê Thị D",
    "verification_who": "Tổ xác minh",
    "verification_subject": "Ông Trần Văn B",
    "verification_content": "Việc chi quỹ phúc lợi năm 2025 ngoài quy chế.",
    "verification_from": "11/03/2026",
    "verification_to": "31/03/2026",
    "session_on": "18/03/2026",
    "session_place": "Trụ sở Công đoàn ngành Y tế Thái Bình",
    "session_chair": "Ông Nguyễn Văn C",
    "session_explainer": "Ông Trần Văn B",
    "session_content": "Ông B giải trình việc chi quỹ phúc lợi theo quy chế chi tiêu nội bộ.",
}
