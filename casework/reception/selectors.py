"""Reads of reception sessions and their book, scoped like every other read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from casework.audit.timeline import DESTROYED
from casework.cases.identity import PersonalDataDestroyed, reception_decrypt
from casework.org.selectors import scope_q
from casework.privacy.models import ReceptionKey
from casework.reception.models import ReceptionEntry, ReceptionSession
from casework.reception.permissions import BOOK_READ_ROLES, can_keep_book
from core import clock

HIDDEN = _("[chỉ người giữ sổ được xem]")


def reception_session_list(*, user: Any) -> QuerySet[ReceptionSession]:
    """Sessions of the units the user may read, newest first, with their number of visits."""
    return (
        ReceptionSession.objects.filter(scope_q(user=user, roles=BOOK_READ_ROLES, prefix="unit__"))
        .select_related("unit")
        .prefetch_related("receivers")
        .annotate(entry_count=Count("entries"))
        .order_by("-starts_at")
    )


def reception_session_get_for_user(*, user: Any, pk: int) -> ReceptionSession:
    session = reception_session_list(user=user).filter(pk=pk).first()
    if session is None:
        raise Http404
    return session


def reception_sessions_published() -> QuerySet[ReceptionSession]:
    """Lịch tiếp công dân on the public page: published sessions that have not ended, soonest first."""
    return (
        ReceptionSession.objects.filter(is_published=True, is_cancelled=False, ends_at__gte=clock.now())
        .select_related("unit")
        .prefetch_related("receivers")
        .order_by("starts_at")
    )


@dataclass(frozen=True)
class BookRow:
    """A row of the reception book as this reader may see it."""

    entry: ReceptionEntry
    number: int
    full_name: str
    address: str
    id_number: str


def reception_book(*, session: ReceptionSession, user: Any) -> list[BookRow]:
    """The book of a session in the order of visits; the identity columns only for the book's keepers."""
    keeper = can_keep_book(user, session)
    entries = ReceptionEntry.objects.filter(session=session).order_by("received_at", "pk")
    # The keys come with the entries: one query for the whole book.
    entries = entries.select_related("case", "data_key") if keeper else entries.select_related("case")
    rows = []
    for number, entry in enumerate(entries, start=1):
        if keeper:
            try:
                key = entry.data_key
            except ReceptionKey.DoesNotExist:
                key = None
            try:
                visitor = reception_decrypt(entry.visitor_ciphertext, entry=entry, key=key)[0]
            except PersonalDataDestroyed:  # the reception book's retention period has ended
                visitor = {"full_name": str(DESTROYED)}
            name, address, id_number = visitor["full_name"], visitor.get("address", ""), visitor.get("id_number", "")
        else:
            name = address = id_number = str(HIDDEN)
        rows.append(BookRow(entry=entry, number=number, full_name=name, address=address, id_number=id_number))
    return rows


def reception_entry_get_for_user(*, user: Any, pk: int) -> ReceptionEntry:
    entry = (
        ReceptionEntry.objects.filter(scope_q(user=user, roles=BOOK_READ_ROLES, prefix="session__unit__"), pk=pk)
        .select_related("session__unit", "case")
        .first()
    )
    if entry is None:
        raise Http404
    return entry
