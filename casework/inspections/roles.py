"""Who may do what in inspection work, and the fieldwork checklist per topic (plan §3.6)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from casework.inspections.models import Category
from casework.org.models import LEADERSHIP_ROLES, Position, Role, RoleAssignment, Unit
from casework.org.selectors import active_assignments

INSPECTION_STAFF = (Role.INSPECTOR, Role.COMMITTEE_CHAIR)
CHAIR = (Role.COMMITTEE_CHAIR,)
LEADERSHIP = tuple(LEADERSHIP_ROLES)
# The union's leaders who sign a complex matter's decision: its chair and vice-chairs (docs/domain.md), by the
# position their leadership role is held with, or holding it as acting chair under an appointment.
LEADER_SIGNING_POSITIONS = (Position.CHAIR, Position.VICE_CHAIR)


def signer_roles(*, complex: bool) -> tuple[str, ...]:
    """The roles among which an inspection's decision and conclusion are signed: the committee chair's; for a
    complex matter the union leadership's too, of which only the chair and vice-chairs sign (`signs`). The
    task pools are offered by these roles; who among them signs is `may_sign`."""
    return (*CHAIR, *LEADERSHIP) if complex else CHAIR


def signs(assignment: RoleAssignment, *, complex: bool) -> bool:
    """Whether holding `assignment` lets one sign an inspection's decision and approve its conclusion: the
    inspection committee's chair; for a complex matter also the union's chair or a vice-chair (docs/domain.md:
    "decided by the inspection committee chair, or by the union's chair or vice-chair when the case is
    complex"), never a member of its executive or standing committee for being one."""
    if assignment.role in CHAIR:
        return True
    return (
        complex
        and assignment.role in LEADERSHIP
        and (assignment.position in LEADER_SIGNING_POSITIONS or bool(assignment.acting_document))
    )


def signer_roots(*, user: Any, complex: bool) -> list[Unit]:
    """The units (with their subtrees) whose inspections `user` signs today, of a complex matter or not."""
    return [ra.unit for ra in active_assignments(user=user) if signs(ra, complex=complex)]


def may_sign(*, user: Any, inspection: Any) -> bool:
    """The one rule the services, the actions offered, the lists and the signing tasks read: `user` signs
    `inspection`'s decision and approves its conclusion (holding the role; an administrator only like anyone
    else). Conflicts with the unit inspected are checked apart (teams.decider_conflict)."""
    unit = inspection.unit
    return any(unit.path.startswith(root.path) for root in signer_roots(user=user, complex=inspection.complex))


def signable_q(*, user: Any, prefix: str = "") -> Q:
    """`may_sign` as a filter on inspections (through `prefix`)."""
    q = Q(pk__in=[])
    for is_complex in (False, True):
        for root in signer_roots(user=user, complex=is_complex):
            q |= Q(**{f"{prefix}complex": is_complex, f"{prefix}unit__path__startswith": root.path})
    return q


# Everyone who reads inspection records of a unit's subtree.
READERS = (*INSPECTION_STAFF, *LEADERSHIP, Role.AUDITOR, Role.ADMIN)
# Roles that do not make a member conflicted when held in the subject unit: the committee inspects its own union.
COMMITTEE_ROLES = (Role.INSPECTOR, Role.COMMITTEE_CHAIR)
TEAM_MINIMUM = 3
# The follow-up clock a recommendation's report runs on (policy table: subject, step).
FOLLOWUP_SUBJECT = "followup"
FOLLOWUP_REPORT_STEP = "report"
# A grassroots union with fewer members has one person doing inspection work (docs/domain.md, QĐ 05/QĐ-TLĐ).
SMALL_UNION_MEMBERS = 30

CHECKLIST: dict[str, list[tuple[str, str]]] = {
    Category.FINANCE_BUDGET: [("du_toan", "Dự toán thu, chi được duyệt"), ("quyet_toan", "Quyết toán năm")],
    Category.FINANCE_REVENUE: [("thu", "Thu kinh phí công đoàn"), ("thu_khac", "Các khoản thu khác")],
    Category.FINANCE_DUES: [("doan_phi", "Thu, nộp đoàn phí công đoàn")],
    Category.FINANCE_SPENDING: [("chi", "Chi đúng định mức, đúng mục đích")],
    Category.FINANCE_BOOKS: [("so_sach", "Sổ sách kế toán"), ("chung_tu", "Chứng từ thu, chi")],
    Category.ASSETS_PURCHASE: [("mua_sam", "Mua sắm tài sản")],
    Category.ASSETS_USE: [("su_dung", "Quản lý, sử dụng tài sản")],
    Category.ASSETS_INVENTORY: [("kiem_ke", "Kiểm kê tài sản")],
    Category.CHARTER: [("dieu_le", "Chấp hành Điều lệ Công đoàn")],
    Category.RESOLUTIONS: [("nghi_quyet", "Thực hiện nghị quyết, quy định của BCH")],
    Category.ELECTIONS: [("bau_cu", "Tổ chức đại hội, bầu cử")],
    Category.UNITY: [("doan_ket", "Đoàn kết nội bộ")],
    Category.REPUTATION: [("uy_tin", "Uy tín, hình ảnh tổ chức")],
}
