"""Reads of the audit trail, always scoped to the reader's units."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Model, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext

from casework.audit.labels import action_codes_matching
from casework.audit.models import AuditEvent
from casework.audit.references import objects_named
from casework.audit.services import target_ref
from casework.org.models import Role, Unit
from casework.org.selectors import scope_q, unit_is_visible, user_has_role
from casework.search.text import fold
from core.errors import OutOfScope, ValidationFailed
from core.reading import page_reading

AUDIT_ROLES = (Role.AUDITOR, Role.ADMIN)


def audit_event_list(*, user, roles=AUDIT_ROLES) -> QuerySet[AuditEvent]:
    """Events of units the user may audit, newest first.

    Events with no unit (failed sign-ins of unknown names, system events) are read by
    superusers and administrators only. The events of an escalation the user may not open are hidden, or
    carry `details_withheld` (workflows.selectors.escalation_events_unread_q, the rule of a target's timeline):
    an administrator who neither reads nor decides the escalations of a unit audits its trail without them.
    """
    from workflows.selectors import escalation_events_unread_q

    q = scope_q(user=user, roles=roles, prefix="unit__")
    if not user.is_superuser and not user_has_role(user=user, roles=[Role.ADMIN]):
        q &= Q(unit__isnull=False)
    elif not user.is_superuser:
        q |= Q(unit__isnull=True)
    with page_reading():  # the cases the user is recused from, read once for the rules built from them
        hidden, withheld = escalation_events_unread_q(user=user)
        return (
            AuditEvent.objects.filter(q)
            .exclude(_hidden_q(user))
            .exclude(hidden)
            .annotate(details_withheld=Case(When(withheld, then=Value(True)), default=Value(False)))
            .select_related("actor", "unit")
            .order_by("-seq")
        )


def _hidden_q(user: Any) -> Q:
    """Events in the user's scope that they still may not read, whichever page or API lists them: those of
    what they are recused from, the reveals of a subject-access export they may not learn, and the events
    recorded about an escalation they may not open (workflows.selectors.escalation_record_events_unread_q)."""
    from workflows.selectors import escalation_record_events_unread_q

    return _recused_q(user) | _subject_access_reveals_q(user) | escalation_record_events_unread_q(user=user)


def _recused_q(user: Any) -> Q:
    """Events of cases the user is recused from and of everything that belongs to them (a flag raised from
    one, a measure of its conclusion and its reports, a discipline proceeding, an escalation, a paper, a file:
    casework.cases.recusal.case_objects_recused_q): for them the case does not exist."""
    from casework.cases.recusal import case_objects_recused_q

    return case_objects_recused_q(user=user)


def _subject_access_reveals_q(user: Any) -> Q:
    """The reveals a subject-access export made (`personal_data_export`, marked SUBJECT_ACCESS_REVEAL) of
    denouncers the user may not learn, when the user reads the other side of that export.

    Such a reveal has the export's actor, moment and ground (the request's reference) and follows its event
    in the chain; the export's event and the request name the person. Whoever reads both learns that this
    person denounced that case, which only those the resolver's rule allows may know (Luật Tố cáo 2018 Đ.47
    khoản 1, Đ.48 khoản 1; QĐ 05/QĐ-TLĐ): `can_reveal_identity`, `can_reveal_visitor`. The export's side is
    read by every administrator (its event has no unit) and by whoever carries subject requests
    (SUBJECT_REQUEST_ROLES, `subject_requests_for_user`); to them such a reveal is not shown. Everyone
    else in scope reads it as any reveal: the auditors see that the identity was read, by whom and why,
    and cannot read the person it answered.
    """
    from casework.cases.models import Case
    from casework.cases.permissions import can_reveal_identity
    from casework.privacy.selectors import SUBJECT_ACCESS_REVEAL, SUBJECT_REQUEST_ROLES
    from casework.reception.models import ReceptionEntry
    from casework.reception.permissions import can_reveal_visitor
    from casework.reception.selectors import VISIT_TARGET

    if not user_has_role(user=user, roles=SUBJECT_REQUEST_ROLES):
        return Q(pk__in=[])
    # The marker read in the event's hashed text (canonical JSON: compact, a string's quotes escaped, so no
    # text typed by anyone reads as it), on both databases: `after` is a text column, no JSON path lookup.
    reveals = AuditEvent.objects.filter(
        action__in=["case.identity_reveal", "reception.visitor_reveal"],
        canonical__contains=f'"{SUBJECT_ACCESS_REVEAL}":true',
    )
    case_ids = reveals.filter(target_type="cases.case").values_list("target_id", flat=True)
    visit_ids = reveals.filter(target_type=VISIT_TARGET).values_list("target_id", flat=True)
    cases = Case.objects.filter(pk__in=[int(i) for i in set(case_ids)]).select_related("unit")
    visits = ReceptionEntry.objects.filter(pk__in=[int(i) for i in set(visit_ids)]).select_related(
        "case__unit", "session__unit"
    )
    hidden_cases = [str(case.pk) for case in cases if not can_reveal_identity(case, user)]
    hidden_visits = [str(visit.pk) for visit in visits if not can_reveal_visitor(user, visit)]
    hidden = reveals.filter(
        Q(target_type="cases.case", target_id__in=hidden_cases)
        | Q(target_type=VISIT_TARGET, target_id__in=hidden_visits)
    )
    return Q(pk__in=hidden.values("pk"))


def audit_events_for(*, target_type: str, target_id) -> QuerySet[AuditEvent]:
    """Every event of one target, unscoped: for services; pages use `audit_timeline`."""
    return AuditEvent.objects.filter(target_type=target_type, target_id=str(target_id)).order_by("seq")


def audit_timeline(*, user, target_type: str, target_id: Any) -> list[AuditEvent]:
    """The events of one case, inspection, flag... that the user may see, oldest first.

    An event is visible when its unit lies in the subtree of any of the user's roles. Nothing
    visible (no such target, or another unit's) raises OutOfScope: the page answers 404.
    The events of an escalation the user may not open are hidden, or carry `details_withheld`: shown
    without their reason and values (workflows.selectors.escalation_events_unread, decided on the rows read).
    The events are read in one query: the target's in scope, less those the user may not read (`_hidden_q`).
    """
    from workflows.selectors import escalation_events_unread

    events = (
        AuditEvent.objects.filter(target_type=target_type, target_id=str(target_id))
        .filter(scope_q(user=user, roles=None, prefix="unit__"))
        .select_related("actor", "unit")
        .order_by("seq")
    )
    if not user.is_superuser:
        events = events.filter(unit__isnull=False)
    with page_reading():  # the cases the user is recused from, read once for the rules built from them
        read = list(events.exclude(_hidden_q(user)))
        if not read:
            raise OutOfScope(gettext("Không tìm thấy nhật ký của đối tượng này."))
        hidden, withheld = escalation_events_unread(
            user=user, target_type=target_type, events=((e.pk, e.action, e.after) for e in read)
        )
    shown = [e for e in read if e.pk not in hidden]
    for event in shown:
        event.details_withheld = event.pk in withheld  # type: ignore[attr-defined]
    return shown


def audit_timeline_for(*, user, target: Model) -> list[AuditEvent]:
    target_type, target_id = target_ref(target)
    return audit_timeline(user=user, target_type=target_type, target_id=target_id)


@dataclass(frozen=True)
class AuditSearchFilters:
    actor: str = ""
    unit: str = ""
    action: str = ""
    target_type: str = ""
    target_id: str = ""
    target: str = ""  # what a reader calls the object: TC-2026-00019, DH-00015, a person's name
    date_from: str = ""
    date_to: str = ""


DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")


def _parse_bound(text: str, *, field: str, label: str, end: bool) -> tuple[dt.datetime, bool] | None:
    """A day (dd/mm/yyyy or yyyy-mm-dd) covers the whole local day; an ISO instant is exact.

    Returns (instant, inclusive) or None when empty.
    """
    text = text.strip()
    if not text:
        return None
    for fmt in DATE_FORMATS:
        try:
            day = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if end:
            return _start_of(day + dt.timedelta(days=1)), False
        return _start_of(day), True
    try:
        instant = dt.datetime.fromisoformat(text)
    except ValueError:
        raise ValidationFailed(
            {
                field: gettext(
                    "%(label)s: ngày không hợp lệ «%(text)s» (dùng dd/mm/yyyy, yyyy-mm-dd hoặc yyyy-mm-ddTHH:MM)."
                )
                % {"label": label, "text": text}
            }
        ) from None
    if timezone.is_naive(instant):
        instant = timezone.make_aware(instant)
    return instant, True


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_event_search(*, user, filters: AuditSearchFilters) -> QuerySet[AuditEvent]:
    """Audit search for auditors: by actor (user name or person's name), unit (and its subtree),
    action (code prefix or words of its label, "Xem danh tính"), object (its reference or name,
    casework.audit.references.objects_named) and days.

    Everything narrows `audit_event_list`, so scope and recusal hold whatever is typed; an object
    out of scope and an unknown one both give no events. Bad values raise ValidationFailed naming
    the field; a unit outside the user's audit scope is refused like an unknown one.
    """
    errors: dict[str, str] = {}
    events = audit_event_list(user=user)
    if filters.actor.strip():
        who = filters.actor.strip()
        # A name typed without its accents finds the person too (casework.search.text.fold); the label an
        # event keeps of an actor no longer in the directory is matched as typed.
        events = events.filter(
            Q(actor__username__iexact=who) | Q(actor__name_folded__contains=fold(who)) | Q(actor_label__icontains=who)
        )
    if filters.unit.strip():
        code = filters.unit.strip()
        # By its code, or its whole name typed with or without accents, in any case (as the search box reads names).
        unit = Unit.objects.filter(Q(code=code) | Q(name_folded=fold(code))).order_by("pk").first()
        if unit is None or not unit_is_visible(user=user, unit=unit, roles=AUDIT_ROLES):
            errors["unit"] = gettext(
                "Đơn vị: không có đơn vị mã hoặc tên «%(code)s» trong phạm vi giám sát của bạn."
            ) % {"code": code}
        else:
            events = events.filter(unit__path__startswith=unit.path)
    if filters.action.strip():
        text = filters.action.strip()
        events = events.filter(Q(action__startswith=text) | Q(action__in=action_codes_matching(text)))
    if filters.target.strip():
        try:
            named = objects_named(filters.target, reader=user, roles=AUDIT_ROLES)
        except ValidationFailed as exc:  # a name that finds too many people or units
            errors.update({k: v[0] for k, v in exc.fields.items()})
            named = []
        matching = Q(pk__in=[])
        for target_type, target_id in named:
            matching |= Q(target_type=target_type, target_id=target_id)
        events = events.filter(matching)
    if filters.target_type.strip():
        events = events.filter(target_type=filters.target_type.strip())
    if filters.target_id.strip():
        events = events.filter(target_id=filters.target_id.strip())
    lower = upper = None
    try:
        lower = _parse_bound(filters.date_from, field="date_from", label=gettext("Từ ngày"), end=False)
    except ValidationFailed as exc:
        errors.update({k: v[0] for k, v in exc.fields.items()})
    try:
        upper = _parse_bound(filters.date_to, field="date_to", label=gettext("Đến ngày"), end=True)
    except ValidationFailed as exc:
        errors.update({k: v[0] for k, v in exc.fields.items()})
    if lower and upper and upper[0] < lower[0]:
        errors["date_to"] = gettext("Đến ngày: phải không sớm hơn «Từ ngày».")
    if errors:
        raise ValidationFailed(errors)
    if lower:
        events = events.filter(at__gte=lower[0])
    if upper:
        events = events.filter(at__lte=upper[0]) if upper[1] else events.filter(at__lt=upper[0])
    return events
