"""Tiếp công dân: schedule a session, record a visit in the book, turn a visit into a case."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.audit.services import audit_record
from casework.cases.identity import reception_encrypt
from casework.cases.models import Case, Channel, Kind
from casework.org.models import Unit, User
from casework.reception.models import (
    REFUSAL_NOTIFIED,
    Classification,
    DocumentForm,
    HandlingRoute,
    ReceptionDocument,
    ReceptionEntry,
    ReceptionSession,
    RefusalGround,
)
from casework.reception.permissions import can_keep_book, can_open_case, can_schedule, receivers_for
from casework.reception.selectors import (
    VISIT_TARGET,
    reception_entry_lock_reason,
    reception_entry_row,
    reception_visit_text_masked,
)
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed
from workflows.calendar import WorkingCalendar

if TYPE_CHECKING:
    from casework.papers.models import Paper

MAX_PEOPLE = 500
MAX_DOCUMENTS = 50
MAX_PAGES = 5000
# The receipt of what the visitor handed over (Mẫu số 02/TCD, Nghị định 154/2026/NĐ-CP Đ.15 khoản 4).
RECEIPT_KEY = "reception.receipt"
# The clock of a written refusal (Nghị định 154/2026/NĐ-CP Đ.4 khoản 3): its policy rule is
# reception/refusal_notice (workflows migration 0024), running from the day the decree is in force (Đ.44).
REFUSAL_SUBJECT = "reception"
REFUSAL_STEP = "refusal_notice"
DECREE_154_IN_FORCE = dt.date(2026, 7, 1)
KIND_FOR = {
    Classification.COMPLAINT: Kind.COMPLAINT,
    Classification.DENUNCIATION: Kind.DENUNCIATION,
    Classification.PETITION: Kind.PETITION,
}


@transaction.atomic
def reception_session_schedule(
    *,
    actor: User,
    unit: Unit | None,
    starts_at: dt.datetime | None,
    ends_at: dt.datetime | None,
    place: str,
    receivers: Iterable[User],
    note: str = "",
    is_published: bool = True,
    on_day_off: bool = False,
) -> ReceptionSession:
    """Lập lịch tiếp công dân of `unit`: the receivers must hold a role in the unit or above it
    (`receivers_for`). A session on a day off of the working calendar (a holiday, a weekend) is
    scheduled only when the scheduler confirms it (`on_day_off`), which the audit trail records."""
    receivers = list(receivers)
    errors: dict[str, str] = {}
    if unit is None:
        errors["unit"] = _("Phải chọn đơn vị tổ chức tiếp công dân.")
    if starts_at is None:
        errors["starts_at"] = _("Phải nhập thời điểm bắt đầu.")
    if ends_at is None:
        errors["ends_at"] = _("Phải nhập thời điểm kết thúc.")
    elif starts_at is not None and ends_at <= starts_at:
        errors["ends_at"] = _("Thời điểm kết thúc phải sau thời điểm bắt đầu.")
    if not (place or "").strip():
        errors["place"] = _("Phải nhập địa điểm tiếp công dân.")
    if not receivers:
        errors["receivers"] = _("Phải chọn ít nhất một người tiếp công dân.")
    elif unit is not None:
        eligible = set(receivers_for(units=[unit]).values_list("pk", flat=True))
        strangers = [str(r) for r in receivers if r.pk not in eligible]
        if strangers:
            errors["receivers"] = _("Không giữ vai trò tại đơn vị hoặc cấp trên: %(names)s.") % {
                "names": ", ".join(strangers)
            }
    if starts_at is not None and not on_day_off:
        day = timezone.localdate(starts_at)
        if why := WorkingCalendar.load().day_off_reason(day):
            errors["on_day_off"] = _(
                "Ngày %(day)s là %(why)s, không phải ngày làm việc: chỉ tổ chức tiếp vào ngày nghỉ khi đã "
                "đánh dấu “Tổ chức tiếp vào ngày nghỉ”, hoặc chọn ngày làm việc khác."
            ) % {"day": f"{day:%d/%m/%Y}", "why": why}
    if errors:
        raise ValidationFailed(errors)
    assert unit is not None and starts_at is not None and ends_at is not None  # validated above
    if not can_schedule(actor, unit):
        raise TransitionNotAllowed(_("Bạn không có quyền lập lịch tiếp công dân cho %(unit)s.") % {"unit": unit})
    session = ReceptionSession.objects.create(
        unit=unit,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        note=note.strip(),
        is_published=is_published,
        created_by=actor,
    )
    session.receivers.set(receivers)
    audit_record(
        actor=actor,
        action="reception.schedule",
        target=session,
        unit=unit,
        after={
            "starts_at": starts_at.isoformat(),
            "ends_at": ends_at.isoformat(),
            "place": session.place,
            "receivers": sorted(r.pk for r in receivers),
            "is_published": is_published,
            "on_day_off": on_day_off,
        },
    )
    return session


@transaction.atomic
def reception_session_cancel(*, session: ReceptionSession, actor: User, reason: str) -> ReceptionSession:
    session = ReceptionSession.objects.select_for_update(no_key=True).get(pk=session.pk)
    if not (reason or "").strip():
        raise ValidationFailed({"reason": _("Phải nêu lý do hủy buổi tiếp.")})
    if not can_schedule(actor, session.unit):
        raise TransitionNotAllowed(_("Bạn không có quyền hủy buổi tiếp công dân này."))
    if session.is_cancelled:
        raise TransitionNotAllowed(_("Buổi tiếp đã được hủy trước đó."))
    if session.entries.exists():
        raise TransitionNotAllowed(_("Buổi tiếp đã có người đến, không thể hủy."))
    session.is_cancelled = True
    session.save(update_fields=["is_cancelled"])
    audit_record(actor=actor, action="reception.cancel", target=session, unit=session.unit, reason=reason.strip())
    return session


def _columns_errors(
    *,
    full_name: str,
    content: str,
    classification: str,
    handling_route: str,
    people_count: int | None,
    within_competence: bool,
) -> dict[str, str]:
    """The rules of a row's columns of Mẫu số 03/TCD, when it is recorded and when it is corrected."""
    errors: dict[str, str] = {}
    if not (full_name or "").strip():
        errors["full_name"] = _("Phải nhập họ tên người đến.")
    if not (content or "").strip():
        errors["content"] = _("Phải ghi nội dung vụ việc.")
    if classification not in Classification.values:
        errors["classification"] = _("Phân loại không hợp lệ.")
    if handling_route not in HandlingRoute.values:
        errors["handling_route"] = _("Hướng xử lý không hợp lệ.")
    if people_count is None or isinstance(people_count, bool) or not 1 <= people_count <= MAX_PEOPLE:
        errors["people_count"] = _("Số người phải từ 1 đến %(max)s.") % {"max": MAX_PEOPLE}
    if within_competence and handling_route in (HandlingRoute.GUIDED, HandlingRoute.TRANSFERRED):
        errors["within_competence"] = _(
            "Vụ việc thuộc thẩm quyền thì không hướng dẫn, chuyển đơn đến cơ quan khác (Điều 28 Luật Tiếp công dân)."
        )
    return errors


@transaction.atomic
def reception_entry_record(
    *,
    session: ReceptionSession,
    actor: User,
    full_name: str,
    content: str,
    classification: str,
    handling_route: str,
    address: str = "",
    id_number: str = "",
    people_count: int | None = 1,
    follow_up: str = "",
    received_at: dt.datetime | None = None,
    resolved_by: str = "",
    within_competence: bool = False,
    guided_to: str = "",
    accepted_by: str = "",
    note: str = "",
) -> ReceptionEntry:
    """Ghi sổ tiếp công dân: one visit, in the columns of Mẫu số 03/TCD (Nghị định 154/2026/NĐ-CP); the
    visitor's identity is stored encrypted under the entry's own key, which retention discards when the
    reception book's period ends.

    Cột (9) "Thuộc thẩm quyền": a matter the unit takes up as a case is within its competence; one the
    citizen is guided elsewhere with, or whose letter is transferred, is not (Luật Tiếp công dân Đ.28
    khoản 1-2): the book refuses the mark on those routes."""
    session = ReceptionSession.objects.select_for_update(no_key=True).get(pk=session.pk)
    received_at = received_at or clock.now()
    errors = _columns_errors(
        full_name=full_name,
        content=content,
        classification=classification,
        handling_route=handling_route,
        people_count=people_count,
        within_competence=within_competence,
    )
    if timezone.localdate(received_at) != timezone.localdate(session.starts_at):
        errors["received_at"] = _("Thời điểm tiếp phải trong ngày của buổi tiếp (%(day)s).") % {
            "day": timezone.localdate(session.starts_at).strftime("%d/%m/%Y")
        }
    elif timezone.localdate(received_at) > clock.today():
        errors["received_at"] = _("Buổi tiếp chưa diễn ra: sổ chỉ ghi lượt tiếp đã diễn ra.")
    if errors:
        raise ValidationFailed(errors)
    assert people_count is not None  # validated above
    if session.is_cancelled:
        raise TransitionNotAllowed(_("Buổi tiếp đã bị hủy, không ghi sổ được."))
    if not can_keep_book(actor, session):
        raise TransitionNotAllowed(_("Chỉ người tiếp và cán bộ tiếp nhận của đơn vị mới được ghi sổ."))
    visitor = {"full_name": full_name.strip(), "address": address.strip(), "id_number": id_number.strip()}
    entry = ReceptionEntry.objects.create(
        session=session,
        received_at=received_at,
        visitor_ciphertext="",
        people_count=people_count,
        content=content.strip(),
        classification=classification,
        handling_route=handling_route,
        follow_up=follow_up.strip(),
        resolved_by=resolved_by.strip(),
        within_competence=within_competence or handling_route == HandlingRoute.CASE,
        guided_to=guided_to.strip(),
        accepted_by=accepted_by.strip(),
        note=note.strip(),
        recorded_by=actor,
    )
    entry.visitor_ciphertext = reception_encrypt([visitor], entry=entry)
    entry.save(update_fields=["visitor_ciphertext"])
    # The visitor's identity never enters the audit trail in clear.
    audit_record(
        actor=actor,
        action="reception.entry",
        target=entry,
        unit=session.unit,
        after={
            "classification": classification,
            "handling_route": handling_route,
            "people_count": people_count,
            "within_competence": entry.within_competence,
        },
    )
    return entry


@transaction.atomic
def reception_entry_follow_up(*, entry: ReceptionEntry, actor: User, follow_up: str) -> ReceptionEntry:
    """Theo dõi kết quả: what became of the visit."""
    entry = (
        ReceptionEntry.objects.select_for_update(of=("self",), no_key=True)
        .select_related("session__unit")
        .get(pk=entry.pk)
    )
    if not (follow_up or "").strip():
        raise ValidationFailed({"follow_up": _("Phải ghi kết quả theo dõi.")})
    if not can_keep_book(actor, entry.session):
        raise TransitionNotAllowed(_("Chỉ người tiếp và cán bộ tiếp nhận của đơn vị mới được ghi sổ."))
    had_follow_up = bool(entry.follow_up)
    # A keeper who reads the follow-up masked (a denounced visit not revealed to them: Luật Tố cáo 2018
    # Đ.47 k1) never puts what they read in place of what was written: their text is added to it.
    shown = reception_entry_row(entry=entry, user=actor).follow_up
    written = follow_up.strip()
    entry.follow_up = f"{entry.follow_up}\n{written}" if entry.follow_up and shown != entry.follow_up else written
    entry.save(update_fields=["follow_up"])
    # The text may name people: the book keeps it, the append-only trail records only that it changed.
    audit_record(
        actor=actor,
        action="reception.follow_up",
        target=entry,
        unit=entry.session.unit,
        before={"had_follow_up": had_follow_up},
        after={"follow_up_chars": len(entry.follow_up)},
    )
    return entry


@transaction.atomic
def reception_entry_case_open(
    *,
    entry: ReceptionEntry,
    actor: User,
    title: str,
    subject_unit: Unit | None = None,
    subject_person: str = "",
    subject_user: User | None = None,
) -> Case:
    """Turn a visit into a case in one step: an in-person intake of the session's unit, linked to the visit.

    The unit and the person the visit is about are recorded as at any intake, and `case_intake`
    refuses a unit other than those `intake_subject_units` offers the actor (nothing is stored then):
    the person and the unit's leaders are recused from the case."""
    from casework.cases.identity import reception_decrypt
    from casework.cases.services import SubmitterData, case_intake

    entry = (
        ReceptionEntry.objects.select_for_update(of=("self",), no_key=True)
        .select_related("session__unit")
        .get(pk=entry.pk)
    )
    if entry.case is not None:
        raise TransitionNotAllowed(
            _("Lượt tiếp này đã được tiếp nhận thành hồ sơ %(ref)s.") % {"ref": entry.case.reference}
        )
    if entry.refusal_ground:
        raise TransitionNotAllowed(_("Lượt tiếp này đã bị từ chối tiếp, không tiếp nhận thành hồ sơ."))
    if entry.classification not in KIND_FOR:
        raise ValidationFailed(
            {"classification": _("Chỉ khiếu nại, tố cáo, kiến nghị, phản ánh mới tiếp nhận thành hồ sơ.")}
        )
    if not can_open_case(actor, entry.session):
        raise TransitionNotAllowed(_("Chỉ cán bộ tiếp nhận của đơn vị mới được tiếp nhận thành hồ sơ."))
    visitor = reception_decrypt(entry.visitor_ciphertext, entry=entry)[0]
    case = case_intake(
        actor=actor,
        kind=KIND_FOR[Classification(entry.classification)],
        channel=Channel.IN_PERSON,
        received_on=timezone.localdate(entry.received_at),
        unit=entry.session.unit,
        title=title,
        content=entry.content,
        # The whole identity the book holds, ID paper included: a denunciation keeps it sealed and
        # masks it in the case's texts like the name and address (Luật Tố cáo 2018 Đ.47 khoản 1).
        submitters=[
            SubmitterData(
                full_name=visitor["full_name"],
                address=visitor.get("address", ""),
                id_number=visitor.get("id_number", ""),
            )
        ],
        subject_unit=subject_unit,
        subject_person=subject_person,
        subject_user=subject_user,
    )
    before = entry.handling_route
    entry.case = case
    entry.handling_route = HandlingRoute.CASE
    entry.within_competence = True  # the unit took the matter up: cột (9) of Mẫu số 03/TCD
    entry.save(update_fields=["case", "handling_route", "within_competence"])
    audit_record(
        actor=actor,
        action="reception.to_case",
        target=entry,
        unit=entry.session.unit,
        before={"handling_route": before},
        after={
            "handling_route": entry.handling_route,
            "case": case.reference,
            # What the visitor handed over goes with the visit into its case (Nghị định 154/2026/NĐ-CP Đ.15 khoản 4).
            **({"documents": count} if (count := entry.documents.count()) else {}),
        },
    )
    return case


@transaction.atomic
def reception_visitor_reveal(
    *, session: ReceptionSession, actor: User, reason: str, entries: Iterable[int] | None = None
) -> frozenset[int]:
    """Read who told the session's denounced visits (of `entries`, or all of them), as the case page's
    reveal does (`case_identity_reveal`; Luật Tố cáo 2018 Đ.47 khoản 1): only those `can_reveal_visitor`
    allows, on a stated reason, each visit read an audit event of its own (and, for a visit that
    became a case, the case's reveal too). Returns the ids to show to `reception_book`."""
    from casework.cases.services.identity import MIN_REASON_LENGTH
    from casework.reception.permissions import can_reveal_visitor, visit_denounced

    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationFailed(
            {"reason": _("Phải nêu lý do xem danh tính người tố cáo (ít nhất %(n)s ký tự).") % {"n": MIN_REASON_LENGTH}}
        )
    found = ReceptionEntry.objects.filter(session=session).select_related("session__unit", "case__unit")
    if entries is not None:
        found = found.filter(pk__in=[pk for pk in entries if isinstance(pk, int)])
    allowed = [e for e in found.order_by("received_at", "pk") if visit_denounced(e) and can_reveal_visitor(actor, e)]
    if not allowed:
        raise TransitionNotAllowed(
            _(
                "Chỉ người tiếp, cán bộ tiếp nhận của đơn vị và, khi đã thành hồ sơ, người được xem danh tính "
                "người tố cáo của hồ sơ mới được xem người đến tố cáo."
            )
        )
    for entry in allowed:
        # The reason may name the visitor (a keeper types it as they know them): it enters the append-only
        # trail masked (Luật Tố cáo 2018 Đ.47 khoản 1), the case's reveal also under the case's key.
        masked = reception_visit_text_masked(entry=entry, text=reason)
        audit_record(
            actor=actor,
            action="reception.visitor_reveal",
            target=entry,
            unit=entry.session.unit,
            after={"case": entry.case.reference} if entry.case is not None else None,
            reason=masked,
        )
        if entry.case is not None:
            audit_record(
                actor=actor,
                action="case.identity_reveal",
                target=entry.case,
                unit=entry.case.unit,
                reason=masked or reason,
            )
    return frozenset(e.pk for e in allowed)


@transaction.atomic
def reception_entry_refuse(
    *, entry: ReceptionEntry, actor: User, ground: str, refused_on: dt.date | None = None
) -> ReceptionEntry:
    """Từ chối tiếp công dân: record the ground (Luật Tiếp công dân Đ.9 khoản 1-3; Nghị định 154/2026/NĐ-CP
    Đ.4 khoản 1) and the day it was established. On Đ.9 khoản 3 of the Law or Đ.4 khoản 1 điểm h the head
    of the unit notifies the refusal in writing, Mẫu số 01/TCD, within 03 working days of that day (Đ.4
    khoản 3): from the decree's day in force a clock runs on the visit for it, stopped when the notice is
    issued (`reception_refusal_notified`). On any other ground the receiver explains it in person (Đ.4
    khoản 2): nothing is owed in writing. Refusing is no way around a duty (Đ.4 khoản 4): a visit taken
    up as a case is not refused."""
    from workflows.services.deadlines import deadline_due_record, deadline_open

    entry = (
        ReceptionEntry.objects.select_for_update(of=("self",), no_key=True)
        .select_related("session__unit")
        .get(pk=entry.pk)
    )
    refused_on = refused_on or clock.today()
    if not can_keep_book(actor, entry.session):
        raise TransitionNotAllowed(_("Chỉ người tiếp và cán bộ tiếp nhận của đơn vị mới được ghi việc từ chối tiếp."))
    if entry.refusal_ground:
        raise TransitionNotAllowed(_("Việc từ chối tiếp lượt này đã được ghi."))
    if entry.case_id is not None:
        raise TransitionNotAllowed(_("Lượt tiếp đã được tiếp nhận thành hồ sơ: không từ chối tiếp được."))
    errors: dict[str, str] = {}
    if ground not in RefusalGround.values:
        errors["ground"] = _(
            "Phải chọn căn cứ từ chối tiếp theo Điều 9 Luật Tiếp công dân hoặc Điều 4 Nghị định 154/2026/NĐ-CP."
        )
    if refused_on < timezone.localdate(entry.received_at):
        errors["refused_on"] = _("Ngày có đủ căn cứ từ chối không được trước ngày tiếp.")
    elif refused_on > clock.today():
        errors["refused_on"] = _("Ngày có đủ căn cứ từ chối không được sau hôm nay.")
    if errors:
        raise ValidationFailed(errors)
    entry.refusal_ground, entry.refused_on, entry.refused_by = ground, refused_on, actor
    entry.save(update_fields=["refusal_ground", "refused_on", "refused_by"])
    after: dict[str, object] = {"ground": ground, "refused_on": refused_on.isoformat()}
    if ground in REFUSAL_NOTIFIED and refused_on >= DECREE_154_IN_FORCE:
        deadline = deadline_open(
            target=entry, unit=entry.session.unit, step=REFUSAL_STEP, subject=REFUSAL_SUBJECT, start=refused_on
        )
        after["due"] = deadline_due_record(deadline)
    audit_record(actor=actor, action="reception.refuse", target=entry, unit=entry.session.unit, after=after)
    return entry


def reception_refusal_notified(*, entry: ReceptionEntry, actor: User, symbol: str) -> None:
    """The notice of refusal (Mẫu số 01/TCD) issued under `symbol`: its clock stops, met, or late when
    its 03 working days had run out (Nghị định 154/2026/NĐ-CP Đ.4 khoản 3). Called by `paper_issue`
    in the issuing transaction."""
    from workflows.services.deadlines import deadline_close_recorded

    closed = deadline_close_recorded(target=entry, step=REFUSAL_STEP)
    audit_record(
        actor=actor,
        action="reception.refusal_notice",
        target=entry,
        unit=entry.session.unit,
        after={"symbol": symbol, "closed": closed},
    )


def reception_refusal_notice_cancelled(*, entry: ReceptionEntry, actor: User, symbol: str) -> None:
    """The notice of refusal (Mẫu số 01/TCD) cancelled under `symbol`: the written refusal is owed again
    (Nghị định 154/2026/NĐ-CP Đ.4 khoản 3), so its clock runs again. The deadline engine reopens no
    stopped clock: a clock like the one the notice stopped is opened, from the same day to the same due
    date under the same rule, so a notice issued again after its 03 working days reads late (the sweep
    marks it run out; `deadline_close` keeps the breach). A refusal with no clock (before the decree's day
    in force) owes none. Called by `paper_cancel` in the cancelling transaction."""
    from workflows.models import Deadline
    from workflows.services.deadlines import deadline_due_record, deadline_open

    stopped = (
        Deadline.objects.filter(target_type=VISIT_TARGET, target_id=str(entry.pk), step=REFUSAL_STEP)
        .select_related("rule__version")
        .order_by("-pk")
        .first()
    )
    after: dict[str, object] = {"symbol": symbol}
    if stopped is not None and stopped.status not in (Deadline.Status.OPEN, Deadline.Status.PAUSED):
        deadline = deadline_open(
            target=entry,
            unit=entry.session.unit,
            step=REFUSAL_STEP,
            subject=REFUSAL_SUBJECT,
            version=stopped.rule.version if stopped.rule is not None else None,
            start=stopped.starts_on,
            days=stopped.days,
            due_on=stopped.due_on,
        )
        after["due"] = deadline_due_record(deadline)
    audit_record(
        actor=actor, action="reception.refusal_notice_cancel", target=entry, unit=entry.session.unit, after=after
    )


def receipt_issued(entry: ReceptionEntry) -> Paper | None:
    """The receipt (Mẫu số 02/TCD) in force for the visit's documents, if one was issued and not cancelled."""
    from casework.papers.selectors import paper_issued_for

    return paper_issued_for(target=entry, key=RECEIPT_KEY)


def _lock_for_keeper(entry: ReceptionEntry, actor: User) -> ReceptionEntry:
    """The row under lock, once the actor may write it and it is not locked (`reception_entry_lock_reason`)."""
    entry = (
        ReceptionEntry.objects.select_for_update(of=("self",), no_key=True)
        .select_related("session__unit", "case")
        .get(pk=entry.pk)
    )
    if not can_keep_book(actor, entry.session):
        raise TransitionNotAllowed(_("Chỉ người tiếp và cán bộ tiếp nhận của đơn vị mới được ghi sổ."))
    if reason := reception_entry_lock_reason(entry):
        raise TransitionNotAllowed(reason)
    return entry


@transaction.atomic
def reception_documents_receive(
    *, entry: ReceptionEntry, actor: User, documents: Iterable[dict[str, object]]
) -> list[ReceptionDocument]:
    """Tiếp nhận thông tin, tài liệu, bằng chứng (Nghị định 154/2026/NĐ-CP Đ.15 khoản 4): the documents the
    visitor hands over, each by name, original or copy and number of pages (Mẫu số 02/TCD, ghi chú (5)),
    received by `actor`. The receipt acknowledges the list as it stands when it is issued: once issued, the
    list grows only after that receipt is cancelled."""
    entry = _lock_for_keeper(entry, actor)
    issued = receipt_issued(entry)
    if issued is not None:
        raise TransitionNotAllowed(
            _("Đã có giấy biên nhận số %(symbol)s cho tài liệu của lượt tiếp: hủy giấy đó trước khi ghi thêm.")
            % {"symbol": issued.symbol}
        )
    rows = list(documents)
    clean: list[tuple[str, str, int]] = []
    errors: dict[str, str] = {}
    if not rows:
        errors["documents"] = _("Phải ghi ít nhất một thông tin, tài liệu, bằng chứng.")
    elif len(rows) > MAX_DOCUMENTS:
        errors["documents"] = _("Mỗi lần ghi tối đa %(max)s tài liệu.") % {"max": MAX_DOCUMENTS}
    for number, row in enumerate(rows[:MAX_DOCUMENTS], start=1):
        name = str(row.get("name") or "").replace("\x00", "").strip()
        form, pages = row.get("form"), row.get("pages")
        if not name or len(name) > 500:
            problem = _("phải ghi tên (tối đa 500 ký tự)")
        elif form not in DocumentForm.values:
            problem = _("phải chọn bản chính hay bản sao")
        elif not isinstance(pages, int) or isinstance(pages, bool) or not 1 <= pages <= MAX_PAGES:
            problem = _("số trang phải từ 1 đến %(max)s") % {"max": MAX_PAGES}
        else:
            clean.append((name, str(form), pages))
            continue
        errors.setdefault("documents", _("Tài liệu thứ %(n)s: %(problem)s.") % {"n": number, "problem": problem})
    if errors:
        raise ValidationFailed(errors)
    now = clock.now()
    created = ReceptionDocument.objects.bulk_create(
        [
            ReceptionDocument(entry=entry, name=name, form=form, pages=pages, received_by=actor, received_at=now)
            for name, form, pages in clean
        ]
    )
    # The names may name the visitor or others: the book keeps them, the trail only how many.
    audit_record(
        actor=actor,
        action="reception.documents",
        target=entry,
        unit=entry.session.unit,
        after={"documents": len(created), "pages": sum(pages for _n, _f, pages in clean)},
    )
    return created


def reception_receipt_issue(*, entry: ReceptionEntry, actor: User) -> Paper:
    """Giấy biên nhận (Mẫu số 02/TCD): numbered in the unit's outgoing register like its other papers, by
    whoever issues the unit's papers (the papers page's rule, `paper_may_issue`)."""
    from casework.papers.selectors import paper_may_issue
    from casework.papers.services import paper_issue

    if not paper_may_issue(user=actor, unit=entry.session.unit):
        raise TransitionNotAllowed(_("Bạn không có quyền ban hành văn bản của đơn vị này."))
    return paper_issue(target=entry, key=RECEIPT_KEY, actor=actor)


# The columns of Mẫu số 03/TCD a keeper may correct or complete after the visit was recorded.
VISITOR_COLUMNS = ("full_name", "address", "id_number")
TEXT_COLUMNS = ("content", "resolved_by", "guided_to", "accepted_by", "follow_up", "note")
CODED_COLUMNS = ("people_count", "classification", "handling_route", "within_competence")
CORRECTABLE = (*VISITOR_COLUMNS, *TEXT_COLUMNS, *CODED_COLUMNS)
LENGTHS = {"full_name": 255, "address": 500, "id_number": 32, "resolved_by": 500}


@transaction.atomic
def reception_entry_correct(*, entry: ReceptionEntry, actor: User, changes: dict[str, object]) -> list[str]:
    """Sửa, bổ sung a row of the book (Mẫu số 03/TCD) after the visit was recorded: by its keepers, while it is
    not locked (`reception_entry_lock_reason`), under the rules it was recorded by. Returns the columns
    that changed.

    A value equal to what this keeper reads in the book is left as written, and a column the book shows
    them sealed or masked (a denounced visit's visitor and texts: Luật Tố cáo 2018 Đ.47 khoản 1) is not
    theirs to replace; a denounced visit stays one (reclassifying it would unseal its visitor). The
    trail names the columns changed and the coded values; the identity and the texts, which may name
    people, stay in the book alone (as `reception_entry_follow_up` records them)."""
    from casework.cases.identity import reception_decrypt

    entry = _lock_for_keeper(entry, actor)
    errors: dict[str, str] = {name: _("Cột này không sửa được.") for name in changes if name not in CORRECTABLE}
    if errors:
        raise ValidationFailed(errors)
    visitor = reception_decrypt(entry.visitor_ciphertext, entry=entry)[0]
    stored: dict[str, object] = {
        **{name: visitor.get(name, "") for name in VISITOR_COLUMNS},
        **{name: getattr(entry, name) for name in (*TEXT_COLUMNS, *CODED_COLUMNS)},
    }
    row = reception_entry_row(entry=entry, user=actor)
    shown = {**stored, **{name: getattr(row, name) for name in (*VISITOR_COLUMNS, *TEXT_COLUMNS)}}
    values = dict(stored)
    changed: list[str] = []
    for name, value in changes.items():
        if isinstance(stored[name], str):
            if not isinstance(value, str):
                errors[name] = _("Giá trị không hợp lệ.")
                continue
            value = value.replace("\x00", "").strip()
            if len(value) > LENGTHS.get(name, 10000):
                errors[name] = _("Tối đa %(max)s ký tự.") % {"max": LENGTHS.get(name, 10000)}
                continue
        if value == stored[name] or value == shown[name]:
            continue
        if shown[name] != stored[name]:
            errors[name] = _("Cột này đang được che với bạn (danh tính người tố cáo), không sửa được.")
            continue
        values[name] = value
        changed.append(name)
    if stored["classification"] == Classification.DENUNCIATION and "classification" in changed:
        errors["classification"] = _(
            "Lượt tiếp tố cáo giữ nguyên phân loại: danh tính người tố cáo được giữ bí mật (Điều 47 Luật Tố cáo)."
        )
    if "within_competence" in changed and not isinstance(values["within_competence"], bool):
        errors["within_competence"] = _("Giá trị không hợp lệ.")
    if "people_count" in changed and not isinstance(values["people_count"], int):
        errors["people_count"] = _("Số người phải từ 1 đến %(max)s.") % {"max": MAX_PEOPLE}
    if values["handling_route"] == HandlingRoute.CASE:
        values["within_competence"] = True  # cột (9): the unit takes the matter up (reception_entry_record)
    if not errors:
        errors = _columns_errors(
            full_name=str(values["full_name"]),
            content=str(values["content"]),
            classification=str(values["classification"]),
            handling_route=str(values["handling_route"]),
            people_count=values["people_count"],  # type: ignore[arg-type]
            within_competence=bool(values["within_competence"]),
        )
    if errors:
        raise ValidationFailed(errors)
    if values["within_competence"] != stored["within_competence"] and "within_competence" not in changed:
        changed.append("within_competence")
    if not changed:
        raise ValidationFailed({"__all__": _("Không có cột nào thay đổi.")})
    columns = [name for name in changed if name not in VISITOR_COLUMNS]
    for name in columns:
        setattr(entry, name, values[name])
    if any(name in VISITOR_COLUMNS for name in changed):
        entry.visitor_ciphertext = reception_encrypt([{name: values[name] for name in VISITOR_COLUMNS}], entry=entry)
        columns.append("visitor_ciphertext")
    entry.save(update_fields=columns)
    coded = [name for name in changed if name in CODED_COLUMNS]
    audit_record(
        actor=actor,
        action="reception.correct",
        target=entry,
        unit=entry.session.unit,
        before={name: stored[name] for name in coded},
        after={"fields": [name for name in CORRECTABLE if name in changed], **{name: values[name] for name in coded}},
    )
    return changed
