"""Reads of reception sessions and their book, scoped like every other read."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.audit.timeline import DESTROYED
from casework.cases.identity import PersonalDataDestroyed, reception_decrypt
from casework.cases.models import Case
from casework.org.selectors import scope_q
from casework.privacy.models import ReceptionKey
from casework.reception.models import ReceptionEntry, ReceptionSession
from casework.reception.permissions import (
    BOOK_READ_ROLES,
    can_keep_book,
    can_reveal_visitor,
    heard_visitors,
    visit_denounced,
)
from core import clock

HIDDEN = _("[chỉ người giữ sổ được xem]")
# The texts the keepers write of a visit, which may name its visitor (masked like its content).
KEEPER_TEXTS = ("follow_up", "resolved_by", "guided_to", "accepted_by", "note")
SEALED = _("[giữ bí mật, xem phải nêu lý do]")


# The status filter of the sessions list, the page and the API alike.
SESSION_STATUS_Q = {
    "published": Q(is_cancelled=False, is_published=True),
    "unpublished": Q(is_cancelled=False, is_published=False),
    "cancelled": Q(is_cancelled=True),
}


def reception_session_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[ReceptionSession]:
    """Sessions of the units the user may read, newest first, with their number of visits, narrowed by
    `filters` (reception_sessions_narrow)."""
    qs = ReceptionSession.objects.filter(scope_q(user=user, roles=BOOK_READ_ROLES, prefix="unit__"))
    return reception_sessions_narrow(
        qs.select_related("unit").prefetch_related("receivers").annotate(entry_count=Count("entries")),
        filters or {},
    ).order_by("-starts_at")


def reception_sessions_narrow(qs: QuerySet[ReceptionSession], filters: dict[str, Any]) -> QuerySet[ReceptionSession]:
    """The sessions list's filters, the page's and the API's (all optional, each only narrows): unit (the
    unit and its subtree), date_from and date_to (the session's day, local time), receiver (one of its
    receivers), status (SESSION_STATUS_Q)."""
    if (unit := filters.get("unit")) is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if day := filters.get("date_from"):
        qs = qs.filter(starts_at__date__gte=day)
    if day := filters.get("date_to"):
        qs = qs.filter(starts_at__date__lte=day)
    if (receiver := filters.get("receiver")) is not None:
        qs = qs.filter(pk__in=ReceptionSession.objects.filter(receivers=receiver).values("pk"))
    if status := filters.get("status"):
        qs = qs.filter(SESSION_STATUS_Q[status])
    return qs


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
    follow-up and the case it became (None when the reader may not open that case). `sealed`: a
    denounced visit whose visitor this reader may learn, on a stated reason (`reception_visitor_reveal`);
    `identified`: the visitor's particulars are in the row."""

    entry: ReceptionEntry
    number: int
    full_name: str
    address: str
    id_number: str
    content: str
    follow_up: str
    case: Case | None
    sealed: bool = False
    identified: bool = False
    # The keepers' free texts of Mẫu số 03/TCD cột (8), (10), (11), (13), as this reader may read them.
    resolved_by: str = ""
    guided_to: str = ""
    accepted_by: str = ""
    note: str = ""

    @property
    def case_id(self) -> int | None:
        return self.case.pk if self.case is not None else None

    @property
    def name_address(self) -> str:
        """Cột (3) "Họ tên, địa chỉ": one mark when the visitor is not shown, never the mark twice."""
        if self.address and self.address != self.full_name:
            return f"{self.full_name}, {self.address}"
        return self.full_name


# Sổ tiếp công dân, Mẫu số 03/TCD ban hành kèm Nghị định 154/2026/NĐ-CP: its 13 columns in its order,
# with its headings (and the width of each in the workbook). The form's own words: records, not translated.
BOOK_COLUMNS: tuple[tuple[str, int], ...] = (
    ("STT", 6),
    ("Ngày tiếp", 12),
    ("Họ tên, địa chỉ", 32),
    ("CCCD/CMND/Hộ chiếu", 18),
    ("Nội dung đơn", 44),
    ("Loại đơn (KN/TC/KN/PA)", 14),
    ("Số người cùng nội dung", 10),
    ("Cơ quan đã giải quyết", 24),
    ("Thuộc thẩm quyền (x)", 10),
    ("Hướng dẫn công dân đến cơ quan có thẩm quyền", 28),
    ("Cơ quan, đơn vị thụ lý", 28),
    ("Theo dõi kết quả giải quyết", 32),
    ("Ghi chú", 24),
)


def book_cells(row: BookRow) -> list[Any]:
    """The 13 cells of Mẫu số 03/TCD for one row, as the print and the workbook both write them.

    (9) is "x" when the matter is within the unit's competence; (10) the body the citizen was guided to
    and the guidance letter's number; (11) the body that accepted the matter and the transfer letter's
    number, the unit and its case when the visit became one; a route the row has no text for is named
    in its column; a visit answered on the spot or refused says so in (13)."""
    from casework.reception.models import HandlingRoute

    entry = row.entry
    route = entry.handling_route
    guided = row.guided_to or (str(entry.get_handling_route_display()) if route == HandlingRoute.GUIDED else "")
    accepted = [row.accepted_by] if row.accepted_by else []
    if row.case is not None:
        accepted.insert(0, f"{entry.session.unit.name} ({row.case.reference})")
    elif not accepted and route in (HandlingRoute.TRANSFERRED, HandlingRoute.CASE):
        accepted = [str(entry.get_handling_route_display())]
    note = [row.note] if row.note else []
    if route == HandlingRoute.ANSWERED:
        note.insert(0, str(entry.get_handling_route_display()))
    if entry.refusal_ground:
        note.insert(0, str(_("Từ chối tiếp: %(ground)s")) % {"ground": entry.get_refusal_ground_display()})
    return [
        row.number,
        timezone.localdate(entry.received_at),
        row.name_address,
        row.id_number,
        row.content,
        str(entry.get_classification_display()),
        entry.people_count,
        row.resolved_by,
        "x" if entry.within_competence else "",
        guided,
        "; ".join(accepted),
        row.follow_up,
        "; ".join(note),
    ]


def _key(entry: ReceptionEntry) -> ReceptionKey | None:
    try:
        return entry.data_key
    except ReceptionKey.DoesNotExist:
        return None


def _visitor(entry: ReceptionEntry) -> tuple[str, str, str]:
    try:
        visitor = reception_decrypt(entry.visitor_ciphertext, entry=entry, key=_key(entry))[0]
    except PersonalDataDestroyed:  # the reception book's retention period has ended
        visitor = {"full_name": str(DESTROYED)}
    return visitor["full_name"], visitor.get("address", ""), visitor.get("id_number", "")


def reception_visit_text_masked(*, entry: ReceptionEntry, text: str) -> str:
    """A text a keeper typed about a denounced visit (the reason of a reveal) as it may enter the audit
    trail: the visitor's particulars (name, address, ID number) masked, as the book masks what it shows
    of the visit, and once the visit became a case the case's masks too (`case_text_masked`; Luật Tố
    cáo 2018 Đ.47 khoản 1). Once the visit's key is destroyed nothing of the text is kept, as a case's
    event keeps nothing personal after its key is gone (`case_audit_seal`)."""
    from casework.cases.redaction import masks_propose
    from casework.cases.services.identity import case_text_masked, masking_build

    try:
        visitor = reception_decrypt(entry.visitor_ciphertext, entry=entry)[0]
    except PersonalDataDestroyed:
        return ""
    text = masking_build(masks=masks_propose([visitor]), people=[visitor]).apply(text)
    return case_text_masked(entry.case, text) if entry.case is not None else text


def _row(
    entry: ReceptionEntry,
    *,
    number: int,
    user: Any,
    keeper: bool,
    case_visible: bool,
    revealed: bool = False,
    heard: bool | None = None,
) -> BookRow:
    from casework.cases.selectors import case_content_for

    case = entry.case if case_visible else None
    denounced = visit_denounced(entry)
    # A denounced visit's particulars are read as a case's denouncer is: by whom the rule allows,
    # within an audited reveal (Luật Tố cáo 2018 Đ.47 khoản 1); the keepers hear other visits in person.
    may_reveal = (
        denounced
        and keeper
        and (entry.case_id is None or case is not None)
        and can_reveal_visitor(user, entry, heard=heard)
    )
    shown = (revealed and may_reveal) if denounced else keeper
    key = _key(entry) if may_reveal else None
    destroyed = key is not None and key.destroyed_at is not None
    if shown or destroyed:
        name, address, id_number = _visitor(entry)
    else:
        name, address, id_number = (str(SEALED if may_reveal else HIDDEN),) * 3
    content = entry.content
    # What the keepers wrote of the visit: cột (8), (10)-(13) of Mẫu số 03/TCD.
    texts = {name: getattr(entry, name) for name in KEEPER_TEXTS}
    if denounced and not shown:
        if entry.case is None:
            content = _texts_as_shown(entry, {"content": content}, user=user, case_visible=False)["content"]
        elif case is not None:
            content = case_content_for(case=case, user=user)
        else:
            content = str(HIDDEN)
        texts = _texts_as_shown(entry, texts, user=user, case_visible=case is not None)
    return BookRow(
        entry=entry,
        number=number,
        full_name=name,
        address=address,
        id_number=id_number,
        content=content,
        case=case,
        sealed=may_reveal and not shown and not destroyed,
        identified=shown and not destroyed,
        **texts,
    )


def _texts_as_shown(entry: ReceptionEntry, texts: dict[str, str], *, user: Any, case_visible: bool) -> dict[str, str]:
    """Texts of a denounced visit whose visitor `user` is not shown, as the book shows them. What the
    visitor said, and what the keepers wrote of it, may name them (Luật Tố cáo 2018 Đ.47 khoản 1): with no
    case, with the visitor's particulars masked, as a case's working copy is made; with a case, under
    its masks to whom may open it; nothing to anyone else."""
    from casework.cases.redaction import mask_shown, masks_propose
    from casework.cases.services.identity import case_text_masked, masking_build

    if entry.case is None:
        visitor = _visitor(entry)
        people = [{"full_name": visitor[0], "address": visitor[1], "id_number": visitor[2]}]
        masking = masking_build(masks=masks_propose(people), people=people)
        return {name: mask_shown(masking.apply(text)) for name, text in texts.items()}
    if case_visible:
        return {name: mask_shown(case_text_masked(entry.case, text)) for name, text in texts.items()}
    return {name: str(HIDDEN) if text else "" for name, text in texts.items()}


def _visible_case_ids(*, user: Any, entries: list[ReceptionEntry]) -> set[int]:
    from casework.cases.selectors import case_visible_q

    linked = [e.case_id for e in entries if e.case_id is not None]
    if not linked:
        return set()
    return set(Case.objects.filter(case_visible_q(user=user), pk__in=linked).values_list("pk", flat=True))


def reception_book(*, session: ReceptionSession, user: Any, revealed: Collection[int] = ()) -> list[BookRow]:
    """The book of a session in the order of visits; the identity columns only for the book's keepers.

    A denounced visit follows the case's rule (Luật Tố cáo 2018 Đ.47): its visitor is shown only to
    whom `can_reveal_visitor` allows and only for the visits of `revealed` (the ids an audited
    `reception_visitor_reveal` returned), its content as the case's working copy or masked, and to a
    reader who may not open the case (recused, out of scope) neither the content nor the case."""
    keeper = can_keep_book(user, session)
    heard = keeper and heard_visitors(user, session)
    entries = ReceptionEntry.objects.filter(session=session).order_by("received_at", "pk")
    # The keys come with the entries: one query for the whole book.
    related = ("case__unit", "data_key") if keeper else ("case__unit",)
    found = list(entries.select_related(*related))
    visible = _visible_case_ids(user=user, entries=found)
    return [
        _row(
            entry,
            number=number,
            user=user,
            keeper=keeper,
            case_visible=entry.case_id in visible,
            revealed=entry.pk in revealed,
            heard=heard,
        )
        for number, entry in enumerate(found, start=1)
    ]


def reception_entry_row(*, entry: ReceptionEntry, user: Any, revealed: bool = False) -> BookRow:
    """One visit as `user` may read it in the book (its number there left out: 0); `revealed`: within an
    audited reveal of the visit (`reception_book`'s `revealed`)."""
    visible = _visible_case_ids(user=user, entries=[entry])
    keeper = can_keep_book(user, entry.session)
    return _row(entry, number=0, user=user, keeper=keeper, case_visible=entry.case_id in visible, revealed=revealed)


def reception_entry_get_for_user(*, user: Any, pk: int) -> ReceptionEntry:
    entry = (
        ReceptionEntry.objects.filter(scope_q(user=user, roles=BOOK_READ_ROLES, prefix="session__unit__"), pk=pk)
        .select_related("session__unit", "case")
        .first()
    )
    if entry is None:
        raise Http404
    return entry


VISIT_TARGET = "reception.receptionentry"


def reception_entry_lock_reason(entry: ReceptionEntry) -> str:
    """Why the visit's row is no longer the keepers' to correct ("" while it is): its session was
    cancelled (nothing is written in its book), the visit was refused (Luật Tiếp công dân Đ.9: the row
    records the refusal), it became a case (the case holds what the row said from then on), or its
    visitor's identity was destroyed at the end of the book's retention period. The same locks that
    refuse a visit's refusal (`reception_entry_refuse`) and its case (`reception_entry_case_open`)."""
    if entry.session.is_cancelled:
        return str(_("Buổi tiếp đã bị hủy."))
    if entry.case_id is not None:
        return str(_("Lượt tiếp đã được tiếp nhận thành hồ sơ: hồ sơ giữ các thông tin đó."))
    if entry.refusal_ground:
        return str(_("Lượt tiếp đã bị từ chối tiếp."))
    key = _key(entry)
    if key is not None and key.destroyed_at is not None:
        return str(_("Đã hết thời hạn lưu trữ sổ tiếp công dân: danh tính người đến đã bị hủy."))
    return ""


def reception_entry_actions(*, user: Any, entry: ReceptionEntry) -> set[str]:
    """What `user` may do with a visit's row, the page and the API alike: "correct" its columns of
    Mẫu số 03/TCD, record the "documents" the visitor handed over (Nghị định 154/2026/NĐ-CP Đ.15 khoản 4)
    while no receipt acknowledges them, both the book's keepers' while the row is not locked."""
    from casework.reception.services import receipt_issued

    if not can_keep_book(user, entry.session) or reception_entry_lock_reason(entry):
        return set()
    actions = {"correct"}
    if receipt_issued(entry) is None:
        actions.add("documents")
    return actions


def reception_entry_masked_columns(*, entry: ReceptionEntry, row: BookRow) -> list[str]:
    """The columns the book shows this reader other than they are written: a denounced visit's visitor
    sealed, its texts masked (Luật Tố cáo 2018 Đ.47 khoản 1). Not theirs to correct."""
    if not visit_denounced(entry):
        return []
    visitor = [] if row.identified else ["full_name", "address", "id_number"]
    return visitor + [name for name in ("content", *KEEPER_TEXTS) if getattr(row, name) != getattr(entry, name)]


def reception_documents(*, entry: ReceptionEntry, user: Any) -> list[tuple[Any, str]]:
    """The documents the visitor handed over, each with its name as `user` may read it in the book:
    masked like the row's keeper texts (`_row`) where the visitor is not shown to them."""
    documents = list(entry.documents.select_related("received_by").order_by("received_at", "pk"))
    if not documents:
        return []
    if not visit_denounced(entry):
        return [(d, d.name) for d in documents]
    case_visible = entry.case_id in _visible_case_ids(user=user, entries=[entry])
    masked = _texts_as_shown(entry, {str(d.pk): d.name for d in documents}, user=user, case_visible=case_visible)
    return [(d, masked[str(d.pk)]) for d in documents]


def reception_documents_of_case(*, case: Case, user: Any) -> list[tuple[Any, str]]:
    """What the visitor handed over at the visit the case came from: they follow the visit into its case."""
    try:
        entry = case.reception_entry
    except ReceptionEntry.DoesNotExist:
        return []
    return reception_documents(entry=entry, user=user)


def reception_session_receivers(*, user: Any) -> QuerySet[Any]:
    """Who received at the sessions `user` may read: the receiving officers the list filters by."""
    from casework.org.models import User

    return (
        User.objects.filter(reception_sessions__in=reception_session_list(user=user).values("pk"))
        .distinct()
        .order_by("full_name", "username")
    )


def reception_entry_summary(target_id: str) -> dict[str, str]:
    """How a notice names a visit (its refusal's clock): by reference and session day, leading to the book."""
    from django.urls import reverse

    entry = ReceptionEntry.objects.filter(pk=int(target_id)).select_related("session__unit").first()
    if entry is None:
        return {}
    day = timezone.localdate(entry.session.starts_at)
    return {
        "title": str(_("Thông báo từ chối tiếp công dân %(ref)s (buổi tiếp %(day)s)"))
        % {"ref": entry.reference, "day": f"{day:%d/%m/%Y}"},
        "url": reverse("reception:detail", args=[entry.session_id]),
        "reference": entry.reference,
    }
