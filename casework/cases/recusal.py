"""Recusal: who is excluded from a case altogether (it does not exist for them).

The person denounced or complained about (linked as a user, or named in the case's field, among
whoever else it names, and holding a role in the unit denounced: `person_keys`) and the holders of leadership roles in the unit denounced may not read, act on,
be told about or decide a case about themselves (Luật Tố cáo 2018 Đ.9 k1b, Đ.47; Luật Khiếu nại
2011 Đ.9; QĐ 05/QĐ-TLĐ on keeping the denouncer safe from those denounced).

`case_recused_q` is AND-ed (negated) into `case_visible_q`, the one scoping rule of every case
read; `case_recusal_reason` answers for one case and one user (permissions, decision makers,
the chair's explanation); `case_recused_user_ids` lists the people a notification must skip.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from collections.abc import Callable
from functools import reduce
from typing import Any

from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.utils.translation import gettext

from casework.org.models import Role, RoleAssignment
from casework.search.text import tone_marks_placed
from core import clock

# Leadership of the unit denounced: its standing and executive committees and its inspection chair.
RECUSED_LEADERSHIP_ROLES = (Role.BTV_MEMBER, Role.BCH_MEMBER, Role.COMMITTEE_CHAIR)

# Forms of address that letters put before a name ("Ông Đỗ Văn Bị", "đ/c Lê Thị C").
_HONORIFICS = ("đồng chí", "đ/c", "ông", "bà", "anh", "chị", "cô", "chú")


# What a letter puts between the people it names and their roles: "Ông A, Chủ tịch CĐCS", "A (kế toán)",
# "A - thủ quỹ", "A – thủ quỹ", "A và B", "A; B", "A & B", "A/B", "Kế toán: A", "Chủ tịch CĐCS ông A"
# (before "ông", "bà", "đồng chí", "đ/c" only: "Anh", "Cô"… are also parts of names).
_SEGMENTS = re.compile(r"[,;/:()\[\]&–—]| -|- | và | (?=(?:ông|bà|đồng chí) )")
_COMRADE = re.compile(r"(?<!\w)đ/c(?!\w)")
# Stored between the keys of one case (`subject_person_keys_joined`): never inside a key.
_KEY_DELIMITER = "|"


def person_key(name: str) -> str:
    """A person's name for matching: NFC, its tone marks where the school placement puts them ("Hòa" and
    "Hoà" are one name, `tone_marks_placed`), case-folded, spaces collapsed, forms of address dropped."""
    text = unicodedata.normalize("NFC", (name or "").replace(_KEY_DELIMITER, " "))
    text = " ".join(tone_marks_placed(text).casefold().split())
    for honorific in _HONORIFICS:
        if text.startswith(honorific + " "):
            text = text[len(honorific) + 1 :]
            break
    return text


def person_keys(text: str) -> list[str]:
    """The name keys (`person_key`) of everyone a "person denounced or complained about" field names: the
    text cut at commas, semicolons, slashes, colons, brackets, "&", dashes (a hyphen beside a space), the word
    "và" and before "ông", "bà", "đồng chí" within it.
    A segment naming a role ("Chủ tịch CĐCS") is nobody's name, and recusal by name only looks at the
    holders of a role in the unit concerned."""
    folded = _COMRADE.sub("đồng chí", " ".join(unicodedata.normalize("NFC", text or "").casefold().split()))
    keys = (person_key(segment.strip(" .\"“”'")) for segment in _SEGMENTS.split(folded))
    return sorted({key for key in keys if key})


def subject_person_keys_joined(text: str) -> str:
    """`person_keys` as stored on the case ("|key1|key2|", "" for none), so that one `LIKE '%|key|%'`
    (`__contains`) finds a name among them on SQLite and PostgreSQL alike."""
    keys = person_keys(text)
    return f"{_KEY_DELIMITER}{_KEY_DELIMITER.join(keys)}{_KEY_DELIMITER}" if keys else ""


def _named(*, case: Any, key: str) -> bool:
    return bool(key) and f"{_KEY_DELIMITER}{key}{_KEY_DELIMITER}" in (case.subject_person_keys or "")


def _assignments(user: Any) -> list[Any]:
    from casework.org.selectors import active_assignments

    return active_assignments(user=user)


def case_recused_q(*, user: Any) -> Q:
    """Cases `user` is recused from (to be excluded: `~case_recused_q(user=…)`)."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    assignments = _assignments(user)
    led = sorted({ra.unit_id for ra in assignments if ra.role in RECUSED_LEADERSHIP_ROLES})
    held = sorted({ra.unit_id for ra in assignments})
    q = Q(subject_user_id=user.pk)
    if led:
        q |= Q(subject_unit_id__in=led)
    key = person_key(getattr(user, "full_name", ""))
    if key and held:
        q |= Q(subject_person_keys__contains=f"{_KEY_DELIMITER}{key}{_KEY_DELIMITER}", subject_unit_id__in=held)
    return q


# The objects of other apps that belong to a case (a flag raised from it, a measure of its conclusion...), and
# the records about any object (a paper, a file, an escalation): whoever is recused from the case is recused
# from them too (Luật Tố cáo 2018 Đ.47 khoản 1: for them the case does not exist, nor what came from it).
CASE_TARGET = "cases.case"
CaseObjects = Callable[[QuerySet], QuerySet]
RecordsAbout = Callable[[Q], QuerySet]
_case_objects: dict[str, CaseObjects] = {}
_records_about: dict[str, RecordsAbout] = {}


def register_case_objects(target_type: str, fn: CaseObjects) -> None:
    """`fn(cases)`: the ids, as text, of the objects of `target_type` that belong to one of `cases`."""
    _case_objects[target_type] = fn


def register_records_about(target_type: str, fn: RecordsAbout) -> None:
    """`fn(about)`: the ids, as text, of the records of `target_type` whose (target_type, target_id) matches
    `about`: the records about a case or about an object of a case (register_case_objects)."""
    _records_about[target_type] = fn


def discipline_proceedings_of_cases(cases: QuerySet) -> QuerySet:
    """The discipline proceedings on one of `cases` or on a flag raised from one of them, as text ids."""
    from casework.cases.models import DisciplineProceeding

    case_ids = cases.annotate(ref=Cast("pk", CharField())).values("ref")
    on = Q(case__in=cases.values("pk")) | Q(flag__source_type=CASE_TARGET, flag__source_id__in=case_ids)
    return DisciplineProceeding.objects.filter(on).annotate(ref=Cast("pk", CharField())).values("ref")


def case_ids_recused(*, user: Any) -> list[int]:
    """The pks of the cases `user` is recused from (`case_recused_q`): one query, read once within a page's
    reading (core.reading)."""
    from casework.cases.models import Case
    from core.reading import read_once

    if not getattr(user, "is_authenticated", False):
        return []
    return read_once(
        ("cases_recused", user.pk),
        lambda: sorted(Case.objects.filter(case_recused_q(user=user)).values_list("pk", flat=True)),
    )


def _cases_recused(user: Any) -> list[int] | QuerySet:
    """The cases the rules below are built from: within a page's reading, their pks read once
    (`case_ids_recused`), so that a reader recused from no case gets a rule with nothing to compile; outside
    one, the cases as a subquery of the rows' own query (no query of its own)."""
    from casework.cases.models import Case
    from core.reading import reading

    if reading():
        return case_ids_recused(user=user)
    return Case.objects.filter(case_recused_q(user=user))


def case_own_objects_recused_q(*, user: Any) -> Q:
    """Rows that name by (target_type, target_id) a case `user` is recused from or an object of such a case
    (`register_case_objects`), not the records about them: the rule of the rows that are themselves records
    about a case or its objects (an escalation). Built as subqueries (`_cases_recused`); none for a reader
    known to be recused from no case: then it matches no row (its exclusion keeps every row)."""
    return _own_objects_q(_cases_recused(user))


def _own_objects_q(recused: list[int] | QuerySet) -> Q:
    from casework.cases.models import Case

    if isinstance(recused, list):
        if not recused:
            return Q(pk__in=[])
        cases = Case.objects.filter(pk__in=recused)
        objects = Q(target_type=CASE_TARGET, target_id__in=[str(pk) for pk in recused])
    else:
        cases = recused
        objects = Q(target_type=CASE_TARGET, target_id__in=cases.annotate(ref=Cast("pk", CharField())).values("ref"))
    for target_type, fn in _case_objects.items():
        objects |= Q(target_type=target_type, target_id__in=fn(cases))
    return objects


def case_objects_recused_q(*, user: Any) -> Q:
    """Rows that name by (target_type, target_id) a case `user` is recused from, an object
    of such a case (`register_case_objects`: a flag raised from it, a measure of its conclusion, a report on
    that measure, a discipline proceeding on it or on such a flag), a record about any of them
    (`register_records_about`: an escalation, a paper, a file) or a record about such a record (a file
    attached to a paper of the case, a paper about an escalation of its flag): to be excluded. The one rule of
    every read that lists rows naming their object so (the audit trail, the outgoing register, the files'
    administration). Built as subqueries (`_cases_recused`): the rows it filters cost no further query; for a
    reader known to be recused from no case it matches no row."""
    recused = _cases_recused(user)
    objects = _own_objects_q(recused)
    if isinstance(recused, list) and not recused:
        return objects
    records = {target_type: about(objects) for target_type, about in _records_about.items()}
    rule = objects
    for target_type, about in _records_about.items():
        # About an object, or about a record of another kind about one (a file of a paper): one subquery.
        of_records = [Q(target_type=other, target_id__in=ids) for other, ids in records.items() if other != target_type]
        rule |= Q(target_type=target_type, target_id__in=about(reduce(operator.or_, of_records, objects)))
    return rule


def case_recusal_reason(*, case: Any, user: Any) -> str:
    """Why `user` is recused from `case`; "" when they are not."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    if case.subject_user_id and case.subject_user_id == user.pk:
        return gettext("người này là người bị khiếu nại, tố cáo")
    if not case.subject_unit_id:
        return ""
    in_subject_unit = [ra for ra in _assignments(user) if ra.unit_id == case.subject_unit_id]
    led = [ra for ra in in_subject_unit if ra.role in RECUSED_LEADERSHIP_ROLES]
    if led:
        return gettext("người này giữ chức vụ lãnh đạo (%(role)s) tại đơn vị bị khiếu nại, tố cáo") % {
            "role": led[0].get_role_display()
        }
    key = person_key(getattr(user, "full_name", ""))
    if in_subject_unit and _named(case=case, key=key):
        return gettext("người này trùng họ tên với người bị khiếu nại, tố cáo tại đơn vị bị khiếu nại, tố cáo")
    return ""


def case_recused_user_ids(*, case: Any) -> set[int]:
    """Everyone recused from `case`: the people its notifications and choices must skip; read once per
    case within a page's reading (core.reading), whose forms and lists of people each skip them."""
    from core.reading import read_once

    return set(read_once(("recused", case.pk), lambda: cases_recused_user_ids(cases=[case])[case.pk]))


def cases_recused_user_ids(*, cases: list[Any]) -> dict[int, set[int]]:
    """case pk → everyone recused from it (case_recused_user_ids), for several cases in one query."""
    found: dict[int, set[int]] = {case.pk: {case.subject_user_id} if case.subject_user_id else set() for case in cases}
    units = {case.subject_unit_id for case in cases if case.subject_unit_id}
    if not units:
        return found
    holders: dict[int, list[tuple[int, str, str]]] = {}
    rows = RoleAssignment.objects.active_on(clock.today()).filter(unit_id__in=units)
    for unit_id, user_id, role, full_name in rows.values_list("unit_id", "user_id", "role", "user__full_name"):
        holders.setdefault(unit_id, []).append((user_id, role, full_name))
    for case in cases:
        if not case.subject_unit_id:
            continue
        for user_id, role, full_name in holders.get(case.subject_unit_id, []):
            if role in RECUSED_LEADERSHIP_ROLES or _named(case=case, key=person_key(full_name)):
                found[case.pk].add(user_id)
    return found


def case_recused_people(*, case: Any) -> list[tuple[Any, str]]:
    """Who is recused from `case` and why, for the chair who assigns and approves."""
    from casework.org.models import User

    ids = case_recused_user_ids(case=case)
    people = User.objects.filter(pk__in=ids).order_by("full_name", "username")
    return [(person, case_recusal_reason(case=case, user=person) or "") for person in people]
