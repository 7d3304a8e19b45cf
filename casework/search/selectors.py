"""One search over cases, flags, inspections, supervisions and people, ranked, and scoped by each kind's
own selector."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Case, Max, Q, QuerySet, Value, When

from casework.search.models import SearchDocument
from casework.search.text import fold

MAX_TERMS = 8
MIN_TERM = 1


@dataclass
class SearchResults:
    query: str
    limit: int = 0
    cases: list[Any] = field(default_factory=list)
    flags: list[Any] = field(default_factory=list)
    inspections: list[Any] = field(default_factory=list)
    supervisions: list[Any] = field(default_factory=list)
    recommendations: list[Any] = field(default_factory=list)
    people: list[Any] = field(default_factory=list)
    # The kinds that had more matches than the page shows: the page says so and links to their list.
    more: set[str] = field(default_factory=set)

    @property
    def total(self) -> int:
        return sum(
            map(len, (self.cases, self.flags, self.inspections, self.supervisions, self.recommendations, self.people))
        )


def search_terms(q: str) -> tuple[str, list[str]]:
    """The folded phrase and its words (at most MAX_TERMS), or ("", []) for a query with nothing to find."""
    phrase = fold(q)[:200]
    terms = [t for t in phrase.split() if len(t) >= MIN_TERM][:MAX_TERMS]
    return (phrase, terms) if terms else ("", [])


def _match(*, terms: list[str], kind: str) -> Q:
    match = Q(kind=kind)
    for term in terms:
        match &= Q(text__contains=term)
    return match


def search_match_ids(*, q: str, kind: str) -> QuerySet:
    """The ids of `kind` matching `q`, as a subquery for a list's `q` filter (`pk__in=`)."""
    _phrase, terms = search_terms(q)
    if not terms:
        return SearchDocument.objects.none().values("object_id")
    return SearchDocument.objects.filter(_match(terms=terms, kind=kind)).values("object_id")


def _score(phrase: str) -> models.Expression:
    """A document's rank for `phrase`: its reference, then its title, then its text, files last."""
    place = Case(
        When(reference=phrase, then=Value(100)),
        When(title__contains=phrase, then=Value(50)),
        When(text__contains=phrase, then=Value(30)),
        default=Value(10),
    )
    return place + Case(When(part="record", then=Value(5)), default=Value(0))


def search_ranked_ids(*, q: str, kind: str, among: QuerySet, limit: int) -> list[int]:
    """The ids of the records of `among` (already scoped to the reader) whose folded text holds every
    word of `q`, best first: each record ranked by its best document (reference, title, text, files),
    the newest among equals. One query over the index, narrowed to the matching documents of `among`."""
    phrase, terms = search_terms(q)
    if not terms:
        return []
    ranked = (
        SearchDocument.objects.filter(_match(terms=terms, kind=kind), object_id__in=among.values("pk"))
        .values("object_id")
        .annotate(rank=Max(_score(phrase)))
        .order_by("-rank", "-object_id")
    )
    return [row["object_id"] for row in ranked[:limit]]


def search_scoped(*, q: str, kind: str, queryset: QuerySet, limit: int) -> list[Any]:
    """The objects of `queryset` (already scoped to the reader) whose folded text holds every word
    of `q`, best first (see search_ranked_ids), read from `queryset` by id."""
    ids = search_ranked_ids(q=q, kind=kind, among=queryset, limit=limit)
    found = queryset.in_bulk(ids) if ids else {}
    return [found[pk] for pk in ids if pk in found]


# What the results page shows of a case (search/results.html): no other column is read.
CASE_RESULT_FIELDS = (
    "reference",
    "title",
    "status",
    "received_on",
    "unit__name",
    "kind",
    "subject_person",
    "subject_unit__name",
)


def search_cases(*, user: Any, q: str, limit: int = 20) -> list[Any]:
    """The cases `user` may see that match `q`, best first, with the columns the results page shows.

    The ranking query decides which cases (through case_visible, the one rule of who sees what);
    the twenty it found are then read by id with the page's columns only, not scoped a second time."""
    from casework.cases.models import Case as CaseRecord
    from casework.cases.selectors import case_visible

    ids = search_ranked_ids(q=q, kind=SearchDocument.Kind.CASE, among=case_visible(user=user), limit=limit)
    if not ids:
        return []
    found = CaseRecord.objects.select_related("unit", "subject_unit").only(*CASE_RESULT_FIELDS).in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


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
    from casework.inspections.selectors import flag_list, inspection_list, recommendation_list
    from casework.supervision.selectors import supervision_list

    results = SearchResults(query=q, limit=limit)
    if not search_terms(q)[1]:
        return results
    # One more than shown is asked of each kind, to know whether the page shows all its matches.
    found = {
        "cases": search_cases(user=user, q=q, limit=limit + 1),
        "flags": search_scoped(q=q, kind=SearchDocument.Kind.FLAG, queryset=flag_list(user=user), limit=limit + 1),
        "inspections": search_scoped(
            q=q, kind=SearchDocument.Kind.INSPECTION, queryset=inspection_list(user=user), limit=limit + 1
        ),
        "supervisions": search_scoped(
            q=q, kind=SearchDocument.Kind.SUPERVISION, queryset=supervision_list(user=user), limit=limit + 1
        ),
        # A recommendation followed after an inspection or a denunciation's conclusion (KNTD-…).
        "recommendations": search_scoped(
            q=q, kind=SearchDocument.Kind.RECOMMENDATION, queryset=recommendation_list(user=user), limit=limit + 1
        ),
        "people": _people(user=user, q=q, limit=limit + 1),
    }
    for kind, rows in found.items():
        if len(rows) > limit:
            results.more.add(kind)
        setattr(results, kind, rows[:limit])
    return results
