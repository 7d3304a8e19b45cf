"""Audit events as readable Vietnamese lines: who, what, when, why, and which values changed."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.audit.labels import (
    action_label,
    actor_display,
    field_label,
    reason_template,
    reference_model,
    value_label,
)
from casework.audit.models import AuditEvent
from casework.audit.references import (
    ObjectKey,
    object_key,
    object_key_reference,
    object_reference,
    object_references_ahead,
)
from casework.audit.sealing import sealing_case_id
from casework.org.models import Role
from core.reading import page_reading

EMPTY = "—"
DESTROYED = _("[đã hủy khi hết thời hạn lưu trữ]")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class TimelineEntry:
    seq: int
    at: dt.datetime
    who: str
    role: str
    action: str
    what: str
    why: str
    changes: list[Change]
    event: AuditEvent
    # A decision taken by an acting chair names the document appointing them (audit.services.DECISION_ACTIONS).
    acting: str = ""


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def format_value(value: Any, field: str = "", target_type: str = "", action: str = "") -> str:
    """A stored value as a reader sees it: coded values by their label, ids of people, units and
    cases by name or reference (casework.audit.labels, casework.audit.references), dates as dd/mm/yyyy.
    `action` is the event's, when the value is one of an event's (its keys may be labelled for it)."""
    if _is_empty(value):
        return EMPTY
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, list):
        return ", ".join(format_value(v, field, target_type, action) for v in value)
    if isinstance(value, dict):
        return "; ".join(
            f"{_key_label(field, str(k), target_type, action)}: {format_value(v, str(k), target_type, action)}"
            for k, v in value.items()
        )
    referenced = reference_model(field, target_type, action)
    if referenced and (isinstance(value, int) or (isinstance(value, str) and value.isascii() and value.isdigit())):
        return object_reference(referenced, value)
    if isinstance(value, str):
        label = value_label(field, value, target_type, action)
        if label is not None:
            return str(label)
        if referenced == "org.user":
            return object_reference(referenced, value)  # a username
        named = object_key_reference(value)
        if named is not None:
            return named
        if _DATE.match(value):
            try:
                return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
            except ValueError:  # free text that only looks like a date ("2026-02-29")
                return value
        if _DATETIME.match(value):
            try:
                moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                return value
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return moment.strftime("%d/%m/%Y %H:%M")
    return str(value)


def _value_keys(value: Any, field: str, target_type: str, action: str) -> Iterator[ObjectKey]:
    """The objects `format_value` names in `value`, by its branches: to read them all at once."""
    if value is None or value == "" or isinstance(value, bool):
        return
    if isinstance(value, list):
        for item in value:
            yield from _value_keys(item, field, target_type, action)
        return
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _value_keys(item, str(key), target_type, action)
        return
    referenced = reference_model(field, target_type, action)
    if referenced and (isinstance(value, int) or (isinstance(value, str) and value.isascii() and value.isdigit())):
        yield (referenced, str(value))
    elif isinstance(value, str) and value_label(field, value, target_type, action) is None:
        key = (referenced, value) if referenced == "org.user" else object_key(value)
        if key is not None:
            yield key


def _key_label(field: str, key: str, target_type: str, action: str = "") -> str:
    """A key inside a mapping value (a report's figures): its registered label, else a field's."""
    label = value_label(field, key, target_type, action)
    return str(label) if label is not None else field_label(key, target_type, action)


def _readable(event: AuditEvent, values: dict) -> dict:
    """Personal data sealed under the case's key (casework.cases.identity.seal; that of the case the
    event's object belongs to, casework.audit.sealing) shown in clear while the key lives, and as
    destroyed once the retention period has discarded it."""
    from casework.cases.identity import PersonalDataDestroyed, is_sealed, unseal
    from casework.cases.models import Case

    if not any(is_sealed(v) for v in values.values()):
        return values
    if event.target_type == "cases.case":
        case: Case | None = Case(pk=int(event.target_id))
    else:  # an object of a case (casework.audit.sealing): read only when something is sealed
        case_pk = sealing_case_id(event.target_type, event.target_id)
        case = Case(pk=case_pk) if case_pk is not None else None
    shown = dict(values)
    for key, value in values.items():
        if is_sealed(value):
            try:
                shown[key] = unseal(value, case=case) if case else DESTROYED
            except PersonalDataDestroyed:
                shown[key] = DESTROYED
    return shown


# The keys of an event's values that carry its reason as a code and parameters (`coded_reason`), shown as
# its reason rather than as changed values.
REASON_CODE, REASON_PARAMS = "reason_code", "reason_params"


def coded_reason(code: Any, params: Any, *, target_type: str = "", action: str = "") -> str | None:
    """A reason the system wrote as a code and its parameters (casework.audit.labels.register_reason_texts),
    in the reader's language: each parameter shown as a stored value of that name is (a step by its label,
    a unit by its name, a date as dd/mm/yyyy). None for no code, or one nobody registered."""
    template = reason_template(code) if isinstance(code, str) and code else None
    if template is None:
        return None
    params = params if isinstance(params, dict) else {}
    return str(template) % {key: format_value(value, key, target_type, action) for key, value in params.items()}


def event_reason(event: AuditEvent) -> str:
    """The event's reason as a reader sees it: one the system wrote as a code is put into the reader's
    language (`coded_reason`; the stored text is its words in the site's language); a case step's reason
    is sealed like its values."""
    from casework.cases.identity import is_sealed_text

    if isinstance(event.after, dict):
        coded = coded_reason(
            event.after.get(REASON_CODE),
            event.after.get(REASON_PARAMS),
            target_type=event.target_type,
            action=event.action,
        )
        if coded is not None:
            return coded
    if not is_sealed_text(event.reason):
        return event.reason
    return str(_readable(event, {"reason": {"sealed": event.reason}})["reason"])


def changes_of(event: AuditEvent) -> list[Change]:
    """The event's values that changed, each before and after as a reader sees it. A value empty on
    both sides (a field a new object was created without) says nothing and is left out."""
    before = _readable(event, event.before) if isinstance(event.before, dict) else {"": event.before}
    after = _readable(event, event.after) if isinstance(event.after, dict) else {"": event.after}
    keys = [
        k
        for k in [*before, *(k for k in after if k not in before)]
        if k not in (REASON_CODE, REASON_PARAMS) and not (_is_empty(before.get(k)) and _is_empty(after.get(k)))
    ]
    return [
        Change(
            field=key,
            label=field_label(key, event.target_type, event.action),
            before=format_value(before.get(key), key, event.target_type, event.action) if key in before else EMPTY,
            after=format_value(after.get(key), key, event.target_type, event.action) if key in after else EMPTY,
        )
        for key in keys
    ]


def _role_label(code: str) -> str:
    try:
        return str(Role(code).label)
    except ValueError:
        return code


def _event_keys(event: AuditEvent) -> Iterator[ObjectKey]:
    """The objects the event's line names: in its coded reason and its values (`changes_of`)."""
    kind, action = event.target_type, event.action
    for values in (event.before, event.after):
        if isinstance(values, dict):
            params = values.get(REASON_PARAMS)
            for key, value in (params if isinstance(params, dict) else {}).items():
                yield from _value_keys(value, key, kind, action)
            for key, value in _readable(event, values).items():
                if key not in (REASON_CODE, REASON_PARAMS):
                    yield from _value_keys(value, key, kind, action)
        else:
            yield from _value_keys(values, "", kind, action)


def withheld(event: AuditEvent) -> bool:
    """Whether the event is shown to its reader without its reason and values (casework.audit.selectors.
    audit_timeline's `details_withheld`)."""
    return bool(getattr(event, "details_withheld", False))


def timeline_entries(events: Iterable[AuditEvent]) -> list[TimelineEntry]:
    """The events as lines; the objects they name are read together first (one query per model,
    casework.audit.references.object_references_ahead), within the page's reading or one of their own. An
    event withheld from its reader (`withheld`) is its moment, its actor and what it is."""
    events = list(events)
    with page_reading():
        object_references_ahead(key for e in events if not withheld(e) for key in _event_keys(e))
        return _entries(events)


def _entries(events: list[AuditEvent]) -> list[TimelineEntry]:
    return [
        TimelineEntry(
            seq=e.seq,
            at=timezone.localtime(e.at),
            who=actor_display(e.actor_label),
            role=_role_label(e.actor_role) if e.actor_role else "",
            action=e.action,
            what=action_label(e.action),
            why="" if withheld(e) else event_reason(e),
            changes=[] if withheld(e) else changes_of(e),
            event=e,
            acting=str((e.meta or {}).get("acting_appointment", "")),
        )
        for e in events
    ]
