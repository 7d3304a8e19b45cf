"""Routing of complaints, denunciations and petitions (Luật Khiếu nại 2011, Luật Tố cáo 2018).

Each flow reads like its process chart: after every step the `route` switch looks at the
case's saved state and opens the task for the next step, owned by the resolving officer or
offered to the people who hold the right role in the competent unit.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock

from casework.org.models import Role
from workflows.flows.nodes import RoleTask, RoutedStartMixin, TakeRule, status_is

INTAKE = (Role.INTAKE_OFFICER, Role.CASE_OFFICER, Role.COMMITTEE_CHAIR)
ASSIGNERS = (Role.COMMITTEE_CHAIR, Role.BTV_MEMBER, Role.BCH_MEMBER)
APPROVERS = (Role.COMMITTEE_CHAIR, Role.BTV_MEMBER, Role.BCH_MEMBER)
RESOLVERS = (Role.CASE_OFFICER, Role.INSPECTOR, Role.COMMITTEE_CHAIR)


def assignee(case):
    return case.assignee


def _may_decide(case, user) -> bool:
    from casework.cases.permissions import can_approve
    from casework.cases.selectors import case_conflict_reason

    return can_approve(case, user) and not case_conflict_reason(case=case, user=user)


def _cases_decidable(user):
    from casework.cases.models import Case
    from casework.cases.selectors import case_decision_open_q

    return Case.objects.filter(case_decision_open_q(user=user)).values("pk")


# The competent body's decisions (approve, handle a conclusion, resume): the committee chair among the
# approvers only with a delegation in force for the case's kind (permissions.can_decide), nobody
# conflicted with the case (case_conflict_reason), as the transitions' permission and the services
# have it; the inbox lists the task by the same rule (case_decision_open_q).
BODY_DECISION = TakeRule(allows=_may_decide, objects=_cases_decidable)


class ComplaintFlow(RoutedStartMixin, flow.Flow):
    """Giải quyết khiếu nại: thụ lý → phân công → xác minh, đối thoại → đề xuất → phê duyệt →
    ban hành quyết định → thông báo → đóng hồ sơ; tạm đình chỉ và tiếp tục. A proposal sent back, or an
    approval taken back (approved without the dialogue the law requires), routes to `verify` again."""

    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle(this.start_object).Annotation(title=_("Tiếp nhận đơn khiếu nại")).Next(this.route)
    route = (
        flow.Switch()
        .Annotation(title=_("Bước tiếp theo theo trạng thái hồ sơ"))
        .Case(this.triage, status_is("received"))
        .Case(this.assign, status_is("accepted"))
        .Case(this.verify, status_is("assigned", "verifying", "dialogue"))
        .Case(this.approve, status_is("proposed"))
        .Case(this.issue, status_is("approved"))
        .Case(this.notify, status_is("decided"))
        .Case(this.close, status_is("notified"))
        .Case(this.resume, status_is("suspended"))
        .Default(this.end)
    )
    triage = RoleTask(roles=INTAKE).Annotation(title=_("Thụ lý / không thụ lý / chuyển đơn")).Next(this.route)
    assign = RoleTask(roles=ASSIGNERS).Annotation(title=_("Phân công người giải quyết")).Next(this.route)
    verify = (
        RoleTask(roles=RESOLVERS, owner=assignee)
        .Annotation(title=_("Xác minh, đối thoại, đề xuất kết quả"))
        .Next(this.route)
    )
    approve = (
        RoleTask(roles=APPROVERS, rule=BODY_DECISION)
        .Annotation(title=_("Phê duyệt đề xuất giải quyết"))
        .Next(this.route)
    )
    issue = (
        RoleTask(roles=RESOLVERS, owner=assignee).Annotation(title=_("Ban hành quyết định giải quyết")).Next(this.route)
    )
    notify = RoleTask(roles=RESOLVERS, owner=assignee).Annotation(title=_("Thông báo kết quả")).Next(this.route)
    close = RoleTask(roles=RESOLVERS, owner=assignee).Annotation(title=_("Đóng hồ sơ, lưu trữ")).Next(this.route)
    resume = (
        RoleTask(roles=APPROVERS, rule=BODY_DECISION)
        .Annotation(title=_("Tiếp tục giải quyết (đang tạm đình chỉ)"))
        .Next(this.route)
    )
    end = flow.End().Annotation(title=_("Kết thúc"))


class DenunciationFlow(RoutedStartMixin, flow.Flow):
    """Giải quyết tố cáo: thụ lý (7 ngày làm việc) → phân công → xác minh → đề xuất → phê duyệt →
    kết luận → xử lý kết luận → thông báo → đóng hồ sơ; tạm đình chỉ, gia hạn."""

    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle(this.start_object).Annotation(title=_("Tiếp nhận đơn tố cáo")).Next(this.route)
    route = (
        flow.Switch()
        .Annotation(title=_("Bước tiếp theo theo trạng thái hồ sơ"))
        .Case(this.triage, status_is("received"))
        .Case(this.assign, status_is("accepted"))
        .Case(this.verify, status_is("assigned", "verifying"))
        .Case(this.approve, status_is("proposed"))
        .Case(this.conclude, status_is("approved"))
        .Case(this.handle, status_is("concluded"))
        .Case(this.notify, status_is("handled"))
        .Case(this.close, status_is("notified"))
        .Case(this.resume, status_is("suspended"))
        .Default(this.end)
    )
    triage = RoleTask(roles=INTAKE).Annotation(title=_("Thụ lý tố cáo")).Next(this.route)
    assign = RoleTask(roles=ASSIGNERS).Annotation(title=_("Phân công người xác minh")).Next(this.route)
    verify = RoleTask(roles=RESOLVERS, owner=assignee).Annotation(title=_("Xác minh nội dung tố cáo")).Next(this.route)
    approve = (
        RoleTask(roles=APPROVERS, rule=BODY_DECISION).Annotation(title=_("Phê duyệt báo cáo xác minh")).Next(this.route)
    )
    conclude = (
        RoleTask(roles=RESOLVERS, owner=assignee)
        .Annotation(title=_("Ban hành kết luận nội dung tố cáo"))
        .Next(this.route)
    )
    handle = (
        RoleTask(roles=APPROVERS, rule=BODY_DECISION)
        .Annotation(title=_("Xử lý kết luận (kỷ luật, chuyển kiểm tra)"))
        .Next(this.route)
    )
    notify = RoleTask(roles=RESOLVERS, owner=assignee).Annotation(title=_("Thông báo kết quả")).Next(this.route)
    close = RoleTask(roles=RESOLVERS, owner=assignee).Annotation(title=_("Đóng hồ sơ, lưu trữ")).Next(this.route)
    resume = (
        RoleTask(roles=APPROVERS, rule=BODY_DECISION)
        .Annotation(title=_("Tiếp tục giải quyết (đang tạm đình chỉ)"))
        .Next(this.route)
    )
    end = flow.End().Annotation(title=_("Kết thúc"))


class PetitionFlow(RoutedStartMixin, flow.Flow):
    """Kiến nghị, phản ánh: thụ lý → phân công → trả lời → đóng hồ sơ."""

    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle(this.start_object).Annotation(title=_("Tiếp nhận kiến nghị, phản ánh")).Next(this.route)
    route = (
        flow.Switch()
        .Annotation(title=_("Bước tiếp theo theo trạng thái hồ sơ"))
        .Case(this.triage, status_is("received"))
        .Case(this.assign, status_is("accepted"))
        .Case(this.answer, status_is("assigned"))
        .Case(this.close, status_is("answered"))
        .Default(this.end)
    )
    triage = RoleTask(roles=INTAKE).Annotation(title=_("Tiếp nhận, thụ lý kiến nghị")).Next(this.route)
    assign = RoleTask(roles=ASSIGNERS).Annotation(title=_("Phân công người trả lời")).Next(this.route)
    answer = RoleTask(roles=RESOLVERS, owner=assignee).Annotation(title=_("Trả lời kiến nghị")).Next(this.route)
    close = RoleTask(roles=RESOLVERS, owner=assignee).Annotation(title=_("Đóng hồ sơ")).Next(this.route)
    end = flow.End().Annotation(title=_("Kết thúc"))


FLOW_FOR_KIND = {"complaint": ComplaintFlow, "denunciation": DenunciationFlow, "petition": PetitionFlow}
