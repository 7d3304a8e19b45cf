"""One search over cases, flags, inspections and people, ranked, and scoped by each kind's own selector."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from casework.search.models import SearchDocument
from casework.search.text import fold

MAX_TERMS = 8
MIN_TERM = 1
CANDIDATES = 500


@dataclass
class SearchResults:
    query: str
    cases: list[Any] = field(default_factory=list)
    flags: list[Any] = field(default_factory=list)
    inspections: list[Any] = field(default_factory=list)
    people: list[Any] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.cases) + len(self.flags) + len(self.inspections) + len(self.people)


def search_terms(q: str) -> tuple[str, list[str]]:
    """The folded phrase and its words (at most MAX_TERMS), or ("", []) for a query with nothing to find."""
    phrase = fold(q)[:200]
    terms = [t for t in phrase.split() if len(t) >= MIN_TERM][:MAX_TERMS]
    return (phrase, terms) if terms else ("", [])


def _score(document: SearchDocument, phrase: str) -> int:
    if document.reference == phrase:
        return 100
    score = 10
    if phrase in document.title:
        score = 50
    elif phrase in document.text:
        score = 30
    return score + (5 if document.part == "record" else 0)


def _match(*, q: str, kind: str) -> Q | None:
    _phrase, terms = search_terms(q)
    if not terms:
        return None
    match = Q(kind=kind)
    for term in terms:
        match &= Q(text__contains=term)
    return match


def search_match_ids(*, q: str, kind: str) -> QuerySet:
    """The ids of `kind` matching `q`, as a subquery for a list's `q` filter (`pk__in=`)."""
    match = _match(q=q, kind=kind)
    if match is None:
        return SearchDocument.objects.none().values("object_id")
    return SearchDocument.objects.filter(match).values("object_id")


def search_ranked_ids(*, q: str, kind: str, limit: int = CANDIDATES) -> list[int]:
    """Ids of `kind` whose folded text holds every word of `q`, best first (reference, title, text, files).

    Not scoped: callers intersect with the kind's scoped selector (see `search_scoped`)."""
    phrase, _terms = search_terms(q)
    match = _match(q=q, kind=kind)
    if match is None:
        return []
    rows = SearchDocument.objects.filter(match).only("object_id", "reference", "title", "text", "part")[: limit * 3]
    best: dict[int, int] = {}
    for row in rows:
        best[row.object_id] = max(best.get(row.object_id, 0), _score(row, phrase))
    return sorted(best, key=lambda pk: (-best[pk], -pk))[:limit]


def search_scoped(*, q: str, kind: str, queryset: QuerySet, limit: int) -> list[Any]:
    """The matches that `queryset` (already scoped to the reader) holds, in rank order."""
    ids = search_ranked_ids(q=q, kind=kind)
    visible = {obj.pk: obj for obj in queryset.filter(pk__in=ids)}
    return [visible[pk] for pk in ids if pk in visible][:limit]


def _people(*, user: Any, q: str, limit: int) -> list[Any]:
    """Officers and members holding roles in the units the reader sees, by folded name or user name."""
    from casework.org.models import RoleAssignment, User
    from casework.org.selectors import scope_q

    _phrase, terms = search_terms(q)
    if not terms:
        return []
    holders = RoleAssignment.objects.filter(scope_q(user=user, prefix="unit__")).values("user_id")
    found = []
    for person in User.objects.filter(pk__in=holders, is_active=True).order_by("full_name", "username"):
        name = fold(f"{person.full_name} {person.username}")
        if all(term in name for term in terms):
            found.append(person)
            if len(found) >= limit:
                break
    return found


def search_everything(*, user: Any, q: str, limit: int = 20) -> SearchResults:
    from casework.cases.selectors import case_list
    from casework.inspections.selectors import flag_list, inspection_list

    results = SearchResults(query=q)
    if not search_terms(q)[1]:
        return results
    results.cases = search_scoped(q=q, kind=SearchDocument.Kind.CASE, queryset=case_list(user=user), limit=limit)
    results.flags = search_scoped(q=q, kind=SearchDocument.Kind.FLAG, queryset=flag_list(user=user), limit=limit)
    results.inspections = search_scoped(
        q=q, kind=SearchDocument.Kind.INSPECTION, queryset=inspection_list(user=user), limit=limit
    )
    results.people = _people(user=user, q=q, limit=limit)
    return results
