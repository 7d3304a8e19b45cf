"""Reads for retention: which closed cases and reception-book entries have passed their period,
which expire next month."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from casework.cases.models import Case
from casework.org.models import Role
from casework.privacy.models import (
    RECEPTION,
    SUBJECT_REQUEST,
    CaseKey,
    LegalHold,
    ReceptionKey,
    RetentionPolicy,
    SubjectAccessRequest,
    SubjectRight,
)
from casework.reception.models import ReceptionEntry


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def years_after(day: dt.date, years: int) -> dt.date:
    return years_before(day, -years)


@dataclass(frozen=True)
class Expiry:
    """One record whose period ends: a closed case, a visit in the reception book (`entry`), or a closed
    request of a data subject (`request`)."""

    case: Case | None
    policy: RetentionPolicy
    expires_on: dt.date
    held: bool
    entry: ReceptionEntry | None = None
    request: SubjectAccessRequest | None = None

    @property
    def reference(self) -> str:
        if self.case is not None:
            return self.case.reference
        if self.request is not None:
            return self.request.reference
        assert self.entry is not None
        return reception_entry_reference(self.entry)

    @property
    def kind(self) -> str:
        if self.case is not None:
            return self.case.kind
        return SUBJECT_REQUEST if self.request is not None else RECEPTION

    @property
    def starts_on(self) -> dt.date:
        """The day the period counts from: the case's closing, the visit, or the request's end."""
        if self.case is not None:
            assert self.case.closed_on is not None
            return self.case.closed_on
        if self.request is not None:
            assert self.request.closed_at is not None
            return timezone.localdate(self.request.closed_at)
        assert self.entry is not None
        return timezone.localdate(self.entry.received_at)

    @property
    def unit(self) -> Any:
        if self.case is not None:
            return self.case.unit
        if self.request is not None:
            return self.request.unit
        return self.entry.session.unit if self.entry else None


def reception_entry_reference(entry: ReceptionEntry) -> str:
    """How a visit is named where its visitor is not: the book and the entry's number."""
    return f"TCD-{entry.pk:05d}"


def _closed_undestroyed() -> QuerySet[Case]:
    destroyed = CaseKey.objects.filter(case=OuterRef("pk"), destroyed_at__isnull=False)
    held = LegalHold.objects.filter(case=OuterRef("pk"), released_at__isnull=True)
    return (
        Case.objects.filter(closed_on__isnull=False)
        .exclude(Exists(destroyed))
        .annotate(held=Exists(held))
        .select_related("unit")
        .order_by("closed_on", "pk")
    )


def _visits_kept() -> QuerySet[ReceptionEntry]:
    destroyed = ReceptionKey.objects.filter(entry=OuterRef("pk"), destroyed_at__isnull=False)
    held = LegalHold.objects.filter(reception_entry=OuterRef("pk"), released_at__isnull=True)
    return (
        ReceptionEntry.objects.exclude(Exists(destroyed))
        .annotate(held=Exists(held))
        .select_related("session__unit")
        .order_by("received_at", "pk")
    )


def _requests_kept() -> QuerySet[SubjectAccessRequest]:
    held = LegalHold.objects.filter(subject_request=OuterRef("pk"), released_at__isnull=True)
    return (
        SubjectAccessRequest.objects.filter(closed_at__isnull=False, personal_data_destroyed_at__isnull=True)
        .annotate(held=Exists(held))
        .select_related("unit")
        .order_by("closed_at", "pk")
    )


def _day_end(day: dt.date) -> dt.datetime:
    """The first instant after `day` in the local time zone (the visit's day counts, as for a case's closing)."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def _expiring(*, after: dt.date | None, until: dt.date) -> list[Expiry]:
    """Records whose period ends in (after, until]: closed_on (a visit's day) + years in that range."""
    found = []
    for policy in RetentionPolicy.objects.order_by("kind"):
        if policy.kind == RECEPTION:
            visits = _visits_kept().filter(received_at__lt=_day_end(years_before(until, policy.years)))
            if after is not None:
                visits = visits.filter(received_at__gte=_day_end(years_before(after, policy.years)))
            found += [
                Expiry(None, policy, years_after(timezone.localdate(v.received_at), policy.years), v.held, entry=v)
                for v in visits
            ]
            continue
        if policy.kind == SUBJECT_REQUEST:
            requests = _requests_kept().filter(closed_at__lt=_day_end(years_before(until, policy.years)))
            if after is not None:
                requests = requests.filter(closed_at__gte=_day_end(years_before(after, policy.years)))
            found += [
                Expiry(None, policy, years_after(timezone.localdate(r.closed_at), policy.years), r.held, request=r)
                for r in requests
            ]
            continue
        cases = _closed_undestroyed().filter(kind=policy.kind, closed_on__lte=years_before(until, policy.years))
        if after is not None:
            cases = cases.filter(closed_on__gt=years_before(after, policy.years))
        found += [Expiry(c, policy, years_after(c.closed_on, policy.years), c.held) for c in cases]
    return sorted(found, key=lambda e: (e.expires_on, e.reference))


def retention_due(*, today: dt.date) -> list[Expiry]:
    """Closed cases and visits whose retention period has ended by `today` (held ones flagged, not left out)."""
    return _expiring(after=None, until=today)


def retention_expiring_next_month(*, today: dt.date) -> list[Expiry]:
    """The monthly report: cases and visits whose period ends during the calendar month after `today`'s."""
    first = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return _expiring(after=first - dt.timedelta(days=1), until=last)


def retention_expiring_in_month_for_user(*, user: Any, year: int, month: int) -> list[Expiry]:
    """The expiry report of one month, limited to the units the administrator answers for."""
    from casework.org.selectors import unit_is_visible

    first = dt.date(year, month, 1)
    rows = retention_expiring_next_month(today=first - dt.timedelta(days=1))
    return [e for e in rows if unit_is_visible(user=user, unit=e.unit, roles=[Role.ADMIN])]


SUBJECT_REQUEST_TARGET = "privacy.subjectaccessrequest"
# Who carries a unit's data subjects' requests: its administrators, and who holds the data protection duty in it
# or above it (docs/roles.md); both run the export of what is held about the requester for a request.
SUBJECT_REQUEST_ROLES = (Role.ADMIN, Role.DATA_PROTECTION)


def subject_access_unrecorded_allowed(*, user: Any) -> bool:
    """The export of what is held about a person without a recorded request (/privacy/subject-access/) is the
    administrator's (docs/roles.md); who carries requests exports from a recorded one."""
    from casework.org.selectors import user_has_role

    return user_has_role(user=user, roles=[Role.ADMIN])


# The key of `after` that marks a reveal made by a subject-access export (`personal_data_export`): the
# audit shows it only to readers who may learn that denouncer or cannot read the export's side
# (casework.audit.selectors, Luật Tố cáo 2018 Đ.47 khoản 1).
SUBJECT_ACCESS_REVEAL = "subject_access"
# The deadline policy's subject and steps of a request (workflows migrations 0027, 0029, 0030): the
# acknowledgement, the answer by the right asked, and the answer's one extension at most (a rule row whose
# days are the cap; no clock runs on it).
SUBJECT_REQUEST_SUBJECT = "subject_request"
ACKNOWLEDGE = "sar_acknowledge"
ANSWER_STEPS = {
    SubjectRight.ACCESS: "sar_answer_access",
    SubjectRight.CORRECT: "sar_answer_access",
    SubjectRight.DELETE: "sar_answer_delete",
    SubjectRight.RESTRICT: "sar_answer_stop",
    SubjectRight.OBJECT: "sar_answer_stop",
    SubjectRight.WITHDRAW_CONSENT: "sar_answer_stop",
}
EXTENSION_STEPS = {
    "sar_answer_access": "sar_extend_access",
    "sar_answer_stop": "sar_extend_stop",
    "sar_answer_delete": "sar_extend_delete",
}
# What stands for the requester once the register's period has erased them.
REQUESTER_DESTROYED = "[đã hủy]"


def subject_requests_for_user(*, user: Any) -> QuerySet[SubjectAccessRequest]:
    """The requests of data subjects received by the units whose requests the user carries (SUBJECT_REQUEST_ROLES
    held there or above, or an administrator), newest first, each with the due day of its running acknowledgement and answer clocks
    (`ack_due`, `answer_due`) and whether one of them ran out (`late`)."""
    from django.db.models import CharField, Exists, OuterRef, Subquery
    from django.db.models.functions import Cast

    from casework.org.selectors import scope_q
    from workflows.models import Deadline
    from workflows.services.deadlines import STOPPABLE

    clocks = Deadline.objects.filter(
        target_type=SUBJECT_REQUEST_TARGET,
        target_id=Cast(OuterRef("pk"), output_field=CharField()),
        status__in=STOPPABLE,
    )
    return (
        SubjectAccessRequest.objects.filter(scope_q(user=user, roles=SUBJECT_REQUEST_ROLES, prefix="unit__"))
        .select_related("unit")
        .annotate(
            ack_due=Subquery(clocks.filter(step="sar_acknowledge").values("due_on")[:1]),
            answer_due=Subquery(clocks.exclude(step="sar_acknowledge").values("due_on")[:1]),
            late=Exists(clocks.filter(status=Deadline.Status.BREACHED)),
        )
        .order_by("-received_on", "-pk")
    )


def subject_request_get_for_user(*, user: Any, pk: int) -> SubjectAccessRequest:
    """One request the user administers; any other (another unit's, or none) is 404, never 403."""
    from django.http import Http404

    request = subject_requests_for_user(user=user).filter(pk=pk).first()
    if request is None:
        raise Http404
    return request


def subject_request_actions(*, user: Any, request: SubjectAccessRequest) -> list[str]:
    """What `user` may do to the request now: the one rule the page, the API and the services read."""
    from casework.org.selectors import user_has_role

    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return []
    if not user_has_role(user=user, roles=SUBJECT_REQUEST_ROLES, unit=request.unit):
        return []
    if request.status not in ("received", "acknowledged"):
        return []
    actions = ["acknowledge"] if request.status == "received" else []
    # The export reads the letters, visits and accounts of the units whose requests the user carries.
    actions += ["answer", "refuse", "withdraw", "export"]
    # Nghị định 356/2025/NĐ-CP Điều 5: the longer limit when a third party must act, chosen before the one
    # extension (which counts from the limit it moves); the extension once.
    if request.extension_days is None:
        actions += ["extend"] if request.third_party else ["third_party", "extend"]
    return actions


def subject_request_requester(request: SubjectAccessRequest) -> dict[str, str]:
    """The requester as recorded (name, phone, e-mail, identity paper's number, what they asked): for
    the administrators who may act on the request, and for its export."""
    from casework.cases.identity import identity_decrypt

    fields = ("full_name", "phone", "email", "id_number", "content")
    if request.personal_data_destroyed_at is not None:
        return dict.fromkeys(fields, REQUESTER_DESTROYED)
    who = identity_decrypt(request.requester_ciphertext, case=None)
    return {key: str(who.get(key, "")) for key in fields}


@dataclass(frozen=True)
class HoldRow:
    """A legal hold on a request as its page lists it: the hold (reason, who placed it, when, when released)
    and who released it (from the release's audit event; None while in force)."""

    hold: LegalHold
    released_by: Any


def subject_request_holds(request: SubjectAccessRequest) -> list[HoldRow]:
    """The legal holds placed on the request, in force or released, newest first: for whoever may see the
    request (`subject_request_get_for_user`), who learns why its requester outlives the register's period."""
    from casework.audit.models import AuditEvent

    releases = AuditEvent.objects.filter(
        action="privacy.legal_hold_release", target_type=SUBJECT_REQUEST_TARGET, target_id=str(request.pk)
    ).select_related("actor")
    released_by = {event.after.get("hold"): event.actor for event in releases}
    holds = LegalHold.objects.filter(subject_request=request).select_related("placed_by").order_by("-placed_at", "-pk")
    return [HoldRow(hold=hold, released_by=released_by.get(hold.pk)) for hold in holds]


def subject_request_clocks(request: SubjectAccessRequest) -> list[Any]:
    """The request's clocks, acknowledgement first, each with the policy row it is counted by."""
    from workflows.models import Deadline

    return list(
        Deadline.objects.filter(target_type=SUBJECT_REQUEST_TARGET, target_id=str(request.pk))
        .select_related("rule__version")
        .order_by("pk")
    )


def subject_request_extension_rule(request: SubjectAccessRequest) -> Any:
    """The policy row that caps the answer's one extension (Nghị định 356/2025/NĐ-CP Điều 5: at most 10, 15
    or 20 days by the right asked), in the policy version the request's clocks were opened under: a
    request keeps the version it started under, whatever an administrator's newer version says. None for
    a request without clocks."""
    from workflows.models import Deadline
    from workflows.services.policy import rule_get

    answer_step = ANSWER_STEPS[SubjectRight(request.right)]
    opened = (
        Deadline.objects.filter(
            target_type=SUBJECT_REQUEST_TARGET, target_id=str(request.pk), step=answer_step, rule__isnull=False
        )
        .select_related("rule__version")
        .order_by("pk")
        .first()
    )
    if opened is None or opened.rule is None:
        return None
    return rule_get(version=opened.rule.version, subject=SUBJECT_REQUEST_SUBJECT, step=EXTENSION_STEPS[answer_step])


def subject_request_summary(target_id: str) -> dict[str, str]:
    """How a notice (a reminder, a breach) names a request: its reference and the right asked, never its
    requester; it leads to the request's page."""
    from django.urls import reverse
    from django.utils.translation import gettext

    request = SubjectAccessRequest.objects.filter(pk=int(target_id)).first()
    if request is None:
        return {}
    return {
        "title": gettext("Yêu cầu của chủ thể dữ liệu %(ref)s (%(right)s)")
        % {"ref": request.reference, "right": request.get_right_display()},
        "url": reverse("privacy:request_detail", args=[request.pk]),
        "reference": request.reference,
    }


def subject_request_not_told(target_id: str) -> set[int]:
    """The committee chairs a request's clock would tell who do not carry its unit's requests: a request is
    seen only by who carries them (SUBJECT_REQUEST_ROLES)."""
    from casework.org.selectors import nearest_with_role, user_has_role

    request = SubjectAccessRequest.objects.filter(pk=int(target_id)).select_related("unit").first()
    if request is None:
        return set()
    chairs = nearest_with_role(unit=request.unit, roles=[Role.COMMITTEE_CHAIR])
    return {u.pk for u in chairs if not user_has_role(user=u, roles=SUBJECT_REQUEST_ROLES, unit=request.unit)}
