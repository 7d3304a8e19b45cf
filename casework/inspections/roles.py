"""Who may do what in inspection work, and the fieldwork checklist per topic (plan §3.6)."""

from __future__ import annotations

from casework.inspections.models import Category
from casework.org.models import LEADERSHIP_ROLES, Role

INSPECTION_STAFF = (Role.INSPECTOR, Role.COMMITTEE_CHAIR)
CHAIR = (Role.COMMITTEE_CHAIR,)
LEADERSHIP = tuple(LEADERSHIP_ROLES)


def signer_roles(*, complex: bool) -> tuple[str, ...]:
    """Who signs an inspection's decision and approves its conclusion: the committee chair; for a
    complex matter also the union's leadership, its chair or vice-chair (docs/domain.md). The services,
    the actions offered and the list of what waits on a signature read this one rule."""
    return (*CHAIR, *LEADERSHIP) if complex else CHAIR


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
