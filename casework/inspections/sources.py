"""Where a flag came from, as its reader may follow it.

A flag raised by a record's own step names that record (source_type, source_id). Its reader follows
it (a link on the page, the id in the API) only when the record's own rule lets them see it: a
supervision's (supervision selectors), a case's (cases selectors, recusal included). Otherwise the
page names a case by a neutral label (its reference names the letter) and another record by its
reference in plain text, and the API gives no id."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from casework.audit.references import object_reference
from casework.inspections.models import Flag

SourceKey = tuple[str, str]


def _readable(target_type: str) -> Callable[..., QuerySet] | None:
    """The scoped read of the records of `target_type` (imported late: those apps build on this one)."""
    if target_type == Flag.SOURCE_RECORDS[Flag.Source.SUPERVISION]:
        from casework.supervision.selectors import supervision_list

        return supervision_list
    if target_type == Flag.SOURCE_RECORDS[Flag.Source.CASE]:
        from casework.cases.selectors import case_visible

        return case_visible
    return None


PAGES = {
    Flag.SOURCE_RECORDS[Flag.Source.SUPERVISION]: "supervision:detail",
    Flag.SOURCE_RECORDS[Flag.Source.CASE]: "cases:detail",
}


def flag_sources_visible(*, user: Any, flags: Iterable[Flag]) -> set[SourceKey]:
    """The source records of `flags` that `user` may see, as (source_type, source_id): one query per kind."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for flag in flags:
        if flag.source_type and flag.source_id.isdigit():
            wanted[flag.source_type].add(flag.source_id)
    seen: set[SourceKey] = set()
    for target_type, ids in wanted.items():
        if (read := _readable(target_type)) is not None:
            found = read(user=user).filter(pk__in=[int(i) for i in ids]).values_list("pk", flat=True)
            seen.update((target_type, str(pk)) for pk in found)
    return seen


# What a flag raised from a case names as its source to a reader who may not see the case (its reference
# names the letter, recusal included: Luật Tố cáo 2018 Đ.47 khoản 1).
CASE_SOURCE_HIDDEN = _("hồ sơ nằm ngoài phạm vi của bạn")


class FlagSource(NamedTuple):
    """The flag's source record as one reader reads it: its page ("" when they may not open it) and its
    reference ("" when the flag names no record)."""

    url: str
    reference: str


def flag_source_shown(*, user: Any, flag: Flag) -> FlagSource:
    """The flag's source record as `user` may read it: its page and reference when they may see it; else a
    case's neutral label (CASE_SOURCE_HIDDEN: the case selector's rule, as the case page's), another
    record's reference in plain text."""
    if not flag.source_type:
        return FlagSource("", "")
    if (flag.source_type, flag.source_id) in flag_sources_visible(user=user, flags=[flag]):
        url = reverse(PAGES[flag.source_type], args=[int(flag.source_id)])
        return FlagSource(url, object_reference(flag.source_type, flag.source_id))
    if flag.source_type == Flag.SOURCE_RECORDS[Flag.Source.CASE]:
        return FlagSource("", str(CASE_SOURCE_HIDDEN))
    return FlagSource("", object_reference(flag.source_type, flag.source_id))
