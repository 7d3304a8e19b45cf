"""Registries that let domain apps plug their objects into escalation and the deadline sweep (whose
reminders and breach notices name the target and reach its audience through them).

The workflows app knows nothing about cases, flags or inspections. Each domain app registers,
from its AppConfig.ready(), for its target type ("app_label.model_name", as `target_ref` returns):

- an escalation handler: applies a leadership decision to the target through the app's own
  services. Called INSIDE the decision's transaction:
  `handler(*, escalation, decision, actor, reason, new_due_on, discipline) -> None`.
  Raising (ValidationFailed, TransitionNotAllowed…) rolls the whole decision back. For "extend"
  the handler may move the target's clock itself (its service knows the legal limits); after it
  returns, workflows makes sure the breached clock ends on `new_due_on`, counted once. For
  "refer" to the superior union the escalation is still pending (at the parent's level);
- a summary function (optional): `fn(target_id: str) -> {"title", "url", "unit"}` for the
  leadership queue and the home page, with optionally its bulk form `many(target_ids) -> {id:
  summary}` so a list of N targets costs one query per target type instead of N. Registered
  `per_reader`, it is called `fn(target_id, reader=user)`: the summary as that reader may read it
  (None: a notice or an e-mail, read by whoever it reaches; e.g. a denunciation's measure names its
  case only to readers of the case);
- a decision-refusals function (optional): `fn(escalation) -> {decision: reason}`, the decisions
  the target's own services would refuse now (e.g. "extend" on a complaint, which the law never
  extends). The decision form, the API's `allowed_decisions` and `escalation_decide` all read it,
  so nothing is offered that the service refuses;
- a decider-refusals function (optional): `fn(escalation, user) -> {decision: reason}`, the
  decisions the target's own services refuse to that user (one conflicted with the unit concerned,
  recused from the case); the page's form, the API's `allowed_actions` and `allowed_decisions` and
  `escalation_decide` all read it, and "decide" is not offered to one refused every decision; with
  optionally its bulk form `many(escalations, users) -> {(escalation pk, user pk): {decision: reason}}`,
  of which `fn` is the answer for one pair: the leadership queue names who decides each row with it;
- a target-refusal function (optional): `fn(escalation, *, decision, actor, new_due_on, discipline)
  -> ApplicationError | None`, the refusal the handler itself would raise for this decision as given
  (e.g. a discipline proposal while one waits for the ballot, a denunciation's new due day past the
  Đ.30 cap), or None. The handler raises what it returns, under its own lock; `escalation_decide_check`
  reads it before the page asks the leader to confirm, and `escalation_decide` before calling the
  handler, so a decision the target refuses is refused before it is confirmed, by the one rule. Asked
  with `new_due_on` and `discipline` None (not chosen yet), it returns the refusal that holds whatever
  they will be (a proposal waiting for the ballot), never one for their absence (the decision's own
  checks require them): the decisions offered (`escalation_decision_refusals`) read it so, and "decide"
  is not offered to a leader every decision is refused to, by it or by the refusals above;
- a ground-refusals function (optional): `fn(escalation) -> {ground: reason}`, the end grounds
  (EndGround) that are not true of the target now (e.g. "subject dissolved" while its unit is
  active); the decision form, the API's `allowed_grounds` and `escalation_decide` all read it;
- an ending-errors function (optional): `fn(escalation, *, ground, actor, merged_into, referred_body,
  referral_ref) -> {field: reason}`, what an ending on that ground must name and does not (a flag
  merged names the flag or inspection it was merged into, one the leader may read; referred names
  the authority and the referral paper); `escalation_decide_check` and `escalation_decide` read it
  with the decision's other field errors, and the handler's service refuses the same under its lock;
- decision echoes (optional): the actions of the target's own audit events that repeat a leadership
  decision's reason and details where the target's page shows them nowhere else (a flag's extension),
  each naming its escalation in `after["escalation"]`: a reader who may not open that escalation reads
  them without their reason and values, as the escalation's own events
  (workflows.selectors.escalation_events_unread);
- an excluded-people function (optional): `fn(target_id) -> set of user ids` never told about that
  target (e.g. whoever is recused from the case it belongs to). Nobody sees an escalation about a case
  they are recused from, or about what belongs to it: the one rule of casework.cases.recusal
  (case_own_objects_recused_q), which workflows.selectors.escalation_list_for_user applies.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

log = logging.getLogger(__name__)

EscalationHandler = Callable[..., None]
SummaryFn = Callable[..., dict]
SummariesFn = Callable[[list[str]], dict[str, dict]]
DeciderRefusalsMany = Callable[[list[Any], list[Any]], dict[tuple[int, int], dict[str, str]]]

_escalation_handlers: dict[str, EscalationHandler] = {}
_summaries: dict[str, SummaryFn] = {}
_bulk_summaries: dict[str, SummariesFn] = {}
_per_reader: set[str] = set()
_excluded_people: dict[str, Callable[[str], set[int]]] = {}
_decision_refusals: dict[str, Callable[[Any], dict[str, str]]] = {}
_ground_refusals: dict[str, Callable[[Any], dict[str, str]]] = {}
_decider_refusals: dict[str, Callable[[Any, Any], dict[str, str]]] = {}
_bulk_decider_refusals: dict[str, DeciderRefusalsMany] = {}
_ending_errors: dict[str, Callable[..., dict[str, str]]] = {}
_target_refusals: dict[str, Callable[..., Any]] = {}
_return_due: dict[str, Callable[[Any], Any]] = {}
_text_masks: dict[str, Callable[[str, str], str]] = {}
_decision_echoes: dict[str, frozenset[str]] = {}


def register_escalation_handler(target_type: str, handler: EscalationHandler) -> EscalationHandler:
    _escalation_handlers[target_type] = handler
    return handler


def register_escalation_summary(
    target_type: str, fn: SummaryFn, *, many: SummariesFn | None = None, per_reader: bool = False
) -> SummaryFn:
    _summaries[target_type] = fn
    if per_reader:
        _per_reader.add(target_type)
    else:
        _per_reader.discard(target_type)
    if many is None:
        _bulk_summaries.pop(target_type, None)  # a stale bulk form must not outlive its single form
    else:
        _bulk_summaries[target_type] = many
    return fn


def register_decision_refusals(target_type: str, fn: Callable[[Any], dict[str, str]]) -> None:
    """`fn(escalation)` returns {decision: why the target's services refuse it now}."""
    _decision_refusals[target_type] = fn


def decision_refusals(escalation: Any) -> dict[str, str]:
    """The decisions the escalation's target refuses now, with the reason its service gives."""
    fn = _decision_refusals.get(escalation.target_type)
    return dict(fn(escalation)) if fn is not None else {}


def register_decider_refusals(
    target_type: str, fn: Callable[[Any, Any], dict[str, str]], *, many: DeciderRefusalsMany | None = None
) -> None:
    """`fn(escalation, user)` returns {decision: why the target's services refuse it to that user}; its bulk
    form `many(escalations, users)` returns them for each pair ((escalation pk, user pk) → {decision: why})
    in a number of queries that does not grow with them (`fn` is then its answer for one pair)."""
    _decider_refusals[target_type] = fn
    if many is None:
        _bulk_decider_refusals.pop(target_type, None)
    else:
        _bulk_decider_refusals[target_type] = many


def decider_refusals(escalation: Any, user: Any) -> dict[str, str]:
    """The decisions the escalation's target refuses to `user` now, with the reason its service gives."""
    fn = _decider_refusals.get(escalation.target_type)
    return dict(fn(escalation, user)) if fn is not None else {}


def decider_refusals_many(escalations: list[Any], users: list[Any]) -> dict[tuple[int, int], dict[str, str]]:
    """`decider_refusals` for each escalation and each user ((escalation pk, user pk) → {decision: why}): by
    each target type's bulk form, one pair at a time for a type registered without one."""
    by_type: dict[str, list[Any]] = defaultdict(list)
    for escalation in escalations:
        by_type[escalation.target_type].append(escalation)
    found: dict[tuple[int, int], dict[str, str]] = {}
    for target_type, group in by_type.items():
        many = _bulk_decider_refusals.get(target_type)
        if many is not None:
            answers = many(group, users)
            found.update({(e.pk, u.pk): dict(answers.get((e.pk, u.pk), {})) for e in group for u in users})
        else:
            found.update({(e.pk, u.pk): decider_refusals(e, u) for e in group for u in users})
    return found


def register_target_refusal(target_type: str, fn: Callable[..., Any]) -> None:
    """`fn(escalation, *, decision, actor, new_due_on, discipline)` returns the error the target's handler
    raises for that decision (ApplicationError), or None when the handler takes it."""
    _target_refusals[target_type] = fn


def target_refusal(
    escalation: Any, *, decision: str, actor: Any, new_due_on: Any = None, discipline: str | None = None
) -> Any:
    """The error the escalation's target handler raises for `decision` as given, or None."""
    fn = _target_refusals.get(escalation.target_type)
    if fn is None:
        return None
    return fn(escalation, decision=decision, actor=actor, new_due_on=new_due_on, discipline=discipline)


def register_ground_refusals(target_type: str, fn: Callable[[Any], dict[str, str]]) -> None:
    """`fn(escalation)` returns {end ground: why it is not true of the target now}. Registering it is
    how a target type says leadership may end it on an end ground (`takes_end_grounds`)."""
    _ground_refusals[target_type] = fn


def takes_end_grounds(target_type: str) -> bool:
    """Whether "approve" may end a target of this type without its procedure on an end ground (a flag
    ended without an inspection); for any other target (a case, a supervision) approving takes none."""
    return target_type in _ground_refusals


def ground_refusals(escalation: Any) -> dict[str, str]:
    """The end grounds the escalation's target refuses now, with the reason its app gives."""
    fn = _ground_refusals.get(escalation.target_type)
    return dict(fn(escalation)) if fn is not None else {}


def register_ending_errors(target_type: str, fn: Callable[..., dict[str, str]]) -> None:
    """`fn(escalation, *, ground, actor, merged_into, referred_body, referral_ref)` returns {field: why
    the ending on `ground` does not name what it must}."""
    _ending_errors[target_type] = fn


def ending_errors(
    escalation: Any, *, ground: str, actor: Any, merged_into: str, referred_body: str, referral_ref: str
) -> dict[str, str]:
    """{field: why} for what an ending of the escalation's target on `ground` must name, as its app says."""
    fn = _ending_errors.get(escalation.target_type)
    if fn is None or not ground:
        return {}
    return dict(
        fn(
            escalation,
            ground=ground,
            actor=actor,
            merged_into=merged_into,
            referred_body=referred_body,
            referral_ref=referral_ref,
        )
    )


def register_return_due_on(target_type: str, fn: Callable[[Any], Any]) -> None:
    """`fn(escalation)` returns the due day a "return" decision would set on the target now (the
    target's own clock rule), or None when returning it sets no new clock."""
    _return_due[target_type] = fn


def return_due_on(escalation: Any) -> Any:
    fn = _return_due.get(escalation.target_type)
    return fn(escalation) if fn is not None else None


def register_decision_echoes(target_type: str, actions: Iterable[str]) -> None:
    """The actions of the target's events that repeat a decision on one of its escalations (see above)."""
    _decision_echoes[target_type] = frozenset(actions)


def decision_echoes(target_type: str) -> frozenset[str]:
    return _decision_echoes.get(target_type, frozenset())


def decision_echoes_q() -> Any:
    """`decision_echoes` of every target type, as a filter over audit events (matches nothing when none)."""
    from django.db.models import Q

    q = Q(pk__in=[])
    for target_type, actions in _decision_echoes.items():
        q |= Q(target_type=target_type, action__in=sorted(actions))
    return q


def register_text_mask(target_type: str, fn: Callable[[str, str], str]) -> None:
    """`fn(target_id, text)`: `text` as it may be stored and shown about that target (e.g. a
    denunciation's texts through its masks, Luật Tố cáo 2018 Đ.47)."""
    _text_masks[target_type] = fn


def target_text_masked(target_type: str, target_id: Any, text: str) -> str:
    """A reason or proposal typed about the target, through the target app's mask (as typed when none)."""
    fn = _text_masks.get(target_type)
    return fn(str(target_id), text) if fn is not None and text else text


def register_target_excluded_people(target_type: str, fn: Callable[[str], set[int]]) -> None:
    _excluded_people[target_type] = fn


def target_excluded(target_type: str, target_id: Any) -> set[int]:
    """The people the target's app says are never told about it (recused)."""
    fn = _excluded_people.get(target_type)
    return fn(str(target_id)) if fn is not None else set()


def target_audience(target_type: str, target_id: Any, users: Iterable[Any]) -> tuple[list[Any], set[int]]:
    """`users` less the people never told about the target, and those people (`target_excluded`):
    pass both to `notify` (`users=`, `never=`) so that nobody excluded is told as a stand-in either."""
    excluded = target_excluded(target_type, target_id)
    return [u for u in users if u is not None and u.pk not in excluded], excluded


def escalations_about(about: Any) -> Any:
    """The escalations whose target matches `about` (a Q over target_type, target_id), as text ids: the
    clocks and events recorded about an escalation name it so (casework.cases.recusal.register_records_about)."""
    from django.db.models import CharField
    from django.db.models.functions import Cast

    from workflows.models import Escalation

    return Escalation.objects.filter(about).annotate(ref=Cast("pk", CharField())).values("ref")


def escalation_handler_for(target_type: str) -> EscalationHandler | None:
    return _escalation_handlers.get(target_type)


def target_summary(target_type: str, target_id: str, *, reader: Any = None) -> dict[str, Any]:
    """The registered summary of a target, or a plain fallback; never raises (it feeds list pages).
    `reader`: the user the page shows it to (None: a notice, an e-mail, whoever reads it). Its "subject"
    is the object's line on the home page, the one its own list there writes (its title when it has none)."""
    fn = _summaries.get(target_type)
    if fn is not None:
        try:
            summary = (fn(str(target_id), reader=reader) if target_type in _per_reader else fn(str(target_id))) or {}
        except Exception:  # noqa: BLE001 - a broken summary must not break the leadership queue
            log.exception("escalation summary for %s:%s failed", target_type, target_id)
            summary = {}
    else:
        summary = {}
    return _filled(summary, target_type, str(target_id))


def _filled(summary: dict[str, Any], target_type: str, target_id: str) -> dict[str, Any]:
    title = summary.get("title") or f"{target_type} #{target_id}"
    return {**summary, "title": title, "subject": summary.get("subject") or title, "url": summary.get("url") or ""}


def target_summaries(
    targets: Iterable[tuple[str, str]], *, reader: Any = None
) -> dict[tuple[str, str], dict[str, Any]]:
    """Summaries of many targets, keyed by (target_type, str(target_id)), as `reader` may read them
    (target_summary); never raises.

    Types with a bulk form are read in one call; the others, and ids the bulk form did not
    return, fall back to `target_summary` one by one.
    """
    wanted: dict[str, list[str]] = defaultdict(list)
    for target_type, target_id in targets:
        if str(target_id) not in wanted[target_type]:
            wanted[target_type].append(str(target_id))
    result: dict[tuple[str, str], dict[str, Any]] = {}
    for target_type, ids in wanted.items():
        found: dict[str, dict] = {}
        many = _bulk_summaries.get(target_type)
        if many is not None and target_type not in _per_reader:
            try:
                found = many(ids) or {}
            except Exception:  # noqa: BLE001 - same contract as target_summary: lists must still render
                log.exception("bulk escalation summaries for %s failed", target_type)
        for target_id in ids:
            summary = found.get(target_id)
            if summary is None:
                result[(target_type, target_id)] = target_summary(target_type, target_id, reader=reader)
            else:
                result[(target_type, target_id)] = _filled(summary, target_type, target_id)
    return result


def escalation_own_summary(target_id: str) -> dict[str, Any]:
    """An escalation as the target of its own clock (its leadership's decision, ESCALATION_TARGET): the line
    its reminders and its clock's rows read, naming what it brings to leadership (that target's summary,
    worded for whoever reads a notice), linked to the escalation's page."""
    from django.urls import reverse
    from django.utils.translation import gettext

    from workflows.models import Escalation

    escalation = Escalation.objects.filter(pk=int(target_id)).first() if str(target_id).isdigit() else None
    if escalation is None:
        return {}
    about = target_summary(escalation.target_type, escalation.target_id)
    title = gettext("Đề xuất lên lãnh đạo về %(title)s") % {"title": about["title"]}
    return {
        "title": title,
        "subject": title,
        "url": reverse("workflows:detail", args=[escalation.pk]),
        "reference": about.get("reference", ""),
    }
