"""Reads of reception sessions and their book, scoped like every other read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.audit.timeline import DESTROYED
from casework.cases.identity import PersonalDataDestroyed, reception_decrypt
from casework.cases.models import Case, Kind
from casework.org.selectors import scope_q
from casework.privacy.models import ReceptionKey
from casework.reception.models import Classification, ReceptionEntry, ReceptionSession
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


def reception_session_begun(session: ReceptionSession) -> bool:
    """Whether the day of `session` has come: the book records visits that took place, so it is
    written from that day on (reception_entry_record refuses a visit later than now)."""
    return timezone.localdate(session.starts_at) <= clock.today()


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
    """A row of the reception book as this reader may see it: the visitor's identity, the content, the
    follow-up and the case it became (None when the reader may not open that case)."""

    entry: ReceptionEntry
    number: int
    full_name: str
    address: str
    id_number: str
    content: str
    follow_up: str
    case: Case | None

    @property
    def case_id(self) -> int | None:
        return self.case.pk if self.case is not None else None


def _visitor(entry: ReceptionEntry) -> tuple[str, str, str]:
    try:
        key = entry.data_key
    except ReceptionKey.DoesNotExist:
        key = None
    try:
        visitor = reception_decrypt(entry.visitor_ciphertext, entry=entry, key=key)[0]
    except PersonalDataDestroyed:  # the reception book's retention period has ended
        visitor = {"full_name": str(DESTROYED)}
    return visitor["full_name"], visitor.get("address", ""), visitor.get("id_number", "")


def _row(entry: ReceptionEntry, *, number: int, user: Any, keeper: bool, case_visible: bool) -> BookRow:
    from casework.cases.permissions import can_reveal_identity
    from casework.cases.redaction import mask_shown, masks_propose, redact
    from casework.cases.selectors import case_content_for
    from casework.cases.services.identity import case_text_masked

    case = entry.case if case_visible else None
    # A denunciation told in person, whether or not a case was opened from it (Luật Tố cáo 2018 Đ.47).
    denounced = entry.classification == Classification.DENUNCIATION or (
        entry.case is not None and entry.case.kind == Kind.DENUNCIATION
    )
    if entry.case is not None and entry.case.kind == Kind.DENUNCIATION:
        shown = keeper and case is not None and can_reveal_identity(case, user)
    else:  # the visit's keepers heard the visitor in person: nobody else reads who they are
        shown = keeper
    name, address, id_number = _visitor(entry) if shown else (str(HIDDEN),) * 3
    content, follow_up = entry.content, entry.follow_up
    if denounced and not shown:
        # What the visitor said, and what the keepers wrote of it, may name them (Đ.47 khoản 1): with
        # no case, both with the visitor's particulars masked, as a case's working copy is made; with
        # a case, its working copy and its masks to whom may open it; nothing to anyone else.
        if entry.case is None:
            visitor = _visitor(entry)
            masks = masks_propose([{"full_name": visitor[0], "address": visitor[1], "id_number": visitor[2]}])
            content, follow_up = mask_shown(redact(content, masks)), mask_shown(redact(follow_up, masks))
        elif case is not None:
            content = case_content_for(case=case, user=user)
            follow_up = mask_shown(case_text_masked(case, follow_up))
        else:
            content, follow_up = str(HIDDEN), str(HIDDEN) if follow_up else ""
    return BookRow(
        entry=entry,
        number=number,
        full_name=name,
        address=address,
        id_number=id_number,
        content=content,
        follow_up=follow_up,
        case=case,
    )


def _visible_case_ids(*, user: Any, entries: list[ReceptionEntry]) -> set[int]:
    from casework.cases.selectors import case_visible_q

    linked = [e.case_id for e in entries if e.case_id is not None]
    if not linked:
        return set()
    return set(Case.objects.filter(case_visible_q(user=user), pk__in=linked).values_list("pk", flat=True))


def reception_book(*, session: ReceptionSession, user: Any) -> list[BookRow]:
    """The book of a session in the order of visits; the identity columns only for the book's keepers.

    A visit that became a denunciation follows the case's rule (Luật Tố cáo 2018 Đ.47): its visitor is
    shown only to whom `can_reveal_identity` allows, its content as the case's working copy, and to
    a reader who may not open the case (recused, out of scope) neither the content nor the case."""
    keeper = can_keep_book(user, session)
    entries = ReceptionEntry.objects.filter(session=session).order_by("received_at", "pk")
    # The keys come with the entries: one query for the whole book.
    related = ("case__unit", "data_key") if keeper else ("case__unit",)
    found = list(entries.select_related(*related))
    visible = _visible_case_ids(user=user, entries=found)
    return [
        _row(entry, number=number, user=user, keeper=keeper, case_visible=entry.case_id in visible)
        for number, entry in enumerate(found, start=1)
    ]


def reception_entry_row(*, entry: ReceptionEntry, user: Any) -> BookRow:
    """One visit as `user` may read it in the book (its number there left out: 0)."""
    visible = _visible_case_ids(user=user, entries=[entry])
    keeper = can_keep_book(user, entry.session)
    return _row(entry, number=0, user=user, keeper=keeper, case_visible=entry.case_id in visible)


def reception_entry_get_for_user(*, user: Any, pk: int) -> ReceptionEntry:
    entry = (
        ReceptionEntry.objects.filter(scope_q(user=user, roles=BOOK_READ_ROLES, prefix="session__unit__"), pk=pk)
        .select_related("session__unit", "case")
        .first()
    )
    if entry is None:
        raise Http404
    return entry
