"""Sổ văn bản đi / đến: gapless, unique numbers per unit, document kind and year."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, transaction

from casework.audit.models import AuditEvent
from casework.cases.models import Case, Kind
from casework.papers.models import Book, DocKind, IncomingEntry, Paper
from casework.papers.services import paper_cancel, paper_issue, register_take
from core import clock
from core.errors import ValidationFailed
from tests.builders import DECISION_PARTS, accepted, decided, dialogued, explained, registered
from tests.concurrency import at_once


def test_papers_take_consecutive_numbers_per_kind_and_restart_each_year(cast, frozen_clock):
    notices = [
        paper_issue(target=accepted(cast, title=f"Đơn {n}"), key="case.accept", actor=cast.chair) for n in range(3)
    ]
    assert [p.number for p in notices] == [1, 2, 3]
    assert [p.symbol for p in notices] == ["01/TB-UBKT", "02/TB-UBKT", "03/TB-UBKT"]
    # A decision is another kind: its own series; the case's decision number is the register's.
    case = decided(cast)
    decision = Paper.objects.get(target_id=str(case.pk), doc_kind=DocKind.DECISION)
    assert (decision.number, decision.symbol) == (1, "01/QĐ-BTV")
    assert Case.objects.get(pk=case.pk).decision_number == "01/QĐ-BTV"
    # A new year starts again from 1.
    clock.set_now(dt.datetime(2027, 1, 4, 2, 0, tzinfo=dt.UTC))
    paper = paper_issue(target=accepted(cast, title="Đơn năm sau"), key="case.accept", actor=cast.chair)
    assert (paper.year, paper.number) == (2027, 1)


def test_two_decisions_in_the_same_unit_and_year_take_consecutive_numbers_and_their_events_carry_them(
    cast, frozen_clock
):
    first, second = decided(cast, title="Đơn một"), decided(cast, title="Đơn hai")
    assert (first.decision_number, second.decision_number) == (registered(1), registered(2))
    for case in (first, second):
        event = AuditEvent.objects.get(action="case.decide", target_id=str(case.pk))
        assert event.after["decision_number"] == case.decision_number
        assert Paper.objects.get(target_id=str(case.pk), doc_kind=DocKind.DECISION).symbol == case.decision_number
    # A conclusion on a denunciation is another kind of paper: its own series from 1.
    assert decided(cast, kind=Kind.DENUNCIATION).decision_number == registered(1, doc_kind="KL")


def test_numbers_typed_by_hand_before_are_never_handed_out_again(cast, frozen_clock):
    """Decisions numbered by hand before the register numbered them keep their numbers: the
    register's counter moves past them, per kind."""
    from importlib import import_module

    from django.apps import apps

    legacy = decided(cast, title="Đơn cũ")
    Case.objects.filter(pk=legacy.pk).update(decision_number="07/QĐ-CĐN")
    old_conclusion = decided(cast, kind=Kind.DENUNCIATION, title="Tố cáo cũ")
    Case.objects.filter(pk=old_conclusion.pk).update(decision_number="4/KL")
    import_module("casework.cases.migrations.0013_decision_numbers_from_register").counters_past_typed_numbers(
        apps, None
    )
    assert decided(cast, title="Đơn mới").decision_number == registered(8)
    assert decided(cast, kind=Kind.DENUNCIATION, title="Tố cáo mới").decision_number == registered(5, doc_kind="KL")


def test_a_cancelled_decision_keeps_its_number_and_the_reissue_renumbers_the_case(cast, frozen_clock):
    case = decided(cast)
    paper = Paper.objects.get(target_id=str(case.pk), doc_kind=DocKind.DECISION)
    paper_cancel(paper=paper, actor=cast.chair, reason="Sai tên người khiếu nại")
    again = paper_issue(target=case, key="case.decision", actor=cast.chair)
    register = list(Paper.objects.filter(unit=cast.sector, doc_kind=DocKind.DECISION).values_list("symbol", "status"))
    assert sorted(register) == [(registered(1), Paper.Status.CANCELLED), (registered(2), Paper.Status.ISSUED)]
    assert Case.objects.get(pk=case.pk).decision_number == again.symbol == registered(2)


def test_a_cancelled_paper_keeps_its_number_and_the_reissue_takes_the_next(cast, frozen_clock):
    case = accepted(cast)
    first = paper_issue(target=case, key="case.accept", actor=cast.chair)
    with pytest.raises(ValidationFailed) as refused:
        paper_issue(target=case, key="case.accept", actor=cast.chair)
    assert "01/TB-UBKT" in str(refused.value.fields["key"][0])
    with pytest.raises(ValidationFailed) as no_reason:
        paper_cancel(paper=first, actor=cast.chair, reason="  ")
    assert "reason" in no_reason.value.fields
    paper_cancel(paper=first, actor=cast.chair, reason="Sai địa chỉ người nhận")
    with pytest.raises(ValidationFailed):
        paper_cancel(paper=first, actor=cast.chair, reason="Lần nữa")
    second = paper_issue(target=case, key="case.accept", actor=cast.chair)
    register = list(Paper.objects.filter(unit=cast.sector).order_by("number").values_list("number", "status"))
    assert register == [(1, Paper.Status.CANCELLED), (2, Paper.Status.ISSUED)]
    assert second.symbol == "02/TB-UBKT"
    assert AuditEvent.objects.filter(action="paper.cancel", target_id=str(first.pk)).count() == 1


def test_a_paper_the_case_cannot_have_yet_is_refused_and_takes_no_number(cast, frozen_clock):
    case = accepted(cast)
    with pytest.raises(ValidationFailed) as refused:
        paper_issue(target=case, key="case.decision", actor=cast.chair)
    assert "key" in refused.value.fields
    assert paper_issue(target=case, key="case.accept", actor=cast.chair).number == 1


def test_a_rolled_back_issue_gives_its_number_back(cast, frozen_clock):
    case = accepted(cast)
    with pytest.raises(RuntimeError), transaction.atomic():
        paper_issue(target=case, key="case.accept", actor=cast.chair)
        raise RuntimeError("the surrounding step failed")
    assert paper_issue(target=case, key="case.accept", actor=cast.chair).number == 1


def test_sequential_issuers_get_every_number_once(cast, frozen_clock):
    numbers = []
    for _ in range(16):
        with transaction.atomic():
            numbers.append(register_take(unit=cast.hospital, book=Book.OUTGOING, doc_kind=DocKind.NOTICE, year=2026))
    assert numbers == list(range(1, 17))


def test_letters_are_numbered_in_the_incoming_register_at_intake(cast, frozen_clock):
    first = accepted(cast, title="Đơn một")
    second = accepted(cast, kind=Kind.DENUNCIATION, title="Đơn hai")
    entries = list(IncomingEntry.objects.filter(unit=cast.sector).order_by("number"))
    assert [(e.number, e.case_id) for e in entries] == [(1, first.pk), (2, second.pk)]
    from tests.builders import intake

    other = intake(cast.intake, cast.hospital, title="Đơn đơn vị khác")
    assert IncomingEntry.objects.get(case=other).number == 1


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_sixteen_officers_issuing_at_once_get_sixteen_consecutive_numbers(cast, frozen_clock):
    cases = [accepted(cast, title=f"Đơn {n}") for n in range(16)]

    def issue(case):
        return lambda: paper_issue(target=case, key="case.accept", actor=cast.chair).number

    outcomes = at_once(*(issue(c) for c in cases))
    assert sorted(outcomes) == list(range(1, 17)), outcomes
    assert Paper.objects.filter(unit=cast.sector).count() == 16
    assert AuditEvent.objects.filter(action="paper.issue").count() == 16


def _approved(cast, title: str) -> Case:
    from casework.cases.models import Outcome
    from casework.cases.services import case_approve, case_assign, case_propose, case_start_verification

    case = case_assign(case=accepted(cast, title=title), actor=cast.chair, assignee=cast.officer)
    case = case_start_verification(case=case, actor=cast.officer)
    case = dialogued(case, cast.officer)
    case = explained(case, cast.officer)
    case = case_propose(case=case, actor=cast.officer, proposal="Đúng một phần.", outcome=Outcome.PARTLY)
    return case_approve(case=case, actor=cast.leader)


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_sixteen_decisions_and_terminations_at_once_share_the_register_without_gap_or_duplicate(cast, frozen_clock):
    """Decisions on complaints and termination decisions are the same kind (QĐ) in the same unit
    and year: signed at once, they take the numbers 1 to 16 between them, each once."""
    from casework.cases.services import case_decide, case_terminate

    approved = [_approved(cast, f"Đơn quyết định {n}") for n in range(8)]
    to_end = [accepted(cast, title=f"Đơn đình chỉ {n}") for n in range(8)]

    def decide(case):
        return lambda: (
            case_decide(
                case=case, actor=cast.officer, **DECISION_PARTS, decision_text="Đúng một phần.", outcome="partly"
            ).decision_number
        )

    def terminate(case):
        return lambda: case_terminate(case=case, actor=cast.leader, ground="court").decision_number

    outcomes = at_once(*(decide(c) for c in approved), *(terminate(c) for c in to_end))
    assert sorted(outcomes) == [registered(n) for n in range(1, 17)], outcomes
    papers = Paper.objects.filter(unit=cast.sector, doc_kind=DocKind.DECISION)
    assert sorted(papers.values_list("number", flat=True)) == list(range(1, 17))
    stored = Case.objects.filter(pk__in=[c.pk for c in approved + to_end]).values_list("decision_number", flat=True)
    assert sorted(stored) == sorted(outcomes)


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_sixteen_intakes_at_once_fill_the_incoming_register_without_gaps(cast, frozen_clock):
    from tests.builders import intake

    outcomes = at_once(*(lambda n=n: intake(cast.intake, cast.hospital, title=f"Đơn {n}").pk for n in range(16)))
    assert all(isinstance(o, int) for o in outcomes), outcomes
    numbers = sorted(IncomingEntry.objects.filter(unit=cast.hospital).values_list("number", flat=True))
    assert numbers == list(range(1, 17))


def test_the_registers_hide_a_case_from_the_person_it_is_about(cast, frozen_clock, make_case):
    """Recusal: the person complained about does not find the case's letter in the registers."""
    from casework.papers.selectors import incoming_register

    case = make_case(subject_user=cast.leader)
    assert case.pk in [e.case_id for e in incoming_register(user=cast.chair)]
    assert case.pk not in [e.case_id for e in incoming_register(user=cast.leader)]


def test_the_api_schema_offers_decision_number_only_read_only(tmp_path):
    """No request body of the API takes a decision number; every response that shows one marks it read-only."""
    import json

    from django.core.management import call_command

    out = tmp_path / "schema.json"
    call_command("spectacular", "--format", "openapi-json", "--file", str(out))
    schemas = json.loads(out.read_text())["components"]["schemas"]
    showing = {
        name: s["properties"]["decision_number"]
        for name, s in schemas.items()
        if "decision_number" in s.get("properties", {})
    }
    assert {"CaseDetail", "Inspection", "Discipline"} <= set(showing), sorted(showing)
    assert [name for name in showing if name.endswith("Request")] == []
    assert all(field.get("readOnly") for field in showing.values()), showing
