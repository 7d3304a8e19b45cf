"""Reads about cases. Every list and detail is scoped to the units the user may see."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db.models import (
    BigIntegerField,
    BooleanField,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast
from django.http import Http404
from django.utils.translation import gettext, gettext_noop

from casework.areas.selectors import subject_area_name_now, subject_area_q
from casework.cases.identity import PersonalDataDestroyed, fingerprint_has_contact, identity_decrypt
from casework.cases.models import (
    OPEN_STATUSES,
    Case,
    ComplaintRepresentative,
    ConflictDeclaration,
    DenouncerIdentity,
    DisciplineProceeding,
    IntakeSubmission,
    Kind,
    Status,
    Submitter,
    Withdrawal,
)
from casework.cases.permissions import (
    APPROVE_ROLES,
    ASSIGNEE_ROLES,
    INTAKE_ROLES,
    LEADERSHIP_ROLES,
    READ_ROLES,
    can_assign,
    case_decidable_q,
    case_deciders_read,
)
from casework.cases.receipts import receipt_code_hash, receipt_code_is_well_formed
from casework.cases.recusal import case_recusal_reason, case_recused_q
from casework.cases.redaction import mask_shown
from casework.org import role_cache
from casework.org.awaited import awaited_line, body_name
from casework.org.models import PATH_SEGMENT_WIDTH, Role, RoleAssignment, Unit, User
from casework.org.selectors import (
    assignments_read_ahead,
    scope_q,
    unit_is_visible,
    units_visible_to,
    user_holds_role,
    user_holds_role_titular,
    user_roots,
)
from casework.search.models import SearchDocument
from casework.search.selectors import search_match_ids
from core import clock
from workflows.deadline_status import (
    counting_pks,
    deadline_status_q,
    object_clocks,
    overdue_deadlines,
    overdue_pks,
    urgent_due_at,
)
from workflows.list_order import DUE, choice_order
from workflows.models import Deadline

DUPLICATE_RATIO = 0.85
DUPLICATE_WINDOW_DAYS = 365
DUPLICATE_CANDIDATES = 300


def _running_deadlines() -> QuerySet[Deadline]:
    """The running clocks of cases that are the case's own limits (workflows.deadline_status.object_clocks):
    a request's clock for an expert conclusion never makes its case overdue (case_expertise shows it)."""
    return object_clocks().filter(
        target_type="cases.case", status__in=[Deadline.Status.OPEN, Deadline.Status.BREACHED, Deadline.Status.PAUSED]
    )


def _case_pk_text() -> Cast:
    """Deadline.target_id is text: compare it with the outer case's id cast to text."""
    return Cast(OuterRef("pk"), output_field=CharField())


def case_visible_q(*, user: Any) -> Q:
    """Cases of the units the user's roles reach today, less the cases the user is recused from
    (casework.cases.recusal): for them those do not exist.

    Being the assignee adds nothing: an officer is assigned only within the reach of a role they hold,
    and once that role has ended (or before it starts) their former cases are out of scope like any other.
    Every read of cases (pages, API, search, reports, exports, attachments) filters on this. Scope and
    recusal ask the same question (the user's roles today), read once here also outside a request."""
    with role_cache.remembering():
        recused = case_recused_q(user=user)
        q = scope_q(user=user, roles=READ_ROLES, prefix="unit__")
    return q & ~recused


def intake_defaults(*, user: Any) -> dict[str, Any]:
    """What the intake form starts with: received today, handled by the unit where `user` registers
    letters when there is one such unit (the units below it stay a choice)."""
    from casework.org.selectors import user_roots

    defaults: dict[str, Any] = {"received_on": clock.today()}
    units = {unit.pk: unit for unit in user_roots(user=user, roles=INTAKE_ROLES)}
    if len(units) == 1:
        defaults["unit"] = next(iter(units.values()))
    return defaults


def intake_subject_units(*, user: Any) -> QuerySet[Unit]:
    """The units an intake by `user` may name as the unit complained about or denounced (whose
    leaders are then recused from the case): the units they read cases of."""
    return units_visible_to(user=user, roles=READ_ROLES)


def intake_subject_unit_offered(*, user: Any, unit: Unit) -> bool:
    """Whether `unit` is among `intake_subject_units(user=user)`, decided from the user's roles
    as already read (no query within a request or a `role_cache.remembering()` block)."""
    return unit_is_visible(user=user, unit=unit, roles=READ_ROLES)


def case_visible(*, user: Any) -> QuerySet[Case]:
    """The cases the user may see, with their unit: the plain scoped read (search results, pickers)."""
    return Case.objects.filter(case_visible_q(user=user)).select_related("unit")


# The columns the case list may be sorted by (`?sort=`; workflows.list_order): anything else gives the urgency order.
CASE_SORTS: dict[str, tuple] = {
    "reference": ("reference",),
    "kind": (choice_order("kind", Kind.choices),),
    "title": ("title",),
    "unit": ("unit__name",),
    "assignee": ("assignee__full_name",),
    "received": ("received_on",),
    "status": (choice_order("status", Status.choices),),
    "due": DUE,
}


def case_backlog_q() -> Q:
    """The backlog: letters neither resolved (decided, concluded, answered) nor closed, whatever their
    status says (a decision still to be sent is resolved). The reports' open letters as of now."""
    return Q(decided_on__isnull=True, closed_on__isnull=True)


def case_list(*, user: Any, filters: dict | None = None) -> QuerySet[Case]:
    """The case list: filters kind, status, open, backlog, unit (its subtree; the unit alone with
    own_unit), assignee, due_before, overdue, subject_area, q (search)."""
    filters = filters or {}
    # Membership in the overdue set, which PostgreSQL hashes once, not an EXISTS per case: the list
    # sorts every visible case on it (with 200,000 letters in a province, a third faster).
    overdue = ExpressionWrapper(Q(pk__in=case_ids_overdue(now=clock.now())), output_field=BooleanField())
    qs = (
        Case.objects.filter(case_visible_q(user=user))
        .select_related("unit", "subject_unit", "assignee", "subject_area")
        .annotate(overdue=overdue, subject_area_name=subject_area_name_now())
    )
    if filters.get("subject_area"):
        qs = qs.filter(subject_area_q(code=filters["subject_area"]))
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("open"):
        qs = qs.filter(status__in=OPEN_STATUSES)
    if filters.get("backlog"):
        qs = qs.filter(case_backlog_q())
    if filters.get("unit"):
        unit = filters["unit"]
        qs = qs.filter(unit=unit) if filters.get("own_unit") else qs.filter(unit__path__startswith=unit.path)
    if filters.get("assignee"):
        qs = qs.filter(assignee=filters["assignee"])
    if filters.get("due_before"):
        qs = qs.filter(
            Exists(
                _running_deadlines().filter(
                    target_id=_case_pk_text(), status=Deadline.Status.OPEN, due_on__lte=filters["due_before"]
                )
            )
        )
    if filters.get("overdue"):
        qs = qs.filter(overdue=True)
    if filters.get("deadline"):
        # The cases whose deadline chip says so (the one rule: workflows.deadline_status).
        qs = qs.filter(deadline_status_q(Case, filters["deadline"], clock.now()))
    if filters.get("q"):
        # The search index: accent-insensitive, and never a denunciation's letter text (see casework.search).
        qs = qs.filter(pk__in=search_match_ids(q=filters["q"], kind=SearchDocument.Kind.CASE))
    return qs.order_by("-overdue", "-received_on", "-pk")


AWAITING_REDACTION = gettext_noop("[Nội dung đơn tố cáo đang chờ bản che thông tin người tố cáo]")


def case_content_for(*, case: Case, user: Any, revealed: bool = False) -> str:
    """The letter's text as `user` may read it (Luật Tố cáo Đ.47): a denunciation's working copy,
    identifying passages masked, for everyone; the original only within an audited reveal
    (`revealed`, after `case_identity_reveal`) by whom `can_reveal_identity` allows."""
    from casework.cases.permissions import can_reveal_identity

    if case.kind != Kind.DENUNCIATION or (revealed and can_reveal_identity(case, user)):
        return case.content
    return mask_shown(case.content_redacted) if case.content_redacted else gettext(AWAITING_REDACTION)


def case_ids_readable(*, user: Any, ids: Iterable[int | None]) -> set[int]:
    """Which of these cases the user may open: a case's page links only these (a case it came from or
    went into, read elsewhere, is named by its reference without a link)."""
    wanted = [pk for pk in ids if pk is not None]
    if not wanted:
        return set()
    return set(Case.objects.filter(case_visible_q(user=user), pk__in=wanted).values_list("pk", flat=True))


def case_get_for_user(*, user: Any, pk: int) -> Case:
    """The case if the user may see it; 404 otherwise (its existence is not revealed)."""
    case = (
        Case.objects.filter(case_visible_q(user=user))
        # previous, origin and merged_into are not joined: they are empty on almost every case (an
        # empty link costs no query), and three more self-joins multiplied the planning time (~3 ms).
        .select_related("unit", "subject_unit", "assignee", "policy_version")
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise Http404(gettext("Không tìm thấy hồ sơ."))
    return case


def _inbox_cases(*, user: Any) -> QuerySet[Case]:
    """The cases of "Việc của tôi", unordered and bare (see case_inbox)."""
    if not getattr(user, "is_authenticated", False):
        return Case.objects.none()
    # Assigned to them, within the reach of a role they hold today (the other branches are scoped by role).
    mine = Q(assignee=user) & scope_q(user=user, roles=READ_ROLES, prefix="unit__")
    triage = Q(status=Status.RECEIVED) & scope_q(
        user=user, roles=(Role.INTAKE_OFFICER, Role.CASE_OFFICER), prefix="unit__"
    )
    # An approval is the body's decision: it waits on whoever may take it (case_decision_open_q), never
    # on a chair with no delegation in force nor on an administrator as such (docs/roles.md).
    approvals = Q(status=Status.PROPOSED) & case_decision_open_q(user=user)
    assign = Q(status=Status.ACCEPTED) & scope_q(user=user, roles=(Role.COMMITTEE_CHAIR,), prefix="unit__")
    return (
        Case.objects.filter(status__in=OPEN_STATUSES)
        .filter(mine | triage | approvals | assign)
        .exclude(case_recused_q(user=user))
    )


def _overdue_deadlines(now: Any) -> QuerySet[Deadline]:
    return overdue_deadlines(now).filter(target_type="cases.case")


def case_ids_overdue(*, now: Any) -> QuerySet[Any, Any]:
    """The ids of the cases whose chip reads overdue at `now` (workflows.deadline_status.overdue_pks,
    the rule of the `deadline=overdue` filter): a clock of the case's own, breached or open past due,
    read from the deadlines' partial indexes, for `Case.objects.filter(pk__in=…)`, which PostgreSQL
    hashes once. A case that has ended runs only its sending clocks (SENDING_STEPS: the notices of
    acceptance, Luật Tố cáo 2018 Đ.29; the conclusion, Đ.35 khoản 3; a decision on the case's course,
    Đ.34 khoản 4, Nghị định 124/2020/NĐ-CP Đ.28b): one of them late is an obligation missed, and the
    case is overdue for it. The backlog's figures (the inbox, the dashboard's `overdue_by_unit`, the
    report's `open_overdue`) count the open cases among these."""
    return overdue_pks(Case, now)


# "Việc của tôi" most urgent first: the lists' urgency order (workflows.deadline_status.URGENCY_ORDER:
# overdue first, the earliest due moment first, then the nearest due of a clock that counts; a paused
# clock counts as none, its due day moving on when it resumes) and then the day received, the id last.
INBOX_ORDER = (F("overdue").desc(), F("urgency_due").asc(nulls_last=True), "received_on", "pk")


def case_inbox(*, user: Any, now: Any = None) -> QuerySet[Case]:
    """ "Việc của tôi": my open cases (assigned, or waiting for my triage/approval) in INBOX_ORDER,
    each with `overdue`, `urgency_due` (the due moment it sorts on, None when no clock of it counts)
    and `next_due_on`, the due day of its nearest running deadline (as `case_next_due`)."""
    return _inbox_rows(_inbox_cases(user=user), now or clock.now())


def _inbox_rows(cases: QuerySet[Case], now: Any) -> QuerySet[Case]:
    """`cases` as "Việc của tôi" reads and orders them (case_inbox)."""
    return (
        cases.select_related("unit", "assignee")
        .annotate(
            overdue=Exists(_overdue_deadlines(now).filter(target_id=_case_pk_text())),
            urgency_due=_urgency_due(now),
            next_due_on=Subquery(
                _running_deadlines().filter(target_id=_case_pk_text()).order_by("due_at").values("due_on")[:1]
            ),
        )
        .order_by(*INBOX_ORDER)
    )


def _urgency_due(now: Any) -> Subquery:
    return urgent_due_at(type_ref=Value("cases.case"), id_ref=_case_pk_text(), now=now)


def _first_by_due(cases: QuerySet[Case], deadlines: QuerySet[Deadline]) -> QuerySet[Any, Any]:
    """`cases` (each with one of `deadlines`, target_type "cases.case") in the order of the earliest
    due moment of their `deadlines`, then the day received and the id, as those earliest deadlines
    (none of the case's others due before it, or as early with a lower id), as their `target_pk`:
    read in due order, so a slice stops at its end instead of deciding each case's earliest first."""
    # Membership is looked up by id on each deadline read (the case's day received, None when not a
    # member), not joined: PostgreSQL would decide first which cases of the whole scope are members.
    received = Subquery(cases.filter(pk=OuterRef("target_pk")).order_by().values("received_on")[:1])
    earlier = deadlines.filter(target_type=OuterRef("target_type"), target_id=OuterRef("target_id")).filter(
        Q(due_at__lt=OuterRef("due_at")) | Q(due_at=OuterRef("due_at"), pk__lt=OuterRef("pk"))
    )
    return (
        deadlines.annotate(target_pk=Cast("target_id", BigIntegerField()))
        .alias(received=received)
        .filter(received__isnull=False)
        .exclude(Exists(earlier))
        .order_by("due_at", "received", "target_pk")
        .values("target_pk")
    )


def case_inbox_top(*, user: Any, limit: int) -> QuerySet[Case]:
    """The first `limit` rows of `case_inbox`, in one query, without deciding "overdue" nor the due
    moment for every open case in the user's scope (with 100,000 received letters in a province that
    costs half a second per home page; benchmarks inbox_vs_sql). INBOX_ORDER splits the rows into
    three runs, each a contiguous block of it, so the first `limit` rows are among the first `limit`
    of each run, and case_inbox's order is applied to those alone:
    - the overdue cases by their earliest due moment, picked from the overdue deadlines;
    - the others with a clock that counts by the nearest, picked from the open clocks (a case not
      overdue has no breached clock, and its open ones are not yet due);
    - the cases with no clock that counts, by the day received alone, read only when the run before
      has fewer than `limit` cases."""
    now = clock.now()  # one reading for the pick and the order, so a clock falling due between cannot split them
    cases = _inbox_cases(user=user)
    overdue = case_ids_overdue(now=now)
    clocks = object_clocks().filter(target_type="cases.case")
    running = _first_by_due(cases.exclude(pk__in=overdue), clocks.filter(status=Deadline.Status.OPEN))
    picks = [
        _first_by_due(cases.filter(pk__in=overdue), _overdue_deadlines(now))[:limit],
        running[:limit],
        cases.exclude(pk__in=counting_pks(Case))
        .exclude(Exists(running[limit - 1 : limit]))
        .order_by("received_on", "pk")
        .values("pk")[:limit],
    ]
    # Each pick's slice sits inside an IN of its own, so the UNION's members are neither sliced nor
    # ordered: one query on SQLite as on PostgreSQL, which then reads the candidates by id. Every pick
    # is drawn from `cases`, so the candidates are read by id alone, the scope not asked a fifth time.
    first, *others = (Case.objects.filter(pk__in=pick).values("pk").order_by() for pick in picks)
    return _inbox_rows(Case.objects.filter(pk__in=first.union(*others, all=True)), now)[:limit]


def case_disciplines(case: Case) -> list[DisciplineProceeding]:
    """The case's discipline proceedings in the order proposed, with their deciding unit: the one pending and the
    ones decided are read from them. Within a page's reading (core.reading) they are read once for all."""
    from core.reading import read_once

    return read_once(
        ("case_disciplines", case.pk), lambda: list(case.disciplines.select_related("unit").order_by("pk"))
    )


def case_steps_awaited(*, case: Case) -> frozenset[str]:
    """The steps of the case's clocks still awaited (open, or run out and not yet met): what the
    notices and sendings to make are read from (`accept_notice_pending`, `denounced_notice_pending`,
    `conclusion_sending_pending`, `decision_sending_pending`). Within a page's reading (core.reading)
    they are read once for all of them."""
    from core.reading import read_once

    def awaited() -> frozenset[str]:
        return frozenset(
            Deadline.objects.filter(
                target_type="cases.case",
                target_id=str(case.pk),
                status__in=[Deadline.Status.OPEN, Deadline.Status.BREACHED],
            ).values_list("step", flat=True)
        )

    return read_once(("case_steps_awaited", case.pk), awaited)


def case_next_due(*, case: Case) -> Deadline | None:
    return _running_deadlines().filter(target_id=str(case.pk)).order_by("due_at").first()


def case_deadlines(*, case: Case) -> list[Deadline]:
    return list(Deadline.objects.filter(target_type="cases.case", target_id=str(case.pk)).order_by("created_at"))


@dataclass
class ExpertiseRow:
    """One request for an expert assessment as the case page and the API show it: the request, its
    clock and that clock's chip (None once stopped)."""

    request: Any
    deadline: Deadline | None
    status: Any
    overdue: bool


def case_expertise(*, case: Case, now: Any = None) -> list[ExpertiseRow]:
    """The case's requests for an expert assessment, in order, each with the clock its conclusion runs
    on ("expertise:<n>") and, while the conclusion is awaited, that clock's chip (workflows.deadline_status:
    "sắp đến hạn" when its reminder is due, overdue once past the day asked for)."""
    from casework.cases.services.expertise import expertise_requests, expertise_step
    from workflows.deadline_status import deadline_status

    now = now or clock.now()
    requests = list(expertise_requests(case).select_related("conclusion_attachment"))
    if not requests:
        return []
    clocks: dict[str, Deadline] = {}
    for clock_ in Deadline.objects.filter(
        target_type="cases.case", target_id=str(case.pk), step__startswith="expertise:"
    ).order_by("created_at", "pk"):
        clocks[clock_.step] = clock_  # the latest clock of each request
    running = (Deadline.Status.OPEN, Deadline.Status.BREACHED, Deadline.Status.PAUSED)
    rows = []
    for request in requests:
        deadline = clocks.get(expertise_step(request))
        status = deadline_status(deadline, now) if deadline is not None and deadline.status in running else None
        rows.append(ExpertiseRow(request, deadline, status, bool(status and status.overdue)))
    return rows


def case_approval_awaited(*, case: Case, user: User) -> str:
    """Who a proposed result waits on, for a reader of the case: read from the rule that lets them
    approve (case_deciders_read, can_decide), naming every one of them: the body of the deciding unit
    (its standing committee, Ban Thường vụ, when one of its members decides, else its executive
    committee, Ban Chấp hành), and, while the body's delegation for this kind of case is in force, the
    committee chair (or the acting chair, quyền Chủ nhiệm, while appointed) as well, the body's members
    approving still (can_decide: can_lead first). Only for a proposed case; "" otherwise. Conflicts are
    seen only by who sees them on the case page (`can_assign`): to anyone else a line the conflicts
    changed (those of the case's unit all conflicted and a unit above decides, or one of its bodies or
    chairs left out) reads that it waits on the competent level."""
    if case.status != Status.PROPOSED:
        return ""
    read = case_deciders_read(case)
    named = _approvers_named(case, read.unit, read.deciders)
    if read.conflicted and not can_assign(case, user):
        own_unit = read.unit is not None and read.unit.pk == case.unit_id
        unconflicted = [*(read.deciders if own_unit else []), *(u for u, _why in read.conflicted)]
        if _approvers_named(case, case.unit, unconflicted) != named:
            named = []
    return awaited_line(names=named)


def _approvers_named(case: Case, unit: Unit | None, deciders: list[User]) -> list[str]:
    """The names `case_approval_awaited` gives these deciders of `unit`: the committee chair (in their
    own right, acting, or both) deciding under the body's delegation, then the body."""
    if unit is None or not deciders:
        return []
    leaders = [u for u in deciders if user_holds_role(user=u, roles=LEADERSHIP_ROLES, unit=case.unit)]
    chairs = [u for u in deciders if u not in leaders]
    names = []
    titular = [user_holds_role_titular(user=u, roles=(Role.COMMITTEE_CHAIR,), unit=case.unit) for u in chairs]
    if chairs and all(titular):
        names.append(gettext("Chủ nhiệm Ủy ban Kiểm tra %(unit)s (theo ủy quyền)") % {"unit": unit})
    elif chairs and any(titular):
        names.append(
            gettext("Chủ nhiệm hoặc quyền Chủ nhiệm Ủy ban Kiểm tra %(unit)s (theo ủy quyền)") % {"unit": unit}
        )
    elif chairs:
        names.append(gettext("quyền Chủ nhiệm Ủy ban Kiểm tra %(unit)s (theo ủy quyền)") % {"unit": unit})
    if leaders:
        names.append(body_name(unit=unit, members=leaders))
    return names


def case_conflict_reason(*, case: Case, user: User) -> str:
    """Why `user` is conflicted with `case` ("" when not): the one rule for whoever resolves it (the
    officer assigned: `case_assign`, `officers_for_assignment`) and whoever decides on it (approve,
    send back, suspend, resume, extend, complexity, termination, discipline, decide an escalation,
    sign). Recused from it (the person concerned, a leader of the unit concerned, a namesake of the
    person concerned holding a role there: casework.cases.recusal), a conflict of interest they
    declared in the case, or a conflict with the unit concerned (a role other than the committee's
    held in it or below it, a conflict declared with it or a unit above it). The last is the rule of
    whoever decides or signs for the body about a unit, the inspection chair's and the inspection
    team's as well (inspections.services.teams.decider_conflict; docs/domain.md: nobody in conflict
    with the unit concerned votes or signs for the body); those who decide then are the leaders
    above, who hold the role there too (case_deciders)."""
    return case_conflict_reasons(case=case, users=[user])[user.pk]


def case_conflict_reasons(*, case: Case, users: Iterable[User]) -> dict[int, str]:
    """`case_conflict_reason` for several people at once (user pk → reason, "" when not conflicted):
    their declarations and their conflicts with the unit concerned each read in one query. Within a
    page's reading (core.reading) each person's answer is read once."""
    return cases_conflict_reasons(cases=[case], users=users)[case.pk]


def cases_conflict_reasons(*, cases: Iterable[Case], users: Iterable[User]) -> dict[int, dict[int, str]]:
    """`case_conflict_reasons` for several cases at once (case pk → user pk → reason): their declarations
    and the conflicts with their units concerned each read in one query whatever their number (the
    leadership queue names who decides each of its rows so)."""
    from core.reading import keep, read_once, recall

    cases = list({case.pk: case for case in cases}.values())
    people = {u.pk: u for u in users}
    found: dict[int, dict[int, str]] = {case.pk: {} for case in cases}
    for case in cases:
        for pk in people:
            kept = recall(("conflict", case.pk, pk))
            if kept is not None:
                found[case.pk][pk] = kept
    unread = {case.pk: [u for pk, u in people.items() if pk not in found[case.pk]] for case in cases}
    asked = [case for case in cases if unread[case.pk]]
    if not asked:
        return found
    # The cases' declarations, everyone's (a case has few), read once per page whoever is asked about.
    unknown = [case.pk for case in asked if recall(("conflicts_declared", case.pk)) is None]
    fresh: dict[int, list[ConflictDeclaration]] = {pk: [] for pk in unknown}
    for declaration in ConflictDeclaration.objects.filter(case_id__in=unknown).order_by("pk") if unknown else []:
        fresh[declaration.case_id].append(declaration)
    with_unit: dict[int, dict[int, str]] = {}
    subjects = [case.subject_unit for case in asked if case.subject_unit is not None]
    if subjects:
        from casework.inspections.services.teams import units_team_conflicts

        asked_people = list({u.pk: u for case in asked for u in unread[case.pk]}.values())
        with_unit = units_team_conflicts(users=asked_people, units=subjects)
    assignments_read_ahead(users=[u for case in asked for u in unread[case.pk]])  # each one's recusal reads their roles
    for case in asked:
        declared: dict[int, ConflictDeclaration] = {}
        for declaration in read_once(("conflicts_declared", case.pk), partial(list, fresh.get(case.pk, []))):
            declared.setdefault(declaration.user_id, declaration)
        conflicted = with_unit.get(case.subject_unit_id, {}) if case.subject_unit_id else {}
        for user in unread[case.pk]:
            reason = case_recusal_reason(case=case, user=user)
            if not reason and user.pk in declared:
                reason = gettext("người này đã khai báo xung đột lợi ích (%(note)s)") % {"note": declared[user.pk].note}
            found[case.pk][user.pk] = reason or conflicted.get(user.pk, "")
            keep(("conflict", case.pk, user.pk), found[case.pk][user.pk])
    return found


def case_conflict_q(*, user: Any) -> Q:
    """`case_conflict_reason` as a filter over cases: those `user` is recused from, declared a conflict
    of interest in, or whose unit concerned they are conflicted with (units_conflicted_q, the rule of
    inspections.services.teams.decider_conflict)."""
    from casework.inspections.selectors import units_conflicted_q

    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    declared = ConflictDeclaration.objects.filter(user_id=user.pk).values("case_id")
    return case_recused_q(user=user) | Q(pk__in=declared) | units_conflicted_q(user=user, prefix="subject_unit__")


def case_decision_open_q(*, user: Any) -> Q:
    """The cases on which `user` may take the competent body's decisions (approve or send back a
    proposal, handle a conclusion, suspend, resume): the rule of the transitions' permission
    (permissions.can_approve, can_decide) and of the services' conflict check (case_conflict_reason),
    as one filter. The inbox ("Việc của tôi", the home page) and the flows' decision tasks
    (workflows.flows.cases) list by it; the page's and the API's actions (casework.cases.actions)
    answer the same for one case."""
    if not user_holds_role(user=user, roles=APPROVE_ROLES):
        return Q(pk__in=[])  # no approver's role: nothing to read further
    return case_decidable_q(user=user) & ~case_conflict_q(user=user)


def case_decision_excluded_user_ids(*, case: Case) -> set[int]:
    """Everyone who may not take a decision on `case` nor sign its papers: the people recused
    from it, those who declared a conflict of interest in it and those conflicted with the unit
    concerned (`case_conflict_reason`, for every one at once)."""
    from casework.cases.recusal import case_recused_user_ids
    from casework.inspections.services.teams import unit_conflicted_user_ids

    declared = ConflictDeclaration.objects.filter(case=case).values_list("user_id", flat=True)
    excluded = case_recused_user_ids(case=case) | set(declared)
    if case.subject_unit is not None:
        excluded |= unit_conflicted_user_ids(unit=case.subject_unit)
    return excluded


def case_withdrawals(*, case: Case) -> QuerySet[Withdrawal]:
    """A denunciation's withdrawals, or those of a complaint's several complainants, in the order they
    were recorded (none for other letters), with who made each record and which complainants withdrew:
    what the case page and the API's detail show (never a denouncer's particulars)."""
    if case.kind not in (Kind.DENUNCIATION, Kind.COMPLAINT):
        return Withdrawal.objects.none()
    rows = Withdrawal.objects.filter(case=case).select_related("recorder").order_by("pk")
    return rows.prefetch_related("complainants") if case.kind == Kind.COMPLAINT else rows


def complainants_withdrawn_ids(*, case: Case) -> set[int]:
    """The complainants of a complaint of several who withdrew it (Nghị định 124/2020/NĐ-CP Đ.7a, bổ
    sung bởi Nghị định 155/2026/NĐ-CP Đ.5): their withdrawals add up."""
    return set(Submitter.objects.filter(case=case, withdrawals__isnull=False).values_list("pk", flat=True))


def case_complainants(*, case: Case) -> list[Submitter]:
    """Who the complaint is still the complaint of: its complainants less those who withdrew it, who no
    longer have a complainant's rights and duties (Nghị định 124/2020/NĐ-CP Đ.7a khoản 1, bổ sung bởi Nghị
    định 155/2026/NĐ-CP Đ.5; Luật Khiếu nại 2011 Đ.12). When all withdrew, all of them: the decision
    terminating the resolution goes to them (khoản 2; Luật Khiếu nại 2011 Đ.10)."""
    people = list(case.submitters.all())
    withdrawn = complainants_withdrawn_ids(case=case) if case.kind == Kind.COMPLAINT and len(people) > 1 else set()
    remaining = [s for s in people if s.pk not in withdrawn]
    return remaining or people


def withdrawal_recorders(*, case: Case) -> QuerySet[User]:
    """Who the page offers as the maker of a record of a denunciation's withdrawal (Nghị định
    31/2019/NĐ-CP Đ.4 khoản 2, sửa đổi bởi Nghị định 156/2026/NĐ-CP: the resolver, whoever checks the
    denouncer and the conditions of acceptance, the verifier, whoever receives the withdrawal): the
    competent unit's intake and resolving roles and the assignee, less those recused from the case."""
    from casework.cases.permissions import RESOLVER_ROLES
    from casework.cases.recusal import case_recused_user_ids
    from casework.org.selectors import users_with_role

    holders = users_with_role(unit=case.unit, roles={*INTAKE_ROLES, *RESOLVER_ROLES}).values("pk")
    people = User.objects.filter(Q(pk__in=holders) | Q(pk=case.assignee_id))
    return people.exclude(pk__in=case_recused_user_ids(case=case)).order_by("username")


@dataclass
class OfficerChoice:
    user: User
    open_cases: int
    conflict: str
    # Holds the role in the case's unit itself (not only in a unit above it).
    of_unit: bool = True


def case_assignable_users(*, case: Case) -> QuerySet[User]:
    """Who a case may be assigned to (phân công cán bộ giải quyết): the active holders, today, of the case
    officer's or the inspector's role (`ASSIGNEE_ROLES`) in the competent unit or a unit above it, in their own
    right or under an acting appointment (a grassroots union's case given to its sector's officer). The one
    rule of the assignment form's choices (`officers_for_assignment`) and of `case_assign`, which accepts no one
    else; a conflict with the case (`case_conflict_reason`) still refuses one of them."""
    from casework.org.selectors import users_with_role

    return users_with_role(unit=case.unit, roles=ASSIGNEE_ROLES, include_ancestors=True)


def officers_for_assignment(*, case: Case) -> list[OfficerChoice]:
    """Those the case may be assigned to (`case_assignable_users`) with their open work, each one's conflict
    with the case marked (`case_conflict_reason`, the reason `case_assign` refuses them for)."""
    of_unit = RoleAssignment.objects.active_on(clock.today()).filter(
        user=OuterRef("pk"), unit=case.unit, role__in=ASSIGNEE_ROLES
    )
    officers = list(
        case_assignable_users(case=case).annotate(
            open_cases=Count("assigned_cases", filter=Q(assigned_cases__status__in=OPEN_STATUSES)),
            of_unit=Exists(of_unit),
        )
    )
    conflicts = case_conflict_reasons(case=case, users=officers)
    return [
        OfficerChoice(user=u, open_cases=u.open_cases, conflict=conflicts[u.pk], of_unit=u.of_unit) for u in officers
    ]


@dataclass
class Duplicate:
    case: Case
    reason: str
    visible: bool = False  # the reader may open it; otherwise only its reference and handling unit are shown
    # Only the sender's name matches (neither letter's sender gave a phone or an e-mail): perhaps a
    # namesake's letter, for the officer to compare, never to merge on that alone.
    weak: bool = False


def tree_root_path(unit: Any) -> str:
    """The path of the top of the union tree `unit` belongs to (the provincial federation)."""
    return unit.path[: PATH_SEGMENT_WIDTH + 1]


def case_in_same_tree_q(*, unit: Any) -> Q:
    return Q(unit__path__startswith=tree_root_path(unit))


def case_get_in_user_trees(*, user: Any, pk: int | None = None, reference: str | None = None) -> Case:
    """A case anywhere in the union trees of the user's units, by id or by reference (to link a duplicate
    letter to the one already handled at another level); only its reference and handling unit are shown.
    A case the user is recused from is answered like one that does not exist (404)."""
    roots = {tree_root_path(unit) for unit in user_roots(user=user)}
    match = Q(pk__in=[])
    for root in roots:
        match |= Q(unit__path__startswith=root)
    found = Case.objects.filter(match).exclude(case_recused_q(user=user)).select_related("unit")
    if pk is not None:
        found = found.filter(pk=pk)
    elif reference:
        found = found.filter(reference=reference.strip())
    else:
        found = found.none()
    case = found.first()
    if case is None:
        raise Http404
    return case


def _sender_hidden(letters: tuple[Case, Case], user: Any) -> bool:
    """Whether telling `user` that two letters come from the same sender would tell them who denounced:
    one of them is a denunciation whose identity `user` may not see (Luật Tố cáo 2018 Đ.47)."""
    from casework.cases.permissions import can_reveal_identity

    return any(c.kind == Kind.DENUNCIATION and (user is None or not can_reveal_identity(c, user)) for c in letters)


def _ties_a_denouncer(case: Case, other: Case, user: Any, *, other_readable: bool) -> bool:
    """Whether telling `user` that two letters read alike would name a denouncer they may not learn
    (Luật Tố cáo 2018 Đ.47 khoản 1): one is a denunciation whose identity `user` may not see, and the
    other a complaint or petition whose named sender they read (one they may open): the same text from
    a named sender is the denouncer's own letter under their name. Two denunciations read alike name
    nobody to such a reader (across levels the one letter is linked to the case handling it). Whoever
    checks the letter at intake (`checks_at_intake`) is told: they hold its sender, and linking the one
    letter to the case handling it is theirs (`case_merge`)."""
    from casework.cases.permissions import can_reveal_identity, checks_at_intake

    if user is not None and checks_at_intake(case, user):
        return False

    def secret(letter: Case) -> bool:
        return (
            letter.kind == Kind.DENUNCIATION
            and not letter.is_anonymous
            and (user is None or not can_reveal_identity(letter, user))
        )

    def named(letter: Case, readable: bool) -> bool:
        return readable and letter.kind != Kind.DENUNCIATION and not letter.is_anonymous

    return (secret(case) and named(other, other_readable)) or (secret(other) and named(case, True))


def _sender_named_only(case: Case) -> bool:
    """Whether the letter's sender fingerprint is its sender's name alone (intake's fingerprint of the
    representative, or of the first sender named, who gave no phone nor e-mail): every namesake who
    wrote without a contact has it. Read only for a reader who may see the senders (`_sender_hidden`)."""
    people: list[dict[str, Any]] = [
        dict(row) for row in case.submitters.values("full_name", "phone", "email", "is_representative")
    ]
    if not people:
        identity = DenouncerIdentity.objects.filter(case=case).first()
        if identity is not None:
            try:
                people = [p for p in identity_decrypt(identity.ciphertext, case=case) if isinstance(p, dict)]
            except PersonalDataDestroyed:
                return True
    named = [p for p in people if (p.get("full_name") or "").strip()]
    first = next((p for p in named if p.get("is_representative")), named[0] if named else None)
    return first is None or not fingerprint_has_contact(phone=first.get("phone", ""), email=first.get("email", ""))


def case_duplicates(*, case: Case, user: Any = None) -> list[Duplicate]:
    """Possible duplicates across the whole union tree: the same letter often reaches the grassroots
    union, the sector union and the provincial federation. Same sender and subject unit, or
    near-identical content. Two senders known by the name only (no phone, no e-mail) may be namesakes:
    such a match is a weaker hint, "same name", shown only for a letter the reader may open to compare
    (nothing is merged or linked on it: an officer decides, `case_merge`). Across units a denunciation's
    sender is never named as the reason, and
    the sender is matched only for a reader who may see the identity of every denunciation involved:
    for anyone else a list built from the sender would say who denounced; nor, for them, does a
    denunciation's text match a letter whose sender they read (`_ties_a_denouncer`). A letter the
    reader is recused from is never shown, not even by its reference."""
    since = case.received_on - dt.timedelta(days=DUPLICATE_WINDOW_DAYS)
    candidates = (
        Case.objects.filter(case_in_same_tree_q(unit=case.unit), received_on__gte=since)
        .exclude(pk=case.pk)
        .exclude(status=Status.MERGED)
        .exclude(case_recused_q(user=user))
        .select_related("unit")
        .order_by("-received_on")[:DUPLICATE_CANDIDATES]
    )
    visible = (
        set(case_list(user=user).filter(pk__in=[c.pk for c in candidates]).values_list("pk", flat=True))
        if user
        else set()
    )
    found = []
    named_only: bool | None = None  # read once, when a fingerprint first matches
    for other in candidates:
        elsewhere = other.unit_id != case.unit_id
        secret = elsewhere and Kind.DENUNCIATION in (case.kind, other.kind)
        same_fingerprint = (
            bool(case.submitter_fingerprint)
            and other.submitter_fingerprint == case.submitter_fingerprint
            and other.subject_unit_id == case.subject_unit_id
            and not _sender_hidden((case, other), user)
        )
        if same_fingerprint and named_only is None:
            named_only = _sender_named_only(case)
        # The same fingerprint with a contact in it is the same sender; without one, the same name only.
        same_sender = same_fingerprint and not named_only
        same_name = same_fingerprint and bool(named_only)
        ratio = (
            0.0
            if same_sender
            else difflib.SequenceMatcher(None, case.content.casefold(), other.content.casefold()).ratio()
        )
        # Near-identical texts tie a denunciation to a named letter's sender: never for a reader who may
        # not learn the denouncer (the sender's own match is hidden from them the same way, `_sender_hidden`).
        similar = ratio >= DUPLICATE_RATIO and not _ties_a_denouncer(
            case, other, user, other_readable=other.pk in visible
        )
        # A namesake's letter the reader cannot open is no hint they could check: left out.
        if not (same_sender or similar or (same_name and other.pk in visible)):
            continue
        if secret:
            reason = gettext("Có thể cùng một vụ việc, đang giải quyết ở %(unit)s") % {"unit": other.unit}
        elif same_sender:
            reason = gettext("Cùng người gửi và cùng đơn vị bị khiếu nại, tố cáo")
        elif similar:
            reason = gettext("Nội dung gần giống (%(ratio)s)") % {"ratio": f"{ratio:.0%}"}
        else:
            reason = gettext(
                "Chỉ trùng họ tên người gửi (không có điện thoại, e-mail để đối chiếu) và cùng đơn vị bị khiếu nại, "
                "tố cáo: có thể là người trùng tên, cần đối chiếu trước khi gộp"
            )
        found.append(Duplicate(other, reason, other.pk in visible, weak=not (same_sender or similar)))
    return found


def case_by_receipt_code(*, code: str) -> Case | None:
    """The letter a receipt code names, or None. A malformed code is looked up like any other so that
    every unknown code costs the same (one query) and gets the same answer."""
    case = Case.objects.select_related("unit").filter(receipt_code_hash=receipt_code_hash(code)).first()
    return case if case is not None and receipt_code_is_well_formed(code) else None


def case_status_by_code(*, code: str) -> dict | None:
    """What the public status page may show for a receipt code: the stage, the current step with its
    due date and the unit that handles it (never the person), and dates; nothing else."""
    case = case_by_receipt_code(code=code)
    if case is None:
        return None
    due = None if case.is_final else case_next_due(case=case)
    return {
        "kind": case.get_kind_display(),
        "stage": case.get_status_display(),
        "step": due.step if due else "",
        "step_label": due.step_title if due else "",
        "unit": case.unit.name,
        "open": not case.is_final,
        "received_on": case.received_on,
        "accepted_on": case.accepted_on,
        "decided_on": case.decided_on,
        "notified_on": case.notified_on,
        "closed_on": case.closed_on,
        "due_on": due.due_on if due else None,
    }


def intake_submissions_visible_q(*, user: Any) -> Q:
    """A letter queued through the API is seen by its sender and by the intake staff of its unit
    (and the units above it): the people who answer for its registration."""
    return Q(actor_id=user.pk) | scope_q(user=user, roles=INTAKE_ROLES, prefix="unit__")


def intake_submission_list(*, user: Any, status: str = "") -> QuerySet[IntakeSubmission]:
    submissions = IntakeSubmission.objects.filter(intake_submissions_visible_q(user=user)).select_related("case")
    return submissions.filter(status=status) if status else submissions


def intake_submission_get_for_user(*, user: Any, pk: int) -> IntakeSubmission:
    """The queued letter if the user may see it; 404 otherwise (its existence is not revealed)."""
    submission = intake_submission_list(user=user).filter(pk=pk).first()
    if submission is None:
        raise Http404(gettext("Không tìm thấy đơn."))
    return submission


def submitter_id_number(submitter: Submitter | ComplaintRepresentative) -> str:
    """The identity paper's number a sender (or a complainant's representative) gave, unsealed for a service carrying it over to another
    case (a transfer, a second complaint) or for an export the caller is entitled to; "" when none was
    given or the case's key was destroyed."""
    from casework.cases.identity import PersonalDataDestroyed, identity_decrypt

    if not submitter.id_number_sealed:
        return ""
    try:
        return str(identity_decrypt(submitter.id_number_sealed, case=submitter.case))
    except PersonalDataDestroyed:
        return ""


def submitter_id_numbers(*, case: Case, user: Any) -> dict[int, str]:
    """The identity papers' numbers of the case's senders by submitter id, for whom `can_reveal_identity`
    allows (the one rule for who may see the identity: the intake officer before acceptance, the
    assigned officer, the person who decides, a grant); nothing for anyone else."""
    from casework.cases.permissions import can_reveal_identity

    if case.kind == Kind.DENUNCIATION or not can_reveal_identity(case, user):
        return {}
    return {s.pk: number for s in case.submitters.all() if (number := submitter_id_number(s))}
