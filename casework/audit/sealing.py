"""Which case's key seals the personal data of an event about another object.

An event about a case is sealed under the case's own key (casework.cases.identity.case_audit_seal).
An object that belongs to a case registers here how to find it (from its AppConfig.ready()): a
measure of a denunciation's conclusion is the case's, so the free texts of its events (a return's
reason, a leadership's direction, an escalation's reason and proposal) enter the chain only under
that case's key, and destroying the key at the end of the case's retention period makes them
unreadable with the case's own (Luật Bảo vệ dữ liệu cá nhân 2025 Đ.14 khoản 3; Luật Tố cáo 2018 Đ.47). Nobody
else's events change. The event keeps no case id in clear: the unit that must act reads the
measure's trail and may not learn which case it was; readers find the case through the object.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

_case_of: dict[str, Callable[[str], int | None]] = {}
_of_case: dict[str, Callable[[int], Iterable[int | str]]] = {}


def register_case_of_target(
    target_type: str, fn: Callable[[str], int | None], *, of_case: Callable[[int], Iterable[int | str]]
) -> None:
    """`fn(target_id)` gives the id of the case whose key seals the object's events, or None;
    `of_case(case_id)` the ids of the objects of this type that belong to that case (what the
    erasure of the case's personal data reaches, casework.privacy)."""
    _case_of[target_type] = fn
    _of_case[target_type] = of_case


def sealing_case_id(target_type: str, target_id: str) -> int | None:
    """The case whose key seals an event about this object other than a case (None: not sealed)."""
    fn = _case_of.get(target_type)
    return fn(str(target_id)) if fn is not None else None


def case_of_target(target_type: str, target_id: str) -> int | None:
    """The case an object belongs to: the case itself, or the one its app registered (a measure of
    a case's conclusion, a report on that measure); None for an object of no case. What is true of
    a case's records (personal data only under its key, erased with it) is true of the files
    attached to any of them (Luật Tố cáo 2018 Đ.47 khoản 1; Luật Bảo vệ dữ liệu cá nhân 2025 Đ.14 khoản 3)."""
    if target_type == "cases.case":
        return int(target_id) if str(target_id).isdigit() else None
    return sealing_case_id(target_type, target_id)


def case_targets(case_id: int) -> dict[str, list[str]]:
    """Every object of the case by type (the inverse of case_of_target): the case itself and the
    objects of each registered type that belong to it, with their ids as the files and the audit
    trail name them."""
    found = {"cases.case": [str(case_id)]}
    for target_type, of_case in _of_case.items():
        found[target_type] = [str(pk) for pk in of_case(case_id)]
    return found
