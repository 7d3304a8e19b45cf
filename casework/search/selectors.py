"""One search over cases, flags, inspections and people, ranked, and scoped by each kind's own selector."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Case, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Value, When

from casework.search.models import SearchDocument
from casework.search.text import fold

MAX_TERMS = 8
MIN_TERM = 1


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


def _score(phrase: str) -> models.Expression:
    """A document's rank for `phrase`: its reference, then its title, then its text, files last."""
    place = Case(
        When(reference=phrase, then=Value(100)),
        When(title__contains=phrase, then=Value(50)),
        When(text__contains=phrase, then=Value(30)),
        default=Value(10),
    )
    return place + Case(When(part="record", then=Value(5)), default=Value(0))


def search_scoped(*, q: str, kind: str, queryset: QuerySet, limit: int) -> list[Any]:
    """The objects of `queryset` (already scoped to the reader) whose folded text holds every word
    of `q`, best first (reference, title, text, files; newest among equals). One query: the index
    narrows to the matching documents, and each match is ranked by its best document."""
    phrase, _terms = search_terms(q)
    match = _match(q=q, kind=kind)
    if match is None:
        return []
    documents = SearchDocument.objects.filter(match)
    best = (
        documents.filter(object_id=OuterRef("pk")).values("object_id").annotate(best=Max(_score(phrase))).values("best")
    )
    ranked = (
        queryset.filter(pk__in=documents.values("object_id"))
        .annotate(search_rank=Subquery(best, output_field=IntegerField()))
        .order_by("-search_rank", "-pk")
    )
    return list(ranked[:limit])


# What the results page shows of a case (search/results.html): no other column is read.
CASE_RESULT_FIELDS = ("reference", "title", "status", "received_on", "unit__name")


def search_cases(*, user: Any, q: str, limit: int = 20) -> list[Any]:
    """The cases `user` may see that match `q`, best first, with the columns the results page shows."""
    from casework.cases.selectors import case_visible

    queryset = case_visible(user=user).only(*CASE_RESULT_FIELDS)
    return search_scoped(q=q, kind=SearchDocument.Kind.CASE, queryset=queryset, limit=limit)


def _people(*, user: Any, q: str, limit: int) -> list[Any]:
    """Officers and members holding roles in the units the reader sees, by folded name or user name."""
    from casework.org.models import RoleAssignment, User
    from casework.org.selectors import scope_q

    _phrase, terms = search_terms(q)
    if not terms:
        return []
    holders = RoleAssignment.objects.filter(scope_q(user=user, prefix="unit__")).values("user_id")
    people = User.objects.filter(pk__in=holders, is_active=True)
    for term in terms:  # every word, in the name folded when it was saved
        people = people.filter(name_folded__contains=term)
    return list(people.order_by("full_name", "username")[:limit])


def search_everything(*, user: Any, q: str, limit: int = 20) -> SearchResults:
    from casework.inspections.selectors import flag_list, inspection_list

    results = SearchResults(query=q)
    if not search_terms(q)[1]:
        return results
    results.cases = search_cases(user=user, q=q, limit=limit)
    results.flags = search_scoped(q=q, kind=SearchDocument.Kind.FLAG, queryset=flag_list(user=user), limit=limit)
    results.inspections = search_scoped(
        q=q, kind=SearchDocument.Kind.INSPECTION, queryset=inspection_list(user=user), limit=limit
    )
    results.people = _people(user=user, q=q, limit=limit)
    return results
