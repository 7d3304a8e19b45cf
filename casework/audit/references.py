"""Objects by the name a reader knows them by: a person by their name, a unit by its name, a case
by its reference (TC-2026-00019), never by a key such as `cases.case:49`.

Apps register how their objects are named when the default does not fit:

    register_object_display("workflows.deadline", lambda d: f"{d.step_label} ({d.due_on:%d/%m/%Y})")

The default is the object's `reference` when it has one, else its `str()` when its model defines
one, else the model's verbose name; an object that no longer exists reads as its model's name.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Model
from django.utils.text import capfirst

from casework.audit.labels import model_for
from core.reading import keep, read_once, reading, recall

ObjectKey = tuple[str, str]  # ("cases.case", "49")

OBJECT_KEY = re.compile(r"^(?P<type>[a-z_]+\.[a-z_]+):(?P<id>[\w-]+)$")

_displays: dict[str, Callable[[Any], str]] = {}
_lookups: list[Callable[[str], Iterable[ObjectKey]]] = []


def register_object_display(target_type: str, display: Callable[[Any], str]) -> None:
    _displays[target_type] = display


def register_reference_lookup(lookup: Callable[[str], Iterable[ObjectKey]]) -> None:
    """A function from what a reader types (a reference) to the objects it names exactly; the events
    found are scoped to the reader afterwards (audit_event_list)."""
    _lookups.append(lookup)


def _user_display(user: Any) -> str:
    return user.full_name or user.username


_displays.update({"org.user": _user_display, "org.unit": lambda unit: unit.name})


# How many people, and how many units, one name may find: past it the reader is asked for a more precise name.
NAMED_LIMIT = 50


def _people_and_units_named(text: str, *, reader: Any, roles: Iterable[str] | None) -> list[ObjectKey]:
    """The units in the reader's scope (units_visible_to, for `roles`) named `text` by name or code,
    by tree path then name, and the people named so among the reader and whoever holds or held a
    role in those units, by name; more than NAMED_LIMIT of either is refused (ValidationFailed on
    "target"), never cut short silently."""
    from django.db.models import Q
    from django.utils.translation import gettext

    from casework.org.models import RoleAssignment, User
    from casework.org.selectors import units_visible_to
    from casework.search.text import fold
    from core.errors import ValidationFailed

    # Accents and case ignored for a person's name and a unit's, as in the search box.
    named = Q(name_folded__contains=fold(text)) if fold(text) else Q(pk__in=[])
    in_scope = units_visible_to(user=reader, roles=roles)
    units = list(
        in_scope.filter(named | Q(code__iexact=text))
        .order_by("path", "name", "pk")
        .values_list("pk", flat=True)[: NAMED_LIMIT + 1]
    )
    holders = RoleAssignment.objects.filter(unit__in=in_scope).values("user_id")
    users = list(
        User.objects.filter(Q(pk=reader.pk) | Q(pk__in=holders))
        .filter(named | Q(username__iexact=text))
        .order_by("name_folded", "username", "pk")
        .values_list("pk", flat=True)[: NAMED_LIMIT + 1]
    )
    if len(units) > NAMED_LIMIT or len(users) > NAMED_LIMIT:
        raise ValidationFailed(
            {
                "target": gettext(
                    "Đối tượng: «%(text)s» khớp với quá nhiều người hoặc đơn vị (hơn %(limit)s), "
                    "vui lòng nhập tên cụ thể hơn."
                )
                % {"text": text, "limit": NAMED_LIMIT}
            }
        )
    return [("org.user", str(pk)) for pk in users] + [("org.unit", str(pk)) for pk in units]


def _display(obj: Model) -> str:
    target_type = obj._meta.label_lower
    if target_type in _displays:
        return str(_displays[target_type](obj))
    reference = getattr(obj, "reference", None)
    if isinstance(reference, str) and reference:
        return reference
    if type(obj).__str__ is not Model.__str__:
        return str(obj)
    return str(capfirst(obj._meta.verbose_name))


def _is_id(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) <= 18  # a primary key, within the database's range


def _absent(model: type[Model]) -> str:
    return str(capfirst(model._meta.verbose_name))


def object_references(keys: Iterable[ObjectKey]) -> dict[ObjectKey, str]:
    """Each (target_type, target_id) → how a reader names it, in one query per model."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for target_type, target_id in keys:
        wanted[target_type].add(str(target_id))
    shown: dict[ObjectKey, str] = {}
    for target_type, ids in wanted.items():
        model = model_for(target_type)
        if model is None:
            shown.update({(target_type, i): i for i in ids})
            continue
        objects = model._meta.default_manager
        assert objects is not None
        numeric = [int(i) for i in ids if _is_id(i)]
        found = {str(pk): _display(obj) for pk, obj in objects.in_bulk(numeric).items()}
        if target_type == "org.user" and len(found) < len(ids):  # events name some users by their username
            others = [i for i in ids if i not in found]
            found.update({getattr(u, "username", ""): _display(u) for u in objects.filter(username__in=others)})
        # An id that no longer exists reads as its model's name; a text that names no object (a signer's
        # name stored as written) reads as it is.
        shown.update({(target_type, i): found.get(i, _absent(model) if _is_id(i) else i) for i in ids})
    return shown


def object_reference(target_type: str, target_id: Any) -> str:
    """How a reader names one object; within a page's reading (core.reading) each is read once."""
    key = (target_type, str(target_id))
    return read_once(("reference", *key), lambda: object_references([key])[key])


def object_references_ahead(keys: Iterable[ObjectKey]) -> None:
    """Within a page's reading (core.reading), read the objects a page is about to name in one query
    per model, so that `object_reference` finds each of them read; outside one, nothing."""
    if not reading():
        return
    unread = {(t, str(i)) for t, i in keys}
    unread = {key for key in unread if recall(("reference", *key)) is None}
    for key, name in object_references(unread).items():
        keep(("reference", *key), name)


def object_key(text: str) -> ObjectKey | None:
    """ "cases.case:49" → ("cases.case", "49"); None when `text` is no object key of a known model."""
    match = OBJECT_KEY.match(text)
    if match is None or model_for(match["type"]) is None:
        return None
    return (match["type"], match["id"])


def object_key_reference(text: str) -> str | None:
    """ "cases.case:49" → "TC-2026-00019"; None when `text` is no object key of a known model."""
    key = object_key(text)
    return None if key is None else object_reference(*key)


def objects_named(text: str, *, reader: Any, roles: Iterable[str] | None = None) -> list[ObjectKey]:
    """The objects `reader` means by `text` (a case's reference, a flag's DH-…, a person's name), people
    and units looked for only within the reader's scope for `roles` (_people_and_units_named, which
    refuses a name that finds too many)."""
    text = text.strip()
    if not text:
        return []
    match = OBJECT_KEY.match(text)
    if match is not None:
        return [(match["type"], match["id"])]
    found = _people_and_units_named(text, reader=reader, roles=roles)
    for lookup in _lookups:
        found.extend(lookup(text))
    return found
