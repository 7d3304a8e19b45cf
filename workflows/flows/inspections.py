"""Routing of inspections (QĐ 684/QĐ-TLĐ) and of the follow-up of each recommendation."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock

from casework.inspections.explanation import REPORTING_LAPSED
from casework.inspections.models import OPENED_TEAM_FORMED
from casework.inspections.roles import may_sign, signable_q, signer_roles
from casework.org.models import Role
from workflows.flows.nodes import Pool, RoleTask, RoutedStartMixin, TakeRule, state_is, status_is

SIGNERS = signer_roles(complex=True)  # every role that may be offered a signature
TEAM = (Role.INSPECTOR, Role.COMMITTEE_CHAIR)
SUBJECT = (Role.SUBJECT_REP,)


def team_lead(inspection):
    member = inspection.team.filter(role="lead").select_related("user").first()
    return member.user if member else None


def subject_unit(obj):
    return obj.subject_unit


def explanation_due(inspection):
    """The unit's last day to explain the draft report (casework.inspections.explanation)."""
    return inspection.explanation_due_on


def signers(inspection):
    """Who signs the inspection's decision and approves its conclusion: the services' rule."""
    return signer_roles(complex=inspection.complex)


def _signer_unconflicted(inspection, user) -> bool:
    """A signer of the inspection (roles.may_sign: among the leadership only its chair and vice-chairs)
    not conflicted with the unit inspected."""
    from casework.inspections.services.teams import decider_conflict

    return may_sign(user=user, inspection=inspection) and not decider_conflict(actor=user, unit=inspection.subject_unit)


def _inspections_unconflicted(user):
    """The inspections `user` signs (roles.signable_q) of a unit they are not conflicted with: asked by both
    signers' rules, so built once per request from the roles it reads (org.role_cache.derived); each rule filters a copy."""
    from casework.inspections.models import Inspection
    from casework.inspections.selectors import units_conflicted_q
    from casework.org import role_cache
    from casework.org.selectors import active_assignments

    return role_cache.derived(
        user.pk,
        active_assignments(user=user),
        "inspections_unconflicted",
        lambda: (
            Inspection.objects.filter(signable_q(user=user))
            .exclude(units_conflicted_q(user=user, prefix="subject_unit__"))
            .values("pk")
        ),
    )


# Nobody conflicted with the unit inspected signs for it (teams.decider_conflict, which the services
# inspection_decide and inspection_conclude check): such a signer is not offered the task and cannot
# take it; another signer of the unit, or one above it, does.
UNCONFLICTED_SIGNER = TakeRule(allows=_signer_unconflicted, objects=_inspections_unconflicted)


def _decision_may_sign(inspection, user) -> bool:
    from casework.inspections.team_size import team_complete

    return team_complete(inspection) and _signer_unconflicted(inspection, user)


def _decisions_signable(user):
    from casework.inspections.team_size import inspections_team_complete

    return _inspections_unconflicted(user).filter(pk__in=inspections_team_complete())


# The decision names the team: signed once the team is formed (team_size.team_complete, which
# inspection_decide checks), by a signer not conflicted with the unit inspected. The flow opens the
# decision's task only then (`route`); a task opened before a team was needed for it waits unoffered.
TEAM_FORMED_SIGNER = TakeRule(allows=_decision_may_sign, objects=_decisions_signable)


class InspectionFlow(RoutedStartMixin, flow.Flow):
    """Cuộc kiểm tra: lập đoàn → quyết định → thông báo → đơn vị xác nhận → kiểm tra tại đơn vị → dự thảo báo cáo →
    giải trình → kết luận → thông báo kết luận."""

    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle(this.start_object).Annotation(title=_("Mở cuộc kiểm tra")).Next(this.route)
    route = (
        flow.Switch()
        .Annotation(title=_("Bước tiếp theo theo trạng thái cuộc kiểm tra"))
        # The committee forms the team first; the decision, which names it, is signed once it is formed.
        .Case(this.form_team, state_is("opened"))
        .Case(this.decide, state_is(OPENED_TEAM_FORMED))
        .Case(this.notify, status_is("decided"))
        .Case(this.acknowledge, status_is("notified"))
        .Case(this.fieldwork, status_is("fieldwork"))
        # The unit explains within its time; the conclusion waits until it has, or until that time
        # has run out (casework.inspections.explanation, QĐ 684/QĐ-TLĐ).
        .Case(this.explain, state_is("reporting"))
        .Case(this.conclude, state_is(REPORTING_LAPSED, "explained"))
        .Case(this.notify_conclusion, status_is("concluded"))
        .Default(this.end)
    )
    form_team = RoleTask(roles=TEAM).Annotation(title=_("Lập đoàn kiểm tra")).Next(this.route)
    decide = (
        RoleTask(roles=SIGNERS, roles_of=signers, rule=TEAM_FORMED_SIGNER)
        .Annotation(title=_("Ra quyết định kiểm tra"))
        .Next(this.route)
    )
    notify = (
        RoleTask(roles=TEAM, owner=team_lead).Annotation(title=_("Thông báo cho đơn vị được kiểm tra")).Next(this.route)
    )
    acknowledge = (
        RoleTask(roles=SUBJECT, unit=subject_unit)
        .Annotation(title=_("Xác nhận thông báo, nộp tài liệu"))
        .Next(this.route)
    )
    fieldwork = (
        RoleTask(roles=TEAM, owner=team_lead).Annotation(title=_("Kiểm tra tại đơn vị, ghi kết quả")).Next(this.route)
    )
    explain = (
        RoleTask(roles=SUBJECT, unit=subject_unit, due=explanation_due)
        .Annotation(title=_("Giải trình dự thảo báo cáo"))
        .Next(this.route)
    )
    conclude = (
        RoleTask(roles=SIGNERS, roles_of=signers, rule=UNCONFLICTED_SIGNER)
        .Annotation(title=_("Phê duyệt kết luận kiểm tra"))
        .Next(this.route)
    )
    notify_conclusion = (
        RoleTask(roles=TEAM, owner=team_lead).Annotation(title=_("Thông báo kết luận, kiến nghị")).Next(this.route)
    )
    end = flow.End().Annotation(title=_("Kết thúc"))


def owner_unit(recommendation):
    return recommendation.owner_unit


def inspecting_unit(recommendation):
    """The unit whose committee verifies: the inspecting unit, or the unit that resolved the denunciation."""
    return recommendation.source_unit


def monitor(recommendation):
    """A case's measure names who follows it (the resolver or a committee member): theirs to verify.
    None (an inspection's, or a case's followed by the committee as a whole): the committee's pool."""
    return recommendation.monitor


def reporters_instead(recommendation):
    """Every representative of the unit that must act recused from the case: the leadership of the
    unit above that reports instead (casework.inspections.reporters, the rule the service applies)."""
    from casework.inspections.reporters import REPORTERS_ABOVE_ROLES, reporters_above_unit

    unit = reporters_above_unit(recommendation)
    return Pool(tuple(str(r) for r in REPORTERS_ABOVE_ROLES), unit, exact=True) if unit is not None else None


def verifiers_instead(recommendation):
    """The monitor away and their substitute recused from the case: the nearest committee chairs,
    who verify instead (casework.inspections.monitors, the rule the service applies)."""
    from casework.inspections.monitors import monitor_cover

    unit, _chairs = monitor_cover(recommendation)
    return Pool((str(Role.COMMITTEE_CHAIR),), unit, exact=True) if unit is not None else None


class FollowUpFlow(RoutedStartMixin, flow.Flow):
    """Theo dõi thực hiện kiến nghị (of an inspection, or a measure of a denunciation's conclusion):
    đơn vị báo cáo → kiểm tra viên, or the case's monitor, xác minh (đạt, hoặc trả lại)."""

    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle(this.start_object).Annotation(title=_("Kiến nghị được ban hành")).Next(this.route)
    route = (
        flow.Switch()
        .Annotation(title=_("Bước tiếp theo theo trạng thái kiến nghị"))
        .Case(this.report, status_is("open", "returned"))
        .Case(this.verify, status_is("reported"))
        .Default(this.end)
    )
    report = (
        RoleTask(roles=SUBJECT, unit=owner_unit, pool=reporters_instead)
        .Annotation(title=_("Báo cáo thực hiện kiến nghị"))
        .Next(this.route)
    )
    verify = (
        RoleTask(roles=TEAM, unit=inspecting_unit, owner=monitor, pool=verifiers_instead)
        .Annotation(title=_("Xác minh kết quả thực hiện"))
        .Next(this.route)
    )
    end = flow.End().Annotation(title=_("Kết thúc"))
