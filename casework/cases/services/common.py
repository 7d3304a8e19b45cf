"""The steps every case service shares: lock, check, save, audit, deadlines, notify."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy, pgettext_lazy
from django_fsm import (
    ConcurrentTransition,
    can_proceed,
    get_available_user_FIELD_transitions,
    has_transition_perm,
)

from casework.audit.services import audit_record
from casework.cases.models import REFERENCE_PREFIX, Case, CaseCounter, Kind
from casework.cases.services.identity import CASE_OFFICER_TEXTS, case_text_masked, case_texts_masked
from casework.org import role_cache
from core import clock
from core.errors import ConcurrentChange, TransitionNotAllowed, ValidationFailed
from notifications.language import NoticeText, notice_render
from notifications.services import notify
from workflows.flows.routing import process_advance
from workflows.models import Deadline, PolicyVersion
from workflows.policy_cache import policy_snapshot
from workflows.services.deadlines import deadline_open

# Vietnamese verbs for refusals ("Không thể <verb> ...").
ACTION_LABELS = {
    # "thụ lý" and "gia hạn" are also the nouns naming deadline steps (workflows.models): the verb has its context.
    "accept": pgettext_lazy("case action", "thụ lý"),
    "refuse": gettext_lazy("không thụ lý"),
    "transfer": gettext_lazy("chuyển đơn"),
    "guide": gettext_lazy("hướng dẫn"),
    "merge": gettext_lazy("gộp hồ sơ"),
    "set_aside": gettext_lazy("chuyển thành thông tin (không xử lý)"),
    "withdraw": gettext_lazy("ghi nhận rút đơn"),
    "assign": gettext_lazy("phân công"),
    "start_verification": gettext_lazy("bắt đầu xác minh"),
    "record_dialogue": gettext_lazy("ghi biên bản đối thoại"),
    "propose": gettext_lazy("đề xuất kết quả"),
    "approve": gettext_lazy("phê duyệt"),
    "send_back": gettext_lazy("trả lại để xác minh thêm"),
    "reopen_verification": gettext_lazy("thu hồi phê duyệt, trả lại để xác minh thêm"),
    "decide": gettext_lazy("ban hành quyết định giải quyết"),
    "conclude": gettext_lazy("ban hành kết luận"),
    "handle_conclusion": gettext_lazy("xử lý kết luận"),
    "answer": gettext_lazy("trả lời"),
    "notify_result": gettext_lazy("thông báo kết quả"),
    "close": gettext_lazy("đóng hồ sơ"),
    "suspend": gettext_lazy("tạm đình chỉ"),
    "resume": gettext_lazy("tiếp tục giải quyết"),
    "extend": pgettext_lazy("case action", "gia hạn"),
    "accept_notice": gettext_lazy("ghi nhận đã thông báo thụ lý"),
    "second_obstacles": gettext_lazy("ghi nhận trở ngại khách quan của khiếu nại lần hai"),
    "decision_receipt": gettext_lazy("ghi nhận ngày người khiếu nại nhận được quyết định"),
    "terminate": gettext_lazy("đình chỉ giải quyết"),
    "conclusion_measure": gettext_lazy("ghi biện pháp thực hiện kết luận"),
}


def case_url(case: Case) -> str:
    return reverse("cases:detail", args=[case.pk])


def available_actions(case: Case, user: Any) -> list[str]:
    """Names of the transitions this user may take on the case now."""
    status = Case._meta.get_field("status")
    return [t.name for t in get_available_user_FIELD_transitions(case, user, status)]


def case_lock(*, case: Case, expected_version: int | None = None) -> Case:
    """Re-read the case under a row lock.

    The caller's copy tells what the user saw: if someone changed the case since (another
    state, or another version when the page sent one), refuse rather than act on a case the
    user has not seen. Without the lock two officers could both pass the state check.
    """
    # The unit (every step checks roles in it and routes to it) and the case's key (its audit event
    # seals personal values under it) come in the same query; only the case row is locked, for no key
    # update: steps on the case wait for each other, a row written meanwhile that names the case (a
    # key-share lock) does not wait for the step. `get`, not `first`: one row by its key needs no ORDER BY.
    locked = (
        Case.objects.select_related("unit", "data_key").select_for_update(of=("self",), no_key=True).get(pk=case.pk)
    )
    if locked.status != case.status or (expected_version is not None and locked.version != expected_version):
        raise ConcurrentChange()
    locked.as_locked = _column_values(locked)
    return locked


def _column_values(case: Case) -> dict[str, Any]:
    # A mutable value (a JSON column) is copied, or a change made in place would go unseen.
    values = {f.attname: getattr(case, f.attname) for f in Case._meta.concrete_fields}
    return {k: copy.deepcopy(v) if isinstance(v, dict | list) else v for k, v in values.items()}


def _changed_fields(case: Case) -> list[str] | None:
    """Names of the fields changed since `case_lock` read the row; None when it did not."""
    before = getattr(case, "as_locked", None)
    if before is None:
        return None
    return [f.name for f in Case._meta.concrete_fields if getattr(case, f.attname) != before[f.attname]]


def case_save(case: Case) -> None:
    """Save a case and route its process to match (workflows.flows.routing).

    A case read by `case_lock` writes only the columns changed since; django-fsm-2's
    ConcurrentTransitionMixin writes the row only while it still has the status it was read with.
    On a denunciation, the officer's texts changed since are stored through its masks (`case_text_masked`)."""
    if case.kind == Kind.DENUNCIATION:
        typed = _changed_fields(case)
        _texts_mask(case, CASE_OFFICER_TEXTS if typed is None else CASE_OFFICER_TEXTS.intersection(typed))
    case.version += 1
    case.updated_at = clock.now()
    try:
        case.save(update_fields=_changed_fields(case))
    except ConcurrentTransition as exc:  # a writer that skipped the lock got there first
        raise ConcurrentChange() from exc
    case.as_locked = _column_values(case)
    process_advance(obj=case)


def _texts_mask(case: Case, fields: Any) -> None:
    for field in fields:
        value = getattr(case, field)
        if value:
            limit = Case._meta.get_field(field).max_length
            setattr(case, field, case_text_masked(case, value)[:limit])


def transition_refusal(*, case: Case, name: str, actor: Any, system: bool = False) -> TransitionNotAllowed | None:
    """Why transition `name` is refused now, as the error to raise: wrong state (naming it), no right to
    act, a conflict of interest in a decision; None when it may be taken."""
    method = getattr(case, name)
    label = ACTION_LABELS.get(name, name)
    if not can_proceed(method):
        return TransitionNotAllowed(
            gettext("Không thể %(action)s khi hồ sơ %(ref)s đang ở trạng thái “%(status)s”.")
            % {"action": label, "ref": case.reference, "status": case.get_status_display()},
            allowed=available_actions(case, actor) if actor is not None else [],
        )
    if system:
        return None
    # The rule asks for the actor's roles twice (recusal, then the role in the unit): read once.
    with role_cache.remembering():
        allowed = has_transition_perm(method, actor)
    if not allowed:
        return TransitionNotAllowed(
            gettext("Bạn không có quyền %(action)s hồ sơ %(ref)s.") % {"action": label, "ref": case.reference},
            allowed=available_actions(case, actor),
        )
    if name in DECISIONS and (refusal := decision_refusal(case=case, actor=actor, action=label)):
        return TransitionNotAllowed(refusal)
    return None


def transition_check(*, case: Case, name: str, actor: Any, system: bool = False) -> None:
    """Refuse with the reason (transition_refusal)."""
    if (refused := transition_refusal(case=case, name=name, actor=actor, system=system)) is not None:
        raise refused


# Steps that decide on the case: nobody with a conflict of interest takes them.
DECISIONS = frozenset(
    {"approve", "send_back", "reopen_verification", "handle_conclusion", "suspend", "resume", "terminate"}
)


def decision_refusal(*, case: Case, actor: Any, action: Any) -> str:
    """The refusal of a decision to one recused from the case or who declared a conflict of
    interest in it (case_conflict_reason); "" when they may decide."""
    from casework.cases.selectors import case_conflict_reason

    return decision_refusal_text(case=case, conflict=case_conflict_reason(case=case, user=actor), action=action)


def decision_refusal_text(*, case: Case, conflict: str, action: Any) -> str:
    """decision_refusal's words for a conflict read already (casework.cases.selectors.case_conflict_reason)."""
    if not conflict:
        return ""
    return gettext("Không thể %(action)s hồ sơ %(ref)s: %(conflict)s (xung đột lợi ích).") % {
        "action": action,
        "ref": case.reference,
        "conflict": conflict,
    }


def decision_check(*, case: Case, actor: Any, action: Any) -> None:
    """Refuse a decision maker who is recused from the case or declared a conflict of interest."""
    refusal = decision_refusal(case=case, actor=actor, action=action)
    if refusal:
        raise TransitionNotAllowed(refusal)


def case_step(
    *,
    case: Case,
    name: str,
    actor: Any,
    expected_version: int | None = None,
    reason: str = "",
    changes: dict | None = None,
    system: bool = False,
    locked: bool = False,
    paper: str = "",
    audit_after: dict | None = None,
    naming: str = "",
) -> tuple[Case, str]:
    """Lock, check, run transition `name`, apply `changes`, save and audit. Returns (case, old status).

    `locked`: the caller already holds the row from `case_lock` in this transaction.
    `paper`: the key of the official paper the step is (a decision): it is issued once the step is
    saved, numbered in the unit's outgoing register, and its number is the decision number the
    step's audit event records. A number is never typed.
    `audit_after`: more values for the step's audit event (e.g. whom its decision is sent to).
    On a denunciation, the officer's texts in `changes` are stored through its masks
    (`case_text_masked`; `naming`: the body the step records, kept like a unit's name), in the case and
    in the audit event alike; the event's reason is masked where every event about a case is sealed
    (`casework.cases.identity.case_audit_seal`)."""
    if not locked:
        case = case_lock(case=case, expected_version=expected_version)
    transition_check(case=case, name=name, actor=actor, system=system)
    if case.kind == Kind.DENUNCIATION:
        changes = case_texts_masked(case, changes or {}, naming=naming)
    before = case.status
    getattr(case, name)()
    for field, value in (changes or {}).items():
        setattr(case, field, value)
    case_save(case)
    after = {"status": case.status, **{k: _plain(v) for k, v in (changes or {}).items()}, **(audit_after or {})}
    if paper:
        from casework.papers.services import paper_issue

        after["decision_number"] = paper_issue(target=case, key=paper, actor=actor).symbol
    audit_record(
        actor=actor,
        action=f"case.{name}",
        target=case,
        unit=case.unit,
        before={"status": before},
        after=after,
        reason=reason,
    )
    return case, before


def _plain(value: Any) -> Any:
    from casework.areas.models import SubjectArea

    if isinstance(value, SubjectArea):
        return value.code  # stable across renames, readable in the trail
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def require_text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationFailed({field: message})
    return value


def deadline_start(case: Case, step: str, *, start: dt.date | None = None, due_on: dt.date | None = None) -> None:
    """Start the case's clock for `step` under the case's own policy version, from `start` (today by
    default); `due_on`: the due day the step itself set (an expert assessment's requested day)."""
    start = start or clock.today()
    deadline_open(
        target=case,
        unit=case.unit,
        step=step,
        subject=case.deadline_subject,
        # The case's own version, from the snapshot (no query); read from the database only if the
        # snapshot does not know it yet.
        version=policy_snapshot().version_by_pk(case.policy_version_id) or case.policy_version,
        variant=case.deadline_variant,
        start=start,
        assignee=case.assignee,
        due_on=due_on,
        days=(due_on - start).days if due_on is not None else None,
    )


def deadline_running(case: Case, step: str) -> bool:
    """Whether the case's clock for `step` runs: open, paused or run out, not yet met nor cancelled."""
    return Deadline.objects.filter(
        target_type="cases.case",
        target_id=str(case.pk),
        step=step,
        status__in=[Deadline.Status.OPEN, Deadline.Status.PAUSED, Deadline.Status.BREACHED],
    ).exists()


def deadline_running_version(case: Case, step: str) -> Any:
    """The policy version the case's running clock for `step` is counted under (the version of the row
    it names; the case's own when it names none): a longer limit for it is that version's row, whatever
    version an administrator published since."""
    version_id = (
        Deadline.objects.filter(
            target_type="cases.case",
            target_id=str(case.pk),
            step=step,
            status__in=[Deadline.Status.OPEN, Deadline.Status.PAUSED, Deadline.Status.BREACHED],
        )
        .values_list("rule__version", flat=True)
        .first()
    )
    if version_id is None:
        return case.policy_version
    return policy_snapshot().version_by_pk(version_id) or PolicyVersion.objects.get(pk=version_id)


def reference_next(*, kind: str, year: int) -> str:
    """The next reference of the kind's series in the year: KN-2026-00042.

    The counter row is created if missing, then incremented in place: the UPDATE holds the row's
    lock until the caller's transaction ends, so numbers stay gapless and unique under concurrent
    intake (a rolled-back intake gives its number back).
    """
    prefix = REFERENCE_PREFIX[kind]
    CaseCounter.objects.bulk_create([CaseCounter(prefix=prefix, year=year, last=0)], ignore_conflicts=True)
    counter = CaseCounter.objects.filter(prefix=prefix, year=year)
    counter.update(last=F("last") + 1)
    last = counter.values_list("last", flat=True).get()
    return f"{prefix}-{year}-{last:05d}"


def case_notify_party(*, case: Case, user: Any, title: NoticeText, body: NoticeText = "", event: str) -> None:
    """A notice to the person denounced or complained about as a party (Luật Tố cáo Đ.29, 30): the
    paper's content only, with no link into the case, which stays closed to them (recusal). The
    e-mail carries that content too: it is written for them and names no denouncer."""
    notify(
        users=[user],
        title=lambda: case_text_masked(case, notice_render(title)),
        body=lambda: case_text_masked(case, notice_render(body)),
        url="",
        unit=case.unit,
        key=f"case:{case.pk}:{event}:{case.version}",
        reference=case.reference,
    )


# Luật Tố cáo 2018 Đ.30, Đ.34: a denunciation's decisions on its course (extension, suspension,
# resumption, termination) are sent to the denouncer and the person denounced (and the bodies concerned).
DENUNCIATION_DECISION_SENT_TO = ["người tố cáo", "người bị tố cáo", "cơ quan, tổ chức có liên quan"]


def denounced_decision_notify(*, case: Case, title: NoticeText, body: NoticeText, event: str) -> None:
    """The person denounced, when they have an account, is told of the decision: its kind, number and
    what it decides, never who denounced them (Luật Tố cáo 2018 Đ.47); the denouncer's copy is the
    paper addressed to them on the case page."""
    if case.kind == Kind.DENUNCIATION and case.subject_user_id:
        case_notify_party(case=case, user=case.subject_user, title=title, body=body, event=event)


def case_notify(
    *, case: Case, users: list[Any] | QuerySet, title: NoticeText, body: NoticeText = "", event: str
) -> None:
    """Tell `users` about the case; the people recused from it are never told (it does not exist
    for them). A denunciation's title and body go through its masks (`case_text_masked`), once
    rendered in the site's language (notifications/language.py)."""
    from casework.cases.recusal import case_recused_user_ids

    recused = case_recused_user_ids(case=case)
    if isinstance(users, QuerySet):
        users = users.exclude(pk__in=recused) if recused else users
    else:
        users = [u for u in users if u is not None and u.pk not in recused]
    notify(
        users=users,
        title=lambda: f"{case.reference}: {case_text_masked(case, notice_render(title))}",
        body=lambda: case_text_masked(case, notice_render(body)),
        url=case_url(case),
        unit=case.unit,
        key=f"case:{case.pk}:{event}:{case.version}",
        reference=case.reference,
        body_by_email=False,
        never=recused,  # nor as anyone's stand-in
    )
